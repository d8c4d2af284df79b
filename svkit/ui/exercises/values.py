"""Exercise 1-1: which CCIN value does each council action serve?

Domain module: ``svkit.quiz``. Data folder: ``data/questions/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import content, records
from svkit.ui.kit import brief, Page
from svkit.ui.kit.quiz import marking_panel, reflection, sorting_exercise

LABEL = "1-1"


def build_values_exercise(page: Page | None = None) -> widgets.VBox:
    """Sort council actions by the values they serve, marked with feedback per action."""
    page, questions, sorter = sorting_exercise(LABEL, page, "actions", multiple=True, item_label="Action")

    thoughts = reflection(page, questions.question("reflection"))
    return page.app(
        widgets.HTML(brief(LABEL)),
        sorter.box,
        marking_panel(page, sorter.marker(page), record_of=lambda right, total: records.marking(
            f"Exercise {LABEL}: {content.load().apps[LABEL].title}", (right, total), sorter.record_items(), thoughts.text.value)),
        thoughts,
    )
