"""The five-conditions test (exercise 2-1) and section 2 content."""

import pytest
from hypothesis import given, strategies as st

from svkit import conditions as competition, scenarios

IDS = [c.id for c in competition.conditions().conditions]


@given(st.fixed_dictionaries({i: st.sampled_from(competition.ANSWERS) for i in IDS}))
def test_the_verdict_follows_the_rule_in_the_data(answers):
    result = competition.verdict(answers)
    values = list(answers.values())
    if "no" in values:
        assert result.kind == "not-competition"
        assert set(result.failed) == {c.name for c in competition.conditions().conditions if answers[c.id] == "no"}
    elif all(v == "yes" for v in values):
        assert result.kind == "competition"
    else:
        assert result.kind == "with-care"
    assert len(result.reasons) == 5
    order = {"no": 0, "unsure": 1, "partly": 2, "yes": 3}
    assert [order[a] for _, a, _ in result.reasons] == sorted(order[a] for _, a, _ in result.reasons)


def test_an_unanswered_condition_means_no_verdict_yet():
    answers = {i: "yes" for i in IDS}
    answers[IDS[2]] = None
    assert competition.verdict(answers).kind == "incomplete"
    assert competition.verdict({}).kind == "incomplete"


def test_a_failed_condition_gives_its_own_reason():
    answers = {i: "yes" for i in IDS}
    answers["working-market"] = "no"
    result = competition.verdict(answers)
    market = next(c for c in competition.conditions().conditions if c.id == "working-market")
    assert result.reasons[0] == (market.name, "no", market.if_no)


@pytest.mark.parametrize("answers, message", [({"nonsense": "yes"}, "Unknown condition"), ({IDS[0]: "maybe"}, "one of")])
def test_bad_answers_are_refused(answers, message):
    with pytest.raises(ValueError, match=message):
        competition.verdict(answers)


def test_every_scenario_has_a_reference_for_exactly_the_five_conditions():
    for s in scenarios.scenarios():
        assert s.conditions_profile is not None, s.id
        assert set(s.conditions_profile.answers) == set(IDS), s.id


def test_reference_verdicts_agree_with_the_lens_the_scenario_lands_on():
    for s in scenarios.scenarios():
        kind = competition.verdict(s.conditions_profile.answers).kind
        if s.lens_profile.lens == "competition":
            assert kind in ("competition", "with-care"), s.id
        else:
            assert kind in ("not-competition", "with-care"), s.id


def test_eleven_steps_and_six_tools():
    assert [s.number for s in competition.steps().steps] == list(range(1, 12))
    assert [t.name for t in competition.tools().tools][0] == "Social value rationale"
    assert len(competition.tools().tools) == 6
