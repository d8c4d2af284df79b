"""Section 3 apps at widget level."""

import ipywidgets as widgets

from svkit import pathways
from svkit.ui import pathways as explorer
from tests.test_section1 import all_of, new_page
from tests.test_start_app import find, html_of


def radio(app, n):
    return next(r for r in all_of(app, widgets.RadioButtons) if r.description == f"Question {n}")


def test_the_explorer_ranks_routes_with_reasons_and_saves_the_top_three(store):
    page = new_page("3-2", store)
    app = explorer.build_pathway_explorer(page)
    assert "every route scores 0" in html_of(app)
    radio(app, 2).value = "yes"  # only one capable provider
    top = pathways.recommend({"single_provider": "yes"})
    assert top[0].route_id == "direct_award"
    assert "1. Direct award of a contract or grant (score +4)" in html_of(app)
    assert "Only one provider can do it, so there is no competition to run." in html_of(app)
    assert page.saved["summary"]["top"] == [r.route_id for r in top[:3]]


def test_starting_from_a_case_fills_its_answers_and_survives_a_reload(store):
    page = new_page("3-2", store)
    app = explorer.build_pathway_explorer(page)
    case = next(c for c in pathways.cases().cases if c.id == "cni")
    find(app, widgets.Dropdown, "Start from").value = "cni"
    radios = {r.description: r.value for r in all_of(app, widgets.RadioButtons)}
    assert list(radios.values()) == [case.answers[q] for q in pathways.QUESTIONS]
    assert "1. Thin-layer co-operative" in html_of(app)
    radio(app, 1).value = "yes"  # the participant's own change stays
    again = explorer.build_pathway_explorer(new_page("3-2", store, page.visitor.token))
    assert radio(again, 1).value == "yes"
    assert find(again, widgets.Dropdown, "Start from").value == "cni"
    assert html_of(again).count("<details open>") == 3


def test_the_overlay_route_says_it_is_one(store):
    app = explorer.build_pathway_explorer(new_page("3-2", store))
    radio(app, 5).value = "yes"
    assert "Social value imperatives (score +2) <em>(an overlay" in html_of(app)
