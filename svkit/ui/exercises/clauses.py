"""Exercise 2-5: classify draft clauses as embedded, bolted on or unrelated; rewrite one.

Domain module: ``svkit.quiz``. Data folder: ``data/questions/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit.ui.kit import WIDE, brief, Page, esc
from svkit.ui.kit.quiz import marking_panel, reflection, sorting_exercise

LABEL = "2-5"


def build_clauses_exercise(page: Page | None = None) -> widgets.VBox:
    """Ten clauses sorted three ways with feedback, and a rewrite that is saved."""
    page, questions, sorter = sorting_exercise(LABEL, page, "clauses", multiple=False, item_label="Clause",
                                               picker_label="Kind")
    clauses = questions.question("clauses")
    options = [("Choose a clause…", "")] + [(f"Clause {n}", item.id) for n, item in enumerate(clauses.items, start=1)]
    which = widgets.Dropdown(options=options, value="", description="Clause I am rewriting", style=WIDE)
    page.bind(which, "rewrite_clause")
    original = widgets.HTML()

    def show_original(change=None):
        item = next((i for i in clauses.items if i.id == which.value), None)
        original.value = f'<blockquote class="svkit-card">{esc(item.text)}</blockquote>' if item else ""

    which.observe(show_original, names="value")
    show_original()
    return page.app(
        widgets.HTML(brief(LABEL)),
        sorter.box,
        marking_panel(page, sorter.marker(page)),
        widgets.HTML("<h2>Rewrite one</h2>"),
        which, original,
        reflection(page, questions.question("rewrite")),
    )
