"""Writers for what participants take back to the office: .docx, .md, .csv, .xlsx.

A record is a title, an optional list of (label, value) facts and a list of
sections (heading, paragraphs). Spreadsheet cells that start with = + - @
(or a tab or carriage return) are neutralised with a leading apostrophe so a
participant's text can never run as a formula when the file is opened.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from docx import Document  # imported here so a preheated kernel has it loaded before its visitor

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Record:
    """A document to download."""

    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value) pairs
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, paragraphs)
    footer: str = ""


def safe_cell(value):
    """A spreadsheet cell value that cannot be read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def md_text(text) -> str:
    """Text for a Markdown file that stays text when rendered: HTML is escaped, so a participant's
    '<img onerror=...>' or '<script>' shows as written instead of running in a Markdown viewer."""
    import html

    return html.escape(str(text), quote=False)


def to_markdown(record: Record) -> str:
    lines = [f"# {md_text(record.title)}", ""]
    for label, value in record.facts:
        lines.append(f"- **{md_text(label)}:** {md_text(value)}")
    if record.facts:
        lines.append("")
    for heading, paragraphs in record.sections:
        lines += [f"## {md_text(heading)}", ""]
        for p in paragraphs:
            lines += [md_text(p) if p.strip() else "_(nothing written yet)_", ""]
    if record.footer:
        lines += ["---", "", md_text(record.footer), ""]
    return "\n".join(lines)


def to_docx(record: Record) -> bytes:
    doc = Document()
    doc.core_properties.title = record.title
    doc.add_heading(record.title, level=1)
    for label, value in record.facts:
        para = doc.add_paragraph()
        para.add_run(f"{label}: ").bold = True
        para.add_run(value)
    for heading, paragraphs in record.sections:
        doc.add_heading(heading, level=2)
        for p in paragraphs:
            doc.add_paragraph(p if p.strip() else "(nothing written yet)")
    if record.footer:
        doc.add_paragraph(record.footer).italic = True
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def to_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")  # BOM so Excel reads £ correctly


def to_xlsx(rows: list[list], sheet: str = "svkit") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def dated_filename(stem: str, extension: str, today: date | None = None) -> str:
    """'svkit-start-2026-11-22.md' style names."""
    return f"{stem}-{(today or date.today()).isoformat()}.{extension}"


DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MD_MIME = "text/markdown"
CSV_MIME = "text/csv"


def to_xlsx_sheets(sheets: dict[str, list[list]]) -> bytes:
    """A workbook with one sheet per entry (name -> rows); every cell neutralised."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in (sheets or {"none yet": [["Nothing has been saved in this workshop yet."]]}).items():
        ws = wb.create_sheet(title=_sheet_title(name))
        for row in rows:
            ws.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def to_csv_sections(sheets: dict[str, list[list]]) -> bytes:
    """Several tables in one CSV: each after a row naming it, with a blank row between."""
    rows: list[list] = []
    for name, table in sheets.items():
        if rows:
            rows.append([])
        rows.append([f"Exercise {name}"])
        rows.extend(table)
    return to_csv(rows)


def _sheet_title(name: str) -> str:
    """A name Excel accepts for a sheet: at most 31 characters, none of []:*?/\\."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in str(name)).strip("'")
    return (cleaned or "sheet")[:31]
