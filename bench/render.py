"""Benchmark: every svkit app against the DESIGN.md reference notebook.

Serves the kit plus bench/reference.ipynb with the same settings (same
server, same pool size), opens each app N times in Chromium and prints, per
app, the median time to interactive, the median round trip of one
representative control (each open timing TRIPS of them) and the median kernel RSS, each
with its ratio to the reference. Then a 'room' test: 30 pages of the start app opened at once.

    python bench/render.py [--runs 5] [--room 30]

Budgets (DESIGN.md): time to interactive <= 1.2x, round trip <= 1.0x, memory <= 1.0x.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.harness import CHROMIUM_FLAGS, READY, chromium_executable, leave, start_kit  # noqa: E402
from tests.apps import APP_PATHS  # noqa: E402

REFERENCE = "bench/reference.ipynb"
BUDGETS = {"tti": 1.2, "round_trip": 1.0, "rss": 1.0}  # DESIGN.md "Budgets"
POOL_SIZE = 3  # the lesson pool size `svkit serve` uses by default
REFILL_SECONDS = 6  # wait between opens so each one meets a full pool, as a participant would


SAVED_JS = (
    "(b) => { const s = document.querySelector('.svkit-save-status');"
    " return s && s.textContent.includes('✓ Saved') && s.textContent !== b; }"
)


#: Timed inside the page as well (added to every page the bench opens, on both trees): from the
#: first event the act gives the page (pointer, key, input or change) until the frame that shows
#: the result. This leaves out Playwright's own work before the event (finding the control,
#: scrolling it into view, its protocol calls) and the polling of ``wait_for_function``, which
#: checks once per animation frame, so the outside figure moves in steps of a frame (16.7 ms):
#: on a page whose result lands near a frame's edge, the median of a few trips jumps by a whole
#: frame from one open to the next.
TRIP_TIMER_JS = r"""
(() => {
  if (window.__svkitTrip) { return; }
  const T = window.__svkitTrip = {armed: false};
  const first = () => { if (T.armed && T.input === null) { T.input = performance.now(); } };
  for (const kind of ['pointerdown', 'mousedown', 'keydown', 'input', 'change', 'click']) {
    window.addEventListener(kind, first, true);
  }
  T.arm = (until, before) => {
    T.input = T.shown = null; T.armed = true;
    const done = new Function('b', 'return (' + until + ')(b);');
    if (T.observer) { T.observer.disconnect(); }
    T.observer = new MutationObserver(() => {
      if (T.shown !== null || !done(before)) { return; }
      T.observer.disconnect();
      requestAnimationFrame(() => { T.shown = performance.now(); });
    });
    T.observer.observe(document, {subtree: true, childList: true, characterData: true, attributes: true});
  };
  T.read = () => {
    T.armed = false;
    return T.input !== null && T.shown !== null ? T.shown - T.input : null;
  };
})();
"""


def _trip(page, act, until: str, before) -> tuple[float, float | None]:
    """(ms from ``act()`` until ``until(before)`` holds, seen from outside; ms of the same inside
    the page, from its first event to the frame that shows the result, or None if not taken)."""
    armed = page.evaluate("([u, b]) => { if (!window.__svkitTrip) { return false; }"
                          " window.__svkitTrip.arm(u, b); return true; }", [until, before])
    t0 = time.perf_counter()
    act()
    page.wait_for_function(until, arg=before, timeout=30_000)
    outside = (time.perf_counter() - t0) * 1000
    if not armed:
        return outside, None
    inside = page.wait_for_function("() => window.__svkitTrip.shown !== null && [window.__svkitTrip.read()]",
                                    timeout=5_000).json_value()
    return outside, inside[0]


def _until_saved(page, act) -> tuple[float, float | None]:
    """Milliseconds (outside, inside the page) from ``act()`` until the app's save indicator
    reports a new save."""
    before = page.inner_text(".svkit-save-status")
    page.wait_for_timeout(1100)  # the indicator shows seconds: the next save must read differently
    return _trip(page, act, SAVED_JS, before)


#: Apps whose first control is not the one that matters: (label of a drop-down, option to choose).
#: The tender lab's price method recalculates both rankings and redraws the bars and both
#: winner maps before the save indicator updates.
REPRESENTATIVE = {
    "exercises/2-2-tender-lab.ipynb": ("Price scoring", "Linear: lose marks for every 1% above the lowest"),
    "exercises/4-1-golden-thread.ipynb": ("Thread to look at", "My own thread"),  # redraws figure and findings
    "exercises/4-2-mindset.ipynb": ("My role", "Commissioner"),  # recomputes the profile and the suggestion
    "exercises/4-3-common-good-framework.ipynb": ("Framework to assess", "A framework of my own"),
    "exercises/4-4-action-plan.ipynb": ("My role", "S151 officer (chief finance officer)"),  # refilters 15 rows
}


#: Lessons whose control saves nothing: (label of a drop-down, option), timed until a live status
#: line on the page changes (the region it controls has been redrawn by then).
REPRESENTATIVE_STATUS = {
    "notebooks/04-enabling.ipynb": ("Show recommendations for", "Councillor"),  # refilters 15 recommendations
}

STATUS_JS = "() => [...document.querySelectorAll('.svkit-status')].map(e => e.textContent).join('|')"


def _until_status(page, act) -> tuple[float, float | None]:
    """Milliseconds (outside, inside the page) from ``act()`` until the text of the page's live
    status lines changes."""
    before = page.evaluate(STATUS_JS)
    return _trip(page, act, f"(b) => ({STATUS_JS})() !== b", before)


#: Round trips timed per open; the open's figure is their median. One trip is a few tens of
#: milliseconds, most of it the browser and the websocket, and single trips vary by half their
#: length from one to the next on this machine: the median of several is what the apps' own work
#: can be compared on.
TRIPS = 5


def round_trip_ms(page, app_path: str, trips: int = TRIPS) -> tuple[float | None, float | None]:
    """Milliseconds from one change of a representative control until the page shows its effect,
    seen from outside and inside the page (:data:`TRIP_TIMER_JS`): the medians of ``trips`` such
    changes, alternately forward and back (so each one changes something), or (None, None) for an
    app with no control to time.

    The reference: its slider, until the chart image changes. An svkit app: its first slider, else
    its first visible text area, check box, drop-down or radio button, until the save indicator
    (which updates after the app has recalculated and redrawn) reports the save. A lesson with
    nothing to save: its toggle buttons, until the region they control changes.
    """
    moves = _moves(page, app_path)
    if moves is None:
        return None, None
    timed = [moves[i % 2]() for i in range(trips)]
    inside = [i for _, i in timed if i is not None]
    return statistics.median(o for o, _ in timed), statistics.median(inside) if inside else None


def _moves(page, app_path: str):
    """(forward, back): two timed changes of the app's representative control, each returning
    milliseconds (outside, inside the page); None when the app has none."""
    if app_path == REFERENCE:
        image = "() => (document.querySelector('.jp-OutputArea-output img') || {}).src"
        changed = ("(b) => { const i = document.querySelector('.jp-OutputArea-output img');"
                   " return i && i.src !== b; }")

        def slide(key):
            def move():
                before = page.evaluate(image)
                page.locator("[role='slider']").first.focus()
                return _trip(page, lambda: page.keyboard.press(key), changed, before)
            return move
        return slide("ArrowRight"), slide("ArrowLeft")
    app = ".svkit-app "
    for table, until in ((REPRESENTATIVE_STATUS, _until_status), (REPRESENTATIVE, _until_saved)):
        if app_path in table:
            label, option = table[app_path]
            control = page.get_by_label(label)
            first = control.evaluate("s => s.options[s.selectedIndex].label")
            return (lambda: until(page, lambda: control.select_option(label=option)),
                    lambda: until(page, lambda: control.select_option(label=first)))
    toggles = page.locator(app + ".widget-toggle-buttons button")
    if toggles.count() > 1 and not page.locator(app + "textarea, " + app + "input").count():
        return (lambda: _until_status(page, lambda: toggles.nth(1).click()),
                lambda: _until_status(page, lambda: toggles.nth(0).click()))
    slider = page.locator(app + "[role='slider']")
    if slider.count():
        def press(key):
            def move():
                slider.first.focus()
                return _until_saved(page, lambda: page.keyboard.press(key))
            return move
        return press("ArrowRight"), press("ArrowLeft")
    text = page.locator(app + "textarea:visible")
    if text.count():
        typed = lambda: _until_saved(page, lambda: text.first.fill(f"bench {time.perf_counter()}"))  # noqa: E731
        return typed, typed
    box = page.locator(app + "input[type=checkbox]:visible")
    if box.count():
        flip = lambda: _until_saved(page, lambda: box.first.uncheck() if box.first.is_checked() else box.first.check())  # noqa: E731
        return flip, flip
    select = page.locator(app + "select:visible")
    if select.count():
        return (lambda: _until_saved(page, lambda: select.first.select_option(index=1)),
                lambda: _until_saved(page, lambda: select.first.select_option(index=0)))
    radio = page.locator(app + "input[type=radio]:visible")
    if radio.count():
        return (lambda: _until_saved(page, lambda: radio.nth(1 if radio.count() > 1 else 0).check()),
                lambda: _until_saved(page, lambda: radio.first.check()))
    return None


def kernel_cpu(kit) -> dict[int, float]:
    """CPU seconds used so far by each live kernel."""
    times = {}
    for pid in kit.kernel_pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return times


def _status_kb(pid: int, key: str) -> float | None:
    """A ``/proc`` memory figure of ``pid`` in kB: VmRSS from status, Pss from smaps_rollup."""
    try:
        if key == "Pss":
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        else:
            text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return next((float(line.split()[1]) for line in text.splitlines() if line.startswith(f"{key}:")), None)


def served_kernel(ready: dict[int, float], before: dict[int, float], after: dict[int, float]) -> int | None:
    """The kernel that did the work of the round trip: of the kernels idle while the page sat ready
    (so not a pool kernel still warming up), the one whose CPU time grew most.

    Pooled kernels of every app share a folder, so the folder alone does not say which kernel
    serves the page; the round trip does.
    """
    idle = {pid for pid in before if pid in ready and before[pid] - ready[pid] < 0.02}
    grown = {pid: after[pid] - before[pid] for pid in after if pid in idle}
    if not grown or max(grown.values()) <= 0:
        return None
    return max(grown, key=grown.get)


def kernel_memory_mb(pid: int | None) -> tuple[float | None, float | None]:
    """(RSS, PSS) of one kernel in MB. PSS counts memory shared with other processes (a forked
    kernel shares its parent's pages) by share, so it is the figure to compare across trees."""
    if pid is None:
        return None, None
    rss, pss = _status_kb(pid, "VmRSS"), _status_kb(pid, "Pss")
    return (rss / 1024 if rss is not None else None), (pss / 1024 if pss is not None else None)


def kernel_memory_in(kit, folder: str) -> list[tuple[float | None, float | None]]:
    """(RSS, PSS) of the live kernels whose working folder is ``folder`` of the served root."""
    sizes = []
    for pid in kit.kernel_pids():
        try:
            cwd = Path(f"/proc/{pid}/cwd").resolve()
        except OSError:
            continue
        if cwd.name == folder:
            sizes.append(kernel_memory_mb(pid))
    return sizes


def open_once(kit, browser, app: str) -> dict[str, float | None] | None:
    """One open of ``app`` in a fresh browser context: time to interactive (s), round trip (ms, the
    median of :data:`TRIPS`, seen from outside and inside the page) and the serving kernel's RSS and
    PSS (MB); None when the page never became ready."""
    ctx = browser.new_context()
    page = ctx.new_page()
    page.add_init_script(TRIP_TIMER_JS)
    t0 = time.perf_counter()
    try:
        page.goto(kit.url(app), wait_until="domcontentloaded", timeout=180_000)
        page.wait_for_selector(READY, state="attached", timeout=180_000)
    except Exception as exc:  # say which app, and go on with the others
        print(f"{app}: not ready ({type(exc).__name__}); this open is left out", flush=True)
        leave(ctx)
        return None
    tti = time.perf_counter() - t0
    cpu_ready = kernel_cpu(kit)
    page.wait_for_timeout(300)
    cpu_before = kernel_cpu(kit)
    trip, inside = round_trip_ms(page, app)
    pid = served_kernel(cpu_ready, cpu_before, kernel_cpu(kit)) if trip is not None else None
    if pid is not None:
        rss, pss = kernel_memory_mb(pid)
    else:
        found = kernel_memory_in(kit, app.split("/")[0])
        rss = statistics.median([r for r, _ in found if r is not None]) if found else None
        pss = statistics.median([p for _, p in found if p is not None]) if found else None
    leave(ctx)
    return {"tti": tti, "round_trip": trip, "in_page": inside, "rss": rss, "pss": pss}


def measure(kit, browser, apps: list[str], runs: int) -> dict[str, dict[str, float | None]]:
    seen: dict[str, list[dict]] = {a: [] for a in apps}
    failures: dict[str, int] = {}
    for _ in range(runs):
        for app in apps:  # interleaved so every app meets the same conditions
            time.sleep(REFILL_SECONDS)
            one = open_once(kit, browser, app)
            if one is None:
                failures[app] = failures.get(app, 0) + 1
            else:
                seen[app].append(one)
    if failures:
        print(f"opens that never became ready: {failures}", flush=True)
    return {a: medians(seen[a]) for a in apps}


def medians(opens: list[dict]) -> dict[str, float | None]:
    """The median of each measure over ``opens`` (None where no open gave one)."""
    out = {}
    for key in ("tti", "round_trip", "in_page", "rss", "pss"):
        values = [o[key] for o in opens if o.get(key) is not None]
        out[key] = statistics.median(values) if values else None
    return out


async def room(kit, pages: int) -> list[float | None]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)

        async def one() -> float | None:
            ctx = await browser.new_context()
            page = await ctx.new_page()
            t0 = time.perf_counter()
            try:
                await page.goto(kit.url("notebooks/00-start.ipynb"), wait_until="domcontentloaded", timeout=ROOM_TIMEOUT_MS)
                await page.wait_for_selector(READY, state="attached", timeout=ROOM_TIMEOUT_MS)
                return time.perf_counter() - t0
            except Exception:  # a page that never became ready is counted, not fatal
                return None
            finally:
                await ctx.close()

        times = await asyncio.gather(*(one() for _ in range(pages)))
        await browser.close()
        return list(times)


ROOM_TIMEOUT_MS = 300_000


def winner_map_speed(repeats: int = 3) -> tuple[float, float]:
    """Median seconds for the vectorised winner map and for the brute-force loop it replaces."""
    from svkit import tender

    bids = tender.library_bids("community-meals")
    fast, slow = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        tender.winner_map(bids, step=1)
        fast.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        tender.winner_map_brute_force(bids, step=1)
        slow.append(time.perf_counter() - t0)
    return statistics.median(fast), statistics.median(slow)


def zoning_speed(repeats: int = 3, fast_repeats: int = 30) -> tuple[float, float]:
    """Seconds for a week's travel legs (about 42,000 visits): vectorised, and the per-visit loop.

    The minimum of many runs for each, after one warm-up: the vectorised side takes a few
    milliseconds, so on a busy machine one unlucky run halved its measured ratio.
    """
    from svkit import zoning

    b = zoning.borough()
    provider, zone = zoning.assign(zoning.Market.zoned(8, 18), b, 0)
    zoning.legs(b, provider, zone)  # warm-up: first-call costs are not the calculation
    fast = min(_timed(lambda: zoning.legs(b, provider, zone)) for _ in range(fast_repeats))
    slow = min(_timed(lambda: zoning.legs_loop(b, provider, zone)) for _ in range(repeats))
    return fast, slow


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def ratio(value, reference) -> str:
    if value is None or not reference:
        return "n/a"
    return f"{value / reference:.2f}x"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="opens per app (default 5)")
    parser.add_argument("--room", type=int, default=30, help="pages opened at once in the room test (0 to skip)")
    parser.add_argument("--apps", nargs="*", default=None, help="only these app paths (the reference always runs)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    kit = start_kit(pool_size=POOL_SIZE, extra_args=["--extra-folder", str(HERE)])
    try:
        time.sleep(REFILL_SECONDS * 2)  # let the pools fill
        apps = [REFERENCE, *(a for a in APP_PATHS if args.apps is None or a in args.apps)]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
            results = measure(kit, browser, apps, args.runs)
            browser.close()
        ref = results[REFERENCE]
        print(f"\nsvkit benchmark: {args.runs} opens per app, pool {POOL_SIZE}, medians; ratio = app / reference")
        print(f"{'app':34} {'TTI s':>7} {'ratio':>7} {'trip ms':>8} {'ratio':>7} {'in page':>8} {'ratio':>7} "
              f"{'RSS MB':>7} {'ratio':>7} {'PSS MB':>7} {'ratio':>7}")
        for app, r in results.items():
            def fmt(v, spec):
                return format(v, spec) if v is not None else "n/a"
            print(f"{app:34} {fmt(r['tti'], '7.2f')} {ratio(r['tti'], ref['tti']):>7} "
                  f"{fmt(r['round_trip'], '8.0f')} {ratio(r['round_trip'], ref['round_trip']):>7} "
                  f"{fmt(r['in_page'], '8.0f')} {ratio(r['in_page'], ref['in_page']):>7} "
                  f"{fmt(r['rss'], '7.0f')} {ratio(r['rss'], ref['rss']):>7} "
                  f"{fmt(r['pss'], '7.0f')} {ratio(r['pss'], ref['pss']):>7}")
        print(f"budgets: TTI <= {BUDGETS['tti']}x, round trip <= {BUDGETS['round_trip']}x, memory <= {BUDGETS['rss']}x "
              "(PSS: a forked kernel's RSS counts the pages it shares with its parent)")
        fast, slow = winner_map_speed()
        print(f"\nwinner map (community meals, 5,151 weightings): vectorised {fast * 1000:.1f} ms, "
              f"brute force over evaluate() {slow:.2f} s: {slow / fast:.0f}x faster (budget: at least 20x)")
        fast, slow = zoning_speed()
        print(f"zoning simulator (a week of travel legs, about 42,000 visits): vectorised {fast * 1000:.1f} ms, "
              f"per-visit loop {slow * 1000:.0f} ms: {slow / fast:.0f}x faster (budget: at least 20x)")
        if args.room and "notebooks/00-start.ipynb" in results:
            time.sleep(REFILL_SECONDS * 2)
            single = results["notebooks/00-start.ipynb"]["tti"]
            times = asyncio.run(room(kit, args.room))
            done = [t for t in times if t is not None]
            failed = len(times) - len(done)
            print(f"\nroom test: {args.room} start pages opened at once; {len(done)} ready, {failed} not ready "
                  f"within {ROOM_TIMEOUT_MS // 1000} s")
            if done:
                print(f"slowest {max(done):.2f} s, median {statistics.median(done):.2f} s; "
                      f"slowest / single open = {ratio(max(done), single)}")
    finally:
        kit.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
