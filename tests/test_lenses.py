import math

import pytest
from hypothesis import given, strategies as st

from svkit import lenses, scenarios

ratings = st.fixed_dictionaries({row: st.floats(-1, 1) for row in lenses.ROW_IDS})


def all_at(value):
    return {row: value for row in lenses.ROW_IDS}


def test_rows_in_data_match_the_code_and_the_table_order():
    t = lenses.table()
    assert tuple(r.id for r in t.rows) == lenses.ROW_IDS
    assert len(lenses.ROW_IDS) == 9


@pytest.mark.parametrize("value, score, lens", [
    (-1, -100, "competition"), (1, 100, "collaboration"), (0, 0, "mixed"),
    (-0.2, -20, "competition"), (0.2, 20, "collaboration"), (-0.19, -19, "mixed"), (0.19, 19, "mixed"),
])
def test_score_is_the_mean_rating_times_100_and_the_thresholds_hold(value, score, lens):
    d = lenses.diagnose(all_at(value))
    assert d.score == pytest.approx(score) and d.lens == lens
    assert d.explanation == lenses.table().explanations[lens]


def test_a_hand_worked_profile():
    r = all_at(0.0) | {"motivation": 1.0, "delivery": 0.5, "use": -0.6}
    assert lenses.diagnose(r).score == pytest.approx(100 * 0.9 / 9)


@given(ratings)
def test_score_stays_within_bounds_and_lens_follows_score(r):
    d = lenses.diagnose(r)
    assert -100 <= d.score <= 100
    t = lenses.table().thresholds
    expected = "competition" if d.score <= t.competition else "collaboration" if d.score >= t.collaboration else "mixed"
    assert d.lens == expected


@pytest.mark.parametrize("bad, message", [
    ({k: v for k, v in all_at(0).items() if k != "use"}, "Row 'use' has no rating"),
    (all_at(0) | {"vibes": 0}, "Unknown row 'vibes'"),
    (all_at(0) | {"delivery": math.nan}, "Row 'delivery' needs a number"),
    (all_at(0) | {"delivery": math.inf}, "Row 'delivery' needs a number"),
    (all_at(0) | {"incentive": 1.5}, "Row 'incentive' is 1.5"),
    (all_at(0) | {"incentive": "high"}, "Row 'incentive' needs a number"),
])
def test_bad_ratings_raise_naming_the_row(bad, message):
    with pytest.raises(ValueError, match=message):
        lenses.diagnose(bad)


def test_compare_orders_rows_by_the_size_of_the_difference():
    a = all_at(0.0)
    b = all_at(0.0) | {"use": -0.9, "delivery": 0.5}
    pairs = lenses.compare(a, b)
    assert pairs[0] == ("use", pytest.approx(-0.9)) and pairs[1] == ("delivery", pytest.approx(0.5))
    assert len(pairs) == 9


def test_there_are_at_least_eight_library_scenarios():
    found = scenarios.scenarios()
    assert len(found) >= 8
    titles = " ".join(s.title.lower() for s in found)
    for word in ["printer", "highways", "consultancy", "homecare", "complex needs", "youth violence",
                 "community building", "broadband"]:
        assert word in titles


@pytest.mark.parametrize("scenario", scenarios.scenarios(), ids=lambda s: s.id)
def test_each_reference_profile_lands_on_the_lens_its_data_says(scenario):
    assert lenses.diagnose(scenario.lens_profile.ratings).lens == scenario.lens_profile.lens
