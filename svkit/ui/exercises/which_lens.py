"""Exercise 1-4: the lens diagnostic, competition or collaboration?

Domain module: ``svkit.lenses``. Data folder: ``data/toolkit/``.
"""

from __future__ import annotations

from typing import Callable

import ipywidgets as widgets

from svkit import lenses, plots, scenarios
from svkit.ui.kit import WIDE, brief, Page, chart, esc, feedback_area, message, readouts_not_tab_stops
from svkit.ui.kit.app import SETTLE_SECONDS, FunctionApp  # noqa: F401 - SETTLE_SECONDS: the delay 1-4 uses

LABEL = "1-4"
OWN = "own"  # the dropdown value for 'my own situation'
ALIGNED = {"description_width": "15rem"}  # sliders line up whatever their label
UPDATING = "Updating your result to match the sliders…"


def slider_row(row: lenses.LensRow) -> tuple[widgets.VBox, widgets.FloatSlider]:
    slider = widgets.FloatSlider(value=0.0, min=-1.0, max=1.0, step=0.1, description=row.aspect,
                                 continuous_update=False, readout_format="+.1f", style=ALIGNED,
                                 layout=widgets.Layout(width="40rem"))
    ends = widgets.HTML(
        f'<p class="svkit-ends"><span>◀ {esc(row.low)}</span> · <span>{esc(row.high)} ▶</span></p>'
    )
    return widgets.VBox([slider, ends]), slider


def result_html(diagnosis: lenses.Diagnosis, scenario: scenarios.Scenario | None, rows,
                show_reference: bool = True) -> str:
    lens_name = {"competition": "Competition", "collaboration": "Collaboration", "mixed": "Mixed"}[diagnosis.lens]
    parts = [
        "<h2>Your result</h2>",
        f'<p class="svkit-score"><strong>{lens_name}</strong>: overall position {diagnosis.score:+.0f} '
        "on a scale from −100 (competition) to +100 (collaboration).</p>",
        f"<p>{esc(diagnosis.explanation)}</p>",
    ]
    if scenario is not None and show_reference:
        ref = scenario.lens_profile
        reference = lenses.diagnose(ref.ratings)
        aspects = {r.id: r.aspect for r in rows}
        rule = lenses.table().thresholds  # data/toolkit/lenses.yaml, with its rationale
        diffs = [d for d in lenses.compare(ref.ratings, diagnosis.per_row)
                 if abs(d[1]) >= rule.reference_gap][:rule.reference_rows]
        parts.append(f"<h3>The trainer's reference profile for this scenario</h3>"
                     f"<p>Reference position {reference.score:+.0f} ({esc(ref.lens)}). {esc(ref.note)}</p>")
        if diffs:
            items = "".join(
                f"<li>{esc(aspects[row])}: yours {diagnosis.per_row[row]:+.1f}, reference {ref.ratings[row]:+.1f}</li>"
                for row, _ in diffs
            )
            parts.append(f"<p>Where you differ most (worth discussing):</p><ul>{items}</ul>")
        else:
            parts.append("<p>Your ratings are close to the reference on every row.</p>")
    return "".join(parts)


def build_lens_exercise(page: Page | None = None, call_later: Callable | None = None) -> widgets.VBox:
    """Nine sliders, an overall position, a diverging chart and the reference profile.

    Slider moves are drawn once a burst settles (:class:`svkit.ui.kit.app.Settle`); ``call_later``
    replaces the kernel's timer in tests.
    """
    page = page or Page(LABEL)
    table = lenses.table()
    library = scenarios.scenarios()
    choose = widgets.Dropdown(options=[(s.title, s.id) for s in library] + [("My own situation", OWN)],
                              value=library[0].id, description="Scenario", style=WIDE,
                              layout=widgets.Layout(width="36rem"))
    summary = widgets.HTML()
    own = widgets.Textarea(description="Describe your situation", style=WIDE,
                           layout=widgets.Layout(width="100%", height="5rem"))
    rows, sliders = [], {}
    for row in table.rows:
        box, slider = slider_row(row)
        rows.append(box)
        sliders[row.id] = slider
    reveal = widgets.Checkbox(value=False, description="Show the trainer's reference profile", indent=False)
    result = widgets.HTML()
    result.add_class("svkit-status")
    figure = widgets.HTML()
    behind = widgets.HTML("")
    behind.add_class("svkit-behind")
    problem = feedback_area()

    def show_behind(is_behind: bool) -> None:
        behind.value = message(UPDATING, "info") if is_behind else ""
        for w in (result, figure):
            (w.add_class if is_behind else w.remove_class)("svkit-updating")

    def draw() -> dict:
        s = None if choose.value == OWN else scenarios.scenario(choose.value)
        own.layout.display = "" if s is None else "none"
        summary.value = (message("Describe the situation you have in mind below.", "info") if s is None
                         else f"<p><strong>{esc(s.title)}.</strong> {esc(s.summary)}</p>")
        ratings = {row_id: slider.value for row_id, slider in sliders.items()}
        diagnosis = lenses.diagnose(ratings, table)  # a ValueError is said beside the result
        reveal.layout.display = "none" if s is None else ""
        result.value = result_html(diagnosis, s, table.rows, reveal.value)
        item = plots.diverging_bars([r.aspect for r in table.rows], list(diagnosis.per_row.values()),
                                    "Your ratings, row by row")
        figure.value = chart(item, source="your ratings; rows from the CCIN Social Value Toolkit (2025), section 1").value
        return {"scenario": choose.value, "score": round(diagnosis.score, 1), "lens": diagnosis.lens,
                "rows": {row: round(v, 2) for row, v in diagnosis.per_row.items()}}

    FunctionApp(page, {"scenario": choose, "show_reference": reveal}, draw, saved_only={"own_situation": own},
                problem=problem, settling={f"row:{row_id}": slider for row_id, slider in sliders.items()},
                behind=show_behind, call_later=call_later)
    readouts_not_tab_stops(page)
    return page.app(widgets.HTML(brief(LABEL)), choose, summary, own, widgets.HTML("<h2>Rate the situation</h2>"),
                    *rows, reveal, behind, problem, result, figure)
