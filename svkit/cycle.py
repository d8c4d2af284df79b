"""The commissioning cycle (data/toolkit/cycle.yaml)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from svkit.content import SourceRef, Strict, read_model, register_schema
from svkit.paths import data_dir


class Stage(Strict):
    id: str = Field(pattern=r"^[a-z-]+$")
    name: str
    short: str = Field(max_length=24)  # fits inside the figure's circle
    description: str = Field(min_length=20)


class Cycle(Strict):
    source: SourceRef
    stages: list[Stage] = Field(min_length=3)

    def stage(self, stage_id: str) -> Stage:
        for s in self.stages:
            if s.id == stage_id:
                return s
        raise KeyError(stage_id)


register_schema("toolkit/cycle.yaml", Cycle)


def cycle(root: Path | None = None) -> Cycle:
    """The five stages of the commissioning cycle, in order."""
    return read_model(((root or data_dir()) / "toolkit" / "cycle.yaml").resolve(), Cycle)
