"""Composite widgets every app can use: the record panel and the upload box."""

from __future__ import annotations

from typing import Any, Callable

import ipywidgets as widgets

from svkit.ui.kit.html import WIDE, download_link_html, esc, feedback_area, message
from svkit.ui.kit.page import Page, guarded


def record_downloads(record, stem: str, what: str, sheets: list[tuple[str, list[list]]] | None = None,
                     sheets_what: str = "the tables") -> str:
    """Links to download a record as .docx and .md, dated, plus ``sheets`` as .xlsx when given
    (export is imported only when asked)."""
    from svkit import export

    links = [
        download_link_html(export.to_docx(record), export.dated_filename(stem, "docx"),
                           f"Download {what} (.docx)", export.DOCX_MIME),
        download_link_html(export.to_markdown(record).encode("utf-8"), export.dated_filename(stem, "md"),
                           f"Download {what} (.md)", export.MD_MIME),
    ]
    if sheets:
        links.append(download_link_html(export.to_workbook(sheets), export.dated_filename(stem, "xlsx"),
                                        f"Download {sheets_what} (.xlsx, Excel)", export.XLSX_MIME))
    return "<p>" + " · ".join(links) + "</p>"


def record_panel(page: Page, build: Callable[[], tuple[Any, list[tuple[str, list[list]]] | None]], stem: str,
                 what: str, sheets_what: str = "the tables", label: str = "Prepare my record") -> widgets.VBox:
    """A button that writes a record of what the page shows now, as .docx and .md (and .xlsx when
    ``build`` returns sheets); ``build()`` returns ``(record, sheets or None)``.

    The record is written only when asked, so no change on the page pays for it. ``panel.stale()``
    takes the links away when the page no longer matches them.
    """
    button = widgets.Button(description=label, layout=widgets.Layout(width="auto"))
    area = feedback_area()
    links = widgets.HTML()

    @guarded(page, area)
    def prepare(_=None):
        record, sheets = build()
        links.value = record_downloads(record, stem, what, sheets, sheets_what)
        area.value = message("Your record is ready. It holds what the page shows now; press again after a change.",
                             "ok")

    def stale() -> None:
        if links.value:
            links.value = ""
            area.value = message("The page has changed since your record was written; press the button for a new one.",
                                 "info")

    button.on_click(prepare)
    panel = widgets.VBox([widgets.HTML("<h2>Your record</h2>"), button, area, links])
    panel.prepare, panel.stale, panel.links = prepare, stale, links
    return panel


def upload_box(page: Page, label: str, limit_bytes: int, on_file: Callable[[str, bytes], str],
               accept: str = ".csv", limit_rows: int | None = None, rows_of: str = "rows") -> widgets.VBox:
    """A file upload with its size limit (and row limit, when given) stated beside it and messages next to it.

    ``on_file(name, content)`` returns a confirmation to show; a ``ValueError`` it raises
    is shown as a plain message and the app keeps its previous data. ``on_file`` must refuse a
    file over ``limit_rows`` before any heavy work; the size limit is checked here first.
    """
    limit_mb = limit_bytes / 1_000_000
    upload = widgets.FileUpload(accept=accept, multiple=False, description=label,
                                layout=widgets.Layout(width="auto"))
    upload.add_class(f"svkit-max-bytes-{int(limit_bytes)}")  # the browser refuses larger files before sending
    rows = f" and {limit_rows:,} {esc(rows_of)}" if limit_rows else ""
    note = widgets.HTML(f'<p class="svkit-hint">One {esc(accept)} file, up to {limit_mb:g} MB{rows}.</p>')
    area = feedback_area()

    @guarded(page, area)
    def received(change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        content = bytes(item["content"])
        name = str(item.get("name", "file"))
        if len(content) > limit_bytes:
            raise ValueError(f"'{name}' is {len(content) / 1_000_000:.1f} MB; the limit is {limit_mb:g} MB. "
                             "Nothing was changed.")
        area.value = message(on_file(name, content), "ok")

    upload.observe(received, names="value")
    return widgets.VBox([widgets.HBox([upload, note]), area])


def text_box(description: str, placeholder: str = "") -> widgets.Text:
    """A full-width one-line text box (bind it, or declare it as an app's input)."""
    return widgets.Text(description=description, placeholder=placeholder, style=WIDE,
                        layout=widgets.Layout(width="100%"))


def bound_text(page: Page, field: str, description: str, placeholder: str = "") -> widgets.Text:
    """A full-width one-line text box, restored from and saved to the answer ``field``."""
    return page.bind(text_box(description, placeholder), field)


def chosen(dropdown: widgets.Dropdown, nothing: Any, refusal: str) -> Any:
    """The dropdown's value, or a ``ValueError`` saying ``refusal`` when it still shows ``nothing``."""
    if dropdown.value == nothing:
        raise ValueError(refusal)
    return dropdown.value
