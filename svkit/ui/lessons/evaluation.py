"""The workshop evaluation (notebooks/00-evaluation.ipynb): the same ratings at the start and at the end,
then two open questions. The questions are data/sessions/evaluation.yaml; the console sums the room up.

Domain module: ``svkit.evaluation``. Data folder: ``data/sessions/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import evaluation
from svkit.ui.kit import Page, esc, feedback_area, live_note, message, say
from svkit.ui.kit.app import FunctionApp

LABEL = "00-evaluation"
WIDE = {"description_width": "initial"}
PHASE_TITLES = {"before": "Before we start", "after": "At the end"}
PHASE_WORDS = {"before": "At the start", "after": "At the end"}

BRIEF = """
<h2>How this works</h2>
<p>Your trainer will ask you to open this page twice: once as the workshop begins, and again in its last
few minutes. Each time, answer the same four questions, choosing a number on the scale. There are no right
answers: say how you feel now. At the end there are two questions to answer in your own words.</p>
<p>Your answers are saved as you go, and you can change them. Your trainer sees how the room answered;
on the shared screen the room's figures never show names, and your written answers appear there only if
your trainer chooses to show them, without your name.</p>
"""


def phase_questions(table: evaluation.Form, phase: str
                    ) -> tuple[dict[str, widgets.RadioButtons], list[widgets.Widget]]:
    """One radio group per rating question for ``phase`` ('before' or 'after'); saved as ``phase:question``."""
    scale = table.scale
    options = [(f"{v}: {scale.labels[v]}", v) for v in range(scale.min, scale.max + 1)]
    radios: dict[str, widgets.RadioButtons] = {}
    blocks: list[widgets.Widget] = []
    for n, q in enumerate(table.questions, start=1):
        radio = widgets.RadioButtons(options=options, value=None, style=WIDE,
                                     description=f"{PHASE_WORDS[phase]}, question {n}")
        radios[q.id] = radio
        blocks.append(widgets.VBox([widgets.HTML(f"<h3>{n}. {esc(q.text)}</h3>"), radio]))
    return radios, blocks


def progress_html(table: evaluation.Form, phase: str, chosen: dict[str, int]) -> str:
    """How many of a phase's questions are answered, and which are still to do, in words."""
    total = len(table.questions)
    left = [str(n) for n, q in enumerate(table.questions, start=1) if q.id not in chosen]
    if not left:
        return message(f"All {total} answered. Thank you.", "ok")
    if len(left) == total:
        return message(f"None of the {total} questions answered yet.", "info")
    return message(f"{total - len(left)} of {total} answered. Still to answer: question{'s' if len(left) > 1 else ''} "
                   f"{', '.join(left)}.", "info")


def change_html(table: evaluation.Form, before: dict[str, int], after: dict[str, int]) -> str:
    """The participant's own start and end answers side by side, once both are given for a question."""
    both = [(n, q) for n, q in enumerate(table.questions, start=1) if q.id in before and q.id in after]
    if not both:
        return "<p>Once you have answered a question both times, your two answers appear here side by side.</p>"
    from svkit.ui.kit import table as html_table  # here: another change edits this module's imports

    rows = []
    for n, q in both:
        b, a = before[q.id], after[q.id]
        moved = "the same" if a == b else (f"up {a - b}" if a > b else f"down {b - a}")
        rows.append((f"{n}. {q.text}", b, a, moved))
    return html_table(f"Your answers at the start and at the end ({table.scale_words})",
                      ["Question", "Start", "End", "Change"], rows)


def build_evaluation(page: Page | None = None) -> widgets.VBox:
    """Ratings before and after on the form's scale, the open questions, and the participant's own change."""
    table = evaluation.form()
    page = page or Page(LABEL)
    radios: dict[str, dict[str, widgets.RadioButtons]] = {}
    progress: dict[str, widgets.HTML] = {}
    parts: list[widgets.Widget] = [widgets.HTML(BRIEF)]
    for phase in evaluation.PHASES:
        radios[phase], blocks = phase_questions(table, phase)
        progress[phase] = feedback_area()
        intro = ("Answer these as the workshop begins." if phase == "before" else
                 "Answer these in the workshop's last few minutes: the same questions as at the start.")
        parts += [widgets.HTML(f"<h2>{PHASE_TITLES[phase]}</h2><p>{intro} Scale: {esc(table.scale_words)}.</p>"),
                  *blocks, progress[phase]]
    texts: dict[str, widgets.Textarea] = {}
    notes: dict[str, widgets.HTML] = {}
    open_parts: list[widgets.Widget] = []
    for q in table.open:
        box = widgets.Textarea(description=q.text, placeholder="Optional. Saved as you type.", style=WIDE,
                               layout=widgets.Layout(width="100%", height="5rem"))
        texts[q.id] = box
        notes[q.id] = feedback_area()
        open_parts += [box, notes[q.id]]
    if open_parts:
        parts += [widgets.HTML("<h2>In your own words (at the end)</h2>"), *open_parts]
    mine = widgets.HTML()
    live = live_note()
    parts += [widgets.HTML("<h2>Your change</h2>"), live, mine]

    def chosen(phase: str) -> dict[str, int]:
        return evaluation.ratings({k: w.value for k, w in radios[phase].items()}, table)

    def update() -> dict:
        before, after = chosen("before"), chosen("after")
        for phase, answers in (("before", before), ("after", after)):
            progress[phase].value = progress_html(table, phase, answers)
        written = {}
        for qid, box in texts.items():
            text = box.value.strip()
            if len(text) > evaluation.OPEN_LIMIT:
                notes[qid].value = message(
                    f"That is {len(text):,} characters. It is all saved for you, but your trainer sees only the "
                    f"first {evaluation.OPEN_LIMIT:,}: please shorten it.", "warn")
            else:
                notes[qid].value = ""
            if text:
                written[qid] = text[:evaluation.OPEN_LIMIT]
        mine.value = change_html(table, before, after)
        return {"before": before, "after": after, "open": written, "answered_before": len(before),
                "answered_after": len(after), "of": len(table.questions)}

    def announce(summary: dict) -> None:
        say(live, f"{summary['answered_before']} of {summary['of']} answered at the start, "
                  f"{summary['answered_after']} at the end.")

    inputs = {f"{phase}:{qid}": radio for phase in evaluation.PHASES for qid, radio in radios[phase].items()}
    FunctionApp(page, {**inputs, **{f"open:{qid}": box for qid, box in texts.items()}}, update,
                problem=progress["after"], on_change=announce)
    return page.app(*parts)
