"""The room on one laptop (issues 10 and 11): kernels given back, dead kernels never handed out,
a ceiling instead of a crash, a page that knows whether it is saving, and a server that keeps
tokens and kernel ids to itself. Each test starts its own `svkit serve` with the settings it needs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from svkit import session
from svkit.store import AnswerStore
from tests.harness import READY, open_app, start_kit
from tests.helpers import choose_file

pytestmark = pytest.mark.browser
START = "notebooks/00-start.ipynb"
AIMS = "textarea"


@pytest.fixture
def kit():
    """A server of its own with the default serving settings, but pools of one for the lessons
    and none for the exercises, so it is warm in a few seconds."""
    started = []

    def make(*extra: str):
        k = start_kit(extra_args=["--exercise-pool", "0", *extra])
        started.append(k)
        return k

    yield make
    for k in started:
        k.stop()
        shutil.rmtree(k.scratch, ignore_errors=True)


def wait_for(condition, seconds: float, every: float = 0.5):
    """Poll ``condition`` until it is true or ``seconds`` pass; return its last value."""
    deadline = time.monotonic() + seconds
    value = condition()
    while not value and time.monotonic() < deadline:
        time.sleep(every)
        value = condition()
    return value


def pools(kit) -> dict:
    """The server's own account of its pools (asked with the key only its user can read)."""
    from svkit.roomserver import trainer_secret_path

    key = trainer_secret_path(kit.port).read_text().strip()
    request = urllib.request.Request(f"{kit.base}/svkit/api/pools", headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        return {s["app"]: s for s in json.loads(reply.read())["apps"]}


def warm(kit, apps: list[str] | None = None, seconds: float = 180) -> None:
    """Wait until the pools of ``apps`` (every pool when None) are warm."""
    def ready():
        status = pools(kit)
        return all(s["ready"] >= s["target"] for app, s in status.items() if apps is None or app in apps)

    assert wait_for(ready, seconds, every=1), kit.log()


def connection_dir(kit) -> Path:
    match = re.search(r"Storing connection files in (\S+?)\.?\n", kit.log_path.read_text())
    assert match, kit.log()
    return Path(match.group(1))


def kernel_ids(kit) -> list[str]:
    return [p.stem.removeprefix("kernel-") for p in connection_dir(kit).glob("kernel-*.json")]


def kernel_cwd(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return ""


# -- kernels given back ------------------------------------------------------------------
def test_left_pages_give_their_kernels_back_with_the_default_settings(kit, browser):
    served = kit()  # the default idle timeout and cull interval: no short test culling
    warm(served)
    pooled = len(served.kernel_pids())
    for i in range(10):
        ctx = browser.new_context()
        pg = ctx.new_page()
        open_app(pg, served.url(START))
        if i % 2:
            pg.goto("about:blank")  # following a link away from the app
        else:
            pg.close(run_before_unload=True)  # closing the tab
        ctx.close()
    assert wait_for(lambda: len(served.kernel_pids()) <= pooled, 30), (
        f"{len(served.kernel_pids())} kernels, pools hold {pooled}:\n{served.log()}")
    assert "_xsrf' argument missing" not in served.log_path.read_text()


def test_a_pooled_kernel_that_has_died_is_never_handed_to_a_visitor(kit, browser):
    served = kit()
    warm(served, [START, "notebooks/01-fundamentals.ipynb"])
    lesson_kernels = [pid for pid in served.kernel_pids() if kernel_cwd(pid).endswith("/notebooks")]
    assert lesson_kernels
    for pid in lesson_kernels:  # every pooled kernel of the start app and the lessons dies
        os.kill(pid, signal.SIGKILL)
    ctx = browser.new_context()
    pg = ctx.new_page()
    open_app(pg, served.url(START), timeout_ms=90_000)
    assert "What do you want to take back" in pg.inner_text("body")
    ctx.close()


def test_past_the_ceiling_a_visitor_gets_a_room_full_page_that_retries(kit, browser):
    """Every lesson's pool of one and one kernel more. Kernels kept warm give way to people: each
    plain request (no browser: its kernel is never given back) is seated, the other lessons' warm
    kernels given up for them one by one, until every kernel is someone's page; then the room is
    full. (Found by the bench: the pools' own idle kernels filled the ceiling and a visitor to an
    app whose pool was empty was refused again and again.)"""
    from tests.apps import LESSON_PATHS

    ceiling = len(LESSON_PATHS) + 1
    served = kit("--max-kernels", str(ceiling))
    warm(served)
    statuses = []
    for _ in range(ceiling + 2):
        try:
            with urllib.request.urlopen(served.url(START), timeout=60) as reply:
                statuses.append(reply.status)
        except urllib.error.HTTPError as exc:
            statuses.append(exc.code)
            body = exc.read().decode()
            assert "The room is full" in body and 'http-equiv="refresh"' in body
    assert statuses == [200] * ceiling + [503] * 2, statuses
    assert len(served.kernel_pids()) <= ceiling
    # a page that meets the full room retries by itself and opens once a kernel is free
    ctx = browser.new_context()
    pg = ctx.new_page()
    pg.goto(served.url(START), wait_until="domcontentloaded")
    assert "The room is full" in pg.inner_text("body")
    _shut_down_unpooled(served)
    pg.wait_for_selector(READY, state="attached", timeout=120_000)
    ctx.close()


def _shut_down_unpooled(served) -> None:
    """Shut down the kernels that were handed to the plain requests, as leaving pages do."""
    for kernel_id in kernel_ids(served):
        request = urllib.request.Request(f"{served.base}/api/kernels/{kernel_id}", method="GET")
        try:
            with urllib.request.urlopen(request, timeout=10) as reply:
                model = json.loads(reply.read())
        except urllib.error.HTTPError:
            continue
        if model.get("execution_state") == "idle":
            _beacon_shutdown(served, kernel_id)


def _beacon_shutdown(served, kernel_id: str) -> None:
    """What a page does when it is left: POST the shutdown with its _xsrf cookie."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{served.base}/voila/tree", timeout=30):
        pass
    xsrf = next((c.value for c in jar if c.name == "_xsrf"), "")
    body = f"_xsrf={xsrf}".encode()
    request = urllib.request.Request(f"{served.base}/voila/api/shutdown/{kernel_id}", data=body, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        opener.open(request, timeout=30)
    except urllib.error.HTTPError:
        pass


# -- the request socket, the log, the headers ---------------------------------------------
def test_the_request_socket_refuses_anyone_but_the_kernel(kit, browser):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    served = kit()
    warm(served, [START])
    waiting = kernel_ids(served)
    assert waiting
    for kernel_id in waiting[:5]:  # a visitor who guessed or read a kernel id
        with pytest.raises(InvalidStatus):
            with connect(f"ws://127.0.0.1:{served.port}/voila/query/{kernel_id}", open_timeout=10, proxy=None) as ws:
                ws.recv(timeout=3)
    ctx = browser.new_context()
    pg = ctx.new_page()
    open_app(pg, served.url(START), timeout_ms=90_000)  # the real visitor's page still loads
    ctx.close()


def test_no_token_or_kernel_id_reaches_the_server_log(kit, browser):
    served = kit()
    warm(served, [START])
    token = session.new_token()
    store = AnswerStore(served.db_url)
    workshop = store.create_workshop("Log check")
    store.dispose()
    ctx = browser.new_context()
    pg = ctx.new_page()
    open_app(pg, served.url(START, f"p={token}&ws={workshop.code}"))
    for path in (f"/nothing?p={token}", f"/voila/render/nowhere.ipynb?p={token}&ws={workshop.code}"):
        try:
            urllib.request.urlopen(served.base + path, timeout=30)
        except urllib.error.HTTPError:
            pass
    pg.goto("about:blank")
    ctx.close()
    ids = kernel_ids(served)
    time.sleep(2)
    text = served.log_path.read_text()
    assert token not in text
    assert f"ws={workshop.code}" not in text
    assert ids and not any(kernel_id in text for kernel_id in ids)


def test_pages_carry_room_mode_headers_and_odd_paths_are_404(kit):
    served = kit()
    with urllib.request.urlopen(served.base + "/voila/tree", timeout=60) as reply:
        headers = reply.headers
    assert headers["Referrer-Policy"] == "no-referrer"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp and "frame-ancestors 'self'" in csp
    for path in ("/logout", "/login", "/voila/templates/../../../../etc/passwd", "/voila/templates/%2e%2e/x",
                 "/api/kernels", "/nowhere"):
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(served.base + path, timeout=30)
        assert caught.value.code == 404, path
    assert "Traceback" not in served.log_path.read_text()


# -- a page always knows whether it is saving ------------------------------------------------

def _aims_saved(pg, db_url: str, token: str, text: str, status: str) -> None:
    """The save indicator says ``status``, no "not saving" banner shows, and 00-start's aims are ``text``."""
    pg.wait_for_function("(want) => { const s = document.querySelector('.svkit-save-status');"
                         " return s && s.textContent.includes(want); }", arg=status, timeout=30_000)
    assert pg.locator("#svkit-not-saving").count() == 0
    store = AnswerStore(db_url)
    assert store.load(token, "start")["aims"] == text
    store.dispose()


def test_killing_the_server_mid_typing_shows_not_saving_and_loses_nothing(kit, browser):
    served = kit()
    warm(served, [START])
    ctx = browser.new_context()
    pg = ctx.new_page()
    open_app(pg, served.url(START))
    token = re.search(r"[?&]p=([^&#]+)", pg.url).group(1)
    pg.fill(AIMS, "Before the crash.")
    pg.wait_for_function("() => document.querySelector('.svkit-save-status').textContent.includes('✓ Saved 17')",
                         timeout=30_000)
    orphans = served.kernel_pids()
    os.kill(served.proc.pid, signal.SIGKILL)  # the server dies; its kernels are orphaned
    served.proc.wait(10)
    pg.fill(AIMS, "Before the crash. Typed after it.")
    banner = pg.wait_for_selector("#svkit-not-saving[role=alert]", timeout=15_000)
    assert "Not saving" in banner.inner_text()
    assert pg.input_value(AIMS) == "Before the crash. Typed after it."  # still on screen
    for pid in orphans:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    with pg.expect_navigation(timeout=120_000):  # it reloads by itself once the server is back
        served.start(["--exercise-pool", "0"])  # the same port and store
    pg.wait_for_selector(READY, state="attached", timeout=120_000)
    pg.wait_for_function(
        "() => { const t = document.querySelector('textarea');"
        " return t && t.value === 'Before the crash. Typed after it.'; }", timeout=60_000)
    _aims_saved(pg, served.db_url, token, "Before the crash. Typed after it.", "✓ Saved 33")
    ctx.close()


def test_typing_sixty_characters_saves_a_handful_of_rows(served_kit, page):
    open_app(page, served_kit.url(START))
    token = re.search(r"[?&]p=([^&#]+)", page.url).group(1)
    text = "Sixty characters typed one at a time by a participant, here."
    assert len(text) == 60
    page.click(AIMS)
    page.keyboard.type(text, delay=40)
    page.wait_for_function(
        "() => document.querySelector('.svkit-save-status').textContent.includes('✓ Saved 60 characters')",
        timeout=30_000)
    store = AnswerStore(served_kit.db_url)
    rows = store.history(token, "start", "aims")
    store.dispose()
    assert rows[-1] == text
    assert len(rows) <= 8, len(rows)


def test_app_kernels_keep_no_ipython_history_and_pages_show_only_the_app(kit, browser):
    served = kit()
    warm(served, [START])
    ctx = browser.new_context()
    pages = [ctx.new_page() for _ in range(6)]
    for pg in pages:  # a room's worth at once
        pg.goto(served.url(START), wait_until="commit")
    for pg in pages:
        pg.wait_for_selector(READY, state="attached", timeout=120_000)
        assert "history saving thread" not in pg.inner_text("body")
        assert pg.locator('[data-mime-type="application/vnd.jupyter.stderr"]').count() == 0
    folders = set()
    for pid in served.kernel_pids():
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        env = dict(item.decode().split("=", 1) for item in environ if b"=" in item)
        folders.add(env.get("IPYTHONDIR") or str(Path.home() / ".ipython"))
    assert folders
    for folder in folders:
        assert not (Path(folder) / "profile_default" / "history.sqlite").exists(), folder
    ctx.close()


# -- warming for the room (the 'send the room on' hook) -------------------------------------
def test_only_the_trainer_can_warm_a_pool_and_it_grows_then_shrinks(kit):
    served = kit()
    warm(served)
    app = "exercises/2-2-tender-lab.ipynb"
    request = urllib.request.Request(f"{served.base}/svkit/api/pools", method="POST",
                                     data=json.dumps({"app": app, "size": 3}).encode())
    with pytest.raises(urllib.error.HTTPError) as caught:  # the room cannot
        urllib.request.urlopen(request, timeout=30)
    assert caught.value.code == 403
    before = len(served.kernel_pids())
    result = subprocess.run([sys.executable, "-m", "svkit", "room", "warm", "2-2", "--size", "3", "--port",
                             str(served.port), "--for", "20", "--wait"], capture_output=True, text=True,
                            timeout=180, cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0, result.stderr
    assert "2-2" in result.stdout and "all 3 ready" in result.stdout.splitlines()[-1]
    assert len(served.kernel_pids()) == before + 3  # its usual pool here is none
    # nobody came: when the warm window ends the pool shrinks back to its usual size
    assert wait_for(lambda: len(served.kernel_pids()) == before, 60), len(served.kernel_pids())


def test_a_file_over_the_limit_is_refused_before_it_is_sent_and_the_page_keeps_working(served_kit, page, tmp_path):
    page.goto(served_kit.url("a11y/widget-gallery.ipynb"), wait_until="domcontentloaded")
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    huge = tmp_path / "huge.csv"
    huge.write_bytes(b"x" * (45 * 1024 * 1024))  # over the kernel socket's message limit
    choose_file(page, huge)
    page.wait_for_selector(".svkit-upload-refused[role=alert]", timeout=30_000)
    assert "the limit is 5 MB. Nothing was sent or changed." in page.inner_text(".svkit-upload-refused")
    good = tmp_path / "bids.csv"
    good.write_bytes(b"bidder,organisation_type,price,quality_a,embedded_mark\nA,sme,100,50,50\n")
    choose_file(page, good)  # the connection is still there: a good file is loaded
    page.wait_for_function("() => document.body.innerText.includes(\"Loaded 1 bids from 'bids.csv'.\")",
                           timeout=60_000)
    assert page.locator(".svkit-upload-refused").count() == 0


def test_culling_never_takes_the_kernel_of_a_tab_still_open(culling_kit, browser):
    # the culling kit culls after 6 s of idleness, every 2 s: a long break, made short
    ctx = browser.new_context()
    pg = ctx.new_page()
    open_app(pg, culling_kit.url(START))
    token = re.search(r"[?&]p=([^&#]+)", pg.url).group(1)
    time.sleep(20)  # the participant is away from the keyboard
    pg.fill(AIMS, "Back from the break.")
    _aims_saved(pg, culling_kit.db_url, token, "Back from the break.", "✓ Saved 20 characters")
    ctx.close()


def test_sending_the_room_on_puts_a_banner_on_every_joined_page_within_ten_seconds(served_kit, browser):
    store = AnswerStore(served_kit.db_url)
    workshop = store.create_workshop("Banner room")
    pages, contexts = [], []
    for name in ("Asha", "Ben"):
        token = session.new_token()
        store.join(token, workshop.code, name)
        ctx = browser.new_context()
        contexts.append(ctx)
        pages.append(open_app(ctx.new_page(), served_kit.url("exercises/1-1-values.ipynb",
                                                             f"p={token}&ws={workshop.code}")))
    for pg in pages:
        assert not pg.locator(".svkit-room-banner").is_visible()
    store.send_room(workshop.code, "exercises/2-2-tender-lab.ipynb")
    for pg in pages:  # the trainer pressed 'Send the room': within 10 s, without a reload
        pg.wait_for_selector(".svkit-room-banner a", state="visible", timeout=10_000)
        assert "Exercise 2-2" in pg.inner_text(".svkit-room-banner")
    link = pages[0].locator(".svkit-room-banner a")
    assert f"ws={workshop.code}" in link.get_attribute("href") and "p=" in link.get_attribute("href")
    store.clear_room(workshop.code)  # the trainer clears it: the banners go
    for pg in pages:
        pg.wait_for_selector(".svkit-room-banner", state="hidden", timeout=10_000)
    store.send_room(workshop.code, "exercises/2-2-tender-lab.ipynb")
    pages[1].wait_for_selector(".svkit-room-banner a", state="visible", timeout=10_000)
    pages[1].get_by_role("button", name="Dismiss").click()  # a participant dismisses it
    pages[1].wait_for_selector(".svkit-room-banner", state="hidden", timeout=10_000)
    with pages[0].expect_navigation():
        pages[0].locator(".svkit-room-banner a").click()  # and the other follows it, identity and all
    pages[0].wait_for_selector(READY, state="attached", timeout=120_000)
    assert "2-2-tender-lab" in pages[0].url and f"ws={workshop.code}" in pages[0].url
    for ctx in contexts:
        ctx.close()
    store.dispose()
