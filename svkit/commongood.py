"""The prototype 'Common Good' framework (exercise 4-3): a supplier framework against five pillars.

The pillars are Mazzucato's five pillars for the common good, which the toolkit cites for its
prototype (``data/enabling/common-good.yaml`` holds the full reference). :func:`assess` takes a
score per pillar and returns the total, the weak pillars and the design suggestions for them,
each suggestion with its toolkit source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from pydantic import Field, model_validator

from svkit.content import RatingScale, SourceRef, Strict, data_file
from svkit.export import Record


class Scale(RatingScale):
    weak_below: int

    @model_validator(mode="after")
    def _weak_inside(self):
        if not self.min < self.weak_below <= self.max:
            raise ValueError("weak_below must sit inside the scale")
        return self


class Pillar(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    meaning: str = Field(min_length=20)
    prompts: list[str] = Field(min_length=1)


class Example(Strict):
    id: str
    name: str
    summary: str = Field(min_length=40)
    facts: dict[str, str]
    reference_scores: dict[str, int]


class Suggestion(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    pillar: str
    text: str = Field(min_length=20)
    source: SourceRef


class Framework(Strict):
    citation: SourceRef
    toolkit_source: SourceRef
    scale: Scale
    pillars: list[Pillar] = Field(min_length=5, max_length=5)
    example: Example
    suggestions: list[Suggestion] = Field(min_length=5)

    @model_validator(mode="after")
    def _consistent(self):
        ids = {p.id for p in self.pillars}
        for name, keys in (("example facts", self.example.facts), ("reference scores", self.example.reference_scores)):
            if set(keys) != ids:
                raise ValueError(f"{name} must cover exactly the pillars {sorted(ids)}")
        if any(not self.scale.min <= v <= self.scale.max for v in self.example.reference_scores.values()):
            raise ValueError("reference scores must be on the scale")
        orphans = [s.id for s in self.suggestions if s.pillar not in ids]
        if orphans:
            raise ValueError(f"suggestions {orphans} name an unknown pillar")
        missing = ids - {s.pillar for s in self.suggestions}
        if missing:
            raise ValueError(f"pillars {sorted(missing)} have no suggestion")
        return self

    def pillar(self, pillar_id: str) -> Pillar:
        return next(p for p in self.pillars if p.id == pillar_id)


framework = data_file("enabling/common-good.yaml", Framework,
                       "The Common Good framework: five pillars, the scoring scale (0 to 4, weak below 3) "
                       "and the suggestions for each weak pillar, with their sources.")


@dataclass(frozen=True)
class Assessment:
    scores: dict[str, int | None]  # pillar id -> score, None when not scored yet
    total: int  # of the scored pillars
    out_of: int  # the most the scored pillars could reach
    unscored: tuple[str, ...]
    weak: tuple[str, ...]  # scored below the scale's weak_below, in pillar order
    suggestions: tuple[Suggestion, ...]  # for the weak pillars, in table order

    @property
    def complete(self) -> bool:
        return not self.unscored


def assess(scores: Mapping[str, int | None], table: Framework | None = None) -> Assessment:
    """Total, weak pillars and suggestions for one framework's scores.

    Parameters
    ----------
    scores : mapping of str to int or None
        A score (0 to 4) per pillar id; None or an absent pillar is not scored yet.
    table : Framework, optional
        Pillars and scale (default: :func:`framework`).

    Returns
    -------
    Assessment
        The total out of 4 x the pillars scored, the unscored and weak pillars (scored below 3) and
        the suggestions for the weak ones. An unknown pillar or a score off the scale raises
        ``ValueError``.

    Examples
    --------
    >>> a = assess({"purpose": 4, "co-creation": 2, "learning": 3})
    >>> a.total, a.out_of  # 4 + 2 + 3 of 3 pillars x 4
    (9, 12)
    >>> a.weak, a.unscored
    (('co-creation',), ('access', 'transparency'))
    """
    table = table or framework()
    ids = [p.id for p in table.pillars]
    unknown = sorted(set(scores) - set(ids))
    if unknown:
        raise ValueError(f"Unknown pillar: {', '.join(unknown)}.")
    hi = table.scale.max
    clean = {p.id: None if scores.get(p.id) is None else table.scale.check(scores[p.id], p.name)
             for p in table.pillars}
    scored = {k: v for k, v in clean.items() if v is not None}
    weak = tuple(k for k, v in scored.items() if v < table.scale.weak_below)
    return Assessment(
        scores=clean,
        total=sum(scored.values()),
        out_of=hi * len(scored),
        unscored=tuple(k for k, v in clean.items() if v is None),
        weak=weak,
        suggestions=tuple(s for s in table.suggestions if s.pillar in weak),
    )


def record(name: str, scores: Mapping[str, int | None], reasons: Mapping[str, str], notes: str = "",
           table: Framework | None = None) -> Record:
    """The downloadable assessment: each pillar's score and reasoning, then the suggestions.

    Parameters
    ----------
    name : str
        The supplier framework assessed (blank: "a supplier framework").
    scores : mapping of str to int or None
        A score (0 to 4) per pillar id, as for :func:`assess`.
    reasons : mapping of str to str
        The participant's reasoning per pillar id.
    notes : str
        The participant's notes.
    table : Framework, optional
        Pillars and scale (default: :func:`framework`).

    Returns
    -------
    Record
        A document for :mod:`svkit.export`: one section per pillar, then the suggestions and notes.

    Examples
    --------
    >>> r = record("Care framework", {"purpose": 4, "co-creation": 2}, {"purpose": "A clear aim"})
    >>> r.title
    'Common Good framework check: Care framework'
    >>> r.facts[0]
    ('Total', '6 of 8 (3 pillars not scored)')
    """
    table = table or framework()
    a = assess(scores, table)
    sections = []
    for p in table.pillars:
        s = a.scores[p.id]
        score = "not scored" if s is None else f"{s} of {table.scale.max} ({table.scale.labels[s]})"
        sections.append((f"{p.name}: {score}", [p.meaning, f"My reasoning: {reasons.get(p.id, '').strip() or '(none written)'}"]))
    sections.append(("Suggested design changes", [f"{table.pillar(s.pillar).name}: {s.text} (Source: {s.source}.)"
                                                  for s in a.suggestions] or ["No pillar scored below "
                                                                              f"{table.scale.weak_below}."]))
    sections.append(("My notes", [notes]))
    return Record(
        title=f"Common Good framework check: {name.strip() or 'a supplier framework'}",
        facts=[("Total", f"{a.total} of {a.out_of}" + (f" ({len(a.unscored)} pillars not scored)" if a.unscored else "")),
               ("Weak pillars", ", ".join(table.pillar(w).name for w in a.weak) or "none")],
        sections=sections,
        footer=f"Made with svkit. Pillars: {table.citation}. The toolkit's prototype: {table.toolkit_source}.",
    )
