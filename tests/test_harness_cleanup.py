"""A kit started by the harness (tests, benches) goes when the process that started it dies.

A kit runs in a session of its own, so a ``timeout`` or kill aimed at a bench never reached it: a
killed compare run left two servers with about 160 kernels between them, and the machine ran out
of memory.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.harness import kernel_pids_of

pytestmark = pytest.mark.browser  # it serves the kit (the suite's rule for served tests)

ROOT = Path(__file__).resolve().parent.parent

STARTER = """
import sys, time
sys.path.insert(0, {root!r})
from tests.harness import start_kit
kit = start_kit(pool_size=1)
print(kit.proc.pid, flush=True)
time.sleep(3600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for every purpose here
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def test_a_kit_and_its_kernels_go_when_the_process_that_started_it_is_killed():
    starter = subprocess.Popen([sys.executable, "-c", STARTER.format(root=str(ROOT))], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    server = None
    try:
        server = int(starter.stdout.readline())
        assert _wait_for(lambda: kernel_pids_of(server), 120), "the kit started no kernels"
        kernels = kernel_pids_of(server)
        starter.send_signal(signal.SIGKILL)  # as `timeout -s KILL` or the OOM killer would
        starter.wait(30)
        assert _wait_for(lambda: not _alive(server), 60), "the server outlived the process that started it"
        assert _wait_for(lambda: not any(_alive(k) for k in kernels), 60), "kernels outlived their server"
    finally:
        if starter.poll() is None:
            starter.kill()
        if server is not None and _alive(server):
            os.killpg(server, signal.SIGKILL)
