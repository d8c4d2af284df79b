"""The pathway explorer (exercise 3-2): rank the thirteen commissioning routes for a situation.

- :data:`QUESTIONS`: question id -> allowed answer ids; :data:`ROUTES`: route id -> name
  (both read from ``data/pathways/``).
- :func:`recommend`: every route scored from the rules table (``data/pathways/rules.yaml``),
  ranked best first, each with the answers that supported and opposed it in words.

A question left out of the answers counts as ``unsure``. Unknown question ids or answers
raise ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, model_validator

from svkit.content import SourceRef, Strict, data_file

UNSURE = "unsure"


class Question(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    text: str = Field(min_length=10)
    answers: list[str] = Field(min_length=2)

    @model_validator(mode="after")
    def _unsure(self):
        if UNSURE not in self.answers:
            raise ValueError("every question must allow 'unsure'")
        return self


class Questions(Strict):
    questions: list[Question] = Field(min_length=1)
    answer_labels: dict[str, str]

    @model_validator(mode="after")
    def _labelled(self):
        missing = {a for q in self.questions for a in q.answers} - set(self.answer_labels)
        if missing:
            raise ValueError(f"answers without a label: {sorted(missing)}")
        return self


class Route(Strict):
    id: str = Field(pattern=r"^[a-z_]+$")
    name: str = Field(min_length=3)
    purpose: str = Field(min_length=20)
    overlay: bool = False
    case_study: str | None = None
    read_next: str = Field(min_length=5)
    law: str | None = Field(default=None, min_length=40)  # which procurement regime offers the route, and how


class Routes(Strict):
    sources: list[SourceRef] = Field(min_length=1)
    routes: list[Route] = Field(min_length=13, max_length=13)


class Rule(Strict):
    route: str
    question: str
    answer: str
    weight: int
    reason: str = Field(min_length=10)

    @model_validator(mode="after")
    def _moves(self):
        if self.weight == 0:
            raise ValueError("a rule with weight 0 does nothing")
        if self.answer == UNSURE:
            raise ValueError("'unsure' never moves a route")
        return self


class Rules(Strict):
    rules: list[Rule] = Field(min_length=1)


class Case(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=5)
    used: list[str] = Field(min_length=1)  # route ids the case actually used, main one first
    answers: dict[str, str]


class Cases(Strict):
    cases: list[Case] = Field(min_length=1)


questions = data_file("pathways/questions.yaml", Questions)
routes = data_file("pathways/routes.yaml", Routes)


def _names_known_routes_and_answers(table: Rules, root: Path | None) -> None:
    allowed = {q.id: set(q.answers) for q in questions(root).questions}
    route_ids = {r.id for r in routes(root).routes}
    for rule in table.rules:
        if rule.route not in route_ids:
            raise ValueError(f"rule for unknown route '{rule.route}'")
        if rule.question not in allowed or rule.answer not in allowed[rule.question]:
            raise ValueError(f"rule uses an unknown question or answer: {rule.question} = {rule.answer}")


rules = data_file("pathways/rules.yaml", Rules,
                  "The rules: a question's answer that adds ``weight`` points (or takes them away) for a route, with "
                  "its reason; checked against the questions and routes they name.",
                  check=_names_known_routes_and_answers)


def _cases_checked(table: Cases, root: Path | None) -> None:
    for case in table.cases:
        check_answers(case.answers)
        unknown = set(case.used) - {r.id for r in routes(root).routes}
        if unknown:
            raise ValueError(f"case '{case.id}' names unknown routes {sorted(unknown)}")


cases = data_file("pathways/cases.yaml", Cases,
                  "The toolkit's case studies as answers to the ten questions, with the routes they used (checked "
                  "like any answers).", check=_cases_checked)


def __getattr__(name: str):
    """``QUESTIONS`` and ``ROUTES``, read from data/ when first used (so a broken file is
    reported by ``svkit check-data`` rather than breaking the import)."""
    if name == "QUESTIONS":
        return {q.id: tuple(q.answers) for q in questions().questions}
    if name == "ROUTES":
        return {r.id: r.name for r in routes().routes}
    raise AttributeError(name)


@dataclass(frozen=True)
class Recommendation:
    route_id: str
    name: str
    score: int
    supports: tuple[str, ...]  # reasons, in the order of the rules table
    opposes: tuple[str, ...]
    case_study: str | None
    overlay: bool
    purpose: str
    read_next: str
    law: str | None = None


def check_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """Every question's answer, ``unsure`` where none was given.

    Parameters
    ----------
    answers : mapping of str to str
        Question id to one of its answers; unknown ids or answers raise ``ValueError``.

    Returns
    -------
    dict of str to str
        An answer for all ten questions, in question order.

    Examples
    --------
    >>> full = check_answers({"working_market": "yes"})
    >>> full["working_market"], full["single_provider"], len(full)
    ('yes', 'unsure', 10)
    >>> check_answers({"working_market": "perhaps"})
    Traceback (most recent call last):
    ...
    ValueError: 'perhaps' is not an answer to 'working_market'; use one of ...
    """
    allowed = {q.id: tuple(q.answers) for q in questions().questions}
    unknown = set(answers) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown question(s): {', '.join(sorted(unknown))}.")
    for qid, answer in answers.items():
        if answer not in allowed[qid]:
            raise ValueError(f"'{answer}' is not an answer to '{qid}'; use one of {', '.join(allowed[qid])}.")
    return {qid: answers.get(qid, UNSURE) for qid in allowed}


def recommend(answers: Mapping[str, str]) -> list[Recommendation]:
    """All thirteen routes, best first (ties keep the order of routes.yaml).

    Parameters
    ----------
    answers : mapping of str to str
        Question id to answer, as for :func:`check_answers` (unanswered: ``unsure``).

    Returns
    -------
    list of Recommendation
        Every route with its score (the sum of the weights of the rules its answers meet) and the
        reasons for and against it.

    Examples
    --------
    >>> ranked = recommend(cases().cases[0].answers)  # Wigan's answers
    >>> [(r.route_id, r.score) for r in ranked[:2]]
    [('sv_imperatives', 4), ('competitive_flexible', 3)]
    >>> len(ranked)
    13
    """
    full = check_answers(answers)
    table = rules()
    ranked = []
    for order, route in enumerate(routes().routes):
        met = [r for r in table.rules if r.route == route.id and full[r.question] == r.answer]
        score = sum(r.weight for r in met)
        ranked.append((-score, order, Recommendation(
            route.id, route.name, score,
            tuple(r.reason for r in met if r.weight > 0), tuple(r.reason for r in met if r.weight < 0),
            route.case_study, route.overlay, route.purpose, route.read_next, route.law)))
    ranked.sort(key=lambda item: item[:2])
    return [item[2] for item in ranked]
