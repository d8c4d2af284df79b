"""Ripple effect maps (exercise 3-4): structure rules, layout, record, and the app."""

import math

import ipywidgets as widgets
import pytest
from hypothesis import given, strategies as st

from svkit import export, ripples
from svkit.ui.exercises import ripple_map as ripplemap
from tests.helpers import all_of, find, html_of, new_page


def sample():
    m = ripples.add([], "Carers paid fairly", 1, "economic")
    m = ripples.add(m, "Carers stay longer", 2, "social", "r1")
    m = ripples.add(m, "People know their carer", 3, "social", "r2")
    return ripples.add(m, "Less driving", 1, "environmental")


def test_a_sound_map_has_no_problems_and_sits_on_its_rings():
    m = sample()
    assert ripples.check(m) == []
    place = ripples.positions(m)
    for r in m:
        assert math.hypot(*place[r.id]) == pytest.approx(r.ring)


@pytest.mark.parametrize("args, message", [
    (("", 1, "social"), "Write what changed"),
    (("x", 2, "social", "r2"), "must grow from a ripple at remove 1"),
    (("x", 3, "social", "r1"), "must grow from a ripple at remove 2"),
    (("x", 1, "happy"), "needs a tag"),
    (("x", 4, "social", "r3"), "first, second or third remove"),
])
def test_bad_ripples_are_refused_and_the_map_is_unchanged(args, message):
    m = sample()
    with pytest.raises(ValueError, match=message):
        ripples.add(m, *args)
    assert m == sample()


def test_removing_a_ripple_removes_what_grew_from_it():
    assert [r.text for r in ripples.remove(sample(), "r1")] == ["Less driving"]


@given(st.lists(st.tuples(st.sampled_from([1, 2, 3]), st.sampled_from(list(ripples.TAGS))), max_size=15))
def test_whatever_is_added_the_map_stays_sound_and_round_trips(steps):
    m = []
    for ring, tag in steps:
        parents = [r.id for r in m if r.ring == ring - 1]
        try:
            m = ripples.add(m, f"change {len(m)}", ring, tag, parents[-1] if parents else ripples.CENTRE)
        except ValueError:
            assert ring > 1 and not parents
    assert ripples.check(m) == []
    assert ripples.from_saved(ripples.to_saved(m)) == m


def test_the_figure_says_what_it_shows_and_the_record_lists_every_ripple():
    item = ripplemap.ripple_figure("Ethical homecare", sample())
    assert "2 ripples at the first remove, 1 at the second and 1 at the third" in item.alt
    md = export.to_markdown(ripples.record("Ethical homecare", sample(), ["Know your carer's name", ""]))
    for text in ("Carers paid fairly", "People know their carer", "Know your carer's name", "Ripples at remove 3"):
        assert text in md


def test_the_app_adds_removes_and_restores_ripples(store):
    page = new_page("3-4", store)
    app = ripplemap.build_ripple_map(page)
    find(app, widgets.Text, "The activity").value = "Ethical homecare"
    find(app, widgets.Text, "What changed").value = "Carers paid <fairly>"
    find(app, widgets.Button, "Add ripple").click()
    assert "Carers paid &lt;fairly&gt;" in html_of(app)
    ring = find(app, widgets.Dropdown, "How far out")
    ring.value = 3
    find(app, widgets.Text, "What changed").value = "Too far"
    find(app, widgets.Button, "Add ripple").click()
    assert "Add a ripple at remove 2 first" in html_of(app)
    ring.value = 2
    find(app, widgets.Text, "What changed").value = "Carers stay"
    find(app, widgets.Button, "Add ripple").click()
    assert page.saved["summary"]["by_ring"] == {"1": 1, "2": 1, "3": 0}
    assert sum(page.saved["summary"]["by_tag"].values()) == 2 and set(page.saved["summary"]["by_tag"]) == set(ripples.TAGS)
    again = ripplemap.build_ripple_map(new_page("3-4", store, page.visitor.token))
    assert "Carers stay" in html_of(again)
    find(again, widgets.Dropdown, "Ripple to remove").value = "r1"
    find(again, widgets.Button, "Remove it").click()
    assert "Removed 2 ripple(s)." in html_of(again)
    find(again, widgets.Button, "Prepare my map").click()
    assert "svkit-ripple-map" in html_of(again)


def test_the_docx_map_opens_again_with_every_ripple_and_indicator():
    import io

    from docx import Document

    doc = Document(io.BytesIO(export.to_docx(ripples.record("Ethical homecare", sample(), ["Know your carer", "", "Neighbours to ask"]))))
    text = "\n".join(p.text for p in doc.paragraphs)
    for r in sample():
        assert r.text in text
    assert "Know your carer" in text and "Neighbours to ask" in text and "Ripple effect map: Ethical homecare" in text
