"""The room, aggregated: what the trainer's console and projector draw from the exercises' summaries.

Pure functions: :data:`Summaries` in (the ``summary`` field each exercise saves, keyed by
participant; docs/stored-answers.md), results out. No widgets, no store, no session. A summary
that is not the shape an aggregation expects is counted as unreadable, never an error, so one odd
row never blanks a panel.
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pathlib import Path

from pydantic import Field

from svkit.content import SourceRef, Strict, read_model, register_schema
from svkit.lenses import ROW_IDS
from svkit.paths import data_dir
from svkit.tender import WEIGHT_KEYS

#: What every aggregation reads: participant -> their latest saved summary for one exercise. Each
#: aggregation's docstring names the fields it reads; a summary without them is left out.
Summaries = Mapping[str, Any]

# -- trainer notes (data/trainer/<label>.yaml; trainer-only) -------------------------
class TrainerNotes(Strict):
    """What the trainer sees beside a panel: never on the projector, never in a participant app."""

    label: str = Field(pattern=r"^(\d+-\d+|\d\d-[a-z]+)$")  # the exercise's label ('2-2') or lesson's ('02-competition')
    debrief: list[str] = Field(min_length=1)  # questions to ask the room
    listen_for: list[str] = Field(min_length=1)  # what to listen for in the answers
    model_answer: str = Field(min_length=40)  # for the trainer only: a model answer or worked example
    misconception: str = Field(min_length=20)  # the mistake the room most often makes, and how to answer it
    point_to: SourceRef  # the toolkit section to send the room to afterwards
    sources: list[SourceRef] = Field(min_length=1)


register_schema("trainer/*.yaml", TrainerNotes)


def trainer_labels(root: Path | None = None) -> list[str]:
    """Every label that has trainer notes (data/trainer/<label>.yaml), sorted.

    Parameters
    ----------
    root : Path, optional
        The data folder; its ``trainer/`` has one file a label (default: the kit's ``data/``).

    Returns
    -------
    list of str
        Lesson names (``01-fundamentals``) and exercise labels (``2-2``).

    Examples
    --------
    >>> trainer_labels()[:3]
    ['00-evaluation', '00-start', '01-fundamentals']
    >>> "2-2" in trainer_labels()
    True
    """
    return sorted(p.stem for p in ((root or data_dir()) / "trainer").glob("*.yaml"))


def trainer_notes(label: str, root: Path | None = None) -> TrainerNotes | None:
    """The trainer notes for an exercise, or None when it has none.

    Parameters
    ----------
    label : str
        The exercise's label (``2-2``) or the lesson's name.
    root : Path, optional
        The data folder (default: the kit's ``data/``).

    Returns
    -------
    TrainerNotes or None
        Debrief questions, what to listen for, the model answer, the common misconception and the
        toolkit section to point to.

    Examples
    --------
    >>> trainer_notes("2-2").label
    '2-2'
    >>> trainer_notes("9-9") is None
    True
    """
    path = ((root or data_dir()) / "trainer" / f"{label}.yaml").resolve()
    return read_model(path, TrainerNotes) if path.is_file() else None


# -- who is here ------------------------------------------------------------------
@dataclass(frozen=True)
class Presence:
    """Who has joined and where they are now."""

    joined: list[str]  # participant tokens, in join order
    on_app: dict[str, str]  # participant -> label of the app they saved on most recently (recent saves only)
    done: dict[str, int]  # label -> how many joined participants saved a summary for it


def presence(members: Sequence[str], latest_saves: Mapping[str, tuple[str, datetime]],
             summary_labels: Mapping[str, Sequence[str]], now: datetime, recent_seconds: float) -> Presence:
    """Who is on which app now, and how many have done each exercise.

    Parameters
    ----------
    members : sequence of str
        Participants who have joined the workshop.
    latest_saves : mapping of str to (str, datetime)
        participant -> (label, when) of their latest save.
    summary_labels : mapping of str to sequence of str
        participant -> labels they saved a summary for.
    now : datetime
        The time to judge 'now' by (timezone-aware).
    recent_seconds : float
        A participant whose latest save is older than this many seconds is not shown on any app.

    Returns
    -------
    Presence
        Who joined, who is on which app, and per label how many joined participants are done.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> now = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    >>> p = presence(["ann", "bob"], {"ann": ("2-2", now - timedelta(seconds=30)), "bob": ("1-1", now - timedelta(hours=1))},
    ...              {"ann": ["1-1", "2-2"], "bob": ["1-1"], "eve": ["1-1"]}, now, recent_seconds=120)
    >>> p.on_app, p.done  # bob saved an hour ago; eve never joined
    ({'ann': '2-2'}, {'1-1': 2, '2-2': 1})
    """
    joined = list(members)
    in_room = set(joined)
    on_app = {p: label for p, (label, at) in latest_saves.items()
              if p in in_room and (now - at).total_seconds() <= recent_seconds}
    done = Counter(label for p, labels in summary_labels.items() if p in in_room for label in set(labels))
    return Presence(joined=joined, on_app=on_app, done=dict(sorted(done.items())))


# -- 1-4: the room's lens scores ----------------------------------------------------
@dataclass(frozen=True)
class LensRowRoom:
    row: str  # row id (svkit.lenses.ROW_IDS)
    mean: float  # the room's mean rating, -1 .. +1
    lowest: float
    highest: float
    reference: float | None  # the trainer's reference rating for the scenario, if it has one


@dataclass(frozen=True)
class LensRoom:
    """The room's ratings for one scenario of exercise 1-4."""

    scenario: str  # scenario id, or 'own'
    people: list[str]  # participants counted
    rows: list[LensRowRoom]  # in table order
    mean_score: float  # mean overall position, -100 .. +100
    lenses: dict[str, int]  # lens -> how many landed on it
    reference_score: float | None  # the reference profile's overall position


def _readable(summaries: Summaries, field_name: str | None = None,
              kind: type = object) -> dict[str, Mapping]:
    """The summaries an aggregation can read: mappings, with ``field_name`` a ``kind`` where one is named."""
    return {participant: summary for participant, summary in summaries.items() if isinstance(summary, Mapping)
            and (field_name is None or isinstance(summary.get(field_name), kind))}


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _counted(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Counts as (key, n), highest first, then by key."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _choices(lists: Iterable[Any]) -> Counter[str]:
    """How many of the lists name each choice (a choice named twice in one list counts once); what is
    not a list, and a choice that is not a name or a number, is left out."""
    return Counter(str(choice) for chosen in lists if isinstance(chosen, (list, tuple))
                   for choice in {c for c in chosen if isinstance(c, (str, int, float))})


def _add_counts(total: dict[str, int], counts: Mapping, positive: bool = False) -> None:
    """Add saved counts (key -> n) into ``total`` as whole numbers; a count that is not a number of 0 or
    more (more than 0 when ``positive``) is skipped, and so are counts that are not a mapping."""
    if not isinstance(counts, Mapping):
        return
    for key, n in counts.items():
        n = _number(n)
        if n is not None and (n > 0 if positive else n >= 0):
            total[str(key)] = total.get(str(key), 0) + int(n)


def lens_room(summaries: Summaries, references: Mapping[str, Mapping[str, float]]) -> list[LensRoom]:
    """Group 1-4 summaries by scenario and sum up each row.

    A summary counts only if it carries all nine ``rows`` ratings in [-1, 1] (older summaries,
    saved before the rows were added, are left out).

    Parameters
    ----------
    summaries : Summaries
        1-4 summaries: ``scenario``, ``rows`` (row id -> rating) and ``lens``.
    references : mapping of str to mapping of str to float
        Scenario id to its reference ratings (-1 to +1 per row).

    Returns
    -------
    list of LensRoom
        Per scenario, in order of first appearance: the people, each row's mean, lowest and
        highest rating, the mean overall position (-100 to +100) and the lenses landed on.

    Examples
    --------
    >>> from svkit.lenses import ROW_IDS
    >>> flat = dict.fromkeys(ROW_IDS, 0.0)
    >>> rooms = lens_room({"ann": {"scenario": "s", "rows": flat | {"motivation": 0.9}, "lens": "mixed"},
    ...                    "bob": {"scenario": "s", "rows": flat | {"motivation": -0.9}, "lens": "mixed"},
    ...                    "old": {"scenario": "s", "lens": "mixed"}}, {})
    >>> r = rooms[0]
    >>> r.people, r.rows[0].row, r.rows[0].mean, r.rows[0].lowest, r.mean_score, r.lenses
    (['ann', 'bob'], 'motivation', 0.0, -0.9, 0.0, {'mixed': 2})
    """
    grouped: dict[str, list[tuple[str, dict[str, float], dict]]] = {}
    for participant, summary in _readable(summaries, "rows", Mapping).items():
        ratings = {row: _number(summary["rows"].get(row)) for row in ROW_IDS}
        if any(v is None or not -1 <= v <= 1 for v in ratings.values()):
            continue
        scenario = str(summary.get("scenario") or "own")
        grouped.setdefault(scenario, []).append((participant, ratings, summary))
    result = []
    for scenario, entries in grouped.items():
        ref = references.get(scenario)
        rows = []
        for row in ROW_IDS:
            values = [ratings[row] for _, ratings, _ in entries]
            rows.append(LensRowRoom(row=row, mean=sum(values) / len(values), lowest=min(values), highest=max(values),
                                    reference=None if ref is None else float(ref[row])))
        scores = [100 * sum(r.values()) / len(ROW_IDS) for _, r, _ in entries]
        lenses = Counter(str(summary.get("lens", "")) for _, _, summary in entries)
        result.append(LensRoom(
            scenario=scenario, people=[p for p, _, _ in entries], rows=rows, mean_score=sum(scores) / len(scores),
            lenses=dict(lenses),
            reference_score=None if ref is None else 100 * sum(ref[r] for r in ROW_IDS) / len(ROW_IDS)))
    return result


# -- 2-2: the room's weightings on the winner map ---------------------------------
@dataclass(frozen=True)
class WeightingMark:
    participant: str
    price: int  # % of the marks
    quality: int
    social_value: int
    winner_menu: str
    winner_embedded: str


@dataclass(frozen=True)
class TenderRoom:
    """The room's weightings on one bid set, scored with one price method."""

    bid_set: str  # library bid set name, or 'uploaded'
    price_method: str
    marks: list[WeightingMark]
    wins_menu: dict[str, int] = field(default_factory=dict)  # bidder -> how many weightings it wins under
    wins_embedded: dict[str, int] = field(default_factory=dict)


def tender_room(summaries: Summaries) -> list[TenderRoom]:
    """Group 2-2 summaries by (bid set, price method); each participant's weighting becomes a mark.

    A summary counts only if its three weights are whole numbers from 0 to 100 adding up to 100.

    Parameters
    ----------
    summaries : Summaries
        2-2 summaries: ``bid_set``, ``price_method``, ``weights`` (%) and the two winners.

    Returns
    -------
    list of TenderRoom
        Per (bid set, price method): each weighting (%), and how many weightings each bidder wins
        under the menu and the embedded approach.

    Examples
    --------
    >>> w = {"price": 50, "quality": 30, "social_value": 20}
    >>> rooms = tender_room({"ann": {"bid_set": "community-meals", "weights": w, "winner_menu": "A", "winner_embedded": "B"},
    ...                      "bob": {"bid_set": "community-meals", "weights": w | {"price": 60}}})  # adds up to 110
    >>> [(r.bid_set, r.price_method, len(r.marks), r.wins_menu, r.wins_embedded) for r in rooms]
    [('community-meals', 'relative', 1, {'A': 1}, {'B': 1})]
    """
    grouped: dict[tuple[str, str], list[WeightingMark]] = {}
    for participant, summary in _readable(summaries, "weights", Mapping).items():
        weights = {k: _number(summary["weights"].get(k)) for k in WEIGHT_KEYS}
        if any(v is None or v < 0 or v != int(v) for v in weights.values()) or sum(weights.values()) != 100:
            continue
        key = (str(summary.get("bid_set", "")), str(summary.get("price_method", "relative")))
        grouped.setdefault(key, []).append(WeightingMark(
            participant=participant, price=int(weights["price"]), quality=int(weights["quality"]),
            social_value=int(weights["social_value"]), winner_menu=str(summary.get("winner_menu", "")),
            winner_embedded=str(summary.get("winner_embedded", ""))))
    return [TenderRoom(bid_set, method, marks, dict(Counter(m.winner_menu for m in marks)),
                       dict(Counter(m.winner_embedded for m in marks)))
            for (bid_set, method), marks in grouped.items()]


# -- 3-7: the wall of 'I' statements --------------------------------------------------
@dataclass(frozen=True)
class WallItem:
    item: str  # stable id: changes when the text changes, so an edited statement is hidden again
    participant: str
    number: int  # the statement's row, 1..
    service: str
    text: str


def item_id(participant: str, number: int, text: str) -> str:
    """A wall item's id: a hash of who wrote it, where and what (reveals no participant token).

    Parameters
    ----------
    participant : str
        The participant's token.
    number : int
        The statement's row, 1..
    text : str
        The statement.

    Returns
    -------
    str
        24 hex characters; a changed text gives a new id.

    Examples
    --------
    >>> a = item_id("token", 1, "I choose my carer")
    >>> len(a), a == item_id("token", 1, "I choose my carer"), a == item_id("token", 1, "I choose when")
    (24, True, False)
    """
    return hashlib.sha256(f"{participant}\x00{number}\x00{text}".encode("utf-8")).hexdigest()[:24]


def statement_wall(summaries: Summaries) -> list[WallItem]:
    """Every non-empty 'I' statement in the room's 3-7 summaries, participant by participant, in row order.

    Parameters
    ----------
    summaries : Summaries
        3-7 summaries: the ``service`` and its ``texts``, one a row.

    Returns
    -------
    list of WallItem

    Examples
    --------
    >>> wall = statement_wall({"ann": {"service": "Homecare", "texts": ["I choose my carer", " ", "I know who is coming"]}})
    >>> [(w.number, w.service, w.text) for w in wall]
    [(1, 'Homecare', 'I choose my carer'), (3, 'Homecare', 'I know who is coming')]
    """
    items = []
    for participant, summary in _readable(summaries, "texts", list).items():
        service = str(summary.get("service", "") or "")
        for number, text in enumerate(summary["texts"], start=1):
            if isinstance(text, str) and text.strip():
                items.append(WallItem(item_id(participant, number, text.strip()), participant, number, service,
                                      text.strip()))
    return items


# -- quizzes: 1-1, 1-2, 1-3, 2-5 --------------------------------------------------------
@dataclass(frozen=True)
class QuizItemRoom:
    item: str  # item or question id (the exercise's data/questions file)
    answered: int  # people who answered it
    right: int  # people who got it right
    wrong_answer: tuple[str, ...] | None  # the most-chosen wrong answer (choice ids), None if no one was wrong
    wrong_count: int  # how many chose it

    @property
    def share_right(self) -> float:
        """The share who got it right, 0 .. 1."""
        return self.right / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class QuizRoom:
    people: int  # summaries with per-item results
    unreadable: int  # summaries without them (saved before items were added, or not a summary)
    items: list[QuizItemRoom]  # in order of first appearance


def quiz_room(summaries: Summaries) -> QuizRoom:
    """Per item: how many answered, how many got it right, and the wrong answer chosen most.

    Reads ``items`` (item id -> ``{"right": bool, "chosen": [choice id]}``) from each summary;
    an item nobody chose anything for is still counted as answered (and wrong, if it was wrong).

    Parameters
    ----------
    summaries : Summaries
        Summaries of a quiz (1-1, 1-2, 1-3, 2-5); one without ``items`` is unreadable.

    Returns
    -------
    QuizRoom
        People counted, summaries unreadable, and per item the counts and the commonest wrong answer.

    Examples
    --------
    >>> q = quiz_room({"ann": {"items": {"q1": {"right": True, "chosen": ["a"]}}},
    ...                "bob": {"items": {"q1": {"right": False, "chosen": ["b"]}}},
    ...                "cat": {"items": {"q1": {"right": False, "chosen": ["b"]}}}, "old": {"score": 3}})
    >>> q.people, q.unreadable, q.items
    (3, 1, [QuizItemRoom(item='q1', answered=3, right=1, wrong_answer=('b',), wrong_count=2)])
    """
    tally: dict[str, dict[str, Any]] = {}
    readable = _readable(summaries, "items", Mapping)
    for summary in readable.values():
        for item, result in summary["items"].items():
            if not isinstance(result, Mapping) or not isinstance(result.get("right"), bool):
                continue
            t = tally.setdefault(str(item), {"answered": 0, "right": 0, "wrong": Counter()})
            t["answered"] += 1
            if result["right"]:
                t["right"] += 1
            else:
                chosen = result.get("chosen") if isinstance(result.get("chosen"), list) else []
                t["wrong"][tuple(sorted(str(c) for c in chosen))] += 1
    rows = []
    for item, t in tally.items():
        wrong, n = next(iter(t["wrong"].most_common(1)), (None, 0))  # ties: the first chosen
        rows.append(QuizItemRoom(item, t["answered"], t["right"], wrong, n))
    return QuizRoom(len(readable), len(summaries) - len(readable), rows)


# -- 2-1: verdicts and the conditions failed --------------------------------------------
@dataclass(frozen=True)
class ConditionsRoom:
    people: int
    verdicts: dict[str, int]  # verdict -> people
    failed: list[tuple[str, int]]  # (condition name, people who failed it), most failed first


def conditions_room(summaries: Summaries) -> ConditionsRoom:
    """Count the room's 2-1 verdicts and how often each condition was failed.

    Parameters
    ----------
    summaries : Summaries
        2-1 summaries: the ``verdict``, and the conditions ``failed`` by name.

    Returns
    -------
    ConditionsRoom
        People, verdict counts, and (condition, people who failed it), most failed first.

    Examples
    --------
    >>> c = conditions_room({"ann": {"verdict": "competition"},
    ...                      "bob": {"verdict": "not-competition", "failed": ["A working market exists"]}})
    >>> c.people, c.verdicts, c.failed
    (2, {'competition': 1, 'not-competition': 1}, [('A working market exists', 1)])
    """
    readable = _readable(summaries, "verdict", str).values()
    verdicts = Counter(summary["verdict"] for summary in readable)
    return ConditionsRoom(len(readable), dict(verdicts), _counted(_choices(s.get("failed") for s in readable)))


# -- 2-3: lots chosen and who they shut out ----------------------------------------------
@dataclass(frozen=True)
class LotChoice:
    lots: int  # number of lots
    people: int  # how many chose it
    shut_out: list[int]  # for each of them, local organisations that could bid for no lot

    @property
    def median_shut_out(self) -> float:
        return statistics.median(self.shut_out)


def lots_room(summaries: Summaries) -> list[LotChoice]:
    """The lot counts the room chose (fewest lots first) and how many organisations each shut out.

    Shut out = ``organisations`` - ``eligible`` in a summary; a summary without both whole
    numbers (eligible no more than organisations) is left out.

    Parameters
    ----------
    summaries : Summaries
        2-3 summaries: ``lots``, ``eligible`` and ``organisations``.

    Returns
    -------
    list of LotChoice
        Per number of lots: how many chose it and the organisations each of them shut out.

    Examples
    --------
    >>> lots_room({"ann": {"lots": 4, "eligible": 300, "organisations": 400},
    ...            "bob": {"lots": 1, "eligible": 40, "organisations": 400},
    ...            "cat": {"lots": 4, "eligible": 500, "organisations": 400}})  # cat's 500 of 400 is left out
    [LotChoice(lots=1, people=1, shut_out=[360]), LotChoice(lots=4, people=1, shut_out=[100])]
    """
    grouped: dict[int, list[int]] = {}
    for summary in _readable(summaries).values():
        n, eligible, total = (_number(summary.get(k)) for k in ("lots", "eligible", "organisations"))
        if n is None or eligible is None or total is None or not 0 <= eligible <= total or n < 1:
            continue
        grouped.setdefault(int(n), []).append(int(total - eligible))
    return [LotChoice(n, len(v), v) for n, v in sorted(grouped.items())]


# -- 2-4: warnings raised ----------------------------------------------------------------
@dataclass(frozen=True)
class RationaleRoom:
    people: int
    complete: int  # rationales with every field filled
    warnings: list[tuple[str, int]]  # (rule id, rationales raising it), most first


def rationale_room(summaries: Summaries) -> RationaleRoom:
    """How often each proportionality warning was raised across the room's 2-4 rationales.

    Parameters
    ----------
    summaries : Summaries
        2-4 summaries: the ``warnings`` raised (rule ids) and whether ``complete``.

    Returns
    -------
    RationaleRoom
        People, rationales complete, and (rule id, rationales raising it), most first.

    Examples
    --------
    >>> rationale_room({"ann": {"warnings": ["carbon-plan-small-contract"], "complete": True},
    ...                 "bob": {"warnings": ["carbon-plan-small-contract", "menu-offers"]}})
    RationaleRoom(people=2, complete=1, warnings=[('carbon-plan-small-contract', 2), ('menu-offers', 1)])
    """
    readable = _readable(summaries, "warnings", list).values()
    complete = sum(summary.get("complete") is True for summary in readable)
    return RationaleRoom(len(readable), complete, _counted(_choices(s["warnings"] for s in readable)))


# -- 3-1: the eleven steps, hardest first -----------------------------------------------
@dataclass(frozen=True)
class CanvasRoom:
    people: int
    written: dict[int, int]  # step number -> people who wrote something for it (every step, 1..of)

    @property
    def hardest(self) -> list[int]:
        """Step numbers with the fewest written, fewest first (ties in step order)."""
        return sorted(self.written, key=lambda n: (self.written[n], n))


def canvas_room(summaries: Summaries, steps: int = 11) -> CanvasRoom:
    """How many people wrote each step of the 3-1 canvas (summaries with a ``steps`` list).

    Parameters
    ----------
    summaries : Summaries
        3-1 summaries: the ``steps`` written, by number.
    steps : int
        Steps on the canvas (11).

    Returns
    -------
    CanvasRoom
        People, and per step (1..steps) how many wrote something for it.

    Examples
    --------
    >>> c = canvas_room({"ann": {"steps": [1, 2]}, "bob": {"steps": [1]}}, steps=3)
    >>> c.people, c.written, c.hardest  # hardest first: fewest people wrote it
    (2, {1: 2, 2: 1, 3: 0}, [3, 2, 1])
    """
    readable = _readable(summaries, "steps", list).values()
    wrote = Counter(n for summary in readable
                    for n in {n for n in summary["steps"] if isinstance(n, int) and not isinstance(n, bool)})
    return CanvasRoom(len(readable), {n: wrote[n] for n in range(1, steps + 1)})


# -- 3-2: routes in the top three --------------------------------------------------------
@dataclass(frozen=True)
class RoutesRoom:
    people: int
    in_top: list[tuple[str, int]]  # (route id, people with it in their top three), most first
    first: dict[str, int]  # route id -> people with it first


def routes_room(summaries: Summaries) -> RoutesRoom:
    """Count the routes in the room's 3-2 top threes.

    Parameters
    ----------
    summaries : Summaries
        3-2 summaries: the ``top`` routes, best first.

    Returns
    -------
    RoutesRoom
        People, (route, people with it in their top three) most first, and people with each first.

    Examples
    --------
    >>> routes_room({"ann": {"top": ["grant", "alliance_contract", "direct_award", "joint_venture"]},
    ...              "bob": {"top": ["alliance_contract"]}})
    RoutesRoom(people=2, in_top=[('alliance_contract', 2), ('direct_award', 1), ('grant', 1)], first={'grant': 1, 'alliance_contract': 1})
    """
    tops = [summary["top"] for summary in _readable(summaries, "top", list).values() if summary["top"]]
    in_top = Counter(r for routes in tops for r in dict.fromkeys(str(x) for x in routes[:3]))
    return RoutesRoom(len(tops), _counted(in_top), dict(Counter(str(routes[0]) for routes in tops)))


# -- 3-3: the room as a values-driven panel ----------------------------------------------
@dataclass(frozen=True)
class PanelRoom:
    members: int  # participants who judged at least one provider
    gates: "pd.DataFrame"  # provider, gate, member, passed (members are 'member 1', 'member 2', ...)
    scores: "pd.DataFrame"  # provider, quality, member, score


def panel_room(summaries: Summaries, max_score: int = 4) -> PanelRoom:
    """Each participant's 3-3 gates and scores as one member of a panel (no names: 'member n').

    Judge it with :func:`svkit.imperatives.panel_result`, the same way the simulated panel is
    judged. A gate that is not true or false, or a score that is not a whole number from 0 to
    ``max_score``, is left out.

    Parameters
    ----------
    summaries : Summaries
        3-3 summaries: ``gates`` and ``scores``, provider by provider.
    max_score : int
        The top of the scoring scale (4).

    Returns
    -------
    PanelRoom
        Members counted, and the gates and scores in long form.

    Examples
    --------
    >>> p = panel_room({"ann": {"gates": {"hollin": {"open-book": True}}, "scores": {"hollin": {"purpose": 3}}},
    ...                 "bob": {"gates": {"hollin": {"open-book": "yes"}}, "scores": {"hollin": {"purpose": 9}}}})
    >>> p.members, p.gates.values.tolist(), p.scores.values.tolist()  # bob's answers are off the scale
    (1, [['hollin', 'open-book', 'member 1', True]], [['hollin', 'purpose', 'member 1', 3]])
    """
    import pandas as pd

    gates, scores = [], []
    members = 0
    for summary in _readable(summaries).values():
        g_in, s_in = summary.get("gates"), summary.get("scores")
        mine_g = [(str(p), str(g), v) for p, row in (g_in.items() if isinstance(g_in, Mapping) else ())
                  if isinstance(row, Mapping) for g, v in row.items() if isinstance(v, bool)]
        mine_s = [(str(p), str(q), v) for p, row in (s_in.items() if isinstance(s_in, Mapping) else ())
                  if isinstance(row, Mapping) for q, v in row.items()
                  if isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= max_score]
        if not mine_g and not mine_s:
            continue
        members += 1
        who = f"member {members}"
        gates += [(p, g, who, v) for p, g, v in mine_g]
        scores += [(p, q, who, v) for p, q, v in mine_s]
    return PanelRoom(members, pd.DataFrame(gates, columns=["provider", "gate", "member", "passed"]),
                     pd.DataFrame(scores, columns=["provider", "quality", "member", "score"]))


# -- 3-4: ripples by ring and tag --------------------------------------------------------
@dataclass(frozen=True)
class RipplesRoom:
    people: int
    by_ring: dict[str, int]  # ring '1', '2', '3' -> ripples in the room
    by_tag: dict[str, int]  # tag -> ripples in the room
    indicators: int  # indicators written in the room


def ripples_room(summaries: Summaries, rings: Sequence[str] = ("1", "2", "3"),
                 tags: Sequence[str] = ()) -> RipplesRoom:
    """Add up the room's 3-4 ripples by ring and by tag (every ring and tag listed, even at 0).

    Parameters
    ----------
    summaries : Summaries
        3-4 summaries: ripple counts ``by_ring`` and ``by_tag``, and ``indicators``.
    rings : sequence of str
        The rings to list (``"1"``, ``"2"``, ``"3"``).
    tags : sequence of str
        The tags to list.

    Returns
    -------
    RipplesRoom
        People, ripples per ring and per tag, and indicators written.

    Examples
    --------
    >>> ripples_room({"ann": {"by_ring": {"1": 2, "2": 1}, "by_tag": {"social": 3}, "indicators": 2},
    ...               "bob": {"by_ring": {"1": 1}}}, tags=["social", "civic"])
    RipplesRoom(people=2, by_ring={'1': 3, '2': 1, '3': 0}, by_tag={'social': 3, 'civic': 0}, indicators=2)
    """
    by_ring = {r: 0 for r in rings}
    by_tag = {t: 0 for t in tags}
    people = indicators = 0
    for summary in _readable(summaries, "by_ring", Mapping).values():
        people += 1
        _add_counts(by_ring, summary["by_ring"])
        _add_counts(by_tag, summary.get("by_tag") or {})
        indicators += int(_number(summary.get("indicators")) or 0)
    return RipplesRoom(people, by_ring, by_tag, indicators)


# -- 3-5: the price each person built ----------------------------------------------------
@dataclass(frozen=True)
class PriceRoom:
    year: str
    totals: list[float]  # £ per contact hour, lowest first
    hca_minimum: float | None  # £ per contact hour, the Homecare Association minimum for the year
    average_fee: float | None  # £ per contact hour, the average fee councils paid

    @property
    def median(self) -> float:
        return statistics.median(self.totals)

    def below(self, line: float | None) -> int:
        """How many prices fall below a line (0 when there is none)."""
        return 0 if line is None else sum(t < line for t in self.totals)


def price_room(summaries: Summaries, references: Mapping[str, tuple[float, float]]) -> list[PriceRoom]:
    """Group the room's 3-5 prices by financial year, beside each year's (HCA minimum, average fee).

    Parameters
    ----------
    summaries : Summaries
        3-5 summaries: the ``year`` and the ``total`` (£ per contact hour).
    references : mapping of str to (float, float)
        Year to (Homecare Association minimum, average fee paid), £ per contact hour.

    Returns
    -------
    list of PriceRoom
        Per year, oldest first: the prices (£ per contact hour, lowest first) and the references.

    Examples
    --------
    >>> rooms = price_room({"ann": {"year": "2025-26", "total": 31.0}, "bob": {"year": "2025-26", "total": 29.0},
    ...                     "cat": {"year": "2025-26", "total": -1}}, {"2025-26": (32.88, 24.0)})
    >>> [(r.year, r.totals, r.median, r.hca_minimum) for r in rooms]
    [('2025-26', [29.0, 31.0], 30.0, 32.88)]
    """
    grouped: dict[str, list[float]] = {}
    for summary in _readable(summaries).values():
        total = _number(summary.get("total"))
        if total is None or total <= 0:
            continue
        grouped.setdefault(str(summary.get("year", "")), []).append(total)
    result = []
    for year, totals in sorted(grouped.items()):
        hca, fee = references.get(year, (None, None))
        result.append(PriceRoom(year, sorted(totals), hca, fee))
    return result


# -- 3-6: the markets tried --------------------------------------------------------------
@dataclass(frozen=True)
class MarketTried:
    kind: str  # 'borough-wide' or 'zoned'
    providers: int
    zones: int  # 1 for borough-wide
    travel_min_per_hour: float  # minutes of travel per contact hour
    people: int  # how many tried it


def zoning_room(summaries: Summaries) -> list[MarketTried]:
    """Every market the room's 3-6 summaries set up, counted, least travel first.

    Parameters
    ----------
    summaries : Summaries
        3-6 summaries: the ``borough_wide`` and ``zoned`` markets tried.

    Returns
    -------
    list of MarketTried
        Kind, providers, zones (1 borough-wide), travel minutes per contact hour and people.

    Examples
    --------
    >>> zoning_room({"ann": {"borough_wide": {"providers": 30, "travel_min_per_hour": 11.7},
    ...                      "zoned": {"providers": 8, "zones": 18, "travel_min_per_hour": 2.7}},
    ...              "bob": {"zoned": {"providers": 8, "zones": 18, "travel_min_per_hour": 2.7}}})
    [MarketTried(kind='zoned', providers=8, zones=18, travel_min_per_hour=2.7, people=2), MarketTried(kind='borough-wide', providers=30, zones=1, travel_min_per_hour=11.7, people=1)]
    """
    seen: Counter[tuple[str, int, int, float]] = Counter()
    for summary in _readable(summaries).values():
        for kind, key in (("borough-wide", "borough_wide"), ("zoned", "zoned")):
            market = summary.get(key)
            if not isinstance(market, Mapping):
                continue
            providers, travel = _number(market.get("providers")), _number(market.get("travel_min_per_hour"))
            zones = 1 if kind == "borough-wide" else _number(market.get("zones"))
            if providers is None or travel is None or zones is None:
                continue
            seen[(kind, int(providers), int(zones), round(travel, 2))] += 1
    return [MarketTried(kind, p, z, t, n) for (kind, p, z, t), n in sorted(seen.items(), key=lambda kv: (kv[0][3], kv[0]))]


# -- 4-1: golden-thread findings ---------------------------------------------------------
@dataclass(frozen=True)
class ThreadRoom:
    people: int
    links: int  # links in the room's threads
    findings: list[tuple[str, int]]  # (finding kind, how many in the room), most first


def thread_room(summaries: Summaries) -> ThreadRoom:
    """Add up the findings the room's 4-1 threads raised, by kind.

    Parameters
    ----------
    summaries : Summaries
        4-1 summaries: ``links``, and ``findings`` as kind -> count.

    Returns
    -------
    ThreadRoom
        People, links in the room's threads, and (finding kind, count) most first.

    Examples
    --------
    >>> thread_room({"ann": {"links": 5, "findings": {"bolted-on": 2}}, "bob": {"links": 3, "findings": {"bolted-on": 1, "gap": 1}}})
    ThreadRoom(people=2, links=8, findings=[('bolted-on', 3), ('gap', 1)])
    """
    kinds: dict[str, int] = {}
    readable = _readable(summaries, "findings", Mapping).values()
    for summary in readable:
        _add_counts(kinds, summary["findings"], positive=True)
    links = sum(int(_number(summary.get("links")) or 0) for summary in readable)
    return ThreadRoom(len(readable), links, _counted(kinds))


# -- 4-2, 4-3: medians per shift or pillar ----------------------------------------------
@dataclass(frozen=True)
class MedianRoom:
    people: int  # summaries with at least one rating
    medians: dict[str, float | None]  # key -> the room's median (None when no one rated it), in key order
    counts: dict[str, int]  # key -> people who rated it


def median_room(summaries: Summaries, field_name: str, keys: Sequence[str], low: int, high: int) -> MedianRoom:
    """The room's median rating per key (shift or pillar) from ``summary[field_name]``.

    A rating counts only if it is a whole number from ``low`` to ``high``.

    Parameters
    ----------
    summaries : Summaries
        4-2 or 4-3 summaries.
    field_name : str
        The summary field holding the ratings (key -> rating).
    keys : sequence of str
        The keys to report, in order.
    low, high : int
        The scale's ends.

    Returns
    -------
    MedianRoom
        People with at least one rating, the median per key (None when no one rated it) and counts.

    Examples
    --------
    >>> median_room({"ann": {"r": {"a": 1, "b": 4}}, "bob": {"r": {"a": 2}}, "cat": {"r": {"a": 4, "b": 9}}},
    ...             "r", ["a", "b", "c"], 1, 5)  # cat's 9 is off the scale
    MedianRoom(people=3, medians={'a': 2, 'b': 4, 'c': None}, counts={'a': 3, 'b': 1, 'c': 0})
    """
    values: dict[str, list[int]] = {k: [] for k in keys}
    people = 0
    for summary in _readable(summaries, field_name, Mapping).values():
        counted = False
        for k in keys:
            v = summary[field_name].get(k)
            if isinstance(v, int) and not isinstance(v, bool) and low <= v <= high:
                values[k].append(v)
                counted = True
        people += counted
    return MedianRoom(people, {k: statistics.median(v) if v else None for k, v in values.items()},
                      {k: len(v) for k, v in values.items()})


# -- 4-4: action plans -------------------------------------------------------------------
@dataclass(frozen=True)
class PlansRoom:
    plans: int  # summaries with at least one step
    steps: int  # steps written in the room
    owned_dated: int  # of which have an owner and a date
    recommendations: list[tuple[str, int]]  # (recommendation id, people choosing it), most first


def plans_room(summaries: Summaries) -> PlansRoom:
    """How many action plans, how many steps with owners and dates, and the recommendations chosen most.

    Parameters
    ----------
    summaries : Summaries
        4-4 summaries: ``steps``, ``steps_owned_dated`` and the ``recommendations`` chosen.

    Returns
    -------
    PlansRoom
        Plans with at least one step, steps, steps owned and dated, and (recommendation, people) most first.

    Examples
    --------
    >>> plans_room({"ann": {"steps": 3, "steps_owned_dated": 2, "recommendations": ["r1", "r2"]},
    ...             "bob": {"steps": 0, "recommendations": ["r2"]}})
    PlansRoom(plans=1, steps=3, owned_dated=2, recommendations=[('r2', 2), ('r1', 1)])
    """
    plans = steps = owned = 0
    readable = _readable(summaries).values()
    for summary in readable:
        n = int(_number(summary.get("steps")) or 0)
        plans += n > 0
        steps += n
        owned += min(n, int(_number(summary.get("steps_owned_dated")) or 0))
    return PlansRoom(plans, steps, owned, _counted(_choices(s.get("recommendations") for s in readable)))


# -- exports ----------------------------------------------------------------------------
def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """A summary as flat columns: nested keys joined with '.', lists as '; '-joined text.

    Parameters
    ----------
    value : object
        A summary (nested dicts and lists of plain values).
    prefix : str
        The column name so far.

    Returns
    -------
    dict of str to object

    Examples
    --------
    >>> flatten({"weights": {"price": 50, "quality": 30}, "top": ["grant", "alliance"], "lens": "mixed"})
    {'weights.price': 50, 'weights.quality': 30, 'top': 'grant; alliance', 'lens': 'mixed'}
    """
    if isinstance(value, Mapping):
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, list):
        return {prefix or "value": "; ".join(str(v) for v in value)}
    return {prefix or "value": value}


def export_sheets(rows: Sequence[tuple[str, str, Any, datetime]], names: Mapping[str, str]
                  ) -> dict[str, list[list[Any]]]:
    """One table per exercise label: a header row, then one row per participant.

    Columns: display name, every summary field flattened (in first-seen order), time saved (UTC).

    Parameters
    ----------
    rows : sequence of (str, str, object, datetime)
        (participant, label, summary, saved_at), the latest summary per participant per app.
    names : mapping of str to str
        Display names (a participant without one is 'unnamed').

    Returns
    -------
    dict of str to list of list
        Label to its table.

    Examples
    --------
    >>> from datetime import datetime
    >>> at = datetime(2026, 12, 1, 10, 30)
    >>> export_sheets([("t1", "2-3", {"lots": 4}, at), ("t2", "2-3", {"lots": 2, "eligible": 40}, at)], {"t1": "Ann"})
    {'2-3': [['display name', 'lots', 'eligible', 'saved at (UTC)'], ['Ann', 4, '', '2026-12-01 10:30:00'], ['unnamed', 2, 40, '2026-12-01 10:30:00']]}
    """
    by_label: dict[str, list[tuple[str, dict[str, Any], datetime]]] = {}
    for participant, label, summary, saved_at in rows:
        by_label.setdefault(label, []).append((participant, flatten(summary), saved_at))
    sheets = {}
    for label in sorted(by_label):
        columns: list[str] = []
        for _, flat, _ in by_label[label]:
            columns.extend(c for c in flat if c not in columns)
        table: list[list[Any]] = [["display name", *columns, "saved at (UTC)"]]
        for participant, flat, saved_at in by_label[label]:
            table.append([names.get(participant) or "unnamed", *(flat.get(c, "") for c in columns),
                          saved_at.strftime("%Y-%m-%d %H:%M:%S")])
        sheets[label] = table
    return sheets
