"""Lotting: who can bid when a contract is split into lots.

The turnover test: a bidder needs a yearly turnover of at least
``turnover_multiple`` x the lot's annual value (default 2x: the cap in PCR 2015
reg 58(9), carried into the Procurement Act 2023 regime by SI 2023/1348
Sch 16 para 3(3)). Splitting a contract into smaller lots lowers the bar.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from svkit.paths import data_dir

ORGANISATION_TYPES = ("large", "sme", "vcse", "coop")
DEFAULT_TURNOVER_MULTIPLE = 2.0

#: How the synthetic supplier population is drawn: share of organisations and
#: the median and spread (log-normal sigma) of yearly turnover, £.
POPULATION = {
    "large": {"share": 0.05, "median": 60_000_000, "sigma": 1.0},
    "sme": {"share": 0.60, "median": 900_000, "sigma": 1.3},
    "vcse": {"share": 0.25, "median": 250_000, "sigma": 1.4},
    "coop": {"share": 0.10, "median": 400_000, "sigma": 1.3},
}
SEED = 2025
POPULATION_SIZE = 400


class SuppliersError(ValueError):
    """A suppliers file has problems; ``problems`` lists each as (row, column, what is wrong)."""

    def __init__(self, problems: list[tuple[int | None, str | None, str]]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the suppliers file")


def lot_values(annual_value: float, lots: int | Sequence[float]) -> np.ndarray:
    """Annual value of each lot, £: ``lots`` equal lots, or the given unequal values."""
    if not math.isfinite(annual_value) or annual_value <= 0:
        raise ValueError("The contract's annual value must be above £0.")
    if isinstance(lots, (int, np.integer)) and not isinstance(lots, bool):
        if not 1 <= lots <= 12:
            raise ValueError("Choose between 1 and 12 lots.")
        return np.full(int(lots), annual_value / lots)
    values = np.asarray(list(lots), dtype=float)
    if values.size == 0 or not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ValueError("Every lot needs a value above £0.")
    if abs(values.sum() - annual_value) > 1e-6 * annual_value:
        raise ValueError(f"The lots add up to £{values.sum():,.0f}, not the contract's £{annual_value:,.0f} a year.")
    return values


def eligible(suppliers: pd.DataFrame, annual_value: float, lots: int | Sequence[float],
             turnover_multiple: float = DEFAULT_TURNOVER_MULTIPLE) -> pd.DataFrame:
    """How many organisations of each type pass the turnover test for at least one lot.

    Returns a frame indexed by organisation type with ``eligible``, ``total`` and
    ``share`` (eligible / total) columns.
    """
    if not math.isfinite(turnover_multiple) or turnover_multiple < 0:
        raise ValueError("The turnover multiple must be zero or more.")
    smallest = lot_values(annual_value, lots).min()
    passes = suppliers["turnover"].to_numpy(dtype=float) >= turnover_multiple * smallest
    table = pd.DataFrame({"type": suppliers["organisation_type"].to_numpy(), "eligible": passes})
    counts = table.groupby("type")["eligible"].agg(["sum", "count"]).reindex(ORGANISATION_TYPES, fill_value=0)
    result = pd.DataFrame({"eligible": counts["sum"].astype(int), "total": counts["count"].astype(int)})
    result["share"] = np.where(result["total"] > 0, result["eligible"] / result["total"].where(result["total"] > 0, 1), 0.0)
    result.index.name = "organisation_type"
    return result


def synthetic_suppliers(seed: int = SEED, size: int = POPULATION_SIZE) -> pd.DataFrame:
    """The synthetic local supplier population (how data/suppliers/local.csv was made)."""
    rng = np.random.default_rng(seed)
    kinds = list(POPULATION)
    shares = np.array([POPULATION[k]["share"] for k in kinds])
    types = rng.choice(kinds, size=size, p=shares / shares.sum())
    turnover = np.array([
        rng.lognormal(math.log(POPULATION[t]["median"]), POPULATION[t]["sigma"]) for t in types
    ])
    return pd.DataFrame({
        "name": [f"Organisation {i:03d}" for i in range(1, size + 1)],
        "organisation_type": types,
        "turnover": np.round(turnover, -3),
    })


def load_suppliers(source: str | Path | bytes) -> pd.DataFrame:
    """Read and check a suppliers CSV: name, organisation_type, turnover (£, 0 or more)."""
    raw = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise SuppliersError([(None, None, f"the file could not be read as CSV ({exc})")])
    problems: list[tuple[int | None, str | None, str]] = []
    for col in ("name", "organisation_type", "turnover"):
        if col not in frame.columns:
            problems.append((None, col, "this column is missing"))
    if problems:
        raise SuppliersError(problems)
    values = []
    for i, (kind, cell) in enumerate(zip(frame["organisation_type"], frame["turnover"]), start=2):
        if kind not in ORGANISATION_TYPES:
            problems.append((i, "organisation_type", f"'{kind}' should be one of {', '.join(ORGANISATION_TYPES)}"))
        try:
            value = float(cell)
        except ValueError:
            problems.append((i, "turnover", f"'{cell}' is not a number"))
            continue
        if not math.isfinite(value) or value < 0:
            problems.append((i, "turnover", "turnover must be £0 or more"))
        values.append(value)
    if problems:
        raise SuppliersError(problems)
    frame["turnover"] = values
    return frame


def suppliers(root: Path | None = None) -> pd.DataFrame:
    """The shipped synthetic population (data/suppliers/local.csv)."""
    return load_suppliers((root or data_dir()) / "suppliers" / "local.csv")
