import pandas as pd
import pytest
from hypothesis import given, strategies as st

from svkit import lots

POP = pd.DataFrame({
    "name": list("ABCDE"),
    "organisation_type": ["large", "sme", "sme", "vcse", "coop"],
    "turnover": [10_000_000, 1_000_000, 300_000, 150_000, 0],
})


def test_one_lot_needs_twice_the_annual_value():
    # £1m a year in one lot: turnover of £2m needed; only the large firm passes
    result = lots.eligible(POP, 1_000_000, 1)
    assert result["eligible"].to_dict() == {"large": 1, "sme": 0, "vcse": 0, "coop": 0}
    assert result["total"].to_dict() == {"large": 1, "sme": 2, "vcse": 1, "coop": 1}


def test_more_lots_let_smaller_organisations_bid():
    # ten lots of £100k: £200k turnover needed
    result = lots.eligible(POP, 1_000_000, 10)
    assert result["eligible"].to_dict() == {"large": 1, "sme": 2, "vcse": 0, "coop": 0}


def test_unequal_lots_use_the_smallest_lot_for_at_least_one():
    result = lots.eligible(POP, 1_000_000, [925_000, 75_000])  # £150k needed for the small lot
    assert result.loc["vcse", "eligible"] == 1


def test_the_multiple_is_configurable():
    assert lots.eligible(POP, 1_000_000, 1, turnover_multiple=1.0).loc["sme", "eligible"] == 1


@pytest.mark.parametrize("value, count", [(0, 1), (-5, 1), (1e6, 0), (1e6, 13), (1e6, [0.5e6, 0.4e6])])
def test_bad_contract_shapes_are_refused(value, count):
    with pytest.raises(ValueError):
        lots.lot_values(value, count)


@given(st.floats(1e4, 1e8), st.integers(1, 11))
def test_more_lots_never_shut_anyone_out(value, n):
    pop = lots.suppliers()
    fewer = lots.eligible(pop, value, n)["eligible"]
    more = lots.eligible(pop, value, n + 1)["eligible"]
    assert (more >= fewer).all()


def test_shipped_population_is_the_documented_seeded_draw():
    shipped = lots.suppliers()
    regenerated = lots.synthetic_suppliers()
    assert shipped["name"].tolist() == regenerated["name"].tolist()
    assert shipped["organisation_type"].tolist() == regenerated["organisation_type"].tolist()
    assert shipped["turnover"].tolist() == pytest.approx(regenerated["turnover"].tolist())
    assert set(shipped["organisation_type"]) == set(lots.ORGANISATION_TYPES)


def test_a_bad_suppliers_file_names_row_and_column():
    with pytest.raises(lots.SuppliersError) as info:
        lots.load_suppliers(b"name,organisation_type,turnover\nA,charity,-1\n")
    assert (2, "organisation_type", "'charity' should be one of large, sme, vcse, coop") in info.value.problems
    assert (2, "turnover", "turnover must be £0 or more") in info.value.problems


LINES = [(line.name, line.share) for line in lots.example_contract().service_lines]


@given(st.floats(1_000, 1e9), st.sampled_from(lots.SPLITS), st.integers(1, 12))
def test_every_split_adds_up_to_the_annual_value(annual, split, n):
    values = lots.split_values(annual, split, n, LINES)
    assert len(values) == (1 if split == "one" else n)
    assert sum(v for _, v in values) == pytest.approx(annual)
    assert all(v > 0 for _, v in values)


def test_by_service_line_the_largest_lines_stand_alone_and_the_rest_are_bundled():
    values = lots.split_values(1_000_000, "service", 3, [("a", 10), ("b", 50), ("c", 30), ("d", 10)])
    assert values == [("b", 500_000), ("c", 300_000), ("Other services (2 lines)", pytest.approx(200_000))]
    assert lots.split_values(100, "service", 2, [("a", 3), ("b", 1)]) == [("a", 75), ("b", 25)]


@pytest.mark.parametrize("args, message", [
    ((0, "area", 2), "above £0"), ((100, "area", 13), "between 1 and 12"), ((100, "diagonal", 2), "Unknown split"),
    ((100, "service", 5, [("a", 1)]), "only 1 service lines"),
])
def test_bad_splits_get_plain_messages(args, message):
    with pytest.raises(ValueError, match=message):
        lots.split_values(*args)


@given(st.floats(10_000, 1e8), st.floats(0.5, 4))
def test_more_equal_lots_never_shut_anyone_out(annual, multiple):
    table = lots.eligible_by_lots(lots.suppliers(), annual, "area", multiple)
    assert list(table.index) == list(range(1, 13))
    assert (table.diff().dropna() >= 0).all().all()
    assert (table["all"] == table[list(lots.ORGANISATION_TYPES)].sum(axis=1)).all()


def test_one_lot_is_the_same_whatever_the_number_asked_for():
    table = lots.eligible_by_lots(lots.suppliers(), 2_400_000, "one")
    assert (table.nunique() == 1).all()
