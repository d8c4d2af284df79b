"""The whole Voila configuration in one place, and the process launch.

``svkit serve`` runs Voila in tree mode over a small folder whose only
children are links to notebooks/ and exercises/, so every app is served at
``/voila/render/notebooks/<name>.ipynb`` or ``/voila/render/exercises/<name>.ipynb``.
See DESIGN.md, 'Serving', for why each setting is what it is.
"""

from __future__ import annotations

import atexit
import errno
import os
import re
import secrets
import shutil
import socket
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from svkit.paths import APP_FOLDERS, TRAINER_FOLDER, kit_home

START_APP = "notebooks/00-start.ipynb"

#: Preheated kernels kept waiting for each lesson: enough for a room arriving at once.
LESSON_POOL_SIZE = 3
#: Preheated kernels for each exercise: people reach exercises a few at a time, and every
#: warm kernel holds about 100-140 MB, so one each keeps a full kit under 4 GB.
EXERCISE_POOL_SIZE = 1
#: People a room is expected to hold: the start app's and the first lesson's pools are this big.
ROOM_SIZE = 30
#: The lesson a room goes to after the start page.
FIRST_LESSON = "notebooks/01-fundamentals.ipynb"
#: A kernel with no page connected to it and no activity for this long is shut down (seconds).
#: Pages give their kernels back themselves when they are left (the shutdown beacon); this is
#: the backstop for pages that vanished without saying so. A kernel whose page is still open is
#: never culled, however long the participant is away.
IDLE_TIMEOUT_SECONDS = 10 * 60
#: How often the culler looks (seconds).
CULL_INTERVAL_SECONDS = 60
#: Memory one open app's kernel may take, for the kernel ceiling (MB; the bench measures 80-140).
KERNEL_MEMORY_MB = 150
#: Share of the machine's available memory the kernels may use together.
KERNEL_MEMORY_SHARE = 0.75
#: The longest one ordinary notebook cell may run (seconds).
CELL_TIMEOUT_SECONDS = 120
#: The largest file a participant may upload (bytes): one limit for the whole kit, the one the
#: tender lab states beside its button. The page refuses a larger file before sending it.
from svkit.tender import UPLOAD_LIMIT_BYTES  # noqa: E402
#: Websocket messages up to this size reach the kernel (an upload travels as base64 inside a
#: JSON message, about 4/3 of its size), so a file just under the limit always arrives.
WEBSOCKET_MAX_MESSAGE_BYTES = 4 * UPLOAD_LIMIT_BYTES
#: Static files Voila may serve from the app folders: images only.
STATIC_FILE_ALLOWLIST = [r".*\.(png|jpg|jpeg|gif|svg|webp)$"]
#: How long the executor waits for a cell's output after the kernel says it is
#: done (seconds). nbclient's default of 4 s is too short when a room arrives at
#: once on a small machine: the output came late, was dropped, and the page
#: never showed its app.
IOPUB_TIMEOUT_SECONDS = 60
#: An app cell builds the app and, in a pooled kernel, first waits for its
#: visitor, which may take hours: it gets no cell timeout.
APP_CELL = re.compile(r"\bbuild_\w+\s*\(")


class ServeError(Exception):
    """The server cannot start; the message is one line for the terminal."""


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"  # address to listen on; 0.0.0.0 for a room network
    port: int = 8866
    db_url: str | None = None  # SQLAlchemy URL of the answer store; default_url() if None
    pool_size: int = LESSON_POOL_SIZE  # preheated kernels per lesson (0 turns preheating off)
    exercise_pool_size: int = EXERCISE_POOL_SIZE  # preheated kernels per exercise
    idle_timeout: int = IDLE_TIMEOUT_SECONDS  # seconds
    cull_interval: int = CULL_INTERVAL_SECONDS  # seconds
    cell_timeout: int = CELL_TIMEOUT_SECONDS  # seconds
    open_browser: bool = False
    room: int = ROOM_SIZE  # people expected at once: the start app's and first lesson's pools
    max_kernels: int | None = None  # kernel ceiling; derived from the machine's memory if None
    fork_kernels: bool = True  # kernels forked from a warm parent (svkit/kernelfork.py); False: one by one
    extra_folder: Path | None = None  # benchmarks and tests: also serve DIR's notebooks under /voila/render/<DIR name>/


def cell_timeout_for(seconds: int):
    """The per-cell timeout rule handed to nbclient: none for the app cell."""

    def timeout_func(cell) -> int | None:
        source = cell.get("source", "") if hasattr(cell, "get") else ""
        return None if APP_CELL.search(source) else seconds

    return timeout_func


def connect_host(host: str) -> str:
    """The address a kernel on this machine uses to reach the server."""
    return "127.0.0.1" if host in ("", "0.0.0.0", "::") else host


def start_url(host: str, port: int, query: str = "") -> str:
    """The start app's URL as a browser on this machine (or the room) should open it."""
    shown = connect_host(host) if host in ("", "0.0.0.0", "::") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    url = f"http://{shown}:{port}/voila/render/{START_APP}"
    return f"{url}?{query}" if query else url


def make_site_root(home: Path | None = None, extra_folder: Path | None = None) -> Path:
    """A temporary folder whose only children are notebooks/ and exercises/.

    Each holds a link to every app notebook of the kit. The folders are real
    (links to files, not to folders) because Voila finds the notebooks to
    preheat with ``Path.rglob``, which does not enter linked folders.
    Notebooks added while the server runs appear after a restart.
    """
    home = home or kit_home()
    root = Path(tempfile.mkdtemp(prefix="svkit-site-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    for folder in (*APP_FOLDERS, TRAINER_FOLDER):  # trainer/: the console and projector (keyed)
        source = home / folder
        if not source.is_dir():
            raise ServeError(f"The kit's {folder}/ folder is missing at {source}.")
        (root / folder).mkdir()
        for notebook in sorted(source.glob("*.ipynb")):
            (root / folder / notebook.name).symlink_to(notebook)
    if extra_folder is not None:
        extra = Path(extra_folder).resolve()
        if extra.name in (*APP_FOLDERS, TRAINER_FOLDER):
            raise ServeError(f"The extra folder cannot be called {extra.name}/.")
        (root / extra.name).mkdir()
        for notebook in sorted(extra.glob("*.ipynb")):
            (root / extra.name / notebook.name).symlink_to(notebook)
    return root


def kernel_pools(root: Path, opts: ServeOptions) -> dict:
    """Pool sizes: every lesson in notebooks/ (and an extra folder's notebooks,
    so a benchmark reference is served like a lesson) gets ``opts.pool_size``;
    every exercise ``opts.exercise_pool_size``. These are the sizes pools return to;
    the start app and the first lesson are warmed for the room's arrival on top
    (:func:`arrival_pools`)."""
    pools: dict = {"default": {"pool_size": 0}}
    sizes = {"notebooks": opts.pool_size, "exercises": opts.exercise_pool_size,
             TRAINER_FOLDER: 0}  # one trainer: a plain kernel, no warm pool held for them
    if opts.extra_folder:
        sizes[Path(opts.extra_folder).resolve().name] = opts.pool_size
    for folder, size in sizes.items():
        for nb in sorted((root / folder).glob("*.ipynb")):
            pools[f"{folder}/{nb.name}"] = {"pool_size": size}
    return pools


def arrival_pools(pools: dict, opts: ServeOptions) -> dict[str, int]:
    """Kernels kept warm for the room's arrival: the start app and the first lesson, one for
    each person expected (``opts.room``). They go back to their usual size once that many have
    been handed out, when the room is sent to another app, or after three hours."""
    if opts.pool_size <= 0:
        return {}
    return {app: max(opts.room, pools[app]["pool_size"]) for app in (START_APP, FIRST_LESSON) if app in pools}


def fill_order(pools: dict) -> list[str]:
    """Which pools the keeper fills first: the start app, the first lesson, the other lessons,
    then the exercises, so the first person to arrive is not kept waiting behind them all."""
    apps = [name for name in pools if name != "default"]
    first = [app for app in (START_APP, FIRST_LESSON) if app in apps]
    lessons = sorted(a for a in apps if a.startswith("notebooks/") and a not in first)
    return first + lessons + sorted(a for a in apps if a not in first and a not in lessons)


def available_memory_mb() -> int | None:
    """The machine's available memory (MB), from /proc/meminfo; None where there is none."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def kernel_ceiling(opts: ServeOptions, memory_mb: int | None = None) -> int:
    """The most kernel processes the server runs at once: ``--max-kernels``, or the share of
    available memory (:data:`KERNEL_MEMORY_SHARE`) divided by :data:`KERNEL_MEMORY_MB`."""
    if opts.max_kernels is not None:
        return opts.max_kernels
    memory_mb = available_memory_mb() if memory_mb is None else memory_mb
    if not memory_mb:
        return 100
    return max(4, int(memory_mb * KERNEL_MEMORY_SHARE // KERNEL_MEMORY_MB))


def kernel_ipython_dir() -> Path:
    """An IPython folder for app kernels: no history database, no completer.

    IPython keeps one SQLite history file for every kernel on the machine; when a room's
    kernels start together they lock it, and 'The history saving thread hit an unexpected
    error (database is locked)' was printed at the top of participants' pages. App kernels
    never need history.
    """
    folder = Path(tempfile.mkdtemp(prefix="svkit-ipython-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    profile = folder / "profile_default"
    profile.mkdir()
    (profile / "ipython_kernel_config.py").write_text(KERNEL_IPYTHON_CONFIG)
    return folder


KERNEL_IPYTHON_CONFIG = """# Written by svkit serve for app kernels (svkit/server.py).
c.HistoryManager.enabled = False
c.Completer.use_jedi = False
c.IPKernelApp.capture_fd_output = False
"""


def voila_config(root: Path, opts: ServeOptions):
    """The traitlets Config for Voila: every serving setting from DESIGN.md."""
    from traitlets.config import Config

    c = Config()
    c.Voila.root_dir = str(root)
    c.Voila.ip = opts.host
    c.Voila.port = opts.port
    c.Voila.port_retries = 0  # fail rather than silently move to another port
    c.Voila.open_browser = opts.open_browser
    from svkit.roomserver import SECURITY_HEADERS

    c.Voila.tornado_settings = {
        "websocket_max_message_size": WEBSOCKET_MAX_MESSAGE_BYTES,
        "headers": dict(SECURITY_HEADERS),  # every page and API answer carries them
    }

    vc = c.VoilaConfiguration
    vc.strip_sources = True
    vc.show_tracebacks = False  # tracebacks go to the server log only
    vc.allow_template_override = "NO"
    vc.allow_theme_override = "NO"
    vc.file_allowlist = STATIC_FILE_ALLOWLIST
    vc.progressive_rendering = False  # cannot be combined with preheating
    preheat = opts.pool_size > 0 or opts.exercise_pool_size > 0
    vc.preheat_kernel = preheat
    vc.default_pool_size = 0
    if preheat:
        c.VoilaKernelManager.kernel_pools_config = kernel_pools(root, opts)
        c.VoilaKernelManager.fill_delay = 0.5

    km = c.MappingKernelManager
    if os.name == "posix":
        # Kernels talk to the server over IPC (Unix sockets in Voila's private temp folder) rather
        # than TCP. With dozens of pooled kernels starting together, a TCP port picked for one kernel
        # was sometimes taken before the kernel bound it ('Address already in use'); the restarter
        # retried the same ports, the kernel died, and the visitor given that pooled kernel waited
        # for a page that never came. Windows has no IPC transport and keeps TCP.
        c.KernelManager.transport = "ipc"
    km.cull_idle_timeout = opts.idle_timeout
    km.cull_interval = opts.cull_interval
    km.cull_connected = False  # never the kernel of a tab still open
    km.cull_busy = False  # a pooled kernel waiting for its visitor is busy, not idle

    c.VoilaExecutor.timeout = opts.cell_timeout
    c.VoilaExecutor.iopub_timeout = IOPUB_TIMEOUT_SECONDS
    c.VoilaExecutor.timeout_func = cell_timeout_for(opts.cell_timeout)
    return c


def check_port(host: str, port: int) -> None:
    """Raise ServeError when the port cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(
                    f"Port {port} is already in use (is the kit already running?). Try --port {port + 1}."
                ) from exc
            if exc.errno == errno.EACCES:
                raise ServeError(f"Not allowed to listen on port {port}; choose a port above 1024.") from exc
            raise ServeError(f"Cannot listen on {host}:{port} ({exc.strerror}).") from exc


def prepare(opts: ServeOptions) -> str:
    """Everything that can fail before Voila starts; return the store URL."""
    from svkit import content
    from svkit.store import AnswerStore, default_url

    check_port(opts.host, opts.port)
    try:
        content.load()
    except content.ContentError as exc:
        raise ServeError(f"The kit's data has a problem: {exc}. Run 'svkit check-data' for the full list.") from exc
    url = opts.db_url or default_url()
    store = AnswerStore(url)
    try:
        store.check_writable()
    finally:
        store.dispose()
    return url


def write_server_key(port: int) -> str:
    """A fresh key for the trainer's own commands (``svkit room warm``), in a file only this
    user can read; the room never sees it."""
    from svkit.roomserver import trainer_secret_path

    key = secrets.token_urlsafe(32)
    path = trainer_secret_path(port)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    atexit.register(lambda: path.unlink(missing_ok=True))
    return key


def serve(opts: ServeOptions, announce=print) -> None:
    """Check, then run Voila in this process until it is stopped."""
    from svkit.roomserver import QUERY_SECRET_ENV, RoomSettings, room_voila_class

    db_url = prepare(opts)  # raises ServeError / StoreError with a one-line message
    root = make_site_root(extra_folder=opts.extra_folder)
    os.environ["SVKIT_DB_URL"] = db_url  # kernels inherit it
    os.environ["SVKIT_HOME"] = str(kit_home())
    os.environ["VOILA_APP_IP"] = connect_host(opts.host)  # where pooled kernels find the server
    os.environ["IPYTHONDIR"] = str(kernel_ipython_dir())
    query_secret = secrets.token_urlsafe(32)
    os.environ[QUERY_SECRET_ENV] = query_secret  # pooled kernels show it to read their visitor's request
    config = voila_config(root, opts)
    if opts.fork_kernels:
        from svkit.kernelfork import PROVISIONER_NAME, start_fork_server

        fork_server = start_fork_server(announce)  # kernels forked from a warm parent (svkit/kernelfork.py)
        if fork_server is not None:
            atexit.register(fork_server.stop)
            config.KernelProvisionerFactory.default_provisioner_name = PROVISIONER_NAME
    pools = kernel_pools(root, opts)
    ceiling = kernel_ceiling(opts)
    room_voila = room_voila_class()
    room_voila.room_settings = RoomSettings(
        base={k: v["pool_size"] for k, v in pools.items() if k != "default"},
        arrival=arrival_pools(pools, opts), priority=fill_order(pools), room=opts.room, max_kernels=ceiling, announce=announce,
    )
    room_voila.store_url = db_url
    room_voila.server_key = write_server_key(opts.port)
    room_voila.query_secret = query_secret
    announce(f"svkit: answers are stored in {db_url}")
    announce(f"svkit: room of {opts.room}; at most {ceiling} kernels at once")
    announce(f"svkit: open the start app at {start_url(opts.host, opts.port)}")
    room_voila.launch_instance(argv=[], config=config)
