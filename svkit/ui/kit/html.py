"""HTML pieces for every app: escaping, messages, the intro and key points, tables, links and figures.

Every piece of text that came from a participant goes through :func:`esc` before it reaches
an HTML widget; :func:`table` escapes every cell by construction.
"""

from __future__ import annotations

import base64
import html
import re
from typing import Any, Iterable, Mapping

import ipywidgets as widgets

from svkit import content

#: The style that lets a widget's description take the room it needs.
WIDE = {"description_width": "initial"}


def esc(text: Any) -> str:
    """Escape any text for HTML (participant text always goes through this)."""
    return html.escape(str(text), quote=True)


# -- small builders ---------------------------------------------------------
def message(text: str = "", kind: str = "info") -> str:
    """HTML for a message shown beside an input; kind is info, ok, warn or error."""
    if not text:
        return ""
    icon = {"ok": "✓ ", "warn": "⚠ ", "error": "✗ "}.get(kind, "")
    return f'<p class="svkit-msg svkit-msg-{kind}">{icon}{esc(text)}</p>'


def feedback_area() -> widgets.HTML:
    """An empty area for messages beside an input; announced when it changes."""
    area = widgets.HTML("")
    area.add_class("svkit-status")
    area.add_class("svkit-feedback")
    return area


def live_note() -> widgets.HTML:
    """A short line for screen readers, announced when it changes (the visible result beside it
    is not a live region, so long tables and lists are not read out on every change)."""
    note = widgets.HTML("")
    note.add_class("svkit-status")
    return note


def say(note: widgets.HTML, text: str) -> None:
    note.value = f'<span class="svkit-visually-hidden">{esc(text)}</span>'


def sources_html(sources: list[content.SourceRef]) -> str:
    if not sources:
        return ""
    items = "; ".join(esc(str(s)) for s in sources)
    return f'<p class="svkit-source">Source: {items}.</p>'


def intro(label_or_intro: str | content.AppIntro | content.Section) -> widgets.HTML:
    """The top of an app: title, objectives, questions and estimated time."""
    item = _intro_item(label_or_intro)
    objectives = "".join(f"<li>{esc(o)}</li>" for o in item.objectives)
    questions = getattr(item, "questions", []) or []
    qs = "".join(f"<li>{esc(q)}</li>" for q in questions)
    if isinstance(item, content.Section):
        heading = esc(f"{item.number}. {item.title}")
    elif re.match(r"^\d+-\d+$", item.label):  # an exercise
        heading = esc(f"Exercise {item.label}: {item.title}")
    else:
        heading = esc(item.title)
    parts = [
        f'<header class="svkit-intro"><h1>{heading}</h1>',
        f'<p class="svkit-time">Time: about {item.minutes} minutes.</p>',
        f"<h2>What you will be able to do</h2><ul>{objectives}</ul>",
    ]
    if qs:
        parts.append(f"<h2>Questions this answers</h2><ul>{qs}</ul>")
    parts.append(sources_html(item.sources))
    parts.append("</header>")
    return widgets.HTML("".join(parts), layout=widgets.Layout(width="100%", margin="0"))  # no overflow, so no scrollbar


def key_points(label_or_intro: str | content.AppIntro | content.Section) -> widgets.HTML:
    """The end of an app: its key points."""
    item = _intro_item(label_or_intro)
    points = "".join(f"<li>{esc(p)}</li>" for p in item.key_points)
    return widgets.HTML(f'<section class="svkit-keypoints"><h2>Key points</h2><ul>{points}</ul></section>')


def legal_notice() -> str:
    """The one 'not legal advice' notice (data/settings.yaml), as a warning beside the content."""
    return message(content.settings().not_legal_advice, "warn")


def brief(label: str) -> str:
    """The app's brief and task as HTML (``brief`` in data/apps/<label>.yaml: our words, no participant text)."""
    return _intro_item(label).brief


def _intro_item(value: str | content.AppIntro | content.Section) -> content.AppIntro | content.Section:
    if not isinstance(value, str):
        return value
    loaded = content.load()
    if value in loaded.apps:
        return loaded.apps[value]
    for section in loaded.sections:
        if value in (section.id, str(section.number), section.lesson):
            return section
    raise KeyError(f"no content for '{value}'")


def download_link(data: bytes, filename: str, text: str, mime: str = "application/octet-stream") -> widgets.HTML:
    """A link that downloads ``data`` as ``filename`` (a data URI; works in Voila)."""
    return widgets.HTML(download_link_html(data, filename, text, mime))


def download_link_html(data: bytes, filename: str, text: str, mime: str = "application/octet-stream") -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="svkit-download" download="{esc(filename)}" '
        f'href="data:{esc(mime)};base64,{encoded}">{esc(text)}</a>'
    )


def figure_html(svg_or_png: bytes, alt: str, mime: str = "image/png", numbers_html: str = "") -> widgets.HTML:
    """A chart as an ``<img>`` with real alt text, followed by its numbers as text."""
    encoded = base64.b64encode(svg_or_png).decode("ascii")
    img = f'<img src="data:{esc(mime)};base64,{encoded}" alt="{esc(alt)}" style="max-width:100%">'
    return widgets.HTML(f'<figure class="svkit-figure">{img}{numbers_html}</figure>')


def chart(item: "plots.Chart", caption: str = "", source: str = "", png: bytes | None = None) -> widgets.HTML:
    """A chart as an accessible ``<img>``, then its numbers as a table, caption and source.

    ``png`` passes an already rendered image (a cached figure) instead of ``item.figure``.
    """
    from svkit import plots

    numbers = table("The numbers in the chart", [], item.numbers, css_class="svkit-numbers")
    extra = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    if source:
        extra += f'<p class="svkit-source">Source: {esc(source)}</p>'
    image = png if png is not None else plots.png_bytes(item.figure)
    return figure_html(image, item.alt, "image/png", numbers + extra)


def table(caption: str, header: Iterable[Any], rows: Iterable[Iterable[Any]], row_headers: bool = True,
          css_class: str = "svkit-table", *, cell_classes: Mapping[int, str] | None = None,
          row_classes: Mapping[int, str] | None = None, row_header_column: int = 0) -> str:
    """An HTML table, every cell escaped: ``header`` names the columns (an empty header: no header row,
    for a table whose rows name themselves); the cell in column ``row_header_column`` (the first, unless
    told) of a row is its row header when ``row_headers``.
    ``cell_classes`` gives the body cells of a column (by its index) a class; ``row_classes`` gives a body
    row (by its index, from 0) a class. A cell that is already HTML is wrapped in :class:`Markup`.
    """
    classes, row_css = cell_classes or {}, row_classes or {}

    def cell(value: Any, tag: str, scope: str = "", css: str = "") -> str:
        text = value.html if isinstance(value, Markup) else esc(value)
        attrs = (f' scope="{scope}"' if scope else "") + (f' class="{esc(css)}"' if css else "")
        return f"<{tag}{attrs}>{text}</{tag}>"

    head = "".join(cell(h, "th", "col") for h in header)
    body = []
    for n, row in enumerate(rows):
        cells = [cell(c, "th", "row", classes.get(i, "")) if i == row_header_column and row_headers
                 else cell(c, "td", "", classes.get(i, "")) for i, c in enumerate(row)]
        tr = f'<tr class="{esc(row_css[n])}">' if row_css.get(n) else "<tr>"
        body.append(tr + "".join(cells) + "</tr>")
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<table class="{esc(css_class)}">{cap}{f"<tr>{head}</tr>" if head else ""}{"".join(body)}</table>'


class Markup:
    """Cell content that is already safe HTML (built from escaped parts)."""

    def __init__(self, html_text: str):
        self.html = html_text
