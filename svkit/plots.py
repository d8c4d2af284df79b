"""matplotlib figure helpers: data in, Figure out, each with a text alternative.

Charts reach the page as ``<img>`` with real alt text plus their numbers as
text (``svkit.ui.kit.chart``), never as a bare PNG output.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # figures are rendered to PNG bytes, never shown by a backend

from matplotlib.figure import Figure  # noqa: E402

from svkit.htmlcharts import CATEGORICAL  # noqa: E402  (one palette for every chart)


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


HIGHLIGHT = "#0b4f9c"  # dark blue: passes contrast with white text
PLAIN = "#e8eef6"
COMPETITION_COLOUR = "#8a3b00"  # burnt orange
COLLABORATION_COLOUR = "#0b6b3a"  # green


def cycle_figure(names: list[str], highlight: int | None = None, title: str = "The commissioning cycle") -> Chart:
    """Stages in a circle joined by arrows, one optionally highlighted.

    Parameters
    ----------
    names
        Short stage names, in order around the cycle.
    highlight
        Index of the stage to highlight, or None.
    """
    import math

    from matplotlib.patches import Circle, FancyArrowPatch

    n = len(names)
    if n < 3:
        raise ValueError("A cycle needs at least three stages.")
    if highlight is not None and not 0 <= highlight < n:
        raise ValueError("No such stage to highlight.")
    fig = Figure(figsize=(6, 6))
    ax = fig.subplots()
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.6, 1.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title)
    radius, node = 1.05, 0.42
    points = [(radius * math.sin(2 * math.pi * i / n), radius * math.cos(2 * math.pi * i / n)) for i in range(n)]
    for i, ((x, y), name) in enumerate(zip(points, names)):
        on = i == highlight
        ax.add_patch(Circle((x, y), node, facecolor=HIGHLIGHT if on else PLAIN, edgecolor=HIGHLIGHT, linewidth=2))
        label = "\n".join(_wrap(f"{i + 1}. {name}", 13))
        ax.text(x, y, label, ha="center", va="center", fontsize=9, color="white" if on else "#1a1a1a",
                fontweight="bold" if on else "normal")
        nx, ny = points[(i + 1) % n]
        dx, dy = nx - x, ny - y
        length = math.hypot(dx, dy)
        ux, uy = dx / length, dy / length
        start = (x + ux * (node + 0.03), y + uy * (node + 0.03))
        end = (nx - ux * (node + 0.05), ny - uy * (node + 0.05))
        ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=16, color="#333",
                                     linewidth=1.5, connectionstyle="arc3,rad=-0.15", zorder=3))
    order = " then ".join(f"{i + 1}, {name}" for i, name in enumerate(names))
    alt = f"{title}: {n} stages in a loop: {order}; then back to the start."
    if highlight is not None:
        alt += f" Stage {highlight + 1}, {names[highlight]}, is highlighted."
    return Chart(fig, alt, [(f"Stage {i + 1}", name) for i, name in enumerate(names)])


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


def diverging_bars(labels: list[str], values: list[float], title: str,
                   low: str = "competition", high: str = "collaboration") -> Chart:
    """Horizontal bars from -1 to +1: left for ``low``, right for ``high``."""
    if len(labels) != len(values) or not labels:
        raise ValueError("A bar chart needs one value per label, and at least one label.")
    fig = Figure(figsize=(7, 0.45 * len(labels) + 1.2))
    ax = fig.subplots()
    y = list(range(len(labels)))[::-1]
    colours = [COMPETITION_COLOUR if v < 0 else COLLABORATION_COLOUR for v in values]
    ax.barh(y, values, color=colours)
    ax.set_yticks(y, labels)
    ax.axvline(0, color="#444", linewidth=1)
    ax.set_xlim(-1, 1)
    ax.set_xticks([-1, -0.5, 0, 0.5, 1], [f"-1\n{low}", "-0.5", "0", "0.5", f"+1\n{high}"])
    ax.set_title(title)
    fig.tight_layout()
    leaning_low = [lab for lab, v in zip(labels, values) if v < 0]
    leaning_high = [lab for lab, v in zip(labels, values) if v > 0]
    alt = (f"{title}: a bar per row from -1 ({low}) to +1 ({high}). "
           f"{len(leaning_low)} rows lean to {low}, {len(leaning_high)} to {high}.")
    return Chart(fig, alt, [(lab, f"{v:+.1f}") for lab, v in zip(labels, values)])


def lines_chart(x: list[int], series: dict[str, list[float]], title: str, xlabel: str, ylabel: str,
                mark: int | None = None) -> Chart:
    """One line per series against x, with an optional vertical line at ``mark``."""
    if not series or not x:
        raise ValueError("Nothing to draw.")
    fig = Figure(figsize=(6.5, 3.6))
    ax = fig.subplots()
    markers = "osD^v<>ph*"
    for i, (name, values) in enumerate(series.items()):
        ax.plot(x, values, marker=markers[i % len(markers)], color=CATEGORICAL[i % len(CATEGORICAL)], label=name)
    if mark is not None:
        ax.axvline(mark, color="#444", linestyle="--", linewidth=1)
    ax.set_xticks(x)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=11)
    ax.legend(fontsize=8, frameon=False)
    fig.tight_layout()
    first, last = x[0], x[-1]
    changes = "; ".join(f"{name}: {values[0]:g} at {first}, {values[-1]:g} at {last}" for name, values in series.items())
    alt = f"Line chart: {title}. {changes}." + (f" A dashed line marks {mark}." if mark is not None else "")
    numbers = [(f"{name} at {xv}", f"{v:g}") for name, values in series.items() for xv, v in zip(x, values)]
    return Chart(fig, alt, numbers)


def steps_figure(titles: list[str], highlight: int | None = None, title: str = "The collaborative process") -> Chart:
    """Numbered steps as a path of boxes in two rows (left to right, then back), one highlighted."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    n = len(titles)
    if n == 0:
        raise ValueError("Nothing to draw.")
    per_row = (n + 1) // 2
    fig = Figure(figsize=(10, 4.2))
    ax = fig.subplots()
    centres = []
    for i in range(n):
        row, col = divmod(i, per_row)
        x = col if row == 0 else per_row - 1 - col
        centres.append((x * 1.7, 1.6 if row == 0 else 0.0))
    for i, (x, y) in enumerate(centres):
        on = i == highlight
        ax.add_patch(FancyBboxPatch((x - 0.75, y - 0.55), 1.5, 1.1, boxstyle="round,pad=0.02",
                                    facecolor=HIGHLIGHT if on else "#f2f2f2", edgecolor="#333333", linewidth=1.2))
        label = f"{i + 1}\n" + "\n".join(_wrap(titles[i], 17)[:4])
        ax.text(x, y, label, ha="center", va="center", fontsize=7.5, color="#ffffff" if on else "#1a1a1a",
                fontweight="bold" if on else "normal")
        if i + 1 < n:
            (x1, y1) = centres[i + 1]
            if y1 == y:
                start, end = (x + (0.75 if x1 > x else -0.75), y), (x1 + (-0.75 if x1 > x else 0.75), y1)
            else:
                start, end = (x, y - 0.55), (x1, y1 + 0.55)
            ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12, color="#333333"))
    ax.set_xlim(-0.9, (per_row - 1) * 1.7 + 0.9)
    ax.set_ylim(-0.7, 2.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=11)
    alt = f"{title}: {n} numbered steps in order, left to right along the top row and back along the bottom."
    if highlight is not None:
        alt += f" Step {highlight + 1}, {titles[highlight]}, is highlighted."
    return Chart(fig, alt, [(f"Step {i + 1}", t) for i, t in enumerate(titles)])


def ripple_map(activity: str, ripples: list, place: dict[str, tuple[float, float]], tags: dict[str, str],
               rings: tuple[int, ...], alt: str, numbers: list[tuple[str, str]]) -> Chart:
    """A ripple effect map (exercise 3-4) as a radial network: the activity at the centre, each ripple
    (``.id``, ``.parent``, ``.ring``, ``.tag``, ``.text``) at ``place[id]``, coloured by its tag."""
    from matplotlib.patches import Circle, Patch

    colours = {t: CATEGORICAL[i] for i, t in enumerate(tags)}
    fig = Figure(figsize=(7, 7))
    ax = fig.subplots()
    for ring in rings:
        ax.add_patch(Circle((0, 0), ring, fill=False, linestyle="--", linewidth=0.8, color="#bbbbbb", zorder=0))
    for r in ripples:
        if r.id in place and r.parent in place:
            (x0, y0), (x1, y1) = place[r.parent], place[r.id]
            ax.plot([x0, x1], [y0, y1], color="#888888", linewidth=1, zorder=1)
    ax.scatter([0], [0], s=900, color="#222222", zorder=2)
    ax.text(0, -0.32, _short(activity or "The activity", 22), ha="center", va="top", fontsize=8, fontweight="bold")
    for r in ripples:
        if r.id not in place:
            continue
        x, y = place[r.id]
        ax.scatter([x], [y], s=220, color=colours.get(r.tag, "#999999"), edgecolor="#222222", zorder=3)
        ax.text(x, y - 0.14, _short(r.text), ha="center", va="top", fontsize=7)
    ax.legend(handles=[Patch(color=c, label=tags[t]) for t, c in colours.items()], loc="upper right", fontsize=8,
              frameon=False)
    ax.set_xlim(-3.6, 3.6)
    ax.set_ylim(-3.6, 3.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title("Ripple effect map", fontsize=11)
    return Chart(fig, alt, numbers)


def _short(text: str, width: int = 18) -> str:
    """``text`` wrapped at ``width`` characters, at most three lines."""
    lines = _wrap(text, width)
    return "\n".join(lines[:3]) + ("…" if len(lines) > 3 else "")
