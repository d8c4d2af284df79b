"""The Wigan homecare case as data: 'I' statements, selection questions, then and now."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import Field

from svkit.content import SourceRef, Strict, data_file
from svkit.export import Record


class Statements(Strict):
    sources: list[SourceRef] = Field(min_length=1)
    statements: list[str] = Field(min_length=12, max_length=12)
    selection: list[str] = Field(min_length=8)


class Row(Strict):
    topic: str
    then: str = Field(min_length=10)
    now: str = Field(min_length=10)
    source: SourceRef


class Reason(Strict):
    text: str = Field(min_length=20)
    source: SourceRef


class Reconciliation(Strict):
    """The toolkit's spend and hours for Wigan today, and why they imply a low £ per hour."""

    annual_spend: float = Field(gt=0)  # £ a year
    hours_per_week: float = Field(gt=0)  # contact hours a week
    weeks: int = Field(ge=1, le=53)
    sources: list[SourceRef] = Field(min_length=1)
    reasons: list[Reason] = Field(min_length=3)


class Difference(Strict):
    topic: str = Field(min_length=3)
    text: str = Field(min_length=40)
    sources: list[SourceRef] = Field(min_length=2)


class ThenAndNow(Strict):
    rows: list[Row] = Field(min_length=1)
    reconciliation: Reconciliation
    differences: list[Difference] = Field(min_length=1)


statements = data_file("wigan/i-statements.yaml", Statements)
then_and_now = data_file("wigan/then-and-now.yaml", ThenAndNow)


def implied_hourly_rate(annual_spend: float, hours_per_week: float, weeks: int = 52) -> float:
    """Spend divided by hours: £ per contact hour.

    Parameters
    ----------
    annual_spend : float
        £ a year.
    hours_per_week : float
        Contact hours a week.
    weeks : int
        Weeks in the year the hours are delivered (52).

    Returns
    -------
    float
        £ per contact hour. A spend per hour, not a price: it says nothing about who paid for
        which hours or in which year's prices.

    Examples
    --------
    >>> implied_hourly_rate(52_000, 50)  # 52,000 / (50 x 52)
    20.0
    >>> implied_hourly_rate(10_000, 10, weeks=50)  # 10,000 / 500
    20.0
    """
    if not (annual_spend > 0 and hours_per_week > 0 and weeks > 0):
        raise ValueError("Spend, hours a week and weeks must all be above 0.")
    return annual_spend / (hours_per_week * weeks)


def statements_record(service: str, rows: Sequence[tuple[str, str, str]], chosen: Sequence[str], notes: str) -> Record:
    """The participant's 'I' statements, each with its clause and monitoring question, as a document.

    Parameters
    ----------
    service : str
        The service the statements are for (blank: "my service").
    rows : sequence of (str, str, str)
        Each row's 'I' statement, specification clause and monitoring question; wholly blank rows
        are left out.
    chosen : sequence of str
        The selection questions the participant would ask providers.
    notes : str
        The participant's notes.

    Returns
    -------
    Record
        A document for :mod:`svkit.export` (Word, Markdown).

    Examples
    --------
    >>> r = statements_record("Homecare", [("I choose my carer", "Clause 4", "How often?"), ("", "", "")], [], "")
    >>> r.title, r.facts
    ("'I' statements: Homecare", [('Statements written', '1')])
    >>> r.sections[0][0]
    "'I' statement 1"
    """
    sections = []
    for n, (statement, clause, question) in enumerate(rows, start=1):
        if not (statement.strip() or clause.strip() or question.strip()):
            continue
        sections.append((f"'I' statement {n}", [f"I statement: {statement}", f"Specification clause: {clause}",
                                                 f"Monitoring question: {question}"]))
    sections.append(("Selection questions I would ask providers", list(chosen) or [""]))
    sections.append(("Notes", [notes]))
    return Record(title=f"'I' statements: {service.strip() or 'my service'}",
                  facts=[("Statements written", str(sum(1 for r in rows if r[0].strip())))], sections=sections,
                  footer="Made with svkit from the CCIN Social Value Toolkit (2025), Wigan's ethical homecare case.")
