"""The console's panels: one per exercise, each an aggregation (svkit.room) and a drawing.

Adding a panel is one step: write ``aggregate(summaries) -> result`` in the exercise's domain
module (pure, tested by hand), a ``draw(result, view) -> html`` here, and :func:`register` them
under the exercise label, saying whether the result holds participants' free text
(``free_text(result) -> [room.WallItem]``; such text reaches the projector only once revealed).

Every draw function escapes participant text, shows names only when ``view.names`` has them (the
projector passes none), and gives every chart a text alternative.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from svkit import htmlcharts, lenses, room, scenarios, tender
from svkit.ui.common import esc


@dataclass(frozen=True)
class View:
    """Who is looking: the console (names, every item) or the projector (no names, revealed items only)."""

    projector: bool = False
    names: Mapping[str, str] = field(default_factory=dict)  # participant -> display name; empty on the projector
    revealed: frozenset[str] = frozenset()  # wall items the trainer has revealed

    def name(self, participant: str) -> str:
        return self.names.get(participant) or "unnamed"


@dataclass(frozen=True)
class Panel:
    label: str  # the exercise's label, '2-2'
    title: str  # the panel's heading
    aggregate: Callable[[Mapping[str, Any]], Any]  # participant -> summary, in; a result out (pure)
    draw: Callable[[Any, View], str]  # result and view in; HTML out
    free_text: Callable[[Any], list[room.WallItem]] | None = None  # the result's free-text items, if any


PANELS: dict[str, Panel] = {}


def register(panel: Panel) -> Panel:
    PANELS[panel.label] = panel
    return panel


def empty(what: str) -> str:
    return f'<p class="svkit-room-empty">{esc(what)}</p>'


# -- 1-4 -------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _lens_references() -> dict[str, dict[str, float]]:
    return {s.id: dict(s.lens_profile.ratings) for s in scenarios.scenarios()}


@lru_cache(maxsize=1)
def _scenario_titles() -> dict[str, str]:
    return {s.id: s.title for s in scenarios.scenarios()}


def aggregate_lens(summaries: Mapping[str, Any]) -> list[room.LensRoom]:
    return room.lens_room(summaries, _lens_references())


def _track(value: float, cls: str) -> str:
    return f'<span class="{cls}" style="left:{50 + 50 * value:.1f}%"></span>'


def draw_lens(result: list[room.LensRoom], view: View) -> str:
    if not result:
        return empty("No one has rated a situation in 1-4 yet.")
    aspects = {r.id: r.aspect for r in lenses.table().rows}
    blocks = []
    for group in result:
        name = _scenario_titles().get(group.scenario, "Their own situations")
        ref = ("" if group.reference_score is None
               else f" The reference profile sits at {group.reference_score:+.0f}.")
        lens_words = ", ".join(f"{n} {esc(lens)}" for lens, n in sorted(group.lenses.items()))
        rows = []
        for r in group.rows:
            bar = ('<span class="svkit-track" aria-hidden="true">'
                   + _track(r.mean, "svkit-dot-room")
                   + ("" if r.reference is None else _track(r.reference, "svkit-dot-ref")) + "</span>")
            reference = "none" if r.reference is None else f"{r.reference:+.1f}"
            rows.append(f'<tr><th scope="row">{esc(aspects.get(r.row, r.row))}</th><td>{r.mean:+.1f}</td>'
                        f"<td>{r.lowest:+.1f} to {r.highest:+.1f}</td><td>{reference}</td><td>{bar}</td></tr>")
        blocks.append(
            f"<h3>{esc(name)}: {len(group.people)} "
            f"{'person' if len(group.people) == 1 else 'people'}</h3>"
            f"<p>The room's mean position is {group.mean_score:+.0f} on a scale from −100 (competition) to +100 "
            f"(collaboration).{ref} Lenses: {lens_words}.</p>"
            '<table class="svkit-table svkit-room-lens"><caption>The room\'s ratings per row, −1 competition to +1 '
            "collaboration (dark dot: the room's mean; ringed dot: the reference)</caption>"
            "<tr><th scope=\"col\">Row</th><th scope=\"col\">Room's mean</th><th scope=\"col\">Range</th>"
            f"<th scope=\"col\">Reference</th><th scope=\"col\">Picture</th></tr>{''.join(rows)}</table>")
    return "".join(blocks) + '<p class="svkit-source">Source: the room\'s 1-4 answers; rows from the CCIN Social ' \
        "Value Toolkit (2025), executive summary, 'Understanding the differences'.</p>"


# -- 2-2 -------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _room_maps(bid_set: str, price_method: str):
    bids = tender.library_bids(bid_set)
    maps = tuple(tender.winner_map(bids, 1, price_method, approach) for approach in tender.SV_APPROACHES)
    return bids["bidder"].to_list(), maps


APPROACH_NAMES = {"menu": "Menu (claimed £ proxy values)", "embedded": "Embedded (quality of delivery)"}
TENDER_SOURCE = ("the room's 2-2 weightings; illustrative bids in data/tenders; menu values from the kit's own "
                 "illustrative menu, not the National TOMs")


def draw_tender(result: list[room.TenderRoom], view: View) -> str:
    if not result:
        return empty("No one has set weights that add up to 100 in 2-2 yet.")
    library = tender.bid_sets()
    blocks = []
    for group in result:
        if group.bid_set not in library:
            blocks.append(f"<p>{len(group.marks)} weighting(s) on bids a participant uploaded: not drawn here.</p>")
            continue
        bidders, maps = _room_maps(group.bid_set, group.price_method)
        marks = [(str(i), m.price, m.quality) for i, m in enumerate(group.marks, start=1)]
        heading = f"{group.bid_set.replace('-', ' ').capitalize()}, {group.price_method} price scoring"
        chart = htmlcharts.winner_maps_marked_html(
            [(APPROACH_NAMES[a], m) for a, m in zip(tender.SV_APPROACHES, maps)], bidders,
            f"{heading}: the room's weightings on the winner map", marks, TENDER_SOURCE)
        rows = "".join(
            f"<tr><td>{i}</td>{'' if view.projector else f'<td>{esc(view.name(m.participant))}</td>'}"
            f"<td>{m.price}% / {m.quality}% / {m.social_value}%</td><td>{esc(m.winner_menu)}</td>"
            f"<td>{esc(m.winner_embedded)}</td></tr>"
            for i, m in enumerate(group.marks, start=1))
        who = "" if view.projector else '<th scope="col">Who</th>'
        table = ('<table class="svkit-table"><caption>Each weighting and who wins under it</caption>'
                 f'<tr><th scope="col">Mark</th>{who}<th scope="col">Price / quality / social value</th>'
                 f'<th scope="col">Winner, menu</th><th scope="col">Winner, embedded</th></tr>{rows}</table>')
        wins = "".join(
            f"<li>{esc(APPROACH_NAMES[a])}: "
            + ", ".join(f"{esc(b)} wins at {n}" for b, n in sorted(counts.items(), key=lambda kv: -kv[1])) + "</li>"
            for a, counts in (("menu", group.wins_menu), ("embedded", group.wins_embedded)))
        blocks.append(f"<h3>{esc(heading)}: {len(group.marks)} weighting(s)</h3>{chart}{table}"
                      f'<ul class="svkit-plain">{wins}</ul>')
    return "".join(blocks)


# -- 3-7 -------------------------------------------------------------------------
def draw_wall(result: list[room.WallItem], view: View) -> str:
    if not result:
        return empty("No 'I' statements written in 3-7 yet.")
    if view.projector:
        shown = [w for w in result if w.item in view.revealed]
        waiting = len(result) - len(shown)
        cards = "".join(f'<li class="svkit-wall-card">{esc(w.text)}</li>' for w in shown)
        note = f"<p>{waiting} more waiting for the trainer.</p>" if waiting else ""
        return (f'<ul class="svkit-wall" aria-label="The room\'s \'I\' statements">{cards}</ul>{note}'
                if cards else empty(f"{len(result)} statement(s) written; the trainer has not shown any yet.") + note)
    cards = "".join(
        f'<li class="svkit-wall-card{" svkit-wall-shown" if w.item in view.revealed else ""}">'
        f"<span class=\"svkit-wall-text\">{esc(w.text)}</span>"
        f'<span class="svkit-wall-who">{esc(view.name(w.participant))}'
        f"{(' · ' + esc(w.service)) if w.service else ''} · "
        f"{'on the projector' if w.item in view.revealed else 'hidden from the projector'}</span></li>"
        for w in result)
    return f'<ul class="svkit-wall" aria-label="The room\'s \'I\' statements">{cards}</ul>'


register(Panel("1-4", "1-4 Which lens? The room against the reference profile", aggregate_lens, draw_lens))
register(Panel("2-2", "2-2 Tender lab: the room's weightings on the winner map", room.tender_room, draw_tender))
register(Panel("3-7", "3-7 'I' statements: the room's wall", room.statement_wall, draw_wall,
               free_text=lambda items: list(items)))
