"""The commissioning cycle (data/toolkit/cycle.yaml)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from svkit.content import SourceRef, Strict, data_file


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


cycle = data_file("toolkit/cycle.yaml", Cycle, "The five stages of the commissioning cycle, in order.")
