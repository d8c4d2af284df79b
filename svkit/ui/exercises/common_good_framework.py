"""Exercise 4-3: assess a supplier framework against the five pillars for the common good.

Domain module: ``svkit.commongood``. Data folder: ``data/enabling/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import commongood, content
from svkit.ui.kit import legal_notice, brief, WIDE, InputApp, Page, esc, feedback_area, guarded, live_note, message, record_downloads, say
from svkit.ui.kit import Markup, table as html_table  # `table` here: the framework

LABEL = "4-3"
EXAMPLE, OWN = "example", "own"


def bars_html(table: commongood.Framework, a: commongood.Assessment) -> str:
    """One bar per pillar with its score in words, then the total (a table, so no chart to describe)."""
    rows = []
    for p in table.pillars:
        s = a.scores[p.id]
        width = 0 if s is None else 100 * (s - table.scale.min) / (table.scale.max - table.scale.min)
        words = "not scored" if s is None else f"{s} of {table.scale.max}: {table.scale.labels[s]}"
        weak = " (weak)" if p.id in a.weak else ""
        bar = Markup(f'<span class="svkit-wf" aria-hidden="true"><span style="width:{width:.0f}%"></span></span>')
        rows.append((p.name, bar, words + weak))
    total = f"{a.total} of {a.out_of}" if a.out_of else "nothing scored yet"
    return (html_table("Your scores by pillar", [], rows, cell_classes={1: "svkit-wf-cell"})
            + f"<p><strong>Total: {esc(total)}.</strong>"
            + (f" Still to score: {len(a.unscored)} pillar(s)." if a.unscored else "") + "</p>")


def suggestions_html(table: commongood.Framework, a: commongood.Assessment) -> str:
    if not a.weak:
        if a.unscored:
            return message("Score every pillar to see suggestions for the weak ones.", "info")
        return message(f"No pillar scored below {table.scale.weak_below}. Check your reasoning with a colleague.", "ok")
    items = "".join(f"<li><strong>{esc(table.pillar(s.pillar).name)}:</strong> {esc(s.text)}"
                    f' <span class="svkit-source">(Source: {esc(str(s.source))}.)</span></li>' for s in a.suggestions)
    return (f"<h3>Suggested design changes for the weak pillars</h3><ul>{items}</ul>"
            "<p><em>Changes to how suppliers are admitted or chosen raise legal questions.</em></p>" + legal_notice())


class CommonGoodExercise(InputApp):
    """Framework choice, five pillars with prompts, scores and reasons, suggestions and a download."""

    label = LABEL

    def __init__(self, page: Page | None = None):
        self.table = table = commongood.framework()  # before the page, which in a pooled kernel waits for the visitor
        super().__init__(page)
        self.ex = ex = table.example
        self.choice = widgets.Dropdown(options=[(f"Library example: {ex.name}", EXAMPLE), ("A framework of my own", OWN)],
                                       value=EXAMPLE, description="Framework to assess", style=WIDE,
                                       layout=widgets.Layout(width="40rem"))
        self.own_name = widgets.Text(description="Name of the framework", style=WIDE,
                                     layout=widgets.Layout(width="100%"), continuous_update=False)
        self.own_about = widgets.Textarea(description="What it is and how it works", style=WIDE,
                                          layout=widgets.Layout(width="100%", height="4rem"))
        self.about = widgets.HTML()
        self.show_ref = widgets.Checkbox(description="Show the kit's reference scores for the example", indent=False,
                                         layout=widgets.Layout(width="auto"))
        self.scale_words = "; ".join(f"{k} {v}" for k, v in table.scale.labels.items())
        self.scores: dict[str, widgets.ToggleButtons] = {}
        self.reasons: dict[str, widgets.Textarea] = {}
        self.facts: dict[str, widgets.HTML] = {}
        self.blocks = []
        for p in table.pillars:
            self.scores[p.id] = widgets.ToggleButtons(
                options=[(str(v), v) for v in range(table.scale.min, table.scale.max + 1)],
                value=None, description=f"Score for {p.name}", style={**WIDE, "button_width": "3rem"},
                tooltips=[table.scale.labels[v] for v in range(table.scale.min, table.scale.max + 1)])
            self.reasons[p.id] = widgets.Textarea(description=f"Why, for {content.in_sentence(p.name)}",
                                                  placeholder="Saved as you type.", style=WIDE,
                                                  layout=widgets.Layout(width="100%", height="4rem"))
            self.facts[p.id] = widgets.HTML()
            prompts = "".join(f"<li>{esc(q)}</li>" for q in p.prompts)
            self.blocks.append(widgets.VBox([
                widgets.HTML(f"<h3>{esc(p.name)}</h3><p>{esc(p.meaning)}</p><ul>{prompts}</ul>"),
                self.facts[p.id], self.scores[p.id], self.reasons[p.id]]))
        self.result = widgets.HTML()
        self.live = live_note()
        self.notes = widgets.Textarea(description="My notes", style=WIDE,
                                      layout=widgets.Layout(width="100%", height="4rem"))
        self.prepare = widgets.Button(description="Prepare my assessment", button_style="primary",
                                      layout=widgets.Layout(width="auto"))
        self.prepared = feedback_area()
        self.downloads = widgets.HTML()
        self.assessment: commongood.Assessment | None = None
        self.prepare.on_click(guarded(self.page, self.prepared)(self.on_prepare))
        self.start()

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {"framework": self.choice, "own_name": self.own_name, "show_reference": self.show_ref,
                **{f"score:{k}": w for k, w in self.scores.items()}}

    def saved_only(self) -> dict[str, widgets.ValueWidget]:
        return {"own_about": self.own_about, **{f"reason:{k}": w for k, w in self.reasons.items()},
                "notes": self.notes}

    def name(self) -> str:
        return self.ex.name if self.choice.value == EXAMPLE else (self.own_name.value.strip() or "my framework")

    def draw(self) -> None:
        table, ex = self.table, self.ex
        is_example = self.choice.value == EXAMPLE
        self.own_name.layout.display = self.own_about.layout.display = "none" if is_example else "flex"
        self.show_ref.layout.display = "flex" if is_example else "none"
        self.about.value = (f"<p>{esc(ex.summary)}</p><p class=\"svkit-source\">A fictional example written for "
                            "the kit.</p>" if is_example else "")
        for p in table.pillars:
            if is_example:
                ref = ""
                if self.show_ref.value:
                    r = ex.reference_scores[p.id]
                    ref = f" <em>Kit's reference score: {r} ({esc(table.scale.labels[r])}).</em>"
                self.facts[p.id].value = f"<p><strong>In the example:</strong> {esc(ex.facts[p.id])}{ref}</p>"
            else:
                self.facts[p.id].value = ""
        self.assessment = a = commongood.assess({k: w.value for k, w in self.scores.items()}, table)
        self.result.value = (f'<p class="svkit-hint">Scale: {esc(self.scale_words)}.</p>' + bars_html(table, a)
                             + suggestions_html(table, a)
                             + f'<p class="svkit-source">Pillars: {esc(str(table.citation))}.</p>')
        weak = ", ".join(table.pillar(w).name for w in a.weak) or "none"
        say(self.live, f"Total {a.total} of {a.out_of}. Weak pillars: {weak}.")
        self.downloads.value = ""

    def summary(self) -> dict:
        a = self.assessment
        return {"framework": self.name(), "total": a.total, "out_of": a.out_of, "weak": list(a.weak),
                "scored": len(self.table.pillars) - len(a.unscored),
                "scores": {k: w.value for k, w in self.scores.items()}}

    def on_prepare(self, _=None) -> None:
        about_text = self.ex.summary if self.choice.value == EXAMPLE else self.own_about.value
        record = commongood.record(self.name(), {k: w.value for k, w in self.scores.items()},
                                   {k: w.value for k, w in self.reasons.items()},
                                   notes=f"{about_text}\n\n{self.notes.value}".strip(), table=self.table)
        self.downloads.value = record_downloads(record, "svkit-common-good", "the assessment")
        self.prepared.value = message("Your assessment is ready to download.", "ok")

    def layout(self) -> widgets.VBox:
        return self.app(widgets.HTML(brief(LABEL)), self.choice, self.own_name, self.own_about, self.about, self.show_ref,
                        *self.blocks, widgets.HTML("<h2>Your assessment</h2>"), self.live, self.result, self.problem,
                        self.notes, self.prepare, self.prepared, self.downloads)


def build_common_good(page: Page | None = None) -> widgets.VBox:
    """Framework choice, five pillars with prompts, scores and reasons, suggestions and a download."""
    return CommonGoodExercise(page).layout()
