"""Exercise 3-2: the pathway explorer.

Domain module: ``svkit.pathways``. Data folder: ``data/pathways/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import pathways
from svkit.ui.kit import legal_notice, WIDE, brief, Page, esc, guarded, message
from svkit.ui.kit.app import FunctionApp

LABEL = "3-2"
NONE = ""
TOP = 3


def route_html(rank: int, r: pathways.Recommendation, expanded: bool) -> str:
    overlay = " <em>(an overlay: it can sit on top of any other route)</em>" if r.overlay else ""
    supports = "".join(f"<li>{esc(s)}</li>" for s in r.supports) or "<li>None of your answers.</li>"
    opposes = "".join(f"<li>{esc(s)}</li>" for s in r.opposes) or "<li>None of your answers.</li>"
    case = f"<p><strong>Case study:</strong> {esc(r.case_study)}</p>" if r.case_study else ""
    law = f"<p><strong>Under the law:</strong> {esc(r.law)}</p>" if r.law else ""
    body = (f"<p>{esc(r.purpose)}</p>{law}<p><strong>Supports it:</strong></p><ul>{supports}</ul>"
            f"<p><strong>Counts against it:</strong></p><ul>{opposes}</ul>{case}"
            f"<p><strong>Read next:</strong> {esc(r.read_next)}</p>")
    summary = f"{rank}. {esc(r.name)} (score {r.score:+d}){overlay}"
    return (f'<li class="svkit-route"><details{" open" if expanded else ""}><summary>{summary}</summary>'
            f"{body}</details></li>")


def build_pathway_explorer(page: Page | None = None) -> widgets.VBox:
    """Ten questions in, thirteen routes ranked out, with reasons."""
    page = page or Page(LABEL)
    table = pathways.questions()
    cases = pathways.cases().cases
    start = widgets.Dropdown(options=[("My own situation", NONE)] + [(c.name, c.id) for c in cases], value=NONE,
                             description="Start from", style=WIDE, layout=widgets.Layout(width="36rem"))
    situation = widgets.Textarea(description="The situation", placeholder="Optional; saved as you type.", style=WIDE,
                                 layout=widgets.Layout(width="100%", height="4rem"))
    pickers: dict[str, widgets.RadioButtons] = {}
    rows = []
    for n, q in enumerate(table.questions, start=1):
        pickers[q.id] = widgets.RadioButtons(
            options=[(table.answer_labels[a], a) for a in q.answers], value=pathways.UNSURE,
            description=f"Question {n}", style=WIDE)
        rows.append(widgets.VBox([widgets.HTML(f"<h3>{n}. {esc(q.text)}</h3>"), pickers[q.id]]))
    result = widgets.HTML()
    result.add_class("svkit-status")
    notes = widgets.Textarea(description="What I would need to find out", placeholder="Saved as you type.",
                             style=WIDE, layout=widgets.Layout(width="100%", height="5rem"))

    def draw() -> dict:
        answers = {qid: w.value for qid, w in pickers.items()}
        ranked = pathways.recommend(answers)
        known = sum(a != pathways.UNSURE for a in answers.values())
        intro = (message("Answer some questions to rank the routes; for now every route scores 0.", "info")
                 if known == 0 else f"<p>Ranked on {known} of {len(answers)} answers. The top {TOP} are open.</p>")
        items = "".join(route_html(i, r, i <= TOP) for i, r in enumerate(ranked, start=1))
        result.value = f"<h2>The routes, best fit first</h2>{intro}<ol class=\"svkit-plain\">{items}</ol>"
        return {"answers": answers, "top": [r.route_id for r in ranked[:TOP]], "start": start.value}

    explorer = FunctionApp(page, {f"q:{qid}": w for qid, w in pickers.items()}, draw,
                           saved_only={"start": start, "situation": situation, "notes": notes}, problem=result)

    @guarded(page, result)
    def fill_from_case(change):
        case = next((c for c in cases if c.id == change["new"]), None)
        if case is None:
            return
        explorer.set_values({f"q:{qid}": case.answers.get(qid, pathways.UNSURE) for qid in pickers})  # one redraw

    start.observe(fill_from_case, names="value")  # after restoring, so a reload keeps the participant's answers
    return page.app(widgets.HTML(legal_notice()), widgets.HTML(brief(LABEL)), start, situation,
                    widgets.HTML("<h2>Ten questions</h2>"), *rows, result,
                    widgets.HTML("<h2>Next steps</h2>"), notes)
