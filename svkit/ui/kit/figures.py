"""Figures that more than one app shows (the commissioning cycle: lesson 1 and exercise 1-2)."""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as widgets

from svkit import cycle, plots
from svkit.ui.kit.html import chart, esc


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
