"""Tender evaluation: price scoring, weighted totals, the winner map, bid loading.

Pure functions on pandas/NumPy data; the tender lab (exercise 2-2) draws on them.
Every score is out of 100 before weighting; a weight is a share of 100 marks.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import Field

from svkit.content import Strict, data_file, read_model, register_schema
from svkit.paths import data_dir

WEIGHT_KEYS = ("price", "quality", "social_value")
PRICE_METHODS = ("relative", "linear")
SV_APPROACHES = ("menu", "embedded")
ORGANISATION_TYPES = ("large", "sme", "vcse", "coop")
MAX_MARKS = 100.0
UPLOAD_LIMIT_BYTES = 5_000_000  # the lab's stated upload limit: 5 MB


class Limits(Strict):
    """How much the lab will take (data/tenders/limits.yaml, each with its rationale)."""

    max_bids: int = Field(gt=0)  # rows (bids) in one bid set
    max_bids_rationale: str
    weight_tolerance: float = Field(ge=0, lt=1)  # percentage points either side of 100
    weight_tolerance_rationale: str


limits = data_file("tenders/limits.yaml", Limits, "The lab's limits from data/tenders/limits.yaml.")


def check_bid_count(count: int) -> None:
    """Refuse a bid set larger than the lab's limit, with a message a participant can act on.

    Parameters
    ----------
    count : int
        How many bids.

    Returns
    -------
    None

    Examples
    --------
    >>> check_bid_count(12)
    >>> check_bid_count(1_000)
    Traceback (most recent call last):
    ...
    ValueError: These bids have 1,000 rows; the lab takes up to 200 bids (a real tender has tens). Split the file or keep the bids you want to compare.
    """
    most = limits().max_bids
    if count > most:
        raise ValueError(f"These bids have {count:,} rows; the lab takes up to {most:,} bids (a real tender has "
                         "tens). Split the file or keep the bids you want to compare.")


# -- the illustrative menu ------------------------------------------------------
class MenuItem(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    label: str
    proxy_value: float = Field(gt=0)  # £ per unit claimed
    relevance: str = Field(pattern=r"^(high|medium|low)$")


class Menu(Strict):
    name: str
    illustrative: bool  # always true: this is not the National TOMs
    unit_of_value: str
    items: list[MenuItem] = Field(min_length=1)


register_schema("menus/*.yaml", Menu)


def menu(name: str = "illustrative", root: Path | None = None) -> Menu:
    """A social value menu from data/menus/.

    Parameters
    ----------
    name : str
        The menu's file stem (``illustrative``).
    root : Path, optional
        The data folder (default: the kit's ``data/``).

    Returns
    -------
    Menu
        Each item's id, unit, £ proxy value per unit and relevance to the contract.

    Examples
    --------
    >>> [(i.id, i.proxy_value) for i in menu().items][:2]  # £ per job, £ per apprenticeship week
    [('local-jobs', 25000.0), ('apprenticeships', 250.0)]
    """
    return read_model(((root or data_dir()) / "menus" / f"{name}.yaml").resolve(), Menu)


# -- scoring --------------------------------------------------------------------
def price_scores(prices: Sequence[float], method: str = "relative", max_marks: float = MAX_MARKS,
                 deduction_per_pct: float = 1.0) -> np.ndarray:
    """Price marks for each bid.

    Parameters
    ----------
    prices : sequence of float
        Bid prices, £ (each above 0 and finite).
    method : str
        ``"relative"``: lowest / price x ``max_marks``. ``"linear"``: ``max_marks`` less
        ``deduction_per_pct`` marks for every 1% above the lowest price, floored at 0.
    max_marks : float
        Marks for the lowest price.
    deduction_per_pct : float
        Marks lost per 1% above the lowest (linear method only).

    Returns
    -------
    numpy.ndarray
        Marks per bid, 0 to ``max_marks``.

    Raises
    ------
    ValueError
        For an empty list, a price that is not a finite number above 0, or an unknown method.

    Examples
    --------
    >>> price_scores([100_000, 125_000]).tolist()  # 100,000 / 125,000 x 100
    [100.0, 80.0]
    >>> price_scores([100_000, 125_000, 250_000], "linear", deduction_per_pct=2).tolist()  # 25% over: 100 - 50
    [100.0, 50.0, 0.0]
    """
    values = np.asarray(prices, dtype=float)
    if values.size == 0:
        raise ValueError("There are no prices to score.")
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ValueError("Every price must be a number above £0.")
    lowest = values.min()
    if method == "relative":
        return lowest / values * max_marks
    if method == "linear":
        if deduction_per_pct < 0 or not math.isfinite(deduction_per_pct):
            raise ValueError("The marks lost per 1% must be zero or more.")
        pct_above = (values / lowest - 1.0) * 100.0
        return np.maximum(0.0, max_marks - deduction_per_pct * pct_above)
    raise ValueError(f"Unknown price scoring method '{method}'; use one of {', '.join(PRICE_METHODS)}.")


def check_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights keyed price, quality, social_value: none missing, negative or over 100, totalling 100.

    Within the tolerance in data/tenders/limits.yaml, so 33.3 + 33.3 + 33.4 is 100.

    Parameters
    ----------
    weights : mapping of str to float
        ``price``, ``quality`` and ``social_value`` weights, %.

    Returns
    -------
    dict of str to float
        The same weights as floats. A problem raises ``ValueError`` with a plain message.

    Examples
    --------
    >>> check_weights({"price": 33.3, "quality": 33.3, "social_value": 33.4})
    {'price': 33.3, 'quality': 33.3, 'social_value': 33.4}
    >>> check_weights({"price": 33.3, "quality": 33.3, "social_value": 33.3})
    Traceback (most recent call last):
    ...
    ValueError: The weights must add up to 100; these add up to 99.9.
    """
    missing = [k for k in WEIGHT_KEYS if k not in weights]
    if missing:
        raise ValueError(f"A weight is missing for {', '.join(missing)}.")
    checked = {}
    for key in WEIGHT_KEYS:
        value = weights[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"The {key.replace('_', ' ')} weight must be a number.")
        if value < 0:
            raise ValueError(f"The {key.replace('_', ' ')} weight cannot be negative.")
        checked[key] = float(value)
    for key, value in checked.items():
        if value > 100:
            raise ValueError(f"The {key.replace('_', ' ')} weight cannot be more than 100.")
    total = sum(checked.values())
    if abs(total - 100.0) > limits().weight_tolerance + 1e-9:
        raise ValueError(f"The weights must add up to 100; these add up to {round(total, 2):g}.")
    return checked


def two_bids() -> pd.DataFrame:
    """Two bids small enough to check by hand, for the examples.

    A, a large firm: £100, quality 60, embedded social value mark 50, 10 volunteering hours
    offered. B, a co-operative: £125, quality 80, embedded mark 100, one local job.

    Returns
    -------
    DataFrame
        One row a bid, in the columns the lab reads.

    Examples
    --------
    >>> two_bids()[["bidder", "price"]].to_dict("list")
    {'bidder': ['A', 'B'], 'price': [100.0, 125.0]}
    """
    return pd.DataFrame({"bidder": ["A", "B"], "organisation_type": ["large", "coop"], "price": [100.0, 125.0],
                         "quality_method": [60.0, 80.0], "embedded_mark": [50.0, 100.0],
                         "menu_volunteering": [10.0, 0.0], "menu_local-jobs": [0.0, 1.0]})


def quality_columns(bids: pd.DataFrame) -> list[str]:
    """The bids' quality mark columns (``quality_<criterion>``, marks out of 100).

    Parameters
    ----------
    bids : DataFrame
        The bids.

    Returns
    -------
    list of str
        One column a quality criterion, in the bids' order.

    Examples
    --------
    >>> quality_columns(two_bids())
    ['quality_method']
    """
    return [c for c in bids.columns if c.startswith("quality_")]


def menu_columns(bids: pd.DataFrame) -> list[str]:
    """The bids' social value menu claim columns (``menu_<item id>``, in the item's units).

    Parameters
    ----------
    bids : DataFrame
        The bids, with one column a menu item claimed.

    Returns
    -------
    list of str
        In the bids' order.

    Examples
    --------
    >>> menu_columns(two_bids())  # 10 volunteering hours from A, one local job from B
    ['menu_volunteering', 'menu_local-jobs']
    """
    return [c for c in bids.columns if c.startswith("menu_")]


def menu_values(bids: pd.DataFrame, the_menu: Menu | None = None) -> np.ndarray:
    """Each bid's claimed social value in £ proxy terms: quantity x proxy value, summed.

    Parameters
    ----------
    bids : DataFrame
        The bids, with ``menu_<item id>`` claim columns.
    the_menu : Menu, optional
        The proxy values (default: :func:`menu`).

    Returns
    -------
    numpy.ndarray
        £ per bid.

    Examples
    --------
    >>> bids = two_bids()  # A: large, £100, quality 60, embedded 50; B: a co-op, £125, 80, 100
    >>> menu_values(bids).tolist()  # 10 volunteering hours x £15; one local job x £25,000
    [150.0, 25000.0]
    """
    the_menu = the_menu or menu()
    proxies = {f"menu_{item.id}": item.proxy_value for item in the_menu.items}
    total = np.zeros(len(bids))
    for column in menu_columns(bids):
        total += bids[column].to_numpy(dtype=float) * proxies[column]
    return total


def component_scores(bids: pd.DataFrame, price_method: str = "relative", sv_approach: str = "menu",
                     deduction_per_pct: float = 1.0) -> np.ndarray:
    """Unweighted marks out of 100, one row per bid: price, quality, social value.

    Quality is the mean of the ``quality_*`` marks. Social value is the ``embedded_mark``
    (embedded approach), or the claimed £ proxy value scaled so that the largest claim gets 100
    (menu approach).

    Parameters
    ----------
    bids : DataFrame
        The bids (price in £, marks out of 100).
    price_method : str
        ``relative`` or ``linear`` (see :func:`price_scores`).
    sv_approach : str
        ``menu`` or ``embedded``.
    deduction_per_pct : float
        Marks lost per 1% above the lowest price (linear method only).

    Returns
    -------
    numpy.ndarray
        Shape (bids, 3).

    Examples
    --------
    >>> bids = two_bids()  # A: large, £100, quality 60, embedded 50; B: a co-op, £125, 80, 100
    >>> component_scores(bids, sv_approach="embedded").tolist()
    [[100.0, 60.0, 50.0], [80.0, 80.0, 100.0]]
    >>> component_scores(bids)[:, 2].tolist()  # menu: £150 / £25,000 x 100
    [0.6, 100.0]
    """
    check_bid_count(len(bids))
    if sv_approach not in SV_APPROACHES:
        raise ValueError(f"Unknown social value approach '{sv_approach}'; use 'menu' or 'embedded'.")
    price = price_scores(bids["price"].to_numpy(dtype=float), price_method, deduction_per_pct=deduction_per_pct)
    quality = bids[quality_columns(bids)].to_numpy(dtype=float).mean(axis=1)
    if sv_approach == "embedded":
        social = bids["embedded_mark"].to_numpy(dtype=float)
    else:
        claimed = menu_values(bids)
        best = claimed.max()
        social = claimed / best * MAX_MARKS if best > 0 else np.zeros(len(bids))
    return np.column_stack([price, quality, social])


def evaluate(bids: pd.DataFrame, weights: Mapping[str, float], price_method: str = "relative",
             sv_approach: str = "menu", deduction_per_pct: float = 1.0) -> pd.DataFrame:
    """Weighted scores, ranked best first (ties go to the bidder listed earlier).

    Parameters
    ----------
    bids : DataFrame
        The bids.
    weights : mapping of str to float
        ``price``, ``quality``, ``social_value`` weights, % adding up to 100.
    price_method, sv_approach, deduction_per_pct
        As for :func:`component_scores`.

    Returns
    -------
    DataFrame
        Indexed by bidder: ``price``, ``quality``, ``social_value`` (weighted marks), ``total``
        (out of 100) and ``rank``.

    Examples
    --------
    >>> bids = two_bids()  # A: large, £100, quality 60, embedded 50; B: a co-op, £125, 80, 100
    >>> ranked = evaluate(bids, {"price": 50, "quality": 30, "social_value": 20}, sv_approach="embedded")
    >>> ranked["total"].round(6).to_dict()  # marks: price 100, 80 (100/125); quality 60, 80; embedded 50, 100
    {'B': 84.0, 'A': 78.0}
    """
    w = check_weights(weights)
    scores = component_scores(bids, price_method, sv_approach, deduction_per_pct)
    table = pd.DataFrame(
        {
            "price": scores[:, 0] * w["price"] / 100.0,
            "quality": scores[:, 1] * w["quality"] / 100.0,
            "social_value": scores[:, 2] * w["social_value"] / 100.0,
        },
        index=pd.Index(bids["bidder"].to_list(), name="bidder"),
    )
    table["total"] = table["price"] + table["quality"] + table["social_value"]
    ranked = table.sort_values("total", ascending=False, kind="stable")
    ranked["rank"] = range(1, len(ranked) + 1)
    return ranked


def winner_map(bids: pd.DataFrame, step: int = 1, price_method: str = "relative",
               sv_approach: str = "menu", deduction_per_pct: float = 1.0) -> pd.DataFrame:
    """The winning bidder for every price and quality weight (social value takes the rest).

    Computed for all weightings at once with NumPy.

    Parameters
    ----------
    bids : DataFrame
        The bids.
    step : int
        The weight step, %; it must divide 100.
    price_method, sv_approach, deduction_per_pct
        As for :func:`evaluate`.

    Returns
    -------
    DataFrame
        Index: price weight 0, step, ..., 100; columns: quality weight likewise. A cell holds the
        bidder :func:`evaluate` ranks first with those weights, or NaN where price + quality > 100.

    Examples
    --------
    >>> bids = two_bids()  # A: large, £100, quality 60, embedded 50; B: a co-op, £125, 80, 100
    >>> m = winner_map(bids, step=50, sv_approach="embedded")  # marks: price 100, 80 (100/125); quality 60, 80; embedded 50, 100
    >>> m.loc[100, 0], m.loc[50, 50], m.loc[0, 0]  # A 100 v B 80; a tie at 80 each goes to A; A 50 v B 100
    ('A', 'A', 'B')
    """
    if not isinstance(step, int) or step <= 0 or 100 % step:
        raise ValueError("The step must be a whole number that divides 100 (1, 2, 4, 5, 10, ...).")
    check_bid_count(len(bids))  # the arrays below hold one score per bid and weighting
    scores = component_scores(bids, price_method, sv_approach, deduction_per_pct)
    grid = np.arange(0, 101, step, dtype=float)
    p = grid[:, None, None]
    q = grid[None, :, None]
    s = 100.0 - p - q
    # the same operations, in the same order, as evaluate(): so exact ties break the same way
    totals = scores[None, None, :, 0] * p / 100.0 + scores[None, None, :, 1] * q / 100.0
    totals = totals + scores[None, None, :, 2] * s / 100.0
    best = np.argmax(totals, axis=2)  # the first of equal totals: the bidder listed earlier
    names = np.asarray(bids["bidder"].to_list(), dtype=object)
    result = names[best].astype(object)
    result[(p + q)[:, :, 0] > 100] = np.nan
    return pd.DataFrame(result, index=pd.Index(grid.astype(int), name="price"),
                        columns=pd.Index(grid.astype(int), name="quality"))


def winner_map_brute_force(bids: pd.DataFrame, step: int = 1, price_method: str = "relative",
                           sv_approach: str = "menu", deduction_per_pct: float = 1.0) -> pd.DataFrame:
    """The naive loop over :func:`evaluate` that :func:`winner_map` replaces (for tests and bench).

    Parameters
    ----------
    bids : DataFrame
        The bids.
    step : int
        The weight step, %.
    price_method, sv_approach, deduction_per_pct
        As for :func:`evaluate`.

    Returns
    -------
    DataFrame
        The same map as :func:`winner_map` gives, cell for cell.

    Examples
    --------
    >>> bids = two_bids()  # A: large, £100, quality 60, embedded 50; B: a co-op, £125, 80, 100
    >>> slow = winner_map_brute_force(bids, 50, sv_approach="embedded")
    >>> slow.fillna("-").values.tolist()  # rows: price weight 0, 50, 100; columns: quality weight
    [['B', 'B', 'B'], ['B', 'A', '-'], ['A', '-', '-']]
    >>> slow.fillna("-").values.tolist() == winner_map(bids, 50, sv_approach="embedded").fillna("-").values.tolist()
    True
    """
    grid = list(range(0, 101, step))
    cells = {}
    for p in grid:
        row = {}
        for q in grid:
            if p + q > 100:
                row[q] = np.nan
            else:
                weights = {"price": float(p), "quality": float(q), "social_value": 100.0 - p - q}
                row[q] = evaluate(bids, weights, price_method, sv_approach, deduction_per_pct).index[0]
        cells[p] = row
    frame = pd.DataFrame.from_dict(cells, orient="index")
    frame.index.name, frame.columns.name = "price", "quality"
    return frame.astype(object)


def win_shares(the_map: pd.DataFrame, bidders: Sequence[str] | None = None) -> pd.Series:
    """How many of the map's valid weightings each bidder wins (every bidder listed, 0 included).

    Parameters
    ----------
    the_map : DataFrame
        :func:`winner_map`'s result.
    bidders : sequence of str, optional
        The bidders to list, in order (default: by wins).

    Returns
    -------
    Series
        Weightings won per bidder.

    Examples
    --------
    >>> bids = two_bids()  # A: large, £100, quality 60, embedded 50; B: a co-op, £125, 80, 100
    >>> m = winner_map(bids, step=50, sv_approach="embedded")  # 6 weightings: A wins (100, 0) and (50, 50)
    >>> win_shares(m, ["A", "B", "C"]).to_dict()
    {'A': 2, 'B': 4, 'C': 0}
    """
    cells = pd.Series(the_map.to_numpy().ravel()).dropna()
    counts = cells.value_counts()
    order = list(bidders) if bidders is not None else list(counts.index)
    return counts.reindex(order, fill_value=0).astype(int)


def chase_points(bids: pd.DataFrame, bidder: str, factor: float, the_menu: Menu | None = None,
                 relevance: Sequence[str] = ("low",)) -> pd.DataFrame:
    """A copy of ``bids`` in which ``bidder`` multiplies its claims on menu items of the given relevance.

    This is the points-chasing move: claims that cost the bidder little and bear little relation
    to the contract (staff volunteering, school talks, donations) are inflated to win menu marks.
    Nothing else changes.

    Parameters
    ----------
    bids : DataFrame
        The bids.
    bidder : str
        The bidder who inflates its claims.
    factor : float
        The multiplier, 0 or more.
    the_menu : Menu, optional
        The menu (default: :func:`menu`).
    relevance : sequence of str
        The relevance of the items inflated (``low``).

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> bids = two_bids()  # A: large, £100, quality 60, embedded 50; B: a co-op, £125, 80, 100
    >>> chased = chase_points(bids, "A", 5)
    >>> chased["menu_volunteering"].tolist(), menu_values(chased).tolist()  # 50 hours x £15
    ([50.0, 0.0], [750.0, 25000.0])
    """
    the_menu = the_menu or menu()
    if bidder not in set(bids["bidder"]):
        raise ValueError(f"There is no bidder called '{bidder}' in these bids.")
    if not math.isfinite(factor) or factor < 0:
        raise ValueError("The multiplier must be zero or more.")
    columns = [f"menu_{item.id}" for item in the_menu.items
               if item.relevance in relevance and f"menu_{item.id}" in bids.columns]
    changed = bids.copy()
    rows = changed["bidder"] == bidder
    for column in columns:
        changed.loc[rows, column] = changed.loc[rows, column].astype(float) * factor
    return changed


def template_csv(the_menu: Menu | None = None) -> bytes:
    """A bids template: every column the lab accepts and two example rows (UTF-8 CSV).

    Parameters
    ----------
    the_menu : Menu, optional
        The menu whose items become ``menu_`` columns (default: :func:`menu`).

    Returns
    -------
    bytes

    Examples
    --------
    >>> template_csv().decode().splitlines()[0].split(",")[:4]
    ['bidder', 'organisation_type', 'price', 'quality_method']
    >>> load_bids(template_csv())["bidder"].tolist()
    ['Example Ltd', 'Example Co-operative']
    """
    the_menu = the_menu or menu()
    menu_cols = [f"menu_{item.id}" for item in the_menu.items]
    header = ["bidder", "organisation_type", "price", "quality_method", "quality_staffing", "embedded_mark", *menu_cols]
    examples = [
        ["Example Ltd", "large", "250000", "70", "65", "50", *["0"] * len(menu_cols)],
        ["Example Co-operative", "coop", "262000", "68", "74", "72", *["0"] * len(menu_cols)],
    ]
    lines = [",".join(header)] + [",".join(row) for row in examples]
    return ("\n".join(lines) + "\n").encode("utf-8")


# -- loading bids ---------------------------------------------------------------
class BidsError(ValueError):
    """A bids file has problems; ``problems`` lists each as (row, column, what is wrong)."""

    def __init__(self, problems: list[tuple[int | None, str | None, str]]):
        self.problems = problems
        super().__init__("; ".join(describe(p) for p in problems[:5]) + (" …" if len(problems) > 5 else ""))


def describe(problem: tuple[int | None, str | None, str]) -> str:
    """One problem from :class:`BidsError` as a sentence naming its row and column.

    Parameters
    ----------
    problem : tuple of (int or None, str or None, str)
        (row as a spreadsheet numbers it, column, what is wrong).

    Returns
    -------
    str

    Examples
    --------
    >>> describe((3, "price", "a price must be above £0"))
    "row 3, column 'price': a price must be above £0"
    >>> describe((None, None, "The file is empty."))
    'The file is empty.'
    """
    row, column, what = problem
    where = []
    if row is not None:
        where.append(f"row {row}")
    if column:
        where.append(f"column '{column}'")
    return f"{', '.join(where)}: {what}" if where else what


REQUIRED = ("bidder", "organisation_type", "price", "embedded_mark")


def load_bids(source: str | Path | bytes, the_menu: Menu | None = None,
              max_bytes: int = UPLOAD_LIMIT_BYTES) -> pd.DataFrame:
    r"""Read and check a bids CSV (a path, or the bytes of an upload).

    Rows are numbered as a spreadsheet shows them (the header is row 1).

    Parameters
    ----------
    source : str, Path or bytes
        A path to the CSV, or its bytes.
    the_menu : Menu, optional
        The menu whose ``menu_`` columns are accepted (default: :func:`menu`).
    max_bytes : int
        The largest file taken, bytes.

    Returns
    -------
    DataFrame
        The bids, numbers as floats (price £, marks out of 100).

    Raises
    ------
    BidsError
        Listing every problem found, each with its row and column where there is one.

    Examples
    --------
    >>> try:
    ...     load_bids(b"bidder,organisation_type,price,embedded_mark,quality_method\nA,shop,0,50,60\n")
    ... except BidsError as e:
    ...     [describe(p) for p in e.problems]
    ["row 2, column 'price': a price must be above £0", "row 2, column 'organisation_type': 'shop' should be one of large, sme, vcse, coop"]
    """
    the_menu = the_menu or menu()
    raw = Path(source).read_bytes() if isinstance(source, (str, Path)) else bytes(source)
    if len(raw) > max_bytes:
        raise BidsError([(None, None, f"The file is {len(raw) / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB.")])
    if not raw.strip():
        raise BidsError([(None, None, "The file is empty.")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BidsError([(None, None, "The file is not UTF-8 text. Save it from your spreadsheet as 'CSV UTF-8'.")])
    most = limits().max_bids
    try:
        rows = count_rows(text, stop_after=most + 1)  # cheap: reads no further than one row past the limit
    except csv.Error:
        rows = 0  # malformed: pandas names the problem below
    if rows > most:
        raise BidsError([(None, None, f"The file has more than {most:,} bids; the lab takes up to {most:,} "
                                      "(a real tender has tens). Keep the bids you want to compare and upload "
                                      "that file.")])
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise BidsError([(None, None, f"The file could not be read as CSV ({str(exc).splitlines()[0]}).")])
    problems: list[tuple[int | None, str | None, str]] = []
    columns = [c.strip() for c in frame.columns]
    frame.columns = columns
    known_menu = {f"menu_{item.id}" for item in the_menu.items}
    for col in REQUIRED:
        if col not in columns:
            problems.append((None, col, "this column is missing"))
    if not any(c.startswith("quality_") for c in columns):
        problems.append((None, "quality_…", "at least one quality column (quality_<criterion>) is needed"))
    for col in columns:
        if col in REQUIRED or col.startswith("quality_") or col in known_menu:
            continue
        problems.append((None, col, "this column is not expected; check its spelling against the template"))
    if frame.empty:
        problems.append((None, None, "The file has a header but no bids."))
    if problems:
        raise BidsError(problems)

    numeric = ["price", "embedded_mark"] + [c for c in columns if c.startswith(("quality_", "menu_"))]
    parsed = frame.copy()
    for col in numeric:
        values = []
        for i, cell in enumerate(frame[col], start=2):
            try:
                value = float(cell.replace(",", "").replace("£", "")) if cell.strip() else math.nan
            except ValueError:
                problems.append((i, col, f"'{cell}' is not a number"))
                values.append(math.nan)
                continue
            if math.isnan(value):
                problems.append((i, col, "this cell is empty"))
            elif not math.isfinite(value):
                problems.append((i, col, "this is not an ordinary number"))
            elif value < 0:
                problems.append((i, col, "this cannot be negative"))
            elif col == "price" and value == 0:
                problems.append((i, col, "a price must be above £0"))
            elif (col.startswith("quality_") or col == "embedded_mark") and value > 100:
                problems.append((i, col, "marks run from 0 to 100"))
            values.append(value)
        parsed[col] = values
    seen: dict[str, int] = {}
    for i, name in enumerate(frame["bidder"], start=2):
        name = name.strip()
        if not name:
            problems.append((i, "bidder", "the bidder has no name"))
        elif name in seen:
            problems.append((i, "bidder", f"'{name}' is listed twice (also row {seen[name]})"))
        else:
            seen[name] = i
    for i, kind in enumerate(frame["organisation_type"], start=2):
        if kind.strip().lower() not in ORGANISATION_TYPES:
            problems.append((i, "organisation_type", f"'{kind}' should be one of {', '.join(ORGANISATION_TYPES)}"))
    if problems:
        raise BidsError(problems)
    parsed["bidder"] = parsed["bidder"].str.strip()
    parsed["organisation_type"] = parsed["organisation_type"].str.strip().str.lower()
    return parsed.reset_index(drop=True)


def count_rows(text: str, stop_after: int | None = None) -> int:
    r"""Data rows in CSV ``text`` (blank lines and the header not counted).

    Parameters
    ----------
    text : str
        The CSV.
    stop_after : int, optional
        Read no further than this many rows.

    Returns
    -------
    int

    Examples
    --------
    >>> count_rows("bidder,price\nA,1\n\nB,2\n")
    2
    >>> count_rows("bidder,price\nA,1\nB,2\nC,3\n", stop_after=2)
    2
    """
    reader = csv.reader(io.StringIO(text))
    next(reader, None)  # the header
    rows = (row for row in reader if any(cell.strip() for cell in row))
    if stop_after is not None:
        rows = itertools.islice(rows, stop_after)
    return sum(1 for _ in rows)


def bid_sets(root: Path | None = None) -> dict[str, Path]:
    """The library bid sets in data/tenders/, by name.

    Parameters
    ----------
    root : Path, optional
        A data folder to list ``tenders/*.csv`` from instead of the kit's ``data/``.

    Returns
    -------
    dict of str to Path

    Examples
    --------
    >>> list(bid_sets())
    ['community-meals', 'highways-maintenance']
    """
    folder = (root or data_dir()) / "tenders"
    return {p.stem: p for p in sorted(folder.glob("*.csv"))}


@lru_cache(maxsize=8)
def library_bids(name: str) -> pd.DataFrame:
    """A library bid set, loaded and checked once.

    Parameters
    ----------
    name : str
        Its name, one of :func:`bid_sets`.

    Returns
    -------
    DataFrame
        One row per bid, numbers as floats (price £, marks out of 100), checked as :func:`load_bids`
        checks an upload.

    Examples
    --------
    >>> len(library_bids("community-meals"))
    6
    """
    return load_bids(bid_sets()[name])


# -- the lab's defaults and the cost of a winner -------------------------------------------
class EmbeddedBand(Strict):
    low: int = Field(ge=0, le=100)
    high: int = Field(ge=0, le=100)
    meaning: str = Field(min_length=20)


class LabDefaults(Strict):
    """What the tender lab opens with, chosen so the toolkit's critique shows without setting up."""

    bid_set: str
    weights: dict[str, int]
    chaser: str
    chase_factor: int = Field(ge=1, le=50)
    rationale: str = Field(min_length=40)
    embedded_mark: str = Field(min_length=40)  # where the embedded mark comes from, in words
    embedded_bands: list[EmbeddedBand] = Field(min_length=3)
    social_value_floor: float = Field(ge=0, le=100)  # % of the marks below which the lab points to PPN 002
    social_value_floor_source: str = Field(min_length=20)


lab_defaults = data_file("tenders/lab-defaults.yaml", LabDefaults,
                         "The tender lab's sourced defaults: the bid set, weights (%), the points-chasing bidder and "
                         "multiplier, and their rationale; the weights checked like a participant's.",
                         check=lambda defaults, root: check_weights(defaults.weights))


def premium_over_cheapest(bids: pd.DataFrame, ranked: pd.DataFrame) -> pd.DataFrame:
    """What each bidder costs over the cheapest bid, and what each extra mark costs.

    Parameters
    ----------
    bids : pandas.DataFrame
        The bids (``bidder``, ``price`` in £ for the whole contract).
    ranked : pandas.DataFrame
        :func:`evaluate`'s result for those bids (weighted ``total`` out of 100).

    Returns
    -------
    pandas.DataFrame
        Indexed by bidder in ``ranked``'s order: ``price`` (£), ``premium`` (£ over the cheapest
        bid), ``premium_pct`` (% over it), ``marks_over_cheapest`` (weighted marks more than the
        cheapest bid scored) and ``pounds_per_mark`` (premium / marks over the cheapest; NaN for the
        cheapest bid itself and for a dearer bid that scored no more).

    Examples
    --------
    >>> bids = two_bids()  # A: large, £100, quality 60, embedded 50; B: a co-op, £125, 80, 100
    >>> ranked = evaluate(bids, {"price": 50, "quality": 30, "social_value": 20}, sv_approach="embedded")
    >>> premium_over_cheapest(bids, ranked).loc["B"].round(4).to_dict()  # £25 (25%) more for 6 marks more
    {'price': 125.0, 'premium': 25.0, 'premium_pct': 25.0, 'marks_over_cheapest': 6.0, 'pounds_per_mark': 4.1667}
    """
    prices = pd.Series(bids["price"].to_numpy(dtype=float), index=bids["bidder"].to_list())
    cheapest = prices.idxmin()
    table = pd.DataFrame(index=ranked.index)
    table["price"] = prices.reindex(ranked.index)
    table["premium"] = table["price"] - prices[cheapest]
    table["premium_pct"] = table["premium"] / prices[cheapest] * 100
    table["marks_over_cheapest"] = ranked["total"] - ranked.loc[cheapest, "total"]
    gain = table["marks_over_cheapest"]
    table["pounds_per_mark"] = (table["premium"] / gain).where((gain > 1e-9) & (table["premium"] > 0))
    return table
