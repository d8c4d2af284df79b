"""The served-app harness: a real `svkit serve` and a real Chromium.

Used as a pytest plugin (``pytest_plugins = ["tests.harness"]``) by the
served-app, accessibility, reload, culling and download tests, and imported by
bench/render.py and tests/screenshots.py. A new app is covered as soon as its
notebook exists: tests loop over ``tests.apps.APP_PATHS``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from svkit.paths import kit_home

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
DEBIAN_CHROMIUM = "/usr/bin/chromium"
READY = ".svkit-ready"
#: Short timeouts for the culling test's own server (seconds).
TEST_IDLE_TIMEOUT = 6
TEST_CULL_INTERVAL = 2
TEST_POOL_SIZE = 1
START_SECONDS = 120  # the longest the server may take to answer
READY_MS = 120_000  # the longest an app may take to show its ready marker


def die_with_parent() -> None:
    """For ``preexec_fn``: the child is sent SIGTERM when the process that started it dies.

    A kit is started in a session of its own (so :meth:`ServedKit.stop` can signal its whole group),
    which also takes it out of reach of a Ctrl-C or a ``timeout`` aimed at the test run or bench.
    Without this a killed bench left its servers running, each with dozens of kernels, until the
    machine ran out of memory. The server's own shutdown then stops its kernels.
    """
    import ctypes

    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServedKit:
    """A running `svkit serve` on a free port with its own temporary store."""

    port: int
    db_url: str
    scratch: Path
    pool_size: int
    idle_timeout: int = 3600
    cull_interval: int = 60
    proc: subprocess.Popen | None = None
    log_path: Path = field(init=False)

    def __post_init__(self):
        self.log_path = self.scratch / "server.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, app_path: str, query: str = "") -> str:
        u = f"{self.base}/voila/render/{app_path}"
        return f"{u}?{query}" if query else u

    def start(self, extra_args: list[str] | None = None, timeout: float = START_SECONDS) -> "ServedKit":
        args = [
            sys.executable, "-m", "svkit", "serve", "--port", str(self.port), "--db", self.db_url,
            "--pool", str(self.pool_size), "--exercise-pool", str(self.pool_size), "--room", str(self.pool_size),
            "--idle-timeout", str(self.idle_timeout),
            "--cull-interval", str(self.cull_interval), *(extra_args or []),
        ]
        log = open(self.log_path, "w")
        self.proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, cwd=kit_home(),
                                     start_new_session=True, preexec_fn=die_with_parent)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"svkit serve exited early:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.base}/voila/tree", timeout=5) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"svkit serve did not answer within {timeout} s:\n{self.log()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

    def log(self) -> str:
        try:
            return self.log_path.read_text()[-4000:]
        except OSError:
            return ""

    @property
    def pooled_kernels(self) -> int:
        """How many warm kernels the server keeps: ``pool_size`` for every app."""
        from tests.apps import APP_PATHS

        return self.pool_size * len(APP_PATHS)

    def kernel_pids(self) -> list[int]:
        """Live kernel processes started by this server."""
        assert self.proc is not None
        return kernel_pids_of(self.proc.pid)

    def fetch(self, app_path: str, query: str = "") -> tuple[int, str]:
        with urllib.request.urlopen(self.url(app_path, query), timeout=READY_MS / 1000) as r:
            return r.status, r.read().decode("utf-8", errors="replace")


def child_processes(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of each live child of ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append((int(entry.name), cmd))
    return found


def kernel_pids_of(server_pid: int) -> list[int]:
    """The kernels of a `svkit serve` process: forked by its kernel fork server
    (svkit/kernelfork.py), or, where it has none, started by the server itself."""
    found = []
    for pid, cmd in child_processes(server_pid):
        if "svkit.kernelfork" in cmd:
            found.extend(child for child, _ in child_processes(pid))
        elif "ipykernel" in cmd:
            found.append(pid)
    return found


def start_kit(pool_size: int = TEST_POOL_SIZE, idle_timeout: int = 3600, cull_interval: int = 60,
              extra_args: list[str] | None = None) -> ServedKit:
    """Serve the kit on a free port with a fresh temporary store."""
    scratch = Path(tempfile.mkdtemp(prefix="svkit-served-"))
    kit = ServedKit(port=free_port(), db_url=f"sqlite:///{scratch / 'answers.db'}", scratch=scratch,
                    pool_size=pool_size, idle_timeout=idle_timeout, cull_interval=cull_interval)
    return kit.start(extra_args)


def chromium_executable() -> str | None:
    """Debian's chromium if present, else None (Playwright's own build)."""
    return DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).exists() else None


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)


def open_app(page, url: str, timeout_ms: int = READY_MS):
    """Go to an app and wait until its saved answers are restored."""
    page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
    page.wait_for_selector(READY, state="attached", timeout=timeout_ms)
    return page


# -- pytest fixtures ----------------------------------------------------------
#: Test-only apps served beside the kit (one of every widget the kit uses).
FIXTURE_APPS = Path(__file__).resolve().parent / "fixtures" / "a11y"


#: The shared test server's backstop: a kernel with no page for this long is culled (seconds).
SHARED_IDLE_TIMEOUT = 120
SHARED_CULL_INTERVAL = 15


@pytest.fixture(scope="session")
def served_kit():
    kit = start_kit(idle_timeout=SHARED_IDLE_TIMEOUT, cull_interval=SHARED_CULL_INTERVAL,
                    extra_args=["--extra-folder", str(FIXTURE_APPS)])
    yield kit
    kit.stop()
    shutil.rmtree(kit.scratch, ignore_errors=True)


def leave(context) -> None:
    """Close a browser context as a person closes their tabs: each page's 'beforeunload' runs,
    so it sends its kernel shutdown, and the server gets the kernel back at once (a plain
    ``context.close()`` skips that, and every test's kernels would pile up until culled)."""
    for pg in list(context.pages):
        try:
            pg.close(run_before_unload=True)
        except Exception:  # already closed, or crashed: nothing to give back
            pass
    time.sleep(0.3)  # the beacons leave the browser before the context goes
    context.close()


class _Wrapper:
    """Hands every attribute on to the wrapped Playwright object, but those a subclass defines."""

    def __init__(self, wrapped):
        self._wrapped = wrapped

    def __getattr__(self, name):
        return getattr(self._wrapped, name)


class _LeavingContext(_Wrapper):
    """A browser context whose ``close()`` leaves like a person (see :func:`leave`)."""

    @property
    def _context(self):
        """The plain context, for a test that closes it without 'beforeunload'."""
        return self._wrapped

    def close(self, *args, **kwargs):
        leave(self._wrapped)


class _LeavingBrowser(_Wrapper):
    """The test browser: every context it makes leaves like a person when closed."""

    def new_context(self, *args, **kwargs):
        return _LeavingContext(self._wrapped.new_context(*args, **kwargs))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_browser(p)
        yield _LeavingBrowser(b)
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def culling_kit():
    """A server of its own whose idle kernels are culled within seconds."""
    kit = start_kit(idle_timeout=TEST_IDLE_TIMEOUT, cull_interval=TEST_CULL_INTERVAL)
    yield kit
    kit.stop()
    shutil.rmtree(kit.scratch, ignore_errors=True)


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """axe-core's WCAG 2.x A/AA violations of the given impacts on this page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [v for v in results.response["violations"] if v.get("impact") in impacts]


def describe_violations(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in violations
    )


def save_status(page) -> str:
    return page.inner_text(".svkit-save-status")


def wait_saved(page, before: str | None = None):
    """Wait until the save indicator reports a save (a newer one than ``before``, if given)."""
    page.wait_for_function(
        "(b) => { const s = document.querySelector('.svkit-save-status');"
        " return s && s.textContent.includes('✓ Saved') && s.textContent !== b; }",
        arg=before, timeout=30_000,
    )


def query_param(url: str, name: str) -> str | None:
    m = re.search(rf"[?&]{name}=([^&#]+)", url)
    return m.group(1) if m else None
