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


# -- charts drawn without matplotlib, for controls that must redraw fast -----------------------
def _esc(text) -> str:
    import html

    return html.escape(str(text), quote=True)


def winner_map_png(the_map: "pd.DataFrame", bidders: list[str], scale: int = 4) -> bytes:
    """One winner map as a PNG: price weight across, quality weight up, a colour per bidder, white where
    the weights would exceed 100. Drawn pixel by pixel with NumPy and Pillow (a few milliseconds)."""
    import numpy as np
    import pandas as pd
    from PIL import Image

    codes = pd.Categorical(the_map.to_numpy().ravel(), categories=bidders).codes.reshape(the_map.shape)
    palette = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)]
                        for c in (CATEGORICAL[k % len(CATEGORICAL)] for k in range(len(bidders)))] + [[255, 255, 255]],
                       dtype=np.uint8)
    rgb = palette[np.where(codes < 0, len(bidders), codes)]  # rows: price; columns: quality
    rgb = np.flipud(np.transpose(rgb, (1, 0, 2)))  # rows: quality, top = 100; columns: price
    image = Image.fromarray(np.ascontiguousarray(rgb), "RGB")
    image = image.resize((image.width * scale, image.height * scale), Image.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=1)
    return buffer.getvalue()


def winner_maps_html(panels: list[tuple[str, "pd.DataFrame"]], bidders: list[str], title: str,
                     mark: tuple[int, int] | None = None, source: str = "") -> str:
    """Winner maps side by side as HTML: each an image with alt text, axes and a cross at ``mark``
    (price, quality), then a colour key, the numbers as a table and the source."""
    import base64

    parts, numbers = [], []
    for name, the_map in panels:
        grid = the_map.to_numpy()
        counts = {b: int((grid == b).sum()) for b in bidders}
        total = sum(counts.values()) or 1
        top = max(bidders, key=counts.get)
        said = f"{top} wins across the largest area ({100 * counts[top] / total:.0f}% of weightings)"
        cross = ""
        if mark is not None and mark[0] + mark[1] <= 100:
            here = the_map.loc[mark[0], mark[1]]
            said += (f"; at your weighting (price {mark[0]}%, quality {mark[1]}%, social value "
                     f"{100 - mark[0] - mark[1]}%) {here} wins")
            numbers.append((f"{name}: at your weighting", str(here)))
            left = 100 * (mark[0] + 0.5) / len(the_map.index)
            top_pct = 100 * (1 - (mark[1] + 0.5) / len(the_map.columns))
            cross = (f'<span class="svkit-cross" aria-hidden="true" style="left:{left:.2f}%;top:{top_pct:.2f}%">'
                     "✕</span>")
        for b in bidders:
            numbers.append((f"{name}: {b}", f"wins at {counts[b]} of {total} weightings ({100 * counts[b] / total:.0f}%)"))
        alt = (f"{title}, {name}: a triangle of weightings, price weight across and quality weight up, coloured by "
               f"the winning bidder. {said}.")
        png = base64.b64encode(winner_map_png(the_map, bidders)).decode("ascii")
        parts.append(
            f'<div class="svkit-heat-panel"><p class="svkit-heat-title">{_esc(name)}</p>'
            '<div class="svkit-heat-row"><span class="svkit-heat-y">Quality weight: 100% at the top, 0% at the bottom</span>'
            f'<div class="svkit-marked"><img src="data:image/png;base64,{png}" alt="{_esc(alt)}" class="svkit-heat-img">'
            f"{cross}</div></div>"
            '<p class="svkit-heat-x">Price weight: 0% at the left, 100% at the right. '
            "White: weights over 100, not possible.</p></div>")
    key = "".join(f'<li><span class="svkit-swatch" style="background:{CATEGORICAL[i % len(CATEGORICAL)]}"></span>'
                  f"{_esc(b)}</li>" for i, b in enumerate(bidders))
    rows = "".join(f'<tr><th scope="row">{_esc(k)}</th><td>{_esc(v)}</td></tr>' for k, v in numbers)
    src = f'<p class="svkit-source">Source: {_esc(source)}</p>' if source else ""
    return (f'<figure class="svkit-figure"><figcaption class="svkit-chart-title">{_esc(title)}</figcaption>'
            f'<div class="svkit-side-by-side">{"".join(parts)}</div><ul class="svkit-legend" aria-label="Colour key">'
            f'{key}</ul><table class="svkit-numbers"><caption>The numbers in the chart</caption>{rows}</table>{src}'
            "</figure>")


def stacked_bars_html(panels: list[tuple[str, "pd.DataFrame"]], title: str, source: str = "") -> str:
    """Weighted score components as HTML bars, one block per evaluation (ranked frames from
    :func:`svkit.tender.evaluate`). Each bar says its numbers in text too."""
    blocks = []
    for name, frame in panels:
        rows = []
        for bidder, row in frame.iterrows():
            segments = "".join(
                f'<span class="svkit-bar-seg" style="width:{max(row[p], 0):.2f}%;background:{COMPONENT_COLOURS[p]}"></span>'
                for p in ("price", "quality", "social_value"))
            words = (f"total {row['total']:.1f}: price {row['price']:.1f}, quality {row['quality']:.1f}, "
                     f"social value {row['social_value']:.1f}")
            rows.append(f'<li><span class="svkit-bar-name">{_esc(bidder)}</span>'
                        f'<span class="svkit-bar" aria-hidden="true">{segments}</span>'
                        f'<span class="svkit-bar-words">{_esc(words)}</span></li>')
        blocks.append(f'<div class="svkit-bars-panel"><p class="svkit-heat-title">{_esc(name)}</p>'
                      f'<ol class="svkit-bars">{"".join(rows)}</ol></div>')
    key = "".join(f'<li><span class="svkit-swatch" style="background:{COMPONENT_COLOURS[p]}"></span>'
                  f"{COMPONENT_NAMES[p]}</li>" for p in ("price", "quality", "social_value"))
    src = f'<p class="svkit-source">Source: {_esc(source)}</p>' if source else ""
    return (f'<figure class="svkit-figure"><figcaption class="svkit-chart-title">{_esc(title)}. Bars run from 0 to '
            f'100 weighted marks.</figcaption><div class="svkit-side-by-side">{"".join(blocks)}</div>'
            f'<ul class="svkit-legend" aria-label="Colour key">{key}</ul>{src}</figure>')


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


def points_png(x, y, colour: "np.ndarray", size_km: float, pixels: int = 320, dot: int = 2) -> bytes:
    """A map of points as a PNG drawn with NumPy and Pillow: each point a small square in its
    group's colour (``colour`` indexes :data:`CATEGORICAL`, cycling), on white with a grey border."""
    import numpy as np
    from PIL import Image

    palette = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in CATEGORICAL], dtype=np.uint8)
    image = np.full((pixels, pixels, 3), 255, dtype=np.uint8)
    image[[0, -1], :, :] = 120
    image[:, [0, -1], :] = 120
    px = np.clip((np.asarray(x) / size_km * (pixels - 1)).astype(int), 0, pixels - 1)
    py = np.clip(((1 - np.asarray(y) / size_km) * (pixels - 1)).astype(int), 0, pixels - 1)
    rgb = palette[np.asarray(colour) % len(palette)]
    for dx in range(-dot, dot + 1):
        for dy in range(-dot, dot + 1):
            image[np.clip(py + dy, 0, pixels - 1), np.clip(px + dx, 0, pixels - 1)] = rgb
    buffer = io.BytesIO()
    Image.fromarray(image, "RGB").save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()
