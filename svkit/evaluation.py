"""The workshop evaluation: the same rating questions before and after a session, then open questions.

The form is ``data/sessions/evaluation.yaml`` (one source for the app, the console's panel, the
paper form and docs/session-plans.md). :func:`evaluation_room` sums up the room's answers (the
``summary`` each participant's evaluation page saves, docs/stored-answers.md): per question, how many
answered and the median before and after, the spread over the scale, and, for everyone who answered
both times, how many rose, stayed or fell. Pure: summaries in, results out; a summary or answer that
is not the expected shape is left out, never an error.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from svkit.content import RatingScale, check_unique, data_file

if TYPE_CHECKING:  # svkit.room brings pandas; the participant's app never needs it
    from svkit.room import WallItem

#: The two times the rating questions are asked, in order; also the summary's keys for them.
PHASES = ("before", "after")
#: The longest open answer the room's wall takes (characters); the app says so beside the box.
OPEN_LIMIT = 1000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Question(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")  # stored with each answer: keep it when rewording
    text: str = Field(min_length=10)


class Form(_Strict):
    """The evaluation: rating questions (asked before and after) on one scale, and open questions (after)."""

    scale: RatingScale
    questions: list[Question] = Field(min_length=1)
    open: list[Question] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ids_unique(self):
        check_unique((q.id for q in (*self.questions, *self.open)), "every evaluation question needs its own id")
        return self

    @property
    def scale_words(self) -> str:
        """'1 (not at all) to 5 (very)'."""
        s = self.scale
        return f"{s.min} ({s.labels[s.min]}) to {s.max} ({s.labels[s.max]})"


form = data_file("sessions/evaluation.yaml", Form,
                  "The evaluation form: the rating scale, the rating questions "
                  "and the open questions, in the form's order.")


def ratings(value: Any, table: Form) -> dict[str, int]:
    """The valid ratings in one phase of a summary: question id -> a whole number on the scale.

    Anything else (an unknown question, a number off the scale, a fraction, true/false, text) is left out.

    Parameters
    ----------
    value : mapping
        One phase of a summary (``summary["before"]`` or ``summary["after"]``): question id -> rating.
    table : Form
        The form whose questions and scale judge the ratings.

    Returns
    -------
    dict
        Question id -> rating (a whole number from the scale's lowest to its highest point).

    Examples
    --------
    >>> ratings({"when-competition": 4, "menu-embedded": 9, "collaboration-lawful": True, "x": 2}, form())
    {'when-competition': 4}
    """
    if not isinstance(value, Mapping):
        return {}
    found = {}
    for q in table.questions:
        v = value.get(q.id)
        if isinstance(v, int) and not isinstance(v, bool) and table.scale.min <= v <= table.scale.max:
            found[q.id] = v
    return found


# -- the room ---------------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionRoom:
    """One rating question across the room."""

    question: str  # question id
    before: dict[int, int]  # scale point -> people who chose it at the start (every point, even at 0)
    after: dict[int, int]  # the same at the end
    before_median: float | None  # None when no one answered
    after_median: float | None
    paired: int  # people who answered both times
    rose: int  # of those, how many rated higher at the end
    stayed: int
    fell: int

    @property
    def before_count(self) -> int:
        return sum(self.before.values())

    @property
    def after_count(self) -> int:
        return sum(self.after.values())


@dataclass(frozen=True)
class EvaluationRoom:
    people: int  # summaries with at least one rating or open answer
    before_people: int  # people with at least one 'before' rating
    after_people: int  # people with at least one 'after' rating
    questions: list[QuestionRoom]  # in the form's order
    wall: list[WallItem]  # open answers, participant by participant, in the form's order (moderated)


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def open_wall(summaries: Mapping[str, Any], table: Form) -> list[WallItem]:
    """Every non-empty open answer in the room, as wall items (hidden from the projector until revealed).

    An item's ``number`` is the open question's place in the form (1, 2, ...) and its ``service`` the
    question's text. Its id hashes who wrote it, the question and the text, so an edited answer is
    hidden again, and it can never match an item of another wall.

    Parameters
    ----------
    summaries : mapping
        Participant -> the evaluation page's summary; only its ``"open"`` answers are read.
    table : Form
        The form whose open questions are read, in its order.

    Returns
    -------
    list of WallItem
        One item per non-empty answer, trimmed and cut at :data:`OPEN_LIMIT` characters.

    Examples
    --------
    >>> wall = open_wall({"p1": {"open": {"next-month": "  Ask finance in early  ", "change-session": ""}}}, form())
    >>> [(w.participant, w.number, w.text) for w in wall]
    [('p1', 1, 'Ask finance in early')]
    """
    from svkit.room import WallItem, item_id

    items = []
    for participant, summary in summaries.items():
        answers = summary.get("open") if isinstance(summary, Mapping) else None
        if not isinstance(answers, Mapping):
            continue
        for number, q in enumerate(table.open, start=1):
            text = answers.get(q.id)
            if isinstance(text, str) and text.strip():
                text = text.strip()[:OPEN_LIMIT]
                items.append(WallItem(item_id(participant, number, f"{q.id}\x00{text}"), participant, number,
                                      q.text, text))
    return items


def evaluation_room(summaries: Mapping[str, Any], table: Form | None = None) -> EvaluationRoom:
    """The room's evaluation: per question, counts, medians and the spread before and after, and
    how many of those who answered both times rose, stayed or fell; plus the open answers' wall.

    Parameters
    ----------
    summaries
        participant -> the evaluation page's ``summary`` (``{"before": {question id: rating},
        "after": {...}, "open": {open question id: text}}``).
    table
        The form; :func:`form` when omitted.

    Returns
    -------
    EvaluationRoom
        Counts of people, one :class:`QuestionRoom` per rating question (in the form's order) and
        the open answers' wall.

    Examples
    --------
    Two people rate the first question 2 then 4, and 3 then 3; a third answers only at the start
    with 5. Before: 2, 3, 5 (median 3); after: 4, 3 (median 3.5); of the two pairs one rose and
    one stayed.

    >>> room = evaluation_room({"a": {"before": {"when-competition": 2}, "after": {"when-competition": 4}},
    ...                         "b": {"before": {"when-competition": 3}, "after": {"when-competition": 3}},
    ...                         "c": {"before": {"when-competition": 5}}})
    >>> q = room.questions[0]
    >>> (q.before_median, q.after_median, q.paired, q.rose, q.stayed, q.fell)
    (3.0, 3.5, 2, 1, 1, 0)
    >>> (room.people, room.before_people, room.after_people)
    (3, 3, 2)
    """
    table = table or form()
    points = range(table.scale.min, table.scale.max + 1)
    read = {p: {phase: ratings(s.get(phase), table) for phase in PHASES}
            for p, s in summaries.items() if isinstance(s, Mapping)}
    wall = open_wall(summaries, table)
    with_text = {w.participant for w in wall}
    rows = []
    for q in table.questions:
        before = [r["before"][q.id] for r in read.values() if q.id in r["before"]]
        after = [r["after"][q.id] for r in read.values() if q.id in r["after"]]
        pairs = [(r["before"][q.id], r["after"][q.id]) for r in read.values()
                 if q.id in r["before"] and q.id in r["after"]]
        rows.append(QuestionRoom(
            question=q.id, before={v: before.count(v) for v in points}, after={v: after.count(v) for v in points},
            before_median=_median(before), after_median=_median(after), paired=len(pairs),
            rose=sum(a > b for b, a in pairs), stayed=sum(a == b for b, a in pairs),
            fell=sum(a < b for b, a in pairs)))
    return EvaluationRoom(
        people=sum(1 for p, r in read.items() if r["before"] or r["after"] or p in with_text),
        before_people=sum(1 for r in read.values() if r["before"]),
        after_people=sum(1 for r in read.values() if r["after"]),
        questions=rows, wall=wall)
