"""Session plans a trainer can run (data/sessions/plans.yaml), and docs/session-plans.md made from them.

Pure: data in, Markdown out. ``python -m svkit.sessionplans > docs/session-plans.md`` rewrites the
document; a test checks it is current and that every plan's blocks add up to its stated length.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from svkit import evaluation
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


class Plans(Strict):
    preparation: list[str] = Field(min_length=1)  # what the trainer prepares before any plan
    plans: list[Plan] = Field(min_length=1)


plans = data_file("sessions/plans.yaml", Plans)


def _clock(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h}:{m:02d}"


def _length(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return " ".join(p for p in (f"{h} h" if h else "", f"{m} min" if m else "") if p)


def markdown(table: Plans | None = None, ev: evaluation.Form | None = None) -> str:
    """docs/session-plans.md: each plan's preparation, timed blocks and evaluation.

    Parameters
    ----------
    table : Plans, optional
        The plans to write (default: :func:`plans`).
    ev : evaluation.Form, optional
        The before-and-after questions (default: :func:`svkit.evaluation.form`).

    Returns
    -------
    str
        Markdown, one section per plan; each block's start as h:mm from the session's start.

    Examples
    --------
    >>> text = markdown()
    >>> text.splitlines()[0]
    '# Session plans'
    >>> [line for line in text.splitlines() if line.startswith("## 90")]  # 90 minutes = 1 h 30 min
    ['## 90-minute taster (1 h 30 min)']
    """
    table = table or plans()
    ev = ev or evaluation.form()
    out = ["# Session plans", "",
           "Generated from `data/sessions/plans.yaml` by `python -m svkit.sessionplans > docs/session-plans.md`;",
           "edit the data, not this file. Times are from the start (0:00); each exercise's minutes include its",
           "debrief, when you put the room's panel on the projector (the console shows your notes beside it).", ""]
    prep = [f"- {p}" for p in table.preparation]
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
                f"### Evaluation ({ev.scale_words})",
                "Participants answer these in the kit's evaluation app (`00-evaluation`, linked from the start page):",
                "'Before we start' in the welcome block, 'At the end' in the last block. The console's evaluation",
                "panel shows the room before and after; the printed evaluation form (`svkit handouts`) asks the",
                "same questions on paper if the network fails.", "",
                *[f"{n}. {q.text}" for n, q in enumerate(ev.questions, 1)],
                "", "And at the end only:", *[f"- {q.text}" for q in ev.open], ""]
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(markdown(), end="")
