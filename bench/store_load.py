"""Benchmark: sustained save load on the answer store, SQLite and PostgreSQL side by side.

40 writer processes (one per simulated participant's kernel, each with its
own AnswerStore, as in a served room) each save 10 answers a second for 60
seconds, paced to a fixed schedule. Prints, per store, the saves made, the
errors (the target is zero), and the p50, p99 and worst save latency.

    python bench/store_load.py [--writers 40] [--rate 10] [--seconds 60]
                               [--stores sqlite postgresql] [--pg-url URL]

Without --pg-url a throw-away PostgreSQL cluster is started with Debian's
pg_virtualenv (as the tests do). Not part of `make test`; quote figures from a
quiet machine only.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from svkit.store import AnswerStore  # noqa: E402
from tests.pg import throwaway_postgres  # noqa: E402

TYPED = "Our social value priority is local employment for care leavers. " * 4  # a typical text answer


def _writer(url: str, n: int, rate: float, seconds: float, start, results) -> None:
    store = AnswerStore(url)
    store.check_writable()
    latencies: list[float] = []
    errors: list[str] = []
    start.wait()
    begin = time.monotonic()
    k = 0
    while True:
        due = begin + k / rate
        if due - begin >= seconds:
            break
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        t0 = time.perf_counter()
        try:
            store.save(f"load-{n}", "2-2", f"field-{k % 5}", {"text": TYPED, "k": k}, workshop="LOAD01")
        except Exception as exc:
            errors.append(repr(exc))
        latencies.append(time.perf_counter() - t0)
        k += 1
    results.put((n, latencies, errors))
    store.dispose()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_load(url: str, writers: int, rate: float, seconds: float) -> dict:
    AnswerStore(url).check_writable()  # tables made before the clock starts
    ctx = mp.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, n, rate, seconds, start, results)) for n in range(writers)]
    for p in procs:
        p.start()
    time.sleep(2)  # let every writer import and connect
    start.set()
    latencies: list[float] = []
    errors: list[str] = []
    for _ in procs:
        _, lat, err = results.get(timeout=seconds + 300)
        latencies += lat
        errors += err
    for p in procs:
        p.join(60)
    return {
        "saves": len(latencies),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * _percentile(latencies, 0.99),
        "max_ms": 1000 * max(latencies),
        "rate": len(latencies) / seconds,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=40)
    parser.add_argument("--rate", type=float, default=10.0, help="saves per second per writer")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--stores", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--pg-url", default=None, help="an existing PostgreSQL store (default: a throw-away cluster)")
    args = parser.parse_args()
    print(f"{args.writers} writers x {args.rate:g} saves/s for {args.seconds:g} s "
          f"(target {args.writers * args.rate:g} saves/s)")
    print(f"{'store':<11} {'saves':>7} {'errors':>6} {'saves/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    failed = False
    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="svkit-load-")))
        for kind in args.stores:
            if kind == "sqlite":
                url = f"sqlite:///{scratch / 'answers.db'}"
            elif args.pg_url:
                url = args.pg_url
            else:
                server = stack.enter_context(throwaway_postgres())
                url = server.url()
            r = run_load(url, args.writers, args.rate, args.seconds)
            failed |= r["errors"] > 0
            print(f"{kind:<11} {r['saves']:>7} {r['errors']:>6} {r['rate']:>8.1f} {r['p50_ms']:>8.1f} "
                  f"{r['p99_ms']:>8.1f} {r['max_ms']:>8.1f}  {r['first_error'][:80]}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
