import io
import re

from docx import Document
import pytest
from hypothesis import given, strategies as st
from openpyxl import load_workbook

from svkit import export

RECORD = export.Record(
    title="My plan",
    facts=[("Resume code", "ABCD-EFGH")],
    sections=[("Aims", ["Try an alliance.", ""])],
    footer="Keep this.",
)


def test_markdown_has_title_facts_and_sections():
    text = export.to_markdown(RECORD)
    assert text.startswith("# My plan\n")
    assert "- **Resume code:** ABCD-EFGH" in text
    assert "## Aims" in text and "Try an alliance." in text and "_(nothing written yet)_" in text


def test_docx_opens_again_with_the_same_text():
    doc = Document(io.BytesIO(export.to_docx(RECORD)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "My plan"
    assert "Resume code: ABCD-EFGH" in texts and "Try an alliance." in texts


def starts_a_formula(text: str) -> bool:
    """Independent of the code under test: would a spreadsheet read this text cell as a formula?"""
    import unicodedata

    if text[:1] in ("\t", "\r"):
        return True
    for part in [text, *re.split(r"[;,|\t\r\n]", text)[1:]]:
        folded = unicodedata.normalize("NFKC", part).strip()
        number = re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", part.strip())
        if folded[:1] in ("=", "+", "-", "@") and not number:
            return True
    return False


@given(st.text(min_size=1).map(lambda s: s.replace("\x00", "")))
def test_no_spreadsheet_cell_can_start_a_formula(text):
    cell = export.safe_cell(text)
    assert isinstance(cell, (int, float)) or cell.startswith("'") or not starts_a_formula(cell)


@pytest.mark.parametrize("text", [
    "=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "  =1+1", "\n=1+1", " \n @x",
    "＝1+1", "＋1", "－A1", "＠SUM(A1)", "x;=1+1", "a,+b", "line one\n=HYPERLINK(\"x\")", "x|@y",
])
def test_every_formula_form_is_neutralised(text):
    assert export.safe_cell(text) == "'" + text


@pytest.mark.parametrize("text, number", [("-2", -2), ("3.5", 3.5), ("+1", 1), ("0", 0), ("-0.25", -0.25)])
def test_real_numbers_stay_numbers(text, number):
    assert export.safe_cell(text) == number and type(export.safe_cell(text)) is type(number)
    assert export.safe_cell(number) == number


@pytest.mark.parametrize("text", ["Plain words", "007", "Bread - and butter", "£1,180,000", "a@b.org"])
def test_ordinary_text_is_left_alone(text):
    assert export.safe_cell(text) == text


def test_xlsx_and_csv_neutralise_formulas():
    rows = [["name", "note"], ["=HYPERLINK(\"x\")", "x;=1+1"], ["ok", 3], ["＝1+1", "-2"]]
    ws = load_workbook(io.BytesIO(export.to_xlsx(rows))).active
    assert ws["A2"].value == "'=HYPERLINK(\"x\")" and ws["B2"].value == "'x;=1+1" and ws["B3"].value == 3
    assert ws["A4"].value == "'＝1+1" and ws["B4"].value == -2 and ws["B4"].data_type == "n"
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    text = export.to_csv(rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and '"\'x;=1+1"' in text and ",-2" in text


def test_a_workbook_has_its_named_sheets_with_bold_headers():
    data = export.to_workbook([("Rankings", [["Bidder", "Total"], ["A", 71.5]]), ("Inputs", [["Weight", 60]])])
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Rankings", "Inputs"]
    assert wb["Rankings"]["A1"].font.bold and wb["Rankings"]["B2"].value == 71.5


def test_markdown_records_keep_participant_html_as_text():
    from svkit.export import Record, to_markdown

    payload = '<img src=x onerror="window.__x=1"><script>alert(1)</script>'
    text = to_markdown(Record(title="Action plan", facts=[("Source", payload)], sections=[("Notes", [payload])]))
    assert "<img" not in text and "<script>" not in text
    assert "&lt;img src=x onerror=\"window.__x=1\"&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_markdown_records_render_participant_html_as_text_in_an_ordinary_renderer():
    import mistune  # nbconvert's Markdown renderer; told to pass raw HTML through, as many viewers do

    from svkit.export import Record, to_markdown

    render = mistune.create_markdown(escape=False)
    assert "<b onmouseover" in render("<b onmouseover=x()>hi</b>")  # the renderer does pass HTML
    rendered = render(to_markdown(Record(title="t", sections=[("s", ["<b onmouseover=x()>hi</b>"])])))
    assert "<b" not in rendered and "&lt;b onmouseover=x()&gt;hi&lt;/b&gt;" in rendered
