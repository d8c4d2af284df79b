"""Section 3 content: the eleven steps of the collaborative process and the canvas record (exercise 3-1)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pydantic import Field, model_validator

from svkit.content import NumberedStep, SourceRef, Strict, data_file
from svkit.export import Record


class Example(Strict):
    case: str = Field(min_length=5)
    text: str = Field(min_length=20)
    source: SourceRef


class Step(NumberedStep):
    prompt: str = Field(min_length=20)
    hints: list[str] = Field(min_length=1)
    example: Example


class Steps(Strict):
    sources: list[SourceRef] = Field(min_length=1)
    steps: list[Step] = Field(min_length=11, max_length=11)

    @model_validator(mode="after")
    def _numbered(self):
        if [s.number for s in self.steps] != list(range(1, 12)):
            raise ValueError("steps must be numbered 1 to 11 in order")
        return self


class Feature(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    text: str = Field(min_length=10)


class Achievement(Strict):
    text: str = Field(min_length=10)
    source: SourceRef


class Case(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=5)
    problem: str = Field(min_length=20)
    route: str = Field(min_length=10)
    tools: list[str] = Field(min_length=1)
    achieved: list[Achievement] = Field(min_length=1)
    features: list[str] = Field(min_length=1)
    route_id: str


class Cases(Strict):
    features: list[Feature] = Field(min_length=9, max_length=9)
    features_source: SourceRef
    cases: list[Case] = Field(min_length=7)

    @model_validator(mode="after")
    def _known_features(self):
        known = {f.id for f in self.features}
        for case in self.cases:
            if set(case.features) - known:
                raise ValueError(f"case '{case.id}' names unknown features {sorted(set(case.features) - known)}")
        return self


cases = data_file("collaboration/cases.yaml", Cases)
steps = data_file("collaboration/steps.yaml", Steps)


def progress(answers: Mapping[int, str]) -> tuple[int, int]:
    """How many of the canvas's steps have something written.

    Parameters
    ----------
    answers : mapping of int to str
        The participant's text by step number; blank text does not count.

    Returns
    -------
    tuple of (int, int)
        (steps with something written, steps in all).

    Examples
    --------
    >>> progress({1: "Hot meals for older residents", 2: "   "})
    (1, 11)
    >>> progress({})
    (0, 11)
    """
    table = steps()
    return sum(1 for s in table.steps if str(answers.get(s.number, "")).strip()), len(table.steps)


def canvas_record(title: str, answers: Mapping[int, str]) -> Record:
    """The completed canvas as a document: one section per step, the prompt then the participant's text.

    Parameters
    ----------
    title : str
        The opportunity the canvas is about (blank: "my opportunity").
    answers : mapping of int to str
        The participant's text by step number.

    Returns
    -------
    Record
        A document for :mod:`svkit.export`, one section per step.

    Examples
    --------
    >>> r = canvas_record("Meals", {1: "Hot meals"})
    >>> r.title, r.facts
    ('Collaborative canvas: Meals', [('Steps written', '1 of 11')])
    >>> r.sections[0][1][1]
    'Hot meals'
    """
    table = steps()
    done, total = progress(answers)
    sections = [(f"{s.number}. {s.title}", [f"Prompt: {s.prompt}", str(answers.get(s.number, ""))])
                for s in table.steps]
    return Record(
        title=f"Collaborative canvas: {title.strip() or 'my opportunity'}",
        facts=[("Steps written", f"{done} of {total}")],
        sections=sections,
        footer="Made with svkit from the CCIN Social Value Toolkit (2025), section 3, the collaborative process.",
    )
