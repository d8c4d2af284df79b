"""Realistic summaries for every exercise, as three different participants would save them.

Shapes follow docs/stored-answers.md; ids come from the kit's data, so a renamed item shows up here.
Participant n (0, 1 or 2) answers a little differently each time, so every panel has a spread to show.
"""

from __future__ import annotations

from svkit import evaluation, canvas as collaboration, commongood, imperatives, mindset, pathways, plan, quiz, rationale
from svkit.lenses import ROW_IDS
from svkit.scenarios import scenarios

LABELS = ("00-evaluation", "1-1", "1-2", "1-3", "1-4", "2-1", "2-2", "2-3", "2-4", "2-5", "3-1", "3-2", "3-3", "3-4", "3-5", "3-6",
          "3-7", "4-1", "4-2", "4-3", "4-4")


def quiz_summary(label: str, n: int) -> dict:
    """Participant n gets item i right unless (i + n) % 3 == 0; a wrong answer picks the first other choice."""
    items = {}
    for q in quiz.load(label).questions:
        if isinstance(q, quiz.Assignment):
            for i, item in enumerate(q.items):
                right = (i + n) % 3 != 0
                wrong = next(c.id for c in q.categories if c.id not in item.answer)
                items[item.id] = {"right": right, "chosen": list(item.answer) if right else [wrong]}
        elif hasattr(q, "options"):
            i = len(items)
            right = (i + n) % 3 != 0
            wrong = next(o.id for o in q.options if o.id != q.answer)
            items[q.id] = {"right": right, "chosen": [q.answer if right else wrong]}
    right = sum(v["right"] for v in items.values())
    return {"right": right, "of": len(items), "items": items}


def summaries_for(n: int) -> dict[str, dict]:
    """Every exercise's summary for participant n (0, 1 or 2)."""
    scenario = scenarios()[n % len(scenarios())].id
    rules = [r.id for r in rationale.rules().rules]
    routes = [r.id for r in pathways.routes().routes]
    fw, providers = imperatives.framework(), imperatives.providers()
    judged = [p.id for p in providers.providers[:2]]
    gates = {p: {g.id: not (n == 0 and g.id == "open-book" and p == judged[0]) for g in fw.gates} for p in judged}
    scores = {p: {q.id: (q_i + n * 2) % 5 for q_i, q in enumerate(fw.qualities)} for p in judged}
    shifts = [s.id for s in mindset.shifts().shifts]
    pillars = [p.id for p in commongood.framework().pillars]
    recs = [r.id for r in plan.recommendations()]
    steps = len(collaboration.steps().steps)
    summaries = {label: quiz_summary(label, n) for label in ("1-1", "1-2", "1-3", "2-5")}
    form = evaluation.form()
    questions, open_ids = [q.id for q in form.questions], [q.id for q in form.open]
    before = {q: 1 + (i + n) % 3 for i, q in enumerate(questions)}  # question 1: 1, 2, 3 for n = 0, 1, 2
    after = {q: v + 2 - n for q, v in before.items()}  # n = 0 rises by 2, n = 1 by 1, n = 2 stays
    written = {open_ids[0]: f"Ask finance to join our next commissioning board ({n + 1})"} if n != 1 else {}
    summaries["00-evaluation"] = {"before": before, "after": after, "open": written, "answered_before": 4,
                                  "answered_after": 4, "of": 4}
    summaries.update({
        "1-4": {"scenario": scenario, "score": 20.0 * n, "lens": ("competition", "mixed", "collaboration")[n],
                "rows": {r: (-0.5, 0.0, 0.5)[n] for r in ROW_IDS}},
        "2-1": {"scenario": scenario, "verdict": ("competition", "with-care", "not-competition")[n],
                "failed": [[], ["A working market exists"], ["A working market exists", "The value is known in advance"]][n]},
        "2-2": {"bid_set": "community-meals", "price_method": "relative", "winner_menu": "A", "winner_embedded": "B",
                "weights": {"price": 60 - 10 * n, "quality": 30, "social_value": 10 + 10 * n}},
        "2-3": {"annual_value": 2_000_000, "years": 4, "split": ("one", "area", "service")[n], "lots": (1, 4, 4)[n],
                "turnover_multiple": 2, "eligible": (6, 28, 31)[n], "organisations": 60,
                "eligible_by_type": {"sme": (2, 12, 14)[n]}},
        "2-4": {"title": "Community meals", "category": "services", "whole_life_value": 540000.0,
                "above_threshold": True, "warnings": rules[n:n + 2], "complete": n != 1},
        "3-1": {"title": "Holiday food", "written": 11 - 3 * n, "of": steps, "steps": list(range(1, steps + 1 - 3 * n))},
        "3-2": {"answers": {}, "top": routes[n:n + 3], "start": ""},
        "3-3": {"judged": judged, "gate_failures": {}, "ranking": judged, "flags": 0, "gates": gates, "scores": scores},
        "3-4": {"activity": "Community garden", "ripples": 3 + n, "by_ring": {"1": 2, "2": 1 + n, "3": 0},
                "by_tag": {"social": 2, "economic": n, "environmental": 1, "civic": 0}, "indicators": 2},
        "3-5": {"year": "2025-26", "wage": 12.21 + n, "total": (23.9, 31.8, 33.2)[n], "hca_minimum": 32.14},
        "3-6": {"borough_wide": {"providers": 20, "travel_min_per_hour": 18.4},
                "zoned": {"providers": 4 + 2 * n, "zones": 4, "travel_min_per_hour": 6.1 + n}, "walk_km": 0.5},
        "3-7": {"service": "Homecare", "statements": 2, "complete": 1, "selection": [1],
                "texts": [f"I see the same carer each week ({n + 1})", "I choose when I get up", "", "", ""]},
        "4-1": {"title": "Cleaning", "links": 5 + n, "paths": 2,
                "findings": [{"unmeasured": 1}, {"unmeasured": 2, "bolted-on": 1}, {}][n]},
        "4-2": {"ratings": {s: 1 + (i + n) % 5 for i, s in enumerate(shifts)}, "complete": True, "role": "", "focus": ""},
        "4-3": {"framework": "Example", "total": 10, "out_of": 20, "weak": [], "scored": len(pillars),
                "scores": {p: (i + n) % 5 for i, p in enumerate(pillars)}},
        "4-4": {"role": "s151", "recommendations": recs[n:n + 3], "steps": 2 + n, "steps_owned_dated": 1 + n},
    })
    assert set(summaries) == set(LABELS)
    return summaries


def fill_every_exercise(store, code: str, participant: str, name: str, n: int) -> None:
    """Join the workshop as ``name`` and save a summary for every exercise."""
    store.join(participant, code, name)
    for label, summary in summaries_for(n).items():
        store.save(participant, label, "summary", summary, workshop=code)
