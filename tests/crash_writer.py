"""A process of many writer threads for the crash test (``python -m tests.crash_writer URL THREADS``).

Each thread saves answers as fast as it can. After ``save()`` returns (the
answer is acknowledged, as a page shows 'Saved'), the thread prints
``ack <thread> <n>`` on stdout, flushed at once, so the parent knows exactly
which saves were acknowledged when it kills this process with SIGKILL.
"""

import sys
import threading

from svkit.store import AnswerStore

LABEL = "crash"


def main(url: str, threads: int) -> None:
    store = AnswerStore(url)
    store.check_writable()
    out = threading.Lock()
    print("ready", flush=True)

    def writer(t: int) -> None:
        n = 0
        while True:
            try:
                store.save(f"writer-{t}", LABEL, f"field-{n % 7}", {"thread": t, "n": n}, workshop="CRASH1")
            except Exception as exc:  # the parent fails the test on any error line
                with out:
                    print(f"error {t} {exc!r}", flush=True)
                continue
            with out:
                sys.stdout.write(f"ack {t} {n}\n")
                sys.stdout.flush()
            n += 1

    for t in range(threads):
        threading.Thread(target=writer, args=(t,), daemon=True).start()
    threading.Event().wait()  # until killed


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
