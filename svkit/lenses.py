"""The lens diagnostic: competition or collaboration, row by row.

The nine rows of the toolkit's comparison table live in
data/toolkit/lenses.yaml; a participant rates their situation on each row
from -1 (competition) to +1 (collaboration). :func:`diagnose` turns the
ratings into an overall position from -100 to +100 and a lens.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, model_validator

from svkit.content import SourceRef, Strict, data_file

#: The nine row ids, in the table's order (tests check data/ agrees).
ROW_IDS: tuple[str, ...] = (
    "motivation",
    "delivery",
    "requirements",
    "suitability",
    "incentive",
    "value-for-money",
    "use",
    "authority-role",
    "nature-of-value",
)
LENSES = ("competition", "mixed", "collaboration")


class LensRow(Strict):
    id: str
    aspect: str  # the table's left-hand column
    competition: str  # what the competition side says
    collaboration: str  # what the collaboration side says
    low: str = Field(min_length=5)  # slider's -1 end, in plain words
    high: str = Field(min_length=5)  # slider's +1 end, in plain words
    example: str = Field(min_length=20)


class Thresholds(Strict):
    competition: float = Field(lt=0, ge=-100)  # score at or below: competition
    collaboration: float = Field(gt=0, le=100)  # score at or above: collaboration
    reference_gap: float = Field(gt=0, le=2)  # a row whose rating differs from the reference by this much is named
    reference_rows: int = Field(ge=1, le=9)  # at most this many such rows are named, largest gap first
    reference_rationale: str = Field(min_length=20)


class LensTable(Strict):
    source: SourceRef
    thresholds: Thresholds
    explanations: dict[str, str]
    rows: list[LensRow]

    @model_validator(mode="after")
    def _rows_match_code(self):
        ids = tuple(r.id for r in self.rows)
        if ids != ROW_IDS:
            raise ValueError(f"rows must be {list(ROW_IDS)} in that order, found {list(ids)}")
        if set(self.explanations) != set(LENSES):
            raise ValueError(f"explanations must cover exactly {list(LENSES)}")
        return self


table = data_file("toolkit/lenses.yaml", LensTable, "The comparison table, thresholds and explanations from data/.")


@dataclass(frozen=True)
class Diagnosis:
    """Where a situation sits between the two lenses."""

    score: float  # -100 (competition) .. +100 (collaboration): the mean rating x 100
    per_row: dict[str, float]  # each row's rating, -1 .. +1
    lens: str  # 'competition', 'mixed' or 'collaboration'
    explanation: str  # plain English, with where to go next in the kit


def _validated(ratings: Mapping[str, float]) -> dict[str, float]:
    unknown = sorted(set(ratings) - set(ROW_IDS))
    if unknown:
        raise ValueError(f"Unknown row '{unknown[0]}'.")
    checked = {}
    for row in ROW_IDS:
        if row not in ratings:
            raise ValueError(f"Row '{row}' has no rating.")
        value = ratings[row]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"Row '{row}' needs a number between -1 and 1.")
        if not -1 <= value <= 1:
            raise ValueError(f"Row '{row}' is {value}; ratings run from -1 to 1.")
        checked[row] = float(value)
    return checked


def diagnose(ratings: Mapping[str, float], lens_table: LensTable | None = None) -> Diagnosis:
    """Turn nine ratings into an overall position and a lens.

    Parameters
    ----------
    ratings : mapping of str to float
        One rating per row id in :data:`ROW_IDS`, each from -1 (competition) to +1 (collaboration).
    lens_table : LensTable, optional
        Thresholds and explanations (default: :func:`table`).

    Returns
    -------
    Diagnosis
        ``score``: the mean rating x 100, from -100 to +100; the lens it lands on (competition at or
        below the competition threshold, collaboration at or above the collaboration threshold,
        mixed between) and that lens's explanation.

    Raises
    ------
    ValueError
        Naming the row, when a rating is missing, unknown, not a finite number or outside [-1, 1].

    Examples
    --------
    >>> d = diagnose({row: 0.0 for row in ROW_IDS})
    >>> d.score, d.lens
    (0.0, 'mixed')
    >>> leaning = {row: 0.0 for row in ROW_IDS} | {"motivation": 1.0, "delivery": 1.0}
    >>> d = diagnose(leaning)  # 100 x (1 + 1) / 9 = 22.2, past the +20 threshold
    >>> round(d.score, 1), d.lens
    (22.2, 'collaboration')
    """
    per_row = _validated(ratings)
    t = lens_table or table()
    score = round(100 * sum(per_row.values()) / len(per_row), 9)  # no float dust at the thresholds
    if score <= t.thresholds.competition:
        lens = "competition"
    elif score >= t.thresholds.collaboration:
        lens = "collaboration"
    else:
        lens = "mixed"
    return Diagnosis(score=score, per_row=per_row, lens=lens, explanation=t.explanations[lens])


def compare(a: Mapping[str, float], b: Mapping[str, float]) -> list[tuple[str, float]]:
    """How two sets of ratings differ, row by row, largest difference first.

    Parameters
    ----------
    a, b : mapping of str to float
        Ratings (-1 to +1) for every row id in :data:`ROW_IDS`: say the trainer's and the participant's.

    Returns
    -------
    list of (str, float)
        ``(row_id, b - a)`` for every row, largest difference first (ties in table order).

    Examples
    --------
    >>> a = {row: 0.0 for row in ROW_IDS}
    >>> b = a | {"requirements": 0.5, "motivation": -0.25}
    >>> compare(a, b)[:3]
    [('requirements', 0.5), ('motivation', -0.25), ('delivery', 0.0)]
    """
    first, second = _validated(a), _validated(b)
    diffs = [(row, second[row] - first[row]) for row in ROW_IDS]
    return sorted(diffs, key=lambda pair: -abs(pair[1]))
