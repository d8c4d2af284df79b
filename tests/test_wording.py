"""Wording a participant reads (issue 13, finding 10): names not ids, plurals, abbreviations kept."""

from __future__ import annotations

import re

import ipywidgets as widgets
import pytest

from svkit import conditions as competition, content, imperatives, plan
from svkit.ui.exercises import lotting
from svkit.ui.exercises import action_plan as plan_ui
from svkit.ui.exercises import price_of_care as priceofcare
from svkit.ui.exercises import values
from tests.helpers import find, html_of, new_page


@pytest.mark.parametrize("text, expected", [
    ("Employer NI", "employer NI"),
    ("Reach social enterprises, co-operatives and SMEs", "reach social enterprises, co-operatives and SMEs"),
    ("SMEs can bid", "SMEs can bid"),
    ("VCSE kitchens", "VCSE kitchens"),
    ("Training and supervision", "training and supervision"),
])
def test_in_sentence_lowers_the_first_word_and_keeps_abbreviations(text, expected):
    assert content.in_sentence(text) == expected


def test_lesson_2_names_smes_with_their_capitals(store):
    from svkit.ui.lessons import competition as lesson

    page = new_page("02-competition", store)
    for n in (1, 2, 3):
        page.save(f"step:{n}", True)
    text = html_of(lesson.build_steps_checklist(page))
    assert "Next to work on: step 4, reach social enterprises, co-operatives and SMEs." in text
    assert "smes" not in text


def test_3_5_names_employer_ni_with_its_capitals(store):
    app = priceofcare.build_price_of_care(new_page("3-5", store))
    assert find(app, widgets.Checkbox, "Give employer NI as £ per contact hour")


def test_2_3_counts_are_whole_numbers_not_14_point_0(store):
    text = html_of(lotting.build_lotting_exercise(new_page("2-3", store)))
    table = text.split("Who can bid for at least one lot")[1]
    assert not re.search(r"<td>\d+\.0</td>", table)
    assert re.search(r"Large firms</th><td>\d+</td><td>\d+</td>", table)


def test_the_action_plan_shows_names_plurals_and_no_ids():
    answers = {
        "2-3": {"lots": 1, "eligible": 14},
        "3-3": {"judged": ["hollin"], "ranking": ["hollin", "meadowbank", "northgate"]},
        "2-2": {"bid_set": "community-meals", "weights": {"price": 60, "quality": 30, "social_value": 10},
                "price_method": "relative", "winner_menu": "A", "winner_embedded": "A"},
    }
    gathered = plan.gather(answers)
    lines = " ".join(line for item in (*gathered.featured, *gathered.others) for line in item.lines)
    assert "1 lot: 14 local organisations could bid." in lines
    assert "1 provider judged; ranking: Hollin Care Co-operative, Meadowbank Community Care CIC, " \
           "Northgate Support Services." in lines
    assert "on the community meals bids" in lines
    for slip in ("lot(s)", "hollin,", "'community-meals'", "1 providers"):
        assert slip not in lines
    assert "6 lots:" in plan.gather({"2-3": {"lots": 6, "eligible": 30}}).others[0].lines[0]


def test_the_action_plan_counts_exercises_once(store):
    text = html_of(plan_ui.build_action_plan(new_page("4-4", store)))
    assert "of the exercises" not in text
    assert re.search(r"You have done <strong>0 of the 7</strong> exercises this plan draws on", text)


def test_the_3_3_panel_has_no_two_members_with_one_name():
    names = [m.name for m in imperatives.panel().members]
    assert len(names) == len(set(names))


def test_a_panel_file_with_two_members_alike_is_refused():
    with pytest.raises(ValueError, match="share a name"):
        imperatives.Panel.model_validate({"seed": 1, "moderation_range": 2, "moderation_rationale": "x" * 20,
                                          "members": [{"id": "a", "name": "Same name"},
                                                      {"id": "b", "name": "Same name"}]})


def test_1_1_shows_its_check_result_again_after_a_reload(store):
    page = new_page("1-1", store)
    app = values.build_values_exercise(page)
    find(app, widgets.Button, "Check my answers").click()
    shown = re.search(r"You have \d+ of 12 right", html_of(app)).group(0)
    saves = len(store.history(page.visitor.token, "1-1", "summary"))
    again = values.build_values_exercise(new_page("1-1", store, page.visitor.token))
    assert shown in html_of(again)
    assert len(store.history(page.visitor.token, "1-1", "summary")) == saves  # loading saves nothing new


def test_an_exercise_never_checked_shows_no_result_on_load(store):
    assert "You have" not in html_of(values.build_values_exercise(new_page("1-1", store)))
