"""Writers for what participants take back to the office: .docx, .md, .csv, .xlsx.

A record is a title, an optional list of (label, value) facts and a list of
sections (heading, paragraphs). Spreadsheet cells go through one rule,
:func:`safe_cell`: text that a spreadsheet could read as a formula gets a
leading apostrophe, so a participant's text can never run when the file is
opened; numbers stay numbers (numeric cells in .xlsx).
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from docx import Document  # imported here so a preheated kernel has it loaded before its visitor

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Where a spreadsheet may split a cell into several (list separators in some locales, line breaks):
#: a formula may start again after any of them ('x;=1+1').
CELL_SPLITS = re.compile(r"[;,|\t\r\n]")
CANONICAL_NUMBER = re.compile(r"[+-]?(0|[1-9]\d*)(\.\d+)?")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@dataclass(frozen=True)
class Record:
    """A document to download."""

    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)  # (label, value) pairs
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, paragraphs)
    footer: str = ""


def _could_be_formula(text: str) -> bool:
    if text.startswith(("\t", "\r")):
        return True
    for part in [text, *CELL_SPLITS.split(text)[1:]]:
        folded = unicodedata.normalize("NFKC", part).strip()  # full-width '＝＋－＠' read as '=+-@'
        if folded.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(part.strip()):
            return True
    return False


def safe_cell(value):
    """The one rule for every spreadsheet cell (.csv and .xlsx): a value that cannot run as a formula.

    Text that starts with = + - @ (or a tab or carriage return), also after leading spaces or line
    breaks, in full-width form ('＝'), or after a list separator or line break inside the cell
    ('x;=1+1'), gets a leading apostrophe. Real numbers stay numbers: an int or float is returned as
    it is, and text that is just a number ('-2', '3.5') is returned as that number.
    """
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return value if not isinstance(value, float) or math.isfinite(value) else str(value)
    if not isinstance(value, str):
        value = str(value)
    if CANONICAL_NUMBER.fullmatch(value.strip()):  # '-2', '3.5' (not '007', kept as text)
        return float(value) if "." in value else int(value)
    if _could_be_formula(value):
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
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)  # text quoted, so 'x;=1+1' stays one cell
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")  # BOM so Excel reads £ correctly


def to_xlsx(rows: list[list], sheet: str = "svkit") -> bytes:
    """One sheet of rows as an .xlsx workbook (every cell through :func:`safe_cell`)."""
    return to_workbook([(sheet, rows)])


def to_workbook(sheets: list[tuple[str, list[list]]]) -> bytes:
    """Named sheets of rows as an .xlsx workbook: the first row of each is its bold header.

    Every cell goes through :func:`safe_cell`; text cells are stored as text (never as a formula)
    and numbers as numeric cells.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet")
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = ws.cell(row=r, column=c)
                cell.value = safe_cell(value)
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even if openpyxl would have guessed a formula
                if r == 1:
                    cell.font = Font(bold=True)
        for c, column in enumerate(ws.columns, start=1):
            width = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
            ws.column_dimensions[column[0].column_letter].width = min(60, max(10, width + 2))
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
