"""The workshop evaluation: the form, the room's before-and-after aggregation, and the app's widgets."""

import ipywidgets as widgets
import pytest
from hypothesis import given
from hypothesis import strategies as st

from svkit import evaluation, room, sessionplans
from svkit.ui.lessons import evaluation as evaluation_ui
from svkit.ui.lessons import start
from svkit.ui.kit import Page
from tests.helpers import all_of, html_of, new_page

FORM = evaluation.form()
Q = [q.id for q in FORM.questions]
OPEN = [q.id for q in FORM.open]


# --- the form -------------------------------------------------------------------------------------

def test_the_form_has_four_rated_questions_on_a_named_five_point_scale_and_two_open_ones():
    assert len(Q) == 4 and len(OPEN) == 2 and len(set(Q + OPEN)) == 6
    assert (FORM.scale.min, FORM.scale.max) == (1, 5)
    assert set(FORM.scale.labels) == {1, 2, 3, 4, 5} and FORM.scale_words == "1 (not at all) to 5 (very)"


def test_a_form_with_a_repeated_question_id_is_refused():
    with pytest.raises(ValueError, match="own id"):
        evaluation.Form.model_validate({
            "scale": {"min": 1, "max": 3, "labels": {1: "a", 2: "b", 3: "c"}},
            "questions": [{"id": "same", "text": "A first question here?"}],
            "open": [{"id": "same", "text": "A second question here?"}]})


@pytest.mark.parametrize("bad", [0, 6, 2.5, True, "3", None, [3]])
def test_a_rating_off_the_scale_or_not_a_whole_number_is_left_out(bad):
    assert evaluation.ratings({Q[0]: bad, Q[1]: 4, "unknown": 3}, FORM) == {Q[1]: 4}
    assert evaluation.ratings("not a mapping", FORM) == {}


# --- the room: figures worked by hand ---------------------------------------------------------------

def summary(before=None, after=None, open_=None):
    return {"before": before or {}, "after": after or {}, "open": open_ or {}}


def test_counts_medians_spread_and_paired_movement_match_a_hand_worked_room():
    # Question 1: before 2, 3, 3, 5 (median 3); after 4, 3, 2 (+ Dee, who missed the start: 5) -> 2, 3, 4, 5
    # (median 3.5). Paired: Ann 2 -> 4 rose, Ben 3 -> 3 stayed, Cat 3 -> 2 fell; Eve (5) left early.
    summaries = {
        "ann": summary({Q[0]: 2, Q[1]: 1}, {Q[0]: 4, Q[1]: 3}),
        "ben": summary({Q[0]: 3, Q[1]: 2}, {Q[0]: 3}),
        "cat": summary({Q[0]: 3}, {Q[0]: 2, Q[1]: 4}),
        "dee": summary(None, {Q[0]: 5, Q[1]: 5}),
        "eve": summary({Q[0]: 5, Q[1]: 7}),  # 7 is off the scale: left out
        "odd": "not a summary",
    }
    r = evaluation.evaluation_room(summaries, FORM)
    assert (r.people, r.before_people, r.after_people) == (5, 4, 4)
    q1, q2, q3, q4 = r.questions
    assert q1.question == Q[0]
    assert q1.before == {1: 0, 2: 1, 3: 2, 4: 0, 5: 1} and q1.after == {1: 0, 2: 1, 3: 1, 4: 1, 5: 1}
    assert (q1.before_count, q1.after_count) == (4, 4)
    assert (q1.before_median, q1.after_median) == (3.0, 3.5)
    assert (q1.paired, q1.rose, q1.stayed, q1.fell) == (3, 1, 1, 1)
    # Question 2: before 1, 2 (median 1.5); after 3, 4, 5 (median 4); only Ann answered both (1 -> 3).
    assert (q2.before_count, q2.after_count, q2.before_median, q2.after_median) == (2, 3, 1.5, 4.0)
    assert (q2.paired, q2.rose, q2.stayed, q2.fell) == (1, 1, 0, 0)
    # Questions 3 and 4: no one answered.
    for q in (q3, q4):
        assert q.before_median is None and q.after_median is None and q.paired == 0
        assert sum(q.before.values()) == 0 and set(q.before) == {1, 2, 3, 4, 5}


def test_open_answers_go_on_the_wall_by_question_and_an_edit_gets_a_new_id():
    summaries = {"ann": summary(open_={OPEN[0]: "  Talk to our S151 <b>first</b>  ", OPEN[1]: ""}),
                 "ben": summary(open_={OPEN[1]: "More time on 3-5", "unknown": "dropped"})}
    wall = evaluation.open_wall(summaries, FORM)
    assert [(w.participant, w.number, w.text) for w in wall] == [
        ("ann", 1, "Talk to our S151 <b>first</b>"), ("ben", 2, "More time on 3-5")]
    assert wall[0].service == FORM.open[0].text
    edited = evaluation.open_wall({"ann": summary(open_={OPEN[0]: "Talk to our S151 today"})}, FORM)
    assert edited[0].item != wall[0].item
    # never the same id as a 3-7 statement with the same words
    seven = room.statement_wall({"ann": {"texts": ["Talk to our S151 <b>first</b>"]}})
    assert seven[0].item != wall[0].item
    # someone who only wrote counts as one of the people who answered
    assert evaluation.evaluation_room(summaries, FORM).people == 2


def test_an_open_answer_past_the_limit_reaches_the_wall_cut_to_the_limit():
    long = "x" * (evaluation.OPEN_LIMIT + 50)
    wall = evaluation.open_wall({"ann": summary(open_={OPEN[0]: long})}, FORM)
    assert len(wall[0].text) == evaluation.OPEN_LIMIT


ratings = st.dictionaries(st.sampled_from(Q), st.one_of(st.integers(-2, 8), st.booleans(), st.floats(0, 6)), max_size=4)


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.tuples(ratings, ratings), max_size=12))
def test_every_paired_person_rose_stayed_or_fell_and_the_medians_stay_on_the_scale(people):
    summaries = {p: summary(b, a) for p, (b, a) in people.items()}
    r = evaluation.evaluation_room(summaries, FORM)
    for q in r.questions:
        valid_before = [b[q.question] for b, _ in people.values() if q.question in evaluation.ratings(b, FORM)]
        valid_after = [a[q.question] for _, a in people.values() if q.question in evaluation.ratings(a, FORM)]
        both = sum(1 for b, a in people.values()
                   if q.question in evaluation.ratings(b, FORM) and q.question in evaluation.ratings(a, FORM))
        assert q.before_count == len(valid_before) and q.after_count == len(valid_after)
        assert q.paired == both == q.rose + q.stayed + q.fell
        assert q.paired <= min(q.before_count, q.after_count)
        for values, median in ((valid_before, q.before_median), (valid_after, q.after_median)):
            if values:
                assert min(values) <= median <= max(values) and 1 <= median <= 5
                assert sum(v <= median for v in values) * 2 >= len(values)  # half at or below the median
            else:
                assert median is None


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.tuples(ratings, ratings), min_size=1, max_size=12))
def test_swapping_start_and_end_swaps_rose_and_fell(people):
    forward = evaluation.evaluation_room({p: summary(b, a) for p, (b, a) in people.items()}, FORM)
    backward = evaluation.evaluation_room({p: summary(a, b) for p, (b, a) in people.items()}, FORM)
    for f, b in zip(forward.questions, backward.questions):
        assert (f.rose, f.stayed, f.fell) == (b.fell, b.stayed, b.rose)
        assert f.before == b.after and f.before_median == b.after_median


@given(st.lists(st.integers(1, 5), min_size=1, max_size=20))
def test_everyone_answering_the_same_twice_all_stayed(values):
    summaries = {f"p{i}": summary({Q[0]: v}, {Q[0]: v}) for i, v in enumerate(values)}
    q = evaluation.evaluation_room(summaries, FORM).questions[0]
    assert (q.paired, q.stayed, q.rose, q.fell) == (len(values), len(values), 0, 0)
    assert q.before == q.after and q.before_median == q.after_median


# --- the session plans and the paper form use the same questions --------------------------------------

def test_every_plan_asks_the_evaluation_at_the_start_and_at_the_end_and_the_document_shows_its_questions():
    for plan in sessionplans.plans().plans:
        assert "00-evaluation" in plan.blocks[0].apps and plan.blocks[-1].apps == ["00-evaluation"], plan.id
    doc = sessionplans.markdown()
    assert "no evaluation app" not in doc
    for q in FORM.questions + FORM.open:
        assert doc.count(q.text) == len(sessionplans.plans().plans)


# --- the app ---------------------------------------------------------------------------------------

def radios(app):
    found = all_of(app, widgets.RadioButtons)
    assert len(found) == 2 * len(Q)
    return found[:len(Q)], found[len(Q):]


def test_answering_saves_each_rating_and_a_summary_for_the_console(store):
    page = new_page("00-evaluation", store)
    app = evaluation_ui.build_evaluation(page)
    before, after = radios(app)
    assert all(r.value is None for r in before + after)
    assert all("question" in r.description and r.options[0] == ("1: not at all", 1) for r in before + after)
    assert "None of the 4 questions answered yet." in html_of(app)
    before[0].value = 2
    saved = store.load(page.visitor.token, "00-evaluation")
    assert saved[f"before:{Q[0]}"] == 2
    assert saved["summary"] == {"before": {Q[0]: 2}, "after": {}, "open": {}, "answered_before": 1,
                                "answered_after": 0, "of": 4}
    assert "1 of 4 answered. Still to answer: questions 2, 3, 4." in html_of(app)
    assert "✓ Saved" in page.status.value
    for r, v in zip(before[1:], (3, 4, 5)):
        r.value = v
    for r, v in zip(after, (4, 3, 2, 5)):
        r.value = v
    boxes = all_of(app, widgets.Textarea)
    assert [b.description for b in boxes] == [q.text for q in FORM.open]
    boxes[0].value = "Ask <finance> about open book"
    page.flush()
    s = store.load(page.visitor.token, "00-evaluation")["summary"]
    assert s["before"] == dict(zip(Q, (2, 3, 4, 5))) and s["after"] == dict(zip(Q, (4, 3, 2, 5)))
    assert s["open"] == {OPEN[0]: "Ask <finance> about open book"} and s["answered_after"] == 4
    text = html_of(app)
    assert "All 4 answered. Thank you." in text
    assert "up 2" in text and "the same" in text and "down 2" in text
    # the console reads that summary back into the room
    r = evaluation.evaluation_room({page.visitor.token: s}, FORM)
    assert r.questions[0].rose == 1 and r.questions[2].fell == 1 and r.wall[0].text.startswith("Ask <finance>")


def test_answers_come_back_after_a_reload(store):
    page = new_page("00-evaluation", store)
    before, after = radios(evaluation_ui.build_evaluation(page))
    before[1].value = 4
    after[3].value = 1
    again = evaluation_ui.build_evaluation(Page("00-evaluation", visitor=page.visitor, store=store))
    before2, after2 = radios(again)
    assert before2[1].value == 4 and after2[3].value == 1 and before2[0].value is None
    assert "1 of 4 answered. Still to answer: questions 1, 2, 3." in html_of(again)


def test_an_answer_too_long_for_the_wall_gets_a_message_beside_it_and_the_app_keeps_working(store):
    page = new_page("00-evaluation", store)
    app = evaluation_ui.build_evaluation(page)
    box = all_of(app, widgets.Textarea)[1]
    box.value = "y" * (evaluation.OPEN_LIMIT + 1)
    page.flush()
    assert "your trainer sees only the first 1,000" in html_of(app)
    assert len(store.load(page.visitor.token, "00-evaluation")[f"open:{OPEN[1]}"]) == evaluation.OPEN_LIMIT + 1
    radios(app)[0][0].value = 3  # still answering
    assert store.load(page.visitor.token, "00-evaluation")["summary"]["before"] == {Q[0]: 3}


def test_a_saved_rating_off_the_scale_is_set_aside_with_a_message_not_an_error(store):
    page = new_page("00-evaluation", store)
    store.save(page.visitor.token, "00-evaluation", f"before:{Q[0]}", 9)
    app = evaluation_ui.build_evaluation(Page("00-evaluation", visitor=page.visitor, store=store))
    assert radios(app)[0][0].value is None
    assert "could not be loaded" in app.page.banner.value


def test_the_start_page_links_the_evaluation_with_the_visitors_identity(store, visitor):
    text = html_of(start.build_start_app(Page(start.LABEL, visitor=visitor, store=store)))
    assert 'href="00-evaluation.ipynb?p=' in text and visitor.token in text
    assert "Open the workshop evaluation" in text
