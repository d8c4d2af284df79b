"""Charts drawn without matplotlib, for controls that must redraw fast and apps that should not
load it: HTML bars and heat maps, and point maps painted with NumPy and Pillow.

Each chart carries its text alternative: alt text on images, and the numbers as text or a table.
"""

from __future__ import annotations

import base64
import io

#: Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), then extras.
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
               "#999999", "#882255", "#44AA99", "#117733"]
COMPONENT_COLOURS = {"price": "#0072B2", "quality": "#E69F00", "social_value": "#009E73"}
COMPONENT_NAMES = {"price": "Price", "quality": "Quality", "social_value": "Social value"}


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
            left, top_pct = _place(the_map, mark[0], mark[1])
            cross = (f'<span class="svkit-cross" aria-hidden="true" style="left:{left:.2f}%;top:{top_pct:.2f}%">'
                     "✕</span>")
        for b in bidders:
            numbers.append((f"{name}: {b}", f"wins at {counts[b]} of {total} weightings ({100 * counts[b] / total:.0f}%)"))
        alt = (f"{title}, {name}: a triangle of weightings, price weight across and quality weight up, coloured by "
               f"the winning bidder. {said}.")
        parts.append(_heat_panel(name, the_map, bidders, alt, cross))
    return _heat_figure(title, parts, bidders, numbers, "The numbers in the chart", source)


def _place(the_map: "pd.DataFrame", price: int, quality: int) -> tuple[float, float]:
    """Where a weighting falls on a winner map's picture: % from the left, % from the top."""
    return 100 * (price + 0.5) / len(the_map.index), 100 * (1 - (quality + 0.5) / len(the_map.columns))


def _heat_panel(name: str, the_map: "pd.DataFrame", bidders: list[str], alt: str, marks: str) -> str:
    """One winner map's picture with its axis labels and the marks (HTML) laid over it."""
    png = base64.b64encode(winner_map_png(the_map, bidders)).decode("ascii")
    return (f'<div class="svkit-heat-panel"><p class="svkit-heat-title">{_esc(name)}</p>'
            '<div class="svkit-heat-row"><span class="svkit-heat-y">Quality weight: 100% at the top, 0% at the bottom</span>'
            f'<div class="svkit-marked"><img src="data:image/png;base64,{png}" alt="{_esc(alt)}" class="svkit-heat-img">'
            f"{marks}</div></div>"
            '<p class="svkit-heat-x">Price weight: 0% at the left, 100% at the right. '
            "White: weights over 100, not possible.</p></div>")


def _heat_figure(title: str, parts: list[str], bidders: list[str], numbers: list[tuple[str, str]], caption: str,
                 source: str) -> str:
    """Winner map panels side by side, the colour key, and the numbers as a table under ``caption``."""
    key = "".join(f'<li><span class="svkit-swatch" style="background:{CATEGORICAL[i % len(CATEGORICAL)]}"></span>'
                  f"{_esc(b)}</li>" for i, b in enumerate(bidders))
    rows = "".join(f'<tr><th scope="row">{_esc(k)}</th><td>{_esc(v)}</td></tr>' for k, v in numbers)
    src = f'<p class="svkit-source">Source: {_esc(source)}</p>' if source else ""
    return (f'<figure class="svkit-figure"><figcaption class="svkit-chart-title">{_esc(title)}</figcaption>'
            f'<div class="svkit-side-by-side">{"".join(parts)}</div><ul class="svkit-legend" aria-label="Colour key">'
            f'{key}</ul><table class="svkit-numbers"><caption>{_esc(caption)}</caption>{rows}</table>{src}'
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


def svg_img(svg: str, alt: str, width: str = "100%") -> str:
    """An SVG drawing as an <img> with alt text (a data URI, so it passes axe-core's image rules)."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" alt="{_esc(alt)}" style="max-width:{width};height:auto">'


def _wrap_lines(text: str, width: int, most: int) -> list[str]:
    import textwrap

    lines = textwrap.wrap(str(text), width=width) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: max(0, width - 1)].rstrip() + "…"
    return lines


def flow_svg(columns: list[tuple[str, list[tuple[str, str, bool]]]], edges: list[tuple[str, str]],
             box_width: int = 190, gap: int = 46, chars: int = 28, most_lines: int = 4) -> str:
    """A left-to-right flow figure as SVG text: one column per (heading, [(id, text, flagged)]),
    boxes stacked in each, a curve for each (from id, to id) edge. Flagged boxes get a dashed
    vermilion border and a '!' so they do not rely on colour alone."""
    line_h, pad, vgap, top = 15, 8, 12, 34
    pos: dict[str, tuple[float, float, float]] = {}  # id -> (x, y, height)
    boxes, tallest = [], top
    for col, (heading, items) in enumerate(columns):
        x = col * (box_width + gap) + 2
        boxes.append(f'<text x="{x + box_width / 2}" y="18" text-anchor="middle" font-weight="bold" '
                     f'font-size="13">{_esc(heading)}</text>')
        y = top
        for item_id, text, flagged in items:
            lines = _wrap_lines(text, chars, most_lines)
            h = len(lines) * line_h + 2 * pad
            pos[item_id] = (x, y, h)
            stroke = 'stroke="#D55E00" stroke-width="2.5" stroke-dasharray="6 3"' if flagged else \
                'stroke="#0072B2" stroke-width="1.2"'
            boxes.append(f'<rect x="{x}" y="{y}" width="{box_width}" height="{h}" rx="6" fill="#ffffff" {stroke}/>')
            for i, line in enumerate(lines):
                boxes.append(f'<text x="{x + pad}" y="{y + pad + (i + 0.8) * line_h}" font-size="12">{_esc(line)}</text>')
            if flagged:
                boxes.append(f'<circle cx="{x + box_width - 2}" cy="{y + 2}" r="9" fill="#D55E00"/>'
                             f'<text x="{x + box_width - 2}" y="{y + 6.5}" text-anchor="middle" font-size="13" '
                             'font-weight="bold" fill="#ffffff">!</text>')
            y += h + vgap
        tallest = max(tallest, y)
    curves = []
    for a, b in edges:
        if a not in pos or b not in pos:
            continue
        ax, ay, ah = pos[a]
        bx, by, bh = pos[b]
        x1, y1, x2, y2 = ax + box_width, ay + ah / 2, bx, by + bh / 2
        mid = (x1 + x2) / 2
        curves.append(f'<path d="M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}" fill="none" stroke="#555555" '
                      'stroke-width="1.3" marker-end="url(#arrow)"/>')
    width = len(columns) * (box_width + gap) - gap + 14
    height = max(tallest, top + 40) + 4
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            'font-family="Arial, Helvetica, sans-serif">'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
            'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555555"/></marker></defs>'
            '<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(curves) + "".join(boxes) + "</svg>")


def radar_svg(axes: list[str], values: list[float], low: float, high: float, size: int = 440) -> str:
    """A radar (spider) chart as SVG text: one axis per label, rings at each whole step, the
    values as a filled polygon with a dot on each axis."""
    import math

    cx, cy, r = size / 2, size / 2 + 4, size / 2 - 88
    n = len(axes)

    def point(i: int, v: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        frac = (v - low) / (high - low) if high > low else 0
        return cx + r * frac * math.cos(angle), cy + r * frac * math.sin(angle)

    parts = []
    for step in range(int(low), int(high) + 1):
        ring = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, step) for i in range(n)))
        parts.append(f'<polygon points="{ring}" fill="none" stroke="#cccccc" stroke-width="1"/>')
    for i, label in enumerate(axes):
        x, y = point(i, high)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="#bbbbbb"/>')
        lx, ly = point(i, high + (high - low) * 0.12)
        anchor = "middle" if abs(lx - cx) < 20 else ("start" if lx > cx else "end")
        for k, line in enumerate(_wrap_lines(label, 22, 3)):
            parts.append(f'<text x="{lx:.1f}" y="{ly + k * 14:.1f}" text-anchor="{anchor}" font-size="12">{_esc(line)}</text>')
    if values:
        shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))
        parts.append(f'<polygon points="{shape}" fill="#0072B2" fill-opacity="0.25" stroke="#0072B2" stroke-width="2"/>')
        for i, v in enumerate(values):
            x, y = point(i, v)
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#0072B2"/>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}" '
            'font-family="Arial, Helvetica, sans-serif"><rect width="100%" height="100%" fill="#ffffff"/>'
            + "".join(parts) + "</svg>")


def winner_maps_marked_html(panels: list[tuple[str, "pd.DataFrame"]], bidders: list[str], title: str,
                            marks: list[tuple[str, int, int]], source: str = "") -> str:
    """Winner maps side by side with many weightings marked, one numbered marker each (the room's view).

    ``marks`` are (marker text, price weight, quality weight); the marker text is drawn on the map and
    repeated in the text alternative with who wins at that weighting. Each map's alt text says how many
    weightings are marked and who wins at most of them; the numbers follow as a table.
    """
    parts, numbers = [], []
    for name, the_map in panels:
        spots, winners = [], {}
        for text, price, quality in marks:
            if price < 0 or quality < 0 or price + quality > 100:
                continue
            here = str(the_map.loc[price, quality])
            winners[here] = winners.get(here, 0) + 1
            numbers.append((f"{name}: weighting {text} (price {price}%, quality {quality}%, social value "
                            f"{100 - price - quality}%)", f"{here} wins"))
            left, top = _place(the_map, price, quality)
            spots.append(f'<span class="svkit-room-mark" aria-hidden="true" style="left:{left:.2f}%;top:{top:.2f}%">'
                         f"{_esc(text)}</span>")
        said = "; ".join(f"{b} wins at {n}" for b, n in sorted(winners.items(), key=lambda kv: -kv[1]))
        alt = (f"{title}, {name}: a triangle of weightings, price weight across and quality weight up, coloured by "
               f"the winning bidder, with {sum(winners.values())} of the room's weightings marked"
               f"{': ' + said if said else ''}.")
        parts.append(_heat_panel(name, the_map, bidders, alt, "".join(spots)))
    return _heat_figure(title, parts, bidders, numbers, "The marked weightings and who wins at each", source)
