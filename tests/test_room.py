"""The room's aggregation (svkit.room) against figures worked by hand, and the export tables."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, strategies as st

from svkit import room
from svkit.lenses import ROW_IDS
from tests.helpers import app_label

NOW = datetime(2026, 12, 1, 10, 0, 0, tzinfo=timezone.utc)


def all_rows(value, **overrides):
    return {r: overrides.get(r.replace("-", "_"), value) for r in ROW_IDS}


def test_lens_room_means_per_row_against_the_reference_worked_by_hand():
    summaries = {
        "p1": {"scenario": "s1", "score": 100.0, "lens": "collaboration", "rows": all_rows(1.0)},
        "p2": {"scenario": "s1", "score": -11.1, "lens": "mixed", "rows": all_rows(0.0, use=-1.0)},
        "p3": {"scenario": "own", "score": 0.0, "lens": "mixed", "rows": all_rows(0.0)},
        "p4": {"scenario": "s1", "score": 10.0, "lens": "mixed"},  # saved before rows were added: left out
        "p5": {"scenario": "s1", "rows": all_rows(2.0)},  # out of range: left out
    }
    [s1, own] = room.lens_room(summaries, {"s1": all_rows(0.2)})
    assert s1.scenario == "s1" and s1.people == ["p1", "p2"]
    by_row = {r.row: r for r in s1.rows}
    assert by_row["motivation"].mean == pytest.approx(0.5)  # (1 + 0) / 2
    assert by_row["use"].mean == pytest.approx(0.0)  # (1 - 1) / 2
    assert (by_row["use"].lowest, by_row["use"].highest) == (-1.0, 1.0)
    assert all(r.reference == pytest.approx(0.2) for r in s1.rows)
    assert s1.mean_score == pytest.approx((100 + (-100 / 9)) / 2)  # 44.44
    assert s1.reference_score == pytest.approx(20.0)
    assert s1.lenses == {"collaboration": 1, "mixed": 1}
    assert own.reference_score is None and own.rows[0].reference is None


def test_tender_room_marks_each_weighting_and_counts_winners_by_hand():
    summaries = {
        "p1": {"bid_set": "community-meals", "price_method": "relative", "winner_menu": "A", "winner_embedded": "B",
               "weights": {"price": 60, "quality": 30, "social_value": 10}},
        "p2": {"bid_set": "community-meals", "price_method": "relative", "winner_menu": "A", "winner_embedded": "C",
               "weights": {"price": 40, "quality": 40, "social_value": 20}},
        "p3": {"bid_set": "community-meals", "price_method": "relative", "winner_menu": "A", "winner_embedded": "A",
               "weights": {"price": 50, "quality": 40, "social_value": 20}},  # adds up to 110: left out
        "p4": {"bid_set": "highways-maintenance", "price_method": "linear", "winner_menu": "H", "winner_embedded": "H",
               "weights": {"price": 20, "quality": 40, "social_value": 40}},
        "p5": "not a summary",
    }
    [meals, roads] = room.tender_room(summaries)
    assert (meals.bid_set, meals.price_method) == ("community-meals", "relative")
    assert [(m.participant, m.price, m.quality, m.social_value) for m in meals.marks] == [
        ("p1", 60, 30, 10), ("p2", 40, 40, 20)]
    assert meals.wins_menu == {"A": 2}
    assert meals.wins_embedded == {"B": 1, "C": 1}
    assert (roads.bid_set, roads.price_method, len(roads.marks)) == ("highways-maintenance", "linear", 1)


def test_statement_wall_keeps_written_statements_and_a_changed_text_gets_a_new_id():
    wall = room.statement_wall({
        "p1": {"service": "Day care", "texts": ["I choose my day", "", "  I see my friends  ", "", ""]},
        "p2": {"service": "Homecare", "statements": 0},  # an older summary without texts
    })
    assert [(w.participant, w.number, w.text, w.service) for w in wall] == [
        ("p1", 1, "I choose my day", "Day care"), ("p1", 3, "I see my friends", "Day care")]
    assert wall[0].item == room.item_id("p1", 1, "I choose my day")
    assert room.item_id("p1", 1, "I choose my day!") != wall[0].item
    assert "p1" not in wall[0].item


def test_presence_counts_who_is_where_and_what_is_done():
    members = ["p1", "p2", "p3"]
    saves = {"p1": ("2-2", NOW - timedelta(seconds=30)), "p2": ("1-4", NOW - timedelta(minutes=20)),
             "outsider": ("2-2", NOW)}
    done = {"p1": ["1-4", "2-2"], "p2": ["1-4"], "outsider": ["2-2"]}
    seen = room.presence(members, saves, done, NOW, recent_seconds=300)
    assert seen.joined == members
    assert seen.on_app == {"p1": "2-2"}  # p2's last save is 20 minutes old
    assert seen.done == {"1-4": 2, "2-2": 1}


def test_flatten_joins_nested_keys_and_lists():
    assert room.flatten({"weights": {"price": 60, "quality": 30}, "failed": ["a", "b"], "n": 1}) == {
        "weights.price": 60, "weights.quality": 30, "failed": "a; b", "n": 1}


def test_export_sheets_one_row_per_participant_with_every_field():
    at = datetime(2026, 12, 1, 9, 30, 5, tzinfo=timezone.utc)
    rows = [("p1", "2-2", {"bid_set": "x", "weights": {"price": 60}}, at),
            ("p2", "2-2", {"bid_set": "y", "extra": True}, at),
            ("p1", "1-4", {"score": 10}, at)]
    sheets = room.export_sheets(rows, {"p1": "Asha"})
    assert list(sheets) == ["1-4", "2-2"]
    assert sheets["2-2"] == [
        ["display name", "bid_set", "weights.price", "extra", "saved at (UTC)"],
        ["Asha", "x", 60, "", "2026-12-01 09:30:05"],
        ["unnamed", "y", "", True, "2026-12-01 09:30:05"],
    ]


@given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=1, max_size=30))
def test_every_valid_weighting_becomes_exactly_one_mark(pairs):
    summaries = {}
    for i, (p, q) in enumerate(pairs):
        summaries[f"p{i}"] = {"bid_set": "b", "price_method": "relative", "winner_menu": "A", "winner_embedded": "A",
                              "weights": {"price": p, "quality": q, "social_value": 100 - p - q}}
    valid = sum(1 for p, q in pairs if p + q <= 100)
    found = room.tender_room(summaries)
    assert sum(len(r.marks) for r in found) == valid
    assert all(m.price + m.quality + m.social_value == 100 for r in found for m in r.marks)


def test_every_lesson_and_exercise_has_trainer_notes_with_a_misconception_and_a_section_to_point_to():
    from tests.apps import APP_PATHS

    labels = [app_label(p) for p in APP_PATHS]
    assert len(labels) >= 25 and "3-3" in labels and "00-start" in labels  # 5 lessons and 20 exercises, at least
    for label in labels:
        notes = room.trainer_notes(label)
        assert notes is not None, label
        assert notes.label == label and notes.misconception and notes.point_to.section
        assert notes.debrief and notes.listen_for and len(notes.model_answer) >= 40
    assert room.trainer_labels() == sorted(labels)


# -- nothing a participant saved can break the console ------------------------------------------
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
#: Summary fields the aggregations read, so that the drawn summaries often have the right keys
#: holding the wrong kinds of thing.
_FIELDS = ["scenario", "rows", "lens", "method", "winner", "statements", "answers", "score", "checked",
           "lots", "warnings", "complete", "steps", "route", "scores", "by_ring", "by_tag", "indicators",
           "year", "total", "towns", "providers", "links", "findings", "shifts", "pillars", "plan",
           "recommendations", "owner", "date"]
_summary = st.dictionaries(st.sampled_from(_FIELDS), _json, max_size=6) | _json


@given(st.dictionaries(st.text(max_size=4), _summary, max_size=4))
def test_no_saved_summary_of_any_shape_raises_in_any_aggregation(summaries):
    """Found in review: a 3-4 summary whose ``by_tag`` was a list, not a mapping, raised in
    ripples_room, and with it the trainer's console panel. Every aggregation leaves out what it
    cannot read."""
    room.lens_room(summaries, {"s": {"r": 0.5}})
    room.tender_room(summaries)
    room.statement_wall(summaries)
    room.quiz_room(summaries)
    room.conditions_room(summaries)
    room.lots_room(summaries)
    room.rationale_room(summaries)
    room.canvas_room(summaries)
    room.routes_room(summaries)
    room.panel_room(summaries)
    room.ripples_room(summaries, tags=["social"])
    room.price_room(summaries, {"2025-26": (20.0, 30.0)})
    room.zoning_room(summaries)
    room.thread_room(summaries)
    room.median_room(summaries, "shifts", ["a", "b"], 1, 5)
    room.plans_room(summaries)


def test_a_ripple_summary_whose_tags_are_a_list_is_read_for_its_rings():
    result = room.ripples_room({"ann": {"by_ring": {"1": 2}, "by_tag": ["social"]}}, tags=["social"])
    assert result.by_ring == {"1": 2, "2": 0, "3": 0} and result.by_tag == {"social": 0}
