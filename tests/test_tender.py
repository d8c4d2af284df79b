import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from svkit import tender

W = {"price": 60, "quality": 30, "social_value": 10}


def bids_frame(prices, quality, embedded, names=None):
    names = names or [f"B{i}" for i in range(len(prices))]
    return pd.DataFrame({"bidder": names, "organisation_type": "sme", "price": prices,
                         "quality_a": quality, "embedded_mark": embedded, "menu_local-jobs": [1] * len(prices)})


def same_map(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    return (list(a.index) == list(b.index) and list(a.columns) == list(b.columns)
            and bool((a.fillna("-").to_numpy() == b.fillna("-").to_numpy()).all()))


def test_lowest_price_gets_full_marks_and_others_pro_rata():
    assert tender.price_scores([100, 200, 125]).tolist() == pytest.approx([100, 50, 80])


def test_linear_deduction_loses_marks_per_percent_and_floors_at_zero():
    scores = tender.price_scores([100, 110, 300], method="linear", deduction_per_pct=2.0)
    assert scores.tolist() == pytest.approx([100, 80, 0])


@pytest.mark.parametrize("bad", [[0, 100], [-1, 100], [float("nan"), 100], [float("inf"), 100], []])
def test_bad_prices_are_refused(bad):
    with pytest.raises(ValueError):
        tender.price_scores(bad)


@given(st.lists(st.floats(1, 1e7), min_size=1, max_size=8), st.sampled_from(["relative", "linear"]))
def test_price_scores_stay_between_0_and_max_and_lowest_gets_max(prices, method):
    scores = tender.price_scores(prices, method)
    assert np.all(scores >= 0) and np.all(scores <= 100 + 1e-9)
    assert scores[int(np.argmin(prices))] == pytest.approx(100)


@pytest.mark.parametrize("weights, message", [
    ({"price": 60, "quality": 30, "social_value": 5}, "add up to 100; these add up to 95"),
    ({"price": 60, "quality": 40}, "missing for social_value"),
    ({"price": 110, "quality": -10, "social_value": 0}, "cannot be negative"),
    ({"price": "60", "quality": 30, "social_value": 10}, "must be a number"),
])
def test_weights_must_be_complete_non_negative_and_total_100(weights, message):
    with pytest.raises(ValueError, match=message):
        tender.check_weights(weights)


def test_evaluate_ranks_by_total_worked_by_hand():
    bids = bids_frame([100, 125], [50, 90], [10, 80])
    table = tender.evaluate(bids, W, sv_approach="embedded")
    # B0: 100*0.6 + 50*0.3 + 10*0.1 = 76; B1: 80*0.6 + 90*0.3 + 80*0.1 = 83
    assert table.index.tolist() == ["B1", "B0"]
    assert table.loc["B1", "total"] == pytest.approx(83) and table.loc["B0", "total"] == pytest.approx(76)
    assert table["rank"].tolist() == [1, 2]


def test_ties_go_to_the_bidder_listed_earlier():
    bids = bids_frame([100, 100], [50, 50], [50, 50], names=["First", "Second"])
    assert tender.evaluate(bids, W, sv_approach="embedded").index[0] == "First"
    cells = tender.winner_map(bids, step=10, sv_approach="embedded").to_numpy().ravel()
    assert {c for c in cells if isinstance(c, str)} == {"First"}


def test_menu_approach_scores_claimed_pounds_relative_to_the_largest_claim():
    bids = bids_frame([100, 100], [50, 50], [0, 0])
    bids["menu_local-jobs"] = [2, 1]
    table = tender.evaluate(bids, {"price": 0, "quality": 0, "social_value": 100})
    assert table.loc["B0", "total"] == pytest.approx(100) and table.loc["B1", "total"] == pytest.approx(50)


def test_winner_map_has_nan_where_weights_exceed_100():
    m = tender.winner_map(tender.library_bids("highways-maintenance"), step=10)
    assert m.shape == (11, 11)
    assert pd.isna(m.loc[60, 50]) and not pd.isna(m.loc[60, 40])


@pytest.mark.parametrize("name", list(tender.bid_sets()))
@pytest.mark.parametrize("approach", ["menu", "embedded"])
def test_winner_map_matches_brute_force_on_the_library_sets(name, approach):
    bids = tender.library_bids(name)
    fast = tender.winner_map(bids, step=5, sv_approach=approach)
    slow = tender.winner_map_brute_force(bids, step=5, sv_approach=approach)
    assert same_map(fast, slow)


@settings(max_examples=25)
@given(st.lists(st.tuples(st.integers(50, 200), st.integers(0, 100), st.integers(0, 100)), min_size=2, max_size=4))
def test_winner_map_matches_brute_force_on_random_small_cases(rows):
    bids = bids_frame([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
    fast = tender.winner_map(bids, step=20, sv_approach="embedded", price_method="linear")
    slow = tender.winner_map_brute_force(bids, step=20, sv_approach="embedded", price_method="linear")
    assert same_map(fast, slow)


def test_library_bid_sets_load_and_match_the_brief():
    sets = tender.bid_sets()
    assert len(sets) >= 2
    meals = tender.library_bids("community-meals")
    assert len(meals) == 6 and {"coop", "vcse"} <= set(meals["organisation_type"])
    assert len(tender.library_bids("highways-maintenance")) == 5


def test_the_menu_is_labelled_illustrative():
    assert tender.menu().illustrative and "teaching" in tender.menu().name


GOOD = "bidder,organisation_type,price,quality_a,embedded_mark,menu_local-jobs\nA,sme,100,50,50,1\nB,vcse,120,60,70,2\n"


def test_a_good_file_loads():
    bids = tender.load_bids(GOOD.encode())
    assert bids["price"].tolist() == [100, 120] and bids["bidder"].tolist() == ["A", "B"]


@pytest.mark.parametrize("content, expected", [
    (b"", [(None, None, "The file is empty.")]),
    ("bidder,price\nA,100\n".encode("utf-16"), "not UTF-8"),
    (GOOD.replace("embedded_mark", "embedded").encode(), "column 'embedded_mark': this column is missing"),
    (GOOD.replace("menu_local-jobs", "menu_bribes").encode(), "column 'menu_bribes': this column is not expected"),
    (GOOD.replace("A,sme,100", "A,sme,lots").encode(), "row 2, column 'price': 'lots' is not a number"),
    (GOOD.replace("B,vcse,120,60", "B,vcse,120,-60").encode(), "row 3, column 'quality_a': this cannot be negative"),
    (GOOD.replace("B,vcse", "A,vcse").encode(), "row 3, column 'bidder': 'A' is listed twice (also row 2)"),
    (GOOD.replace("A,sme,100,50", "A,sme,100,150").encode(), "row 2, column 'quality_a': marks run from 0 to 100"),
    (GOOD.replace("A,sme", "A,charity").encode(), "row 2, column 'organisation_type'"),
    (GOOD.split("\n")[0].encode() + b"\n", "header but no bids"),
])
def test_every_bad_file_gets_a_plain_message_naming_row_and_column(content, expected):
    with pytest.raises(tender.BidsError) as info:
        tender.load_bids(content)
    text = "; ".join(tender.describe(p) for p in info.value.problems)
    if isinstance(expected, list):
        assert info.value.problems == expected
    else:
        assert expected in text


def test_all_problems_are_listed_not_just_the_first():
    content = GOOD.replace("A,sme,100,50", "A,sme,x,500").replace("B,vcse,120", "B,vcse,-1").encode()
    with pytest.raises(tender.BidsError) as info:
        tender.load_bids(content)
    assert len(info.value.problems) == 3


def test_a_file_over_the_limit_is_refused():
    with pytest.raises(tender.BidsError, match="limit is 5 MB"):
        tender.load_bids(b"x" * (tender.UPLOAD_LIMIT_BYTES + 1))


def test_check_data_reports_bad_bid_files(tmp_path):
    from svkit import checks

    (tmp_path / "tenders").mkdir()
    (tmp_path / "tenders" / "bad.csv").write_text(GOOD.replace("A,sme,100", "A,sme,-100"))
    found = [str(p) for p in checks.all_problems(tmp_path)]
    assert "tenders/bad.csv: row 2, price: this cannot be negative" in found


@settings(max_examples=20)
@given(st.lists(st.tuples(st.integers(50, 200), st.integers(0, 100), st.integers(0, 100)), min_size=2, max_size=4),
       st.floats(0, 5))
def test_the_linear_deduction_rate_reaches_the_map_as_it_reaches_evaluate(rows, rate):
    bids = bids_frame([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
    fast = tender.winner_map(bids, step=25, price_method="linear", sv_approach="embedded", deduction_per_pct=rate)
    slow = tender.winner_map_brute_force(bids, step=25, price_method="linear", sv_approach="embedded",
                                         deduction_per_pct=rate)
    assert same_map(fast, slow)


def test_a_steeper_deduction_lowers_dearer_bids_price_marks():
    bids = bids_frame([100, 110], [50, 50], [50, 50])
    gentle = tender.evaluate(bids, {"price": 100, "quality": 0, "social_value": 0}, "linear", deduction_per_pct=1)
    steep = tender.evaluate(bids, {"price": 100, "quality": 0, "social_value": 0}, "linear", deduction_per_pct=5)
    assert gentle.loc["B1", "price"] == pytest.approx(90) and steep.loc["B1", "price"] == pytest.approx(50)


def test_win_shares_count_every_possible_weighting_once():
    bids = tender.library_bids("community-meals")
    shares = tender.win_shares(tender.winner_map(bids), bids["bidder"])
    assert list(shares.index) == bids["bidder"].to_list()
    assert shares.sum() == 101 * 102 // 2  # weightings with price + quality <= 100, in steps of 1


def test_points_chasing_inflates_only_that_bidders_low_relevance_claims():
    bids = tender.library_bids("community-meals")
    chaser = "Regional Care Foods"
    chased = tender.chase_points(bids, chaser, 5)
    low = [f"menu_{i.id}" for i in tender.menu().items if i.relevance == "low"]
    others = [c for c in bids.columns if c not in low]
    mine = bids["bidder"] == chaser
    assert (chased.loc[mine, low].to_numpy() == bids.loc[mine, low].to_numpy() * 5).all()
    assert chased.loc[~mine].equals(bids.loc[~mine])
    assert chased[others].equals(bids[others])
    assert bids.loc[mine, low[0]].iloc[0] != chased.loc[mine, low[0]].iloc[0]  # the input is not changed in place


def test_points_chasing_buys_menu_wins_and_nothing_under_embedded_requirements():
    bids = tender.library_bids("community-meals")
    chaser = "Regional Care Foods"
    chased = tender.chase_points(bids, chaser, 5)
    before = tender.win_shares(tender.winner_map(bids, 2), bids["bidder"])[chaser]
    after = tender.win_shares(tender.winner_map(chased, 2), bids["bidder"])[chaser]
    assert after > before
    assert same_map(tender.winner_map(bids, 2, sv_approach="embedded"),
                    tender.winner_map(chased, 2, sv_approach="embedded"))


@pytest.mark.parametrize("bidder, factor, message", [("Nobody Ltd", 2, "no bidder called"), ("B0", -1, "zero or more")])
def test_points_chasing_refuses_unknown_bidders_and_negative_multipliers(bidder, factor, message):
    with pytest.raises(ValueError, match=message):
        tender.chase_points(bids_frame([100, 120], [50, 60], [40, 50]), bidder, factor)


def test_the_template_loads_as_a_valid_bid_set_with_every_menu_column():
    frame = tender.load_bids(tender.template_csv())
    assert len(frame) == 2
    assert {f"menu_{i.id}" for i in tender.menu().items} <= set(frame.columns)


# -- issue 19: defaults that show the critique, and the £ cost of a winner ---------------------------
def test_the_lab_defaults_show_the_critique_without_setting_up():
    d = tender.lab_defaults()
    bids = tender.library_bids(d.bid_set)
    menu_rank = tender.evaluate(bids, d.weights, "relative", "menu")
    embedded_rank = tender.evaluate(bids, d.weights, "relative", "embedded")
    assert menu_rank.index[0] != embedded_rank.index[0]  # the approaches disagree at the default weights
    assert d.weights["social_value"] >= 10  # PPN 002's floor
    # the default chaser is a bidder in the set, and chasing wins it the contract under the menu
    assert d.chaser in set(bids["bidder"]) and menu_rank.index[0] != d.chaser
    chased = tender.chase_points(bids, d.chaser, d.chase_factor)
    assert tender.evaluate(chased, d.weights, "relative", "menu").index[0] == d.chaser
    assert tender.evaluate(chased, d.weights, "relative", "embedded").index[0] == embedded_rank.index[0]
    assert "not a claim" in d.embedded_mark and len(d.embedded_bands) == 5


def test_premium_over_the_cheapest_bid_and_pounds_per_mark_by_hand():
    bids = pd.DataFrame({"bidder": ["A", "B", "C"], "price": [100_000.0, 110_000.0, 120_000.0]})
    ranked = pd.DataFrame({"total": [80.0, 75.0, 70.0]}, index=pd.Index(["B", "A", "C"], name="bidder"))
    table = tender.premium_over_cheapest(bids, ranked)
    # B: £10,000 (10%) over A for 5 more marks = £2,000 a mark; C: £20,000 more for 5 fewer marks
    assert table.loc["B", "premium"] == 10_000 and table.loc["B", "premium_pct"] == pytest.approx(10)
    assert table.loc["B", "marks_over_cheapest"] == pytest.approx(5)
    assert table.loc["B", "pounds_per_mark"] == pytest.approx(2_000)
    assert np.isnan(table.loc["A", "pounds_per_mark"]) and np.isnan(table.loc["C", "pounds_per_mark"])
    assert list(table.index) == ["B", "A", "C"]


# -- limits: no upload or saved answer can stall a page (issue 13) ------------------
HEADER = "bidder,organisation_type,price,quality_a,embedded_mark\n"


def many_bids_csv(rows: int) -> str:
    return HEADER + "".join(f"Bidder {i},sme,{100000 + i},60,50\n" for i in range(rows))


def test_the_row_limit_is_in_data_with_its_rationale():
    limits = tender.limits()
    assert limits.max_bids == 200  # data/tenders/limits.yaml
    assert "tens" in limits.max_bids_rationale


def test_count_rows_stops_one_past_the_limit_and_skips_blank_lines():
    assert tender.count_rows(HEADER + "a,sme,1,1,1\n\n  \nb,sme,2,2,2\n") == 2
    assert tender.count_rows(many_bids_csv(60_000), stop_after=201) == 201


def test_a_60000_row_file_is_refused_before_any_heavy_work(monkeypatch):
    called = []
    monkeypatch.setattr(tender.pd, "read_csv", lambda *a, **k: called.append("read_csv"))
    monkeypatch.setattr(tender, "component_scores", lambda *a, **k: called.append("scores"))
    with pytest.raises(tender.BidsError, match="more than 200 bids; the lab takes up to 200"):
        tender.load_bids(many_bids_csv(60_000).encode())
    assert called == []  # not parsed, not scored


def test_200_bids_load_and_201_do_not():
    assert len(tender.load_bids(many_bids_csv(200).encode())) == 200
    with pytest.raises(tender.BidsError, match="more than 200 bids"):
        tender.load_bids(many_bids_csv(201).encode())


@pytest.mark.parametrize("calculation", [
    lambda bids: tender.winner_map(bids, 1),
    lambda bids: tender.evaluate(bids, {"price": 60, "quality": 30, "social_value": 10}),
])
def test_the_heavy_calculations_refuse_more_bids_than_the_limit(calculation):
    big = pd.DataFrame({"bidder": [f"B{i}" for i in range(201)], "organisation_type": "sme",
                        "price": np.arange(201) + 100.0, "quality_a": 60.0, "embedded_mark": 50.0})
    with pytest.raises(ValueError, match="201 rows; the lab takes up to 200 bids"):
        calculation(big)


@pytest.mark.parametrize("weights", [
    {"price": 33.3, "quality": 33.3, "social_value": 33.4},
    {"price": 33.33, "quality": 33.33, "social_value": 33.34},
    {"price": 60.5, "quality": 29.5, "social_value": 10},
])
def test_decimal_weights_that_make_100_are_accepted(weights):
    assert sum(tender.check_weights(weights).values()) == pytest.approx(100)


@pytest.mark.parametrize("weights, text", [
    ({"price": 33.3, "quality": 33.3, "social_value": 33.3}, "these add up to 99.9"),
    ({"price": 150, "quality": -50, "social_value": 0}, "quality weight cannot be negative"),
    ({"price": 150, "quality": 0, "social_value": 0}, "price weight cannot be more than 100"),
])
def test_weights_out_of_range_or_short_of_100_are_refused_not_clamped(weights, text):
    with pytest.raises(ValueError, match=text):
        tender.check_weights(weights)
