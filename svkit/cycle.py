"""The commissioning cycle (data/toolkit/cycle.yaml)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from svkit.content import SourceRef, read_model, register_schema
from svkit.paths import data_dir


class Stage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z-]+$")
    name: str
    short: str = Field(max_length=24)  # fits inside the figure's circle
    description: str = Field(min_length=20)


class Cycle(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    source: SourceRef
    stages: list[Stage] = Field(min_length=3)

    def stage(self, stage_id: str) -> Stage:
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(stage_id)


register_schema("toolkit/cycle.yaml", Cycle)


def cycle(root: Path | None = None) -> Cycle:
    """The five stages of the commissioning cycle, in order.

    Parameters
    ----------
    root : Path, optional
        The data folder to read ``toolkit/cycle.yaml`` from (default: the kit's ``data/``).

    Returns
    -------
    Cycle
        The stages (id, name, short label, description) and the toolkit section they come from.

    Examples
    --------
    >>> [s.id for s in cycle().stages]
    ['goals', 'needs', 'approach', 'award', 'monitoring']
    >>> cycle().stage("award").id
    'award'
    """
    return read_model(((root or data_dir()) / "toolkit" / "cycle.yaml").resolve(), Cycle)
