"""Every served app in real Chromium: clean, sourceless, accessible; identity and answers survive."""

from __future__ import annotations

import time

import pytest

from tests.apps import APP_PATHS
from tests.harness import READY, axe_violations, describe_violations, open_app, query_param, save_status, wait_saved
from tests.helpers import ERROR_TEXT, choose_file, code_lines, the_lab_kept_its_bids, wait_text

pytestmark = pytest.mark.browser
START = "notebooks/00-start.ipynb"
AIMS = "textarea"


GALLERY = "a11y/widget-gallery.ipynb"


@pytest.mark.parametrize("app_path", [*APP_PATHS, GALLERY])
def test_app_renders_clean_and_accessible(served_kit, page, app_path):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_app(page, served_kit.url(app_path))
    html = page.content()
    body = page.inner_text("body")
    assert "Traceback" not in body and ERROR_TEXT not in body
    assert page.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    assert page.locator('[data-mime-type="application/vnd.jupyter.error"]').count() == 0
    if app_path != GALLERY:
        for line in code_lines(app_path):
            assert line not in html, f"source shown: {line}"
    bad = axe_violations(page)
    assert not bad, describe_violations(bad)
    # everything the page needs comes from the kit's own server (a room may have no internet)
    outside = [u for u in requests if not u.startswith((served_kit.base, "data:", "blob:"))]
    assert not outside, outside


def test_a_reload_keeps_identity_and_answers(served_kit, page):
    open_app(page, served_kit.url(START))
    token = query_param(page.url, "p")
    assert token and len(token) == 22  # written into the URL by the app
    code = page.inner_text(".svkit-code")
    page.fill(AIMS, "Bring the alliance idea to the S151 officer.")
    wait_saved(page)
    page.reload()
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    assert query_param(page.url, "p") == token
    assert page.inner_text(".svkit-code") == code
    assert page.input_value(AIMS) == "Bring the alliance idea to the S151 officer."


def test_two_identities_never_see_each_others_answers(served_kit, browser):
    pages = []
    for words in ("Answer from Ana", "Answer from Ben"):
        ctx = browser.new_context()
        pg = ctx.new_page()
        open_app(pg, served_kit.url(START))
        pg.fill(AIMS, words)
        wait_saved(pg)
        pages.append((ctx, pg, words))
    tokens = {query_param(pg.url, "p") for _, pg, _ in pages}
    assert len(tokens) == 2
    for ctx, pg, words in pages:
        pg.reload()
        pg.wait_for_selector(READY, state="attached", timeout=120_000)
        assert pg.input_value(AIMS) == words
        ctx.close()


def test_the_save_status_is_announced(served_kit, page):
    open_app(page, served_kit.url(START))
    status = page.locator(".svkit-status").first
    page.wait_for_function("() => document.querySelector('.svkit-status').getAttribute('aria-live') === 'polite'")
    assert status.get_attribute("role") == "status"


def test_joining_in_the_browser_puts_the_workshop_in_the_url(served_kit, page):
    from svkit.store import AnswerStore

    workshop = AnswerStore(served_kit.db_url).create_workshop("Browser room")
    open_app(page, served_kit.url(START))
    page.get_by_label("Workshop join code").fill(workshop.display_code)
    page.get_by_label("Your name, as your trainer will see it").fill("Ana")
    page.get_by_role("button", name="Join workshop").click()
    page.wait_for_function(f"() => window.location.search.includes('ws={workshop.code}')", timeout=30_000)
    assert "Browser room" in page.inner_text("body")


def test_keyboard_alone_reaches_and_operates_every_control(served_kit, page):
    open_app(page, served_kit.url(START))
    page.wait_for_timeout(500)
    controls = page.evaluate(
        "() => [...document.querySelectorAll('.svkit-app input, .svkit-app textarea, .svkit-app button, .svkit-app a[href]')]"
        ".filter(e => e.offsetParent !== null).map(e => e.outerHTML.slice(0, 120))"
    )
    assert len(controls) >= 8
    reached = set()
    page.locator("body").focus()
    for _ in range(len(controls) * 3 + 40):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : ''"))
    missing = [c for c in controls if c not in reached]
    assert not missing, missing
    # operate: type a name and choose to work alone, with keys only
    page.get_by_label("Your name, as your trainer will see it").focus()
    page.keyboard.type("Keyboard Kim")
    page.keyboard.press("Tab")
    for _ in range(10):
        if page.evaluate("() => document.activeElement.textContent.trim()") == "Work on my own":
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.body.innerText.includes('You are working on your own. Your answers are still saved.')",
                           timeout=30_000)


@pytest.mark.parametrize("kind", ["docx", "md"])
def test_download_link_gives_a_file_that_opens_again(served_kit, page, kind):
    open_app(page, served_kit.url(START))
    page.fill(AIMS, "Aims for the download test")
    wait_saved(page)
    page.get_by_role("button", name="Prepare my record").click()  # written when asked for
    page.wait_for_function("() => [...document.querySelectorAll('a.svkit-download')].length === 2")
    link = page.locator(f"a.svkit-download[download$='.{kind}']")
    with page.expect_download() as info:
        link.click()
    path = info.value.path()
    assert info.value.suggested_filename.endswith(f".{kind}")
    code = page.inner_text(".svkit-code")
    if kind == "docx":
        from docx import Document

        text = "\n".join(p.text for p in Document(path).paragraphs)
    else:
        text = open(path, encoding="utf-8").read()
    assert code in text and "Aims for the download test" in text


def test_closed_pages_give_their_kernels_back(culling_kit, browser):
    # pages that vanish without a word (a crashed browser, a laptop lid shut: no shutdown beacon)
    # are given back by the culling backstop; pages left normally are in test_room_served.py
    pooled = culling_kit.pooled_kernels  # every app keeps its warm kernels
    deadline = time.time() + 180
    while time.time() < deadline and len(culling_kit.kernel_pids()) < pooled:
        time.sleep(1)
    for _ in range(10):
        ctx = browser.new_context()
        pg = ctx.new_page()
        pg.goto(culling_kit.url(START), wait_until="domcontentloaded")
        pg.wait_for_selector(READY, state="attached", timeout=120_000)
        ctx._context.close()  # gone, without 'beforeunload'
    assert len(culling_kit.kernel_pids()) > pooled
    deadline = time.time() + 90
    while time.time() < deadline and len(culling_kit.kernel_pids()) > pooled:
        time.sleep(1)
    assert len(culling_kit.kernel_pids()) == pooled


def test_slider_handles_are_named_after_their_labels(served_kit, page):
    open_app(page, served_kit.url(GALLERY))
    page.wait_for_function(
        "() => [...document.querySelectorAll('[role=slider]')].every(h => h.getAttribute('aria-label'))", timeout=30_000
    )
    names = page.evaluate("() => [...document.querySelectorAll('[role=slider]')].map(h => h.getAttribute('aria-label'))")
    assert names == ["Whole number slider", "Competition to collaboration"]


def test_charts_are_images_with_alt_text_and_numbers(served_kit, page):
    open_app(page, served_kit.url(GALLERY))
    img = page.locator("figure.svkit-figure img")
    assert img.count() == 1
    assert img.get_attribute("alt").startswith("Bar chart: Weights.")
    assert "Social value" in page.inner_text("figure.svkit-figure table")
    assert page.locator(".jp-RenderedImage img").count() == 0  # no bare matplotlib PNG output
    assert page.evaluate("() => [...document.images].every(i => (i.getAttribute('alt') || '').trim().length > 10)")


def test_slider_answers_survive_a_reload(served_kit, page):
    open_app(page, served_kit.url(GALLERY))
    handle = page.locator("[role=slider]").first
    handle.focus()
    page.keyboard.press("ArrowRight")
    wait_saved(page)
    page.reload()
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    assert page.locator("[role=slider]").first.get_attribute("aria-valuenow") in ("4", "4.0")


EXERCISES = [p for p in APP_PATHS if p.startswith("exercises/")]


def change_first_control(page) -> tuple[str, str] | None:
    """Change the first choice control of an app; return (selector, new value as text), or None
    when the app has only text boxes (its text area is then what must survive)."""
    checkbox = page.locator(".svkit-app input[type=checkbox]")
    if checkbox.count():
        checkbox.first.check()
        return ".svkit-app input[type=checkbox] >> nth=0", "checked"
    select = page.locator(".svkit-app select")
    if select.count():
        options = select.first.locator("option").all_inner_texts()
        select.first.select_option(label=options[-1])
        return ".svkit-app select >> nth=0", options[-1]
    radio = page.locator(".svkit-app input[type=radio]")
    if radio.count():
        radio.first.check()
        return ".svkit-app input[type=radio] >> nth=0", "checked"
    return None


def read_control(page, selector: str) -> str:
    el = page.locator(selector)
    if "select" in selector:
        return el.evaluate("e => e.options[e.selectedIndex].text")
    return "checked" if el.is_checked() else "unchecked"


@pytest.mark.parametrize("app_path", EXERCISES)
def test_every_exercise_restores_answers_after_a_reload(served_kit, page, app_path):
    open_app(page, served_kit.url(app_path))
    changed = change_first_control(page)
    text = page.locator(".svkit-app textarea:visible")
    assert changed or text.count(), "an exercise with nothing to answer"
    if changed:
        wait_saved(page)
    if text.count():
        before = save_status(page)
        page.wait_for_timeout(1100)  # the indicator shows seconds: let the next save read differently
        text.first.fill("A reflection that must survive a reload.")
        wait_saved(page, before)
    page.reload()
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    if changed:
        assert read_control(page, changed[0]) == changed[1]
    if text.count():
        assert page.locator(".svkit-app textarea:visible").first.input_value() == "A reflection that must survive a reload."


def test_marking_in_the_browser_shows_feedback_beside_each_answer(served_kit, page):
    open_app(page, served_kit.url("exercises/1-2-commissioning-cycle.ipynb"))
    page.get_by_role("button", name="Check my answers").click()
    page.wait_for_function("() => document.body.innerText.includes('You have 0 of 12 right')", timeout=30_000)
    assert page.locator(".svkit-msg-error").count() >= 12


@pytest.mark.parametrize("content, expected", [
    (b"bidder,organisation_type,price,quality_a,embedded_mark\nA,sme,100,50,50\n", "Loaded 1 bids from 'bids.csv'."),
    (b"bidder,organisation_type,price,quality_a,embedded_mark\nA,sme,-1,50,50\n", "row 2, column 'price': this cannot be negative"),
    (b"x" * (6 * 1024 * 1024), "the limit is 5 MB. Nothing was sent or changed."),
])
def test_uploads_reach_the_kernel_and_bad_files_get_a_message(served_kit, page, content, expected, tmp_path):
    open_app(page, served_kit.url(GALLERY))
    path = tmp_path / "bids.csv"
    path.write_bytes(content)
    choose_file(page, path)
    wait_text(page, expected)
    assert "Traceback" not in page.inner_text("body")


TENDER_LAB = "exercises/2-2-tender-lab.ipynb"
RATIONALE = "exercises/2-4-rationale.ipynb"


def test_tender_lab_weights_that_do_not_add_up_are_refused_in_the_browser(served_kit, page):
    open_app(page, served_kit.url(TENDER_LAB))
    box = page.get_by_label("Price weight (%)")
    box.fill("75")
    box.press("Tab")
    wait_text(page, "The weights must add up to 100; these add up to 125.")  # defaults 50/30/20
    page.get_by_label("Quality weight (%)").fill("5")
    page.get_by_label("Quality weight (%)").press("Tab")
    wait_text(page, "Price 75%, quality 5%, social value 20%: these add up to 100.")
    assert "Traceback" not in page.inner_text("body")


def test_tender_lab_upload_with_a_duplicate_bidder_names_the_row_and_keeps_the_bids(served_kit, page, tmp_path):
    open_app(page, served_kit.url(TENDER_LAB))
    path = tmp_path / "bids.csv"
    path.write_bytes(b"bidder,organisation_type,price,quality_a,embedded_mark\nA,sme,100,50,50\nA,sme,120,60,60\n")
    choose_file(page, path)
    wait_text(page, "row 3, column 'bidder': 'A' is listed twice (also row 2)")
    assert the_lab_kept_its_bids(page)


def test_rationale_download_in_the_browser_opens_with_python_docx(served_kit, page):
    open_app(page, served_kit.url(RATIONALE))
    page.get_by_label("Contract name (required)").fill("Browser rationale")
    page.get_by_label("Subject matter (what is being bought) (required)").fill("Cleaning of council offices")
    page.get_by_label("Type of contract (required)").select_option(label="Services")
    for label, value in (("Estimated value a year, £ including VAT (required)", "80000"), ("Length, years (required)", "3")):
        page.get_by_label(label).fill(value)
        page.get_by_label(label).press("Tab")
    page.get_by_label("Policy goals it serves (required)").fill("Fair work")
    page.get_by_label("Pay everyone working on the contract at least the Real Living Wage").check()
    page.get_by_label("Market and community engagement (required)").fill("Talked to cleaning co-operatives")
    page.get_by_label("Social value in the core specification (required)").fill("Real Living Wage as a contract condition")
    page.get_by_label("Monitoring (required)").fill("Payroll sample each quarter")
    wait_text(page, "at or above the £207,720 threshold")
    page.wait_for_timeout(1000)  # let the last keystrokes reach the kernel
    page.get_by_role("button", name="Prepare my rationale").click()
    link = page.locator("a.svkit-download[download$='.docx']")
    link.wait_for(timeout=30_000)
    with page.expect_download() as info:
        link.click()
    from docx import Document

    text = "\n".join(p.text for p in Document(info.value.path()).paragraphs)
    for value in ("Browser rationale", "Cleaning of council offices", "£80,000", "Real Living Wage as a contract condition",
                  "Payroll sample each quarter", "Threshold check"):
        assert value in text
