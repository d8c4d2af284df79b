"""Values-driven selection panels (exercise 3-3): gates and relational qualities, aggregated.

:func:`panel_result` takes the panel's judgements in long form:

- ``gates``: columns ``provider``, ``gate``, ``member``, ``passed`` (bool): each member's
  pass/fail on each non-negotiable gate;
- ``scores``: columns ``provider``, ``quality``, ``member``, ``score`` (whole number 0-4).

A provider fails a gate when a majority of the members who judged it (more than half) fail it;
a tie passes. Each quality gets its median, lowest and highest score and the range; a range of
:func:`moderation_range` (data/imperatives/panel.yaml) or more is flagged for moderation, since members see it differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import Field, model_validator

from svkit.content import SourceRef, Strict, data_file

MAX_SCORE = 4
YOU = "you"  # the participant's member id in a panel
NUDGES = (-1, 0, 0, 0, 1)  # a simulated member's random nudge: usually none, sometimes one point either way


class Item(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=3)
    text: str = Field(min_length=10)


class Framework(Strict):
    sources: list[SourceRef] = Field(min_length=1)
    gates: list[Item] = Field(min_length=1)
    qualities: list[Item] = Field(min_length=10, max_length=10)
    anchors: dict[int, str]  # score 0-4 -> what it means

    @model_validator(mode="after")
    def _every_score_anchored(self):
        if set(self.anchors) != set(range(MAX_SCORE + 1)) or any(len(t) < 20 for t in self.anchors.values()):
            raise ValueError(f"anchors must say what every score from 0 to {MAX_SCORE} means")
        return self


class GateEvidence(Strict):
    evidence: str = Field(min_length=10)
    reference: str = Field(pattern=r"^(pass|fail)$")
    borderline: bool = False


class QualityEvidence(Strict):
    evidence: str = Field(min_length=10)
    reference: int = Field(ge=0, le=MAX_SCORE)


class CostEvidence(Strict):
    """A provider's open-book summary: £ per contact hour, line by line."""

    hours_per_week: float = Field(gt=0)
    wage: float = Field(gt=0)  # £ an hour paid to care workers
    pay: float = Field(ge=0)
    travel_time: float = Field(ge=0)
    on_costs: float = Field(ge=0)
    mileage: float = Field(ge=0)
    running: float = Field(ge=0)  # includes the surplus where that is withheld
    surplus: float | None = None  # None: withheld
    note: str = Field(min_length=10)

    @property
    def price(self) -> float:
        return self.pay + self.travel_time + self.on_costs + self.mileage + self.running + (self.surplus or 0.0)

    @property
    def surplus_share(self) -> float | None:
        return None if self.surplus is None else self.surplus / self.price


class Provider(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=3)
    kind: str = Field(min_length=5)
    summary: str = Field(min_length=20)
    costs: CostEvidence
    gates: dict[str, GateEvidence]
    qualities: dict[str, QualityEvidence]


class Providers(Strict):
    providers: list[Provider] = Field(min_length=4)


class Member(Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str = Field(min_length=3)
    leanings: dict[str, int] = Field(default_factory=dict)
    strict: bool = False

    @model_validator(mode="after")
    def _not_you(self):
        if self.id == YOU:
            raise ValueError(f"'{YOU}' is the participant's id")
        return self


class Panel(Strict):
    seed: int
    moderation_range: int = Field(ge=1, le=4)  # points: a quality whose scores spread this far is discussed
    moderation_rationale: str = Field(min_length=20)
    members: list[Member] = Field(min_length=2)

    @model_validator(mode="after")
    def _names_unique(self):  # each name heads a column of the panel's table
        names = [m.name for m in self.members]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"panel members share a name (a table would show two columns alike): {', '.join(twice)}")
        return self


framework = data_file("imperatives/framework.yaml", Framework)


def _covers_framework(table: Providers, root: Path | None) -> None:
    fw = framework(root)
    gates, qualities = {g.id for g in fw.gates}, {q.id for q in fw.qualities}
    for p in table.providers:
        if set(p.gates) != gates or set(p.qualities) != qualities:
            raise ValueError(f"provider '{p.id}' must give evidence for every gate and quality, and no others")


providers = data_file("imperatives/providers.yaml", Providers,
                      "The evidence packs of four fictional providers: evidence and a reference judgement for every "
                      "gate and quality (checked to cover exactly the framework's), and open-book costs (£ per contact "
                      "hour).", check=_covers_framework)


panel = data_file("imperatives/panel.yaml", Panel)


def moderation_range() -> int:
    """The spread of scores (points) at which a quality is flagged for moderation (data/imperatives/panel.yaml).

    Returns
    -------
    int
        Points on the 0-4 scale between a quality's highest and lowest score.

    Examples
    --------
    >>> moderation_range()
    2
    """
    return panel().moderation_range


def simulated_panel(table: Providers | None = None, members: Panel | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The simulated members' gate judgements and scores for every provider, in long form.

    A member fails a gate the reference fails, and a strict member also fails borderline evidence.
    A score is the reference plus the member's leaning on that quality plus a seeded nudge drawn
    from :data:`NUDGES`, kept between 0 and 4. The same seed always gives the same panel.

    Parameters
    ----------
    table : Providers, optional
        The evidence packs (default: :func:`providers`).
    members : Panel, optional
        The members (default: :func:`panel`).

    Returns
    -------
    tuple of (DataFrame, DataFrame)
        Gates (provider, gate, member, passed) and scores (provider, quality, member, score 0-4).

    Examples
    --------
    >>> gates, scores = simulated_panel()
    >>> len(gates), len(scores)  # 4 providers x 6 members x (4 gates, 10 qualities)
    (96, 240)
    >>> bool(scores["score"].between(0, 4).all())
    True
    """
    table = table or providers()
    members = members or panel()
    rng = np.random.default_rng(members.seed)
    gate_rows, score_rows = [], []
    for p in table.providers:
        for m in members.members:
            for gid, g in p.gates.items():
                passed = g.reference == "pass" and not (m.strict and g.borderline)
                gate_rows.append((p.id, gid, m.id, passed))
            for qid, q in p.qualities.items():
                nudge = int(rng.choice(NUDGES))
                score = int(min(MAX_SCORE, max(0, q.reference + m.leanings.get(qid, 0) + nudge)))
                score_rows.append((p.id, qid, m.id, score))
    return (pd.DataFrame(gate_rows, columns=["provider", "gate", "member", "passed"]),
            pd.DataFrame(score_rows, columns=["provider", "quality", "member", "score"]))


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
    """Gate outcomes by majority, and median, range and moderation flags per quality.

    Parameters
    ----------
    gates : DataFrame
        Long form: provider, gate, member, passed (bool).
    scores : DataFrame
        Long form: provider, quality, member, score (whole number 0 to :data:`MAX_SCORE`).

    Returns
    -------
    PanelResult
        The gate table (a gate is failed when more than half the members fail it), each provider's
        failed gates, each quality's median, low, high and range (points), and those flagged for
        moderation (range of :data:`MODERATION_RANGE` or more).

    Examples
    --------
    >>> import pandas as pd
    >>> gates = pd.DataFrame([("P", "open-book", m, ok) for m, ok in (("a", True), ("b", False), ("c", False))],
    ...                      columns=["provider", "gate", "member", "passed"])
    >>> scores = pd.DataFrame([("P", "purpose", m, s) for m, s in (("a", 1), ("b", 3), ("c", 4))],
    ...                       columns=["provider", "quality", "member", "score"])
    >>> r = panel_result(gates, scores)
    >>> r.failures  # 2 of 3 members failed it
    {'P': ['open-book']}
    >>> r.qualities[["median", "low", "high", "range", "flag"]].to_dict("records")  # scores 1, 3, 4
    [{'median': 3.0, 'low': 1, 'high': 4, 'range': 3, 'flag': True}]
    """
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
    qualities["flag"] = qualities["range"] >= moderation_range()
    return PanelResult(gate_table, failures, qualities, qualities[qualities["flag"]].reset_index(drop=True))


def decision_record(provider: Provider, result: PanelResult, gates: pd.DataFrame, scores: pd.DataFrame,
                    fw: Framework, member_names: dict[str, str], discussion: str = "") -> "Record":
    """The reasons for the panel's decision on one provider, as a record that could stand up to challenge.

    It states the decision, then the reason for each gate outcome (the votes and the evidence read),
    each quality's median and spread with what that median means on the anchored scale and the
    evidence it rests on, the open-book figures, what was flagged for moderation and the discussion.

    Parameters
    ----------
    provider : Provider
        The provider decided on.
    result : PanelResult
        :func:`panel_result` of ``gates`` and ``scores``.
    gates, scores : DataFrame
        The judgements, in long form as for :func:`panel_result`.
    fw : Framework
        The gates, qualities and anchors.
    member_names : dict of str to str
        A member id to the name shown.
    discussion : str
        The panel's moderation discussion.

    Returns
    -------
    Record
        A document for :mod:`svkit.export`: the decision, its gates, qualities, costs and moderation.

    Examples
    --------
    >>> gates, scores = simulated_panel()
    >>> result = panel_result(gates, scores)
    >>> names = {m.id: m.name for m in panel().members}
    >>> first, second = providers().providers[:2]
    >>> decision_record(first, result, gates, scores, framework(), names).facts[-1]
    ('Decision', 'Goes forward')
    >>> decision_record(second, result, gates, scores, framework(), names).facts[-1]
    ('Decision', 'Not selected')
    """
    from svkit.export import Record

    pid = provider.id
    failed = result.failures[pid]
    gate_names = {g.id: g.name for g in fw.gates}
    if failed:
        decision = ("Not selected: fails the gate" + ("s " if len(failed) > 1 else " ")
                    + ", ".join(gate_names[g] for g in failed) + ". A provider that fails a non-negotiable gate is "
                    "not selected, whatever its quality scores.")
    else:
        decision = "Passes every gate, so it goes forward on its quality scores."
    mine = gates[gates["provider"] == pid]
    gate_lines = []
    for g in fw.gates:
        votes = mine[mine["gate"] == g.id]
        fails = int((~votes["passed"].astype(bool)).sum())
        outcome = "FAIL" if g.id in failed else "pass"
        gate_lines.append(f"{g.name}: {outcome} ({len(votes) - fails} of {len(votes)} members passed it). "
                          f"Evidence read: {provider.gates[g.id].evidence}")
    rows = result.qualities[result.qualities["provider"] == pid].set_index("quality")
    quality_lines = []
    for q in fw.qualities:
        r = rows.loc[q.id]
        anchor = fw.anchors[int(np.floor(r["median"]))]
        quality_lines.append(f"{q.name}: median {r['median']:g} of {MAX_SCORE} (range {int(r['low'])}-{int(r['high'])}"
                             f"{'; flagged for moderation' if r['flag'] else ''}). On the scale, {int(np.floor(r['median']))}"
                             f" means: {anchor} Evidence: {provider.qualities[q.id].evidence}")
    c = provider.costs
    surplus = "withheld" if c.surplus is None else f"£{c.surplus:.2f} ({100 * c.surplus_share:.1f}% of the price)"
    cost_lines = [f"£{c.price:.2f} per contact hour for {c.hours_per_week:,.0f} hours a week; care workers paid "
                  f"£{c.wage:.2f} an hour. Pay £{c.pay:.2f}, travel time £{c.travel_time:.2f}, on-costs £{c.on_costs:.2f}, "
                  f"mileage £{c.mileage:.2f}, running costs £{c.running:.2f}, surplus {surplus}. {c.note}"]
    flagged = [next(q.name for q in fw.qualities if q.id == qid) for qid in rows.index[rows["flag"]]]
    members = [member_names.get(m, m) for m in dict.fromkeys([*gates[gates["provider"] == pid]["member"],
                                                                *scores[scores["provider"] == pid]["member"]])]
    sections = [
        ("Decision", [decision]),
        ("Gates: the reasons", gate_lines),
        ("Qualities: medians, spread and evidence", quality_lines),
        ("Open-book costs in the pack", cost_lines),
        ("Moderation", [(f"Flagged (members differ by {moderation_range()} or more): " + ", ".join(flagged) + ".") if flagged
                        else "No quality was flagged for moderation.", discussion]),
        ("How the panel decided", [
            "Each member judged every gate pass or fail; a gate is failed when more than half the members fail it. "
            f"Each quality was scored 0 to {MAX_SCORE} against the anchored scale; the panel's view is the median.",
            "Basis: the non-negotiable gates and relational qualities of values-driven selection ("
            + "; ".join(str(s) for s in fw.sources) + ")."]),
    ]
    return Record(title=f"Reasons for the decision: {provider.name}",
                  facts=[("Provider", f"{provider.name} ({provider.kind}; a fictional provider)"),
                         ("Panel", ", ".join(members)), ("Decision", "Not selected" if failed else "Goes forward")],
                  sections=sections,
                  footer="Made with svkit from the CCIN Social Value Toolkit (2025), section 3. A training record, "
                         "not legal advice.")
