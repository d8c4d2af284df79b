"""The room panels' aggregations (svkit.room) for every exercise, against figures worked by hand."""

import pytest
from hypothesis import given, strategies as st

from svkit import imperatives, room


def test_quiz_room_counts_right_answers_and_the_most_chosen_wrong_one():
    summaries = {
        "p1": {"right": 1, "of": 2, "items": {"a": {"right": True, "chosen": ["x"]},
                                              "b": {"right": False, "chosen": ["y", "z"]}}},
        "p2": {"right": 0, "of": 2, "items": {"a": {"right": False, "chosen": ["y"]},
                                              "b": {"right": False, "chosen": ["z", "y"]}}},
        "p3": {"right": 1, "of": 2, "items": {"a": {"right": False, "chosen": []},
                                              "b": {"right": True, "chosen": ["x"]}}},
        "p4": {"right": 2, "of": 2},  # saved before per-item results: unreadable
    }
    result = room.quiz_room(summaries)
    assert (result.people, result.unreadable) == (3, 1)
    a, b = result.items
    assert (a.item, a.answered, a.right) == ("a", 3, 1)
    assert a.share_right == pytest.approx(1 / 3)
    assert (a.wrong_answer, a.wrong_count) == (("y",), 1)  # tie between ('y',) and (): first seen wins
    assert (b.item, b.right, b.wrong_answer, b.wrong_count) == ("b", 1, ("y", "z"), 2)  # same set, either order


def test_quiz_room_with_everyone_right_has_no_wrong_answer():
    result = room.quiz_room({"p1": {"items": {"a": {"right": True, "chosen": ["x"]}}}})
    assert result.items[0].wrong_answer is None and result.items[0].share_right == 1.0


def test_conditions_room_counts_verdicts_and_failed_conditions_most_first():
    result = room.conditions_room({
        "p1": {"verdict": "competition", "failed": []},
        "p2": {"verdict": "not-competition", "failed": ["A working market exists", "The value is known in advance"]},
        "p3": {"verdict": "with-care", "failed": ["A working market exists"]},
        "p4": "junk",
    })
    assert result.people == 3
    assert result.verdicts == {"competition": 1, "not-competition": 1, "with-care": 1}
    assert result.failed == [("A working market exists", 2), ("The value is known in advance", 1)]


def test_lots_room_groups_by_lot_count_with_who_was_shut_out():
    result = room.lots_room({
        "p1": {"lots": 1, "eligible": 4, "organisations": 40},  # 36 shut out
        "p2": {"lots": 4, "eligible": 25, "organisations": 40},  # 15
        "p3": {"lots": 4, "eligible": 31, "organisations": 40},  # 9
        "p4": {"lots": 4, "eligible": 30},  # no organisations count: left out
        "p5": {"lots": 2, "eligible": 50, "organisations": 40},  # impossible: left out
    })
    assert [(c.lots, c.people, c.shut_out) for c in result] == [(1, 1, [36]), (4, 2, [15, 9])]
    assert result[1].median_shut_out == 12  # (15 + 9) / 2


def test_rationale_room_counts_each_warning_once_per_rationale():
    result = room.rationale_room({
        "p1": {"warnings": ["carbon-plan-small-contract", "menu-offers"], "complete": True},
        "p2": {"warnings": ["menu-offers", "menu-offers"], "complete": False},
        "p3": {"warnings": [], "complete": True},
    })
    assert (result.people, result.complete) == (3, 2)
    assert result.warnings == [("menu-offers", 2), ("carbon-plan-small-contract", 1)]


def test_canvas_room_finds_the_steps_fewest_people_wrote():
    result = room.canvas_room({"p1": {"steps": [1, 2, 3]}, "p2": {"steps": [1, 3, 11]}, "p3": {"written": 2}},
                              steps=11)
    assert result.people == 2
    assert result.written[1] == 2 and result.written[2] == 1 and result.written[4] == 0
    # nobody wrote 4-10; one wrote 2 and 11; two wrote 1 and 3 (ties in step order)
    assert result.hardest == [4, 5, 6, 7, 8, 9, 10, 2, 11, 1, 3]


def test_routes_room_counts_the_top_threes():
    result = room.routes_room({
        "p1": {"top": ["alliance_contract", "grant", "light_touch"]},
        "p2": {"top": ["grant", "alliance_contract", "joint_venture"]},
        "p3": {"top": ["alliance_contract", "relational_contract", "grant"]},
        "p4": {"top": []},
    })
    assert result.people == 3
    assert result.in_top[:2] == [("alliance_contract", 3), ("grant", 3)]
    assert result.first == {"alliance_contract": 2, "grant": 1}


def test_the_room_panel_is_judged_by_majority_and_medians_like_the_simulated_one():
    # two of three members fail hollin's open-book gate: it fails by majority
    summaries = {
        "p1": {"gates": {"hollin": {"open-book": False}}, "scores": {"hollin": {"purpose": 1}}},
        "p2": {"gates": {"hollin": {"open-book": False}}, "scores": {"hollin": {"purpose": 4}}},
        "p3": {"gates": {"hollin": {"open-book": True}}, "scores": {"hollin": {"purpose": 3, "credibility": 9}}},
        "p4": {"judged": []},  # judged nothing: not a member
    }
    panel = room.panel_room(summaries)
    assert panel.members == 3 and sorted(set(panel.gates["member"])) == ["member 1", "member 2", "member 3"]
    assert len(panel.scores) == 3  # the score of 9 is off the scale and left out
    result = imperatives.panel_result(panel.gates, panel.scores)
    assert result.failures["hollin"] == ["open-book"]
    purpose = result.qualities.set_index("quality").loc["purpose"]
    assert (purpose["median"], purpose["low"], purpose["high"]) == (3, 1, 4)  # median of 1, 3, 4
    assert bool(purpose["flag"])  # a range of 3 is at least 2


def test_ripples_room_adds_rings_and_tags():
    result = room.ripples_room({
        "p1": {"by_ring": {"1": 2, "2": 1, "3": 0}, "by_tag": {"social": 2, "economic": 1}, "indicators": 2},
        "p2": {"by_ring": {"1": 1, "2": 0, "3": 1}, "by_tag": {"social": 1, "civic": 1}, "indicators": 1},
    }, tags=["social", "economic", "environmental", "civic"])
    assert result.people == 2 and result.indicators == 3
    assert result.by_ring == {"1": 3, "2": 1, "3": 1}
    assert result.by_tag == {"social": 3, "economic": 1, "environmental": 0, "civic": 1}


def test_price_room_sets_each_price_against_the_minimum_and_the_average_fee():
    result = room.price_room({"p1": {"year": "2025-26", "total": 30.0}, "p2": {"year": "2025-26", "total": 33.5},
                              "p3": {"year": "2025-26", "total": 23.0}, "p4": {"year": "2025-26", "total": -1}},
                             {"2025-26": (32.14, 24.10)})
    [year] = result
    assert year.totals == [23.0, 30.0, 33.5] and year.median == 30.0
    assert year.below(32.14) == 2 and year.below(24.10) == 1


def test_zoning_room_counts_each_market_tried_least_travel_first():
    a = {"borough_wide": {"providers": 20, "travel_min_per_hour": 18.4},
         "zoned": {"providers": 8, "zones": 4, "travel_min_per_hour": 7.2}}
    b = {"borough_wide": {"providers": 20, "travel_min_per_hour": 18.4},
         "zoned": {"providers": 4, "zones": 4, "travel_min_per_hour": 6.1}}
    result = room.zoning_room({"p1": a, "p2": b})
    assert [(m.kind, m.providers, m.zones, m.travel_min_per_hour, m.people) for m in result] == [
        ("zoned", 4, 4, 6.1, 1), ("zoned", 8, 4, 7.2, 1), ("borough-wide", 20, 1, 18.4, 2)]


def test_thread_room_adds_findings_by_kind():
    result = room.thread_room({"p1": {"links": 5, "findings": {"bolted-on": 1, "unmeasured": 2}},
                               "p2": {"links": 3, "findings": {"unmeasured": 1}}})
    assert (result.people, result.links) == (2, 8)
    assert result.findings == [("unmeasured", 3), ("bolted-on", 1)]


def test_median_room_per_shift_leaves_out_off_scale_ratings():
    result = room.median_room({"p1": {"ratings": {"a": 1, "b": 5}}, "p2": {"ratings": {"a": 4, "b": 6}},
                               "p3": {"ratings": {"a": 2}}, "p4": {"ratings": {}}}, "ratings", ["a", "b", "c"], 1, 5)
    assert result.people == 3
    assert result.medians == {"a": 2, "b": 5, "c": None}  # a: 1, 2, 4; b: 5 (6 is off the scale)
    assert result.counts == {"a": 3, "b": 1, "c": 0}


def test_plans_room_counts_plans_owned_steps_and_recommendations():
    result = room.plans_room({
        "p1": {"steps": 3, "steps_owned_dated": 2, "recommendations": ["embed-not-menu", "open-book"]},
        "p2": {"steps": 0, "recommendations": ["embed-not-menu"]},
        "p3": {"steps": 1, "recommendations": []},  # saved before owners and dates were counted
    })
    assert (result.plans, result.steps, result.owned_dated) == (2, 4, 2)
    assert result.recommendations == [("embed-not-menu", 2), ("open-book", 1)]


@given(st.lists(st.lists(st.booleans(), min_size=1, max_size=4), min_size=1, max_size=20))
def test_quiz_room_right_never_exceeds_answered_and_adds_up(rows):
    summaries = {f"p{i}": {"items": {f"i{j}": {"right": r, "chosen": ["x"]} for j, r in enumerate(row)}}
                 for i, row in enumerate(rows)}
    result = room.quiz_room(summaries)
    assert sum(i.answered for i in result.items) == sum(len(r) for r in rows)
    assert sum(i.right for i in result.items) == sum(sum(r) for r in rows)
    assert all(0 <= i.share_right <= 1 for i in result.items)
