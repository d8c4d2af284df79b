"""Kernels forked from a warm parent (svkit/kernelfork.py, issue 10 item 5).

A real fork server and real ipykernel kernels started through jupyter_client with the
``svkit-fork`` provisioner, as ``svkit serve`` starts them: what a kernel can do (run code,
talk to widgets, be interrupted, shut down) must not change; what it costs must.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time

import pytest

from svkit import kernelfork

pytestmark = pytest.mark.skipif(not kernelfork.can_fork(), reason="fork servers need Linux (fork and pidfd_open)")


def test_only_this_pythons_ipykernel_is_forked():
    assert kernelfork.kernel_argv([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"]) == ["-f", "k.json"]
    assert kernelfork.kernel_argv([sys.executable, "-m", "some_other_kernel", "-f", "k.json"]) is None
    assert kernelfork.kernel_argv(["/bin/sh", "-m", "ipykernel_launcher", "-f", "k.json"]) is None
    assert kernelfork.kernel_argv(["R", "--slave"]) is None


def _ppid(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as handle:
        return int(handle.read().rsplit(")", 1)[1].split()[1])


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _wait(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


@pytest.fixture
def fork_server(monkeypatch, tmp_path):
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    server = kernelfork.ForkServerProcess()
    monkeypatch.setenv(kernelfork.SOCKET_ENV, server.socket_path)
    from jupyter_client.provisioning.factory import KernelProvisionerFactory

    factory = KernelProvisionerFactory.instance()  # what `svkit serve` configures
    monkeypatch.setattr(factory, "default_provisioner_name", kernelfork.PROVISIONER_NAME)
    yield server
    server.stop()


def _run_async(coro):
    """Run ``coro`` in a fresh event loop on its own thread: a browser test earlier in the same
    process may have left this thread's loop running."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _manager(tmp_path):
    from jupyter_client.manager import AsyncKernelManager

    return AsyncKernelManager(transport="ipc", connection_file=str(tmp_path / "kernel.json"))


async def _run(kc, code: str, timeout: float = 60) -> dict:
    """Execute ``code``; return its text/plain result, stdout and error name."""
    msg_id = kc.execute(code)
    out = {"stdout": "", "result": None, "error": None}
    while True:
        msg = await kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out["stdout"] += content["text"]
        elif kind == "execute_result":
            out["result"] = content["data"]["text/plain"]
        elif kind == "error":
            out["error"] = content["ename"]
        elif kind == "status" and content["execution_state"] == "idle":
            return out


def test_a_forked_kernel_runs_code_talks_to_widgets_is_interrupted_and_shuts_down(fork_server, tmp_path):
    async def scenario():
        km = _manager(tmp_path)
        await km.start_kernel(cwd=str(tmp_path))
        pid = km.provisioner.pid
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            assert isinstance(km.provisioner, kernelfork.ForkProvisioner)
            assert _ppid(pid) == fork_server.process.pid  # forked, not started as a new Python
            # The libraries were loaded by the parent: the kernel did not import them itself.
            preloaded = await _run(kc, "import sys; sorted(m for m in ('pandas', 'ipywidgets', 'svkit.ui') if m in sys.modules)")
            assert preloaded["result"] == "['ipywidgets', 'pandas', 'svkit.ui']"
            # Its own folder and environment, as jupyter_client gave them.
            where = await _run(kc, "import os; (os.getcwd(), os.environ.get('JPY_PARENT_PID'))")
            assert where["result"] == repr((str(tmp_path), str(os.getpid())))
            # Widgets connect: the comm targets ipywidgets registers under IPython are there.
            targets = await _run(kc, "sorted(t for t in get_ipython().kernel.comm_manager.targets if 'widget' in t)")
            assert targets["result"] == "['jupyter.widget', 'jupyter.widget.control']"
            printed = await _run(kc, "print(6 * 7)")
            assert printed["stdout"] == "42\n" and printed["error"] is None
            # Interrupting a long cell raises KeyboardInterrupt in it, and the kernel lives on.
            msg_id = kc.execute("import time; time.sleep(60)")
            await asyncio.sleep(1.0)
            await km.interrupt_kernel()
            errors = []
            while True:
                msg = await kc.get_iopub_msg(timeout=30)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                if msg["msg_type"] == "error":
                    errors.append(msg["content"]["ename"])
                if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                    break
            assert errors == ["KeyboardInterrupt"]
            after = await _run(kc, "1 + 1")
            assert after["result"] == "2", after
        finally:
            kc.stop_channels()
            await km.shutdown_kernel()
        assert _wait(lambda: not _alive(pid), 15), "the kernel process outlived its shutdown"

    _run_async(scenario())


def test_when_the_server_goes_the_fork_server_takes_its_kernels_with_it(fork_server, tmp_path):
    async def start():
        km = _manager(tmp_path)
        await km.start_kernel(cwd=str(tmp_path))
        return km.provisioner.pid

    pid = _run_async(start())
    assert _wait(lambda: _alive(pid), 10)
    fork_server.process.stdin.close()  # what the server's death looks like from the fork server
    assert _wait(lambda: not _alive(pid), 20), "a kernel outlived the server"
    assert _wait(lambda: fork_server.process.poll() is not None, 10)


def test_a_dead_fork_server_means_kernels_start_as_before(fork_server, tmp_path):
    fork_server.process.send_signal(signal.SIGKILL)
    fork_server.process.wait()

    async def scenario():
        km = _manager(tmp_path)
        await km.start_kernel(cwd=str(tmp_path))
        try:
            assert not isinstance(km.provisioner.process, kernelfork.ForkedKernel)
            assert _ppid(km.provisioner.pid) == os.getpid()
            kc = km.client()
            kc.start_channels()
            await kc.wait_for_ready(timeout=60)
            assert (await _run(kc, "2 + 2"))["result"] == "4"
            kc.stop_channels()
        finally:
            await km.shutdown_kernel(now=True)

    _run_async(scenario())


def test_a_forked_kernel_that_dies_is_seen_dead_by_pid():
    """The room's pools check a kernel by its process (roomserver._pid_of): a forked kernel's
    handle must report its end although the server is not its parent."""
    import subprocess

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    handle = kernelfork.ForkedKernel(child.pid)
    assert handle.poll() is None
    handle.kill()
    child.wait()
    assert _wait(lambda: handle.poll() is not None, 5)


def test_a_forked_kernels_handle_works_past_1024_open_descriptors():
    """A server with a room's kernels holds well over 1,024 descriptors (bench/room.py found
    select() refusing them): the handle must still tell a live kernel from a dead one."""
    import resource
    import subprocess

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    held = []
    try:
        while not held or held[-1] < 1100:
            held.append(os.open(os.devnull, os.O_RDONLY))
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        handle = kernelfork.ForkedKernel(child.pid)
        assert handle._pidfd > 1024
        assert handle.poll() is None
        handle.kill()
        child.wait()
        assert handle.wait(timeout=5) is not None
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
