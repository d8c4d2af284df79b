"""Helpers shared by the test files: walking a widget tree, a page for a label, app labels.

Test files import these from here, never from another ``test_*.py`` file
(tests/test_suite_rules.py keeps it so).
"""

from __future__ import annotations

import json
import multiprocessing as mp

import ipywidgets as widgets

from svkit import session
from svkit.paths import kit_home

#: What Voila writes into a page when a cell fails.
ERROR_TEXT = "There was an error when executing cell"


def find(app, kind, description_part):
    """The first widget of ``kind`` under ``app`` whose description contains ``description_part``."""
    stack = [app]
    while stack:
        w = stack.pop()
        if isinstance(w, kind) and description_part in getattr(w, "description", ""):
            return w
        stack.extend(getattr(w, "children", ()))
    raise LookupError(description_part)


def html_of(app) -> str:
    """Every HTML widget's text under ``app``, top to bottom."""
    out, stack = [], [app]
    while stack:
        w = stack.pop(0)
        if isinstance(w, widgets.HTML):
            out.append(w.value)
        stack.extend(getattr(w, "children", ()))
    return "\n".join(out)


def all_of(app, kind):
    """Every widget of ``kind`` under ``app``, top to bottom."""
    out, stack = [], [app]
    while stack:
        w = stack.pop(0)
        if isinstance(w, kind):
            out.append(w)
        stack.extend(getattr(w, "children", ()))
    return out


def new_page(label, store, token=None):
    """A page for app ``label`` for a new visitor (or the one holding ``token``)."""
    from svkit.ui.kit import Page  # here, not at the top: conftest.py imports this module

    return Page(label, visitor=session.Visitor(token=token or session.new_token()), store=store)


def press(app, name):
    """Click the button under ``app`` whose description contains ``name``."""
    find(app, widgets.Button, name).click()


def code_lines(app_path):
    """The non-trivial source lines of an app notebook's code cells (none may show in its page)."""
    nb = json.loads((kit_home() / app_path).read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            for line in "".join(cell["source"]).splitlines():
                if line.strip() and len(line.strip()) > 6:
                    yield line.strip()


def app_label(app_path: str) -> str:
    """exercises/2-2-tender-lab.ipynb -> '2-2'; notebooks/01-fundamentals.ipynb -> '01-fundamentals'."""
    stem = app_path.rsplit("/", 1)[-1].removesuffix(".ipynb")
    return "-".join(stem.split("-")[:2])


# -- suite rules (used by conftest.py's collection hook and tests/test_suite_rules.py) ----------
#: Names whose use means a real `svkit serve` is started (tests/harness.py).
SERVING_NAMES = frozenset({"start_kit", "ServedKit"})


def _names_used(code) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if hasattr(const, "co_names"):  # a nested function or comprehension
            names |= _names_used(const)
    return names


def serves_the_kit(func) -> bool:
    """True when ``func`` (a test or a fixture) starts a kit server itself."""
    code = getattr(getattr(func, "__wrapped__", func), "__code__", None)
    return code is not None and bool(_names_used(code) & SERVING_NAMES)


def unmarked_served_tests(items) -> list[str]:
    """The ids of collected tests that need a kit server, directly or through any fixture,
    but lack the ``browser`` mark (so ``-m "not browser"`` would start a server)."""
    found = []
    for item in items:
        if item.get_closest_marker("browser") is not None:
            continue
        funcs = [getattr(item, "function", None)]
        info = getattr(item, "_fixtureinfo", None)
        for defs in (info.name2fixturedefs.values() if info else ()):
            funcs.extend(d.func for d in defs)
        if any(f is not None and serves_the_kit(f) for f in funcs):
            found.append(item.nodeid)
    return found


def at_once(target, argses, seconds: float) -> list:
    """Run ``target(*args, start, errors)`` in one spawned process per ``args``, all let go together.

    Each process is waited for up to ``seconds`` and must exit cleanly; returns what they put on
    ``errors`` (a test asserts it is empty).
    """
    ctx = mp.get_context("spawn")
    start, errors = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, start, errors)) for args in argses]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(seconds)
        assert p.exitcode == 0
    found = []
    while not errors.empty():
        found.append(errors.get())
    return found


def wait_text(page, text: str, timeout: int = 60_000) -> None:
    """Wait until the page's text contains ``text`` (Playwright)."""
    page.wait_for_function("(t) => document.body.innerText.includes(t)", arg=text, timeout=timeout)


def choose_file(page, path) -> None:
    """Give the page's first upload widget the file at ``path`` (Playwright)."""
    with page.expect_file_chooser() as chooser:  # the widget's file input is not in the DOM
        page.locator(".jupyter-widget-file-upload, .widget-upload").first.click()
    chooser.value.set_files(str(path))


def the_lab_kept_its_bids(page) -> bool:
    """The tender lab (2-2) says the bids it had are still in use, and still shows the library set's winner."""
    body = page.inner_text("body")
    return "Your previous bids are still in use." in body and "Eastside Food Co-operative (winner)" in body


def count_draws(monkeypatch, app_class, events: list | None = None) -> list:
    """Count every ``draw()`` of ``app_class`` from now on (into ``events`` when given, as "draw")."""
    events = [] if events is None else events
    real = app_class.draw

    def counted(self):
        events.append("draw")
        return real(self)

    monkeypatch.setattr(app_class, "draw", counted)
    return events
