"""Benchmark: a room on one laptop, at the protocol level (issue 10 / DESIGN.md 'Budgets').

In a real room the browsers run on the participants' own machines, so the server sees page
requests and kernel websockets, not browsers. Each simulated participant does what a browser
does: GET the app page with its own token (the whole page, which arrives when the app is built
and its answers restored), open the kernel websocket and get the kernel's reply, stay, then
leave with the page's shutdown request (with its ``_xsrf`` cookie). One real Chromium page
opens at the same moment to confirm.

    python bench/room.py [--people 40] [--runs 3]

Reports, as ratios to a single open in real Chromium measured in the same run (median of
``--runs``; what one participant alone waits, their browser's own work included). A simulated
participant's time leaves out their browser's own work, which in a real room happens on their
own machine; the real Chromium page opened in the crowd includes it.
- arrival: N at once at the start page (the start pool sized for the room);
- moving together, warned: the trainer warms 2-2 (``svkit room warm``), then N open it at once;
- moving together without warning (cold): N open 1-4 at once;
- peak RSS of the server and its kernels with N people on two pages each, and the RSS and kernel
  count 60 s after everyone leaves.
Budgets (DESIGN.md): arrival and warned moves slowest <= 4x; cold slowest <= 15x, median <= 8x;
peak <= 8 GB; back to the pools within 60 s. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from svkit import session  # noqa: E402
from svkit.roomserver import trainer_secret_path  # noqa: E402
from tests.harness import CHROMIUM_FLAGS, READY, chromium_executable, kernel_pids_of, leave, start_kit  # noqa: E402

START = "notebooks/00-start.ipynb"
WARNED = "exercises/2-2-tender-lab.ipynb"
COLD = "exercises/1-4-which-lens.ipynb"
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


class Participant:
    """One simulated browser: its token, cookies and the kernels of the pages it has open."""

    def __init__(self, base: str):
        from tornado.httpclient import AsyncHTTPClient

        self.base = base
        self.token = session.new_token()
        self.cookies: dict[str, str] = {}
        self.sockets: list = []
        self.kernels: list[str] = []
        self.client = AsyncHTTPClient(max_clients=400)

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _keep_cookies(self, response) -> None:
        for line in response.headers.get_list("Set-Cookie"):
            name, _, rest = line.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    async def open(self, app: str) -> float:
        """Seconds until the page has arrived and its kernel answers on the websocket."""
        from tornado.websocket import websocket_connect

        t0 = time.monotonic()
        while True:
            response = await self.client.fetch(f"{self.base}/voila/render/{app}?p={self.token}",
                                               headers={"Cookie": self._cookie_header()},
                                               request_timeout=900, raise_error=False)
            if response.code != 503:  # the room-full page retries every few seconds, as a browser does
                break
            await asyncio.sleep(5)
        if response.code != 200:
            raise RuntimeError(f"{app}: HTTP {response.code}")
        self._keep_cookies(response)
        match = KERNEL_ID.search(response.body.decode("utf-8", "replace"))
        if not match:
            raise RuntimeError(f"{app}: no kernel id in the page")
        kernel_id = match.group(1)
        ws = await websocket_connect(
            f"{self.base.replace('http', 'ws', 1)}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4()}",
            connect_timeout=120)
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "kernel_info_request", "username": "bench",
                       "session": uuid.uuid4().hex, "date": "", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell", "buffers": [],
        }))
        while True:
            raw = await asyncio.wait_for(ws.read_message(), 120)
            if raw is None:
                raise RuntimeError(f"{app}: kernel socket closed")
            if isinstance(raw, bytes):
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["header"]["msg_type"] == "kernel_info_reply":
                break
        self.sockets.append(ws)
        self.kernels.append(kernel_id)
        return time.monotonic() - t0

    async def leave(self) -> None:
        """Close every page as a browser does: the shutdown beacon, then the socket."""
        xsrf = self.cookies.get("_xsrf", "")
        for kernel_id, ws in zip(self.kernels, self.sockets):
            await self.client.fetch(f"{self.base}/voila/api/shutdown/{kernel_id}", method="POST",
                                    body=f"_xsrf={xsrf}", headers={
                                        "Cookie": self._cookie_header(),
                                        "Content-Type": "application/x-www-form-urlencoded"},
                                    raise_error=False)
            ws.close()
        self.kernels, self.sockets = [], []


def _summed_kb(pid: int, filename: str, key: str) -> float:
    """``key`` (kB) from /proc/<pid>/<filename> for a process and all its descendants (the
    kernel fork server's kernels are the server's grandchildren), summed, in MB."""
    total = 0
    for p in [pid] + _descendants(pid):
        try:
            for line in Path(f"/proc/{p}/{filename}").read_text().splitlines():
                if line.startswith(key):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def rss_mb(pid: int) -> float:
    """RSS of a process and its children (MB): shared pages counted once per process."""
    return _summed_kb(pid, "status", "VmRSS:")


def pss_mb(pid: int) -> float:
    """Proportional set size of a process and its children (MB): shared pages counted once in
    all, so this is what the processes take from the machine's memory together."""
    return _summed_kb(pid, "smaps_rollup", "Pss:")


def memory(pid: int) -> tuple[float, float]:
    return rss_mb(pid), pss_mb(pid)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _descendants(pid: int) -> list[int]:
    found = []
    for child in _children(pid):
        found += [child, *_descendants(child)]
    return found


def kernel_costs(pid: int) -> tuple[float, float, float]:
    """Median CPU seconds and RSS (MB) of the server's kernels (all warm and waiting, when asked
    right after the pools filled): what a pooled kernel spends before its visitor arrives."""
    import os

    tick = os.sysconf("SC_CLK_TCK")
    cpus, rsses, psses = [], [], []
    for child in kernel_pids_of(pid):
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
            cpus.append((int(fields[11]) + int(fields[12])) / tick)
            rsses.append(rss_mb(child) - sum(rss_mb(c) for c in _children(child)))
            psses.append(pss_mb(child) - sum(pss_mb(c) for c in _children(child)))
        except (OSError, ValueError, IndexError):
            continue
    return statistics.median(cpus), statistics.median(rsses), statistics.median(psses)


def pools_status(kit) -> dict:
    import urllib.request

    key = trainer_secret_path(kit.port).read_text().strip()
    req = urllib.request.Request(f"{kit.base}/svkit/api/pools", headers={"Authorization": f"Bearer {key}"})
    with urllib.request.urlopen(req, timeout=30) as reply:
        return {s["app"]: s for s in json.loads(reply.read())["apps"]}


def wait_warm(kit, apps: list[str], seconds: float = 900) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = pools_status(kit)
        if all(status[a]["ready"] >= status[a]["target"] for a in apps):
            return
        time.sleep(1)
    raise RuntimeError(f"pools not warm: {[pools_status(kit)[a] for a in apps]}")


def wait_all_warm(kit, seconds: float = 900) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = pools_status(kit)
        if all(s["ready"] >= s["target"] for s in status.values()):
            return
        time.sleep(1)


async def crowd(base: str, app: str, people: list[Participant]) -> list[float]:
    return list(await asyncio.gather(*(p.open(app) for p in people)))


def chromium_open(url: str) -> float:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
        context = browser.new_context()
        page = context.new_page()
        t0 = time.monotonic()
        page.goto(url, wait_until="domcontentloaded", timeout=900_000)
        page.wait_for_selector(READY, state="attached", timeout=900_000)
        elapsed = time.monotonic() - t0
        # leave as a person does, as the tests do (tests/harness.py's leave: the page's shutdown
        # beacon gives its kernel back). A page of the browser's default context, closed and the
        # browser closed after it, never sent its beacon: each of the bench's own Chromium opens
        # left a kernel for the idle backstop (11 over the pools 60 s after the room left).
        leave(context)
        browser.close()
        return elapsed


def run_scenario(kit, loop, app: str, people: list[Participant], with_browser: bool) -> tuple[list[float], float | None]:
    import concurrent.futures

    browser_time = None
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        future = pool.submit(chromium_open, kit.url(app)) if with_browser else None
        times = loop.run_until_complete(crowd(kit.base, app, people))
        if future is not None:
            browser_time = future.result()
    return times, browser_time


def everyone_leaves(loop, people: list[Participant]) -> None:
    async def leave_all():
        await asyncio.gather(*(p.leave() for p in people))

    loop.run_until_complete(leave_all())


def single_open(kit, loop, app: str, runs: int) -> tuple[float, float]:
    """Median seconds of one person alone: in real Chromium, and at the protocol level."""
    browser, protocol = [], []
    for _ in range(runs):
        browser.append(chromium_open(kit.url(app)))
        time.sleep(8)  # let the pool refill, as it would between two people arriving
        p = Participant(kit.base)
        protocol.append(loop.run_until_complete(p.open(app)))
        loop.run_until_complete(p.leave())
        time.sleep(8)
    return statistics.median(browser), statistics.median(protocol)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=40)
    ap.add_argument("--runs", type=int, default=3, help="single opens to take the median of")
    ap.add_argument("--max-kernels", type=int, default=None, help="the server's kernel ceiling (default: from memory)")
    ap.add_argument("--no-fork", action="store_true", help="serve with `svkit serve --no-fork` (kernels started one by one)")
    args = ap.parse_args(argv)
    n = args.people

    kit = start_kit(pool_size=3, extra_args=["--room", str(n), "--exercise-pool", "1", *(["--no-fork"] if args.no_fork else []),
                                                  *(["--max-kernels", str(args.max_kernels)] if args.max_kernels else [])], idle_timeout=600)
    loop = asyncio.new_event_loop()
    rows = []
    try:
        t0 = time.monotonic()
        wait_warm(kit, [START])
        print(f"start pool of {n} warm after {time.monotonic() - t0:.0f} s", flush=True)
        wait_all_warm(kit)
        idle_rss = memory(kit.proc.pid)
        kernel_cpu, kernel_rss, kernel_pss = kernel_costs(kit.proc.pid)
        print(f"a pooled kernel before its visitor: {kernel_cpu:.2f} s CPU, {kernel_rss:.0f} MB RSS, "
              f"{kernel_pss:.0f} MB PSS (median)", flush=True)
        single = {app: single_open(kit, loop, app, args.runs) for app in (START, WARNED, COLD)}
        wait_all_warm(kit)
        print(f"single opens: {single}", flush=True)

        people = [Participant(kit.base) for _ in range(n)]
        times, chromium = run_scenario(kit, loop, START, people, with_browser=True)
        rows.append(("arrival: start page", single[START], times, chromium))
        print(rows[-1][0], f"median {statistics.median(times):.1f} s, slowest {max(times):.1f} s, Chromium {chromium:.1f} s",
              flush=True)
        peak = memory(kit.proc.pid)

        # moving together, warned: the trainer's hook first
        key = trainer_secret_path(kit.port).read_text().strip()
        from svkit import pools

        pools.request_warm(WARNED, trainer_key=key, size=n, base=kit.base)
        t0 = time.monotonic()
        wait_warm(kit, [WARNED])
        warm_seconds = time.monotonic() - t0
        times, chromium = run_scenario(kit, loop, WARNED, people, with_browser=True)  # start page still open
        rows.append((f"sent to 2-2, warned (warmed in {warm_seconds:.0f} s)", single[WARNED], times, chromium))
        print(rows[-1][0], f"median {statistics.median(times):.1f} s, slowest {max(times):.1f} s, Chromium {chromium:.1f} s",
              flush=True)
        peak = max(peak, memory(kit.proc.pid), key=lambda m: m[1])

        kernels_busy = len(kernel_pids_of(kit.proc.pid))
        # they close both pages, then all open 1-4 without warning
        everyone_leaves(loop, people)
        time.sleep(10)
        times, chromium = run_scenario(kit, loop, COLD, people, with_browser=False)
        rows.append(("sent to 1-4, no warning (cold)", single[COLD], times, chromium))
        peak = max(peak, memory(kit.proc.pid), key=lambda m: m[1])

        # everyone leaves
        everyone_leaves(loop, people)
        time.sleep(60)
        after_rss = memory(kit.proc.pid)
        after_kernels = len(kernel_pids_of(kit.proc.pid))
        status = pools_status(kit)
        pools_size = sum(s["target"] for s in status.values())
        in_pools = sum(s["ready"] + s["starting"] for s in status.values())
        over = {a: (s["ready"] + s["starting"], s["target"]) for a, s in status.items()
                if s["ready"] + s["starting"] != s["target"]}
        print(f"60 s after everyone left: {after_kernels} kernel processes, {in_pools} of them in the pools "
              f"(pools hold {pools_size}); pools not at their size (in pool, size): {over}", flush=True)
    finally:
        kit.stop()

    print()
    print(f"| scenario ({n} people) | single open in Chromium s (protocol s) | median s | ratio | slowest s | ratio "
          f"| Chromium page in the crowd s | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, (one, proto), times, chromium in rows:
        med, worst = statistics.median(times), max(times)
        c = f"{chromium:.1f} | {chromium / one:.1f}x" if chromium is not None else "- | -"
        print(f"| {name} | {one:.2f} ({proto:.2f}) | {med:.1f} | {med / one:.1f}x | {worst:.1f} | {worst / one:.1f}x | {c} |")
    print()
    print(f"\nA pooled kernel before its visitor arrives (median): {kernel_cpu:.2f} s CPU, {kernel_rss:.0f} MB RSS, "
          f"{kernel_pss:.0f} MB PSS (its own share of memory shared with the fork server).\n")
    print("| memory (server and its kernels) | RSS sum MB | PSS MB |\n| --- | --- | --- |")
    print(f"| idle, pools full | {idle_rss[0]:.0f} | {idle_rss[1]:.0f} |")
    print(f"| peak, {n} people on two pages each ({kernels_busy} kernels) | {peak[0]:.0f} | {peak[1]:.0f} |")
    print(f"| 60 s after everyone left ({after_kernels} kernels; pools hold {pools_size}) | {after_rss[0]:.0f} | "
          f"{after_rss[1]:.0f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
