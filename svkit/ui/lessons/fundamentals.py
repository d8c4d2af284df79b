"""Lesson 1, social value fundamentals: the cycle figure and the lens table explorer.

Domain module: ``svkit.cycle``. Data folder: ``data/toolkit/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import cycle, lenses
from svkit.ui.kit import legal_notice, WIDE, Page, esc, message, table as html_table  # `table` here: the lens table
from svkit.ui.kit.figures import cycle_widget
from svkit.ui.kit.nav import exercise_links

LABEL = "01-fundamentals"
URL_PATH = "notebooks/01-fundamentals.ipynb"


def cycle_panel() -> widgets.VBox:
    """The commissioning cycle, with a chooser that highlights and explains each stage."""
    stages = cycle.cycle().stages
    choose = widgets.Dropdown(options=[("All stages", -1)] + [(s.name, i) for i, s in enumerate(stages)],
                              value=-1, description="Highlight a stage", style=WIDE)
    figure = cycle_widget(None)

    def update(change):
        figure.value = cycle_widget(None if change["new"] < 0 else change["new"]).value

    choose.observe(update, names="value")
    listing = "".join(f"<li><strong>{esc(s.name)}</strong>: {esc(s.description)}</li>" for s in stages)
    return widgets.VBox([choose, figure, widgets.HTML(f"<ol>{listing}</ol>")])


def row_html(row: lenses.LensRow) -> str:
    return html_table(f"{row.aspect}…", [], [("Competition", row.competition), ("Collaboration", row.collaboration),
                                             ("For example", row.example)], css_class="svkit-lens-row")


def lens_explorer() -> widgets.VBox:
    """Choose a row of the comparison table to see both sides and an example."""
    table = lenses.table()
    choose = widgets.ToggleButtons(options=[(r.aspect, r.id) for r in table.rows], value=table.rows[0].id,
                                   description="Row of the table", style={"button_width": "auto", **WIDE})
    shown = widgets.HTML(row_html(table.rows[0]))
    shown.add_class("svkit-status")

    def update(change):
        shown.value = row_html(next(r for r in table.rows if r.id == change["new"]))

    choose.observe(update, names="value")
    full = html_table("", ["Aspect", "Competition", "Collaboration"],
                      [(r.aspect, r.competition, r.collaboration) for r in table.rows], css_class="svkit-lens-table")
    whole = (
        f"<details><summary>Show the whole table</summary>{full}</details>"
        f'<p class="svkit-source">Source: {esc(str(table.source))} (our wording).</p>'
    )
    return widgets.VBox([choose, shown, widgets.HTML(whole)])


def build_fundamentals_lesson(page: Page | None = None) -> widgets.VBox:
    """The lesson's interactive part: the lens table explorer and links to the exercises."""
    page = page or Page(LABEL)
    return page.app(
        widgets.HTML(legal_notice()),
        widgets.HTML("<h2>Explore the comparison table</h2>"),
        lens_explorer(),
        exercise_links(page, URL_PATH, 1),
    )
