"""The finance layer of the price of care (3-5), against figures worked by hand."""

from dataclasses import replace

import pytest
from hypothesis import given, settings, strategies as st

from svkit import carefinance as cf
from svkit import costofcare as coc

# The simplest build-up: holiday pay at 12.07% and nothing else but running costs (25%) and a
# surplus (3%) as shares of the price, so price = wage x 1.1207 / 0.72.
SIMPLE = coc.CareCostAssumptions(
    year="test", wage=10.0, visit_minutes=30, travel_minutes=0, miles_per_visit=0, mileage_rate=0,
    contact_hours_per_week=30, holiday_rate=0.1207,
    ni_rate=0, ni_threshold=0, pension_rate=0, pension_lower=0, sickness_rate=0, training_rate=0,
    running=0.25, surplus=0.03)


def test_a_price_per_hour_becomes_an_annual_budget():
    # £32.14 x 21,000 hours x 52 weeks = £32.14 x 1,092,000 = £35,096,880
    assert cf.annual_budget(32.14, 21_000) == pytest.approx(35_096_880)
    with pytest.raises(ValueError, match="above 0"):
        cf.annual_budget(32.14, 0)


def test_a_fee_goes_back_to_the_wage_it_can_pay_for_stated_on_costs():
    # £24.10 x 0.72 = £17.352 for pay and holiday; / 1.1207 = £15.4832 an hour
    assert cf.wage_from_fee(24.10, SIMPLE) == pytest.approx(15.4832, abs=1e-4)
    # with a mile a 30-minute visit at 45p (£0.90 per contact hour): (17.352 - 0.90) / 1.1207 = £14.6801
    assert cf.wage_from_fee(24.10, replace(SIMPLE, miles_per_visit=1, mileage_rate=0.45)) == pytest.approx(14.6801, abs=1e-4)


def test_a_fee_below_the_costs_that_do_not_depend_on_pay_is_refused():
    with pytest.raises(ValueError, match="can pay no wage"):
        cf.wage_from_fee(1.00, replace(SIMPLE, miles_per_visit=1, mileage_rate=0.45))  # floor £1.25


@settings(max_examples=30)
@given(st.floats(20, 60))
def test_the_wage_from_a_fee_prices_back_to_that_fee(fee):
    a = coc.assumptions_for("2025-26")
    wage = cf.wage_from_fee(fee, a)
    assert coc.hourly_rate(replace(a, wage=wage)).total == pytest.approx(fee, abs=1e-4)


def test_unpaid_travel_can_push_pay_below_the_minimum_wage():
    # £13.00 an hour for a 30-minute visit = £6.50; with 10 minutes' unpaid travel that is 40 minutes'
    # work: £6.50 / 40 x 60 = £9.75 an hour, £2.46 below £12.21
    check = cf.minimum_wage_check(13.00, 30, 10, minimum=12.21)
    assert (check.paid_per_visit, check.working_minutes) == (pytest.approx(6.50), 40)
    assert check.effective_rate == pytest.approx(9.75) and not check.passes
    assert check.shortfall_per_hour == pytest.approx(2.46)
    # the same pay with the travel paid: £13.00 x 40 / 60 = £8.667 for 40 minutes, £13.00 an hour
    paid = cf.minimum_wage_check(13.00, 30, 10, minimum=12.21, paid_travel_minutes=10)
    assert paid.passes and paid.effective_rate == pytest.approx(13.00) and paid.shortfall_per_hour == 0


def test_even_a_minute_of_unpaid_travel_fails_pay_at_the_minimum():
    # £12.21 for 30 minutes' care and 1 minute's travel: £6.105 / 31 x 60 = £11.816
    check = cf.minimum_wage_check(12.21, 30, 1, minimum=12.21)
    assert check.effective_rate == pytest.approx(11.816, abs=1e-3) and not check.passes
    assert cf.minimum_wage_check(12.21, 30, 0, minimum=12.21).passes


@pytest.mark.parametrize("args, message", [((13, 30, -1, 12.21), "0 or more"), ((0, 30, 5, 12.21), "above 0"),
                                           ((13, 0, 5, 12.21), "above 0")])
def test_impossible_minimum_wage_inputs_get_a_message(args, message):
    with pytest.raises(ValueError, match=message):
        cf.minimum_wage_check(*args)
    with pytest.raises(ValueError, match="more than the travel"):
        cf.minimum_wage_check(13, 30, 5, 12.21, paid_travel_minutes=6)


def test_the_uplift_schedule_compounds_year_on_year():
    # £32.14, then +4% = £33.4256, then +3% = £34.428368; 100 hours x 52 weeks = 5,200 hours a year
    table = cf.uplift_schedule(32.14, [0.04, 0.03], 100)
    assert table["price"].to_list() == pytest.approx([32.14, 33.4256, 34.428368])
    assert table["budget"].to_list() == pytest.approx([167_128.0, 173_813.12, 179_027.5136])
    assert table["cumulative"].iloc[-1] == pytest.approx(519_968.6336)
    assert list(table.index) == [1, 2, 3]


def test_a_wage_led_uplift_weights_the_pay_rise_by_pays_share():
    # 70% of the price moves with a 4.1% pay rise, the rest with 2%: 2.87% + 0.6% = 3.47%
    assert cf.wage_led_uplift(0.7, 0.041, 0.02) == pytest.approx(0.0347)
    with pytest.raises(ValueError):
        cf.wage_led_uplift(1.2, 0.04, 0.02)


def book(name, hours, lines, wage=12.21):
    return cf.ProviderBook(name=name, hours_per_week=hours, wage=wage, **dict(zip(cf.LINES, lines)))


def test_the_consolidated_open_book_weights_each_provider_by_its_hours():
    a = book("A", 100, (12, 3, 3, 1, 6, 1))  # £26 an hour
    b = book("B", 300, (13, 4, 4, 1, 7, 3))  # £32 an hour
    result = cf.consolidate([a, b])
    # (26 x 100 + 32 x 300) / 400 = £30.50; 26 x 100 x 52 + 32 x 300 x 52 = £634,400 a year
    assert result.price == pytest.approx(30.50) and result.annual_cost == pytest.approx(634_400)
    assert result.lines.loc["pay", "weighted"] == pytest.approx(12.75)  # (1,200 + 3,900) / 400
    assert (result.lines.loc["surplus", "low"], result.lines.loc["surplus", "high"]) == (1, 3)
    assert result.by_provider.loc["B", "surplus_share"] == pytest.approx(3 / 32)
    assert result.by_provider["share_of_hours"].to_list() == [0.25, 0.75]


def test_the_shipped_open_book_set_is_illustrative_and_consolidates():
    data = cf.open_book()
    assert data.illustrative and len(data.providers) >= 3
    result = cf.consolidate(data.providers)
    prices = [p.price for p in data.providers]
    assert min(prices) <= result.price <= max(prices)
    assert result.hours_per_week == sum(p.hours_per_week for p in data.providers)


def test_the_share_of_the_price_that_moves_with_pay():
    assert cf.pay_share(coc.hourly_rate(SIMPLE)) == pytest.approx(1.0)
    # £10 pay + 12.07% holiday = £11.207 moves with pay; a mile at 45p a 30-minute visit (£0.90) does not
    with_mileage = coc.hourly_rate(replace(SIMPLE, miles_per_visit=1, mileage_rate=0.45))
    assert cf.pay_share(with_mileage) == pytest.approx(11.207 / 12.107)


def test_the_finance_defaults_are_sourced():
    d = cf.finance_defaults()
    assert d.hours_per_week == 21_000 and "launch webinar" in d.hours_source
    assert d.wage_rise == pytest.approx(12.71 / 12.21 - 1, abs=5e-4)  # facts.md: £12.21 then £12.71
    assert "HMRC" in d.minimum_wage_source and "travel" in d.minimum_wage_rule
