"""The personal action plan (exercise 4-4): what a participant did across the kit, and what next.

:func:`gather` reads only the ``summary`` each exercise saves (docs/stored-answers.md): a mapping
of exercise label to that summary dict, with any label missing. An exercise not yet done shows as
'not yet done'; a summary that cannot be read (an older shape, say) says so; neither raises.
:func:`recommendations` filters the toolkit's recommendations by role; :func:`check_steps` reads
the first steps with their owner and date; :func:`to_record` writes the take-home document.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from pydantic import Field

from svkit import dates
from svkit.content import SourceRef, Strict, in_sentence, read_model, register_schema, unique_by
from svkit.export import Record
from svkit.paths import data_dir

log = logging.getLogger(__name__)

NOT_DONE = "Not yet done."
UNREADABLE = "Saved, but the summary could not be read; open the exercise again to refresh it."
MAX_STEPS = 6


class Recommendation(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    audience: str = Field(pattern=r"^(councils|network)$")
    text: str = Field(min_length=20)
    detail: str | None = None
    roles: list[str] = Field(min_length=1)
    source: SourceRef


class Recommendations(Strict):
    recommendations: list[Recommendation] = Field(min_length=1)

    _unique = unique_by("recommendations", "id", "recommendation ids must be unique")


register_schema("enabling/recommendations.yaml", Recommendations)

AUDIENCES = {"councils": "What the toolkit asks of member councils",
             "network": "What the toolkit asks of the CCIN network"}


@lru_cache(maxsize=None)
def _recommendations(path: Path, root: Path | None) -> tuple[Recommendation, ...]:
    from svkit.mindset import roles

    table = read_model(path, Recommendations)
    known = {r.id for r in roles(root)}
    for r in table.recommendations:
        if set(r.roles) - known:
            raise ValueError(f"recommendation {r.id} names an unknown role")
    return tuple(table.recommendations)


def recommendations(role: str | None = None, root: Path | None = None) -> list[Recommendation]:
    """Every recommendation, or those tagged with ``role``, in the table's order.

    Parameters
    ----------
    role : str, optional
        A role id such as ``"s151"``; None gives every recommendation.
    root : Path, optional
        The data folder (default: the kit's ``data/``).

    Returns
    -------
    list of Recommendation
        Each with its text, audience, roles and source.

    Examples
    --------
    >>> len(recommendations())
    15
    >>> all("s151" in r.roles for r in recommendations("s151"))
    True
    """
    every = _recommendations(((root or data_dir()) / "enabling" / "recommendations.yaml").resolve(), root)
    return [r for r in every if role is None or role in r.roles]


# --- what the participant did --------------------------------------------------------------------

@dataclass(frozen=True)
class PlanItem:
    label: str  # the exercise label ('1-4')
    heading: str  # what it is in the plan ('Which lens?')
    done: bool
    lines: tuple[str, ...]  # plain sentences; 'Not yet done.' when not done


@dataclass(frozen=True)
class ActionPlan:
    featured: tuple[PlanItem, ...]  # the items the plan is built around, always all present
    others: tuple[PlanItem, ...]  # other exercises done, briefly

    @property
    def done(self) -> int:
        return sum(i.done for i in self.featured)


def _lens(s: Mapping) -> list[str]:
    scenario = s["scenario"]
    if scenario == "own":
        what = "your own situation"
    else:
        from svkit.scenarios import scenario as find

        try:
            what = find(scenario).title
        except KeyError:
            what = str(scenario)
    lens = {"competition": "the competition lens", "collaboration": "the collaboration lens",
            "mixed": "a mix of both lenses"}[s["lens"]]
    return [f"Situation: {what}.", f"Diagnosis: {lens} (score {float(s['score']):+.0f} on a scale from -100, "
            "competition, to +100, collaboration)."]


def _tender(s: Mapping) -> list[str]:
    w = s["weights"]
    lines = [f"Weighting: price {w['price']:g}%, quality {w['quality']:g}%, social value {w['social_value']:g}% "
             f"({s['price_method']} price scoring, {_bid_set_name(s['bid_set'])})."]
    if s["winner_menu"] == s["winner_embedded"]:
        lines.append(f"{s['winner_menu']} won whether social value came from a menu or was embedded in the specification.")
    else:
        lines.append(f"With a social value menu {s['winner_menu']} won; with social value embedded, {s['winner_embedded']} won.")
    return lines


def _count(n: Any, noun: str) -> str:
    """'1 lot', '6 lots': a whole number with its noun (never '6 lot(s)')."""
    n = int(n)
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _bid_set_name(name: str) -> str:
    """A bid set's name as a reader would write it (never its file id)."""
    if name == "uploaded":
        return "on the bids you uploaded"
    return f"on the {str(name).replace('-', ' ')} bids"


def _panel(s: Mapping) -> list[str]:
    from svkit.imperatives import providers

    names = {p.id: p.name for p in providers().providers}
    ranking = [names.get(r, "a provider no longer in the kit") for r in s["ranking"]]
    return [f"{_count(len(s['judged']), 'provider')} judged; ranking: {', '.join(ranking) or 'none yet'}."]


def _pathways(s: Mapping) -> list[str]:
    from svkit.pathways import routes

    names = {r.id: r.name for r in routes().routes}
    top = [names.get(r, str(r)) for r in s["top"]]
    return [f"Shortlist: {'; '.join(top)}." if top else "No routes ranked yet."]


def _canvas(s: Mapping) -> list[str]:
    title = str(s.get("title") or "").strip() or "an opportunity not yet named"
    return [f"Canvas for {title}: {int(s['written'])} of {int(s['of'])} steps written."]


def _thread(s: Mapping) -> list[str]:
    title = str(s.get("title") or "").strip() or "a thread not yet named"
    findings = s.get("findings") or {}
    n = sum(int(v) for v in findings.values())
    from svkit.thread import KIND_NAMES

    detail = "; ".join(f"{in_sentence(KIND_NAMES.get(k, k))}: {v}" for k, v in findings.items() if v)
    return [f"Thread: {title}, {int(s['links'])} links, {int(s['paths'])} complete goal-to-measure paths.",
            f"Findings: {n}" + (f" ({detail})." if detail else ".")]


def _mindset(s: Mapping) -> list[str]:
    from svkit.mindset import shifts

    table = shifts()
    names = {sh.id: sh.name for sh in table.shifts}
    ratings = s["ratings"]
    line = "; ".join(f"{names[k]} {int(v)} of {table.scale.max}" for k, v in ratings.items() if k in names)
    lowest = [names[k] for k in s.get("lowest", []) if k in names]
    out = [f"Ratings: {line}."]
    if lowest:
        out.append(f"Room to move most: {', '.join(lowest)}.")
    return out


def _common_good(s: Mapping) -> list[str]:
    from svkit.commongood import framework

    names = {p.id: p.name for p in framework().pillars}
    weak = [names.get(w, str(w)) for w in s.get("weak", [])]
    return [f"{s['framework']}: {int(s['total'])} of {int(s['out_of'])}.",
            f"Weak pillars: {', '.join(weak)}." if weak else "No weak pillars."]


def _right_of(s: Mapping) -> list[str]:
    return [f"{int(s['right'])} of {int(s['of'])} right."]


#: (label, heading, describer) for the items the plan is built around, in order.
FEATURED: tuple[tuple[str, str, Callable[[Mapping], list[str]]], ...] = (
    ("1-4", "Which lens?", _lens),
    ("2-2", "Tender lab weighting", _tender),
    ("3-2", "Pathway shortlist", _pathways),
    ("3-1", "Collaborative canvas", _canvas),
    ("4-1", "Golden thread", _thread),
    ("4-2", "Mindset profile", _mindset),
    ("4-3", "Common Good framework", _common_good),
)

OTHER_DESCRIBERS: dict[str, Callable[[Mapping], list[str]]] = {
    "1-1": _right_of, "1-2": _right_of, "1-3": _right_of, "2-5": _right_of,
    "2-1": lambda s: [f"Verdict: {str(s['verdict']).replace('-', ' ')}."],
    "2-3": lambda s: [f"{_count(s['lots'], 'lot')}: {_count(s['eligible'], 'local organisation')} could bid."],
    "2-4": lambda s: [f"Rationale '{s['title'] or 'untitled'}': {len(s['warnings'])} warnings"
                      + ("" if s["complete"] else ", not complete yet") + "."],
    "3-3": lambda s: _panel(s),
    "3-4": lambda s: [f"Ripple map of {s['activity'] or 'an activity'}: {int(s['ripples'])} ripples."],
    "3-5": lambda s: [f"Price of care {s['year']}: £{float(s['total']):.2f} an hour at a wage of £{float(s['wage']):.2f}."],
    "3-6": lambda s: [f"Zoned: {float(s['zoned']['travel_min_per_hour']):.1f} travel minutes per contact hour; "
                      f"borough-wide: {float(s['borough_wide']['travel_min_per_hour']):.1f}."],
    "3-7": lambda s: [f"'I' statements for {s['service'] or 'a service'}: {int(s['statements'])} written."],
}


def _describe(label: str, heading: str, describer: Callable[[Mapping], list[str]], summary: Any) -> PlanItem:
    if summary is None:
        return PlanItem(label, heading, False, (NOT_DONE,))
    try:
        lines = tuple(describer(summary))
    except Exception as exc:  # an older or partial summary: say so, never fail the plan
        log.warning("summary for %s not readable: %s", label, exc)
        lines = (UNREADABLE,)
    return PlanItem(label, heading, True, lines)


def warm() -> None:
    """Load everything the describers and the recommendations read, so a served page can do it
    before its visitor arrives (none of it depends on who the visitor is).

    Returns
    -------
    None

    Examples
    --------
    >>> warm()
    """
    from svkit.commongood import framework
    from svkit.mindset import shifts
    from svkit.pathways import routes
    from svkit.scenarios import scenarios
    from svkit.thread import KIND_NAMES  # noqa: F401

    recommendations()
    framework()
    shifts()
    routes()
    scenarios()


def gather(answers: Mapping[str, Any], titles: Mapping[str, str] | None = None) -> ActionPlan:
    """The plan's 'what I did' part from a participant's saved summaries (label -> summary).

    Parameters
    ----------
    answers : mapping of str to object
        An exercise label to its saved summary (None or absent: not done).
    titles : mapping of str to str, optional
        An exercise label to its title, naming the other exercises; missing ones use the label.

    Returns
    -------
    ActionPlan
        The featured exercises, each described in a line or two, and the others done.

    Examples
    --------
    >>> plan = gather({})
    >>> [item.label for item in plan.featured]
    ['1-4', '2-2', '3-2', '3-1', '4-1', '4-2', '4-3']
    >>> plan.done, plan.others
    (0, ())
    """
    titles = titles or {}
    featured = tuple(_describe(label, heading, fn, answers.get(label)) for label, heading, fn in FEATURED)
    others = tuple(_describe(label, titles.get(label, f"Exercise {label}"), fn, answers[label])
                   for label, fn in OTHER_DESCRIBERS.items() if answers.get(label) is not None)
    return ActionPlan(featured, others)


# --- first steps -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    text: str
    owner: str
    by: date | None


def parse_date(text: str) -> date | None:
    """A date written as YYYY-MM-DD or DD/MM/YYYY; empty gives None; anything else raises ``ValueError``.

    Parameters
    ----------
    text : str
        The date as typed.

    Returns
    -------
    datetime.date or None

    Examples
    --------
    >>> parse_date("31/03/2027"), parse_date("2027-03-31"), parse_date(" ")
    (datetime.date(2027, 3, 31), datetime.date(2027, 3, 31), None)
    >>> parse_date("30/02/2027")
    Traceback (most recent call last):
    ...
    ValueError: '30/02/2027' is not a real date: February 2027 has 28 days. Check the day and the month.
    """
    text = text.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(dates.impossible(text) or f"'{text}' is not a date I can read. Write it as 31/03/2027 or 2027-03-31.")


def check_steps(rows: Sequence[tuple[str, str, str]]) -> tuple[list[Step], dict[int, str]]:
    """Read (step, owner, date) rows; return the steps written and a message per row with a problem.

    A row with no step text is skipped. A step without an owner or a date, or with a date that
    cannot be read, gets a message (keyed by its 0-based row) but is still kept.

    Parameters
    ----------
    rows : sequence of (str, str, str)
        Each row's step, owner and date (as typed).

    Returns
    -------
    tuple of (list of Step, dict of int to str)
        The steps, and a plain message per row with a problem.

    Examples
    --------
    >>> steps, problems = check_steps([("Brief the S151 officer", "Sam", "31/03/2027"), ("Ask", "", ""), ("", "Jo", "")])
    >>> [s.text for s in steps]
    ['Brief the S151 officer', 'Ask']
    >>> problems
    {1: 'Give this step an owner and a date.', 2: 'Write the step itself too.'}
    """
    steps: list[Step] = []
    problems: dict[int, str] = {}
    for i, (text, owner, when) in enumerate(rows):
        text, owner = text.strip(), owner.strip()
        if not text:
            if owner or when.strip():
                problems[i] = "Write the step itself too."
            continue
        try:
            by = parse_date(when)
        except ValueError as exc:
            problems[i] = str(exc)
            by = None
        if i not in problems:
            gaps = [w for w, v in (("an owner", owner), ("a date", by)) if not v]
            if gaps:
                problems[i] = f"Give this step {' and '.join(gaps)}."
        steps.append(Step(text, owner, by))
    return steps, problems


# --- the record ------------------------------------------------------------------------------------

def to_record(plan: ActionPlan, role_name: str, chosen: Sequence[Recommendation], steps: Sequence[Step],
              name: str = "", notes: str = "") -> Record:
    """The take-home plan: what I did, the recommendations I chose, my first steps, my notes.

    Parameters
    ----------
    plan : ActionPlan
        :func:`gather`'s result.
    role_name : str
        The participant's role, in words.
    chosen : sequence of Recommendation
        The recommendations they will act on.
    steps : sequence of Step
        Their first steps, with owner and date.
    name : str
        Their name (optional).
    notes : str
        Their notes.

    Returns
    -------
    Record
        A document for :mod:`svkit.export`: what I did, my recommendations, first steps and notes.

    Examples
    --------
    >>> steps, _ = check_steps([("Brief the S151 officer", "Sam", "31/03/2027")])
    >>> r = to_record(gather({}), "Finance", [], steps, name="Alex")
    >>> r.facts
    [('Name', 'Alex'), ('Role', 'Finance'), ('Exercises done', '0 of 7 in this plan')]
    >>> r.sections[2][1]
    ['1. Brief the S151 officer. Owner: Sam. By: 31 March 2027.']
    """
    did = [f"{item.heading} (exercise {item.label}): {' '.join(item.lines)}" for item in plan.featured]
    did += [f"{item.heading} (exercise {item.label}): {' '.join(item.lines)}" for item in plan.others]
    recs = [f"{r.text} ({'for member councils' if r.audience == 'councils' else 'for the network'}; "
            f"source: {r.source}.)" for r in chosen]
    step_lines = [f"{n}. {s.text}. Owner: {s.owner or 'not set'}. By: "
                  f"{s.by.strftime('%d %B %Y') if s.by else 'not set'}." for n, s in enumerate(steps, start=1)]
    facts = [("Role", role_name or "not chosen"), ("Exercises done", f"{plan.done} of {len(plan.featured)} in this plan")]
    if name.strip():
        facts.insert(0, ("Name", name.strip()))
    return Record(
        title="My social value action plan",
        facts=facts,
        sections=[("What I did in the kit", did),
                  ("Recommendations I will act on", recs or ["None chosen yet."]),
                  ("My first steps", step_lines or ["None written yet."]),
                  ("My notes", [notes])],
        footer="Made with svkit. Recommendations: CCIN Social Value Toolkit (2025), section 4 "
               "('Recommendations – CCIN Member Councils' and 'Recommendations – CCIN Network'), in our words.",
    )
