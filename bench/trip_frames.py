"""Where one round trip's time goes, frame by frame: an earlier checkout against this tree.

    python bench/trip_frames.py --against /path/to/earlier/checkout APP[,APP...] [TRIPS]

Both kits are served side by side (as bench/compare.py does). Each app is opened once per tree,
then timed TRIPS times (default 8), alternating between the trees. Every websocket frame is
recorded, and the kernel's own timestamps are read from the message headers. Per tree it prints
the median round trip and its parts:
- from the act until the browser sends the change;
- from sent until the kernel says busy (the server forwarding it);
- kernel busy to idle, on the kernel's clock;
- from the last frame until the page shows the change.
Set RELOAD=1 to time a reloaded page (a returning visitor) instead. Diagnostic only; not in `make test`.
"""

from __future__ import annotations

import datetime
import os
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.compare import EarlierKit  # noqa: E402
from bench.render import POOL_SIZE, READY, REFERENCE, REFILL_SECONDS, _moves  # noqa: E402
from tests.harness import CHROMIUM_FLAGS, chromium_executable, leave, start_kit  # noqa: E402

DATE = re.compile(rb'"date"\s*:\s*"([^"]+)"')
PARTS = ("act->sent", "sent->busy", "kernel busy->idle", "last frame->seen")


def kernel_time(frame: bytes) -> float | None:
    """The kernel's own timestamp (s) in a message's header."""
    m = DATE.search(frame)
    return datetime.datetime.fromisoformat(m.group(1).decode().replace("Z", "+00:00")).timestamp() if m else None


def record_frames(page) -> list[tuple[float, str, bytes]]:
    """(time, 'S' sent or 'R' received, payload) of every websocket frame of ``page`` from now on."""
    frames: list[tuple[float, str, bytes]] = []

    def on_socket(ws):
        def recorder(kind):
            def record(payload):
                frames.append((time.perf_counter(), kind, payload if isinstance(payload, bytes) else payload.encode()))
            return record
        ws.on("framesent", recorder("S"))
        ws.on("framereceived", recorder("R"))

    page.on("websocket", on_socket)
    return frames


def parts(frames, t0: float, t_end: float) -> tuple[float, ...] | None:
    """The trip's parts in ms (see PARTS) from the frames of one trip, or None when one is missing."""
    sent = [f for f in frames if f[1] == "S"]
    received = [f for f in frames if f[1] == "R"]
    busy = [f for f in received if b'"busy"' in f[2]]
    idle = [f for f in received if b'"idle"' in f[2]]
    if not (sent and busy and idle):
        return None
    kb, ki = kernel_time(busy[0][2]), kernel_time(idle[0][2])
    return ((sent[0][0] - t0) * 1000, (busy[0][0] - sent[0][0]) * 1000,
            (ki - kb) * 1000 if kb and ki else float("nan"), (t_end - received[-1][0]) * 1000)


def open_page(browser, kit, app: str):
    ctx = browser.new_context()
    page = ctx.new_page()
    frames = record_frames(page)
    for go in (lambda: page.goto(kit.url(app), wait_until="domcontentloaded", timeout=180_000),
               *([lambda: page.reload(wait_until="domcontentloaded")] if os.environ.get("RELOAD") else [])):
        go()
        page.wait_for_selector(READY, state="attached", timeout=180_000)
    return ctx, page, frames


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[0] != "--against":
        print(__doc__.splitlines()[2].strip())
        return 2
    against, apps = Path(argv[1]), argv[2].split(",")
    trips = int(argv[3]) if len(argv) > 3 else 8
    from playwright.sync_api import sync_playwright

    kits = {"old": EarlierKit(against.resolve()),
            "new": start_kit(pool_size=POOL_SIZE, extra_args=["--extra-folder", str(HERE), "--max-kernels", "1000"])}
    try:
        time.sleep(REFILL_SECONDS * 3)  # let both kits' pools fill
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
            for app in [REFERENCE, *apps]:
                opened = {tree: open_page(browser, kit, app) for tree, kit in kits.items()}
                time.sleep(1)
                moves = {tree: _moves(page, app) for tree, (_, page, _) in opened.items()}  # forward, back
                trip_ms = {tree: [] for tree in kits}
                split = {tree: [] for tree in kits}
                for i in range(trips):
                    for tree in (("old", "new") if i % 2 == 0 else ("new", "old")):
                        _, page, frames = opened[tree]
                        if app == REFERENCE:
                            page.wait_for_timeout(300)
                        k0 = len(frames)
                        trip, _ = moves[tree][i % 2]()
                        t_end = time.perf_counter()
                        t0 = t_end - trip / 1000
                        trip_ms[tree].append(trip)
                        found = parts([f for f in frames[k0:] if f[0] >= t0 - 0.005], t0, t_end)
                        if found:
                            split[tree].append(found)
                old, new = statistics.median(trip_ms["old"]), statistics.median(trip_ms["new"])
                print(f"{app:45s} round trip ms: old {old:6.1f}  new {new:6.1f}  new/old {new / old:.2f}", flush=True)
                for tree in kits:
                    if split[tree]:
                        medians = [statistics.median(c) for c in zip(*split[tree])]
                        print(f"    {tree}: " + "  ".join(f"{n} {m:.1f}" for n, m in zip(PARTS, medians)), flush=True)
                for ctx, _, _ in opened.values():
                    leave(ctx)
            browser.close()
    finally:
        for kit in kits.values():
            kit.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
