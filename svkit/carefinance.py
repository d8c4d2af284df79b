"""The finance layer of the price of care (exercise 3-5): budgets, wages, the minimum wage, uplifts.

Pure functions for the questions a chief finance officer asks of a homecare price:

- :func:`annual_budget`: £ per contact hour -> the budget for a volume of hours;
- :func:`wage_from_fee`: a fee -> the hourly wage it can pay, with the on-costs stated;
- :func:`minimum_wage_check`: whether pay per contact hour still meets the legal minimum once
  unpaid travel time is counted as working time (the HMRC rule for homecare);
- :func:`uplift_schedule`: a price and budget year by year over a contract's life;
- :func:`consolidate`: an open-book view across several providers, weighted by their hours.

Each works in £ and hours; none reads widgets, the store or the session.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
from pydantic import Field

from svkit.content import Strict, data_file, read_model, register_schema, unique_by
from svkit.costofcare import CareCostAssumptions, hourly_rate
from svkit.paths import data_dir

WEEKS_PER_YEAR = 52


def _positive(value: float, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{what} must be a number above 0.")
    return float(value)


def annual_budget(price_per_hour: float, hours_per_week: float, weeks: float = WEEKS_PER_YEAR) -> float:
    """The budget a price needs for a volume of care.

    Parameters
    ----------
    price_per_hour : float
        £ per contact hour.
    hours_per_week : float
        Contact hours a week commissioned.
    weeks : float
        Weeks of care in the year (52).

    Returns
    -------
    float
        £ a year: price x hours a week x weeks.

    Examples
    --------
    >>> annual_budget(20, 100)  # £20 x 100 hours x 52 weeks
    104000.0
    """
    return _positive(price_per_hour, "The price per contact hour") * _positive(hours_per_week, "Hours a week") * \
        _positive(weeks, "Weeks in the year")


def wage_from_fee(fee: float, assumptions: CareCostAssumptions, tolerance: float = 1e-6) -> float:
    """The hourly wage a fee can pay once every other line of the price is met.

    Parameters
    ----------
    fee : float
        £ per contact hour the council pays.
    assumptions : CareCostAssumptions
        The on-costs, travel, running costs and surplus (its ``wage`` is ignored).
    tolerance : float
        £ an hour; the answer is found by bisection to within this.

    Returns
    -------
    float
        £ an hour: the wage at which :func:`svkit.costofcare.hourly_rate` equals ``fee``.
        The price rises with the wage, so there is one answer; a fee too low to cover the
        costs that do not depend on the wage (mileage) raises ``ValueError``.

    Examples
    --------
    >>> from svkit.costofcare import example_assumptions
    >>> a = example_assumptions()
    >>> round(wage_from_fee(20, a), 4)  # 0.8 x £20 = £16 = 1.5 x wage + £1 mileage, so wage = £10
    10.0
    """
    fee = _positive(fee, "The fee")
    floor = hourly_rate(replace(assumptions, wage=1e-9)).total
    if fee <= floor:
        raise ValueError(f"A fee of £{fee:.2f} does not cover the costs that do not depend on pay "
                         f"(£{floor:.2f} an hour, mostly mileage), so it can pay no wage at all.")
    low, high = 0.0, 1.0
    while hourly_rate(replace(assumptions, wage=high)).total < fee:
        high *= 2
    while high - low > tolerance:
        mid = (low + high) / 2
        if hourly_rate(replace(assumptions, wage=mid)).total < fee:
            low = mid
        else:
            high = mid
    return (low + high) / 2


@dataclass(frozen=True)
class MinimumWageCheck:
    """Pay per hour actually worked, against the legal minimum."""

    paid_per_visit: float  # £: pay for the visit's contact time plus any travel time paid
    working_minutes: float  # contact minutes plus all travel minutes, paid or not
    effective_rate: float  # £ per hour worked
    minimum: float  # £ an hour
    passes: bool
    shortfall_per_hour: float  # £ an hour below the minimum (0 when it passes)


def minimum_wage_check(hourly_pay: float, visit_minutes: float, travel_minutes: float, minimum: float,
                       paid_travel_minutes: float = 0.0) -> MinimumWageCheck:
    """Does pay meet the minimum wage once travel between visits counts as work?

    HMRC treats time travelling between appointments as working time for the National
    Minimum Wage. A carer paid only for contact time can be above the minimum per contact
    hour and below it per hour worked.

    Parameters
    ----------
    hourly_pay : float
        £ per paid hour (contact time, and any travel that is paid).
    visit_minutes : float
        Contact minutes per visit.
    travel_minutes : float
        Minutes travelling to the visit from the previous one.
    minimum : float
        The legal minimum, £ an hour (the National Living Wage for the year).
    paid_travel_minutes : float
        How many of the travel minutes are paid at ``hourly_pay`` (0: none).

    Returns
    -------
    MinimumWageCheck
        The effective £ per hour worked = pay for the visit / (visit + travel minutes) x 60.

    Examples
    --------
    >>> c = minimum_wage_check(12, 30, 10, 12.21)  # £6 for 40 minutes' work = £9 an hour
    >>> c.paid_per_visit, c.working_minutes, c.effective_rate, c.passes
    (6.0, 40.0, 9.0, False)
    >>> round(c.shortfall_per_hour, 2)
    3.21
    >>> minimum_wage_check(16, 30, 10, 12.21).passes  # £8 for 40 minutes = £12 an hour: still short
    False
    """
    hourly_pay = _positive(hourly_pay, "Pay per hour")
    visit_minutes = _positive(visit_minutes, "A visit's length")
    minimum = _positive(minimum, "The minimum wage")
    for value, what in ((travel_minutes, "Travel minutes"), (paid_travel_minutes, "Paid travel minutes")):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{what} must be 0 or more.")
    if paid_travel_minutes > travel_minutes:
        raise ValueError("Paid travel cannot be more than the travel itself.")
    paid = hourly_pay * (visit_minutes + paid_travel_minutes) / 60
    working = visit_minutes + travel_minutes
    rate = paid / working * 60
    passes = rate >= minimum - 1e-9
    return MinimumWageCheck(paid, working, rate, minimum, passes, 0.0 if passes else minimum - rate)


def uplift_schedule(price: float, uplifts: Sequence[float], hours_per_week: float,
                    weeks: float = WEEKS_PER_YEAR) -> pd.DataFrame:
    """A price and its budget for each year of a contract.

    Parameters
    ----------
    price : float
        £ per contact hour in the first year.
    uplifts : sequence of float
        The uplift at the start of each later year, as a fraction (0.04 = 4%); a contract of
        n years has n - 1 uplifts.
    hours_per_week : float
        Contact hours a week, assumed steady.
    weeks : float
        Weeks of care a year.

    Returns
    -------
    pandas.DataFrame
        One row per contract year (1, 2, ...): ``uplift`` (fraction applied that year),
        ``price`` (£ per contact hour), ``budget`` (£ that year) and ``cumulative`` (£ so far).

    Examples
    --------
    >>> t = uplift_schedule(20, [0.05], 10, weeks=50)  # year 2: £21; budgets £10,000 and £10,500
    >>> t["price"].tolist(), t["budget"].tolist(), t["cumulative"].tolist()
    ([20.0, 21.0], [10000.0, 10500.0], [10000.0, 20500.0])
    """
    price = _positive(price, "The first year's price")
    for u in uplifts:
        if not math.isfinite(u) or u <= -1:
            raise ValueError("Each uplift must be a number above -100%.")
    rows, current, total = [], price, 0.0
    for year, uplift in enumerate([0.0, *uplifts], start=1):
        current = current * (1 + uplift)
        budget = annual_budget(current, hours_per_week, weeks)
        total += budget
        rows.append((year, uplift, current, budget, total))
    return pd.DataFrame(rows, columns=["year", "uplift", "price", "budget", "cumulative"]).set_index("year")


def wage_led_uplift(wage_share: float, wage_rise: float, other_rise: float) -> float:
    """An uplift that follows the costs: wage_share x wage_rise + (1 - wage_share) x other_rise.

    Parameters
    ----------
    wage_share : float
        The share of the price that moves with pay (pay, travel time and on-costs on them), 0 to 1.
    wage_rise : float
        The rise in pay, as a fraction (0.041 = 4.1%).
    other_rise : float
        The rise in every other cost, as a fraction.

    Returns
    -------
    float
        The uplift, as a fraction.

    Examples
    --------
    >>> round(wage_led_uplift(0.8, 0.05, 0.02), 6)  # 0.8 x 5% + 0.2 x 2%
    0.044
    """
    if not 0 <= wage_share <= 1:
        raise ValueError("The share of the price that moves with pay must be between 0% and 100%.")
    return wage_share * wage_rise + (1 - wage_share) * other_rise


# -- open book across providers ---------------------------------------------------------------
LINES = ("pay", "travel_time", "on_costs", "mileage", "running", "surplus")
LINE_NAMES = {"pay": "Care worker pay", "travel_time": "Paid travel time", "on_costs": "On-costs (holiday, NI, pension, sickness, training)",
              "mileage": "Mileage", "running": "Running the business", "surplus": "Surplus"}


class ProviderBook(Strict):
    """One provider's open-book return: hours and £ per contact hour, line by line."""

    name: str = Field(min_length=1)
    hours_per_week: float = Field(gt=0)
    pay: float = Field(ge=0)
    travel_time: float = Field(ge=0)
    on_costs: float = Field(ge=0)
    mileage: float = Field(ge=0)
    running: float = Field(ge=0)
    surplus: float  # may be negative: a provider running at a loss
    wage: float = Field(gt=0)  # £ an hour paid to care workers

    @property
    def price(self) -> float:
        return sum(getattr(self, line) for line in LINES)


class OpenBook(Strict):
    title: str
    year: str = Field(pattern=r"^\d{4}-\d{2}$")
    illustrative: bool
    source: str = Field(min_length=20)
    providers: list[ProviderBook] = Field(min_length=2)

    _unique = unique_by("providers", "name", "provider names must be unique")


register_schema("openbook/*.yaml", OpenBook)


def open_book(name: str = "example", root: Path | None = None) -> OpenBook:
    """An open-book set from data/openbook/.

    Parameters
    ----------
    name : str
        The file's stem (``example``).
    root : Path, optional
        The data folder (default: the kit's ``data/``).

    Returns
    -------
    OpenBook
        The providers' returns: hours a week and £ per contact hour, line by line.

    Examples
    --------
    >>> book = open_book()
    >>> len(book.providers), book.illustrative
    (4, True)
    """
    return read_model(((root or data_dir()) / "openbook" / f"{name}.yaml").resolve(), OpenBook)


@dataclass(frozen=True)
class Consolidated:
    by_provider: pd.DataFrame  # per provider: hours_per_week, each line, price, surplus_share, annual_cost, share_of_hours
    lines: pd.DataFrame  # per line: weighted (hours-weighted mean £/h), low, high
    price: float  # hours-weighted £ per contact hour across the market
    annual_cost: float  # £ a year across the market
    hours_per_week: float


def consolidate(providers: Sequence[ProviderBook], weeks: float = WEEKS_PER_YEAR) -> Consolidated:
    """The market's cost, not one provider's: every line weighted by each provider's hours.

    Parameters
    ----------
    providers : sequence of ProviderBook
        At least one open-book return (hours a week, £ per contact hour per line).
    weeks : float
        Weeks of care a year (52).

    Returns
    -------
    Consolidated
        Per-provider prices and surplus shares, each line's hours-weighted mean with its lowest and
        highest, the weighted price (£ per contact hour) and the annual cost (£).

    Examples
    --------
    >>> def book(name, hours, pay):
    ...     return ProviderBook(name=name, hours_per_week=hours, pay=pay, travel_time=0, on_costs=0,
    ...                         mileage=0, running=0, surplus=0, wage=pay)
    >>> c = consolidate([book("A", 100, 10), book("B", 300, 14)])
    >>> c.price  # (10 x 100 + 14 x 300) / 400
    13.0
    >>> c.annual_cost  # (10 x 100 + 14 x 300) x 52
    270400.0
    """
    if len(providers) < 1:
        raise ValueError("Add at least one provider's open-book return.")
    frame = pd.DataFrame([{**{line: getattr(p, line) for line in LINES}, "hours_per_week": p.hours_per_week,
                           "wage": p.wage} for p in providers], index=pd.Index([p.name for p in providers], name="provider"))
    frame["price"] = frame[list(LINES)].sum(axis=1)
    frame["surplus_share"] = frame["surplus"] / frame["price"]
    frame["annual_cost"] = frame["price"] * frame["hours_per_week"] * weeks
    hours = float(frame["hours_per_week"].sum())
    frame["share_of_hours"] = frame["hours_per_week"] / hours
    weighted = {line: float((frame[line] * frame["hours_per_week"]).sum() / hours) for line in LINES}
    lines = pd.DataFrame({"weighted": weighted, "low": frame[list(LINES)].min(), "high": frame[list(LINES)].max()})
    lines.index.name = "line"
    price = float(sum(weighted.values()))
    return Consolidated(frame, lines, price, float(frame["annual_cost"].sum()), hours)


class FinanceDefaults(Strict):
    """The sourced defaults for 3-5's finance part (data/finance/3-5.yaml)."""

    hours_per_week: float = Field(gt=0)  # contact hours a week
    hours_source: str = Field(min_length=20)
    weeks: float = Field(gt=0, le=53)
    contract_years: int = Field(ge=1, le=15)
    wage_rise: float = Field(gt=-1, lt=1)  # fraction a year
    wage_rise_source: str = Field(min_length=20)
    other_rise: float = Field(gt=-1, lt=1)
    other_rise_source: str = Field(min_length=20)
    minimum_wage_rule: str = Field(min_length=40)
    minimum_wage_source: str = Field(min_length=20)
    minimum_wage_confidence: str = Field(min_length=10)
    surplus_flag: float = Field(gt=0, lt=1)  # share of the price
    surplus_flag_rationale: str = Field(min_length=40)


register_schema("finance/*.yaml", FinanceDefaults)


finance_defaults = data_file("finance/3-5.yaml", FinanceDefaults)


def pay_share(breakdown) -> float:
    """The share of a price (:class:`svkit.costofcare.CostBreakdown`) that moves with pay.

    Pay, paid travel time and the on-costs charged on them, over the direct costs. Running costs
    and surplus follow the direct costs (as a share of the price or a mark-up on cost), so this is
    also the share of the whole price that a pay rise moves.

    Parameters
    ----------
    breakdown : CostBreakdown
        :func:`svkit.costofcare.hourly_rate`'s result.

    Returns
    -------
    float
        Share 0-1.

    Examples
    --------
    >>> from svkit.costofcare import example_assumptions, hourly_rate
    >>> a = example_assumptions()
    >>> pay_share(hourly_rate(a))  # (£10 pay + £5 travel) / £16 direct
    0.9375
    """
    moves = {"Care worker pay", "Paid travel time", "Holiday pay", "Employer National Insurance", "Pension",
             "Sickness", "Training and supervision"}
    lines = breakdown.lines
    return float(lines.loc[lines["item"].isin(moves), "per_hour"].sum() / breakdown.direct)
