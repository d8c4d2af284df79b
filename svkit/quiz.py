"""Question models and marking, loaded from data/questions/*.yaml.

Five kinds, as DESIGN.md lists them:

- ``single``: one option is right;
- ``multi``: a set of options is right;
- ``assign``: place each item into one or more categories;
- ``numeric``: a number within a tolerance;
- ``text``: free text, saved but not marked (guidance is shown afterwards).

Every option or item carries its own feedback, written for the case where a
participant gets it wrong, and the model answer lives beside the question, so
trainers read both in one place. Marking is pure: answer in, :class:`Mark` out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from svkit.content import SourceRef, Strict, read_model, register_schema
from svkit.paths import data_dir


class Option(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    text: str = Field(min_length=1)
    feedback: str = Field(min_length=10)  # why this option is right or wrong


class Category(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    label: str = Field(min_length=2)


class Item(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    text: str = Field(min_length=5)
    answer: list[str] = Field(min_length=1)  # category ids (one or more)
    feedback: str = Field(min_length=10)  # why it belongs where it does


class _Question(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    prompt: str = Field(min_length=5)
    sources: list[SourceRef] = Field(default_factory=list)


class SingleChoice(_Question):
    kind: Literal["single"]
    options: list[Option] = Field(min_length=2)
    answer: str
    explanation: str = ""  # shown after marking, right or wrong, when set

    @model_validator(mode="after")
    def _answer_is_an_option(self):
        _check_ids(self.id, [self.answer], [o.id for o in self.options], "option")
        return self


class MultiSelect(_Question):
    kind: Literal["multi"]
    options: list[Option] = Field(min_length=2)
    answer: list[str]  # option ids; may be empty ('none of these')

    @model_validator(mode="after")
    def _answers_are_options(self):
        _check_ids(self.id, self.answer, [o.id for o in self.options], "option")
        return self


class Assignment(_Question):
    kind: Literal["assign"]
    categories: list[Category] = Field(min_length=2)
    items: list[Item] = Field(min_length=1)

    @model_validator(mode="after")
    def _answers_are_categories(self):
        known = [c.id for c in self.categories]
        for item in self.items:
            _check_ids(f"{self.id}.{item.id}", item.answer, known, "category")
        _unique(self.id, [i.id for i in self.items], "item")
        return self


class Numeric(_Question):
    kind: Literal["numeric"]
    answer: float
    tolerance: float = Field(ge=0)  # absolute, in the answer's unit
    unit: str = ""
    explanation: str = Field(min_length=10)
    feedback_low: str = Field(min_length=10)
    feedback_high: str = Field(min_length=10)


class FreeText(_Question):
    kind: Literal["text"]
    guidance: str = Field(min_length=10)  # shown after they have written something
    min_chars: int = Field(default=1, ge=0)


Question = Annotated[Union[SingleChoice, MultiSelect, Assignment, Numeric, FreeText], Field(discriminator="kind")]


class QuestionSet(Strict):
    """The questions of one exercise, with their model answers."""

    label: str = Field(pattern=r"^\d+-\d+$")  # the exercise label, e.g. '1-1'
    title: str
    questions: list[Question] = Field(min_length=1)
    shared: dict | None = Field(default=None, alias="x-options")  # YAML anchors reused by questions

    @model_validator(mode="after")
    def _unique_ids(self):
        _unique(self.label, [q.id for q in self.questions], "question")
        return self

    def question(self, question_id: str):
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)


def _check_ids(where: str, given: Sequence[str], known: Sequence[str], what: str) -> None:
    unknown = [g for g in given if g not in known]
    if unknown:
        raise ValueError(f"{where}: unknown {what} id(s) {unknown}; known: {list(known)}")
    _unique(where, list(given), what)


def _unique(where: str, ids: list[str], what: str) -> None:
    seen = {i for i in ids if ids.count(i) > 1}
    if seen:
        raise ValueError(f"{where}: {what} id(s) used twice: {sorted(seen)}")


# -- marking --------------------------------------------------------------------
class Feedback(Strict):
    """Feedback on one part of an answer (an option, an item, or the whole)."""

    part: str  # option or item id, or '' for the whole answer
    correct: bool
    text: str
    answered: bool = True  # False when nothing was chosen or entered yet


class Mark(Strict):
    """The result of marking one answer."""

    question: str
    marked: bool  # False for free text
    correct: bool  # every part right
    score: float  # 0..1: share of parts right
    feedback: list[Feedback]

    @property
    def wrong(self) -> list[Feedback]:
        return [f for f in self.feedback if not f.correct]


def mark(question, answer) -> Mark:
    """Mark one answer to one question.

    Parameters
    ----------
    question : Question
        Any question model (``single``, ``multi``, ``assign``, ``numeric`` or ``text``).
    answer : object
        ``single``: an option id (or None); ``multi``: a collection of option ids; ``assign``: a
        mapping of item id to a collection of category ids; ``numeric``: a number (or None);
        ``text``: a string.

    Returns
    -------
    Mark
        Whether it was marked (free text is not), whether every part is right, the score (share
        0-1 of parts right) and the feedback.

    Raises
    ------
    ValueError
        When the answer names an option, item or category the question does not have.

    Examples
    --------
    >>> q = load("1-3").question("alliance-principle")
    >>> m = mark(q, "objectivity")
    >>> m.correct, m.score
    (True, 1.0)
    >>> mark(q, "value-for-money").score
    0.0
    """
    kind = question.kind
    if kind == "single":
        return _mark_single(question, answer)
    if kind == "multi":
        return _mark_multi(question, answer)
    if kind == "assign":
        return _mark_assign(question, answer)
    if kind == "numeric":
        return _mark_numeric(question, answer)
    return _mark_text(question, answer)


def _mark_single(q: SingleChoice, answer) -> Mark:
    options = {o.id: o for o in q.options}
    if answer is None or answer == "":
        return Mark(question=q.id, marked=True, correct=False, score=0.0,
                    feedback=[Feedback(part="", correct=False, answered=False, text="Not answered yet: choose one answer.")])
    if answer not in options:
        raise ValueError(f"'{answer}' is not one of the options")
    right = answer == q.answer
    feedback = [Feedback(part=answer, correct=right, text=options[answer].feedback)]
    if q.explanation:
        feedback.append(Feedback(part="", correct=right, text=q.explanation))
    return Mark(question=q.id, marked=True, correct=right, score=float(right), feedback=feedback)


def _mark_multi(q: MultiSelect, answer) -> Mark:
    chosen = set(answer or ())
    known = {o.id for o in q.options}
    if chosen - known:
        raise ValueError(f"{sorted(chosen - known)} are not options")
    wanted = set(q.answer)
    feedback = []
    for o in q.options:
        right = (o.id in chosen) == (o.id in wanted)
        feedback.append(Feedback(part=o.id, correct=right, text=o.feedback))
    score = sum(f.correct for f in feedback) / len(feedback)
    return Mark(question=q.id, marked=True, correct=chosen == wanted, score=score, feedback=feedback)


def _mark_assign(q: Assignment, answer) -> Mark:
    answer = dict(answer or {})
    known_items = {i.id for i in q.items}
    known_cats = {c.id for c in q.categories}
    if set(answer) - known_items:
        raise ValueError(f"{sorted(set(answer) - known_items)} are not items")
    feedback = []
    for item in q.items:
        placed = set(answer.get(item.id) or ())
        if placed - known_cats:
            raise ValueError(f"{sorted(placed - known_cats)} are not categories")
        right = placed == set(item.answer)
        feedback.append(Feedback(part=item.id, correct=right, text=item.feedback))
    score = sum(f.correct for f in feedback) / len(feedback)
    return Mark(question=q.id, marked=True, correct=score == 1.0, score=score, feedback=feedback)


def _mark_numeric(q: Numeric, answer) -> Mark:
    if answer is None or isinstance(answer, bool):
        return Mark(question=q.id, marked=True, correct=False, score=0.0,
                    feedback=[Feedback(part="", correct=False, answered=False, text="Not answered yet: enter a number.")])
    value = float(answer)
    if not math.isfinite(value):
        raise ValueError("Enter an ordinary number.")
    if abs(value - q.answer) <= q.tolerance + 1e-9:
        return Mark(question=q.id, marked=True, correct=True, score=1.0,
                    feedback=[Feedback(part="", correct=True, text=q.explanation)])
    text = q.feedback_low if value < q.answer else q.feedback_high
    return Mark(question=q.id, marked=True, correct=False, score=0.0,
                feedback=[Feedback(part="", correct=False, text=text)])


def _mark_text(q: FreeText, answer) -> Mark:
    written = (answer or "").strip()
    enough = len(written) >= q.min_chars
    text = q.guidance if enough else "Write a few words first; then you will see some points to compare with."
    return Mark(question=q.id, marked=False, correct=enough, score=float(enough),
                feedback=[Feedback(part="", correct=enough, text=text)])


def model_answer(question):
    """The answer that :func:`mark` scores fully correct (None for free text).

    Parameters
    ----------
    question : Question
        Any question model.

    Returns
    -------
    object
        An option id, a list of ids, a mapping of item id to category ids, a number, or None.

    Examples
    --------
    >>> q = load("1-3").question("alliance-principle")
    >>> model_answer(q)
    'objectivity'
    >>> mark(q, model_answer(q)).correct
    True
    """
    if question.kind in ("single", "multi", "numeric"):
        return question.answer
    if question.kind == "assign":
        return {item.id: list(item.answer) for item in question.items}
    return None


def score_total(marks: Mapping[str, Mark]) -> tuple[int, int]:
    """(questions fully right, questions marked).

    Parameters
    ----------
    marks : mapping of str to Mark
        Marks by question id; unmarked (free-text) ones do not count.

    Returns
    -------
    tuple of (int, int)
        (questions fully right, questions marked).

    Examples
    --------
    >>> q = load("1-3").question("alliance-principle")
    >>> score_total({"a": mark(q, "objectivity"), "b": mark(q, "integrity")})
    (1, 2)
    """
    marked = [m for m in marks.values() if m.marked]
    return sum(m.correct for m in marked), len(marked)


def load(label: str, root: Path | None = None) -> QuestionSet:
    """The question set of an exercise, from data/questions/<label>.yaml.

    Parameters
    ----------
    label : str
        The exercise label, such as ``"1-3"``.
    root : Path, optional
        The data folder (default: the kit's ``data/``).

    Returns
    -------
    QuestionSet
        The exercise's questions, in order.

    Examples
    --------
    >>> [(q.id, q.kind) for q in load("1-1").questions]
    [('actions', 'assign'), ('reflection', 'text')]
    """
    return read_model(((root or data_dir()) / "questions" / f"{label}.yaml").resolve(), QuestionSet)


register_schema("questions/*.yaml", QuestionSet)  # so `svkit check-data` validates question files
