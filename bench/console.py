"""Benchmark: the trainer's console against the DESIGN.md reference, in one run (issue 12).

    python bench/console.py [--runs 5] [--people 40]

Reports, as ratios to the reference notebook served by the same server:
- the console's time to interactive (navigation to the ready marker), with 40 participants'
  answers in the store; the reference's for comparison;
- the time from a participant's save (2-2 weights) to the console showing it, against the
  reference slider's round trip;
- the memory of the console's kernel with those answers loaded, against the reference kernel's.
Not part of `make test`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from svkit import session  # noqa: E402
from svkit.paths import CONSOLE_APP  # noqa: E402
from svkit.store import AnswerStore  # noqa: E402
from tests.harness import CHROMIUM_FLAGS, READY, chromium_executable, start_kit  # noqa: E402

REFERENCE = "bench/reference.ipynb"
TENDER_LAB = "exercises/2-2-tender-lab.ipynb"


def seed(store: AnswerStore, code: str, people: int) -> None:
    """40 participants with realistic 1-4, 2-2 and 3-7 summaries (the console's three panels)."""
    for i in range(people):
        token = session.new_token()
        store.join(token, code, f"Participant {i + 1}")
        price = 30 + (i * 7) % 50
        quality = 100 - price - 10
        store.save(token, "2-2", "summary", {"bid_set": "community-meals", "price_method": "relative",
                                             "weights": {"price": price, "quality": quality, "social_value": 10},
                                             "winner_menu": "A", "winner_embedded": "B"}, workshop=code)
        store.save(token, "1-4", "summary", {"scenario": "library", "score": (i % 9) * 10 - 40, "lens": "mixed",
                                             "rows": {}}, workshop=code)
        store.save(token, "3-7", "summary", {"service": "Homecare", "texts": [f"I choose when my carer comes ({i})"]},
                   workshop=code)


def kernel_rss_mb(pid: int, folder: str) -> float | None:
    """RSS of the newest kernel whose working folder ends with ``folder`` (MB)."""
    import os

    best = None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[1]) != pid:
                continue
            if not os.readlink(entry / "cwd").endswith(folder):
                continue
            start = int(stat.rsplit(")", 1)[1].split()[19])
            rss = next(int(line.split()[1]) for line in (entry / "status").read_text().splitlines()
                       if line.startswith("VmRSS:")) / 1024
        except (OSError, ValueError, StopIteration):
            continue
        if best is None or start > best[0]:
            best = (start, rss)
    return best[1] if best else None


def main(argv=None) -> int:
    from playwright.sync_api import sync_playwright

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--people", type=int, default=40)
    args = ap.parse_args(argv)
    kit = start_kit(pool_size=3, extra_args=["--extra-folder", str(HERE), "--exercise-pool", "1", "--room", "3"])
    store = AnswerStore(kit.db_url)
    ws = store.create_workshop("Bench room")
    key = store.issue_trainer_key(ws.code)
    seed(store, ws.code, args.people)
    console_url = kit.url(CONSOLE_APP, f"ws={ws.code}&k={key}")
    tti = {"reference": [], "console": []}
    rss = {"reference": [], "console": []}
    trip_ref, trip_console = [], []
    try:
        time.sleep(30)  # let the pools fill
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
            for _ in range(args.runs):
                for name, url, folder in (("reference", kit.url(REFERENCE), "/bench"),
                                          ("console", console_url, "/trainer")):
                    ctx = browser.new_context()
                    page = ctx.new_page()
                    t0 = time.perf_counter()
                    page.goto(url, wait_until="domcontentloaded", timeout=600_000)
                    page.wait_for_selector(READY, state="attached", timeout=600_000)
                    tti[name].append(time.perf_counter() - t0)
                    time.sleep(1)
                    value = kernel_rss_mb(kit.proc.pid, folder)
                    if value:
                        rss[name].append(value)
                    if name == "reference":  # the reference slider's round trip
                        handle = page.locator('[role="slider"], .noUi-handle').first
                        before = page.evaluate("() => document.querySelector('img') && document.querySelector('img').src")
                        handle.focus()
                        t0 = time.perf_counter()
                        page.keyboard.press("ArrowRight")
                        page.wait_for_function("(b) => { const i = document.querySelector('img'); return i && i.src !== b; }",
                                               arg=before, timeout=60_000)
                        trip_ref.append((time.perf_counter() - t0) * 1000)
                        ctx.close()
                        continue
                    # a participant saves a weighting; time until the console shows one more mark
                    part = browser.new_context()
                    lab = part.new_page()
                    token = session.new_token()
                    store.join(token, ws.code, "Bench participant")
                    lab.goto(kit.url(TENDER_LAB, f"p={token}&ws={ws.code}"), wait_until="domcontentloaded")
                    lab.wait_for_selector(READY, state="attached", timeout=600_000)
                    marks = page.locator(".svkit-room-mark").count()
                    for label, value in (("Social value weight (%)", 15), ("Quality weight (%)", 30),
                                         ("Price weight (%)", 55)):  # the last one changes, so it saves
                        box = lab.get_by_label(label)
                        box.fill(str(value))
                        box.press("Tab")
                    lab.wait_for_function("() => document.body.innerText.includes('these add up to 100.')")
                    lab.wait_for_function("() => document.querySelector('.svkit-save-status').textContent"
                                          ".includes('Price weight')", timeout=60_000)
                    t0 = time.perf_counter()
                    page.wait_for_function("(n) => document.querySelectorAll('.svkit-room-mark').length > n",
                                           arg=marks, timeout=60_000)
                    trip_console.append((time.perf_counter() - t0) * 1000)
                    part.close()
                    ctx.close()
            browser.close()
    finally:
        kit.stop()
        store.dispose()

    def med(values):
        return statistics.median(values) if values else float("nan")

    print(f"\n{args.runs} runs each, {args.people} participants' answers in the store; medians.\n")
    print("| measure | reference | console | ratio |\n| --- | --- | --- | --- |")
    print(f"| time to interactive s | {med(tti['reference']):.2f} | {med(tti['console']):.2f} | "
          f"{med(tti['console']) / med(tti['reference']):.2f}x |")
    print(f"| save to console ms (reference: slider round trip) | {med(trip_ref):.0f} | {med(trip_console):.0f} | "
          f"{med(trip_console) / med(trip_ref):.2f}x |")
    print(f"| kernel RSS MB | {med(rss['reference']):.0f} | {med(rss['console']):.0f} | "
          f"{med(rss['console']) / med(rss['reference']):.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
