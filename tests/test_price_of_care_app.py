"""Exercise 3-5 at widget level: defaults, messages, conventions, benchmarks, restore."""

import ipywidgets as widgets
import pytest

from svkit import costofcare
from svkit.ui.exercises import price_of_care as priceofcare
from tests.helpers import html_of, new_page, count_draws


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
    assert lab.wage.value == 12.60 and lab.result.value != before  # paid 2025-26, announced October 2024
    lab.year.value = "2026-27"
    assert "(unconfirmed)" in lab.result.value and lab.wage_choice.value == "rlw"


def test_negative_inputs_and_shares_of_100_percent_are_refused_and_the_last_price_stays(lab):
    before, default = lab.result.value, lab.travel.value
    lab.travel.value = -5
    assert "Paid travel per visit (minutes) cannot be negative; -5 was typed." in lab.beside[lab.travel].value
    assert "marked beside its box" in lab.msg.value and lab.result.value == before
    lab.travel.value = default
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
    assert lab.page.saved["summary"]["wage"] == 12.60


# -- the finance layer (issue 19) ---------------------------------------------------------------------
@pytest.fixture
def finance_app(store):
    return priceofcare.build_price_of_care(new_page("3-5", store))


def test_the_finance_layer_turns_the_price_into_a_budget(finance_app):
    f = finance_app.finance
    price = costofcare.hourly_rate(costofcare.assumptions_for("2025-26")).total
    assert f"£{price * 21_000 * 52:,.0f}" in f.budget_view.value  # 21,000 hours x 52 weeks
    assert "£35,096,880" in f.budget_view.value  # £32.14 x 1,092,000 hours, the HCA minimum
    f.hours.value = 100
    assert "£167,128" in f.budget_view.value  # £32.14 x 5,200
    f.hours.value = 0
    assert "above 0" in f.budget_view.value
    assert f.box in finance_app.children


def test_the_finance_layer_works_a_fee_back_to_a_wage_and_flags_the_minimum(finance_app):
    from dataclasses import replace

    from svkit import carefinance

    f = finance_app.finance
    a = costofcare.assumptions_for("2025-26")
    f.fee.value = 40.0
    want = carefinance.wage_from_fee(40.0, a)
    assert f"can pay a care worker £{want:.2f} an hour" in f.wage_view.value and "svkit-msg-ok" in f.wage_view.value
    assert costofcare.hourly_rate(replace(a, wage=want)).total == pytest.approx(40.0, abs=1e-3)
    f.fee.value = 24.10
    assert "below the National Living Wage" in f.wage_view.value and "svkit-msg-error" in f.wage_view.value


def test_the_minimum_wage_check_fails_on_unpaid_travel_and_passes_when_it_is_paid(finance_app):
    f = finance_app.finance
    f.pay.value = 13.00  # 30-minute visits, 10 minutes' travel: £6.50 for 40 minutes = £9.75 an hour
    assert "Fails" in f.nmw_view.value and "£9.75 an hour worked" in f.nmw_view.value and "HMRC" in f.nmw_view.value
    f.travel_paid.value = True
    assert "Passes" in f.nmw_view.value and "£13.00 an hour worked" in f.nmw_view.value


def test_the_uplift_and_the_open_book_view_show_the_whole_contract_and_market(finance_app, store):
    f = finance_app.finance
    f.years.value = 3
    f.uplift.value = 4.0
    price = costofcare.hourly_rate(costofcare.assumptions_for("2025-26")).total
    assert f"£{price * 1.04 ** 2:.2f}" in f.uplift_view.value and "Year 3" in f.uplift_view.value
    assert "Year 4" not in f.uplift_view.value
    assert "Brightway Homecare Ltd" in f.book_view.value and "hours-weighted" in f.book_view.value
    assert "below the Real Living Wage of £12.60" in f.book_view.value
    again = priceofcare.build_price_of_care(new_page("3-5", store, finance_app.page.visitor.token))
    assert again.finance.years.value == 3 and again.finance.uplift.value == 4.0
    assert finance_app.page.saved["finance_summary"]["years"] == 3


def test_the_finance_layer_follows_the_inputs_above(finance_app):
    f = finance_app.finance
    f.lab.year.value = "2026-27"
    assert "legal minimum of £12.71 for 2026-27" in f.nmw_view.value
    f.lab.travel.value = 20
    assert "20 travelling" in f.nmw_view.value
    f.lab.travel.value = -5  # the lab refuses it; this part keeps the last figures that worked
    assert "20 travelling" in f.nmw_view.value


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


# -- 3-5 in the one shape (issue 17): one draw on load, nothing saved by a load, a failed draw said beside it --
def test_loading_with_saved_answers_draws_each_part_once_and_saves_nothing(store, monkeypatch):
    from svkit import session

    token = session.new_token()
    saved = {"year": "2026-27", "wage_choice": "rlw", "wage": 13.0, "travel_minutes": 15.0,
             "holiday_is_flat": True, "holiday_flat": 1.25, "notes": "Ask about rotas",
             "finance_hours": 500.0, "finance_years": 3}
    for field, value in saved.items():
        store.save(token, "3-5", field, value)
    draws = []
    for cls in (priceofcare.PriceOfCare, priceofcare.FinanceLayer):
        def counted(self, real=cls.draw, name=cls.__name__):
            draws.append(name)
            real(self)

        monkeypatch.setattr(cls, "draw", counted)
    app = priceofcare.build_price_of_care(new_page("3-5", store, token))
    assert draws == ["PriceOfCare", "FinanceLayer"]  # the lab once, then the finance part once
    assert store.load(token, "3-5") == saved  # nothing saved, nothing changed
    lab = app.finance.lab
    assert lab.year.value == "2026-27" and lab.wage_choice.value == "rlw" and lab.wage.value == 13.0
    assert lab.travel.value == 15.0 and lab.oncosts["holiday"][2].value == 1.25
    assert "£13.00 an hour" in lab.result.value and "(unconfirmed)" in lab.result.value
    assert app.finance.hours.value == 500.0 and app.finance.years.value == 3
    assert "500 contact hours a week" in app.finance.budget_view.value


def test_a_draw_that_fails_says_so_beside_the_price_and_the_page_keeps_working(lab, monkeypatch, caplog):
    from svkit.ui.kit.app import REDRAW_FAILED

    real = priceofcare.waterfall_html

    def broken(*args, **kwargs):
        raise KeyError("a fault that is not the participant's")

    monkeypatch.setattr(priceofcare, "waterfall_html", broken)
    lab.travel.value = 15
    assert REDRAW_FAILED.split(";")[0] in lab.msg.value
    assert any("redraw of 3-5 failed" in r.message for r in caplog.records)
    assert "summary" not in lab.page.saved
    monkeypatch.setattr(priceofcare, "waterfall_html", real)
    lab.travel.value = 20
    assert lab.msg.value == "" and lab.page.saved["summary"]["total"] > 0
    assert f"<strong>£{lab.page.saved['summary']['total']:.2f}</strong>" in lab.result.value


def test_a_finance_draw_that_fails_says_so_in_its_part_and_the_price_above_still_works(finance_app, monkeypatch):
    from svkit.ui.kit.app import REDRAW_FAILED

    f = finance_app.finance
    real = priceofcare.budget_html

    def broken(*args, **kwargs):
        raise KeyError("a fault that is not the participant's")

    monkeypatch.setattr(priceofcare, "budget_html", broken)
    f.hours.value = 100
    assert REDRAW_FAILED.split(";")[0] in f.msg.value and f.msg in f.box.children
    assert f.lab.msg.value == ""
    monkeypatch.setattr(priceofcare, "budget_html", real)
    f.hours.value = 200
    assert f.msg.value == "" and "200 contact hours a week" in f.budget_view.value


def test_the_year_refills_the_defaults_with_one_redraw_and_the_button_puts_them_back(lab, monkeypatch):
    draws = count_draws(monkeypatch, priceofcare.PriceOfCare)
    lab.travel.value = 25
    lab.year.value = "2026-27"
    assert len(draws) == 2  # the travel, then the year with every default it refilled
    want = costofcare.assumptions_for("2026-27")
    assert lab.travel.value == want.travel_minutes and lab.wage.value == want.wage
    lab.travel.value = 25
    lab.reset.click()
    assert len(draws) == 4 and lab.travel.value == want.travel_minutes
    assert lab.page.saved["travel_minutes"] == want.travel_minutes


def test_both_parts_are_built_and_their_figures_read_before_the_page_waits_for_its_visitor(store, monkeypatch):
    from svkit import carefinance, session
    from svkit.ui.kit import app as kit_app

    order = []
    real_page = kit_app.Page
    real_finance = priceofcare.FinanceLayer.__init__

    def finance_built(self, lab):
        real_finance(self, lab)
        order.append("finance built")

    def page_for_visitor(label):  # in a pooled kernel, this is where the visitor is waited for
        order.append("page")
        return real_page(label, visitor=session.Visitor(token=session.new_token()), store=store)

    real_book = carefinance.open_book
    monkeypatch.setattr(carefinance, "open_book", lambda *a, **k: order.append("open book") or real_book(*a, **k))
    monkeypatch.setattr(priceofcare.FinanceLayer, "__init__", finance_built)
    monkeypatch.setattr(kit_app, "Page", page_for_visitor)
    app = priceofcare.build_price_of_care()
    assert order.index("open book") < order.index("finance built") < order.index("page")
    assert order.count("page") == 1 and app.finance.page is app.finance.lab.page
    assert "Price per contact hour" in app.finance.lab.result.value
