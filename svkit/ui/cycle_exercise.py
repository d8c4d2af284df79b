"""Exercise 1-2: place social value activities on the commissioning cycle."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as widgets

from svkit import content, cycle, plots, quiz, records
from svkit.ui.common import Page, chart, esc
from svkit.ui.quizwidgets import assignment, marking_panel, reflection

LABEL = "1-2"

BRIEF = """
<h2>Brief</h2>
<p>Every commissioning decision passes through the same cycle, from the council's goals to
monitoring and learning. Social value can be shaped at every stage, not only when bids are scored.
(Source: toolkit section 1, 'Commissioning process for councils'.)</p>
<h2>Task</h2>
<p>For each activity, choose the stage where it belongs. The figure highlights the stage you last
chose. Then press <strong>Check my answers</strong>.</p>
"""


@lru_cache(maxsize=8)
def cycle_chart(highlight: int | None) -> tuple[plots.Chart, bytes]:
    """The cycle figure with one stage highlighted, and its PNG, made once per stage."""
    item = plots.cycle_figure([s.short for s in cycle.cycle().stages], highlight)
    return item, plots.png_bytes(item.figure)


def cycle_widget(highlight: int | None = None) -> widgets.HTML:
    item, png = cycle_chart(highlight)
    widget = chart(item, source="CCIN Social Value Toolkit (2025), section 1, 'Commissioning process for councils'", png=png)
    if highlight is not None:
        stage = cycle.cycle().stages[highlight]
        widget.value += f'<p class="svkit-stage"><strong>{esc(stage.name)}.</strong> {esc(stage.description)}</p>'
    return widget


def build_cycle_exercise(page: Page | None = None) -> widgets.VBox:
    """Place activities at their stage; the figure follows the stage being discussed."""
    page = page or Page(LABEL)
    questions = quiz.load(LABEL)
    activities = questions.question("activities")
    stage_ids = [s.id for s in cycle.cycle().stages]
    figure = cycle_widget(None)
    placer = assignment(page, activities, multiple=False, item_label="Activity")

    def follow(_item: str, stage_id: str) -> None:
        new = cycle_widget(stage_ids.index(stage_id) if stage_id in stage_ids else None)
        figure.value = new.value

    placer.on_choice.append(follow)


    thoughts = reflection(page, questions.question("reflection"))
    return page.app(
        widgets.HTML(BRIEF),
        figure,
        placer.box,
        marking_panel(page, placer.marker(page), record_of=lambda right, total: records.marking(
            f"Exercise {LABEL}: {content.load().apps[LABEL].title}", (right, total), placer.record_items(), thoughts.text.value)),
        thoughts,
    )
