"""The open-book price of care (exercise 3-5)."""

from dataclasses import replace

import pytest
from hypothesis import given, strategies as st

from svkit import costofcare as coc

# The UKHCA 2014 minimum price, itemised (facts.md): pay £6.31, travel time £1.20, NI £0.71 (9.5% of pay
# and travel), holiday £0.81 (10.8% of pay and travel), training £0.13, pension £0.08, mileage £1.40,
# running the business 27% of the price, profit 3% of the price; total £15.19.
UKHCA_2014 = coc.CareCostAssumptions(
    year="2014", wage=6.31, visit_minutes=30, travel_minutes=30 * 1.20 / 6.31, miles_per_visit=2, mileage_rate=0.35,
    contact_hours_per_week=30, ni_rate=0.095, ni_threshold=0, ni_on_holiday=False, holiday_rate=0.108,
    pension_rate=0, pension_lower=0, pension_flat=0.08, training_rate=0, training_flat=0.13, sickness_rate=0,
    running=0.27, surplus=0.03)


def test_the_model_reproduces_the_published_2014_minimum_price():
    result = coc.hourly_rate(UKHCA_2014)
    assert result.total == pytest.approx(15.19, abs=0.02)
    lines = dict(zip(result.lines["item"], result.lines["per_hour"]))
    for item, published in (("Care worker pay", 6.31), ("Paid travel time", 1.20), ("Employer National Insurance", 0.71),
                            ("Holiday pay", 0.81), ("Training and supervision", 0.13), ("Pension", 0.08),
                            ("Mileage", 1.40), ("Running the business", 4.10), ("Surplus", 0.46)):
        assert lines[item] == pytest.approx(published, abs=0.01), item


@pytest.mark.parametrize("year", coc.years())
def test_each_years_preset_lands_within_10_percent_of_the_hca_minimum(year):
    y = coc.year_costs(year)
    total = coc.hourly_rate(coc.assumptions_for(year, "nlw")).total
    assert total == pytest.approx(y.benchmarks["hca_minimum"].value, rel=0.10)


def test_lines_have_no_subtotals_and_add_up_to_the_total():
    result = coc.hourly_rate(coc.assumptions_for("2025-26"))
    assert result.lines["per_hour"].sum() == pytest.approx(result.total)
    assert not result.lines["item"].str.contains("total", case=False).any()
    assert list(result.lines.columns) == ["item", "per_hour", "basis"]


@given(st.floats(0, 0.5), st.floats(0, 0.45))
def test_shares_of_the_price_can_be_read_back_exactly(running, surplus):
    result = coc.hourly_rate(replace(coc.assumptions_for("2025-26"), running=running, surplus=surplus))
    lines = dict(zip(result.lines["item"], result.lines["per_hour"]))
    assert lines["Running the business"] == pytest.approx(running * result.total)
    assert lines["Surplus"] == pytest.approx(surplus * result.total)


def test_a_mark_up_is_on_direct_costs():
    a = replace(coc.assumptions_for("2025-26"), running=0.2, running_convention="markup", surplus=0.05,
                surplus_convention="markup")
    result = coc.hourly_rate(a)
    assert result.total == pytest.approx(result.direct * 1.25)


@given(st.floats(0, 60), st.floats(0, 60))
def test_more_travel_minutes_never_lower_the_price(t1, t2):
    a = coc.assumptions_for("2025-26")
    low, high = sorted((t1, t2))
    assert coc.hourly_rate(replace(a, travel_minutes=low)).total <= coc.hourly_rate(replace(a, travel_minutes=high)).total + 1e-9


def test_shorter_visits_cost_more_per_contact_hour():
    prices = coc.price_against(coc.assumptions_for("2025-26"), "visit_minutes", [15, 30, 45, 60])
    assert prices == sorted(prices, reverse=True)


def test_a_zero_threshold_gives_a_flat_rate():
    a = replace(coc.assumptions_for("2025-26"), ni_threshold=0, ni_on_holiday=False)
    lines = dict(zip(coc.hourly_rate(a).lines["item"], coc.hourly_rate(a).lines["per_hour"]))
    assert lines["Employer National Insurance"] == pytest.approx(0.15 * (lines["Care worker pay"] + lines["Paid travel time"]))


def test_a_flat_on_cost_replaces_its_rate():
    a = replace(coc.assumptions_for("2025-26"), holiday_flat=1.5)
    lines = dict(zip(coc.hourly_rate(a).lines["item"], coc.hourly_rate(a).lines["basis"]))
    assert lines["Holiday pay"] == "flat £ per hour"


@pytest.mark.parametrize("change, message", [
    ({"wage": -1}, "cannot be negative"), ({"travel_minutes": -5}, "cannot be negative"),
    ({"running": 0.7, "surplus": 0.3}, "must stay below 100%"), ({"visit_minutes": 0}, "more than 0 minutes"),
])
def test_invalid_inputs_get_a_clear_message(change, message):
    with pytest.raises(ValueError, match=message):
        coc.hourly_rate(replace(coc.assumptions_for("2025-26"), **change))


def test_a_wage_below_the_legal_minimum_is_a_warning_not_a_block():
    a = replace(coc.assumptions_for("2025-26"), wage=11.00)
    assert "below the legal minimum of £12.21" in coc.wage_warning(a, coc.year_costs("2025-26").legal_minimum)
    assert coc.hourly_rate(a).total > 0


def test_unknown_years_and_wages_are_refused():
    with pytest.raises(ValueError, match="no cost figures"):
        coc.assumptions_for("1999-00")
    with pytest.raises(ValueError, match="Unknown wage"):
        coc.assumptions_for("2025-26", "minimum")
