"""Take-home records of exercise results: a :class:`~svkit.export.Record` (for .docx and .md) and,
where the result is a table, spreadsheet sheets (for .xlsx), as ``(name, rows)`` with a header row.

Pure functions: results and inputs in, record and rows out. Numbers go into sheets as numbers
(numeric cells); every cell still passes :func:`svkit.export.safe_cell` when it is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields

import pandas as pd

from svkit.costofcare import CareCostAssumptions, CostBreakdown
from svkit.export import Record

Sheet = tuple[str, list[list]]
FOOTER = "Written by svkit, a workshop kit for the CCIN Social Value Toolkit (2025). For training, not advice."
NOTHING = "(nothing written yet)"

# -- 3-5: the price of care ------------------------------------------------------------------
#: Each input of the build-up: its name, and its unit (a rate is shown as a percentage).
CARE_INPUTS: dict[str, tuple[str, str]] = {
    "year": ("Financial year", ""),
    "wage": ("Hourly wage", "£ an hour"),
    "visit_minutes": ("Visit length", "minutes"),
    "travel_minutes": ("Paid travel per visit", "minutes"),
    "miles_per_visit": ("Miles per visit", "miles"),
    "mileage_rate": ("Mileage rate", "£ a mile"),
    "contact_hours_per_week": ("Contact hours in a typical week", "hours"),
    "holiday_rate": ("Holiday pay", "% of pay and travel pay"),
    "ni_rate": ("Employer National Insurance", "% of earnings above the threshold"),
    "ni_threshold": ("National Insurance secondary threshold", "£ a year"),
    "ni_on_holiday": ("Holiday pay counts as earnings for NI and pension", "yes or no"),
    "pension_rate": ("Pension", "% of earnings above the lower limit"),
    "pension_lower": ("Pension: earnings above", "£ a year"),
    "sickness_rate": ("Sickness", "% of pay and travel pay"),
    "training_rate": ("Training and supervision", "% of pay and travel pay"),
    "holiday_flat": ("Holiday pay, flat", "£ per contact hour"),
    "ni_flat": ("Employer National Insurance, flat", "£ per contact hour"),
    "pension_flat": ("Pension, flat", "£ per contact hour"),
    "sickness_flat": ("Sickness, flat", "£ per contact hour"),
    "training_flat": ("Training and supervision, flat", "£ per contact hour"),
    "running": ("Running the business", "%"),
    "running_convention": ("Running costs taken as", "share of the price or mark-up on cost"),
    "surplus": ("Surplus", "%"),
    "surplus_convention": ("Surplus taken as", "share of the price or mark-up on cost"),
}
CONVENTIONS = {"share": "share of the price", "markup": "mark-up on direct costs"}


def _care_input_rows(a: CareCostAssumptions) -> list[list]:
    rows = []
    for f in fields(a):
        name, unit = CARE_INPUTS.get(f.name, (f.name.replace("_", " "), ""))
        value = getattr(a, f.name)
        if value is None:
            continue  # a flat amount not in use: the rate is
        if f.name.endswith("_rate") or f.name in ("running", "surplus"):
            value = round(100 * value, 4)
        elif f.name.endswith("_convention"):
            value = CONVENTIONS.get(value, value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        rows.append([name, value, unit])
    return rows


def price_of_care(a: CareCostAssumptions, result: CostBreakdown, notes: str = "") -> tuple[Record, list[Sheet]]:
    """3-5's price build-up with every input it was worked from.

    Parameters
    ----------
    a : CareCostAssumptions
        The inputs (wage £ per hour, on-costs as shares 0-1, minutes, miles...).
    result : CostBreakdown
        :func:`svkit.costofcare.hourly_rate` of ``a``: lines in £ per contact hour.
    notes : str
        What the participant would ask a provider.

    Returns
    -------
    tuple of (Record, list of Sheet)
        The document, and the sheets "Price build-up" (£ per contact hour) and "Inputs".

    Examples
    --------
    >>> from svkit import costofcare
    >>> a = costofcare.assumptions_for("2025-26")
    >>> record, sheets = price_of_care(a, costofcare.hourly_rate(a))
    >>> record.title, [name for name, _ in sheets]
    ('Price of care build-up, 2025-26', ['Price build-up', 'Inputs'])
    """
    build_up = [["Item", "£ per contact hour", "Basis"]]
    build_up += [[r.item, round(float(r.per_hour), 4), r.basis] for r in result.lines.itertuples()]
    build_up += [["Direct costs (before running costs and surplus)", round(result.direct, 4), "sum of the lines above them"],
                 ["Price per contact hour", round(result.total, 4), "sum of every line"]]
    inputs = [["Input", "Value", "Unit"], *_care_input_rows(a)]
    record = Record(
        title=f"Price of care build-up, {a.year}",
        facts=[("Financial year", a.year), ("Price per contact hour", f"£{result.total:.2f}"),
               ("Direct costs", f"£{result.direct:.2f} per contact hour")],
        sections=[
            ("The build-up, line by line", [f"{r.item}: £{r.per_hour:.2f} per contact hour ({r.basis})."
                                            for r in result.lines.itertuples()]),
            ("What it was worked from", [f"{name}: {value:g} {unit}." if isinstance(value, (int, float))
                                         else f"{name}: {value}." for name, value, unit in inputs[1:]]),
            ("What I would ask a provider", [notes or NOTHING]),
        ],
        footer=FOOTER,
    )
    return record, [("Price build-up", build_up), ("Inputs", inputs)]


# -- 2-2: the tender lab ---------------------------------------------------------------------
def tender_rankings(set_name: str, weights: Mapping[str, float], method_name: str,
                    results: Mapping[str, pd.DataFrame], approach_names: Mapping[str, str],
                    types: Mapping[str, str], notes: str = "") -> tuple[Record, list[Sheet]]:
    """2-2's rankings under each social value approach, with the weights they were scored with.

    Parameters
    ----------
    set_name : str
        The bid set's name.
    weights : mapping of str to float
        ``price``, ``quality`` and ``social_value`` weights, % (adding up to 100).
    method_name : str
        How price was scored, in words.
    results : mapping of str to DataFrame
        An approach to :func:`svkit.tender.evaluate`'s ranked frame (marks out of 100).
    approach_names : mapping of str to str
        An approach to its name.
    types : mapping of str to str
        A bidder to the name of its organisation type.
    notes : str
        The participant's notes.

    Returns
    -------
    tuple of (Record, list of Sheet)
        The document, and the sheets "Rankings" and "Weights".

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"price": [60.0], "quality": [20.0], "social_value": [10.0], "total": [90.0]},
    ...                      index=["Acme"])
    >>> record, sheets = tender_rankings("Library", {"price": 60, "quality": 30, "social_value": 10},
    ...                                  "relative", {"a": frame}, {"a": "Points"}, {"Acme": "SME"})
    >>> record.sections[0]
    ('Points', ['1. Acme: 90.0 (price 60.0, quality 20.0, social value 10.0).'])
    >>> sheets[0][1][1]
    ['Points', 1, 'Acme', 'SME', 60.0, 20.0, 10.0, 90.0]
    """
    ranking = [["Approach", "Rank", "Bidder", "Organisation type", "Price marks", "Quality marks",
                "Social value marks", "Total (out of 100)"]]
    sections = []
    for approach, frame in results.items():
        lines = []
        for rank, (bidder, row) in enumerate(frame.iterrows(), start=1):
            ranking.append([approach_names[approach], rank, bidder, types.get(bidder, ""),
                            round(float(row["price"]), 2), round(float(row["quality"]), 2),
                            round(float(row["social_value"]), 2), round(float(row["total"]), 2)])
            lines.append(f"{rank}. {bidder}: {row['total']:.1f} (price {row['price']:.1f}, quality "
                         f"{row['quality']:.1f}, social value {row['social_value']:.1f}).")
        sections.append((approach_names[approach], lines))
    settings = [["Setting", "Value"], ["Bid set", set_name], ["Price weight (%)", float(weights["price"])],
                ["Quality weight (%)", float(weights["quality"])],
                ["Social value weight (%)", float(weights["social_value"])], ["Price scoring", method_name]]
    record = Record(
        title="Tender lab: rankings both ways",
        facts=[("Bid set", set_name),
               ("Weights", f"price {weights['price']:g}%, quality {weights['quality']:g}%, "
                           f"social value {weights['social_value']:g}%"),
               ("Price scoring", method_name)],
        sections=[*sections, ("My notes", [notes or NOTHING])],
        footer=FOOTER,
    )
    return record, [("Rankings", ranking), ("Weights", settings)]


# -- 2-3: lotting ---------------------------------------------------------------------------
def lotting(settings: Sequence[tuple[str, object]], lot_rows: Sequence[tuple[str, float, float, int]],
            type_rows: Sequence[tuple[str, int, int]], summary: str, notes: str = "") -> tuple[Record, list[Sheet]]:
    """2-3's eligibility: who can bid, type by type, and the lots, with the settings behind them.

    Parameters
    ----------
    settings : sequence of (str, object)
        The settings, name and value (values over 1,000 written with thousands separators).
    lot_rows : sequence of (str, float, float, int)
        (lot, annual value GBP, turnover needed GBP, organisations that pass).
    type_rows : sequence of (str, int, int)
        (organisation type, can bid, in the area).
    summary : str
        One sentence on who can bid.
    notes : str
        The participant's trade-offs.

    Returns
    -------
    tuple of (Record, list of Sheet)
        The document, and the sheets "Who can bid" (with the share 0-1 that can), "Lots" and "Settings".

    Examples
    --------
    >>> record, sheets = lotting([("Number of lots", 2)], [("Lot 1", 500_000.0, 1_000_000.0, 3)],
    ...                          [("SME", 3, 4)], "Three in four SMEs can bid.")
    >>> record.sections[1][1]
    ['Lot 1: £500,000 a year; turnover needed £1,000,000; 3 organisations pass.']
    >>> sheets[0][1][1]  # share that can bid: 3 / 4
    ['SME', 3, 4, 0.75]
    """
    eligibility = [["Organisation type", "Can bid for at least one lot", "In the area", "Share that can bid"]]
    eligibility += [[name, int(can), int(total), round(can / total, 4) if total else 0] for name, can, total in type_rows]
    lots_sheet = [["Lot", "Annual value (£)", "Turnover needed (£)", "Organisations that pass"]]
    lots_sheet += [[name, round(value, 2), round(need, 2), int(n)] for name, value, need, n in lot_rows]
    inputs = [["Setting", "Value"], *[[k, v] for k, v in settings]]
    record = Record(
        title="Lotting: who can bid",
        facts=[(k, f"{v:,.0f}" if isinstance(v, float) and v > 1000 else f"{v:g}" if isinstance(v, float) else str(v))
               for k, v in settings],
        sections=[("Who can bid", [summary] + [f"{name}: {can} of {total} can bid." for name, can, total in type_rows]),
                  ("The lots", [f"{name}: £{value:,.0f} a year; turnover needed £{need:,.0f}; {n} organisations pass."
                                for name, value, need, n in lot_rows]),
                  ("Trade-offs for my contract", [notes or NOTHING])],
        footer=FOOTER,
    )
    return record, [("Who can bid", eligibility), ("Lots", lots_sheet), ("Settings", inputs)]


# -- 3-6 and the marked exercises: .docx and .md only ------------------------------------------
def comparison(title: str, settings: Sequence[tuple[str, str]], headings: Sequence[str],
               rows: Sequence[tuple[str, Sequence[str]]], source: str, notes: str = "") -> Record:
    """A side-by-side comparison (3-6's two markets) as a record.

    Parameters
    ----------
    title : str
        The record's title.
    settings : sequence of (str, str)
        The settings behind the comparison, name and value.
    headings : sequence of str
        The measures compared.
    rows : sequence of (str, sequence of str)
        Each thing compared with its values, one per heading, already written with units.
    source : str
        Where the figures come from.
    notes : str
        The participant's notes.

    Returns
    -------
    Record
        A document for :mod:`svkit.export`: the comparison with its source, then my notes.

    Examples
    --------
    >>> r = comparison("Two markets", [("Providers", "30")], ["km a visit"], [("Borough-wide", ["2.1 km"])], "a model")
    >>> r.sections[0][1]
    ['Borough-wide: km a visit, 2.1 km.', 'Source: a model']
    """
    lines = [f"{name}: " + "; ".join(f"{h}, {v}" for h, v in zip(headings, values)) + "." for name, values in rows]
    return Record(title=title, facts=list(settings),
                  sections=[("The comparison", lines + [f"Source: {source}"]), ("What this means for my borough",
                                                                                   [notes or NOTHING])],
                  footer=FOOTER)


def marking(title: str, score: tuple[int, int], items: Sequence[tuple[str, str, str]],
            reflection: str = "") -> Record:
    """A marked exercise (1-1 to 1-3): each item with the answer given and the feedback on it.

    Parameters
    ----------
    title : str
        The record's title.
    score : tuple of (int, int)
        (answers right, answers in all).
    items : sequence of (str, str, str)
        (what was asked, the answer given, the feedback).
    reflection : str
        The participant's reflection.

    Returns
    -------
    Record
        A document for :mod:`svkit.export`, with the score, each answer's feedback and my reflection.

    Examples
    --------
    >>> r = marking("Values", (1, 2), [("Which value?", "", "Look again.")])
    >>> r.facts, r.sections[0][1]
    ([('Score', '1 of 2 right')], ['Which value? Your answer: none given. Look again.'])
    """
    right, total = score
    lines = [f"{asked} Your answer: {answer or 'none given'}. {feedback}" for asked, answer, feedback in items]
    return Record(title=title, facts=[("Score", f"{right} of {total} right")],
                  sections=[("Each answer, with its feedback", lines), ("My reflection", [reflection or NOTHING])],
                  footer=FOOTER)
