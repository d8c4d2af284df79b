"""The neighbourhood zoning simulator (exercise 3-6): travel in a borough-wide market and in zones.

:func:`borough` builds the synthetic borough from ``data/places/borough.yaml`` (seeded): clients
and a week of visits adding up to the borough's homecare hours. :func:`simulate` runs one market
over it:

- ``Market.borough_wide(providers)``: each client is given to a provider without regard to place;
  a provider's carers run between its clients wherever they live.
- ``Market.zoned(providers, zones)``: clients are grouped into ``zones`` neighbourhoods (seeded
  k-means on where they live), zones are shared out among ``providers``, and carers run only
  within a zone.

A carer's run is ``run_length`` consecutive visits in one slot of one day, in Z-order (Morton)
through the clients of the same provider (and zone). Each visit's travel is the straight-line
distance from the run's previous visit times the detour factor; legs up to the walking threshold
are walked. Everything is NumPy over all visits at once; :func:`simulate_loop` is the per-visit
Python loop it replaces, kept for tests and the bench.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import Field, model_validator

from svkit import content
from svkit.content import SourceRef, Strict, data_file

KM_PER_MILE = 1.609344


class Town(Strict):
    name: str
    x: float
    y: float
    spread_km: float = Field(gt=0)
    share: float = Field(gt=0)


class Emission(Strict):
    kg_per_km: float = Field(gt=0)
    year: int
    source: str
    confidence: str


class StartingMarkets(Strict):
    """The two markets the simulator opens with: Wigan's, before and after zoning."""

    borough_wide_providers: int = Field(ge=1)  # providers serving clients anywhere (Wigan, 2015)
    zoned_providers: int = Field(ge=1)  # providers in the zoned market (Wigan, now)
    zones: int = Field(ge=1)  # neighbourhood zones (Wigan, now)
    source: SourceRef


class BoroughSpec(Strict):
    name: str
    seed: int
    size_km: float = Field(gt=0)
    towns: list[Town] = Field(min_length=1)
    hours_per_week: float = Field(gt=0)
    hours_source: SourceRef
    visit_minutes: float = Field(gt=0)
    visits_per_day: int = Field(ge=1, le=6)
    slots_per_day: int | None = Field(default=None, ge=1, le=12)  # booking slots a day (default: visits_per_day)
    run_length: int = Field(ge=1)
    run_order: dict[str, str] = {"borough-wide": "place", "zoned": "place"}  # "place" or "booked", per market
    emission_factor: Emission
    starting_markets: StartingMarkets

    @model_validator(mode="after")
    def _orders(self):
        if set(self.run_order) - {"borough-wide", "zoned"} or set(self.run_order.values()) - {"place", "booked"}:
            raise ValueError("run_order maps 'borough-wide' and 'zoned' to 'place' or 'booked'")
        if self.slots_per_day is not None and self.slots_per_day < self.visits_per_day:
            raise ValueError("slots_per_day must be at least visits_per_day")
        return self


class Travel(Strict):
    """The one travel assumption shared by exercises 3-5 and 3-6 (``data/places/travel.yaml``)."""

    speed_kmh: float = Field(gt=0)  # km an hour between visits, walked or driven
    detour_factor: float = Field(ge=1)  # road distance / straight-line distance
    walk_km: float = Field(ge=0)  # legs up to this are walked (no car kilometres)
    km_per_visit: float = Field(ge=0)  # 3-5's default: road km from the previous visit
    source: str = Field(min_length=20)
    confidence: str = Field(min_length=3)

    @property
    def minutes_per_visit(self) -> float:
        """Travel time per visit, minutes, at ``speed_kmh``."""
        return self.km_per_visit / self.speed_kmh * 60

    @property
    def miles_per_visit(self) -> float:
        return self.km_per_visit / KM_PER_MILE


spec = data_file("places/borough.yaml", BoroughSpec)
travel = data_file("places/travel.yaml", Travel, "The shared travel assumption: speed, detour, walking distance and 3-5's default km per visit.")


@dataclass(frozen=True)
class Borough:
    spec: BoroughSpec
    x: np.ndarray  # client positions, km
    y: np.ndarray
    # one row per visit in the week
    client: np.ndarray
    day: np.ndarray
    slot: np.ndarray
    code: np.ndarray  # per client: Z-order (Morton) code of where they live, for ordering runs
    booking: np.ndarray  # per client: place in the booking list (a seeded shuffle), for runs in booked order
    travel: Travel

    @property
    def clients(self) -> int:
        return len(self.x)

    @property
    def visits(self) -> int:
        return len(self.client)


def borough(the_spec: BoroughSpec | None = None, travel_spec: Travel | None = None) -> Borough:
    """The synthetic borough and its week of visits (the same for the same seed).

    Parameters
    ----------
    the_spec : BoroughSpec, optional
        The borough (default: :func:`spec`).
    travel_spec : Travel, optional
        The travel assumption (default: :func:`travel`).

    Returns
    -------
    Borough
        Client positions (km), one row per visit in the week (client, day, slot), each client's
        Z-order code and booking place.

    Examples
    --------
    >>> b = borough()
    >>> b.visits == b.clients * 7 * b.spec.visits_per_day  # every client's visits, every day of the week
    True
    >>> bool(abs(b.visits * b.spec.visit_minutes / 60 - b.spec.hours_per_week) < 0.01 * b.spec.hours_per_week)
    True
    """
    s = the_spec or spec()
    rng = np.random.default_rng(s.seed)
    visits_per_client = s.visits_per_day * 7
    n = int(round(s.hours_per_week * 60 / s.visit_minutes / visits_per_client))
    shares = np.array([t.share for t in s.towns])
    town = rng.choice(len(s.towns), size=n, p=shares / shares.sum())
    cx = np.array([t.x for t in s.towns])[town]
    cy = np.array([t.y for t in s.towns])[town]
    spread = np.array([t.spread_km for t in s.towns])[town]
    x = np.clip(cx + rng.normal(0, 1, n) * spread, 0, s.size_km)
    y = np.clip(cy + rng.normal(0, 1, n) * spread, 0, s.size_km)
    client = np.repeat(np.arange(n, dtype=np.int64), visits_per_client)
    day = np.tile(np.repeat(np.arange(7, dtype=np.int64), s.visits_per_day), n)
    slot = np.tile(np.tile(np.arange(s.visits_per_day, dtype=np.int64), 7), n)
    slots = s.slots_per_day or s.visits_per_day
    if slots > s.visits_per_day:  # each client-day's visits fall in distinct slots, drawn at random
        picked = np.sort(rng.random((n * 7, slots)).argsort(axis=1)[:, : s.visits_per_day], axis=1)
        slot = picked.reshape(-1).astype(np.int64)
    booking = rng.permutation(n).astype(np.int64)
    return Borough(s, x, y, client, day, slot, _morton(x, y, s.size_km), booking, travel_spec or travel())


def four_clients() -> Borough:
    """A borough small enough to check by hand, for the examples: four clients, one visit each.

    Clients A (0, 0), B (0.3, 0.4), C (3.3, 4.4) and D (3.9, 5.2) km: A-B 0.5 km, B-C 5 km, C-D 1 km
    in a straight line. 30-minute visits, all on day 0 in slot 0, runs of four in place order (A, B,
    C, D); 20 km an hour, a detour factor of 1.2, and legs up to 1 km walked.

    Returns
    -------
    Borough
        The four clients and their four visits.

    Examples
    --------
    >>> b = four_clients()
    >>> b.clients, b.visits, b.code.tolist()
    (4, 4, [0, 1, 2, 3])
    """
    s = spec().model_copy(update={"visit_minutes": 30, "visits_per_day": 1, "run_length": 4,
                                  "run_order": {"borough-wide": "place", "zoned": "place"}})
    t = travel().model_copy(update={"speed_kmh": 20, "detour_factor": 1.2, "walk_km": 1.0})
    one = np.zeros(4, dtype=np.int64)
    return Borough(s, np.array([0.0, 0.3, 3.3, 3.9]), np.array([0.0, 0.4, 4.4, 5.2]), np.arange(4), one, one,
                   np.arange(4), np.arange(4), t)


@dataclass(frozen=True)
class Market:
    kind: str  # "borough-wide" or "zoned"
    providers: int
    zones: int = 0

    @staticmethod
    def borough_wide(providers: int | None = None) -> "Market":
        """``providers`` serving clients anywhere (default: data/places/borough.yaml's starting market)."""
        start = spec().starting_markets
        return Market("borough-wide", start.borough_wide_providers if providers is None else providers)

    @staticmethod
    def zoned(providers: int | None = None, zones: int | None = None) -> "Market":
        """``providers`` in ``zones`` neighbourhood zones (defaults: data/places/borough.yaml's starting market)."""
        start = spec().starting_markets
        return Market("zoned", start.zoned_providers if providers is None else providers,
                      start.zones if zones is None else zones)


@dataclass(frozen=True)
class ZoningResult:
    market: Market
    provider: np.ndarray  # per client
    zone: np.ndarray  # per client (-1 in a borough-wide market)
    leg_km: np.ndarray  # per visit: distance from the run's previous visit (0 for a run's first)
    contact_hours: float
    travel_minutes: float
    walk_threshold_km: float
    walkable_share: float  # share of visits reached within the walking threshold (first visits count as walkable)
    km_driven: float
    co2e_kg: float

    @property
    def travel_minutes_per_contact_hour(self) -> float:
        return self.travel_minutes / self.contact_hours

    @property
    def travel_share_of_paid_time(self) -> float:
        return self.travel_minutes / (self.travel_minutes + 60 * self.contact_hours)

    @property
    def travel_minutes_per_visit(self) -> float:
        return self.travel_minutes / len(self.leg_km)

    @property
    def km_per_visit(self) -> float:
        return self.km_driven / len(self.leg_km)


def _check(market: Market, b: Borough) -> None:
    if market.kind not in ("borough-wide", "zoned"):
        raise ValueError("The market must be borough-wide or zoned.")
    if not 1 <= market.providers <= b.clients:
        raise ValueError(f"Choose between 1 and {b.clients} providers.")
    if market.kind == "zoned":
        if not 1 <= market.zones <= 60:
            raise ValueError("Choose between 1 and 60 zones.")
        if market.providers > market.zones:
            raise ValueError("In a zoned market each provider needs at least one zone: use no more providers than zones.")


def _kmeans(x: np.ndarray, y: np.ndarray, k: int, seed: int, rounds: int = 12) -> np.ndarray:
    rng = np.random.default_rng(seed)
    pts = np.column_stack([x, y])
    centres = pts[rng.choice(len(pts), size=k, replace=False)]
    for _ in range(rounds):
        label = np.argmin(((pts[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), axis=1)
        for j in range(k):
            members = pts[label == j]
            if len(members):
                centres[j] = members.mean(axis=0)
    # number zones along a Z-order curve through their centres, so neighbouring zones get close numbers
    order = np.argsort(_morton(centres[:, 0], centres[:, 1], max(x.max(), y.max()) or 1.0))
    rank = np.empty(k, dtype=int)
    rank[order] = np.arange(k)
    return rank[label]


def _morton(x: np.ndarray, y: np.ndarray, size: float, bits: int = 10) -> np.ndarray:
    """Z-order (Morton) codes of points in a square of side ``size``: neighbours get close codes."""
    scale = (1 << bits) - 1
    xi = np.clip((x / size * scale).astype(np.int64), 0, scale)
    yi = np.clip((y / size * scale).astype(np.int64), 0, scale)
    code = np.zeros_like(xi)
    for i in range(bits):
        code |= ((xi >> i) & 1) << (2 * i) | ((yi >> i) & 1) << (2 * i + 1)
    return code


def assign(market: Market, b: Borough, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(provider, zone) for every client.

    A borough-wide market gives each client a provider at random; a zoned market groups clients
    into zones by where they live (seeded k-means) and gives each provider a block of zones.

    Parameters
    ----------
    market : Market
        Borough-wide (providers) or zoned (providers, zones).
    b : Borough
        The borough.
    seed : int
        The random seed.

    Returns
    -------
    tuple of (numpy.ndarray, numpy.ndarray)
        Per client: provider index, and zone index (-1 in a borough-wide market).

    Examples
    --------
    >>> b = four_clients()  # A-B 0.5 km, B-C 5 km, C-D 1 km; one run of 4 goes A, B, C, D
    >>> provider, zone = assign(Market.zoned(providers=2, zones=2), b, seed=0)
    >>> zone.tolist(), provider.tolist()  # A, B near each other; C, D 5 km away
    ([0, 0, 1, 1], [0, 0, 1, 1])
    """
    _check(market, b)
    rng = np.random.default_rng(seed)
    if market.kind == "borough-wide":
        return rng.integers(0, market.providers, size=b.clients), np.full(b.clients, -1)
    zone = _kmeans(b.x, b.y, market.zones, seed)
    provider_of_zone = (np.arange(market.zones) * market.providers) // market.zones  # contiguous blocks of zones
    return provider_of_zone[zone], zone


def run_key(b: Borough, kind: str) -> np.ndarray:
    """Per client, the key a carer's run is ordered by in a market of ``kind``.

    Where the client lives (Z-order code) when rotas are planned by place, or the booking list when
    they are not.

    Parameters
    ----------
    b : Borough
        The borough.
    kind : str
        ``borough-wide`` or ``zoned``.

    Returns
    -------
    numpy.ndarray
        One key per client.

    Examples
    --------
    >>> b = four_clients()  # A-B 0.5 km, B-C 5 km, C-D 1 km; one run of 4 goes A, B, C, D
    >>> run_key(b, "zoned").tolist()
    [0, 1, 2, 3]
    """
    return b.code if b.spec.run_order.get(kind, "place") == "place" else b.booking


def _runs(b: Borough, provider: np.ndarray, zone: np.ndarray, key: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Visit order (indices) and whether each ordered visit starts a new run."""
    c = b.client
    n = b.clients
    key = b.code if key is None else key
    per_client = (provider.astype(np.int64) * 1000 + (zone.astype(np.int64) + 1)) * 70
    group = per_client[c] + b.day * 10 + b.slot
    # one sort key: group, then the run key (place or booking), then client (every key is unique)
    order = np.argsort(group * ((1 << 20) * n) + key[c] * n + c)
    g = group[order]
    new_group = np.empty(len(order), dtype=bool)
    new_group[0] = True
    np.not_equal(g[1:], g[:-1], out=new_group[1:])
    index = np.arange(len(order))
    position = index - np.maximum.accumulate(np.where(new_group, index, 0))
    return order, new_group | (position % b.spec.run_length == 0)


def simulate(b: Borough, market: Market, seed: int = 0, walk_threshold_km: float | None = None) -> ZoningResult:
    """Travel, walking, kilometres and emissions for one market over the borough's week.

    Parameters
    ----------
    b : Borough
        The borough.
    market : Market
        Borough-wide or zoned.
    seed : int
        The random seed for :func:`assign`.
    walk_threshold_km : float, optional
        Legs up to this many km are walked (default: the shared travel assumption's).

    Returns
    -------
    ZoningResult
        Each visit's road km from the run's previous visit, travel minutes, contact hours, the
        share 0-1 of visits walked, km driven and kg CO2e.

    Examples
    --------
    >>> b = four_clients()  # A-B 0.5 km, B-C 5 km, C-D 1 km; one run of 4 goes A, B, C, D
    >>> r = simulate(b, Market.borough_wide(1))  # one run: road 0, 0.6, 6.0, 1.2 km
    >>> r.leg_km.round(6).tolist(), round(r.travel_minutes, 6)  # 7.8 km at 20 km an hour
    ([0.0, 0.6, 6.0, 1.2], 23.4)
    >>> r.walkable_share, round(r.km_driven, 6)  # 0.6 km walked; 6.0 + 1.2 driven
    (0.5, 7.2)
    >>> round(simulate(b, Market.zoned(2, 2)).km_driven, 6)  # runs A-B and C-D: only C-D's 1.2 km driven
    1.2
    """
    return _simulate(b, market, seed, walk_threshold_km, legs)


def _simulate(b: Borough, market: Market, seed: int, walk_threshold_km: float | None, legs_of) -> ZoningResult:
    """:func:`simulate` with the legs worked out by ``legs_of`` (:func:`legs`, or :func:`legs_loop`)."""
    walk_threshold_km = b.travel.walk_km if walk_threshold_km is None else walk_threshold_km
    _check_walk(walk_threshold_km)
    provider, zone = assign(market, b, seed)
    return _result(b, market, provider, zone, legs_of(b, provider, zone, run_key(b, market.kind)), walk_threshold_km)


def _check_walk(walk_threshold_km: float) -> None:
    if not (math.isfinite(walk_threshold_km) and walk_threshold_km >= 0):
        raise ValueError("The walking threshold must be 0 km or more.")


def legs(b: Borough, provider: np.ndarray, zone: np.ndarray, key: np.ndarray | None = None) -> np.ndarray:
    """Each visit's travel, road km, from the previous visit in its carer's run (0 for a run's first), all at once.

    Parameters
    ----------
    b : Borough
        The borough.
    provider, zone : numpy.ndarray
        Per client, as :func:`assign` gives them.
    key : numpy.ndarray, optional
        Per client, the order of a run (default: by place, the Z-order code).

    Returns
    -------
    numpy.ndarray
        Road km per visit, in visit order.

    Examples
    --------
    >>> import numpy as np
    >>> b = four_clients()  # A-B 0.5 km, B-C 5 km, C-D 1 km; one run of 4 goes A, B, C, D
    >>> legs(b, np.array([0, 0, 1, 1]), np.array([0, 0, 1, 1])).round(6).tolist()  # 0.5 and 1 km x 1.2
    [0.0, 0.6, 0.0, 1.2]
    """
    order, starts = _runs(b, provider, zone, key)
    cx, cy = b.x[b.client[order]], b.y[b.client[order]]
    leg = np.zeros(len(order))
    leg[1:] = np.hypot(np.diff(cx), np.diff(cy)) * b.travel.detour_factor
    leg[starts] = 0.0
    out = np.empty_like(leg)
    out[order] = leg  # back to visit order
    return out


def _result(b, market, provider, zone, legs, walk_threshold_km) -> ZoningResult:
    s = b.spec
    travel_minutes = float(legs.sum() / b.travel.speed_kmh * 60)
    walk = legs <= walk_threshold_km
    km = float(legs[~walk].sum())
    return ZoningResult(market, provider, zone, legs, b.visits * s.visit_minutes / 60, travel_minutes,
                        walk_threshold_km, float(walk.mean()), km, km * s.emission_factor.kg_per_km)


def rewalk(result: ZoningResult, b: Borough, walk_threshold_km: float) -> ZoningResult:
    """The same runs with another walking threshold (no re-routing needed).

    Parameters
    ----------
    result : ZoningResult
        A simulated market.
    b : Borough
        The borough it ran over.
    walk_threshold_km : float
        Legs up to this many km are walked (0 or more).

    Returns
    -------
    ZoningResult
        The same legs with the walking share, km driven and emissions worked again.

    Examples
    --------
    >>> b = four_clients()  # A-B 0.5 km, B-C 5 km, C-D 1 km; one run of 4 goes A, B, C, D
    >>> r = simulate(b, Market.borough_wide(1))
    >>> round(rewalk(r, b, 0.0).km_driven, 6), round(rewalk(r, b, 2.0).km_driven, 6)  # all legs, then only 6.0
    (7.8, 6.0)
    """
    _check_walk(walk_threshold_km)
    return _result(b, result.market, result.provider, result.zone, result.leg_km, walk_threshold_km)


def simulate_loop(b: Borough, market: Market, seed: int = 0, walk_threshold_km: float | None = None) -> ZoningResult:
    """The same calculation as :func:`simulate`, one visit at a time in Python (for tests and the bench).

    Parameters
    ----------
    b, market, seed, walk_threshold_km : as for :func:`simulate`

    Returns
    -------
    ZoningResult
        As :func:`simulate`.

    Examples
    --------
    >>> b = four_clients()  # A-B 0.5 km, B-C 5 km, C-D 1 km; one run of 4 goes A, B, C, D
    >>> simulate_loop(b, Market.borough_wide(1)).leg_km.round(6).tolist()
    [0.0, 0.6, 6.0, 1.2]
    """
    return _simulate(b, market, seed, walk_threshold_km, legs_loop)


def legs_loop(b: Borough, provider: np.ndarray, zone: np.ndarray, key: np.ndarray | None = None) -> np.ndarray:
    """:func:`legs`, one visit at a time in Python: the loop the vectorised version replaces.

    Parameters
    ----------
    b, provider, zone, key : as for :func:`legs`

    Returns
    -------
    numpy.ndarray
        As :func:`legs`: road km per visit, in visit order.

    Examples
    --------
    >>> import numpy as np
    >>> b = four_clients()  # A-B 0.5 km, B-C 5 km, C-D 1 km; one run of 4 goes A, B, C, D
    >>> legs_loop(b, np.zeros(4, dtype=int), np.full(4, -1)).round(6).tolist()
    [0.0, 0.6, 6.0, 1.2]
    """
    code = b.code if key is None else key
    groups: dict[tuple, list[int]] = {}
    for v in range(b.visits):
        c = int(b.client[v])
        key = (int(provider[c]), int(zone[c]), int(b.day[v]), int(b.slot[v]))
        groups.setdefault(key, []).append(v)
    out = np.zeros(b.visits)
    for key in sorted(groups, key=lambda k: ((k[0] * 1000 + k[1] + 1) * 7 + k[2]) * 10 + k[3]):
        visits = sorted(groups[key], key=lambda v: (int(code[b.client[v]]), int(b.client[v])))
        for i, v in enumerate(visits):
            if i % b.spec.run_length == 0:
                continue
            p, q = b.client[visits[i - 1]], b.client[v]
            out[v] = math.hypot(b.x[q] - b.x[p], b.y[q] - b.y[p]) * b.travel.detour_factor
    return out


def travel_cost_per_contact_hour(result: ZoningResult, assumptions=None) -> float:
    """What a market's travel adds to the price of a contact hour, by the price-of-care model.

    The price with this market's travel minutes and miles per visit, less the price with none.

    Parameters
    ----------
    result : ZoningResult
        A simulated market.
    assumptions : CareCostAssumptions, optional
        The price build-up (default: the current year's preset).

    Returns
    -------
    float
        £ per contact hour.

    Examples
    --------
    >>> b = four_clients()  # A-B 0.5 km, B-C 5 km, C-D 1 km; one run of 4 goes A, B, C, D
    >>> from dataclasses import replace
    >>> from svkit.costofcare import example_assumptions
    >>> a = replace(example_assumptions(), travel_minutes=0, miles_per_visit=0, running=0)  # £10 an hour, 50p a mile
    >>> r = simulate(b, Market.borough_wide(1))  # 23.4 / 4 = 5.85 minutes; 7.2 / 4 = 1.8 km driven a visit
    >>> round(travel_cost_per_contact_hour(r, a), 4)  # £10 x 5.85 / 30 + 1.8 / 1.609344 miles x £0.50 x 60 / 30
    3.0685
    """
    from dataclasses import replace

    from svkit import costofcare

    a = assumptions or costofcare.assumptions_for(content.current_year())
    with_travel = replace(a, travel_minutes=result.travel_minutes_per_visit,
                          miles_per_visit=result.km_per_visit / KM_PER_MILE)
    without = replace(a, travel_minutes=0.0, miles_per_visit=0.0)
    return costofcare.hourly_rate(with_travel).total - costofcare.hourly_rate(without).total
