"""Session plans a trainer can run (data/sessions/plans.yaml), and docs/session-plans.md made from them.

Pure: data in, Markdown out. ``python -m svkit.sessionplans > docs/session-plans.md`` rewrites the
document; a test checks it is current and that every plan's blocks add up to its stated length.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from svkit.content import Strict, data_file


class Block(Strict):
    title: str = Field(min_length=3)
    minutes: int = Field(gt=0)  # minutes, debrief included
    kind: Literal["teach", "exercise", "discussion", "break", "evaluation"]
    apps: list[str] = Field(default_factory=list)  # app labels ('2-2') or lesson names ('01-fundamentals')
    debrief: str = ""  # what the trainer puts on the screen and asks


class Plan(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str
    audience: str
    minutes: int = Field(gt=0)  # the plan's stated length, breaks included
    objectives: list[str] = Field(min_length=1)
    blocks: list[Block] = Field(min_length=2)

    @model_validator(mode="after")
    def _ends_with_evaluation(self):
        if self.blocks[-1].kind != "evaluation":
            raise ValueError(f"plan {self.id} must end with an evaluation block")
        return self

    @property
    def total(self) -> int:
        """The blocks' minutes added up."""
        return sum(b.minutes for b in self.blocks)


class Evaluation(Strict):
    scale: str
    questions: list[str] = Field(min_length=1)  # asked before and after
    open: list[str] = Field(default_factory=list)  # asked after only


class Plans(Strict):
    preparation: list[str] = Field(min_length=1)  # what the trainer prepares before any plan
    evaluation: Evaluation
    plans: list[Plan] = Field(min_length=1)


plans = data_file("sessions/plans.yaml", Plans)


def _clock(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h}:{m:02d}"


def _length(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return " ".join(p for p in (f"{h} h" if h else "", f"{m} min" if m else "") if p)


def markdown(table: Plans | None = None) -> str:
    """docs/session-plans.md: each plan's preparation, timed blocks and evaluation."""
    table = table or plans()
    out = ["# Session plans", "",
           "Generated from `data/sessions/plans.yaml` by `python -m svkit.sessionplans > docs/session-plans.md`;",
           "edit the data, not this file. Times are from the start (0:00); each exercise's minutes include its",
           "debrief, when you put the room's panel on the projector (the console shows your notes beside it).", ""]
    prep = [f"- {p}" for p in table.preparation]
    ev = table.evaluation
    for plan in table.plans:
        out += [f"## {plan.title} ({_length(plan.minutes)})", "", f"**For:** {plan.audience}", "",
                "**By the end, participants can:**", *[f"- {o}" for o in plan.objectives], "",
                "### Before the session: the trainer prepares", *prep, "",
                "### Blocks", "", "| Starts | Minutes | Block | Apps | Debrief |", "| --- | --- | --- | --- | --- |"]
        at = 0
        for b in plan.blocks:
            apps = ", ".join(f"`{a}`" for a in b.apps) or "-"
            title = f"*{b.title}*" if b.kind == "break" else b.title
            out.append(f"| {_clock(at)} | {b.minutes} | {title} | {apps} | {b.debrief or '-'} |")
            at += b.minutes
        out += [f"| {_clock(at)} | | End | | |", "",
                f"### Evaluation ({ev.scale})",
                "Ask these at the start and again at the end, on the printed evaluation form (`svkit handouts`; the",
                "kit has no evaluation app yet, so the answers are not in the console):", *[f"{n}. {q}" for n, q in enumerate(ev.questions, 1)],
                "", "And at the end only:", *[f"- {q}" for q in ev.open], ""]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(markdown(), end="")
