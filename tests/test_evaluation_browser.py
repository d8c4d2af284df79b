"""The workshop evaluation in real Chromium: answers by mouse and keyboard, saved, restored after a reload,
and the summary the console reads is in the store."""

from __future__ import annotations

import pytest

from svkit import evaluation
from svkit.store import AnswerStore
from tests.harness import READY, open_app, query_param, save_status, wait_saved

pytestmark = pytest.mark.browser
EVALUATION = "notebooks/00-evaluation.ipynb"


def test_the_evaluation_saves_ratings_and_text_and_restores_them_after_a_reload(served_kit, page):
    form = evaluation.form()
    open_app(page, served_kit.url(EVALUATION))
    assert "None of the 4 questions answered yet." in page.inner_text("body")
    start_q1 = page.locator(".widget-radio").nth(0)
    end_q1 = page.locator(".widget-radio").nth(len(form.questions))
    assert "At the start, question 1" in start_q1.inner_text() and "At the end, question 1" in end_q1.inner_text()
    start_q1.get_by_label("2: a little").check()
    wait_saved(page)
    before = save_status(page)
    page.wait_for_timeout(1100)  # the indicator shows seconds: let the next save read differently
    end_q1.get_by_label("4: quite").check()
    wait_saved(page, before)
    page.wait_for_function("() => document.body.innerText.includes('up 2')", timeout=30_000)
    before = save_status(page)
    page.wait_for_timeout(1100)
    page.locator(".svkit-app textarea").first.fill("Take the golden thread to our next board")
    wait_saved(page, before)
    token = query_param(page.url, "p")
    assert token
    page.reload()
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    start_q1 = page.locator(".widget-radio").nth(0)
    end_q1 = page.locator(".widget-radio").nth(len(form.questions))
    assert start_q1.get_by_label("2: a little").is_checked() and end_q1.get_by_label("4: quite").is_checked()
    assert page.locator(".svkit-app textarea").first.input_value() == "Take the golden thread to our next board"
    assert "up 2" in page.inner_text("body")
    store = AnswerStore(served_kit.db_url)
    try:
        summary = store.load(token, "00-evaluation")["summary"]
    finally:
        store.dispose()
    q1, n1 = form.questions[0].id, form.open[0].id
    assert summary["before"] == {q1: 2} and summary["after"] == {q1: 4}
    assert summary["open"] == {n1: "Take the golden thread to our next board"}


def test_a_rating_can_be_chosen_from_the_keyboard(served_kit, page):
    open_app(page, served_kit.url(EVALUATION))
    first = page.locator(".widget-radio").nth(0).locator("input[type=radio]")
    first.nth(0).focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # radios move and select with the arrow keys
    wait_saved(page)
    assert first.nth(1).is_checked()
