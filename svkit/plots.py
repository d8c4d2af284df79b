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
    #: For charts drawn to be marked up in the page: each panel's data limits and where its
    #: plot area sits in the whole image, as fractions (x0, x1, y0, y1, left, right, top, bottom).
    frames: tuple = ()


def png_bytes(fig: Figure, dpi: int = 110, tight: bool = True) -> bytes:
    """Render a figure to PNG bytes (``tight=False`` keeps the figure's own frame, so
    :attr:`Chart.frames` positions stay true)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight" if tight else None)
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


#: Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), then extras.
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
               "#999999", "#882255", "#44AA99", "#117733"]
COMPONENT_COLOURS = {"price": "#0072B2", "quality": "#E69F00", "social_value": "#009E73"}
COMPONENT_NAMES = {"price": "Price", "quality": "Quality", "social_value": "Social value"}


def stacked_scores(panels: list[tuple[str, "pd.DataFrame"]], title: str) -> Chart:
    """Horizontal stacked bars of weighted score components, one panel per evaluation.

    Each frame is :func:`svkit.tender.evaluate`'s result (ranked, indexed by bidder).
    """
    if not panels:
        raise ValueError("Nothing to draw.")
    rows = max(len(frame) for _, frame in panels)
    fig = Figure(figsize=(4.2 * len(panels), 0.42 * rows + 1.6))
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    numbers = []
    for ax, (name, frame) in zip(axes, panels):
        y = list(range(len(frame)))[::-1]
        left = [0.0] * len(frame)
        for part in ("price", "quality", "social_value"):
            values = frame[part].to_list()
            ax.barh(y, values, left=left, color=COMPONENT_COLOURS[part], label=COMPONENT_NAMES[part])
            left = [a + b for a, b in zip(left, values)]
        ax.set_yticks(y, [_short(b) for b in frame.index])
        ax.set_xlim(0, 100)
        ax.set_xlabel("Weighted marks out of 100")
        ax.set_title(name, fontsize=10)
        for bidder, row in frame.iterrows():
            numbers.append((f"{name}: {bidder}",
                            f"total {row['total']:.1f} (price {row['price']:.1f}, quality {row['quality']:.1f}, "
                            f"social value {row['social_value']:.1f})"))
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=3, fontsize=8, frameon=False)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    winners = "; ".join(f"{name}: {frame.index[0]} wins with {frame['total'].iloc[0]:.1f}" for name, frame in panels)
    alt = f"{title}. Stacked bars of each bidder's price, quality and social value marks. {winners}."
    return Chart(fig, alt, numbers)


def _short(name: str, width: int = 22) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def winner_maps(panels: list[tuple[str, "pd.DataFrame"]], bidders: list[str], title: str,
                mark: tuple[float, float] | None = None) -> Chart:
    """Heat maps of which bidder wins at each price (x) and quality (y) weight; social value takes the rest.

    ``panels`` are :func:`svkit.tender.winner_map` results; ``mark`` is the current
    (price, quality) weighting, drawn as a cross on every panel.
    """
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    if not panels or not bidders:
        raise ValueError("Nothing to draw.")
    colours = [CATEGORICAL[i % len(CATEGORICAL)] for i in range(len(bidders))]
    cmap = ListedColormap(colours)
    cmap = cmap.with_extremes(bad="#ffffff")
    code = {b: i for i, b in enumerate(bidders)}
    fig = Figure(figsize=(4.0 * len(panels), 4.6))
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    numbers, sentences = [], []
    for ax, (name, the_map) in zip(axes, panels):
        grid = the_map.to_numpy()
        codes = np.full(grid.shape, np.nan)
        for (i, j), cell in np.ndenumerate(grid):
            if isinstance(cell, str):
                codes[i, j] = code[cell]
        prices = the_map.index.to_numpy(dtype=float)
        qualities = the_map.columns.to_numpy(dtype=float)
        step = prices[1] - prices[0] if len(prices) > 1 else 1.0
        # rows are price weights: transpose so price runs along x and quality up y
        ax.imshow(np.ma.masked_invalid(codes.T), origin="lower", cmap=cmap, vmin=-0.5, vmax=len(bidders) - 0.5,
                  extent=(prices[0] - step / 2, prices[-1] + step / 2, qualities[0] - step / 2, qualities[-1] + step / 2),
                  interpolation="nearest", aspect="equal")
        ax.set_xlabel("Price weight (%)")
        ax.set_ylabel("Quality weight (%)")
        ax.set_title(name, fontsize=10)
        ax.text(62, 80, "weights over 100:\nnot possible", fontsize=7, color="#444", ha="center")
        counts = {b: int((grid == b).sum()) for b in bidders}
        total = sum(counts.values()) or 1
        for b in bidders:
            numbers.append((f"{name}: {b}", f"wins at {counts[b]} of {total} weightings ({100 * counts[b] / total:.0f}%)"))
        if mark is not None:
            p, q = mark
            ax.plot([p], [q], marker="X", markersize=13, color="#ffffff", markeredgecolor="#000000", markeredgewidth=1.5)
            here = the_map.loc[int(round(p / step) * step), int(round(q / step) * step)] if p + q <= 100 else None
            if isinstance(here, str):
                sentences.append(f"{name}: at your weighting {here} wins")
                numbers.append((f"{name}: at your weighting", str(here)))
        top = max(bidders, key=counts.get)
        sentences.append(f"{name}: {top} wins across the largest area ({100 * counts[top] / total:.0f}%)")
    handles = [Patch(color=c, label=_short(b)) for b, c in zip(bidders, colours)]
    fig.legend(handles=handles, loc="lower center", ncol=min(3, len(bidders)), fontsize=8, frameon=False,
               bbox_to_anchor=(0.5, -0.02))
    fig.suptitle(title, fontsize=11)
    fig.tight_layout(rect=(0, 0.1 + 0.03 * ((len(bidders) - 1) // 3), 1, 1))
    frames = []
    for ax in axes:
        ax.apply_aspect()
        box = ax.get_position()  # figure fractions, origin bottom left
        x0, x1 = ax.get_xlim()
        y0, y1 = ax.get_ylim()
        frames.append((x0, x1, y0, y1, box.x0, box.x1, 1 - box.y1, 1 - box.y0))
    alt = (f"{title}. Each point is a weighting: price weight across, quality weight up, social value the rest. "
           f"The colour shows the winning bidder{'; a cross marks your weighting' if mark else ''}. "
           + ". ".join(sentences) + ".")
    return Chart(fig, alt, numbers, tuple(frames))


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
