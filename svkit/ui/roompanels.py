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

import statistics

from svkit import (canvas, commongood, costofcare, evaluation, htmlcharts, imperatives, lenses, mindset, pathways,
                   plan, quiz, rationale, ripples, room, scenarios, tender, thread)
from svkit.content import RatingScale
from svkit.ui.kit import Markup, esc, table as html_table


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
    item_name: str = "Statement"  # what one free-text item is called in the console's moderation controls


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
            rows.append([aspects.get(r.row, r.row), f"{r.mean:+.1f}", f"{r.lowest:+.1f} to {r.highest:+.1f}", reference,
                         Markup(bar)])
        blocks.append(
            f"<h3>{esc(name)}: {len(group.people)} "
            f"{'person' if len(group.people) == 1 else 'people'}</h3>"
            f"<p>The room's mean position is {group.mean_score:+.0f} on a scale from −100 (competition) to +100 "
            f"(collaboration).{ref} Lenses: {lens_words}.</p>"
            + html_table("The room's ratings per row, −1 competition to +1 collaboration (dark dot: the room's mean; "
                         "ringed dot: the reference)", ["Row", "Room's mean", "Range", "Reference", "Picture"], rows,
                         css_class="svkit-table svkit-room-lens"))
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
        rows = [[i, *([] if view.projector else [view.name(m.participant)]),
                 f"{m.price}% / {m.quality}% / {m.social_value}%", m.winner_menu, m.winner_embedded]
                for i, m in enumerate(group.marks, start=1)]
        head = ["Mark", *([] if view.projector else ["Who"]), "Price / quality / social value", "Winner, menu",
                "Winner, embedded"]
        table = html_table("Each weighting and who wins under it", head, rows, row_headers=False)
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


# -- shared pieces for the panels below ---------------------------------------------------
def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _bar(value: float, most: float) -> str:
    """A bar for a table row: decoration only (the number sits in its own cell)."""
    pct = 0 if most <= 0 else max(0.0, min(100.0, 100 * value / most))
    return f'<span class="svkit-room-bar" aria-hidden="true"><span style="width:{pct:.0f}%"></span></span>'


def _table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    """A table with a caption and column headers; the first cell of each row is its header. Cells are HTML."""
    return html_table(caption, head, [[Markup(c) for c in r] for r in rows])


def _counts(caption: str, what: str, pairs: list[tuple[str, int]], of: int | None = None) -> str:
    """A table of (name, count) with bars; ``of`` adds each count as a share of it."""
    most = max((n for _, n in pairs), default=0)
    head = [what, "How many", *(["Share"] if of else []), "Picture"]
    rows = [[esc(name), str(n), *([f"{100 * n / of:.0f}%"] if of else []), _bar(n, most)] for name, n in pairs]
    return _table(caption, head, rows)


def _source(text: str) -> str:
    return f'<p class="svkit-source">Source: {esc(text)}.</p>'


def _fmt(v: float | None) -> str:
    return "none" if v is None else f"{v:g}"


# -- 1-1, 1-2, 1-3, 2-5: quizzes ---------------------------------------------------------
@lru_cache(maxsize=8)
def _quiz_items(label: str) -> dict[str, tuple[str, dict[str, str], dict[str, str], str]]:
    """item id -> (prompt text, choice id -> words, choice id -> feedback, feedback on the item)."""
    found = {}
    for q in quiz.load(label).questions:
        if isinstance(q, quiz.Assignment):
            words = {c.id: c.label for c in q.categories}
            for item in q.items:
                found[item.id] = (item.text, words, {}, getattr(item, "feedback", "") or "")
        elif hasattr(q, "options"):
            prompt = q.prompt
            base = q.id.removesuffix("-verdict")
            if base != q.id:  # 1-3: a card's second question; name the card by its first question's prompt
                first = next((o for o in quiz.load(label).questions if o.id == f"{base}-principle"), None)
                prompt = f"{first.prompt} {q.prompt}" if first is not None else prompt
            found[q.id] = (prompt, {o.id: o.text for o in q.options}, {o.id: o.feedback for o in q.options}, "")
    return found


def draw_quiz(label: str) -> Callable[[room.QuizRoom, View], str]:
    def draw(result: room.QuizRoom, view: View) -> str:
        if not result.items:
            return empty(f"No one has checked their answers in {label} yet."
                         + (f" ({result.unreadable} older result(s) without per-item answers.)" if result.unreadable else ""))
        items = _quiz_items(label)
        rows, notes = [], []
        for n, r in enumerate(sorted(result.items, key=lambda r: (r.share_right, r.item)), start=1):
            text, words, option_feedback, item_feedback = items.get(r.item, (r.item, {}, {}, ""))
            if r.wrong_answer is None:
                wrong = "none"
            else:
                wrong = " and ".join(words.get(c, c) for c in r.wrong_answer) or "nothing chosen"
                feedback = " ".join(option_feedback.get(c, "") for c in r.wrong_answer).strip() or item_feedback
                if feedback:
                    notes.append(f"<li><strong>{esc(text)}</strong> Chosen most often, wrongly: {esc(wrong)}. "
                                 f"{esc(feedback)}</li>")
            rows.append([esc(text), f"{r.right} of {r.answered}", f"{100 * r.share_right:.0f}%",
                         f"{esc(wrong)} ({r.wrong_count})" if r.wrong_answer is not None else "none",
                         _bar(r.share_right, 1)])
        return (f"<p>{_people(result.people)} checked their answers. Hardest first.</p>"
                + _table("The share who got each item right, and the wrong answer chosen most",
                         ["Item", "Right", "Share right", "Most-chosen wrong answer (how many)", "Picture"], rows)
                + (f'<h3>Feedback on the wrong answers chosen most</h3><ul class="svkit-plain">{"".join(notes)}</ul>'
                   if notes else "")
                + _source(f"the room's {label} answers, marked against data/questions/{label}.yaml"))
    return draw


# -- 2-1 ---------------------------------------------------------------------------------
VERDICT_WORDS = {"competition": "Competition should work", "with-care": "Competition, with care",
                 "not-competition": "Competition is unlikely to work", "incomplete": "Not finished"}


def draw_conditions(result: room.ConditionsRoom, view: View) -> str:
    if not result.people:
        return empty("No one has judged the conditions in 2-1 yet.")
    verdicts = [(VERDICT_WORDS.get(v, v), n) for v, n in sorted(result.verdicts.items(), key=lambda kv: -kv[1])]
    failed = (_counts("The conditions most often failed", "Condition", result.failed, result.people)
              if result.failed else "<p>No one marked a condition as failed.</p>")
    return (f"<p>{_people(result.people)} judged a situation.</p>"
            + _counts("The room's verdicts", "Verdict", verdicts, result.people) + failed
            + _source("the room's 2-1 answers; conditions from the toolkit's supporting narrative, 'Theory of Competition'"))


# -- 2-3 ---------------------------------------------------------------------------------
def draw_lots(result: list[room.LotChoice], view: View) -> str:
    if not result:
        return empty("No one has split the contract in 2-3 yet.")
    most = max(c.median_shut_out for c in result)
    rows = [[f"{c.lots} lot{'s' if c.lots != 1 else ''}", str(c.people), f"{c.median_shut_out:g}",
             f"{min(c.shut_out)} to {max(c.shut_out)}", _bar(c.median_shut_out, most)] for c in result]
    return (_table("The lot counts the room chose, and how many local organisations each shut out (could bid for no lot)",
                   ["Lots", "People", "Shut out (median)", "Shut out (range)", "Picture"], rows)
            + _source("the room's 2-3 answers; the kit's illustrative local organisations (data/lots)"))


# -- 2-4 ---------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _rule_messages() -> dict[str, str]:
    return {r.id: r.message for r in rationale.rules().rules}


def draw_rationale(result: room.RationaleRoom, view: View) -> str:
    if not result.people:
        return empty("No one has started a rationale in 2-4 yet.")
    pairs = [(_rule_messages().get(rule, rule), n) for rule, n in result.warnings]
    table = (_counts("The warnings the room's rationales raised most", "Warning", pairs, result.people)
             if pairs else "<p>No rationale raised a warning.</p>")
    return (f"<p>{_people(result.people)} wrote a rationale; {result.complete} complete.</p>" + table
            + _source("the room's 2-4 rationales, checked against data/rationale/rules.yaml"))


# -- 3-1 ---------------------------------------------------------------------------------
def aggregate_canvas(summaries: Mapping[str, Any]) -> room.CanvasRoom:
    return room.canvas_room(summaries, len(canvas.steps().steps))


def draw_canvas(result: room.CanvasRoom, view: View) -> str:
    if not result.people:
        return empty("No one has written a step of the 3-1 canvas yet.")
    titles = {s.number: s.title for s in canvas.steps().steps}
    rows = [[f"{n}. {esc(titles.get(n, ''))}", f"{result.written[n]} of {result.people}",
             _bar(result.written[n], result.people)] for n in result.hardest]
    return (f"<p>{_people(result.people)} started a canvas. The steps the room found hardest (fewest written) come first.</p>"
            + _table("How many wrote each of the eleven steps, fewest first", ["Step", "Written", "Picture"], rows)
            + _source("the room's 3-1 canvases; steps from data/collaboration/steps.yaml"))


# -- 3-2 ---------------------------------------------------------------------------------
def draw_routes(result: room.RoutesRoom, view: View) -> str:
    if not result.people:
        return empty("No one has answered the 3-2 questions yet.")
    names = {r.id: r.name for r in pathways.routes().routes}
    most = max(n for _, n in result.in_top)
    rows = [[esc(names.get(r, r)), str(n), str(result.first.get(r, 0)), _bar(n, most)] for r, n in result.in_top]
    return (f"<p>{_people(result.people)} found their top three routes.</p>"
            + _table("The routes in the room's top three, counted", ["Route", "In a top three", "Ranked first",
                                                                     "Picture"], rows)
            + _source("the room's 3-2 answers; routes from data/pathways/routes.yaml"))


# -- 3-3 ---------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _simulated_result():
    return imperatives.panel_result(*imperatives.simulated_panel())


def draw_panel(result: room.PanelRoom, view: View) -> str:
    if not result.members:
        return empty("No one has judged a provider in 3-3 yet.")
    fw, table = imperatives.framework(), imperatives.providers()
    ours = imperatives.panel_result(result.gates, result.scores)
    sim = _simulated_result()
    gate_names = {g.id: g.name for g in fw.gates}
    q_names = {q.id: q.name for q in fw.qualities}
    blocks = [f"<p>The room as a panel of {result.members} member{'s' if result.members != 1 else ''}, judged the way "
              "the simulated panel is: a gate fails by majority; each quality's median and spread, with a flag "
              f"where members differ by {imperatives.moderation_range()} or more.</p>"]
    judged = [p for p in table.providers if p.id in set(result.gates["provider"]) | set(result.scores["provider"])]
    totals, sim_totals = ours.median_total(), sim.median_total()
    for p in judged:
        def verdict(r, pid=p.id):
            failed = r.failures.get(pid, [])
            return "fails " + ", ".join(gate_names.get(f, f) for f in failed) if failed else "passes every gate judged"
        rows = []
        qs = ours.qualities[ours.qualities["provider"] == p.id].set_index("quality")
        sq = sim.qualities[sim.qualities["provider"] == p.id].set_index("quality")
        for q in fw.qualities:
            if q.id not in qs.index:
                continue
            r = qs.loc[q.id]
            sim_median = f"{sq.loc[q.id]['median']:g}" if q.id in sq.index else "-"
            rows.append([esc(q_names[q.id]), f"{r['median']:g}", f"{int(r['low'])} to {int(r['high'])}",
                         "Discuss" if bool(r["flag"]) else "", sim_median])
        total = f"{totals[p.id]:g}" if p.id in totals.index else "-"
        sim_total = f"{sim_totals[p.id]:g}" if p.id in sim_totals.index else "-"
        blocks.append(f"<h3>{esc(p.name)}</h3><p>The room: {esc(verdict(ours))}; median total {total}. "
                      f"The simulated panel: {esc(verdict(sim))}; median total {sim_total}.</p>"
                      + (_table(f"{p.name}: the room's scores beside the simulated panel's",
                                ["Quality", "Room's median", "Room's spread", "Moderation flag",
                                 "Simulated panel's median"], rows) if rows else ""))
    return "".join(blocks) + _source("the room's 3-3 judgements; the simulated panel and evidence packs in "
                                     "data/imperatives; method after Wigan's values-driven selection")


# -- 3-4 ---------------------------------------------------------------------------------
def aggregate_ripples(summaries: Mapping[str, Any]) -> room.RipplesRoom:
    return room.ripples_room(summaries, tuple(str(r) for r in ripples.RINGS), tuple(ripples.TAGS))


def draw_ripples(result: room.RipplesRoom, view: View) -> str:
    if not result.people:
        return empty("No one has drawn a ripple map in 3-4 yet.")
    rings = [(f"Ripple {k}" + (" (direct result)" if k == "1" else ""), n) for k, n in result.by_ring.items()]
    tags = [(ripples.TAGS.get(t, t), n) for t, n in result.by_tag.items()]
    return (f"<p>{_people(result.people)} drew a map; {result.indicators} indicator(s) written.</p>"
            + _counts("The room's ripples by ring", "Ring", rings) + _counts("The room's ripples by tag", "Tag", tags)
            + _source("the room's 3-4 ripple maps"))


# -- 3-5 ---------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _price_references() -> dict[str, tuple[float | None, float | None]]:
    refs = {}
    for year in costofcare.years():
        b = costofcare.year_costs(year).benchmarks
        refs[year] = tuple(b[k].value if k in b else None for k in ("hca_minimum", "average_fee"))
    return refs


def aggregate_price(summaries: Mapping[str, Any]) -> list[room.PriceRoom]:
    return room.price_room(summaries, _price_references())


def _price_strip(group: room.PriceRoom) -> str:
    lines = [v for v in (group.hca_minimum, group.average_fee) if v is not None]
    low = min([*group.totals, *lines]) - 2
    high = max([*group.totals, *lines]) + 2
    width, height = 560, 110

    def x(v: float) -> float:
        return 20 + (width - 40) * (v - low) / (high - low)

    parts = [f'<line x1="20" y1="70" x2="{width - 20}" y2="70" stroke="#444"/>']
    for v in group.totals:
        parts.append(f'<circle cx="{x(v):.1f}" cy="60" r="6" fill="#0b4f9c" fill-opacity="0.6"/>')
    for v, name, colour in ((group.hca_minimum, "HCA minimum", "#b00020"), (group.average_fee, "average fee", "#555")):
        if v is not None:
            parts.append(f'<line x1="{x(v):.1f}" y1="25" x2="{x(v):.1f}" y2="80" stroke="{colour}" stroke-dasharray="4 3"/>'
                         f'<text x="{x(v):.1f}" y="20" font-size="12" text-anchor="middle">{name} £{v:.2f}</text>')
    for v in (low, high):
        parts.append(f'<text x="{x(v):.1f}" y="98" font-size="12" text-anchor="middle">£{v:.0f}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'font-family="Arial, Helvetica, sans-serif"><rect width="100%" height="100%" fill="#fff"/>{"".join(parts)}</svg>')


def draw_price(result: list[room.PriceRoom], view: View) -> str:
    if not result:
        return empty("No one has built a price in 3-5 yet.")
    blocks = []
    for g in result:
        ref = []
        if g.hca_minimum is not None:
            ref.append(f"{g.below(g.hca_minimum)} below the Homecare Association minimum (£{g.hca_minimum:.2f})")
        if g.average_fee is not None:
            ref.append(f"{g.below(g.average_fee)} below the average fee councils paid (£{g.average_fee:.2f})")
        words = (f"{len(g.totals)} price(s) for {g.year}, from £{g.totals[0]:.2f} to £{g.totals[-1]:.2f} per contact "
                 f"hour, median £{g.median:.2f}" + ("; " + "; ".join(ref) if ref else "") + ".")
        rows = [[f"Price {n}", f"£{v:.2f}"] for n, v in enumerate(g.totals, start=1)]
        blocks.append(f"<h3>{esc(g.year)}</h3><p>{esc(words)}</p>"
                      + htmlcharts.svg_img(_price_strip(g), "Each price the room built as a dot on a line, beside the "
                                           "Homecare Association minimum and the average fee paid. " + words)
                      + _table(f"The room's prices for {g.year}, £ per contact hour, lowest first", ["Price", "£"], rows))
    return "".join(blocks) + _source("the room's 3-5 prices; Homecare Association minimum price and fee-rate research "
                                     "(data/costs)")


# -- 3-6 ---------------------------------------------------------------------------------
def draw_zoning(result: list[room.MarketTried], view: View) -> str:
    if not result:
        return empty("No one has tried a market in 3-6 yet.")
    most = max(m.travel_min_per_hour for m in result)
    rows = [[("Borough-wide" if m.kind == "borough-wide" else f"{m.zones} zones") + f", {m.providers} providers",
             f"{m.travel_min_per_hour:g}", str(m.people), _bar(m.travel_min_per_hour, most)] for m in result]
    return (_table("The markets the room tried, least travel first", ["Market", "Travel (minutes per contact hour)",
                                                                       "People", "Picture"], rows)
            + _source("the room's 3-6 answers; the kit's illustrative borough (data/places)"))


# -- 4-1 ---------------------------------------------------------------------------------
FINDING_WORDS = {"bolted-on": "Bolted on: a requirement serving no goal", "unserved-goal": "A goal that goes nowhere",
                 "unmeasured": "A requirement with no measure", "disproportionate": "Too heavy for the contract",
                 "loose": "A loose link"}


def draw_thread(result: room.ThreadRoom, view: View) -> str:
    if not result.people:
        return empty("No one has built a golden thread in 4-1 yet.")
    pairs = [(FINDING_WORDS.get(k, k), n) for k, n in result.findings]
    return (f"<p>{_people(result.people)} built a thread; {result.links} links in all.</p>"
            + (_counts("The findings the room's threads raised, by kind", "Finding", pairs) if pairs
               else "<p>No thread raised a finding.</p>")
            + _source("the room's 4-1 threads, checked against data/enabling/thread.yaml"))


# -- 4-2 and 4-3: the room's median per item on a rating scale ------------------------------
@dataclass(frozen=True)
class _Rated:
    """Items rated on one scale: 4-2's shifts, 4-3's pillars."""

    field: str  # the summary field holding item id -> rating
    names: dict[str, str]  # item id -> its name, in the table's order
    scale: RatingScale

    def aggregate(self, summaries: Mapping[str, Any]) -> room.MedianRoom:
        return room.median_room(summaries, self.field, list(self.names), self.scale.min, self.scale.max)

    def html(self, result: room.MedianRoom, did: str, item: str, source: str, chart: str = "",
             bars: bool = False) -> str:
        """Who ``did`` it, ``chart``, the median per ``item`` (with a bar each if ``bars``), the source."""
        head = [item, "Median", "People"] + (["Picture"] if bars else [])
        rows = [[esc(self.names[k]), _fmt(v), str(result.counts[k])] + ([_bar(v or 0, self.scale.max)] if bars else [])
                for k, v in result.medians.items()]
        return (f"<p>{_people(result.people)} {did}, {self.scale.min} to {self.scale.max}.</p>" + chart
                + _table(f"The room's median per {item.lower()}", head, rows) + _source(source))


def _shifts() -> _Rated:
    table = mindset.shifts()
    return _Rated("ratings", {s.id: f"{s.from_} to {s.to}" for s in table.shifts}, table.scale)


def _pillars() -> _Rated:
    table = commongood.framework()
    return _Rated("scores", {p.id: p.name for p in table.pillars}, table.scale)


def aggregate_mindset(summaries: Mapping[str, Any]) -> room.MedianRoom:
    return _shifts().aggregate(summaries)


def draw_mindset(result: room.MedianRoom, view: View) -> str:
    if not result.people:
        return empty("No one has rated a shift in 4-2 yet.")
    shifts = _shifts()
    axes = [shifts.names[k] for k in result.medians]
    values = [v if v is not None else shifts.scale.min for v in result.medians.values()]
    words = "; ".join(f"{shifts.names[k]}: {_fmt(v)}" for k, v in result.medians.items())
    radar = htmlcharts.svg_img(htmlcharts.radar_svg(axes, values, shifts.scale.min, shifts.scale.max),
                               f"Radar of the room's median rating per shift. {words}.", "30rem")
    return shifts.html(result, "rated themselves", "Shift",
                       "the room's 4-2 ratings; shifts from the toolkit's 'Mindsets and Culture Shifts'", chart=radar)


def aggregate_pillars(summaries: Mapping[str, Any]) -> room.MedianRoom:
    return _pillars().aggregate(summaries)


def draw_pillars(result: room.MedianRoom, view: View) -> str:
    if not result.people:
        return empty("No one has scored a pillar in 4-3 yet (or only before per-pillar scores were saved).")
    return _pillars().html(result, "scored a framework", "Pillar",
                           "the room's 4-3 scores; pillars from the toolkit's prototype 'Common Good' framework",
                           bars=True)


# -- 4-4 ---------------------------------------------------------------------------------
def draw_plans(result: room.PlansRoom, view: View) -> str:
    if not result.plans and not result.recommendations:
        return empty("No one has started an action plan in 4-4 yet.")
    texts = {r.id: r.text for r in plan.recommendations()}
    pairs = [(texts.get(r, r), n) for r, n in result.recommendations[:8]]
    return (f"<p>{result.plans} plan(s) with {result.steps} step(s); {result.owned_dated} of those steps have an "
            "owner and a date.</p>"
            + (_counts("The recommendations chosen most", "Recommendation", pairs) if pairs else "")
            + _source("the room's 4-4 plans; recommendations from the toolkit (data/enabling/recommendations.yaml)"))


# -- 00-evaluation -------------------------------------------------------------------------
def aggregate_evaluation(summaries: Mapping[str, Any]) -> evaluation.EvaluationRoom:
    return evaluation.evaluation_room(summaries, evaluation.form())


def _pair_bars(before: float | None, after: float | None, most: float) -> str:
    """Start and end as two labelled bars (decoration: the numbers sit in their own cells)."""
    return "".join(f'<span class="svkit-room-pair"><span class="svkit-room-pair-word">{word}</span> '
                   f'{_bar(v or 0, most)}</span>'
                   for word, v in (("start", before), ("end", after)))


def _open_wall(items: list[room.WallItem], view: View) -> str:
    """The open answers, by question: on the projector only those revealed, and never a name."""
    if not items:
        return "<p>No one has written an answer in their own words yet.</p>"
    questions = list(dict.fromkeys(w.service for w in items))
    if view.projector:
        shown = [w for w in items if w.item in view.revealed]
        waiting = len(items) - len(shown)
        blocks = "".join(
            f"<h4>{esc(q)}</h4>" + f'<ul class="svkit-wall" aria-label="{esc(q)}">'
            + "".join(f'<li class="svkit-wall-card">{esc(w.text)}</li>' for w in shown if w.service == q) + "</ul>"
            for q in questions if any(w.service == q for w in shown))
        note = f"<p>{waiting} more waiting for the trainer.</p>" if waiting else ""
        return (blocks or f"<p>{len(items)} answer(s) written; the trainer has not shown any yet.</p>") + note
    return "".join(
        f"<h4>{esc(q)}</h4>" + f'<ul class="svkit-wall" aria-label="{esc(q)}">' + "".join(
            f'<li class="svkit-wall-card{" svkit-wall-shown" if w.item in view.revealed else ""}">'
            f'<span class="svkit-wall-text">{esc(w.text)}</span>'
            f'<span class="svkit-wall-who">{esc(view.name(w.participant))} · '
            f"{'on the projector' if w.item in view.revealed else 'hidden from the projector'}</span></li>"
            for w in items if w.service == q) + "</ul>"
        for q in questions)


def draw_evaluation(result: evaluation.EvaluationRoom, view: View) -> str:
    if not result.people:
        return empty("No one has answered the evaluation yet.")
    table = evaluation.form()
    texts = {q.id: q.text for q in table.questions}
    top = table.scale.max
    rows, spreads = [], []
    for n, q in enumerate(result.questions, start=1):
        name = f"{n}. {esc(texts.get(q.question, q.question))}"
        moved = (f"{q.rose} rose, {q.stayed} stayed, {q.fell} fell (of {q.paired})" if q.paired
                 else "no one yet")
        rows.append([name, f"{_fmt(q.before_median)} ({_people(q.before_count)})",
                     f"{_fmt(q.after_median)} ({_people(q.after_count)})", moved,
                     _pair_bars(q.before_median, q.after_median, top)])
        most = max([*q.before.values(), *q.after.values(), 1])
        spreads.append(_table(
            f"Question {n}: how many chose each point, at the start and at the end",
            ["Point on the scale", "Start", "End", "Picture"],
            [[f"{v}: {esc(table.scale.labels[v])}", str(q.before[v]), str(q.after[v]),
              _pair_bars(q.before[v], q.after[v], most)] for v in q.before]))
    return (f"<p>{_people(result.before_people)} answered at the start and {_people(result.after_people)} at the "
            f"end, on a scale of {esc(table.scale_words)}. A person's start and end answers are compared only "
            "when they gave both.</p>"
            + _table("The room's median at the start and at the end, and how those who answered both times moved",
                     ["Question", "Median at the start (people)", "Median at the end (people)",
                      "Answered both times", "Picture"], rows)
            + "<details><summary>How many chose each point</summary>" + "".join(spreads) + "</details>"
            + "<h3>In their own words</h3>" + _open_wall(result.wall, view)
            + _source("the room's answers to the workshop evaluation (data/sessions/evaluation.yaml)"))


register(Panel("00-evaluation", "Workshop evaluation: the room at the start and at the end", aggregate_evaluation,
               draw_evaluation, free_text=lambda result: list(result.wall), item_name="Open answer"))
register(Panel("1-1", "1-1 Which value does it serve? The room's answers", room.quiz_room, draw_quiz("1-1")))
register(Panel("1-2", "1-2 The commissioning cycle: the room's answers", room.quiz_room, draw_quiz("1-2")))
register(Panel("1-3", "1-3 Legal principles: the room's answers", room.quiz_room, draw_quiz("1-3")))
register(Panel("1-4", "1-4 Which lens? The room against the reference profile", aggregate_lens, draw_lens))
register(Panel("2-1", "2-1 Conditions for competition: the room's verdicts", room.conditions_room, draw_conditions))
register(Panel("2-2", "2-2 Tender lab: the room's weightings on the winner map", room.tender_room, draw_tender))
register(Panel("2-3", "2-3 Lotting: the room's lots and who they shut out", room.lots_room, draw_lots))
register(Panel("2-4", "2-4 Rationale: the warnings the room raised", room.rationale_room, draw_rationale))
register(Panel("2-5", "2-5 Clauses: the room's answers", room.quiz_room, draw_quiz("2-5")))
register(Panel("3-1", "3-1 Collaborative canvas: the steps the room found hardest", aggregate_canvas, draw_canvas))
register(Panel("3-2", "3-2 Pathways: the routes in the room's top three", room.routes_room, draw_routes))
register(Panel("3-3", "3-3 Values-driven panel: the room as a panel", room.panel_room, draw_panel))
register(Panel("3-4", "3-4 Ripple map: the room's ripples", aggregate_ripples, draw_ripples))
register(Panel("3-5", "3-5 Price of care: the prices the room built", aggregate_price, draw_price))
register(Panel("3-6", "3-6 Zoning: the markets the room tried", room.zoning_room, draw_zoning))
register(Panel("3-7", "3-7 'I' statements: the room's wall", room.statement_wall, draw_wall,
               free_text=lambda items: list(items)))
register(Panel("4-1", "4-1 Golden thread: the findings the room raised", room.thread_room, draw_thread))
register(Panel("4-2", "4-2 Mindset: the room's median per shift", aggregate_mindset, draw_mindset))
register(Panel("4-3", "4-3 Common Good framework: the room's median per pillar", aggregate_pillars, draw_pillars))
register(Panel("4-4", "4-4 Action plans: the room's plans", room.plans_room, draw_plans))
