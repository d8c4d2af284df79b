"""The trainer's console and projector as widgets (no browser): access, live room, panels, moderation."""

import base64
import io
import re
import sys
import time
import types

import ipywidgets as widgets
import pytest

from svkit import room
from svkit.lenses import ROW_IDS
from svkit.ui import console
from svkit.ui import consolecontrols
from svkit.ui.kit import esc
from tests.helpers import all_of, find, html_of

XSS = '<img src=x onerror="window.__x=1">'


@pytest.fixture
def room_store(store):
    ws = store.create_workshop("Finance officers, March")
    key = store.issue_trainer_key(ws.code)
    return store, ws.code, key


def query(code, key):
    return f"ws={code}&k={key}"


def weighting(store, code, participant, name, price, quality, winner_menu="A", winner_embedded="B"):
    store.join(participant, code, name)
    store.save(participant, "2-2", "summary", {
        "bid_set": "community-meals", "price_method": "relative", "winner_menu": winner_menu,
        "winner_embedded": winner_embedded,
        "weights": {"price": price, "quality": quality, "social_value": 100 - price - quality}}, workshop=code)


@pytest.mark.parametrize("build", [console.build_console, console.build_projector])
def test_a_missing_wrong_revoked_or_other_workshops_key_shows_nothing_of_the_room(room_store, build):
    store, code, key = room_store
    weighting(store, code, "p1", "Asha Secret", 60, 30)
    other = store.create_workshop("Other room")
    other_key = store.issue_trainer_key(other.code)
    newer = store.issue_trainer_key(code)  # the first key is now revoked
    for q in ("", f"ws={code}", f"ws={code}&k=wrong", query(code, key), query(code, other_key),
              f"ws=&k={newer}", query(other.code, newer)):
        app = build(store=store, query=q, refresh_seconds=None)
        text = html_of(app)
        assert "for the workshop's trainer" in text, q
        for secret in ("Asha Secret", "Finance officers", "Other room", code, "joined", "weighting"):
            assert secret not in text, (q, secret)
        assert not hasattr(app, "room")
    assert hasattr(build(store=store, query=query(code, newer), refresh_seconds=None), "room")


def test_the_console_shows_who_joined_where_they_are_and_what_is_done(room_store):
    store, code, key = room_store
    weighting(store, code, "p1", "Asha", 60, 30)
    store.join("p2", code, "Ben")
    store.save("p2", "1-4", "row:use", 0.5, workshop=code)
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=None)
    text = html_of(app)
    assert "Trainer's console: Finance officers, March" in text
    assert "<strong>2</strong> joined" in text
    assert re.search(r"Asha · on [^<]*tender", text, re.I) and "Ben · on " in text
    assert "2-2" in text and ": 1 of 2" in text
    assert "Last updated" in text


def test_three_weightings_make_three_marks_with_who_wins_and_the_projector_has_no_names(room_store):
    store, code, key = room_store
    for p, name, price, quality in (("p1", "Asha Zed", 60, 30), ("p2", "Ben Qix", 40, 40), ("p3", "Cyrille Vox", 20, 30)):
        weighting(store, code, p, name, price, quality)
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=None)
    panel = app.room.panels["2-2"].value
    # two maps (menu and embedded), three marks each
    assert panel.count('class="svkit-room-mark"') == 6
    assert "Asha" in panel and "60% / 30% / 10%" in panel and "20% / 30% / 50%" in panel
    assert "weighting 3 (price 20%, quality 30%, social value 50%)" in panel  # the text alternative
    projector = console.build_projector(store=store, query=query(code, key), refresh_seconds=None)
    shown = html_of(projector)
    assert shown.count('class="svkit-room-mark"') == 6
    for name in ("Asha Zed", "Ben Qix", "Cyrille Vox"):
        assert name not in shown
    assert not all_of(projector, widgets.Button) and not all_of(projector, widgets.Dropdown)
    assert "Model answer" not in shown and "Listen for" not in shown


def test_a_new_save_shows_after_a_refresh_without_rebuilding(room_store):
    store, code, key = room_store
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=None)
    assert "No one has set weights" in app.room.panels["2-2"].value
    weighting(store, code, "p1", "Asha", 60, 30)
    app.room.refresh()
    assert app.room.panels["2-2"].value.count('class="svkit-room-mark"') == 2


def test_the_background_refresh_picks_up_a_save_by_itself(room_store):
    store, code, key = room_store
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=0.05)
    try:
        assert app.refresher.thread.is_alive()
        weighting(store, code, "p1", "Asha", 60, 30)
        deadline = time.monotonic() + 10  # a generous limit; the refresh runs every 0.05 s
        while "svkit-room-mark" not in app.room.panels["2-2"].value and time.monotonic() < deadline:
            time.sleep(0.05)
        assert app.room.panels["2-2"].value.count('class="svkit-room-mark"') == 2
        assert "Asha" in app.room.people.value
    finally:
        app.refresher.stop()


def test_the_1_4_panel_shows_the_room_against_the_reference(room_store):
    store, code, key = room_store
    store.join("p1", code, "Asha")
    store.save("p1", "1-4", "summary", {"scenario": "homecare-market-repair", "score": 100.0, "lens": "collaboration",
                                        "rows": {r: 1.0 for r in ROW_IDS}}, workshop=code)
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=None)
    panel = app.room.panels["1-4"].value
    assert "Repairing a broken homecare market: 1 person" in panel
    assert "mean position is +100" in panel and "reference profile sits at +80" in panel  # 100 x (0.8x5 + 0.6x2 + 1x2) / 9
    assert "<td>+1.0</td><td>+1.0 to +1.0</td><td>+0.8</td>" in panel  # motivation: room 1.0, reference 0.8


def test_the_wall_is_hidden_on_the_projector_until_revealed_and_can_be_hidden_again(room_store):
    store, code, key = room_store
    store.join("p1", code, XSS)
    store.save("p1", "3-7", "summary", {"service": "Day care", "texts": ["I choose my day", "<script>window.__x=1</script>"]},
               workshop=code)
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=None)
    projector = console.build_projector(store=store, query=query(code, key), refresh_seconds=None)
    assert "I choose my day" in app.room.panels["3-7"].value
    assert "I choose my day" not in projector.room.panels["3-7"].value
    assert "2 statement(s) written; the trainer has not shown any yet" in projector.room.panels["3-7"].value
    moderator = app.room.moderators["3-7"]
    first = room.item_id("p1", 1, "I choose my day")
    moderator.pick.value = first
    moderator.reveal.click()
    projector.room.refresh()
    wall = projector.room.panels["3-7"].value
    assert "I choose my day" in wall and "1 more waiting" in wall and "<script>" not in wall
    moderator.reveal_all.click()
    projector.room.refresh()
    assert "&lt;script&gt;window.__x=1&lt;/script&gt;" in projector.room.panels["3-7"].value
    moderator.pick.value = first
    moderator.hide.click()
    projector.room.refresh()
    assert "I choose my day" not in projector.room.panels["3-7"].value
    everything = html_of(app) + html_of(projector)
    assert XSS not in everything and "<script>window" not in everything
    assert "&lt;img src=x onerror=&quot;window.__x=1&quot;&gt;" in html_of(app)  # the name, as text
    assert "onerror" not in html_of(projector)  # and no names at all on the projector


def test_the_evaluations_open_answers_stay_off_the_projector_until_revealed_and_never_show_a_name(room_store):
    from svkit import evaluation

    store, code, key = room_store
    store.join("p1", code, XSS)
    form = evaluation.form()
    q = form.questions[0].id
    store.save("p1", "00-evaluation", "summary", {"before": {q: 2}, "after": {q: 4},
                                                  "open": {form.open[0].id: "<b>Brief</b> our S151 first"}},
               workshop=code)
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=None)
    projector = console.build_projector(store=store, query=query(code, key), refresh_seconds=None)
    assert "&lt;b&gt;Brief&lt;/b&gt; our S151 first" in app.room.panels["00-evaluation"].value
    assert "hidden from the projector" in app.room.panels["00-evaluation"].value
    assert "Brief" not in projector.room.panels["00-evaluation"].value
    assert "1 rose, 0 stayed, 0 fell (of 1)" in projector.room.panels["00-evaluation"].value
    moderator = app.room.moderators["00-evaluation"]
    assert moderator.pick.description == "Open answer" and app.room.moderators["3-7"].pick.description == "Statement"
    moderator.pick.value = app.room.items["00-evaluation"][0].item
    moderator.reveal.click()
    projector.room.refresh()
    shown = projector.room.panels["00-evaluation"].value
    assert "&lt;b&gt;Brief&lt;/b&gt; our S151 first" in shown and "<b>Brief" not in shown
    assert "onerror" not in html_of(projector) and "on the projector" in app.room.panels["00-evaluation"].value
    moderator.hide.click()
    projector.room.refresh()
    assert "Brief" not in projector.room.panels["00-evaluation"].value


def test_trainer_notes_sit_beside_each_panel_on_the_console_only(room_store):
    store, code, key = room_store
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=None)
    text = html_of(app)
    from svkit.ui import roompanels

    assert len(roompanels.PANELS) >= 3
    for label in roompanels.PANELS:
        notes = room.trainer_notes(label)
        assert esc(notes.model_answer) in text and console.esc(notes.debrief[0]) in text, label
        assert esc(notes.misconception) in text and esc(str(notes.point_to)) in text, label
    for lesson in ("00-start", "01-fundamentals", "02-competition", "03-collaboration", "04-enabling"):
        notes = room.trainer_notes(lesson)  # lessons have no panel: their notes are folded below the panels
        assert f"<summary>Lesson {lesson}</summary>" in text and esc(notes.model_answer) in text, lesson
    projector = html_of(console.build_projector(store=store, query=query(code, key), refresh_seconds=None))
    assert "Common misconception" not in projector and "Point the room to" not in projector
    assert "Lesson notes" not in projector


def test_send_the_room_on_warms_first_then_tells_the_room_and_clears(room_store, monkeypatch):
    from svkit import pools

    store, code, key = room_store
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=None)
    pick = find(app, widgets.Dropdown, "Send the room to")
    send = find(app, widgets.Button, "Send the room")
    pick.value = "exercises/2-2-tender-lab.ipynb"
    calls, seen = [], []
    statuses = iter([{"app": "exercises/2-2-tender-lab.ipynb", "ready": 23, "target": 40},
                     {"app": "exercises/2-2-tender-lab.ipynb", "ready": 40, "target": 40}])

    def fake_warm(app_path, workshop, trainer_key):
        calls.append((app_path, workshop, trainer_key))
        return {"app": app_path, "ready": 3, "target": 40}

    def fake_status(app_path, workshop, trainer_key):
        seen.append(store.room_target(code))  # the room has not been told while it warms
        return next(statuses)

    monkeypatch.setattr(pools, "request_warm", fake_warm)
    monkeypatch.setattr(pools, "warm_status", fake_status)
    monkeypatch.setattr(consolecontrols, "WARM_POLL_SECONDS", 0)
    send.send_now()
    assert calls == [("exercises/2-2-tender-lab.ipynb", code, key)]
    assert seen == [None, None]
    assert store.room_target(code) == "exercises/2-2-tender-lab.ipynb"
    assert "2-2: all 40 ready" in html_of(app)

    def refused(*_args):
        raise pools.PoolError("This is for the workshop's trainer.")

    monkeypatch.setattr(pools, "request_warm", refused)  # no server to ask: the room is sent anyway
    pick.value = "exercises/3-7-i-statements.ipynb"
    send.send_now()
    assert store.room_target(code) == "exercises/3-7-i-statements.ipynb"
    assert "could not be warmed; the room is sent anyway" in html_of(app)
    find(app, widgets.Button, "Clear the banner").click()
    assert store.room_target(code) is None and "No banner is showing" in html_of(app)


def test_the_console_export_downloads_a_workbook(room_store):
    from openpyxl import load_workbook

    store, code, key = room_store
    weighting(store, code, "p1", "=HYPERLINK(\"http://x\")", 60, 30)
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=None)
    find(app, widgets.Button, "Prepare the export").click()
    link = re.search(r'download="svkit-[A-Z0-9]+-[\d-]+\.xlsx" href="data:[^;]+;base64,([^"]+)"', html_of(app))
    wb = load_workbook(io.BytesIO(base64.b64decode(link.group(1))))
    rows = [[c.value for c in r] for r in wb["2-2"].iter_rows()]
    assert len(rows) == 2 and rows[1][0] == "'=HYPERLINK(\"http://x\")"


def test_live_updates_stop_after_their_time_so_a_forgotten_console_can_be_culled(room_store):
    store, code, key = room_store
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=0.01, live_for_seconds=0.05)
    app.refresher.thread.join(timeout=30)
    assert not app.refresher.thread.is_alive()
    assert app.room.refreshes >= 1 + 5  # the first drawing, then one per tick
    assert "Live updates have stopped" in app.room.updated.value


def test_a_store_that_cannot_be_read_gives_a_plain_message_and_the_room_as_it_was(room_store, monkeypatch):
    from svkit.store import StoreError

    store, code, key = room_store
    weighting(store, code, "p1", "Asha", 60, 30)
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=None)
    before = app.room.panels["2-2"].value

    def broken(*_):
        raise StoreError("The answer store could not load summaries (disk I/O error).")

    monkeypatch.setattr(store, "summaries", broken)
    app.room.refresh()
    assert "could not load summaries" in app.room.banner.value and "as it was at the last update" in app.room.banner.value
    assert app.room.panels["2-2"].value == before
    monkeypatch.undo()
    app.room.refresh()
    assert app.room.banner.value == ""


def test_a_store_that_cannot_be_opened_shows_why_and_nothing_of_the_room(tmp_path):
    from svkit.store import AnswerStore

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    app = console.build_console(store=AnswerStore(f"sqlite:///{blocker}/answers.db"), query="ws=ABCDEF&k=x",
                                refresh_seconds=None)
    text = html_of(app)
    assert "cannot open" in text and "answer store could not" in text and "Traceback" not in text
    assert not hasattr(app, "room")


NAMES = ("Asha Zed", "Ben Qix", "Cyrille Vox")


def test_three_participants_fill_every_exercise_and_every_panel_draws_without_names_on_the_projector(room_store):
    from svkit.ui import roompanels
    from tests.room_fixtures import LABELS, fill_every_exercise

    store, code, key = room_store
    for n, name in enumerate(NAMES):
        fill_every_exercise(store, code, f"p{n}", name, n)
    assert set(roompanels.PANELS) == set(LABELS)  # every exercise has a panel
    app = console.build_console(store=store, query=query(code, key), refresh_seconds=None)
    projector = console.build_projector(store=store, query=query(code, key), refresh_seconds=None)
    for label in LABELS:
        for view in (app, projector):
            panel = view.room.panels[label].value
            assert "could not be drawn" not in panel, (label, panel[:300])
            if not (label == "3-7" and view is projector):  # the wall waits for the trainer on the projector
                assert "svkit-room-empty" not in panel, (label, panel[:300])
            assert "Traceback" not in panel
    shown = html_of(projector)
    for name in NAMES:
        assert name not in shown
    # a few figures worked by hand from tests/room_fixtures.py
    assert "3 people checked their answers" in app.room.panels["1-1"].value
    assert '<th scope="row">A working market exists</th><td>2</td><td>67%</td>' in app.room.panels["2-1"].value
    lots = app.room.panels["2-3"].value
    assert "<th scope=\"row\">1 lot</th><td>1</td><td>54</td>" in lots  # 60 - 6
    assert "<th scope=\"row\">4 lots</th><td>2</td><td>30.5</td>" in lots  # median of 32 and 29
    price = app.room.panels["3-5"].value
    assert "median £31.80" in price and "2 below the Homecare Association minimum (£32.14)" in price
    assert "1 below the average fee councils paid (£24.10)" in price
    assert 'alt="Radar of the room' in app.room.panels["4-2"].value
    assert "3 plan(s) with 9 step(s); 6 of those steps have an owner and a date" in app.room.panels["4-4"].value
    # the evaluation, question 1: before 1, 2, 3 (median 2), after 3, 3, 3 (median 3); two rose, one stayed
    ev = app.room.panels["00-evaluation"].value
    assert "<td>2 (3 people)</td><td>3 (3 people)</td><td>2 rose, 1 stayed, 0 fell (of 3)</td>" in ev
    assert "Ask finance to join our next commissioning board (1)" in ev and "Asha Zed" in ev
    on_screen = projector.room.panels["00-evaluation"].value
    assert "2 answer(s) written; the trainer has not shown any yet." in on_screen
    assert "commissioning board" not in on_screen
    panel_3_3 = app.room.panels["3-3"].value
    assert "The room as a panel of 3 members" in panel_3_3 and "The simulated panel:" in panel_3_3
