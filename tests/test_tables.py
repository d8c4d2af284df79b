"""Tables: one builder (svkit.ui.kit.table) that escapes every caption, header and cell by construction,
and the ui modules build their tables with it rather than from HTML strings (issue #17)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from svkit.ui.kit import Markup, table

UI = Path(__file__).resolve().parents[1] / "svkit" / "ui"
EVIL = "<script>alert('x')</script>"
ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


# -- the builder ----------------------------------------------------------------------
def test_every_caption_header_and_cell_is_escaped():
    html = table(f"Caption {EVIL}", [f"Head {EVIL}", "& more"], [[f"Row {EVIL}", f"Cell {EVIL}", 3]])
    assert "<script>" not in html
    assert html.count(ESCAPED) == 4  # caption, header, row header, cell
    assert '<th scope="col">&amp; more</th>' in html
    assert "<td>3</td>" in html


def test_the_shape_is_caption_then_header_row_then_rows_with_their_row_headers():
    html = table("Pay", ["Who", "£"], [["Ann", 12.5], ["Bo", "10"]])
    assert html == ('<table class="svkit-table"><caption>Pay</caption>'
                    '<tr><th scope="col">Who</th><th scope="col">£</th></tr>'
                    '<tr><th scope="row">Ann</th><td>12.5</td></tr>'
                    '<tr><th scope="row">Bo</th><td>10</td></tr></table>')


def test_markup_passes_through_unescaped_in_any_cell():
    html = table("", ["A", "B"], [[Markup("<em>first</em>"), Markup('<span class="bar"></span>')]])
    assert '<th scope="row"><em>first</em></th><td><span class="bar"></span></td>' in html


def test_without_row_headers_every_cell_is_a_data_cell():
    html = table("", ["A", "B"], [["x", "y"]], row_headers=False)
    assert "<tr><td>x</td><td>y</td></tr>" in html
    assert 'scope="row"' not in html


def test_no_caption_and_an_empty_header_leave_out_the_caption_and_the_header_row():
    html = table("", [], [["Competition", "Price"], ["Collaboration", "Trust"]], css_class="svkit-lens-row")
    assert html == ('<table class="svkit-lens-row"><tr><th scope="row">Competition</th><td>Price</td></tr>'
                    '<tr><th scope="row">Collaboration</th><td>Trust</td></tr></table>')


def test_cell_classes_mark_a_columns_body_cells_only_and_are_escaped():
    html = table("Cap", ["Topic", "Now", "Source"], [["Pay", "£12", "ONS"]], cell_classes={2: "svkit-source"})
    assert '<th scope="col">Source</th>' in html  # the header cell keeps no class
    assert '<td>£12</td><td class="svkit-source">ONS</td>' in html
    assert 'class="a&quot;b"' in table("", ["A"], [["x"]], cell_classes={0: 'a"b'})
    assert '<table class="svkit-table wide">' in table("", ["A"], [["x"]], css_class="svkit-table wide")


def test_row_classes_mark_the_rows_they_name_and_are_escaped():
    html = table("", ["A"], [["x"], ["y"], ["z"]], row_classes={0: "svkit-winner", 2: 'a"b'})
    assert html == ('<table class="svkit-table"><tr><th scope="col">A</th></tr>'
                    '<tr class="svkit-winner"><th scope="row">x</th></tr><tr><th scope="row">y</th></tr>'
                    '<tr class="a&quot;b"><th scope="row">z</th></tr></table>')


def test_the_row_header_can_sit_in_a_later_column():
    html = table("", ["Rank", "Bidder", "Total"], [[1, "Ann", 9.5]], row_header_column=1)
    assert html.endswith('<tr><td>1</td><th scope="row">Ann</th><td>9.5</td></tr></table>')
    assert 'scope="row"' not in table("", ["Rank", "Bidder"], [[1, "Ann"]], row_headers=False, row_header_column=1)


# -- the ui modules use it -------------------------------------------------------------
#: The builder itself.
BUILDER = {"kit/html.py"}


def hand_built(path: Path) -> list[int]:
    return [n for n, line in enumerate(path.read_text().splitlines(), start=1) if re.search(r"<table", line, re.I)]


def test_no_ui_module_builds_a_table_from_an_html_string():
    found = {str(p.relative_to(UI)): hand_built(p) for p in sorted(UI.rglob("*.py"))}
    offenders = {name: lines for name, lines in found.items() if lines and name not in BUILDER}
    assert offenders == {}, f"build these with svkit.ui.kit.table (lines): {offenders}"


def test_the_builder_is_the_one_place_a_table_tag_is_written():
    assert hand_built(UI / "kit" / "html.py")  # so the exemption above is for a file that needs it


def test_the_numbers_under_a_chart_are_an_escaped_table_without_a_header_row():
    from svkit.ui.kit import chart

    class Item:
        numbers, alt, figure = [(f"Year {EVIL}", "£12"), ("Total", 3)], "A chart", None

    html = chart(Item(), png=b"png").value
    assert ('<table class="svkit-numbers"><caption>The numbers in the chart</caption>'
            f'<tr><th scope="row">Year {ESCAPED}</th><td>£12</td></tr>'
            '<tr><th scope="row">Total</th><td>3</td></tr></table>') in html


#: A callback that tells its first call apart by a missing ``change`` or a ready flag (issue #17): a first
#: drawing calls a draw function instead; an observer draws, then saves. Read from the code, not the text,
#: so a docstring that says "no ``change is None``" (svkit/ui/kit/app.py) is not a finding.
def first_call_tricks(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id == "change"
                and any(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops)
                and any(isinstance(c, ast.Constant) and c.value is None for c in node.comparators)):
            found.append((node.lineno, "change is (not) None"))
        if (isinstance(node, ast.Attribute) and node.attr == "ready" and isinstance(node.value, ast.Name)
                and node.value.id == "self"):
            found.append((node.lineno, "self.ready"))
    return [f"line {n}: {what}" for n, what in sorted(found)]


def test_the_first_call_check_finds_each_trick_and_not_the_words_in_a_docstring():
    source = ('"""no change is None, no self.ready"""\n'
              "def f(change=None):\n    if change is not None:\n        pass\n    return change is None\n"
              "class A:\n    def g(self):\n        self.ready = True\n")
    assert first_call_tricks(source) == ["line 3: change is (not) None", "line 5: change is (not) None",
                                         "line 8: self.ready"]


def test_no_ui_callback_tells_its_first_call_apart_by_a_missing_change_or_a_ready_flag():
    found = {str(p.relative_to(UI)): first_call_tricks(p.read_text()) for p in sorted(UI.rglob("*.py"))}
    assert {name: tricks for name, tricks in found.items() if tricks} == {}
