"""Participant-grade hardening in real Chromium (issue 13): saved answers that cannot lock a page,
numbers checked where they are typed, boxes wide enough, reflow, focus and slider bursts."""

from __future__ import annotations

import pytest

from svkit import session
from svkit.store import AnswerStore
from tests.apps import APP_PATHS
from tests.harness import open_app

pytestmark = pytest.mark.browser
TENDER_LAB = "exercises/2-2-tender-lab.ipynb"
SET_ASIDE = "Your saved upload could not be loaded; the library set is shown."


def wait_text(page, text: str, timeout: int = 60_000) -> None:
    page.wait_for_function("(t) => document.body.innerText.includes(t)", arg=text, timeout=timeout)


def bids_csv(rows: int) -> str:
    return ("bidder,organisation_type,price,quality_a,embedded_mark\n"
            + "".join(f"Bidder {i},sme,{100000 + i},60,50\n" for i in range(rows)))


# -- 1. a saved answer can never lock a page --------------------------------------
@pytest.mark.parametrize("saved", [
    {"name": "huge.csv", "csv": bids_csv(60_000)},
    {"name": "junk.csv", "csv": "\x00\x01 not a csv at all"},
], ids=["huge", "unreadable"])
def test_a_store_holding_a_bad_or_huge_saved_upload_still_lets_the_tender_lab_load(served_kit, page, saved):
    store = AnswerStore(served_kit.db_url)
    token = session.new_token()
    store.save(token, "2-2", "uploaded_bids", saved)
    store.save(token, "2-2", "bid_set", "uploaded")
    store.dispose()
    open_app(page, served_kit.url(TENDER_LAB, f"p={token}"))
    wait_text(page, SET_ASIDE)
    body = page.inner_text("body")
    assert "Eastside Food Co-operative (winner)" in body and "Traceback" not in body
    assert page.locator("select").first.evaluate("e => e.options[e.selectedIndex].text").startswith("Community meals")


# -- 3. numbers are checked where they are typed -----------------------------------
def test_tender_lab_weights_take_decimals_and_150_is_said_not_clamped_in_the_browser(served_kit, page):
    open_app(page, served_kit.url(TENDER_LAB))
    price = page.get_by_label("Price weight (%)")
    price.fill("150")
    price.press("Tab")
    wait_text(page, "The price weight cannot be more than 100.")
    assert price.input_value() == "150"
    for label, value in (("Price weight (%)", "33.3"), ("Quality weight (%)", "33.3"), ("Social value weight (%)", "33.4")):
        page.get_by_label(label).fill(value)
        page.get_by_label(label).press("Tab")
    wait_text(page, "Price 33.3%, quality 33.3%, social value 33.4%: these add up to 100.")
