"""The open-book price of one contact hour of homecare (exercise 3-5).

:class:`CareCostAssumptions` holds every input; :func:`assumptions_for` gives a year's sourced
preset from ``data/costs/``. :func:`hourly_rate` builds the price up line by line:

- pay for the contact hour, and for the travel time between visits (paid at the same wage);
- on-costs: holiday pay, employer National Insurance, pension, sickness, training and
  supervision; each is a rate (on the earnings it applies to) or, where ``*_flat`` is given, a
  flat £ per contact hour, as some published models show them;
- mileage: miles per visit x the rate per mile x visits per contact hour;
- running costs and surplus, each either a mark-up on the direct costs or a share of the price.
  Shares of the price are grossed up: price = direct x (1 + mark-ups) / (1 - shares), so each
  share can be read back off the price exactly.

National Insurance and pension use a typical worker's week: earnings per contact hour x contact
hours a week, less the weekly threshold, spread back over those hours. A threshold of 0 gives a
flat rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd
from pydantic import Field

from svkit.content import Strict, read_model, register_schema
from svkit.paths import data_dir

WEEKS = 52
CONVENTIONS = ("markup", "share")


@dataclass(frozen=True, kw_only=True)
class CareCostAssumptions:
    """Every input of the price build-up. Rates are fractions (0.15 = 15%); money in £.

    Every figure is given by the caller: a year's sourced figures come from :func:`assumptions_for`
    (``data/costs/<year>.yaml``), never from defaults here.
    """

    year: str = ""
    wage: float  # £ an hour
    visit_minutes: float  # contact time per visit
    travel_minutes: float  # paid travel time per visit
    miles_per_visit: float
    mileage_rate: float  # £ a mile
    contact_hours_per_week: float  # a typical worker's week, for NI and pension thresholds
    holiday_rate: float
    ni_rate: float
    ni_threshold: float  # £ a year; 0 gives a flat rate
    ni_on_holiday: bool = True  # holiday pay counts as earnings for NI and pension
    pension_rate: float
    pension_lower: float  # £ a year
    sickness_rate: float  # of pay and travel pay
    training_rate: float  # training and supervision, of pay and travel pay
    holiday_flat: float | None = None  # £ per contact hour, replacing the rate
    ni_flat: float | None = None
    pension_flat: float | None = None
    sickness_flat: float | None = None
    training_flat: float | None = None
    running: float
    running_convention: str = "share"  # "share" of the price, or "markup" on direct costs
    surplus: float
    surplus_convention: str = "share"


@dataclass(frozen=True)
class CostBreakdown:
    lines: pd.DataFrame  # item, per_hour (£ per contact hour), basis; no subtotals
    total: float
    direct: float  # the direct costs before running costs and surplus


def example_assumptions() -> CareCostAssumptions:
    """The round figures the examples in these docstrings work by hand; not a year's figures.

    £10 an hour, 30-minute visits with 15 minutes' paid travel and one mile at 50p a mile each,
    running costs 20% of the price, and no on-costs or surplus: direct costs £16 per contact hour,
    a price of £20. A year's sourced figures come from :func:`assumptions_for`.

    Returns
    -------
    CareCostAssumptions
        Money in £, times in minutes, rates and shares as fractions 0-1.

    Examples
    --------
    >>> a = example_assumptions()
    >>> a.wage, a.visit_minutes, a.travel_minutes, a.miles_per_visit, a.running
    (10, 30, 15, 1, 0.2)
    """
    return CareCostAssumptions(wage=10, visit_minutes=30, travel_minutes=15, miles_per_visit=1, mileage_rate=0.5,
                               contact_hours_per_week=30, holiday_rate=0, ni_rate=0, ni_threshold=0, pension_rate=0,
                               pension_lower=0, sickness_rate=0, training_rate=0, running=0.2, surplus=0)


def check(a: CareCostAssumptions) -> list[str]:
    """Plain-English problems that stop the calculation (empty when it can run).

    Parameters
    ----------
    a : CareCostAssumptions
        The inputs: money in £, rates and shares as fractions 0-1, times in minutes.

    Returns
    -------
    list of str
        One sentence per problem: a negative or missing number, a wage, visit or week of 0, an
        unknown convention, or running costs and surplus taking 100% or more of the price.

    Examples
    --------
    >>> a = example_assumptions()
    >>> check(a)
    []
    >>> from dataclasses import replace
    >>> check(replace(a, wage=0))
    ['The wage must be above £0.']
    >>> check(replace(a, running=0.9, surplus=0.1))
    ['Running costs and surplus as shares of the price add up to 100%; they must stay below 100%, or the price would be infinite.']
    """
    problems = []
    for f in fields(a):
        value = getattr(a, f.name)
        if isinstance(value, bool) or value is None or isinstance(value, str):
            continue
        if not math.isfinite(value):
            problems.append(f"{f.name.replace('_', ' ')} must be a number.")
        elif value < 0:
            problems.append(f"{f.name.replace('_', ' ').capitalize()} cannot be negative.")
    if a.wage <= 0:
        problems.append("The wage must be above £0.")
    if a.visit_minutes <= 0:
        problems.append("A visit must last more than 0 minutes.")
    if a.contact_hours_per_week <= 0:
        problems.append("A typical worker's contact hours a week must be above 0.")
    for name in ("running_convention", "surplus_convention"):
        if getattr(a, name) not in CONVENTIONS:
            problems.append(f"{name.replace('_', ' ')} must be 'markup' or 'share'.")
    shares = sum(v for v, c in ((a.running, a.running_convention), (a.surplus, a.surplus_convention)) if c == "share")
    if shares >= 1:
        problems.append(f"Running costs and surplus as shares of the price add up to {100 * shares:g}%; they must "
                        "stay below 100%, or the price would be infinite.")
    return problems


def wage_warning(a: CareCostAssumptions, legal_minimum: float | None) -> str:
    """A warning (not a block) when the wage is below the legal minimum for the year.

    Parameters
    ----------
    a : CareCostAssumptions
        The inputs; its ``wage`` is £ an hour.
    legal_minimum : float or None
        The National Living Wage for the year, £ an hour (None: no check).

    Returns
    -------
    str
        The warning, or "" when the wage meets the minimum.

    Examples
    --------
    >>> from dataclasses import replace
    >>> wage_warning(replace(assumptions_for("2025-26"), wage=12.5), 12.21)
    ''
    >>> wage_warning(replace(assumptions_for("2025-26"), wage=10), 12.21)
    '£10.00 an hour is below the legal minimum of £12.21 for 2025-26 (the National Living Wage for workers aged 21 and over).'
    """
    if legal_minimum is not None and a.wage < legal_minimum:
        return (f"£{a.wage:.2f} an hour is below the legal minimum of £{legal_minimum:.2f} for {a.year or 'the year'} "
                "(the National Living Wage for workers aged 21 and over).")
    return ""


def hourly_rate(a: CareCostAssumptions) -> CostBreakdown:
    """The price of one contact hour, line by line.

    Parameters
    ----------
    a : CareCostAssumptions
        The inputs: wage £ an hour, minutes per visit, miles, rates and shares as fractions 0-1.

    Returns
    -------
    CostBreakdown
        ``lines`` (item, £ per contact hour, basis), ``total`` (the price, £ per contact hour) and
        ``direct`` (before running costs and surplus). Problems raise ``ValueError`` listing every one.

    Examples
    --------
    >>> a = example_assumptions()
    >>> r = hourly_rate(a)  # pay £10, travel 15/30 x £10 = £5, mileage 1 mile x £0.50 x 60/30 = £1: direct £16; running 20% of the price
    >>> r.direct, r.total  # 16 / (1 - 0.2) = 20
    (16.0, 20.0)
    >>> r.lines.loc[r.lines["per_hour"] > 0, "item"].tolist()
    ['Care worker pay', 'Paid travel time', 'Mileage', 'Running the business']
    """
    problems = check(a)
    if problems:
        raise ValueError(" ".join(problems))
    pay = a.wage
    travel = a.wage * a.travel_minutes / a.visit_minutes
    gross = pay + travel
    holiday = a.holiday_flat if a.holiday_flat is not None else a.holiday_rate * gross
    earnings = gross + (holiday if a.ni_on_holiday else 0.0)
    week = earnings * a.contact_hours_per_week

    def above(threshold_per_year: float) -> float:
        return max(0.0, week - threshold_per_year / WEEKS) / a.contact_hours_per_week

    ni = a.ni_flat if a.ni_flat is not None else a.ni_rate * above(a.ni_threshold)
    pension = a.pension_flat if a.pension_flat is not None else a.pension_rate * above(a.pension_lower)
    sickness = a.sickness_flat if a.sickness_flat is not None else a.sickness_rate * gross
    training = a.training_flat if a.training_flat is not None else a.training_rate * gross
    mileage = a.miles_per_visit * a.mileage_rate * 60.0 / a.visit_minutes
    rows = [
        ("Care worker pay", pay, f"£{a.wage:.2f} an hour"),
        ("Paid travel time", travel, f"{a.travel_minutes:g} minutes per {a.visit_minutes:g}-minute visit, at the same wage"),
        ("Holiday pay", holiday, "flat £ per hour" if a.holiday_flat is not None else f"{100 * a.holiday_rate:.2f}% of pay and travel pay"),
        ("Employer National Insurance", ni, "flat £ per hour" if a.ni_flat is not None
         else f"{100 * a.ni_rate:g}% of earnings above £{a.ni_threshold:,.0f} a year, for a {a.contact_hours_per_week:g}-hour week"),
        ("Pension", pension, "flat £ per hour" if a.pension_flat is not None
         else f"{100 * a.pension_rate:g}% of earnings above £{a.pension_lower:,.0f} a year"),
        ("Sickness", sickness, "flat £ per hour" if a.sickness_flat is not None else f"{100 * a.sickness_rate:g}% of pay and travel pay"),
        ("Training and supervision", training, "flat £ per hour" if a.training_flat is not None
         else f"{100 * a.training_rate:g}% of pay and travel pay"),
        ("Mileage", mileage, f"{a.miles_per_visit:g} miles a visit at £{a.mileage_rate:.2f} a mile"),
    ]
    direct = sum(v for _, v, _ in rows)
    markups = sum(v for v, c in ((a.running, a.running_convention), (a.surplus, a.surplus_convention)) if c == "markup")
    shares = sum(v for v, c in ((a.running, a.running_convention), (a.surplus, a.surplus_convention)) if c == "share")
    price = direct * (1 + markups) / (1 - shares)
    for name, value, convention in (("Running the business", a.running, a.running_convention),
                                    ("Surplus", a.surplus, a.surplus_convention)):
        if convention == "share":
            rows.append((name, price * value, f"{100 * value:g}% of the price"))
        else:
            rows.append((name, direct * value, f"{100 * value:g}% mark-up on direct costs"))
    lines = pd.DataFrame(rows, columns=["item", "per_hour", "basis"])
    return CostBreakdown(lines, float(lines["per_hour"].sum()), float(direct))


# -- yearly presets ----------------------------------------------------------------------------
class Wage(Strict):
    """A wage rate, labelled by the period it is paid in (as a budget is) and the announcement it comes from."""

    id: str
    name: str  # shown on screen; includes the period paid
    value: float = Field(gt=0)  # £ an hour
    paid: str = Field(min_length=8)  # the period the rate is paid in
    announced: str = Field(min_length=8)  # which announcement set it
    source: str = Field(min_length=5)
    confidence: str = Field(min_length=3)


class Rated(Strict):
    rate: float = Field(ge=0, lt=1)
    source: str = Field(min_length=5)


class NI(Rated):
    threshold: float = Field(ge=0)


class Pension(Rated):
    lower: float = Field(ge=0)


class Valued(Strict):
    value: float = Field(ge=0)
    source: str = Field(min_length=5)


class Benchmark(Valued):
    confirmed: bool


class Operating(Strict):
    visit_minutes: float = Field(gt=0)
    contact_hours_per_week: float = Field(gt=0)
    sickness_rate: float = Field(ge=0, lt=1)
    training_rate: float = Field(ge=0, lt=1)
    running_share: float = Field(ge=0, lt=1)
    surplus_share: float = Field(ge=0, lt=1)
    source: str


class YearCosts(Strict):
    year: str = Field(pattern=r"^\d{4}-\d{2}$")
    wages: list[Wage] = Field(min_length=1)
    legal_minimum: float = Field(gt=0)
    employer_ni: NI
    pension: Pension
    holiday: Rated
    mileage_rate: Valued
    operating: Operating
    benchmarks: dict[str, Benchmark]


register_schema("costs/*.yaml", YearCosts)


def years(root: Path | None = None) -> list[str]:
    """The financial years the kit has cost figures for (``data/costs/*.yaml``), oldest first.

    Parameters
    ----------
    root : Path, optional
        The data folder whose ``costs/`` is listed (default: the kit's ``data/``).

    Returns
    -------
    list of str
        Years written ``2025-26``.

    Examples
    --------
    >>> "2025-26" in years()
    True
    >>> years() == sorted(years())
    True
    """
    return sorted(p.stem for p in ((root or data_dir()) / "costs").glob("*.yaml"))


def year_costs(year: str, root: Path | None = None) -> YearCosts:
    """One financial year's sourced cost figures (``data/costs/<year>.yaml``).

    Parameters
    ----------
    year : str
        The financial year, such as ``"2025-26"``; one the kit has no figures for raises ``ValueError``.
    root : Path, optional
        The data folder (default: the kit's ``data/``).

    Returns
    -------
    YearCosts
        Wages (£ an hour), mileage rate (£ a mile), holiday, NI and pension rates and thresholds,
        and the operating assumptions, each with its source.

    Examples
    --------
    >>> year_costs("2025-26").legal_minimum  # £ an hour: the National Living Wage from April 2025
    12.21
    >>> year_costs("1999-00")
    Traceback (most recent call last):
    ...
    ValueError: The kit has no cost figures for 1999-00; choose one of ...
    """
    path = ((root or data_dir()) / "costs" / f"{year}.yaml").resolve()
    if not path.exists():
        raise ValueError(f"The kit has no cost figures for {year}; choose one of {', '.join(years(root))}.")
    return read_model(path, YearCosts)


def assumptions_for(year: str, wage: str = "nlw", root: Path | None = None) -> CareCostAssumptions:
    """The sourced preset for a financial year ('2025-26'), on the named wage (nlw, rlw, rlw-london).

    Travel time and miles per visit come from the travel assumption 3-6 also uses
    (``data/places/travel.yaml``): its km per visit at its speed.

    Parameters
    ----------
    year : str
        The financial year, such as ``"2025-26"``.
    wage : str
        ``nlw`` (National Living Wage), ``rlw`` (Real Living Wage) or ``rlw-london``.
    root : Path, optional
        The data folder (default: the kit's ``data/``).

    Returns
    -------
    CareCostAssumptions
        Every input of :func:`hourly_rate`, filled from the year's figures.

    Examples
    --------
    >>> assumptions_for("2025-26").wage  # the National Living Wage from April 2025, £ an hour
    12.21
    >>> assumptions_for("2025-26", "rlw").wage > assumptions_for("2025-26").wage
    True
    """
    from svkit.zoning import travel

    y = year_costs(year, root)
    t = travel(root)
    wages = {w.id: w.value for w in y.wages}
    if wage not in wages:
        raise ValueError(f"Unknown wage '{wage}'; use one of {', '.join(wages)}.")
    o = y.operating
    return CareCostAssumptions(
        year=y.year, wage=wages[wage], visit_minutes=o.visit_minutes, travel_minutes=t.minutes_per_visit,
        miles_per_visit=t.miles_per_visit, mileage_rate=y.mileage_rate.value,
        contact_hours_per_week=o.contact_hours_per_week, holiday_rate=y.holiday.rate, ni_rate=y.employer_ni.rate,
        ni_threshold=y.employer_ni.threshold, pension_rate=y.pension.rate, pension_lower=y.pension.lower,
        sickness_rate=o.sickness_rate, training_rate=o.training_rate, running=o.running_share,
        running_convention="share", surplus=o.surplus_share, surplus_convention="share",
    )


def price_against(a: CareCostAssumptions, field: str, values: list[float]) -> list[float]:
    """The price per contact hour as one input takes each of ``values`` (for the sensitivity charts).

    Parameters
    ----------
    a : CareCostAssumptions
        The other inputs.
    field : str
        The input that varies, such as ``"wage"`` (£ an hour) or ``"travel_minutes"``.
    values : list of float
        Its values, in that input's unit.

    Returns
    -------
    list of float
        The price at each value, £ per contact hour.

    Examples
    --------
    >>> a = example_assumptions()
    >>> price_against(a, "wage", [10, 12])  # at £12: (12 + 6 + 1) / 0.8 = 23.75
    [20.0, 23.75]
    """
    return [hourly_rate(replace(a, **{field: v})).total for v in values]
