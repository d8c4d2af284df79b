"""The pathway explorer's rules (exercise 3-2): ranking, reasons, case studies, bad input."""

import pytest
from hypothesis import given, strategies as st

from svkit import pathways

ANSWERS = st.fixed_dictionaries({}, optional={q: st.sampled_from(a) for q, a in pathways.QUESTIONS.items()})


def test_the_api_names_every_route_and_question_the_issue_lists():
    assert set(pathways.ROUTES) == {
        "grant", "direct_award", "alliance_contract", "relational_contract", "collaboration_agreement",
        "thin_layer_coop", "public_commons_partnership", "community_land_trust", "competitive_flexible",
        "light_touch", "innovation_partnership", "joint_venture", "sv_imperatives"}
    for q in ("working_market", "single_provider", "interests_converge", "value_emergent", "social_service",
              "new_solution", "community_asset", "profit_expected", "shared_risk"):
        assert pathways.QUESTIONS[q] == ("yes", "no", "unsure")
    assert pathways.QUESTIONS["value_band"] == ("below_threshold", "light_touch", "above_threshold", "unsure")


@pytest.mark.parametrize("case", pathways.cases().cases, ids=lambda c: c.id)
def test_the_route_each_case_study_used_ranks_in_the_top_three(case):
    top = [r.route_id for r in pathways.recommend(case.answers)[:3]]
    assert case.used[0] in top, (case.name, top)


def test_every_rule_can_move_its_route():
    for rule in pathways.rules().rules:
        base = pathways.recommend({})
        moved = pathways.recommend({rule.question: rule.answer})
        before = next(r for r in base if r.route_id == rule.route).score
        after = next(r for r in moved if r.route_id == rule.route)
        assert after.score - before == sum(x.weight for x in pathways.rules().rules
                                           if x.route == rule.route and x.question == rule.question
                                           and x.answer == rule.answer)
        assert rule.reason in (after.supports if rule.weight > 0 else after.opposes)


@given(ANSWERS)
def test_ranking_is_by_score_with_ties_in_table_order_and_reasons_add_up(answers):
    ranked = pathways.recommend(answers)
    assert sorted(r.route_id for r in ranked) == sorted(pathways.ROUTES)
    order = list(pathways.ROUTES)
    for a, b in zip(ranked, ranked[1:]):
        assert a.score > b.score or (a.score == b.score and order.index(a.route_id) < order.index(b.route_id))
    weights = {r.reason: r.weight for r in pathways.rules().rules}
    for r in ranked:
        assert r.score == sum(weights[x] for x in r.supports) + sum(weights[x] for x in r.opposes)


def test_a_question_left_out_counts_as_unsure():
    assert pathways.recommend({}) == pathways.recommend({q: "unsure" for q in pathways.QUESTIONS})
    assert all(r.score == 0 for r in pathways.recommend({}))


def test_the_overlay_is_ranked_and_marked():
    ranked = pathways.recommend({"social_service": "yes", "value_emergent": "yes"})
    overlay = [r for r in ranked if r.overlay]
    assert [r.route_id for r in overlay] == ["sv_imperatives"]


@pytest.mark.parametrize("answers, message", [({"colour": "yes"}, "Unknown question"),
                                              ({"working_market": "maybe"}, "not an answer")])
def test_unknown_questions_or_answers_are_refused(answers, message):
    with pytest.raises(ValueError, match=message):
        pathways.recommend(answers)
