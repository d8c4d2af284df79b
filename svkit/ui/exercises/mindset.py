"""Exercise 4-2: a self-assessment on the five mindset shifts, with a radar chart.

Domain module: ``svkit.mindset``. Data folder: ``data/enabling/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import htmlcharts, mindset
from svkit.ui.kit import brief, WIDE, InputApp, Page, esc, live_note, message, say, table as html_table

LABEL = "4-2"
AUTO = ""


def radar_html(table: mindset.Mindset, profile: mindset.Profile) -> str:
    """The radar chart with alt text and the ratings as a table."""
    names = [s.name for s in table.shifts]
    values = [profile.ratings[s.id] for s in table.shifts]
    said = "; ".join(f"{n} {v}" for n, v in zip(names, values))
    alt = (f"Radar chart of your ratings on the five shifts, from {table.scale.min} at the centre to "
           f"{table.scale.max} at the edge: {said}.")
    svg = htmlcharts.radar_svg(names, values, table.scale.min, table.scale.max)
    rows = [(n, f"{v} ({table.scale.labels[v]})") for n, v in zip(names, values)]
    return (f'<figure class="svkit-figure">{htmlcharts.svg_img(svg, alt, "28rem")}'
            + html_table("Your ratings", [], rows)
            + f"<p>Average {profile.mean:.1f} of {table.scale.max}. Most room to move: "
            f"{esc(', '.join(s.name for s in table.shifts if s.id in profile.lowest))}.</p>"
            '<p class="svkit-source">Shifts: CCIN Social Value Toolkit (2025), section 4, '
            "'Mindsets and Culture Shifts'. Ratings: yours.</p></figure>")


class MindsetExercise(InputApp):
    """Five rated shifts with optional evidence, a radar chart, and a next step for one shift."""

    label = LABEL

    def __init__(self, page: Page | None = None):
        self.table = mindset.shifts()  # before the page, which in a pooled kernel waits for the visitor
        roles = mindset.roles()
        super().__init__(page)
        table = self.table
        self.role = widgets.Dropdown(options=[("Choose your role…", AUTO)] + [(r.name, r.id) for r in roles],
                                     value=AUTO, description="My role", style=WIDE)
        self.ratings: dict[str, widgets.ToggleButtons] = {}
        self.evidence: dict[str, widgets.Text] = {}
        self.blocks = []
        for s in table.shifts:
            self.ratings[s.id] = widgets.ToggleButtons(
                options=[(str(v), v) for v in range(table.scale.min, table.scale.max + 1)], value=None,
                description=f"Where I stand (1 {s.from_}, 5 {s.to})", style={**WIDE, "button_width": "3rem"},
                tooltips=[table.scale.labels[v] for v in range(table.scale.min, table.scale.max + 1)])
            self.evidence[s.id] = widgets.Text(description="What shows this (optional)", style=WIDE,
                                               layout=widgets.Layout(width="100%"))
            self.blocks.append(widgets.VBox([
                widgets.HTML(f"<h3>{esc(s.name)}</h3><dl><dt>1: {esc(s.from_)}</dt><dd>{esc(s.from_text)}</dd>"
                             f"<dt>5: {esc(s.to)}</dt><dd>{esc(s.to_text)}</dd></dl>"
                             f'<p class="svkit-source">Source: {esc(str(s.source))}.</p>'),
                self.ratings[s.id], self.evidence[s.id]]))
        self.chart = widgets.HTML()
        self.live = live_note()
        self.focus = widgets.Dropdown(options=[("The shift I rated lowest", AUTO)]
                                      + [(s.name, s.id) for s in table.shifts],
                                      value=AUTO, description="Shift to work on", style=WIDE)
        self.suggestion = widgets.HTML()
        self.step = widgets.Textarea(description="One step I could take", placeholder="Saved as you type.",
                                     style=WIDE, layout=widgets.Layout(width="100%", height="5rem"))
        self.by_id = {s.id: s for s in table.shifts}
        self.prof: mindset.Profile | None = None
        self.target: mindset.Shift | None = None
        self.start()

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {"role": self.role, **{f"rating:{k}": w for k, w in self.ratings.items()}, "focus": self.focus}

    def saved_only(self) -> dict[str, widgets.ValueWidget]:
        return {**{f"evidence:{k}": w for k, w in self.evidence.items()}, "next_step": self.step}

    def current(self) -> dict[str, int | None]:
        return {k: w.value for k, w in self.ratings.items()}

    def focus_shift(self, profile: mindset.Profile | None) -> mindset.Shift | None:
        if self.focus.value != AUTO:
            return self.by_id[self.focus.value]
        if profile is not None:
            return self.by_id[profile.lowest[0]]
        return None

    def draw(self) -> None:
        table, values = self.table, self.current()
        try:
            self.prof = mindset.profile(values, table)
        except ValueError as exc:
            self.prof = None
            self.chart.value = message(str(exc), "info")
            say(self.live, f"{sum(v is not None for v in values.values())} of {len(values)} shifts rated.")
        else:
            self.chart.value = radar_html(table, self.prof)
            say(self.live, f"Profile drawn. Average {self.prof.mean:.1f} of {table.scale.max}.")
        self.target = target = self.focus_shift(self.prof)
        if target is None:
            self.suggestion.value = message("Rate every shift, or choose one above, to see a suggested step.", "info")
        elif self.role.value == AUTO:
            self.suggestion.value = (f"<p>Working on <strong>{esc(target.name)}</strong>. Choose your role above to "
                                     "see a step the kit suggests for it.</p>")
        else:
            self.suggestion.value = (f"<p>Working on <strong>{esc(target.name)}</strong>. One step the kit suggests "
                                     f"for your role: {esc(target.steps[self.role.value])}</p>"
                                     "<p>Write your own below: something you could do in the next month.</p>")

    def summary(self) -> dict:
        rated = {k: v for k, v in self.current().items() if v is not None}
        summary = {"ratings": rated, "complete": self.prof is not None, "role": self.role.value,
                   "focus": self.target.id if self.target else ""}
        if self.prof is not None:
            summary.update(mean=round(self.prof.mean, 2), lowest=list(self.prof.lowest))
        return summary

    def layout(self) -> widgets.VBox:
        return self.app(widgets.HTML(brief(LABEL)), self.role, *self.blocks, widgets.HTML("<h2>Your profile</h2>"),
                        self.live, self.chart, widgets.HTML("<h2>One step</h2>"), self.focus, self.suggestion,
                        self.step, self.problem)


def build_mindset(page: Page | None = None) -> widgets.VBox:
    """Five rated shifts with optional evidence, a radar chart, and a next step for one shift."""
    return MindsetExercise(page).layout()
