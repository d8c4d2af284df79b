"""Benchmark: this tree's kit against an earlier one, in the same run, app by app.

    python bench/compare.py --against /path/to/earlier/checkout [--runs 3] [--apps PATH ...]

Both kits are served at the same time with the same settings (pool 3 per app, each with
bench/reference.ipynb beside it), and every open alternates between them, the order flipped on
each run, so both meet the same busy machine. For each tree and each app it prints the median
time to interactive, round trip and serving kernel's PSS, each as a ratio to that tree's own
reference notebook, and then new / earlier of those ratios. An earlier checkout is most easily a
git worktree: ``git worktree add --detach ../old <commit>``.

PSS, not RSS, is the memory to compare: a kernel forked from the kit's fork server shares its
parent's pages, which RSS counts in full in every kernel and PSS shares out.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.render import POOL_SIZE, REFERENCE, REFILL_SECONDS, medians, open_once, ratio  # noqa: E402
from tests.apps import APP_PATHS  # noqa: E402
from tests.harness import (CHROMIUM_FLAGS, chromium_executable, die_with_parent, free_port,  # noqa: E402
                           kernel_pids_of, start_kit)


class EarlierKit:
    """`svkit serve` run from another checkout (its own code and data), on a free port."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.scratch = Path(tempfile.mkdtemp(prefix="svkit-compare-"))
        args = [sys.executable, "-m", "svkit", "serve", "--port", str(self.port),
                "--db", f"sqlite:///{self.scratch / 'answers.db'}", "--pool", str(POOL_SIZE),
                "--exercise-pool", str(POOL_SIZE), "--idle-timeout", "3600", "--cull-interval", "60",
                "--extra-folder", str(root / "bench")]
        env = {**os.environ, "PYTHONPATH": str(root), "SVKIT_HOME": str(root)}
        self.log = open(self.scratch / "server.log", "w")
        self.proc = subprocess.Popen(args, cwd=root, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True, preexec_fn=die_with_parent)
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the earlier kit exited: see {self.scratch / 'server.log'}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/voila/tree", timeout=5):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("the earlier kit did not answer within 180 s")

    def url(self, app_path: str) -> str:
        return f"http://127.0.0.1:{self.port}/voila/render/{app_path}"

    def kernel_pids(self) -> list[int]:
        return kernel_pids_of(self.proc.pid)

    def stop(self) -> None:
        import signal

        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, type=Path, help="the earlier checkout to compare with")
    parser.add_argument("--runs", type=int, default=3, help="opens per app and tree (default 3)")
    parser.add_argument("--apps", nargs="*", default=None, help="only these app paths (the reference always runs)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    apps = [REFERENCE, *(a for a in APP_PATHS if args.apps is None or a in args.apps)]
    missing = [a for a in apps if not (args.against / a).exists()]
    if missing:
        print(f"not in the earlier checkout, so left out: {', '.join(missing)}", flush=True)
        apps = [a for a in apps if a not in missing]
    # no ceiling for the new kit either (the earlier one had none): 26 pools of 3 are more kernels
    # than this machine's memory-based ceiling allows, and at the ceiling the apps filled last would
    # be measured seating their visitor by giving up another app's kernel
    new = start_kit(pool_size=POOL_SIZE, extra_args=["--extra-folder", str(HERE), "--max-kernels", "1000"])
    old = EarlierKit(args.against.resolve())
    kits = {"new": new, "earlier": old}
    seen: dict[tuple[str, str], list[dict]] = {(t, a): [] for t in kits for a in apps}
    try:
        time.sleep(REFILL_SECONDS * 4)  # let both kits' pools fill
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_FLAGS)
            for run in range(args.runs):
                order = ["earlier", "new"] if run % 2 == 0 else ["new", "earlier"]
                for app in apps:
                    for tree in order:
                        time.sleep(REFILL_SECONDS / 2)
                        one = open_once(kits[tree], browser, app)
                        if one is not None:
                            seen[(tree, app)].append(one)
            browser.close()
    finally:
        new.stop()
        old.stop()

    results = {key: medians(opens) for key, opens in seen.items()}
    print(f"\nsame-run comparison: {args.runs} opens per app and tree, pool {POOL_SIZE}, medians; each ratio is to "
          f"that tree's own reference notebook; new/earlier divides the two ratios (under 1 is better); 'same "
          f"machine' divides the two trees' own medians, measured side by side (what a participant would notice, "
          f"even where the reference itself got faster or slower)")
    print("| app | TTI ratio earlier | TTI ratio new | new/earlier | TTI same machine | trip ratio earlier "
          "| trip ratio new | new/earlier | trip ms earlier | trip ms new | trip same machine "
          "| in page ms earlier | in page ms new | in page same machine "
          "| PSS MB earlier | PSS MB new | new/earlier |")
    print("|" + " --- |" * 17)
    refs = {t: results[(t, REFERENCE)] for t in kits}
    for app in apps:
        cells = [app]
        for key in ("tti", "round_trip", "in_page"):
            own = {t: results[(t, app)][key] for t in kits}
            if key != "in_page":
                r = {t: (own[t] / refs[t][key]) if own[t] and refs[t][key] else None for t in kits}
                cells += [f"{r['earlier']:.2f}x" if r["earlier"] else "n/a", f"{r['new']:.2f}x" if r["new"] else "n/a",
                          ratio(r["new"], r["earlier"])]
            if key != "tti":
                cells += [f"{own[t]:.0f}" if own[t] else "n/a" for t in ("earlier", "new")]
            cells.append(ratio(own["new"], own["earlier"]))
        pss = {t: results[(t, app)]["pss"] for t in kits}
        cells += [f"{pss['earlier']:.0f}" if pss["earlier"] else "n/a", f"{pss['new']:.0f}" if pss["new"] else "n/a",
                  ratio(pss["new"], pss["earlier"])]
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
