"""Commissioning scenarios shared by exercises (data/scenarios/*.yaml).

Each scenario is a short situation a council might face. Exercise 1-4 uses its
``lens_profile``: the trainer's reference ratings on the nine rows of the
comparison table, and the lens those ratings should land on. Exercise 2-1 uses
its ``conditions_profile``: the trainer's reference answers to the five
conditions for competition.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from svkit.content import SourceRef, Strict, read_model, register_schema
from svkit.lenses import LENSES, ROW_IDS
from svkit.paths import data_dir


class LensProfile(Strict):
    ratings: dict[str, float]  # row id -> -1 (competition) .. +1 (collaboration)
    lens: str  # the lens these ratings should land on
    note: str = Field(min_length=20)  # the trainer's reasoning, for discussion

    @model_validator(mode="after")
    def _complete(self):
        if set(self.ratings) != set(ROW_IDS):
            raise ValueError(f"ratings must cover exactly the rows {list(ROW_IDS)}")
        if any(not -1 <= v <= 1 for v in self.ratings.values()):
            raise ValueError("ratings run from -1 to 1")
        if self.lens not in LENSES:
            raise ValueError(f"lens must be one of {list(LENSES)}")
        return self


class ConditionsProfile(Strict):
    """The trainer's reference answers to the five conditions (exercise 2-1)."""

    answers: dict[str, str]  # condition id -> yes / partly / no / unsure
    note: str = Field(min_length=20)

    @model_validator(mode="after")
    def _answers(self):
        from svkit.conditions import ANSWERS

        if any(a not in ANSWERS for a in self.answers.values()):
            raise ValueError(f"answers must be one of {list(ANSWERS)} (quote them: yes and no are booleans in YAML)")
        return self


class Scenario(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=5)
    summary: str = Field(min_length=40)  # the situation, in two or three sentences
    lens_profile: LensProfile
    conditions_profile: ConditionsProfile | None = None
    sources: list[SourceRef] = Field(default_factory=list)


register_schema("scenarios/*.yaml", Scenario)


def scenarios(root: Path | None = None) -> tuple[Scenario, ...]:
    """Every library scenario, in file-name order.

    Parameters
    ----------
    root : Path, optional
        The data folder to read ``scenarios/*.yaml`` from (default: the kit's ``data/``).

    Returns
    -------
    tuple of Scenario
        Each with its summary, its 1-4 lens profile (ratings -1 to +1) and, for some, its 2-1
        conditions profile.

    Examples
    --------
    >>> [s.id for s in scenarios()][:3]
    ['printer-consumables', 'highways-resurfacing', 'small-consultancy']
    >>> all(-1 <= r <= 1 for s in scenarios() for r in s.lens_profile.ratings.values())
    True
    """
    folder = ((root or data_dir()) / "scenarios").resolve()
    return tuple(read_model(p, Scenario) for p in sorted(folder.glob("*.yaml")))


def scenario(scenario_id: str, root: Path | None = None) -> Scenario:
    """One library scenario by its id.

    Parameters
    ----------
    scenario_id : str
        The scenario's id, such as ``"printer-consumables"``.
    root : Path, optional
        The data folder (default: the kit's ``data/``).

    Returns
    -------
    Scenario
        The scenario; ``KeyError`` when no scenario has that id.

    Examples
    --------
    >>> s = scenario("printer-consumables")
    >>> s.title, s.lens_profile.lens  # the lens the trainer's ratings land on
    ('Office printer consumables', 'competition')
    >>> scenario("no-such-scenario")
    Traceback (most recent call last):
    ...
    KeyError: 'no-such-scenario'
    """
    for s in scenarios(root):
        if s.id == scenario_id:
            return s
    raise KeyError(scenario_id)
