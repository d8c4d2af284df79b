"""Exercise 1-2: place social value activities on the commissioning cycle.

Domain module: ``svkit.cycle``. Data folder: ``data/toolkit/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import content, cycle, records
from svkit.ui.kit import brief, Page
from svkit.ui.kit.figures import cycle_widget
from svkit.ui.kit.quiz import marking_panel, reflection, sorting_exercise

LABEL = "1-2"


def build_cycle_exercise(page: Page | None = None) -> widgets.VBox:
    """Place activities at their stage; the figure follows the stage being discussed."""
    page, questions, placer = sorting_exercise(LABEL, page, "activities", multiple=False, item_label="Activity")
    stage_ids = [s.id for s in cycle.cycle().stages]
    figure = cycle_widget(None)

    def follow(_item: str, stage_id: str) -> None:
        new = cycle_widget(stage_ids.index(stage_id) if stage_id in stage_ids else None)
        figure.value = new.value

    placer.on_choice.append(follow)

    thoughts = reflection(page, questions.question("reflection"))
    return page.app(
        widgets.HTML(brief(LABEL)),
        figure,
        placer.box,
        marking_panel(page, placer.marker(page), record_of=lambda right, total: records.marking(
            f"Exercise {LABEL}: {content.load().apps[LABEL].title}", (right, total), placer.record_items(), thoughts.text.value)),
        thoughts,
    )
