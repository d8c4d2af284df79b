"""Values-driven selection panels (exercise 3-3): gates and relational qualities, aggregated.

:func:`panel_result` takes the panel's judgements in long form:

- ``gates``: columns ``provider``, ``gate``, ``member``, ``passed`` (bool): each member's
  pass/fail on each non-negotiable gate;
- ``scores``: columns ``provider``, ``quality``, ``member``, ``score`` (whole number 0-4).

A provider fails a gate when a majority of the members who judged it (more than half) fail it;
a tie passes. Each quality gets its median, lowest and highest score and the range; a range of
:data:`MODERATION_RANGE` or more is flagged for moderation, since members see it differently.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MODERATION_RANGE = 2
MAX_SCORE = 4


@dataclass(frozen=True)
class PanelResult:
    gates: pd.DataFrame  # index provider, one bool column per gate: True = passed
    failures: dict[str, list[str]]  # provider -> gates failed (every provider listed)
    qualities: pd.DataFrame  # provider, quality, median, low, high, range, flag
    flags: pd.DataFrame  # the rows of ``qualities`` flagged for moderation

    def median_total(self) -> pd.Series:
        """Sum of the quality medians per provider (out of 4 x qualities), best first."""
        return self.qualities.groupby("provider", sort=False)["median"].sum().sort_values(ascending=False,
                                                                                           kind="stable")


def _need(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"The {name} table needs the column(s) {', '.join(missing)}.")


def panel_result(gates: pd.DataFrame, scores: pd.DataFrame) -> PanelResult:
    """Gate outcomes by majority, and median, range and moderation flags per quality."""
    _need(gates, ("provider", "gate", "member", "passed"), "gates")
    _need(scores, ("provider", "quality", "member", "score"), "scores")
    if not gates["passed"].map(lambda v: isinstance(v, (bool, np.bool_))).all():
        raise ValueError("Each gate judgement must be a pass (True) or a fail (False).")
    values = scores["score"]
    whole = values.map(lambda v: isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)))
    if not whole.all() or not values[whole].between(0, MAX_SCORE).all():
        raise ValueError(f"Each score must be a whole number from 0 to {MAX_SCORE}.")
    if gates.duplicated(["provider", "gate", "member"]).any() or scores.duplicated(["provider", "quality", "member"]).any():
        raise ValueError("A member has judged the same provider on the same item twice.")

    fails = gates.assign(failed=~gates["passed"].astype(bool))
    counted = fails.groupby(["provider", "gate"], sort=False)["failed"].agg(["sum", "count"])
    passed = ~(counted["sum"] * 2 > counted["count"])
    gate_table = passed.unstack("gate")
    providers = list(dict.fromkeys([*gates["provider"], *scores["provider"]]))
    gate_table = gate_table.reindex(providers)
    failures = {p: [g for g, ok in gate_table.loc[p].items() if not pd.isna(ok) and not bool(ok)] for p in providers}

    grouped = scores.groupby(["provider", "quality"], sort=False)["score"]
    qualities = grouped.agg(median="median", low="min", high="max").reset_index()
    qualities["range"] = qualities["high"] - qualities["low"]
    qualities["flag"] = qualities["range"] >= MODERATION_RANGE
    return PanelResult(gate_table, failures, qualities, qualities[qualities["flag"]].reset_index(drop=True))
