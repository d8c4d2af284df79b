import io

from docx import Document
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


@given(st.text(min_size=1).map(lambda s: s.replace("\x00", "")))
def test_no_spreadsheet_cell_can_start_a_formula(text):
    assert not str(export.safe_cell(text)).startswith(export.FORMULA_STARTS)


def test_xlsx_and_csv_neutralise_formulas():
    rows = [["name", "note"], ["=HYPERLINK(\"x\")", "+1"], ["ok", 3]]
    ws = load_workbook(io.BytesIO(export.to_xlsx(rows))).active
    assert ws["A2"].value == "'=HYPERLINK(\"x\")" and ws["B2"].value == "'+1" and ws["B3"].value == 3
    assert "'=HYPERLINK" in export.to_csv(rows).decode("utf-8-sig")


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
