"""Nothing acknowledged is lost: kill -9 a process of 40 writers mid-save, reopen, check (issue 20 item 4)."""

import json
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import select

from svkit.paths import kit_home
from svkit.store import AnswerStore, answers
from tests.crash_writer import LABEL

WRITER_THREADS = 40
ACKS_BEFORE_KILL = 600  # acknowledged saves to see before the kill (the writers keep going)
START_SECONDS = 120


def _acknowledged_then_kill(url: str) -> tuple[set[tuple[int, int]], list[str]]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.crash_writer", url, str(WRITER_THREADS)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=kit_home(),
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    acked: set[tuple[int, int]] = set()
    errors: list[str] = []
    deadline = time.monotonic() + START_SECONDS
    try:
        for line in proc.stdout:
            kind, *rest = line.split(maxsplit=2)
            if kind == "ack":
                acked.add((int(rest[0]), int(rest[1])))
            elif kind == "error":
                errors.append(line.strip())
            every_thread = len({t for t, _ in acked}) == WRITER_THREADS  # on a busy machine some start late
            if (len(acked) >= ACKS_BEFORE_KILL and every_thread) or time.monotonic() > deadline:
                break
        proc.send_signal(signal.SIGKILL)  # mid-save: 40 threads are writing
        for line in proc.stdout:  # acknowledgements already written before the kill
            if line.startswith("ack ") and line.endswith("\n"):
                _, t, n = line.split()
                acked.add((int(t), int(n)))
    finally:
        proc.kill()
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read()
    return acked, errors


def test_every_acknowledged_save_survives_kill_9(store_url):
    AnswerStore(store_url).check_writable()
    acked, errors = _acknowledged_then_kill(store_url)
    assert errors == []
    assert len(acked) >= ACKS_BEFORE_KILL
    assert len({t for t, _ in acked}) == WRITER_THREADS  # every thread got saves acknowledged

    store = AnswerStore(store_url)  # reopen after the crash, as a restarted server would
    with store.engine.connect() as conn:
        rows = conn.execute(select(answers.c.participant, answers.c.value).where(answers.c.label == LABEL)).all()
    kept = {(v["thread"], v["n"]) for v in (json.loads(value) for _, value in rows)}
    missing = acked - kept
    assert not missing, f"{len(missing)} acknowledged saves lost, e.g. {sorted(missing)[:5]}"
    store.save("after-crash", "1-1", "x", 1)  # and the store still takes answers
    assert store.load("after-crash", "1-1") == {"x": 1}
    store.dispose()
