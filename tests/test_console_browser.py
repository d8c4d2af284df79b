"""The trainer's console and projector in real Chromium, with participants in their own browser contexts."""

from __future__ import annotations

import io
from html import escape as html_escape
from urllib.parse import parse_qs, urlsplit

import pytest

from svkit import room
from svkit.paths import CONSOLE_APP, PROJECTOR_APP
from svkit.store import AnswerStore
from tests.apps import APP_PATHS
from tests.harness import READY, axe_violations, describe_violations, open_app
from tests.helpers import ERROR_TEXT, wait_text

pytestmark = pytest.mark.browser
START = "notebooks/00-start.ipynb"
TENDER_LAB = "exercises/2-2-tender-lab.ipynb"
I_STATEMENTS = "exercises/3-7-i-statements.ipynb"
XSS_NAME = '<img src=x onerror="window.__x=1">'
XSS_STATEMENT = "<script>window.__x=1</script>"
#: The issue's promise: a participant's save shows on the console within 5 s, without a reload.
LIVE_MS = 5_000


@pytest.fixture
def trainer_room(served_kit):
    store = AnswerStore(served_kit.db_url)
    ws = store.create_workshop("Browser room for the console")
    key = store.issue_trainer_key(ws.code)
    yield store, ws, key
    store.dispose()


def keyed(served_kit, app_path, code, key):
    return served_kit.url(app_path, f"ws={code}&k={key}")


def join(served_kit, context, code, name):
    """Join the workshop on the start page as a participant would; return their page and identity query."""
    pg = context.new_page()
    open_app(pg, served_kit.url(START, f"ws={code}"))
    pg.get_by_label("Your name, as your trainer will see it").fill(name)
    pg.get_by_role("button", name="Join workshop").click()
    wait_text(pg, "You have joined")
    pg.wait_for_function("() => new URL(window.location.href).searchParams.get('p')")
    params = parse_qs(urlsplit(pg.url).query)
    return pg, f"p={params['p'][0]}&ws={code}"


def set_weights(pg, price, quality, social):
    """Type weights in an order that adds up to 100 only with the last one (one summary saved)."""
    for label, value in (("Social value weight (%)", social), ("Quality weight (%)", quality),
                         ("Price weight (%)", price)):
        box = pg.get_by_label(label)
        box.fill(str(value))
        box.press("Tab")
    wait_text(pg, f"Price {price}%, quality {quality}%, social value {social}%: these add up to 100.")
    wait_text(pg, "✓ Saved")  # (a weight typed as it already was saves nothing new)


def marks_in_2_2(pg) -> int:
    return pg.locator(".svkit-room-mark").count()


def test_three_participants_weightings_reach_the_console_live_and_the_projector_without_names(
        served_kit, browser, trainer_room):
    store, ws, key = trainer_room
    trainer = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    console = open_app(trainer.new_page(), keyed(served_kit, CONSOLE_APP, ws.code, key))
    assert "Trainer's console: Browser room for the console" in console.inner_text("body")
    people = [("Asha Zed", 50, 40, 10), ("Ben Qix", 40, 30, 30), ("Cyrille Vox", 20, 50, 30)]
    contexts = []
    try:
        for n, (name, price, quality, social) in enumerate(people, start=1):
            ctx = browser.new_context(viewport={"width": 1200, "height": 900})
            contexts.append(ctx)
            _, identity = join(served_kit, ctx, ws.code, name)
            lab = open_app(ctx.new_page(), served_kit.url(TENDER_LAB, identity))
            set_weights(lab, price, quality, social)
            # no reload of the console: its kernel refreshes by itself
            console.wait_for_function("(n) => document.querySelectorAll('.svkit-room-mark').length === n",
                                      arg=2 * n, timeout=LIVE_MS)  # two maps, one mark each per person
        body = console.inner_text("body")
        for name, price, quality, social in people:
            assert name in body
            assert f"{price}% / {quality}% / {social}%" in body
        assert "Last updated" in body and "3 joined" in body
        projector = open_app(trainer.new_page(), keyed(served_kit, PROJECTOR_APP, ws.code, key))
        assert marks_in_2_2(projector) == 6
        shown = projector.inner_text("body")
        for name, *_ in people:
            assert name not in shown
        assert projector.locator(".svkit-app button, .svkit-app select").count() == 0
        # the console's export, downloaded and reopened
        console.get_by_role("button", name="Prepare the export").click()
        link = console.locator("a.svkit-download[download$='.xlsx']")
        link.wait_for(timeout=30_000)
        with console.expect_download() as info:
            link.click()
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(open(info.value.path(), "rb").read()))
        names = sorted(row[0].value for row in wb["2-2"].iter_rows(min_row=2))
        assert names == [p[0] for p in people]
    finally:
        for ctx in contexts:
            ctx.close()
        trainer.close()


def test_script_in_names_and_statements_runs_nowhere_and_shows_as_text(served_kit, browser, trainer_room):
    store, ws, key = trainer_room
    ctx = browser.new_context()
    trainer = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        _, identity = join(served_kit, ctx, ws.code, XSS_NAME)
        lab = open_app(ctx.new_page(), served_kit.url(I_STATEMENTS, identity))
        for n, text in ((1, XSS_NAME), (2, XSS_STATEMENT)):
            box = lab.get_by_label(f"'I' statement {n}", exact=True)
            box.fill(text)
            box.press("Tab")
        lab.wait_for_function("() => document.body.innerText.includes('2 statements written')")
        wait_text(lab, "✓ Saved")
        console = open_app(trainer.new_page(), keyed(served_kit, CONSOLE_APP, ws.code, key))
        wait_text(console, XSS_STATEMENT, timeout=LIVE_MS)
        for button in console.get_by_role("button", name="Show all").all():  # every wall: 3-7's and the evaluation's
            button.click()
        wait_text(console, "2 items shown on the projector")
        projector = open_app(trainer.new_page(), keyed(served_kit, PROJECTOR_APP, ws.code, key))
        wait_text(projector, XSS_STATEMENT)
        for pg in (console, projector):
            text = pg.inner_text("body")
            assert XSS_NAME in text  # shown as text: a statement on both, the name on the console
            assert pg.evaluate("() => window.__x") is None
            assert pg.locator(".svkit-app img[src='x']").count() == 0
        assert console.inner_text("body").count(XSS_NAME) >= 2  # the name beside the card, and the statement
    finally:
        ctx.close()
        trainer.close()


def test_a_bad_key_shows_nothing_of_the_room(served_kit, page, trainer_room):
    store, ws, key = trainer_room
    store.join("someone", ws.code, "Hidden Name")
    other = store.create_workshop("Another room")
    other_key = store.issue_trainer_key(other.code)
    revoked = key
    store.issue_trainer_key(ws.code)  # a new link: the first key is revoked
    for app_path, query in ((CONSOLE_APP, ""), (CONSOLE_APP, f"ws={ws.code}&k=wrong-key"),
                            (PROJECTOR_APP, f"ws={ws.code}&k={revoked}"),
                            (CONSOLE_APP, f"ws={ws.code}&k={other_key}")):
        open_app(page, served_kit.url(app_path, query))
        body = page.inner_text("body")
        assert "This page is for the workshop's trainer" in body, query
        for secret in ("Hidden Name", "Browser room", "Another room", ws.display_code, ws.code, "joined"):
            assert secret not in body, (query, secret)


@pytest.mark.parametrize("app_path", [CONSOLE_APP, PROJECTOR_APP])
def test_console_and_projector_are_accessible_and_clean(served_kit, page, trainer_room, app_path):
    store, ws, key = trainer_room
    store.join("p1", ws.code, "Asha")
    store.save("p1", "2-2", "summary", {"bid_set": "community-meals", "price_method": "relative",
                                        "weights": {"price": 60, "quality": 30, "social_value": 10},
                                        "winner_menu": "A", "winner_embedded": "B"}, workshop=ws.code)
    store.save("p1", "3-7", "summary", {"service": "Day care", "texts": ["I choose my day"]}, workshop=ws.code)
    open_app(page, keyed(served_kit, app_path, ws.code, key))
    assert page.locator(READY).count() == 1
    body = page.inner_text("body")
    assert "Traceback" not in body and ERROR_TEXT not in body
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_the_refusal_page_is_accessible(served_kit, page):
    open_app(page, served_kit.url(CONSOLE_APP))
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def test_no_participant_page_contains_trainer_notes_or_a_trainer_link(served_kit, trainer_room):
    store, ws, key = trainer_room
    secrets = [key, "trainer/console", "trainer/projector", "Trainer notes", "Model answer"]
    labels = room.trainer_labels()
    assert len(labels) == len(APP_PATHS)  # every lesson and exercise has notes, and each is checked here
    for label in labels:
        notes = room.trainer_notes(label)
        secrets += [notes.model_answer[:60], notes.misconception[:60], *(s[:60] for s in notes.listen_for),
                    *(s[:60] for s in notes.debrief)]
    for app_path in APP_PATHS:
        status, html = served_kit.fetch(app_path, f"ws={ws.code}")
        assert status == 200
        for secret in secrets:
            assert secret not in html and html_escape(secret) not in html, (app_path, secret)


@pytest.mark.parametrize("app_path", [CONSOLE_APP, PROJECTOR_APP])
def test_three_participants_fill_every_exercise_and_every_panel_renders_accessibly(
        served_kit, page, trainer_room, app_path):
    from svkit.ui.roompanels import PANELS
    from tests.room_fixtures import LABELS, fill_every_exercise

    store, ws, key = trainer_room
    names = ("Asha Zed", "Ben Qix", "Cyrille Vox")
    for n, name in enumerate(names):
        fill_every_exercise(store, ws.code, f"browser-p{n}", name, n)
    assert set(PANELS) == set(LABELS)
    open_app(page, keyed(served_kit, app_path, ws.code, key))
    assert page.locator(READY).count() == 1
    body = page.inner_text("body")
    assert "Traceback" not in body and ERROR_TEXT not in body
    assert "could not be drawn" not in body
    for label in LABELS:
        assert PANELS[label].title in body, label
    assert "The room as a panel of 3 members" in body and "median £31.80" in body
    if app_path == PROJECTOR_APP:
        for name in names:
            assert name not in body
        assert "Trainer notes" not in body
    else:
        assert "Common misconception" in body
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
