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
    """3-5's price build-up with every input it was worked from."""
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

    ``results`` maps an approach to :func:`svkit.tender.evaluate`'s ranked frame; ``types`` maps a
    bidder to the name of its organisation type.
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

    ``lot_rows``: (lot, annual value £, turnover needed £, organisations that pass);
    ``type_rows``: (organisation type, can bid, in the area).
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
    """A side-by-side comparison (3-6's two markets) as a record."""
    lines = [f"{name}: " + "; ".join(f"{h}, {v}" for h, v in zip(headings, values)) + "." for name, values in rows]
    return Record(title=title, facts=list(settings),
                  sections=[("The comparison", lines + [f"Source: {source}"]), ("What this means for my borough",
                                                                                   [notes or NOTHING])],
                  footer=FOOTER)


def marking(title: str, score: tuple[int, int], items: Sequence[tuple[str, str, str]],
            reflection: str = "") -> Record:
    """A marked exercise (1-1 to 1-3): each item with the answer given and the feedback on it.

    ``items``: (what was asked, the answer given, the feedback).
    """
    right, total = score
    lines = [f"{asked} Your answer: {answer or 'none given'}. {feedback}" for asked, answer, feedback in items]
    return Record(title=title, facts=[("Score", f"{right} of {total} right")],
                  sections=[("Each answer, with its feedback", lines), ("My reflection", [reflection or NOTHING])],
                  footer=FOOTER)
