"""The five mindset shifts (exercise 4-2): a self-assessment and its profile.

Ratings run from the scale's minimum (firmly at the starting end, 'neutral') to its maximum
(firmly at the far end, 'intentional'), one per shift, keyed by the shift ids in
``data/enabling/mindset.yaml``. :func:`profile` checks them and says where the participant stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from pydantic import Field

from svkit.content import RatingScale, SourceRef, Strict, data_file


class Shift(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    from_: str = Field(alias="from")
    to: str
    from_text: str = Field(min_length=20)
    to_text: str = Field(min_length=20)
    source: SourceRef
    steps: dict[str, str]  # role id -> a suggested next step

    @property
    def name(self) -> str:
        return f"{self.from_} to {self.to}"


class Role(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str


class Roles(Strict):
    roles: list[Role] = Field(min_length=1)


class Mindset(Strict):
    scale: RatingScale
    shifts: list[Shift] = Field(min_length=1)


_roles = data_file("enabling/roles.yaml", Roles, "The roles a participant can say they hold, as read.")


def _a_step_for_each_role(table: Mindset, root: Path | None) -> None:
    role_ids = {r.id for r in _roles(root).roles}
    for s in table.shifts:
        if set(s.steps) != role_ids:
            raise ValueError(f"shift {s.id} needs a step for each role: {sorted(role_ids)}")


shifts = data_file("enabling/mindset.yaml", Mindset,
                   "The five mindset shifts (from a starting end to a far end), each with a step for every role, "
                   "and their rating scale, whole numbers 1 to 5.", check=_a_step_for_each_role)


def roles(root: Path | None = None) -> list[Role]:
    """The roles a participant can say they hold (``data/enabling/roles.yaml``).

    Parameters
    ----------
    root : Path, optional
        The data folder (default: the kit's ``data/``), read as :func:`shifts` reads it.

    Returns
    -------
    list of Role
        Each role's id and name.

    Examples
    --------
    >>> len(roles())
    4
    """
    return list(_roles(root).roles)


@dataclass(frozen=True)
class Profile:
    """Where a participant stands on each shift."""

    ratings: dict[str, int]  # in the table's order
    mean: float
    lowest: tuple[str, ...]  # the shifts rated lowest (where one step would move furthest)
    highest: tuple[str, ...]
    share: float  # how far along the whole scale, 0 (all at the start) to 1 (all at the far end)


def profile(ratings: Mapping[str, int], table: Mindset | None = None) -> Profile:
    """Check ``ratings`` (one whole number per shift id) and summarise them.

    Parameters
    ----------
    ratings : mapping of str to int
        A rating on the scale (1 to 5) for every shift id.
    table : Mindset, optional
        The shifts and scale (default: :func:`shifts`).

    Returns
    -------
    Profile
        The ratings, their mean, the lowest and highest shifts, and ``share``: the mean's place on
        the scale, 0 (all at the starting end) to 1 (all at the far end). A missing shift, an
        unknown id or a value off the scale raises ``ValueError``.

    Examples
    --------
    >>> p = profile({"intentional": 1, "uncertainty": 2, "relational": 3, "leadership": 4, "do-with": 5})
    >>> p.mean, p.share  # (1+2+3+4+5)/5 = 3; (3-1)/(5-1) = 0.5
    (3.0, 0.5)
    >>> p.lowest, p.highest
    (('intentional',), ('do-with',))
    """
    table = table or shifts()
    ids = [s.id for s in table.shifts]
    unknown = sorted(set(ratings) - set(ids))
    if unknown:
        raise ValueError(f"Unknown shift: {', '.join(unknown)}.")
    missing = [s.name for s in table.shifts if s.id not in ratings or ratings[s.id] is None]
    if missing:
        raise ValueError(f"Rate every shift first; still to rate: {', '.join(missing)}.")
    lo, hi = table.scale.min, table.scale.max
    clean = {s.id: table.scale.check(ratings[s.id], s.name) for s in table.shifts}
    values = list(clean.values())
    mean = sum(values) / len(values)
    return Profile(
        ratings=clean,
        mean=mean,
        lowest=tuple(k for k, v in clean.items() if v == min(values)),
        highest=tuple(k for k, v in clean.items() if v == max(values)),
        share=(mean - lo) / (hi - lo),
    )
