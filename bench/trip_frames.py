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
import sys, time, statistics
from pathlib import Path
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from bench.render import _moves, READY, REFILL_SECONDS, POOL_SIZE
from bench.compare import EarlierKit
from tests.harness import CHROMIUM_FLAGS, chromium_executable, start_kit, leave
from playwright.sync_api import sync_playwright
if len(sys.argv) < 4 or sys.argv[1] != "--against":
    sys.exit(__doc__.splitlines()[2].strip())
against, apps = Path(sys.argv[2]), sys.argv[3].split(",")
n = int(sys.argv[4]) if len(sys.argv) > 4 else 8
new = start_kit(pool_size=POOL_SIZE, extra_args=["--extra-folder", str(HERE), "--max-kernels", "1000"])
old = EarlierKit(against.resolve()); kits = {"old": old, "new": new}
try:
    time.sleep(REFILL_SECONDS * 3)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
        for app in ["bench/reference.ipynb"] + apps:
            pages = {}; frames = {}; br = {'old': [], 'new': []}
            for tree in ("old", "new"):
                ctx = b.new_context(); page = ctx.new_page()
                fr = []
                def on_ws(ws, fr=fr):
                    def rec(kind):
                        def f(payload):
                            data = payload if isinstance(payload, bytes) else payload.encode()
                            fr.append((time.perf_counter(), kind, data))
                        return f
                    ws.on("framesent", rec("S")); ws.on("framereceived", rec("R"))
                page.on("websocket", on_ws)
                page.goto(kits[tree].url(app), wait_until="domcontentloaded", timeout=180000)
                page.wait_for_selector(READY, state="attached", timeout=180000)
                pages[tree] = (ctx, page)
                import os
                if os.environ.get("RELOAD"): page.reload(wait_until="domcontentloaded"); page.wait_for_selector(READY, state="attached", timeout=180000)
                frames[tree] = fr
            time.sleep(1)
            moves = {tree: _moves(pages[tree][1], app) for tree in pages}  # forward, back: each trip changes something
            got = {"old": [], "new": []}
            for i in range(n):
                for tree in (("old", "new") if i % 2 == 0 else ("new", "old")):
                    page = pages[tree][1]
                    if app == "bench/reference.ipynb": page.wait_for_timeout(300)
                    fr = frames[tree]; k0 = len(fr)
                    trip = moves[tree][i % 2](); tend = time.perf_counter(); t0 = tend - trip / 1000
                    got[tree].append(trip)
                    new_frames = [f for f in fr[k0:] if f[0] >= t0 - 0.005]
                    import re, datetime
                    def kdate(d):
                        m = re.search(rb'"date"\s*:\s*"([^"]+)"', d)
                        return datetime.datetime.fromisoformat(m.group(1).decode().replace("Z", "+00:00")).timestamp() if m else None
                    busy = [f for f in new_frames if f[1] == "R" and b'"busy"' in f[2]]
                    idle = [f for f in new_frames if f[1] == "R" and b'"idle"' in f[2]]
                    sent = [f for f in new_frames if f[1] == "S"]
                    rc = [f for f in new_frames if f[1] == "R"]
                    if busy and idle and sent:
                        kb, ki = kdate(busy[0][2]), kdate(idle[0][2])
                        br[tree].append(((sent[0][0]-t0)*1000, (busy[0][0]-sent[0][0])*1000, (ki-kb)*1000 if kb and ki else -1, (tend-rc[-1][0])*1000, len(rc), sum(len(f[2]) for f in rc)))
            mo, mn = statistics.median(got["old"]), statistics.median(got["new"])
            print(f"{app:45s} old {mo:6.1f} new {mn:6.1f} new/old {mn/mo:.2f}  q1 old {statistics.quantiles(got['old'])[0]:.0f} new {statistics.quantiles(got['new'])[0]:.0f}", flush=True)
            for tree in ("old", "new"):
                if br[tree]:
                    cols = list(zip(*br[tree]))
                    print("   ", tree, "act->sent %.0f  sent->busy %.0f  kernel busy->idle %.1f  last frame->seen %.0f  frames %.0f bytes %.0f" % tuple(statistics.median(c) for c in cols), flush=True)
            for tree in pages: leave(pages[tree][0])
        b.close()
finally:
    new.stop(); old.stop()
