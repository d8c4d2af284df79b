"""The trainer's side of a workshop, shared by the CLI and the console: links and exports.

Joins the store to the pure aggregation in :mod:`svkit.room` and the writers in :mod:`svkit.export`.
"""

from __future__ import annotations

from urllib.parse import urlencode

from svkit import export, room
from svkit.paths import CONSOLE_APP, PROJECTOR_APP
from svkit.store import AnswerStore, StoreError, normalise_join_code

EXPORT_FORMATS = ("xlsx", "csv")


def app_url(host_url: str, app_path: str, workshop: str, key: str) -> str:
    """A keyed trainer app's URL: ``http://host:port/voila/render/trainer/console.ipynb?ws=CODE&k=KEY``."""
    return f"{host_url.rstrip('/')}/voila/render/{app_path}?{urlencode({'ws': workshop, 'k': key})}"


def console_url(host_url: str, workshop: str, key: str) -> str:
    return app_url(host_url, CONSOLE_APP, workshop, key)


def projector_url(host_url: str, workshop: str, key: str) -> str:
    return app_url(host_url, PROJECTOR_APP, workshop, key)


def export_sheets(store: AnswerStore, workshop: str) -> dict[str, list[list]]:
    """The workshop's summaries as one table per exercise (see :func:`svkit.room.export_sheets`)."""
    code = normalise_join_code(workshop)
    if store.find_workshop(code) is None:
        raise StoreError(f"No workshop has the code '{workshop}'.")
    return room.export_sheets(store.summary_rows(code), store.members(code))


def export_bytes(store: AnswerStore, workshop: str, fmt: str) -> bytes:
    """The workshop's export as .xlsx (one sheet per exercise) or .csv (one section per exercise)."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Export as .xlsx or .csv, not .{fmt}.")
    sheets = export_sheets(store, workshop)
    return export.to_xlsx_sheets(sheets) if fmt == "xlsx" else export.to_csv_sections(sheets)
