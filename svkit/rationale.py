"""The social value rationale (exercise 2-4): required fields, warnings, thresholds, the record.

- :class:`Rationale`: what the participant wrote, one field per section of the template.
- :func:`missing`: the required fields still empty.
- :func:`findings`: warnings from the rules table (``data/rationale/rules.yaml``), each
  with the rule's rationale and source, so a trainer can read why it fired.
- :func:`threshold_check`: the contract's whole-life value against the Procurement Act
  2023 threshold in force on its start date (``data/rationale/thresholds.yaml``).
- :func:`to_record`: the downloadable record (.docx and .md via :mod:`svkit.export`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import Field, model_validator

from svkit import dates
from svkit.content import SourceRef, Strict, data_file, unique_by
from svkit.export import Record

CATEGORIES = {"goods": "Goods", "services": "Services", "works": "Works",
              "light-touch": "Light-touch services (social, health, education and similar)"}
THRESHOLD_CATEGORY = {"goods": "goods-services", "services": "goods-services", "works": "works",
                      "light-touch": "light-touch"}
SUPPLIER_SIZES = {"micro": "Micro (fewer than 10 people)", "small-medium": "Small or medium (10 to 249 people)",
                  "large": "Large (250 people or more)", "unknown": "Not known yet"}
KINDS = {"disproportionate": "Disproportionate", "unrelated": "Unrelated to the subject matter",
         "check": "Worth a second look"}


class Requirement(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    label: str = Field(min_length=10)


class When(Strict):
    categories: list[str] | None = None
    supplier_sizes: list[str] | None = None
    below_annual_value: float | None = Field(default=None, gt=0)
    below_years: float | None = Field(default=None, gt=0)
    below_months: float | None = Field(default=None, gt=0)  # the contract's length, months

    @model_validator(mode="after")
    def _known(self):
        if self.categories and set(self.categories) - set(CATEGORIES):
            raise ValueError(f"categories must be among {list(CATEGORIES)}")
        if self.supplier_sizes and set(self.supplier_sizes) - set(SUPPLIER_SIZES):
            raise ValueError(f"supplier_sizes must be among {list(SUPPLIER_SIZES)}")
        return self


class Rule(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    requirement: str
    when: When = When()
    kind: str = Field(pattern=r"^(disproportionate|unrelated|check)$")
    message: str = Field(min_length=20)
    rationale: str = Field(min_length=40)
    source: SourceRef


class Rules(Strict):
    requirements: list[Requirement] = Field(min_length=1)
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self):
        ids = {r.id for r in self.requirements}
        unknown = [r.id for r in self.rules if r.requirement not in ids]
        if unknown:
            raise ValueError(f"rules {unknown} name a requirement that is not listed")
        return self

    _unique = unique_by("rules", "id", "rule ids must be unique")


class Threshold(Strict):
    category: str = Field(pattern=r"^(goods-services|works|light-touch)$")
    value: float = Field(gt=0)
    from_: date = Field(alias="from")
    to: date | None = None


class Thresholds(Strict):
    act_applies_from: date
    act_note: str = Field(min_length=20)
    sources: list[SourceRef] = Field(min_length=1)
    thresholds: list[Threshold] = Field(min_length=3)


class Duty(Strict):
    """A legal or policy duty the rationale should answer, with a prompt and its source."""

    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=5)
    duty: str = Field(min_length=60)
    prompt: str = Field(min_length=20)
    source: SourceRef
    confidence: str = Field(min_length=4)


class ModelRationale(Strict):
    """An invented, complete rationale to compare against (same fields as :class:`Rationale`)."""

    title: str
    subject: str
    category: str
    annual_value: float = Field(gt=0)
    years: float = Field(gt=0)
    policy_goals: str
    requirements: list[str]
    engagement: str
    vcse_sme: str
    core_spec: str
    monitoring: str
    duties: dict[str, str]
    source: str = Field(min_length=20)


class Duties(Strict):
    duties: list[Duty] = Field(min_length=3)
    model: ModelRationale

    @model_validator(mode="after")
    def _model_answers_every_duty(self):
        if set(self.model.duties) != {d.id for d in self.duties}:
            raise ValueError("the model rationale must answer every duty, and only those")
        return self


rules = data_file("rationale/rules.yaml", Rules)
duties = data_file("rationale/duties.yaml", Duties)


def model_rationale(root: Path | None = None) -> "Rationale":
    """The model rationale as a :class:`Rationale`, so it passes the same checks as the participant's.

    Parameters
    ----------
    root : Path, optional
        The data folder holding ``rationale/duties.yaml``, where the model is written (default: ``data/``).

    Returns
    -------
    Rationale
        The trainer's model, money in £ a year, length in years.

    Examples
    --------
    >>> m = model_rationale()
    >>> m.category, m.annual_value, m.years
    ('light-touch', 400000.0, 3.0)
    >>> missing(m), findings(m)
    ([], [])
    """
    return Rationale(**duties(root).model.model_dump(exclude={"source"}))


thresholds = data_file("rationale/thresholds.yaml", Thresholds)


@dataclass
class Rationale:
    """What the participant wrote. Money in £ a year; length in years (may be a fraction)."""

    title: str = ""
    subject: str = ""
    category: str = ""
    annual_value: float = 0.0
    years: float = 0.0
    start: str = ""  # YYYY-MM-DD, the date the procurement starts; empty: today
    supplier_size: str = "unknown"
    policy_goals: str = ""
    requirements: list[str] = field(default_factory=list)  # requirement ids
    other_outcomes: str = ""
    engagement: str = ""
    vcse_sme: str = ""
    core_spec: str = ""
    monitoring: str = ""
    duties: dict[str, str] = field(default_factory=dict)  # duty id -> how the rationale answers it


#: Section headings of the template, in order, with the fields they hold. Required fields are marked.
SECTIONS = (
    ("The contract", ("title", "subject", "category", "annual_value", "years", "start", "supplier_size")),
    ("Council policy goals it serves (the golden thread)", ("policy_goals",)),
    ("Relevant and proportionate social value outcomes", ("requirements", "other_outcomes")),
    ("Market and community engagement", ("engagement",)),
    ("Opportunities for VCSEs and SMEs, and lotting", ("vcse_sme",)),
    ("How social value sits in the core specification", ("core_spec",)),
    ("Monitoring", ("monitoring",)),
)
LABELS = {
    "title": "Contract name", "subject": "Subject matter (what is being bought)", "category": "Type of contract",
    "annual_value": "Estimated value a year, £ including VAT", "years": "Length, years",
    "start": "Procurement start date (YYYY-MM-DD)", "supplier_size": "Likely size of supplier",
    "policy_goals": "Policy goals it serves", "requirements": "Social value requirements",
    "other_outcomes": "Other outcomes", "engagement": "Market and community engagement",
    "vcse_sme": "VCSE and SME opportunity, lotting", "core_spec": "Social value in the core specification",
    "monitoring": "Monitoring",
}
REQUIRED = ("title", "subject", "category", "annual_value", "years", "policy_goals", "engagement", "core_spec",
            "monitoring")


def missing(r: Rationale) -> list[str]:
    """Required fields that are empty (or, for numbers, not above 0), in template order.

    Parameters
    ----------
    r : Rationale
        What the participant wrote.

    Returns
    -------
    list of str
        Field names; ``requirements`` when neither a requirement nor another outcome is given.

    Examples
    --------
    >>> missing(Rationale(title="Meals"))[:3]
    ['subject', 'category', 'annual_value']
    >>> missing(model_rationale())
    []
    """
    gaps = []
    for name in REQUIRED:
        value = getattr(r, name)
        if isinstance(value, (int, float)):
            if not (math.isfinite(value) and value > 0):
                gaps.append(name)
        elif not str(value).strip():
            gaps.append(name)
    if not r.requirements and not r.other_outcomes.strip():
        gaps.append("requirements")
    return gaps


def start_date(r: Rationale, today: date | None = None) -> date:
    """The start date as a date; empty means today. A malformed date raises ``ValueError``.

    Parameters
    ----------
    r : Rationale
        Its ``start`` is YYYY-MM-DD, or empty.
    today : datetime.date, optional
        The date taken for "today" (default: the real one).

    Returns
    -------
    datetime.date

    Examples
    --------
    >>> from datetime import date
    >>> start_date(Rationale(start="2026-04-01")), start_date(Rationale(), today=date(2026, 1, 5))
    (datetime.date(2026, 4, 1), datetime.date(2026, 1, 5))
    """
    text = r.start.strip()
    if not text:
        return today or date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(dates.impossible(text)
                         or f"'{text}' is not a date in the form YYYY-MM-DD (for example 2026-04-01).") from None


@dataclass(frozen=True)
class Finding:
    rule: str
    requirement: str
    kind: str
    message: str
    rationale: str
    source: str


def findings(r: Rationale, table: Rules | None = None) -> list[Finding]:
    """Every rule that fires for the requirements picked, in the order of the rules table.

    Parameters
    ----------
    r : Rationale
        What the participant wrote: requirements, category, supplier size, value (£ a year), years.
    table : Rules, optional
        The rules (default: :func:`rules`).

    Returns
    -------
    list of Finding
        Each fired rule's id (``rule``), requirement, kind, message, rationale and source.

    Examples
    --------
    >>> small = Rationale(requirements=["carbon-plan"], annual_value=60_000, years=2, supplier_size="micro")
    >>> [(f.rule, f.kind) for f in findings(small)]  # under £100,000 a year, and a micro supplier
    [('carbon-plan-small-contract', 'disproportionate'), ('carbon-plan-micro-supplier', 'disproportionate')]
    >>> findings(Rationale(requirements=["carbon-plan"], annual_value=150_000, years=2))
    []
    """
    table = table or rules()
    picked = set(r.requirements)
    found = []
    for rule in table.rules:
        if rule.requirement not in picked:
            continue
        w = rule.when
        if w.categories is not None and r.category not in w.categories:
            continue
        if w.supplier_sizes is not None and r.supplier_size not in w.supplier_sizes:
            continue
        if w.below_annual_value is not None and not (0 < r.annual_value < w.below_annual_value):
            continue
        if w.below_years is not None and not (0 < r.years < w.below_years):
            continue
        if w.below_months is not None and not (0 < r.years and r.years * 12 < w.below_months - 1e-9):
            continue
        found.append(Finding(rule.id, rule.requirement, rule.kind, rule.message, rule.rationale.strip(), str(rule.source)))
    return found


@dataclass(frozen=True)
class ThresholdCheck:
    whole_life_value: float
    threshold: float | None
    above: bool | None  # None when no threshold is held for the date
    message: str
    source: str


def threshold_check(category: str, annual_value: float, years: float, on: date,
                    table: Thresholds | None = None) -> ThresholdCheck:
    """The whole-life value (annual x years) against the threshold in force on ``on``.

    Parameters
    ----------
    category : str
        ``goods``, ``services``, ``works`` or ``light-touch``.
    annual_value : float
        £ a year, including VAT.
    years : float
        The contract's length, years.
    on : datetime.date
        The date the procurement starts; the threshold in force then applies.
    table : Thresholds, optional
        The thresholds (default: :func:`thresholds`).

    Returns
    -------
    ThresholdCheck
        The whole-life value (£), the threshold (£, None when the kit holds none for that date),
        whether it is at or above, a plain message and the source.

    Examples
    --------
    >>> from datetime import date
    >>> c = threshold_check("services", 100_000, 3, date(2025, 6, 1))
    >>> c.whole_life_value, c.threshold, c.above  # £100,000 x 3 = £300,000
    (300000, 214904.0, True)
    """
    table = table or thresholds()
    if category not in THRESHOLD_CATEGORY:
        raise ValueError("Choose the type of contract first.")
    if not (math.isfinite(annual_value) and annual_value > 0 and math.isfinite(years) and years > 0):
        raise ValueError("Enter the value a year and the length to check the threshold.")
    total = annual_value * years
    source = "; ".join(str(s) for s in table.sources)
    kind = THRESHOLD_CATEGORY[category]
    match = next((t for t in table.thresholds
                  if t.category == kind and t.from_ <= on and (t.to is None or on <= t.to)), None)
    if match is None:
        return ThresholdCheck(total, None, None,
                              f"The kit holds no threshold for {on:%d %B %Y}; check the current figure on gov.uk.", source)
    period = f"from {match.from_:%d %B %Y}" + (f" to {match.to:%d %B %Y}" if match.to else "")
    above = total >= match.value
    name = CATEGORIES[category].split(" (")[0].lower()
    message = (f"Whole-life value £{total:,.0f} (£{annual_value:,.0f} a year for {years:g} years) is "
               f"{'at or above' if above else 'below'} the £{match.value:,.0f} threshold for {name} "
               f"contracts ({period}).")
    if on < table.act_applies_from:
        message += " " + table.act_note.strip()
    return ThresholdCheck(total, match.value, above, message, source)


def to_record(r: Rationale, today: date | None = None) -> Record:
    """The rationale as a document, with its warnings and threshold check.

    Parameters
    ----------
    r : Rationale
        What the participant wrote.
    today : datetime.date, optional
        The start date taken when none is written (default: the real today).

    Returns
    -------
    Record
        A document for :mod:`svkit.export`; its footer lists what is still to complete.

    Examples
    --------
    >>> from datetime import date
    >>> doc = to_record(Rationale(title="Meals"), today=date(2026, 1, 5))
    >>> doc.title
    'Social value rationale: Meals'
    >>> doc.footer.startswith("Made with svkit from the CCIN Social Value Toolkit (2025), section 2. Not legal advice.")
    True
    """
    reqs = {q.id: q.label for q in rules().requirements}

    def shown(name: str) -> str:
        value = getattr(r, name)
        if name == "category":
            return CATEGORIES.get(value, "")
        if name == "supplier_size":
            return SUPPLIER_SIZES.get(value, "")
        if name == "annual_value":
            return f"£{value:,.0f}" if value else ""
        if name == "years":
            return f"{value:g}" if value else ""
        if name == "requirements":
            return "; ".join(reqs.get(v, v) for v in value)
        return str(value)

    facts = [(LABELS[n], shown(n)) for n in SECTIONS[0][1]]
    sections = []
    for heading, names in SECTIONS[1:]:
        paragraphs = []
        for n in names:
            text = shown(n)
            if n == "requirements":
                paragraphs.append(f"Requirements: {text}" if text else "")
            elif n == "other_outcomes":
                if text.strip():
                    paragraphs.append(f"Other outcomes: {text}")
            else:
                paragraphs.append(text)
        sections.append((heading, paragraphs))
    duty_table = duties()
    answered = [f"{d.name}: {r.duties[d.id].strip()} (Duty: {d.duty.strip()} Source: {d.source}.)"
                for d in duty_table.duties if r.duties.get(d.id, "").strip()]
    sections.append(("Legal and policy duties considered", answered or ["Not yet answered."]))
    warnings = [f"{KINDS[f.kind]}: {f.message} Why: {f.rationale} (Source: {f.source}.)" for f in findings(r)]
    sections.append(("Warnings to consider", warnings or ["None of the kit's rules fired."]))
    try:
        check = threshold_check(r.category, r.annual_value, r.years, start_date(r, today))
        sections.append(("Threshold check", [f"{check.message} (Source: {check.source}.)"]))
    except ValueError as exc:
        sections.append(("Threshold check", [str(exc)]))
    gaps = missing(r)
    footer = ("Made with svkit from the CCIN Social Value Toolkit (2025), section 2. Not legal advice."
              + (f" Still to complete: {', '.join(LABELS[g] for g in gaps)}." if gaps else ""))
    return Record(title=f"Social value rationale: {r.title or 'untitled contract'}", facts=facts,
                  sections=sections, footer=footer)
