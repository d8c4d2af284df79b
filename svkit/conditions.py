"""Section 2 content and the five-conditions test (exercise 2-1).

- :func:`conditions`, :func:`steps`, :func:`tools`: the structured content in
  ``data/competition/`` (validated, cached).
- :func:`verdict`: whether competition can deliver the value sought, given an
  answer per condition, with a reason per condition. The rule is written out
  in ``data/competition/conditions.yaml`` beside its rationale.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from pydantic import Field, model_validator

from svkit.content import NumberedStep, SourceRef, Strict, data_file, in_sentence, unique_by

#: The answers a participant can give for each condition.
ANSWERS = ("yes", "partly", "no", "unsure")
ANSWER_LABELS = {"yes": "Yes", "partly": "Partly", "no": "No", "unsure": "Don't know yet"}

#: Verdicts, best first.
VERDICTS = ("competition", "with-care", "not-competition", "incomplete")
VERDICT_TITLES = {
    "competition": "Competition can deliver the value sought",
    "with-care": "Competition may work, but some conditions need work first",
    "not-competition": "Competition on its own is unlikely to deliver the value sought",
    "incomplete": "Answer every condition to see a verdict",
}


class Condition(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=5)
    question: str = Field(min_length=20)
    why: str = Field(min_length=20)
    if_no: str = Field(min_length=20)
    if_partly: str = Field(min_length=20)


class Conditions(Strict):
    sources: list[SourceRef] = Field(min_length=1)
    rule: str = Field(min_length=40)
    rule_rationale: str = Field(min_length=40)
    conditions: list[Condition] = Field(min_length=5, max_length=5)

    _unique = unique_by("conditions", "id", "condition ids must be unique")


class Step(NumberedStep):
    stage: str  # the stage of the commissioning cycle it belongs to
    tip: str = Field(min_length=10)


class Steps(Strict):
    sources: list[SourceRef] = Field(min_length=1)
    steps: list[Step] = Field(min_length=11, max_length=11)

    @model_validator(mode="after")
    def _numbered(self):
        if [s.number for s in self.steps] != list(range(1, len(self.steps) + 1)):
            raise ValueError("steps must be numbered 1, 2, 3, ... in order")
        stages = {"goals", "needs", "approach", "award", "monitoring"}
        bad = [s.number for s in self.steps if s.stage not in stages]
        if bad:
            raise ValueError(f"steps {bad} name a stage that is not in the cycle ({sorted(stages)})")
        return self


class Tool(Strict):
    name: str = Field(min_length=3)
    use: str = Field(min_length=20)
    examples: list[str] = Field(min_length=1)
    exercise: str | None = None


class Tools(Strict):
    sources: list[SourceRef] = Field(min_length=1)
    tools: list[Tool] = Field(min_length=6, max_length=6)


conditions = data_file("competition/conditions.yaml", Conditions)
steps = data_file("competition/steps.yaml", Steps)
tools = data_file("competition/tools.yaml", Tools)


@dataclass(frozen=True)
class Verdict:
    """The outcome of the five-conditions test."""

    kind: str  # one of VERDICTS
    title: str
    reasons: tuple[tuple[str, str, str], ...]  # (condition name, answer, what it means), weakest first

    @property
    def failed(self) -> tuple[str, ...]:
        return tuple(name for name, answer, _ in self.reasons if answer == "no")


def verdict(answers: Mapping[str, str | None], table: Conditions | None = None) -> Verdict:
    """Apply the rule in ``conditions.yaml`` to one answer per condition.

    Parameters
    ----------
    answers : mapping of str to str or None
        Condition id to ``yes``, ``partly``, ``no`` or ``unsure`` (None or a missing id: not
        answered yet). An unknown id or answer raises ``ValueError``.
    table : Conditions, optional
        The conditions (default: :func:`conditions`).

    Returns
    -------
    Verdict
        The kind (``competition`` when all five are yes, ``not-competition`` when any is no,
        ``with-care`` otherwise, ``incomplete`` while any is unanswered), its title, and the reasons,
        weakest answer first.

    Examples
    --------
    >>> ids = [c.id for c in conditions().conditions]
    >>> verdict(dict.fromkeys(ids, "yes")).kind
    'competition'
    >>> verdict(dict.fromkeys(ids, "yes") | {"working-market": "partly"}).kind
    'with-care'
    >>> verdict(dict.fromkeys(ids, "yes") | {"enforceable": "no"}).reasons[0][:2]
    ('...', 'no')
    >>> verdict({"value-known": "yes"}).kind
    'incomplete'
    """
    table = table or conditions()
    known = {c.id for c in table.conditions}
    unknown = set(answers) - known
    if unknown:
        raise ValueError(f"Unknown condition(s): {', '.join(sorted(unknown))}.")
    bad = {a for a in answers.values() if a is not None and a not in ANSWERS}
    if bad:
        raise ValueError(f"Each answer must be one of {', '.join(ANSWERS)}.")
    order = {"no": 0, "unsure": 1, "partly": 2, "yes": 3}
    reasons = []
    for c in table.conditions:
        answer = answers.get(c.id)
        if answer is None:
            continue
        meaning = {
            "yes": f"This holds: {in_sentence(c.why)}",
            "partly": c.if_partly,
            "no": c.if_no,
            "unsure": f"Find out before deciding: {in_sentence(c.question)}",
        }[answer]
        reasons.append((c.name, answer, meaning))
    reasons.sort(key=lambda r: order[r[1]])  # stable: condition order within each answer
    given = [answers.get(c.id) for c in table.conditions]
    if any(a is None for a in given):
        kind = "incomplete"
    elif "no" in given:
        kind = "not-competition"
    elif all(a == "yes" for a in given):
        kind = "competition"
    else:
        kind = "with-care"
    return Verdict(kind, VERDICT_TITLES[kind], tuple(reasons))
