"""The shared parts of every app (one import: ``from svkit.ui.kit import Page, esc, ...``).

- :mod:`svkit.ui.kit.page`: the page context (:class:`Page`, :func:`bind`, :func:`guarded`,
  the ready marker, the stylesheet and page scripts from ``svkit/ui/static/``).
- :mod:`svkit.ui.kit.html`: escaping, messages, intro and key points, tables, links, figures.
- :mod:`svkit.ui.kit.widgets`: the record panel and the upload box.
- :mod:`svkit.ui.kit.app`: :class:`InputApp`, the shape of an app that turns inputs into a result.
- :mod:`svkit.ui.kit.quiz`: question widgets.
- :mod:`svkit.ui.kit.nav`: links between apps.
"""

from svkit.ui.kit.html import (WIDE, Markup, brief, chart, download_link, download_link_html, esc, feedback_area,
                               figure_html, intro, key_points, legal_notice, live_note, message, say, sources_html, table)
from svkit.ui.kit.page import (MAX_RESTORED_CHARS, PAGE_SCRIPT, READY_CLASS, STYLE, SUMMARY_FIELD, Page,
                               ScriptRunner, app_name, bind, guarded, in_kernel, page_for, readouts_not_tab_stops,
                               ready_marker, room_href, saved_description, style)
from svkit.ui.kit.widgets import bound_text, chosen, record_downloads, record_panel, upload_box
from svkit.ui.kit.app import InputApp

__all__ = [
    "WIDE", "Markup", "brief", "chart", "download_link", "download_link_html", "esc", "feedback_area", "figure_html",
    "intro", "key_points", "legal_notice", "live_note", "message", "say", "sources_html", "table",
    "MAX_RESTORED_CHARS", "PAGE_SCRIPT", "READY_CLASS", "STYLE", "SUMMARY_FIELD", "Page", "ScriptRunner",
    "app_name", "bind", "guarded", "in_kernel", "page_for", "readouts_not_tab_stops", "ready_marker",
    "room_href", "saved_description", "style", "bound_text", "chosen", "record_downloads", "record_panel", "upload_box", "InputApp",
]
