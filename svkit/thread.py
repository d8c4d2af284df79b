"""The golden thread (exercise 4-1): from a policy goal down to a monitoring measure.

A :class:`Chain` holds links at five levels (goal, outcome, objective, requirement, measure);
each link names the links directly above it that it serves. :func:`check` runs the rules table
(``data/enabling/thread.yaml``) over a chain and returns plain-English :class:`Finding` s: a
requirement with no goal above it (bolted on), a goal with nothing below it, a requirement with
no measure, a requirement too heavy for the contract's value, a link attached to nothing.
Every rule carries its rationale and source, so a trainer can read why it fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from pydantic import Field, model_validator

from svkit.content import SourceRef, Strict, check_unique, data_file, in_sentence
from svkit.export import Record

LEVELS = ("goal", "outcome", "objective", "requirement", "measure")
TESTS = ("no-goal-above", "no-requirement-below", "no-measure-below", "burden-above-value", "no-link-above")
KIND_NAMES = {
    "bolted-on": "Bolted on",
    "unserved-goal": "Goal with nothing below it",
    "unmeasured": "No monitoring measure",
    "disproportionate": "Disproportionate",
    "loose": "Loose link",
}
MAX_TEXT = 300  # characters in one link
MAX_LINKS = 60


class Level(Strict):
    id: str
    name: str = Field(min_length=3)
    help: str = Field(min_length=10)


class Burden(Strict):
    id: str = Field(pattern=r"^[a-z]+$")
    name: str
    help: str = Field(min_length=10)


class Rule(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    kind: str
    test: str
    levels: list[str] = Field(min_length=1)
    burden: str | None = None
    below_annual_value: float | None = Field(default=None, gt=0)
    message: str = Field(min_length=20)
    rationale: str = Field(min_length=40)
    source: SourceRef

    @model_validator(mode="after")
    def _known(self):
        if self.kind not in KIND_NAMES:
            raise ValueError(f"kind must be one of {list(KIND_NAMES)}")
        if self.test not in TESTS:
            raise ValueError(f"test must be one of {list(TESTS)}")
        if set(self.levels) - set(LEVELS):
            raise ValueError(f"levels must be among {list(LEVELS)}")
        if self.test == "burden-above-value" and (self.burden is None or self.below_annual_value is None):
            raise ValueError("a burden-above-value rule needs burden and below_annual_value")
        if "{text}" not in self.message:
            raise ValueError("the message must quote the link with {text}")
        return self


class Rules(Strict):
    levels: list[Level]
    burdens: list[Burden] = Field(min_length=1)
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self):
        if tuple(lv.id for lv in self.levels) != LEVELS:
            raise ValueError(f"levels must be, in order: {list(LEVELS)}")
        burdens = {b.id for b in self.burdens}
        bad = [r.id for r in self.rules if r.burden is not None and r.burden not in burdens]
        if bad:
            raise ValueError(f"rules {bad} name a burden that is not listed")
        check_unique((r.id for r in self.rules), "rule ids must be unique")
        return self

    def level_name(self, level: str) -> str:
        return next(lv.name for lv in self.levels if lv.id == level)

    def burden_name(self, burden: str) -> str:
        return next(b.name for b in self.burdens if b.id == burden)


class ExampleLink(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    level: str
    text: str = Field(min_length=3)
    parents: list[str] = Field(default_factory=list)
    burden: str | None = None


class Example(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    contract: str
    annual_value: float = Field(gt=0)
    note: str
    links: list[ExampleLink] = Field(min_length=5)


class Examples(Strict):
    examples: list[Example] = Field(min_length=1)

    @model_validator(mode="after")
    def _valid_chains(self):
        for ex in self.examples:
            to_chain(ex)  # raises ValueError on a broken example
        return self


rules = data_file("enabling/thread.yaml", Rules,
                   "The golden thread's levels, burdens, value lines (£ a year) "
                   "and checking rules (test, message, source).")


examples = data_file("enabling/thread-examples.yaml", Examples,
                      "The worked example threads: each one's title, value (£ a year) and links.")


@dataclass(frozen=True)
class Link:
    """One link of the thread. ``parents`` are ids of links at the level directly above."""

    id: str
    level: str
    text: str
    parents: tuple[str, ...] = ()
    burden: str | None = None  # requirements only: how heavy it is for the supplier


@dataclass(frozen=True)
class Chain:
    """A whole thread: a name, the contract's value a year (None when not known) and its links."""

    title: str = ""
    annual_value: float | None = None
    links: tuple[Link, ...] = ()

    def at(self, level: str) -> list[Link]:
        return [lk for lk in self.links if lk.level == level]

    def by_id(self) -> dict[str, Link]:
        return {lk.id: lk for lk in self.links}


@dataclass(frozen=True)
class Finding:
    """One thing a rule noticed about one link."""

    link: str  # the link's id
    level: str
    kind: str  # a key of KIND_NAMES
    rule: str
    message: str  # plain English, quoting the link's text (escape before showing as HTML)
    rationale: str
    source: str

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


def validate(chain: Chain) -> None:
    """Raise ``ValueError`` with a plain message if the chain is not well formed.

    Parameters
    ----------
    chain : Chain
        The thread: each link's parents must be at the level directly above; at most
        :data:`MAX_LINKS` links; the value, if given, £0 a year or more.

    Returns
    -------
    None

    Examples
    --------
    >>> validate(Chain("Meals", -1.0, ()))
    Traceback (most recent call last):
    ...
    ValueError: The contract's value a year must be a number of pounds, 0 or more.
    >>> validate(Chain("Meals", None, (Link("m1", "measure", "Meals a week", ("g1",)),)))
    Traceback (most recent call last):
    ...
    ValueError: 'Meals a week' is linked to a link that does not exist.
    """
    if chain.annual_value is not None and not (chain.annual_value >= 0):
        raise ValueError("The contract's value a year must be a number of pounds, 0 or more.")
    if len(chain.links) > MAX_LINKS:
        raise ValueError(f"A thread can hold up to {MAX_LINKS} links.")
    seen: dict[str, Link] = {}
    for lk in chain.links:
        if lk.level not in LEVELS:
            raise ValueError(f"'{lk.level}' is not a level of the thread; use one of {', '.join(LEVELS)}.")
        if not lk.text.strip():
            raise ValueError(f"Write what the {lk.level} is before adding it.")
        if len(lk.text) > MAX_TEXT:
            raise ValueError(f"Keep each link under {MAX_TEXT} characters (this one has {len(lk.text)}).")
        if lk.id in seen:
            raise ValueError(f"Two links share the id '{lk.id}'.")
        seen[lk.id] = lk
        if lk.burden is not None and lk.level != "requirement":
            raise ValueError("Only a contract requirement has a burden.")
    for lk in chain.links:
        above = LEVELS.index(lk.level) - 1
        for p in lk.parents:
            parent = seen.get(p)
            if parent is None:
                raise ValueError(f"'{lk.text}' is linked to a link that does not exist.")
            if above < 0 or parent.level != LEVELS[above]:
                raise ValueError(f"'{lk.text}' can only link to a {LEVELS[above] if above >= 0 else 'nothing'}"
                                 f" directly above it, not to a {parent.level}.")


def _children(chain: Chain) -> dict[str, list[str]]:
    kids: dict[str, list[str]] = {lk.id: [] for lk in chain.links}
    for lk in chain.links:
        for p in lk.parents:
            kids[p].append(lk.id)
    return kids


def _reaches(start: str, step: Mapping[str, Iterable[str]], links: Mapping[str, Link], level: str) -> bool:
    """Whether following ``step`` from ``start`` reaches a link at ``level``."""
    todo, seen = [start], {start}
    while todo:
        for nxt in step[todo.pop()]:
            if links[nxt].level == level:
                return True
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return False


def check(chain: Chain, table: Rules | None = None) -> list[Finding]:
    """Every finding for ``chain``, rule by rule in the table's order, links in chain order.

    A malformed chain raises ``ValueError`` (see :func:`validate`).

    Parameters
    ----------
    chain : Chain
        The thread.
    table : Rules, optional
        The rules (default: :func:`rules`).

    Returns
    -------
    list of Finding
        Each finding's link, level, kind, rule, message, rationale and source.

    Examples
    --------
    >>> [(f.rule, f.link) for f in check(meals())]  # a goal and an outcome: the goal leads to no requirement
    [('goal-goes-nowhere', 'g1')]
    >>> check(meals(5))  # goal to measure, each link under the one before
    []
    """
    table = table or rules()
    validate(chain)
    links = chain.by_id()
    up = {lk.id: list(lk.parents) for lk in chain.links}
    down = _children(chain)
    found: list[Finding] = []
    for rule in table.rules:
        for lk in chain.links:
            if lk.level not in rule.levels or not _fires(rule, lk, chain, links, up, down):
                continue
            found.append(Finding(link=lk.id, level=lk.level, kind=rule.kind, rule=rule.id,
                                 message=rule.message.replace("{text}", lk.text.strip()),
                                 rationale=" ".join(rule.rationale.split()), source=str(rule.source)))
    return found


def _fires(rule: Rule, lk: Link, chain: Chain, links, up, down) -> bool:
    if rule.test == "no-goal-above":
        return not _reaches(lk.id, up, links, "goal")
    if rule.test == "no-requirement-below":
        return not _reaches(lk.id, down, links, "requirement")
    if rule.test == "no-measure-below":
        return not any(links[c].level == "measure" for c in down[lk.id])
    if rule.test == "burden-above-value":
        return (lk.burden == rule.burden and chain.annual_value is not None
                and chain.annual_value < rule.below_annual_value)
    if rule.test == "no-link-above":
        return not lk.parents
    raise ValueError(f"unknown test {rule.test}")  # pragma: no cover - the schema prevents it


def complete_paths(chain: Chain) -> int:
    """How many goal-to-measure paths run unbroken through all five levels.

    Parameters
    ----------
    chain : Chain
        The thread; a malformed one raises ``ValueError`` (see :func:`validate`).

    Returns
    -------
    int

    Examples
    --------
    >>> complete_paths(meals()), complete_paths(meals(5))  # a goal and an outcome; goal to measure
    (0, 1)
    """
    validate(chain)
    down = _children(chain)
    links = chain.by_id()
    memo: dict[str, int] = {}

    def count(link_id: str) -> int:
        if link_id not in memo:
            if links[link_id].level == "measure":
                memo[link_id] = 1
            else:
                memo[link_id] = sum(count(c) for c in down[link_id])
        return memo[link_id]

    return sum(count(g.id) for g in chain.at("goal"))


def to_chain(example: Example) -> Chain:
    """A worked example as a checked :class:`Chain`.

    Parameters
    ----------
    example : Example
        One of :func:`examples`.

    Returns
    -------
    Chain

    Examples
    --------
    >>> c = to_chain(examples().examples[0])
    >>> len(c.links), complete_paths(c)
    (13, 2)
    """
    chain = Chain(title=example.title, annual_value=example.annual_value,
                  links=tuple(Link(e.id, e.level, e.text, tuple(e.parents), e.burden) for e in example.links))
    validate(chain)
    return chain


# --- editing, as the exercise does it ----------------------------------------------------------

def _next_id(chain: Chain, level: str) -> str:
    prefix = level[0]
    used = {int(m.group(1)) for lk in chain.links if (m := re.fullmatch(prefix + r"(\d+)", lk.id))}
    n = 1
    while n in used:
        n += 1
    return f"{prefix}{n}"


def add(chain: Chain, level: str, text: str, parents: Iterable[str] = (), burden: str | None = None) -> Chain:
    """A new chain with one more link; a bad link raises ``ValueError`` and changes nothing.

    Parameters
    ----------
    chain : Chain
        The thread so far.
    level : str
        One of :data:`LEVELS`.
    text : str
        The link's text (spaces tidied).
    parents : iterable of str
        Ids of the links it serves, at the level directly above.
    burden : str, optional
        For a requirement: the burden it puts on a bidder.

    Returns
    -------
    Chain
        The new thread; the link gets the next free id for its level (``g1``, ``o1``...).

    Examples
    --------
    >>> c = add(add(Chain("Meals", 100_000.0, ()), "goal", "Healthy older residents"),
    ...         "outcome", "Fewer hospital admissions", ["g1"])
    >>> [(lk.id, lk.level, lk.parents) for lk in c.links]
    [('g1', 'goal', ()), ('o1', 'outcome', ('g1',))]
    """
    text = " ".join(str(text).split())
    if level not in LEVELS:
        raise ValueError(f"Choose a level: one of {', '.join(LEVELS)}.")
    if not text:
        raise ValueError("Write the link's text first.")
    if level != "requirement":
        burden = None
    new = Chain(chain.title, chain.annual_value,
                (*chain.links, Link(_next_id(chain, level), level, text, tuple(parents), burden)))
    validate(new)
    return new


#: The community meals thread of the examples, goal first.
MEALS = (("goal", "Healthy older residents"), ("outcome", "Fewer hospital admissions"),
         ("objective", "A hot meal every day"), ("requirement", "Deliver hot meals daily"),
         ("measure", "Meals delivered a week"))


def meals(levels: int = 2) -> Chain:
    """A community meals thread (£100,000 a year) for the examples: its first links, each under the one before.

    Parameters
    ----------
    levels : int
        How many links, goal first: 2 gives a goal and an outcome, 5 runs from goal to measure.

    Returns
    -------
    Chain
        The thread, its links numbered as :func:`add` numbers them (``g1``, ``o1``...).

    Examples
    --------
    >>> [(lk.id, lk.parents) for lk in meals().links]
    [('g1', ()), ('o1', ('g1',))]
    """
    c = Chain("Meals", 100_000.0, ())
    for level, text in MEALS[:levels]:
        c = add(c, level, text, [c.links[-1].id] if c.links else [])
    return c


def remove(chain: Chain, link_id: str) -> Chain:
    """A new chain without ``link_id``; the links below it lose that parent and stay.

    Parameters
    ----------
    chain : Chain
        The thread.
    link_id : str
        The link to take away.

    Returns
    -------
    Chain

    Examples
    --------
    >>> [(lk.id, lk.parents) for lk in remove(meals(), "g1").links]  # the outcome stays, linked to nothing
    [('o1', ())]
    """
    if link_id not in chain.by_id():
        raise ValueError("That link is no longer in the thread.")
    kept = tuple(Link(lk.id, lk.level, lk.text, tuple(p for p in lk.parents if p != link_id), lk.burden)
                 for lk in chain.links if lk.id != link_id)
    return Chain(chain.title, chain.annual_value, kept)


def to_saved(chain: Chain) -> list[dict[str, Any]]:
    """The chain's links in their stored form, a list of plain dicts.

    Parameters
    ----------
    chain : Chain
        The thread to store.

    Returns
    -------
    list of dict
        One dict per link: the fields of :class:`Link`, ``parents`` as a list.

    Examples
    --------
    >>> to_saved(meals())[1]
    {'id': 'o1', 'level': 'outcome', 'text': 'Fewer hospital admissions', 'parents': ['g1'], 'burden': None}
    """
    return [{"id": lk.id, "level": lk.level, "text": lk.text, "parents": list(lk.parents), "burden": lk.burden}
            for lk in chain.links]


def from_saved(value: Any, title: str = "", annual_value: float | None = None) -> Chain:
    """A chain from the saved list; anything unreadable or inconsistent is dropped, never raised.

    Parameters
    ----------
    value : object
        What the store held (a list of dicts as :func:`to_saved` writes).
    title : str
        The thread's name.
    annual_value : float, optional
        The contract's value, £ a year.

    Returns
    -------
    Chain

    Examples
    --------
    >>> from_saved(to_saved(meals()) + [{"id": "x"}], "Meals", 100_000.0) == meals()
    True
    >>> from_saved(None).links
    ()
    """
    links: list[Link] = []
    for item in value if isinstance(value, list) else []:
        try:
            links.append(Link(str(item["id"]), str(item["level"]), str(item["text"]),
                              tuple(str(p) for p in item.get("parents") or ()), item.get("burden")))
        except (KeyError, TypeError, AttributeError):
            continue
    chain = Chain(title, annual_value, ())
    for lk in links:  # keep each link that fits with those before it
        trial = Chain(title, annual_value, (*chain.links, lk))
        try:
            validate(trial)
        except ValueError:
            continue
        chain = trial
    return chain


# --- the flow figure's layout and the record ---------------------------------------------------

@dataclass(frozen=True)
class Layout:
    """Where each link sits in the left-to-right figure: column (level) and row within it."""

    columns: tuple[tuple[str, ...], ...]  # link ids per level, top to bottom
    edges: tuple[tuple[str, str], ...]  # (parent id, child id)


def layout(chain: Chain) -> Layout:
    """Columns by level; within a column, links follow the order of their first parent above,
    so lines cross as little as a simple rule allows.

    Parameters
    ----------
    chain : Chain
        The thread to draw.

    Returns
    -------
    Layout
        One column of link ids per level, and the (parent, child) edges.

    Examples
    --------
    >>> layout(meals())
    Layout(columns=(('g1',), ('o1',), (), (), ()), edges=(('g1', 'o1'),))
    """
    columns: list[tuple[str, ...]] = []
    rank: dict[str, float] = {}
    for level in LEVELS:
        here = chain.at(level)

        def key(lk: Link) -> tuple[float, int]:
            ranks = [rank[p] for p in lk.parents if p in rank]
            return (sum(ranks) / len(ranks) if ranks else float("inf"), chain.links.index(lk))

        ordered = sorted(here, key=key)
        for i, lk in enumerate(ordered):
            rank[lk.id] = i
        columns.append(tuple(lk.id for lk in ordered))
    edges = tuple((p, lk.id) for lk in chain.links for p in lk.parents)
    return Layout(tuple(columns), edges)


def paths_text(chain: Chain, table: Rules | None = None) -> list[str]:
    """Each link written with what it serves, level by level: the figure in words.

    Parameters
    ----------
    chain : Chain
        The thread.
    table : Rules, optional
        Level and burden names (default: :func:`rules`).

    Returns
    -------
    list of str
        One sentence per link.

    Examples
    --------
    >>> paths_text(meals())
    ['Policy goal: Healthy older residents.', 'Outcome sought: Fewer hospital admissions. Serves: Healthy older residents.']
    """
    table = table or rules()
    links = chain.by_id()
    lines = []
    for level in LEVELS:
        for lk in chain.at(level):
            extra = f" (burden: {in_sentence(table.burden_name(lk.burden))})" if lk.burden else ""
            serves = "; ".join(links[p].text for p in lk.parents)
            tail = f" Serves: {serves}." if serves else (" Linked to nothing above." if level != "goal" else "")
            lines.append(f"{table.level_name(level)}: {lk.text}{extra}.{tail}")
    return lines


def record(chain: Chain, contract: str = "", notes: str = "", table: Rules | None = None) -> Record:
    """The downloadable thread: the contract, every link with what it serves, and the findings.

    Parameters
    ----------
    chain : Chain
        The thread.
    contract : str
        The contract it is for.
    notes : str
        The participant's notes.
    table : Rules, optional
        The rules (default: :func:`rules`).

    Returns
    -------
    Record
        A document for :mod:`svkit.export`: every link with what it serves, then the findings.

    Examples
    --------
    >>> record(meals(), "Meals").facts
    [('Contract', 'Meals'), ('Value', '£100,000 a year'), ('Links', '2'), ('Complete goal-to-measure paths', '0'), ('Findings', '1')]
    """
    table = table or rules()
    found = check(chain, table)
    value = "not given" if chain.annual_value is None else f"£{chain.annual_value:,.0f} a year"
    findings = [f"{f.kind_name}: {f.message} Why: {f.rationale} (Source: {f.source}.)" for f in found]
    return Record(
        title=f"Golden thread: {chain.title.strip() or 'my thread'}",
        facts=[("Contract", contract.strip() or "not given"), ("Value", value),
               ("Links", str(len(chain.links))), ("Complete goal-to-measure paths", str(complete_paths(chain))),
               ("Findings", str(len(found)))],
        sections=[("The thread, level by level", paths_text(chain, table) or [""]),
                  ("Findings", findings or ["No findings: every requirement traces to a goal and has a measure."]),
                  ("My notes", [notes])],
        footer="Made with svkit. Method: CCIN Social Value Toolkit (2025), section 4, "
               "'Setting Enabling Policy Frameworks'. The value lines are the kit's rules of thumb.",
    )
