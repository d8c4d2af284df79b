"""Exercise 4-3: assess a supplier framework against the five pillars for the common good."""

from __future__ import annotations

import ipywidgets as widgets

from svkit import commongood, content
from svkit.ui.common import Page, esc, feedback_area, guarded, live_note, message, record_downloads, say

LABEL = "4-3"
WIDE = {"description_width": "initial"}
EXAMPLE, OWN = "example", "own"

BRIEF = """
<h2>Brief</h2>
<p>Most public sector purchasing frameworks are built to give an easy, efficient route to market.
Where they include social value, it is usually an 'added value' offer that does not test the
relational qualities that matter in complex services. The toolkit recommends that the CCIN explore
a Common Good supplier framework built on collaborative commissioning principles, and points to
Mariana Mazzucato's five pillars for the common good as its frame. (Source: CCIN Social Value
Toolkit (2025), section 4, 'Prototype: 'Common Good' Procurement Framework based on collaborative
commissioning principles'.)</p>
<h2>Task</h2>
<p>Choose the library example (a conventional 'added value' dynamic purchasing system) or a
framework you know. For each pillar, read the prompts, give a score from 0 (absent) to 4 (designed
in) and say why. The suggestions for the weak pillars come from the toolkit, each with its source.</p>
"""


def bars_html(table: commongood.Framework, a: commongood.Assessment) -> str:
    """One bar per pillar with its score in words, then the total (a table, so no chart to describe)."""
    rows = []
    for p in table.pillars:
        s = a.scores[p.id]
        width = 0 if s is None else 100 * (s - table.scale.min) / (table.scale.max - table.scale.min)
        words = "not scored" if s is None else f"{s} of {table.scale.max}: {table.scale.labels[s]}"
        weak = " (weak)" if p.id in a.weak else ""
        rows.append(f'<tr><th scope="row">{esc(p.name)}</th><td class="svkit-wf-cell"><span class="svkit-wf" '
                    f'aria-hidden="true"><span style="width:{width:.0f}%"></span></span></td>'
                    f"<td>{esc(words)}{weak}</td></tr>")
    total = f"{a.total} of {a.out_of}" if a.out_of else "nothing scored yet"
    return (f'<table class="svkit-table"><caption>Your scores by pillar</caption>{"".join(rows)}</table>'
            f"<p><strong>Total: {esc(total)}.</strong>"
            + (f" Still to score: {len(a.unscored)} pillar(s)." if a.unscored else "") + "</p>")


def suggestions_html(table: commongood.Framework, a: commongood.Assessment) -> str:
    if not a.weak:
        if a.unscored:
            return message("Score every pillar to see suggestions for the weak ones.", "info")
        return message(f"No pillar scored below {table.scale.weak_below}. Check your reasoning with a colleague.", "ok")
    items = "".join(f"<li><strong>{esc(table.pillar(s.pillar).name)}:</strong> {esc(s.text)}"
                    f' <span class="svkit-source">(Source: {esc(str(s.source))}.)</span></li>' for s in a.suggestions)
    return (f"<h3>Suggested design changes for the weak pillars</h3><ul>{items}</ul>"
            "<p><em>Changes to how suppliers are admitted or chosen raise legal questions: take legal advice. "
            "The kit is for training and is not legal advice.</em></p>")


def build_common_good(page: Page | None = None) -> widgets.VBox:
    """Framework choice, five pillars with prompts, scores and reasons, suggestions and a download."""
    table = commongood.framework()  # before the page, which in a pooled kernel waits for the visitor
    page = page or Page(LABEL)
    ex = table.example
    choice = widgets.Dropdown(options=[(f"Library example: {ex.name}", EXAMPLE), ("A framework of my own", OWN)],
                              value=EXAMPLE, description="Framework to assess", style=WIDE,
                              layout=widgets.Layout(width="40rem"))
    page.bind(choice, "framework")
    own_name = widgets.Text(description="Name of the framework", style=WIDE, layout=widgets.Layout(width="100%"),
                            continuous_update=False)
    own_about = widgets.Textarea(description="What it is and how it works", style=WIDE,
                                 layout=widgets.Layout(width="100%", height="4rem"))
    page.bind(own_name, "own_name")
    page.bind(own_about, "own_about")
    about = widgets.HTML()
    show_ref = widgets.Checkbox(description="Show the kit's reference scores for the example", indent=False,
                                layout=widgets.Layout(width="auto"))
    page.bind(show_ref, "show_reference")
    scale_words = "; ".join(f"{k} {v}" for k, v in table.scale.labels.items())
    scores: dict[str, widgets.ToggleButtons] = {}
    reasons: dict[str, widgets.Textarea] = {}
    facts: dict[str, widgets.HTML] = {}
    blocks = []
    for p in table.pillars:
        score = widgets.ToggleButtons(options=[(str(v), v) for v in range(table.scale.min, table.scale.max + 1)],
                                      value=None, description=f"Score for {p.name}", style={**WIDE, "button_width": "3rem"},
                                      tooltips=[table.scale.labels[v] for v in range(table.scale.min, table.scale.max + 1)])
        reason = widgets.Textarea(description=f"Why, for {content.in_sentence(p.name)}", placeholder="Saved as you type.",
                                  style=WIDE, layout=widgets.Layout(width="100%", height="4rem"))
        page.bind(score, f"score:{p.id}")
        page.bind(reason, f"reason:{p.id}")
        scores[p.id], reasons[p.id] = score, reason
        facts[p.id] = widgets.HTML()
        prompts = "".join(f"<li>{esc(q)}</li>" for q in p.prompts)
        blocks.append(widgets.VBox([widgets.HTML(f"<h3>{esc(p.name)}</h3><p>{esc(p.meaning)}</p><ul>{prompts}</ul>"),
                                    facts[p.id], score, reason]))
    result = widgets.HTML()
    live = live_note()
    notes = widgets.Textarea(description="My notes", style=WIDE, layout=widgets.Layout(width="100%", height="4rem"))
    page.bind(notes, "notes")
    prepare = widgets.Button(description="Prepare my assessment", button_style="primary",
                             layout=widgets.Layout(width="auto"))
    prepared = feedback_area()
    downloads = widgets.HTML()

    def name() -> str:
        return ex.name if choice.value == EXAMPLE else (own_name.value.strip() or "my framework")

    @guarded(page, prepared)
    def redraw(change=None):
        is_example = choice.value == EXAMPLE
        own_name.layout.display = own_about.layout.display = "none" if is_example else "flex"
        show_ref.layout.display = "flex" if is_example else "none"
        about.value = (f"<p>{esc(ex.summary)}</p><p class=\"svkit-source\">A fictional example written for the kit.</p>"
                       if is_example else "")
        for p in table.pillars:
            if is_example:
                ref = ""
                if show_ref.value:
                    r = ex.reference_scores[p.id]
                    ref = f" <em>Kit's reference score: {r} ({esc(table.scale.labels[r])}).</em>"
                facts[p.id].value = f"<p><strong>In the example:</strong> {esc(ex.facts[p.id])}{ref}</p>"
            else:
                facts[p.id].value = ""
        a = commongood.assess({k: w.value for k, w in scores.items()}, table)
        result.value = (f'<p class="svkit-hint">Scale: {esc(scale_words)}.</p>' + bars_html(table, a)
                        + suggestions_html(table, a)
                        + f'<p class="svkit-source">Pillars: {esc(str(table.citation))}.</p>')
        weak = ", ".join(table.pillar(w).name for w in a.weak) or "none"
        say(live, f"Total {a.total} of {a.out_of}. Weak pillars: {weak}.")
        downloads.value = ""
        if change is not None:
            page.save("summary", {"framework": name(), "total": a.total, "out_of": a.out_of, "weak": list(a.weak),
                                  "scored": len(table.pillars) - len(a.unscored),
                                  "scores": {k: w.value for k, w in scores.items()}})

    @guarded(page, prepared)
    def on_prepare(_=None):
        about_text = ex.summary if choice.value == EXAMPLE else own_about.value
        record = commongood.record(name(), {k: w.value for k, w in scores.items()},
                                   {k: w.value for k, w in reasons.items()},
                                   notes=f"{about_text}\n\n{notes.value}".strip(), table=table)
        downloads.value = record_downloads(record, "svkit-common-good", "the assessment")
        prepared.value = message("Your assessment is ready to download.", "ok")

    for w in (choice, own_name, show_ref, *scores.values()):
        w.observe(redraw, names="value")
    prepare.on_click(on_prepare)
    redraw()
    return page.app(widgets.HTML(BRIEF), choice, own_name, own_about, about, show_ref, *blocks,
                    widgets.HTML("<h2>Your assessment</h2>"), live, result, notes, prepare, prepared, downloads)
