import pytest
from hypothesis import given, strategies as st
from pydantic import ValidationError

from svkit import quiz

SET = quiz.QuestionSet.model_validate({
    "label": "9-9",
    "title": "Test set",
    "questions": [
        {"kind": "single", "id": "law", "prompt": "Which duty asks for continuous improvement?",
         "options": [
             {"id": "best-value", "text": "Best Value", "feedback": "Right: the Local Government Act 1999, s.3."},
             {"id": "lowest-price", "text": "Lowest price", "feedback": "No: no duty requires the lowest price."},
             {"id": "tomsy", "text": "The TOMs", "feedback": "No: the TOMs are a menu, not a duty."}],
         "answer": "best-value"},
        {"kind": "multi", "id": "principles", "prompt": "Which are procurement principles?",
         "options": [
             {"id": "transparency", "text": "Transparency", "feedback": "Transparency is one of the five."},
             {"id": "integrity", "text": "Integrity", "feedback": "Integrity is one of the five."},
             {"id": "cheapness", "text": "Cheapness", "feedback": "Not a principle; value for money is."}],
         "answer": ["transparency", "integrity"]},
        {"kind": "assign", "id": "values", "prompt": "Which value does each action serve?",
         "categories": [{"id": "democratic", "label": "Democratic engagement"},
                        {"id": "coproduction", "label": "Co-production"}],
         "items": [
             {"id": "assembly", "text": "A citizens' assembly on the budget", "answer": ["democratic"],
              "feedback": "Residents shape priorities: democratic engagement."},
             {"id": "codesign", "text": "Service users design the new service with officers",
              "answer": ["coproduction", "democratic"], "feedback": "Equal partners in design, and a say in decisions."}]},
        {"kind": "numeric", "id": "weight", "prompt": "The usual minimum social value weighting, %?",
         "answer": 10, "tolerance": 0, "unit": "%", "explanation": "PPN 06/20 and PPN 002 set 10%.",
         "feedback_low": "Too low: the guidance sets a floor of 10%.", "feedback_high": "Higher than the 10% minimum."},
        {"kind": "text", "id": "reflect", "prompt": "What would you change?", "guidance": "Compare with the toolkit's steps.",
         "min_chars": 5},
    ],
})


def test_every_model_answer_is_marked_fully_correct():
    for q in SET.questions:
        m = quiz.mark(q, quiz.model_answer(q))
        if q.kind == "text":
            assert not m.marked
        else:
            assert m.correct and m.score == 1.0


@pytest.mark.parametrize("qid, wrong, expected_feedback", [
    ("law", "lowest-price", "no duty requires the lowest price"),
    ("principles", ["transparency", "cheapness"], "value for money is"),
    ("values", {"assembly": ["democratic"], "codesign": ["coproduction"]}, "Equal partners"),
    ("weight", 5, "floor of 10%"),
    ("weight", 20, "Higher than"),
])
def test_a_wrong_answer_is_wrong_with_its_own_feedback(qid, wrong, expected_feedback):
    m = quiz.mark(SET.question(qid), wrong)
    assert not m.correct
    assert any(expected_feedback in f.text for f in m.wrong)


def test_partial_credit_counts_parts():
    m = quiz.mark(SET.question("principles"), ["transparency"])
    assert m.score == pytest.approx(2 / 3)


def test_nothing_chosen_is_not_correct():
    assert not quiz.mark(SET.question("law"), None).correct
    assert not quiz.mark(SET.question("weight"), None).correct
    assert not quiz.mark(SET.question("values"), {}).correct


def test_free_text_is_saved_not_marked():
    m = quiz.mark(SET.question("reflect"), "We would co-produce it.")
    assert not m.marked and "toolkit's steps" in m.feedback[0].text
    assert quiz.score_total({"a": m}) == (0, 0)


def test_unknown_ids_in_an_answer_are_refused():
    with pytest.raises(ValueError):
        quiz.mark(SET.question("law"), "nope")
    with pytest.raises(ValueError):
        quiz.mark(SET.question("values"), {"assembly": ["nowhere"]})
    with pytest.raises(ValueError):
        quiz.mark(SET.question("weight"), float("nan"))


def test_a_model_answer_naming_an_unknown_option_is_refused():
    with pytest.raises(ValidationError, match="unknown option"):
        quiz.SingleChoice.model_validate({"kind": "single", "id": "x", "prompt": "A question?",
                                          "options": [{"id": "a", "text": "A", "feedback": "long enough text"},
                                                      {"id": "b", "text": "B", "feedback": "long enough text"}],
                                          "answer": "c"})


@given(st.sets(st.sampled_from(["transparency", "integrity", "cheapness"])))
def test_multi_select_is_correct_only_for_the_exact_set(chosen):
    m = quiz.mark(SET.question("principles"), chosen)
    assert m.correct == (chosen == {"transparency", "integrity"})
    assert 0.0 <= m.score <= 1.0


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e6, max_value=1e6))
def test_numeric_is_correct_exactly_within_tolerance(value):
    q = SET.question("weight")
    assert quiz.mark(q, value).correct == (abs(value - 10) <= 0)


def test_question_files_are_checked_by_check_data(tmp_path):
    from svkit import checks

    (tmp_path / "questions").mkdir()
    (tmp_path / "questions" / "1-1.yaml").write_text("label: 1-1\ntitle: T\nquestions: []\n")
    problems = [str(p) for p in checks.all_problems(tmp_path)]
    assert any(p.startswith("questions/1-1.yaml: questions") for p in problems)


def shipped_sets():
    from svkit.paths import data_dir

    return [quiz.load(p.stem) for p in sorted((data_dir() / "questions").glob("*.yaml"))]


def all_questions():
    return [(s.label, q) for s in shipped_sets() for q in s.questions]


def test_shipped_question_sets_exist():
    labels = [s.label for s in shipped_sets()]
    assert {"1-1", "1-2", "1-3"} <= set(labels)


@pytest.mark.parametrize("label, question", all_questions(), ids=lambda v: v if isinstance(v, str) else v.id)
def test_every_shipped_model_answer_is_fully_correct(label, question):
    m = quiz.mark(question, quiz.model_answer(question))
    if question.kind == "text":
        assert not m.marked  # free text is saved, never marked
    else:
        assert m.correct and m.score == 1.0 and not m.wrong


@pytest.mark.parametrize("label, question", [(l, q) for l, q in all_questions() if q.kind != "text"],
                         ids=lambda v: v if isinstance(v, str) else v.id)
def test_every_shipped_question_marks_a_wrong_answer_wrong_with_its_feedback(label, question):
    if question.kind == "single":
        for option in question.options:
            if option.id != question.answer:
                m = quiz.mark(question, option.id)
                assert not m.correct and option.feedback in [f.text for f in m.wrong]
    elif question.kind == "multi":
        option = question.options[0]
        flipped = set(question.answer) ^ {option.id}
        m = quiz.mark(question, flipped)
        assert not m.correct and option.feedback in [f.text for f in m.wrong]
    elif question.kind == "assign":
        cats = [c.id for c in question.categories]
        for item in question.items:
            answer = quiz.model_answer(question)
            answer[item.id] = [next(c for c in cats if c not in item.answer)]
            m = quiz.mark(question, answer)
            assert not m.correct and [f.text for f in m.wrong] == [item.feedback]
    elif question.kind == "numeric":
        m = quiz.mark(question, question.answer + question.tolerance + 1)
        assert not m.correct and m.wrong[0].text == question.feedback_high


def test_exercise_sizes_match_the_brief():
    sets = {s.label: s for s in shipped_sets()}
    assert 10 <= len(sets["1-1"].question("actions").items) <= 12
    assert 10 <= len(sets["1-2"].question("activities").items) <= 12
    cards = {q.id.rsplit("-", 1)[0] for q in sets["1-3"].questions}
    assert 8 <= len(cards) <= 10
