"""Tables: one builder (svkit.ui.kit.table) that escapes every caption, header and cell by construction,
and the ui modules build their tables with it rather than from HTML strings (issue #17)."""

from __future__ import annotations

from svkit.ui.kit import Markup, table

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

