"""Values-driven selection panels (exercise 3-3): gate majorities, medians, ranges and flags."""

import pandas as pd
import pytest
from hypothesis import given, strategies as st

from svkit import imperatives


def gates_frame(rows):
    return pd.DataFrame(rows, columns=["provider", "gate", "member", "passed"])


def scores_frame(rows):
    return pd.DataFrame(rows, columns=["provider", "quality", "member", "score"])


@given(st.lists(st.booleans(), min_size=1, max_size=9))
def test_a_gate_is_failed_only_by_a_majority_of_members(votes):
    gates = gates_frame([("A", "Real Living Wage", f"m{i}", v) for i, v in enumerate(votes)])
    result = imperatives.panel_result(gates, scores_frame([("A", "purpose", "m0", 2)]))
    fails = votes.count(False)
    assert (result.failures["A"] == ["Real Living Wage"]) == (fails * 2 > len(votes))


def test_a_tie_passes_and_each_provider_is_listed():
    gates = gates_frame([("A", "open book", "m1", True), ("A", "open book", "m2", False),
                         ("B", "open book", "m1", False), ("B", "open book", "m2", False)])
    result = imperatives.panel_result(gates, scores_frame([("C", "purpose", "m1", 3)]))
    assert result.failures == {"A": [], "B": ["open book"], "C": []}


@given(st.lists(st.integers(0, 4), min_size=1, max_size=8))
def test_median_range_and_moderation_flag_per_quality(marks):
    scores = scores_frame([("A", "co-operation", f"m{i}", m) for i, m in enumerate(marks)])
    result = imperatives.panel_result(gates_frame([]), scores)
    row = result.qualities.iloc[0]
    assert row["median"] == pd.Series(marks).median()
    assert (row["low"], row["high"], row["range"]) == (min(marks), max(marks), max(marks) - min(marks))
    assert bool(row["flag"]) == (max(marks) - min(marks) >= 2)
    assert len(result.flags) == int(row["flag"])


def test_median_totals_rank_providers():
    scores = scores_frame([("A", q, m, 1) for q in ("purpose", "credibility") for m in ("x", "y")]
                          + [("B", q, m, 3) for q in ("purpose", "credibility") for m in ("x", "y")])
    assert list(imperatives.panel_result(gates_frame([]), scores).median_total().index) == ["B", "A"]


@pytest.mark.parametrize("scores, message", [
    (scores_frame([("A", "purpose", "x", 5)]), "whole number from 0 to 4"),
    (scores_frame([("A", "purpose", "x", 2.5)]), "whole number from 0 to 4"),
    (scores_frame([("A", "purpose", "x", 2), ("A", "purpose", "x", 3)]), "twice"),
    (pd.DataFrame({"provider": ["A"], "score": [2]}), "needs the column"),
])
def test_bad_panel_tables_get_plain_messages(scores, message):
    with pytest.raises(ValueError, match=message):
        imperatives.panel_result(gates_frame([]), scores)


def test_a_gate_judgement_must_be_pass_or_fail():
    with pytest.raises(ValueError, match="pass"):
        imperatives.panel_result(gates_frame([("A", "g", "x", "yes")]), scores_frame([]))
