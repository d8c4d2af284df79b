"""matplotlib figure helpers: data in, Figure out, each with a text alternative.

Charts reach the page as ``<img>`` with real alt text plus their numbers as
text (``svkit.ui.common.chart``), never as a bare PNG output.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # figures are rendered to PNG bytes, never shown by a backend

from matplotlib.figure import Figure  # noqa: E402


@dataclass(frozen=True)
class Chart:
    """A figure with what a screen-reader user needs instead of it."""

    figure: Figure
    alt: str  # one or two sentences saying what the chart shows
    numbers: list[tuple[str, str]]  # (label, value as text) pairs, shown as a table


def png_bytes(fig: Figure, dpi: int = 110) -> bytes:
    """Render a figure to PNG bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def bar_chart(labels: list[str], values: list[float], title: str, unit: str = "") -> Chart:
    """A simple bar chart with its alt text and numbers."""
    if len(labels) != len(values) or not labels:
        raise ValueError("A bar chart needs one value per label, and at least one label.")
    fig = Figure(figsize=(6, 3))
    ax = fig.subplots()
    ax.bar(labels, values, color="#0b4f9c")
    ax.set_title(title)
    if unit:
        ax.set_ylabel(unit)
    top = max(range(len(values)), key=values.__getitem__)
    alt = f"Bar chart: {title}. The largest is {labels[top]} at {values[top]:g}{(' ' + unit) if unit else ''}."
    return Chart(fig, alt, [(label, f"{value:g}") for label, value in zip(labels, values)])
