"""Lotting: who can bid when a contract is split into lots.

The turnover test: a bidder needs a yearly turnover of at least
``turnover_multiple`` x the lot's annual value. The default is the common practice
(``turnover_rule.practice_multiple`` in ``data/lots/example-contract.yaml``, with its
rationale and sources; :func:`practice_multiple`), not the law. The legal cap (PCR 2015 reg 58(9); for the
Procurement Act 2023 regime see ``data/lots/example-contract.yaml``) is twice the
lot's *estimated contract value* over its whole term: :func:`legal_turnover_cap`.
Splitting a contract into smaller lots lowers the bar.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from pydantic import Field

from svkit.content import SourceRef, Strict, data_file, register_schema
from svkit.paths import data_dir

ORGANISATION_TYPES = ("large", "sme", "vcse", "coop")

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
    """Annual value of each lot, £: ``lots`` equal lots, or the given unequal values.

    Parameters
    ----------
    annual_value : float
        The contract's value, £ a year (above 0).
    lots : int or sequence of float
        How many equal lots (1 to 12), or each lot's value, £ a year (adding up to ``annual_value``).

    Returns
    -------
    numpy.ndarray
        Each lot's value, £ a year. Bad input raises ``ValueError`` with a plain message.

    Examples
    --------
    >>> lot_values(100_000, 4).tolist()  # 100,000 / 4
    [25000.0, 25000.0, 25000.0, 25000.0]
    >>> lot_values(100_000, [60_000, 40_000]).tolist()
    [60000.0, 40000.0]
    >>> lot_values(100_000, [60_000, 30_000])
    Traceback (most recent call last):
    ...
    ValueError: The lots add up to £90,000, not the contract's £100,000 a year.
    """
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
             turnover_multiple: float | None = None) -> pd.DataFrame:
    """How many organisations of each type pass the turnover test for at least one lot.

    An organisation passes when its turnover is at least ``turnover_multiple`` x the smallest lot's
    annual value.

    Parameters
    ----------
    suppliers : DataFrame
        Columns ``organisation_type`` (one of :data:`ORGANISATION_TYPES`) and ``turnover`` (£ a year).
    annual_value : float
        The contract's value, £ a year.
    lots : int or sequence of float
        As for :func:`lot_values`.
    turnover_multiple : float, optional
        The turnover asked for, as a multiple of a lot's annual value (default: the common practice,
        :func:`practice_multiple`).

    Returns
    -------
    DataFrame
        Indexed by organisation type, with ``eligible``, ``total`` and ``share`` (eligible / total,
        0-1) columns.

    Examples
    --------
    >>> import pandas as pd
    >>> firms = pd.DataFrame({"name": ["a", "b", "c", "d"], "organisation_type": ["sme", "sme", "large", "vcse"],
    ...                       "turnover": [150_000, 90_000, 5_000_000, 60_000]})  # £ a year
    >>> table = eligible(firms, 200_000, 4)  # lots of £50,000: a turnover of £100,000 passes
    >>> table["eligible"].to_dict()
    {'large': 1, 'sme': 1, 'vcse': 0, 'coop': 0}
    >>> table["share"].to_dict()  # 1 of 2 SMEs
    {'large': 1.0, 'sme': 0.5, 'vcse': 0.0, 'coop': 0.0}
    """
    if turnover_multiple is None:
        turnover_multiple = practice_multiple()
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


SPLITS = ("one", "area", "service")
SPLIT_NAMES = {"one": "One lot", "area": "By area (equal lots)", "service": "By service line"}


class ServiceLine(Strict):
    name: str = Field(min_length=3)
    share: float = Field(gt=0)  # share of the annual value, in any units (normalised)


class Point(Strict):
    text: str = Field(min_length=20)
    source: SourceRef


class TurnoverRule(Strict):
    """The legal cap on a turnover requirement, and the common practice, each with its basis."""

    legal_cap_multiple: float = Field(gt=0)  # x the estimated contract value (whole term)
    legal_cap_basis: str = Field(pattern=r"^estimated contract value$")
    legal: str = Field(min_length=40)
    practice_multiple: float = Field(gt=0)  # x the annual value
    practice_basis: str = Field(pattern=r"^annual value$")
    practice: str = Field(min_length=40)
    sources: list[SourceRef] = Field(min_length=2)
    confidence: str = Field(min_length=20)


class ExampleContract(Strict):
    title: str = Field(min_length=5)
    annual_value: float = Field(gt=0)
    years: int = Field(ge=1, le=25)
    service_lines: list[ServiceLine] = Field(min_length=12, max_length=12)
    gains: list[Point] = Field(min_length=1)
    costs: list[Point] = Field(min_length=1)
    turnover_rule: TurnoverRule


register_schema("lots/*.yaml", ExampleContract)


def legal_turnover_cap(lot_annual_value: float, years: float, rule: TurnoverRule) -> float:
    """The most yearly turnover the law lets a council ask of a bidder for one lot, £.

    Parameters
    ----------
    lot_annual_value : float
        The lot's value, £ a year.
    years : float
        The contract's length, years; the estimated contract value is annual value x years.
    rule : TurnoverRule
        The sourced rule (``example_contract().turnover_rule``): cap = ``legal_cap_multiple`` x
        the estimated contract value.

    Returns
    -------
    float
        The cap, £ of yearly turnover.

    Examples
    --------
    >>> rule = example_contract().turnover_rule
    >>> rule.legal_cap_multiple
    2.0
    >>> legal_turnover_cap(100_000, 4, rule)  # 2 x (£100,000 x 4 years)
    800000.0
    """
    if not (math.isfinite(lot_annual_value) and lot_annual_value > 0 and math.isfinite(years) and years > 0):
        raise ValueError("The lot's annual value and the contract's length must be above 0.")
    return rule.legal_cap_multiple * lot_annual_value * years


def above_legal_cap(turnover_multiple: float, years: float, rule: TurnoverRule) -> bool:
    """Whether asking ``turnover_multiple`` x the annual value goes beyond the legal cap.

    The same for every lot, since both scale with the lot's value.

    Parameters
    ----------
    turnover_multiple : float
        The turnover asked for, as a multiple of a lot's annual value.
    years : float
        The contract's length, years.
    rule : TurnoverRule
        The sourced rule (``example_contract().turnover_rule``).

    Returns
    -------
    bool
        True when ``turnover_multiple`` is above ``legal_cap_multiple`` x ``years``.

    Examples
    --------
    >>> rule = example_contract().turnover_rule
    >>> above_legal_cap(2, 4, rule), above_legal_cap(10, 4, rule)  # the cap is 2 x 4 = 8 x annual value
    (False, True)
    """
    return turnover_multiple > rule.legal_cap_multiple * years


example_contract = data_file("lots/example-contract.yaml", ExampleContract)


def practice_multiple(root: Path | None = None) -> float:
    """The turnover most councils ask for, as a multiple of a lot's annual value: the common practice
    the lotting exercise starts from (``turnover_rule.practice_multiple`` in
    ``data/lots/example-contract.yaml``, with its rationale and sources), not the legal cap.

    Parameters
    ----------
    root : Path, optional
        The data folder (default: the kit's ``data/``).

    Returns
    -------
    float
        The multiple of a lot's annual value.

    Examples
    --------
    >>> practice_multiple() == example_contract().turnover_rule.practice_multiple
    True
    """
    return example_contract(root).turnover_rule.practice_multiple


def split_values(annual_value: float, split: str, lots: int,
                 service_lines: Sequence[tuple[str, float]] = ()) -> list[tuple[str, float]]:
    """Name and annual value of each lot when the contract is split ``split`` ways into ``lots``.

    Parameters
    ----------
    annual_value : float
        The contract's value, £ a year.
    split : str
        ``one``: a single lot; ``area``: equal lots; ``service``: the ``lots - 1`` largest service
        lines each become a lot and the rest are bundled into one.
    lots : int
        How many lots, 1 to 12.
    service_lines : sequence of (str, float)
        For ``service``: each line's name and share; shares are normalised, so the lots always add
        up to ``annual_value``.

    Returns
    -------
    list of (str, float)
        Each lot's name and value, £ a year.

    Examples
    --------
    >>> split_values(90_000, "area", 3)
    [('Area 1', 30000.0), ('Area 2', 30000.0), ('Area 3', 30000.0)]
    >>> split_values(100.0, "service", 2, [("Meals", 0.5), ("Care", 0.3), ("Transport", 0.2)])
    [('Meals', 50.0), ('Other services (2 lines)', 50.0)]
    """
    if split not in SPLITS:
        raise ValueError(f"Unknown split '{split}'; use one of {', '.join(SPLITS)}.")
    if isinstance(lots, bool) or not isinstance(lots, (int, np.integer)) or not 1 <= lots <= 12:
        raise ValueError("Choose between 1 and 12 lots.")
    if not math.isfinite(annual_value) or annual_value <= 0:
        raise ValueError("The contract's annual value must be above £0.")
    if split == "one" or lots == 1:
        return [("Whole contract", float(annual_value))]
    if split == "area":
        return [(f"Area {i}", annual_value / lots) for i in range(1, lots + 1)]
    lines = sorted(service_lines, key=lambda line: -line[1])
    if len(lines) < lots:
        raise ValueError(f"There are only {len(lines)} service lines to split into lots.")
    total = sum(share for _, share in lines)
    if not total > 0:
        raise ValueError("The service lines need shares above 0.")
    own = [(name, annual_value * share / total) for name, share in lines[: lots - 1]]
    rest = lines[lots - 1:]
    rest_value = annual_value - sum(v for _, v in own)
    rest_name = rest[0][0] if len(rest) == 1 else f"Other services ({len(rest)} lines)"
    return own + [(rest_name, rest_value)]


def eligible_by_lots(suppliers: pd.DataFrame, annual_value: float, split: str,
                     turnover_multiple: float | None = None,
                     service_lines: Sequence[tuple[str, float]] = (), max_lots: int = 12) -> pd.DataFrame:
    """Organisations of each type that can bid for at least one lot, for 1 to ``max_lots`` lots.

    Parameters
    ----------
    suppliers : DataFrame
        As for :func:`eligible`.
    annual_value : float
        The contract's value, £ a year.
    split : str
        ``one``, ``area`` or ``service`` (see :func:`split_values`).
    turnover_multiple : float, optional
        As for :func:`eligible` (default: the common practice, :func:`practice_multiple`).
    service_lines : sequence of (str, float)
        For ``service``: each line's name and share.
    max_lots : int
        The most lots tried (12).

    Returns
    -------
    DataFrame
        Index: number of lots; columns: organisation types, plus ``all``.

    Examples
    --------
    >>> import pandas as pd
    >>> firms = pd.DataFrame({"name": ["a", "b", "c", "d"], "organisation_type": ["sme", "sme", "large", "vcse"],
    ...                       "turnover": [150_000, 90_000, 5_000_000, 60_000]})  # £ a year
    >>> eligible_by_lots(firms, 100_000, "area", max_lots=2)["all"].to_dict()  # need £200,000, then £100,000
    {1: 1, 2: 2}
    """
    rows = {}
    for n in range(1, max_lots + 1):
        values = [v for _, v in split_values(annual_value, "one" if split == "one" else split, n, service_lines)]
        rows[n] = eligible(suppliers, annual_value, values if len(values) > 1 else 1, turnover_multiple)["eligible"]
    table = pd.DataFrame(rows).T
    table.index.name = "lots"
    table["all"] = table[list(ORGANISATION_TYPES)].sum(axis=1)
    return table


def synthetic_suppliers(seed: int = SEED, size: int = POPULATION_SIZE) -> pd.DataFrame:
    """The synthetic local supplier population (how data/suppliers/local.csv was made).

    Parameters
    ----------
    seed : int
        The random seed (the shipped file's: :data:`SEED`).
    size : int
        How many organisations.

    Returns
    -------
    DataFrame
        ``name``, ``organisation_type`` and ``turnover`` (£ a year, to the nearest £1,000), drawn
        from a log-normal per type.

    Examples
    --------
    >>> synthetic_suppliers(size=3)["name"].tolist()
    ['Organisation 001', 'Organisation 002', 'Organisation 003']
    >>> synthetic_suppliers(size=3).equals(synthetic_suppliers(size=3))  # the same seed, the same population
    True
    """
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
    r"""Read and check a suppliers CSV: name, organisation_type, turnover (£, 0 or more).

    Parameters
    ----------
    source : str, Path or bytes
        A path to the CSV, or its bytes (an upload).

    Returns
    -------
    DataFrame
        The rows, turnover as float (£ a year). Problems raise :class:`SuppliersError`, listing
        (row, column, message) for each.

    Examples
    --------
    >>> load_suppliers(b"name,organisation_type,turnover\nA,sme,120000\n").to_dict("records")
    [{'name': 'A', 'organisation_type': 'sme', 'turnover': 120000.0}]
    >>> try:
    ...     load_suppliers(b"name,organisation_type,turnover\nA,shop,lots\n")
    ... except SuppliersError as e:
    ...     e.problems
    [(2, 'organisation_type', "'shop' should be one of large, sme, vcse, coop"), (2, 'turnover', "'lots' is not a number")]
    """
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
    """The shipped synthetic population (data/suppliers/local.csv).

    Parameters
    ----------
    root : Path, optional
        Where to find ``suppliers/local.csv`` (default: the kit's own ``data/`` folder).

    Returns
    -------
    DataFrame
        One row per organisation: name, organisation_type, turnover (£ a year), checked as
        :func:`load_suppliers` checks an upload.

    Examples
    --------
    >>> len(suppliers())
    400
    >>> suppliers().equals(load_suppliers(data_dir() / "suppliers" / "local.csv"))
    True
    """
    return load_suppliers((root or data_dir()) / "suppliers" / "local.csv")
