"""Section 1 apps at widget level: marking, feedback, saving and restoring."""

import ipywidgets as widgets
import pytest

from svkit import lenses, quiz, scenarios, session
from svkit.ui.exercises import commissioning_cycle as cycle_exercise
from svkit.ui.lessons import fundamentals
from svkit.ui.exercises import which_lens as lens
from svkit.ui.exercises import legal_principles as legal
from svkit.ui.exercises import values
from svkit.ui.kit import Page, esc
from tests.helpers import all_of, find, html_of, new_page, press


def test_1_1_model_answers_are_all_right_and_restore(store):
    page = new_page("1-1", store)
    app = values.build_values_exercise(page)
    q = quiz.load("1-1").question("actions")
    boxes = all_of(app, widgets.Checkbox)
    assert len(boxes) == len(q.items) * len(q.categories)
    for item, start in zip(q.items, range(0, len(boxes), len(q.categories))):
        for box in boxes[start:start + len(q.categories)]:
            box.value = box.category in item.answer
    press(app, "Check my answers")
    assert f"You have {len(q.items)} of {len(q.items)} right" in html_of(app)
    summary = store.load(page.visitor.token, "1-1")["summary"]
    assert (summary["right"], summary["of"]) == (len(q.items), len(q.items))
    assert summary["items"] == {i.id: {"right": True, "chosen": [c.id for c in q.categories if c.id in i.answer]}
                                for i in q.items}  # per item, for the console's 1-1 panel
    again = values.build_values_exercise(new_page("1-1", store, page.visitor.token))
    assert [b.value for b in all_of(again, widgets.Checkbox)] == [b.value for b in boxes]


def test_1_1_a_wrong_choice_gets_that_actions_feedback(store):
    app = values.build_values_exercise(new_page("1-1", store))
    q = quiz.load("1-1").question("actions")
    all_of(app, widgets.Checkbox)[1].value = True  # first action: co-production (wrong)
    press(app, "Check my answers")
    assert q.items[0].feedback.split()[0] in html_of(app)
    assert "Not quite" in html_of(app)


def test_1_1_reflection_shows_guidance_once_written(store):
    app = values.build_values_exercise(new_page("1-1", store))
    text = find(app, widgets.Textarea, "reflection")
    guidance = esc(quiz.load("1-1").question("reflection").guidance[:30])
    assert guidance not in html_of(app)
    text.value = "We score social value from a menu; democratic engagement is served least."
    assert guidance in html_of(app)


def test_1_2_figure_follows_the_stage_being_discussed(store):
    app = cycle_exercise.build_cycle_exercise(new_page("1-2", store))
    dropdowns = all_of(app, widgets.Dropdown)
    dropdowns[0].value = "approach"
    assert "Stage 3, Approach, is highlighted" in html_of(app)
    dropdowns[1].value = "monitoring"
    assert "Stage 5, Monitoring and learning, is highlighted" in html_of(app)


def test_1_2_model_answers_are_all_right(store):
    page = new_page("1-2", store)
    app = cycle_exercise.build_cycle_exercise(page)
    q = quiz.load("1-2").question("activities")
    for dropdown, item in zip(all_of(app, widgets.Dropdown), q.items):
        dropdown.value = item.answer[0]
    press(app, "Check my answers")
    assert f"You have {len(q.items)} of {len(q.items)} right" in html_of(app)


def test_1_3_cards_say_not_legal_advice_and_mark_both_questions(store):
    page = new_page("1-3", store)
    app = legal.build_legal_exercise(page)
    assert "not legal advice" in html_of(app)
    qs = quiz.load("1-3")
    radios = all_of(app, widgets.RadioButtons)
    assert len(radios) == len(qs.questions)
    for radio, question in zip(radios, [q for c in legal.cards(qs) for q in c[1:]]):
        radio.value = question.answer
    press(app, "Check my answers")
    assert f"You have {len(radios)} of {len(radios)} right" in html_of(app)
    radios[0].value = "integrity"  # card 1: wrong principle
    press(app, "Check my answers")
    items = store.load(page.visitor.token, "1-3")["summary"]["items"]
    assert items[qs.questions[0].id] == {"right": False, "chosen": ["integrity"]}  # the console's 1-3 panel
    assert sum(i["right"] for i in items.values()) == len(radios) - 1
    assert qs.questions[0].explanation.split()[0] in html_of(app) and "Not quite" in html_of(app)


def test_1_4_reference_profile_matches_and_differences_are_listed(store):
    page = new_page("1-4", store)
    app = lens.build_lens_exercise(page)
    choose = find(app, widgets.Dropdown, "Scenario")
    choose.value = "homecare-market-repair"
    ref = scenarios.scenario("homecare-market-repair").lens_profile
    sliders = {s.description: s for s in all_of(app, widgets.FloatSlider)}
    rows = lenses.table().rows
    for row in rows:
        sliders[row.aspect].value = ref.ratings[row.id]
    assert "reference profile for this scenario" not in html_of(app)  # hidden until asked for
    find(app, widgets.Checkbox, "reference").value = True
    text = html_of(app)
    assert "Collaboration</strong>" in text and "close to the reference on every row" in text
    sliders[rows[0].aspect].value = -1.0
    assert "Where you differ most" in html_of(app) and rows[0].aspect in html_of(app)
    summary = store.load(page.visitor.token, "1-4")["summary"]
    assert summary["scenario"] == "homecare-market-repair"
    assert summary["score"] == pytest.approx(lenses.diagnose({r.id: sliders[r.aspect].value for r in rows}).score, abs=0.1)
    assert summary["rows"] == {r.id: pytest.approx(sliders[r.aspect].value) for r in rows}  # the console's 1-4 panel
    assert summary["rows"][rows[0].id] == -1.0


class FakeTimer:
    """Stands in for the kernel's event-loop timer: fires only when the test says so."""

    def __init__(self, delay, callback):
        self.delay, self.callback, self.cancelled = delay, callback, False

    def cancel(self):
        self.cancelled = True


def test_1_4_a_burst_of_slider_moves_is_drawn_once_and_says_it_is_updating(store):
    timers = []
    app = lens.build_lens_exercise(new_page("1-4", store),
                                   call_later=lambda d, cb: timers.append(FakeTimer(d, cb)) or timers[-1])
    sliders = all_of(app, widgets.FloatSlider)
    def numbers_table(text):
        return text.split("The numbers in the chart")[1].split("</table>")[0]

    figure_before = numbers_table(html_of(app))
    for step in (0.1, 0.2, 0.3, 0.4, 0.5):  # 45 moves across the nine sliders
        for slider in sliders:
            slider.value = step
    live = [t for t in timers if not t.cancelled]
    assert len(timers) == 45 and len(live) == 1 and live[0].delay == lens.SETTLE_SECONDS
    assert lens.UPDATING in html_of(app)  # the result says it is behind
    assert numbers_table(html_of(app)) == figure_before  # and nothing was redrawn yet
    assert any("svkit-updating" in w._dom_classes for w in all_of(app, widgets.HTML))
    live[0].callback()
    text = html_of(app)
    assert lens.UPDATING not in text and not any("svkit-updating" in w._dom_classes for w in all_of(app, widgets.HTML))
    numbers = numbers_table(text)
    assert numbers.count("<td>+0.5</td>") == len(lenses.table().rows)  # drawn once, at the sliders' values


def test_1_4_own_situation_shows_the_description_box_and_restores(store):
    page = new_page("1-4", store)
    app = lens.build_lens_exercise(page)
    own = find(app, widgets.Textarea, "Describe")
    assert own.layout.display == "none"
    find(app, widgets.Dropdown, "Scenario").value = lens.OWN
    assert own.layout.display == ""
    own.value = "Our day centres"
    again = lens.build_lens_exercise(new_page("1-4", store, page.visitor.token))
    assert find(again, widgets.Dropdown, "Scenario").value == lens.OWN
    assert find(again, widgets.Textarea, "Describe").value == "Our day centres"


def test_lesson_table_explorer_reveals_both_sides_and_an_example(store):
    app = fundamentals.build_fundamentals_lesson(new_page("01-fundamentals", store))
    chooser = all_of(app, widgets.ToggleButtons)[0]
    row = lenses.table().rows[-1]
    chooser.value = row.id
    text = html_of(app)
    assert esc(row.competition) in text and esc(row.example) in text


def test_lesson_links_every_section_1_exercise_with_identity(store):
    page = new_page("01-fundamentals", store)
    text = html_of(fundamentals.build_fundamentals_lesson(page))
    for name in ["1-1-values", "1-2-commissioning-cycle", "1-3-legal-principles", "1-4-which-lens"]:
        assert f"../exercises/{name}.ipynb?p={page.visitor.token}" in text


def test_cycle_panel_highlights_the_chosen_stage():
    panel = fundamentals.cycle_panel()
    panel.children[0].value = 1
    assert "Stage 2, Needs and resources, is highlighted" in panel.children[1].value
