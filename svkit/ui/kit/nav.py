"""Links between apps: relative links that work under any base URL, and a lesson's 'Practise' list."""

from __future__ import annotations

import posixpath

import ipywidgets as widgets

from svkit import catalogue
from svkit.ui.kit.html import esc

#: The start app, below the server root.
START_URL_PATH = "notebooks/00-start.ipynb"


def relative_href(from_url_path: str, to_url_path: str) -> str:
    """A link from one served app to another that works under any base URL."""
    return posixpath.relpath(to_url_path, posixpath.dirname(from_url_path))


def exercise_links(page, lesson_url_path: str, section: int) -> widgets.HTML:
    """A lesson's 'Practise' list: links to its section's exercises and back to the start page,
    each carrying the visitor's identity."""
    items = "".join(
        f'<li><a href="{esc(page.link(relative_href(lesson_url_path, e.url_path)))}">Exercise {esc(e.label)}: '
        f"{esc(e.title)}</a></li>"
        for e in catalogue.exercises(section)
    )
    start = esc(page.link(relative_href(lesson_url_path, START_URL_PATH)))
    return widgets.HTML(f"<h2>Practise</h2><ul>{items}</ul><p><a href=\"{start}\">Back to the start page</a></p>")

