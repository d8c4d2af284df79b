"""Exercise 3-5 at widget level: defaults, messages, conventions, benchmarks, restore."""

import ipywidgets as widgets
import pytest

from svkit import costofcare
from svkit.ui import priceofcare
from tests.test_section1 import new_page
from tests.test_start_app import html_of


@pytest.fixture
def lab(store):
    return priceofcare.PriceOfCare(new_page("3-5", store))


def test_the_default_year_builds_the_preset_price_with_benchmarks(lab):
    want = costofcare.hourly_rate(costofcare.assumptions_for("2025-26")).total
    assert f"Price per contact hour</th><td><strong>£{want:.2f}" in lab.result.value
    assert "£32.14" in lab.result.value and "£24.10" in lab.result.value and "£11-£22" in lab.result.value
    assert "HMRC" in lab.sources.value


def test_the_real_living_wage_raises_the_price_and_the_year_changes_the_defaults(lab):
    before = lab.result.value
    lab.wage_choice.value = "rlw"
    assert lab.wage.value == 13.45 and lab.result.value != before
    lab.year.value = "2026-27"
    assert "(unconfirmed)" in lab.result.value and lab.wage_choice.value == "rlw"


def test_negative_inputs_and_shares_of_100_percent_are_refused_and_the_last_price_stays(lab):
    before = lab.result.value
    lab.travel.value = -5
    assert "Paid travel per visit (minutes) cannot be negative; -5 was typed." in lab.beside[lab.travel].value
    assert "marked beside its box" in lab.msg.value and lab.result.value == before
    lab.travel.value = 9
    lab.running.value = 97
    assert "must stay below 100%" in lab.msg.value and lab.result.value == before


def test_a_wage_below_the_legal_minimum_warns_but_still_prices(lab):
    lab.wage_choice.value = priceofcare.CUSTOM
    lab.wage.value = 10.0
    assert "below the legal minimum of £12.21" in lab.msg.value and "still worked out" in lab.msg.value
    assert "£10.00 an hour" in lab.result.value


def test_a_flat_on_cost_and_a_mark_up_change_the_lines(lab):
    rate, flat, amount = lab.oncosts["training"]
    flat.value = True
    amount.value = 0.5
    assert "flat £ per hour" in lab.result.value and rate.layout.display == "none"
    lab.running_conv.value = "markup"
    assert "mark-up on direct costs" in lab.result.value


def test_the_sensitivity_tables_cover_visit_lengths_and_travel(lab):
    a = lab.assumptions()
    prices = costofcare.price_against(a, "visit_minutes", priceofcare.VISITS)
    for v, p in zip(priceofcare.VISITS, prices):
        assert f"{v}-minute visits</th><td>£{p:.2f}" in lab.sensitivity.value


def test_inputs_survive_a_reload(lab, store):
    lab.wage_choice.value = "rlw"
    lab.travel.value = 15
    lab.oncosts["holiday"][1].value = True
    again = priceofcare.PriceOfCare(new_page("3-5", store, lab.page.visitor.token))
    assert again.wage_choice.value == "rlw" and again.travel.value == 15 and again.oncosts["holiday"][1].value
    assert again.result.value == lab.result.value
    assert lab.page.saved["summary"]["wage"] == 13.45


@pytest.mark.parametrize("box, value, expected", [
    ("visit", 0, "Visit length (minutes) must be above 0."),
    ("miles", -1, "Miles per visit cannot be negative; -1 was typed."),
    ("ni_threshold", -5000, "NI secondary threshold (£ a year) cannot be negative; -5000 was typed."),
])
def test_every_number_box_out_of_range_gets_its_message_beside_it_by_its_name(lab, box, value, expected):
    before = lab.result.value
    widget = getattr(lab, box)
    widget.value = value
    assert expected in lab.beside[widget].value.replace("&#x27;", "'")
    assert all(not area.value for w, area in lab.beside.items() if w is not widget)
    assert lab.result.value == before
    app = lab.app()
    box_and_message = next(c for c in app.children if isinstance(c, widgets.VBox) and widget in c.children)
    assert box_and_message.children == (widget, lab.beside[widget])  # the message sits right beside its box
