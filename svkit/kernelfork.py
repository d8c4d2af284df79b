"""App kernels forked from a warm parent: a room's kernels start in a fraction of the time.

Every app kernel used to be a fresh ``python -m ipykernel_launcher``: about two seconds of
CPU importing IPython, ipykernel, pandas, matplotlib, ipywidgets and the kit before the app
ran, and the same libraries loaded again into every kernel's memory. On a two-core laptop a
room of 40 arriving together queued behind that work.

``svkit serve`` now starts one *fork server* (``python -m svkit.kernelfork``) before Voila.
It imports those libraries and the kit's app modules once, then waits on a Unix socket
that only this user can open. To start a kernel, :class:`ForkProvisioner` (a jupyter_client
kernel provisioner, registered under the entry point ``svkit-fork``) sends it the command,
environment and folder jupyter_client would have given ``Popen``; the fork server forks a
child that becomes the kernel (``ipykernel``'s own ``launch_new_instance`` on the connection
file jupyter_client wrote). The child shares the already imported libraries' memory with
its parent until it writes to it.

What stays the same: the kernel is an ordinary ipykernel in its own session and process
group, jupyter_client still signals, interrupts, kills and polls it by pid (through a Linux
*pidfd*, as the server is not its parent), and the connection file, transport and
environment are jupyter_client's. Anything this module cannot serve (another kernel, another
Python, a command it does not recognise, no fork server, a platform without ``fork`` or
``pidfd_open``) is launched exactly as before by :class:`LocalProvisioner`.

When the server goes (its pipe to the fork server closes), the fork server stops every kernel
it forked and exits, so a killed server leaves no kernels behind.
"""

from __future__ import annotations

import asyncio
import atexit
import gc
import importlib
import json
import logging
import os
import pkgutil
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from jupyter_client.provisioning.local_provisioner import LocalProvisioner

log = logging.getLogger("svkit.kernelfork")

#: The environment variable that tells :class:`ForkProvisioner` where the fork server listens.
SOCKET_ENV = "SVKIT_FORK_SOCKET"
#: The provisioner's entry-point name (``[project.entry-points."jupyter_client.kernel_provisioners"]``).
PROVISIONER_NAME = "svkit-fork"

#: Imported once by the fork server; every kernel then starts with them already loaded.
#: Libraries first, then every module of the kit's user interface (found, not listed).
PRELOAD_LIBRARIES = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.comm",
    "IPython.core.interactiveshell", "jupyter_client.session", "zmq", "tornado.ioloop",
    "ipywidgets", "comm", "numpy", "pandas", "matplotlib", "matplotlib.figure",
    "matplotlib.backends.backend_agg", "matplotlib.backends.backend_svg",
    "pydantic", "yaml", "sqlalchemy", "sqlalchemy.orm",
)
PRELOAD_PACKAGES = ("svkit.ui",)
#: The inline backend ipykernel would choose; set before matplotlib is imported so the
#: fork server's matplotlib agrees with what a fresh kernel would have.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


# -- the fork server (its own process) ----------------------------------------------------------


def preload() -> list[str]:
    """Import the libraries and the kit's app modules; return the ones that would not import."""
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    failed = []
    for name in PRELOAD_LIBRARIES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a library the kernel will import (and fail on) itself
            failed.append(name)
    for package in PRELOAD_PACKAGES:
        try:
            pkg = importlib.import_module(package)
        except Exception:  # noqa: BLE001
            failed.append(package)
            continue
        for info in pkgutil.walk_packages(pkg.__path__, prefix=f"{package}."):
            try:
                importlib.import_module(info.name)
            except Exception:  # noqa: BLE001 - the app importing it shows its own message
                failed.append(info.name)
    try:
        from svkit import content

        content.load()  # validated and cached once, shared by every kernel
    except Exception:  # noqa: BLE001 - a kernel reports a data problem itself
        failed.append("svkit.content.load")
    return failed


def kernel_argv(cmd: list[str]) -> list[str] | None:
    """The ipykernel arguments of a jupyter_client kernel command, or None when it is not
    ``<this python> -m ipykernel_launcher ...`` (then it is launched as before)."""
    if len(cmd) < 3 or cmd[1] != "-m" or cmd[2] not in ("ipykernel_launcher", "ipykernel"):
        return None
    try:
        same_python = os.path.samefile(cmd[0], sys.executable)
    except OSError:
        same_python = False
    if not same_python:
        return None
    return list(cmd[3:])


class ForkServer:
    """Accept launch requests on ``socket_path`` and fork a kernel for each (see the module docs)."""

    def __init__(self, socket_path: str):
        self.socket_path = socket_path
        self.children: set[int] = set()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o077)  # only this user may ask for a kernel
        try:
            self.listener.bind(socket_path)
        finally:
            os.umask(old)
        self.listener.listen(64)

    def reap(self, *_args) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.children.discard(pid)
            code = os.waitstatus_to_exitcode(status)
            if code not in (0, -signal.SIGTERM, -signal.SIGKILL):
                print(f"svkit: kernel process {pid} ended with code {code}", file=sys.stderr, flush=True)

    def serve_forever(self, parent_pipe) -> None:
        """Serve until the server's pipe closes, then stop every kernel forked here."""
        signal.signal(signal.SIGCHLD, self.reap)
        signal.signal(signal.SIGTERM, lambda *_: self.stop(0))
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the server, which stops us
        gc.collect()
        gc.freeze()  # keep the preloaded objects' pages shared: the collector never touches them
        while True:
            ready, _, _ = select.select([self.listener, parent_pipe], [], [])
            if parent_pipe in ready and not os.read(parent_pipe.fileno(), 1024):
                self.stop(0)
            if self.listener in ready:
                conn, _ = self.listener.accept()
                try:
                    self.handle(conn)
                except Exception as exc:  # noqa: BLE001 - one bad request never stops the server
                    print(f"svkit: the kernel fork server refused a request ({exc})", file=sys.stderr, flush=True)
                finally:
                    conn.close()

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        data = b""
        while not data.endswith(b"\n"):
            chunk = conn.recv(65536)
            if not chunk:
                raise ValueError("request cut short")
            data += chunk
        request = json.loads(data)
        argv, env, cwd = list(request["argv"]), dict(request["env"]), str(request["cwd"])
        ready_r, ready_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the kernel: never returns to this loop
            code = 1
            try:
                os.close(ready_r)
                self.listener.close()
                conn.close()
                os.setsid()  # its own session and process group, as jupyter_client gives a kernel
                os.write(ready_w, b"1")
                os.close(ready_w)
                code = become_kernel(argv, env, cwd)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:  # noqa: BLE001 - report it as a failed kernel would
                traceback.print_exc()
            finally:
                try:
                    atexit._run_exitfuncs()  # what a kernel's interpreter runs at exit (saves flushed)
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(code)
        self.children.add(pid)
        os.close(ready_w)
        os.read(ready_r, 1)  # the child has its own process group before its pid is handed out
        os.close(ready_r)
        conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")

    def stop(self, code: int) -> None:
        for pid in list(self.children):
            try:
                os.killpg(pid, signal.SIGTERM)
            except OSError:
                pass
        deadline = time.monotonic() + 3
        while self.children and time.monotonic() < deadline:
            time.sleep(0.1)
            self.reap()
        for pid in list(self.children):
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.unlink(self.socket_path)
        except OSError:
            pass
        os._exit(code)


def become_kernel(argv: list[str], env: dict[str, str], cwd: str) -> int:
    """In the forked child: take the kernel's environment and folder, then run ipykernel.

    The preloaded objects stay frozen (``gc.freeze``), so the collector never writes to their
    pages and they stay shared with the fork server."""
    for sig in (signal.SIGCHLD, signal.SIGTERM):  # SIGPIPE stays ignored, as Python starts with it
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # interrupting a cell raises KeyboardInterrupt
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    import random

    random.seed()  # never the same sequence as a sibling
    if env.get("JPY_PARENT_PID", "").isdigit():
        # ipykernel reads this variable when it is imported, which was in the fork server
        argv = [*argv, f"--IPKernelApp.parent_handle={env['JPY_PARENT_PID']}"]
    sys.argv = [sys.executable, *argv]
    sys.path[0] = cwd  # as `python -m ipykernel_launcher` run in the notebook's folder has it
    from ipykernel import kernelapp

    app = kernelapp.IPKernelApp.instance()  # what launch_new_instance does, with one step between
    app.initialize(argv)
    after_kernel_init()
    app.start()
    return 0


def after_kernel_init() -> None:
    """Run what preloaded modules would have done on import inside a running kernel.

    ipywidgets registers its comm targets when it is imported under IPython; in the fork
    server there was no IPython yet, so without this the browser's widgets never connect
    ('Loading widget...')."""
    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:
        widgets._handle_ipython()


def main(argv: list[str] | None = None) -> None:
    """``python -m svkit.kernelfork SOCKET READY_FD``: preload, write 'ready' to READY_FD, serve."""
    args = sys.argv[1:] if argv is None else argv
    socket_path, ready_fd = args[0], int(args[1])
    failed = preload()
    server = ForkServer(socket_path)
    if threading.active_count() > 1:  # forking a process with threads copies half-held locks
        print("svkit: the kernel fork server has threads after preloading; kernels start as before",
              file=sys.stderr, flush=True)
        server.stop(3)
    os.write(ready_fd, json.dumps({"ready": True, "failed": failed}).encode() + b"\n")
    os.close(ready_fd)  # kernels never hold the server's pipe
    server.serve_forever(sys.stdin)


# -- the server side -------------------------------------------------------------------------------


class ForkServerProcess:
    """The fork server as ``svkit serve`` runs it: started, waited for, and gone with the server."""

    def __init__(self, timeout: float = 120):
        self.folder = tempfile.mkdtemp(prefix="svkit-fork-")
        self.socket_path = os.path.join(self.folder, "kernels.sock")
        # stdin is the server's pipe: when the server goes, the fork server sees it close.
        # stdout and stderr are the server's own, as a kernel started by jupyter_client has them.
        ready_r, ready_w = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "svkit.kernelfork", self.socket_path, str(ready_w)],
                stdin=subprocess.PIPE, pass_fds=(ready_w,), env=dict(os.environ), start_new_session=True,
            )
        finally:
            os.close(ready_w)
        with os.fdopen(ready_r, "rb") as ready:
            line = _readline(ready, timeout)
        try:
            status = json.loads(line) if line else {}
        except ValueError:
            status = {}
        if not status.get("ready"):
            self.stop()
            raise OSError("the kernel fork server did not start")
        self.failed: list[str] = list(status.get("failed", []))

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.process.stdin.close()
                self.process.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
        try:
            os.unlink(self.socket_path)
        except OSError:
            pass
        try:
            os.rmdir(self.folder)
        except OSError:
            pass


def _readline(stream, timeout: float) -> bytes:
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline() if ready else b""


def start_fork_server(announce=print) -> ForkServerProcess | None:
    """Start the fork server and point this process's kernels at it; None (kernels start as
    before) where it cannot run."""
    if not can_fork():
        return None
    try:
        server = ForkServerProcess()
    except OSError as exc:
        announce(f"svkit: kernels start one by one ({exc})")
        return None
    os.environ[SOCKET_ENV] = server.socket_path
    if server.failed:
        log.warning("the kernel fork server could not preload: %s", ", ".join(server.failed))
    return server


def can_fork() -> bool:
    return hasattr(os, "fork") and hasattr(os, "pidfd_open") and sys.platform.startswith("linux")


class ForkedKernel:
    """A ``Popen``-like handle on a kernel forked by the fork server (not this process's child)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:
            self._pidfd = None
            self.returncode = 0

    def _exited(self, timeout_ms: int | None) -> bool:
        # poll(), not select(): a server with a room's kernels has well over 1,024 descriptors
        poller = select.poll()
        poller.register(self._pidfd, select.POLLIN)
        return bool(poller.poll(timeout_ms))

    def poll(self) -> int | None:
        if self.returncode is None and self._pidfd is not None and self._exited(0):
            self._ended()
        return self.returncode

    def _ended(self) -> None:
        # The fork server, its parent, collects the exit status and logs unusual ones.
        self.returncode = 0
        os.close(self._pidfd)
        self._pidfd = None

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None and self._pidfd is not None:
            if not self._exited(None if timeout is None else int(timeout * 1000)):
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            self._ended()
        return self.returncode  # type: ignore[return-value]

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class ForkProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, launching through the fork server when it can."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        socket_path = os.environ.get(SOCKET_ENV)
        argv = kernel_argv(cmd)
        extra = set(LocalProvisioner._scrub_kwargs(kwargs)) - {"env", "cwd"}
        if not socket_path or argv is None or extra or not can_fork():
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it (no banner, parent polled)
        cwd = str(kwargs.get("cwd") or Path.cwd())
        try:
            pid = await _ask_for_kernel(socket_path, argv, env, cwd)
        except (OSError, ValueError, asyncio.TimeoutError) as exc:
            log.warning("the kernel fork server did not answer (%s); starting this kernel as before", exc)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(pid)
        self.pid = pid
        self.pgid = pid  # the child called setsid() before its pid was sent
        self.cwd = cwd
        return self.connection_info


async def _ask_for_kernel(socket_path: str, argv: list[str], env: dict, cwd: str) -> int:
    reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(socket_path), 10)
    try:
        writer.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode() + b"\n")
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 30)
    finally:
        writer.close()
    if not line:
        raise ValueError("no answer")
    return int(json.loads(line)["pid"])


if __name__ == "__main__":
    main()
