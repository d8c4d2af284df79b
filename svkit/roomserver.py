"""Voila, extended for a room: pools that follow the room, a kernel ceiling, kernels given back.

``svkit serve`` runs :class:`RoomVoila`, the standalone Voila app with these changes, all made in
this process (Voila's own code is not patched on disk):

- **Pools follow the room** (:class:`RoomPools`, mixed into Voila's preheating kernel manager).
  One keeper, run every half second, starts pooled kernels in priority order (the start app
  first, then the first lesson, then the rest), at most :data:`MAX_STARTING` at a time so a
  cold start shares the two cores with as few others as possible. Visitors who find a pool
  empty wait in one queue and are handed kernels in arrival order. A pool can be warmed to the
  room's size for a while (:meth:`RoomPools.warm`, the 'send the room on' hook) and shrinks back
  when the warm window ends.
- **A pooled kernel that has died is never handed out**: the keeper and the hand-out both check
  that the kernel's process is the one that ran the app, and still alive.
- **A ceiling**: past ``max_kernels`` a visitor gets a plain 'the room is full' page that
  retries by itself (:data:`ROOM_FULL_PAGE`), not a swapping laptop. Kernels kept warm count
  against it, but a person comes before them: at the ceiling, a warm pooled kernel of another
  app is given up to seat the visitor (:meth:`RoomPools.make_room`), so the page is refused
  only when every kernel is someone's page.
- **Kernels given back**: app pages set the ``_xsrf`` cookie, so the page's own shutdown beacon
  (sent when a participant leaves or follows a link) is accepted with XSRF protection still on
  (voila-dashboards/voila#1458). Culling is only the backstop, for kernels with no page.
- **The request socket is the kernel's alone** (:class:`KernelRequestSocket`): loopback only,
  with the server's secret, first connection only, and a delivered request is not kept.
- **Logs carry no tokens or kernel ids** (:func:`log_request`, :class:`RedactingFilter`).
- **Room-mode headers** (``Referrer-Policy: no-referrer``, a Content-Security-Policy) and a
  404, never a 500, for odd paths.
"""

from __future__ import annotations

import asyncio
import contextvars
import hmac
import ipaddress
import json
import logging
import os
import re
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tornado.web
from tornado.ioloop import PeriodicCallback

log = logging.getLogger("svkit.room")

#: Pooled kernels being started at once. Two cores: more at once only makes each one later.
MAX_STARTING = 2
#: How often the keeper looks at the pools (milliseconds).
KEEPER_INTERVAL_MS = 500
#: After a page request, pools are not refilled for this long unless someone is waiting, so the
#: cores serve the people arriving (seconds).
QUIET_AFTER_REQUEST_SECONDS = 2.0
#: A visitor waits at most this long in the queue before the 'room is full' page (seconds).
QUEUE_WAIT_SECONDS = 90
#: How long a warmed pool stays at the room's size (seconds).
WARM_SECONDS = 15 * 60
#: How long the start app and the first lesson stay warm for the room's arrival (seconds), unless
#: the room has arrived (as many kernels handed out as were warmed) or has been sent elsewhere.
ARRIVAL_SECONDS = 3 * 60 * 60
#: A pooled kernel still not warm after this long is counted as warm anyway (seconds).
WARMING_SECONDS = 30
# The secret a pooled kernel shows to read its request, and the header it sends it in.
from svkit.session import QUERY_SECRET_ENV, QUERY_SECRET_HEADER  # noqa: E402

#: Set for the duration of one page request: the pool entry reserved for it.
_RESERVED: contextvars.ContextVar = contextvars.ContextVar("svkit_reserved_pool_entry", default=None)

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_TOKENISH = re.compile(r"((?<![\w-])(?:p|ws|k|token|_xsrf)=)[^&\s'\"]+")


def redact(text: str) -> str:
    """``text`` with kernel ids and identity query values replaced (for the server log)."""
    return _TOKENISH.sub(r"\1…", _UUID.sub("<kernel>", text))


class RedactingFilter(logging.Filter):
    """Rewrites each record so that no kernel id or participant token reaches a log.

    On a logger (``owner``), records below every one of its handlers' levels are left alone:
    no handler will write them, and formatting them is costly (nbclient logs every kernel
    message's content at debug level, which cost the server a fifth of its time while a room
    arrived). The handlers carry the filter too, so whatever is written is redacted.
    """

    def __init__(self, owner: logging.Logger | None = None):
        super().__init__()
        self.owner = owner

    def filter(self, record: logging.LogRecord) -> bool:
        if self.owner is not None and self.owner.handlers and record.levelno < min(
                h.level for h in self.owner.handlers):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def install_log_redaction(*extra: logging.Logger) -> None:
    """Put the filter on every handler that exists now (root, Voila's, tornado's, and ``extra``)."""
    names = ["", "Voila", "tornado", "tornado.access", "tornado.application", "tornado.general", "ServerApp"]
    filt = RedactingFilter()
    for logger in [*(logging.getLogger(name) for name in names), *extra]:
        if not any(isinstance(f, RedactingFilter) for f in logger.filters):
            logger.addFilter(RedactingFilter(owner=logger))
        for handler in logger.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(filt)


def log_request(handler) -> None:
    """Tornado's access log line without the query string or kernel ids.

    jupyter_server's own logger writes the full URI of every failed request, which puts
    participant tokens (``?p=``) into the trainer's terminal and log files.
    """
    status = handler.get_status()
    request = handler.request
    if status < 300 or status == 304:
        method = log.debug
    elif status < 400:
        method = log.info
    elif status < 500:
        method = log.warning
    else:
        method = log.error
    method("%d %s %s %.0fms", status, request.method, redact(request.path), 1000.0 * request.request_time())


# -- room-mode headers ---------------------------------------------------------
#: What the pages must be allowed, and why:
#: - scripts from the kit's own server, plus inline and eval'd code: Voila's page template has
#:   inline scripts, and widget outputs of type application/javascript (the kit's accessibility
#:   script, the URL writer) are run by the widget manager with eval;
#: - inline styles: ipywidgets sets style attributes and the kit's stylesheet is a <style> block;
#: - images from data: URIs: charts are inline PNG/SVG; downloads are data: links (navigation);
#: - connections to the same origin only (the kernel websockets and the heartbeat check).
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


ROOM_FULL_PAGE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{seconds}">
<title>The room is full: this page will open in a moment</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;
line-height:1.5;color:#1a1a1a}}</style></head>
<body><main><h1>The room is full</h1>
<p role="status">Everyone is arriving at once. This page will open in a moment: it tries again by
itself every {seconds} seconds. There is no need to reload it.</p></main></body></html>
"""

NOT_FOUND_PAGE = """<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Page not found</title></head>
<body><main><h1>Page not found</h1><p>There is no page at this address.
Go back to the start page your trainer gave you.</p></main></body></html>
"""


# -- pools ------------------------------------------------------------------------
@dataclass
class RoomSettings:
    """What the room's pools should look like (set by ``svkit serve``)."""

    base: dict[str, int] = field(default_factory=dict)  # notebook -> pooled kernels kept warm
    arrival: dict[str, int] = field(default_factory=dict)  # notebook -> kernels warm for the room's arrival
    priority: list[str] = field(default_factory=list)  # notebooks filled first, in this order
    room: int = 30  # people expected; a warmed pool grows to this
    max_kernels: int = 150  # the ceiling on kernel processes
    max_starting: int = MAX_STARTING
    announce: Any = print  # where 'ready for the room' lines go


def _pid_of(km) -> int | None:
    """The OS process id of a kernel manager's kernel, or None when it has none."""
    provisioner = getattr(km, "provisioner", None)
    process = getattr(provisioner, "process", None)
    if process is None:
        return None
    if process.poll() is not None:
        return None
    return process.pid


class RoomPools:
    """Mixed into Voila's ``VoilaKernelManager``: pools that follow the room. See the module docs."""

    room: RoomSettings

    def __init__(self, **kwargs):
        self.room = ROOM_SETTINGS.get() or RoomSettings()
        self._targets: dict[str, int] = dict(self.room.base)
        self._warm_until: dict[str, float] = {}
        self._waiters: deque = deque()  # (notebook, future) in arrival order
        self._ready_pid: dict[str, int] = {}  # kernel id -> pid of the process that ran the app
        self._last_request = 0.0
        self._announced: set[str] = set()
        self._keeper_fill = False
        self._started_at: dict[int, float] = {}
        self._unconnected_since: dict[str, float] = {}
        self._handed: set[str] = set()  # kernels given to a visitor: only these are culled
        self._first_seen: dict[str, float] = {}
        self._warm_left: dict[str, int] = {}  # kernels still to hand out before a warm window ends
        for notebook, size in self.room.arrival.items():
            if notebook in self._targets:
                self._targets[notebook] = max(self._targets[notebook], size)
                self._warm_until[notebook] = time.monotonic() + ARRIVAL_SECONDS
                self._warm_left[notebook] = size
        super().__init__(**kwargs)  # Voila asks to fill every pool here; the keeper does it instead
        self._keeper = PeriodicCallback(self._keep, KEEPER_INTERVAL_MS)
        self._keeper.start()

    # Voila calls this at start and after each hand-out; only the keeper may fill.
    def fill_if_needed(self, delay=None, notebook_name=None, extra_kernel_env_variables={}, **kwargs):  # noqa: B006
        if not self._keeper_fill:
            return None
        return super().fill_if_needed(delay=0, notebook_name=notebook_name, **kwargs)

    # -- what is in a pool
    def _entries(self, notebook: str) -> list:
        return self._pools.setdefault(notebook, [])

    def _healthy(self, task) -> bool:
        """A pool entry still worth handing out: starting, or ready with its own process alive."""
        if not task.done():
            return True
        if task.cancelled() or task.exception() is not None:
            return False
        kernel_id = task.result()["kernel_id"]
        try:
            km = self.get_kernel(kernel_id)
        except KeyError:
            return False
        pid = _pid_of(km)
        first = self._ready_pid.setdefault(kernel_id, pid) if pid is not None else None
        return pid is not None and pid == first

    def _prune(self) -> None:
        """Drop (and shut down) pool entries whose kernel failed, died or was restarted."""
        for notebook, pool in self._pools.items():
            for task in list(pool):
                if not self._healthy(task):
                    pool.remove(task)
                    log.warning("a pooled kernel of %s died before its visitor came; replacing it", notebook)
                    if task.done() and not task.cancelled() and task.exception() is None:
                        asyncio.ensure_future(self._discard(task.result()["kernel_id"]))

    async def _discard(self, kernel_id: str) -> None:
        self._ready_pid.pop(kernel_id, None)
        try:
            await super().shutdown_kernel(kernel_id, now=True)
        except Exception:  # already gone
            log.debug("discarding a dead pooled kernel failed", exc_info=True)

    def _warming(self, task) -> bool:
        """True while a pooled kernel is still starting or running its app up to the visitor wait.

        A kit app is warm once its kernel has connected to the request socket to wait for its
        visitor; a notebook that does not wait (the bench reference) once it has run to the end.
        Anything older than :data:`WARMING_SECONDS` counts as warm, so a stuck one cannot stop
        the keeper.
        """
        if not task.done():
            return True
        if task.cancelled() or task.exception() is not None:
            return False
        content = task.result()
        if content["kernel_id"] in REQUEST_WAITERS or content["task"].done():
            return False
        return time.monotonic() - self._started_at.get(id(task), 0.0) < WARMING_SECONDS

    def _warm(self, task) -> bool:
        return task.done() and not self._warming(task) and self._healthy(task)

    def starting(self) -> int:
        """Pooled kernels using CPU to get warm."""
        return sum(1 for pool in self._pools.values() for task in pool if self._warming(task))

    def kernel_count(self) -> int:
        """Kernel processes running or being started."""
        pending = sum(1 for pool in self._pools.values() for task in pool if not task.done())
        return len(self.list_kernel_ids()) + pending

    def at_ceiling(self) -> bool:
        return self.kernel_count() >= self.room.max_kernels

    def pooled(self, notebook: str) -> bool:
        return notebook in self._targets

    def status(self, notebook: str) -> dict:
        """How warm one app is: ready, starting, target and people waiting."""
        pool = self._entries(notebook)
        ready = sum(1 for t in pool if self._warm(t))
        return {
            "app": notebook,
            "ready": ready,
            "starting": sum(1 for t in pool if self._warming(t)),
            "target": self._targets.get(notebook, 0),
            "waiting": sum(1 for nb, fut in self._waiters if nb == notebook and not fut.done()),
            "kernels": self.kernel_count(),
            "max_kernels": self.room.max_kernels,
        }

    # -- the hook for 'send the room on'
    def warm(self, notebook: str, size: int | None = None, seconds: float = WARM_SECONDS) -> dict:
        """Grow ``notebook``'s pool to ``size`` (the room by default) for ``seconds``."""
        if notebook not in self._targets:
            raise KeyError(notebook)
        want = max(self.room.base.get(notebook, 0), size if size is not None else self.room.room)
        # the room is moving here: pools warmed for it elsewhere go back to their usual size
        for other in list(self._warm_until):
            if other != notebook and other != (self.room.priority[:1] or [None])[0]:
                self._end_warm(other)
        self._targets[notebook] = want
        self._warm_until[notebook] = time.monotonic() + seconds
        self._warm_left[notebook] = want
        log.info("warming %s to %d kernels", notebook, want)
        return self.status(notebook)

    def _end_warm(self, notebook: str) -> None:
        self._warm_until.pop(notebook, None)
        self._warm_left.pop(notebook, None)
        self._targets[notebook] = self.room.base.get(notebook, 0)

    # -- hand-out
    def take(self, notebook: str):
        """Pop a healthy pool entry for a visitor (ready ones first), or None."""
        self._last_request = time.monotonic()
        self._prune()
        if notebook in self._warm_left:  # the room is arriving: once it has, the pool shrinks back
            self._warm_left[notebook] -= 1
            if self._warm_left[notebook] <= 0:
                self._end_warm(notebook)
        pool = self._entries(notebook)
        for ready in (self._warm, lambda t: t.done()):
            for task in pool:
                if ready(task):
                    pool.remove(task)
                    return task
        if pool:
            return pool.pop(0)  # still starting: waiting for it beats starting another
        return None

    async def make_room(self, notebook: str) -> bool:
        """At the ceiling, give up one warm pooled kernel of another app so one can start for a
        visitor to ``notebook``: a person comes before a kernel kept for someone who may come.

        The kernel comes from the pool furthest above its usual size (a warm window for a room
        that has moved on), else from the longest pool. False, and nothing is shut down, when no
        other app has a warm kernel waiting: every kernel is someone's page, and the room is full.
        """
        candidates = [(len(pool) - self.room.base.get(other, 0), len(pool), other, task)
                      for other, pool in self._pools.items() if other != notebook
                      for task in pool if self._warm(task)]
        if not candidates:
            return False
        *_, other, task = max(candidates, key=lambda c: (c[0], c[1]))
        self._entries(other).remove(task)
        log.info("at the ceiling: a warm kernel of %s is given up for a visitor to %s", other, notebook)
        await self._discard(task.result()["kernel_id"])
        return True

    def enqueue(self, notebook: str) -> asyncio.Future:
        fut = asyncio.get_event_loop().create_future()
        self._waiters.append((notebook, fut))
        self._keep()  # start one for them now
        return fut

    def give_back(self, notebook: str, task) -> None:
        """A reserved entry whose visitor left before using it goes back to the front of the pool."""
        if task is not None and self._healthy(task):
            self._entries(notebook).insert(0, task)

    def get_pool_size(self, notebook_name: str) -> int:
        if _RESERVED.get() is not None:
            return 1
        return len(self._entries(notebook_name))

    async def get_rendered_notebook(self, notebook_name: str, extra_kernel_env_variables: dict = {}, **kwargs):  # noqa: B006
        task = _RESERVED.get() or self.take(notebook_name)
        if task is None:
            raise RuntimeError(f"no pooled kernel for {notebook_name}")
        content = await task
        renderer = content["renderer"]
        renderer.stop_generator = True
        kernel_id = content["kernel_id"]
        self._ready_pid.pop(kernel_id, None)
        self._handed.add(kernel_id)
        log.info("using a pooled kernel for %s", notebook_name)
        return content["task"], renderer.rendered_cache, kernel_id

    async def shutdown_kernel(self, kernel_id: str, *args, **kwargs):
        self._ready_pid.pop(kernel_id, None)
        self._unconnected_since.pop(kernel_id, None)
        self._handed.discard(kernel_id)
        self._first_seen.pop(kernel_id, None)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)

    async def cull_kernel_if_idle(self, kernel_id: str):
        """The backstop for pages that vanished: shut down a kernel that has had no page
        connected for ``cull_idle_timeout`` seconds and is not busy.

        Idleness is judged by connections, not by messages: a page's kernel sends a heartbeat
        every few seconds whether or not anyone is connected, and a kernel whose tab is still
        open is never culled, however long its participant is away.
        """
        if kernel_id not in self._kernels:
            return None
        for pool in self._pools.values():
            if any(t.done() and not t.cancelled() and t.exception() is None
                   and t.result()["kernel_id"] == kernel_id for t in pool):
                return None  # waiting for its visitor
        now = time.monotonic()
        first_seen = self._first_seen.setdefault(kernel_id, now)
        if kernel_id not in self._handed and now - first_seen < 2 * self.cull_idle_timeout:
            return None  # pooled (starting, or waiting for its visitor): the pools look after it
        busy = getattr(self._kernels[kernel_id], "execution_state", "") in ("busy", "starting")
        if self._kernel_connections.get(kernel_id, 0) > 0 or (busy and not self.cull_busy):
            self._unconnected_since.pop(kernel_id, None)  # a page is on it, or it is still rendering
            return None
        since = self._unconnected_since.setdefault(kernel_id, now)
        if now - since >= self.cull_idle_timeout:
            log.info("shutting down a kernel whose page has gone (no connection for %.0f s)", now - since)
            await self.shutdown_kernel(kernel_id)
        return None

    # -- the keeper
    def _fill_one(self, notebook: str) -> None:
        pool = self._entries(notebook)
        config = dict(self.kernel_pools_config.get(notebook, {}))
        self.kernel_pools_config[notebook] = {**config, "pool_size": len(pool) + 1}
        before = len(pool)
        self._keeper_fill = True
        try:
            super().fill_if_needed(delay=0, notebook_name=notebook)
            for task in pool[before:]:
                self._started_at[id(task)] = time.monotonic()
        finally:
            self._keeper_fill = False
            self.kernel_pools_config[notebook] = {**config, "pool_size": self._targets.get(notebook, 0)}

    def _keep(self) -> None:
        try:
            self._keep_once()
        except Exception:  # the keeper must never stop
            log.exception("the pool keeper failed once")

    def _keep_once(self) -> None:
        now = time.monotonic()
        self._prune()
        # hand warm kernels to people waiting, first come first served. Only warm ones: a kernel
        # still running its app counts against max_starting while it is in the pool, so a crowd
        # arriving together is warmed a few at a time and served in arrival order, instead of
        # every kernel running at once and every visitor waiting for the last.
        while self._waiters:
            notebook, fut = self._waiters[0]
            if fut.done():
                self._waiters.popleft()
                continue
            pool = self._entries(notebook)
            ready = next((t for t in pool if self._warm(t)), None)
            if ready is None:
                break
            pool.remove(ready)
            self._waiters.popleft()
            fut.set_result(ready)
        # warm windows that have ended
        for notebook, until in list(self._warm_until.items()):
            if now >= until:
                self._end_warm(notebook)
        # shrink one surplus kernel per tick
        for notebook, target in self._targets.items():
            pool = self._entries(notebook)
            waiting = sum(1 for nb, fut in self._waiters if nb == notebook and not fut.done())
            ready = [t for t in pool if t.done()]
            if len(pool) > target + waiting and ready:
                task = ready[-1]
                pool.remove(task)
                asyncio.ensure_future(self._discard(task.result()["kernel_id"]))
                break
        # start kernels: for people waiting first (in arrival order), then, when nobody has
        # arrived for a moment, the pools by priority
        waiting: dict[str, int] = {}
        for notebook, fut in self._waiters:
            if not fut.done():
                waiting[notebook] = waiting.get(notebook, 0) + 1
        wants = list(waiting)
        if now - self._last_request >= QUIET_AFTER_REQUEST_SECONDS:
            wants += [nb for nb in self.room.priority if nb in self._targets]
            wants += sorted(self._targets)
        for notebook in dict.fromkeys(wants):
            need = self._targets.get(notebook, 0) + waiting.get(notebook, 0)
            while len(self._entries(notebook)) < need:
                if self.starting() >= self.room.max_starting or self.at_ceiling():
                    break
                before = len(self._entries(notebook))
                self._fill_one(notebook)
                if len(self._entries(notebook)) <= before:  # Voila started none: try at the next tick
                    break
        self._announce_ready()

    def _announce_ready(self) -> None:
        if not self.room.priority:
            return
        first = self.room.priority[0]
        if first not in self._announced and self.status(first)["ready"] >= self._targets.get(first, 0) > 0:
            self._announced.add(first)
            self.room.announce(f"svkit: ready for the room: {self._targets[first]} start pages are warm")
        if "all" not in self._announced and all(
            self.status(nb)["ready"] >= target for nb, target in self._targets.items()
        ):
            self._announced.add("all")
            self.room.announce("svkit: every app is warm")


#: Voila's request-socket waiters (kernel id -> socket): a kit kernel in it is warm.
try:
    from voila.request_info_handler import RequestInfoSocketHandler as _RequestInfo

    REQUEST_WAITERS = _RequestInfo._waiters
except ImportError:  # pragma: no cover - Voila is a dependency
    REQUEST_WAITERS = {}

#: The room settings for the kernel manager about to be made (set by RoomVoila before Voila makes it).
ROOM_SETTINGS: contextvars.ContextVar = contextvars.ContextVar("svkit_room_settings", default=None)


# -- handlers -----------------------------------------------------------------------
def _security_headers(handler: tornado.web.RequestHandler) -> None:
    for name, value in SECURITY_HEADERS.items():
        handler.set_header(name, value)


#: The kit's own copies of assets Voila's page template fetches from public CDNs.
STATIC_DIR = Path(__file__).resolve().parent / "ui" / "static"
LOCAL_ASSETS = {
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/": "svkit/static/fontawesome/css/",
}


def local_assets(html: str, base_url: str = "/") -> str:
    """``html`` with every CDN link the kit ships a copy of pointing at the kit's own server."""
    for remote, local in LOCAL_ASSETS.items():
        html = html.replace(remote, base_url + local)
    return html


def room_render_handler(base):
    """The app page handler: sets the XSRF cookie, queues visitors in arrival order, keeps the ceiling."""

    class RoomRenderHandler(base):
        def write(self, chunk):
            if isinstance(chunk, str) and "cdn." in chunk:
                chunk = local_assets(chunk, self.base_url)
            return super().write(chunk)

        async def get(self, path=None):
            _security_headers(self)
            # Touching the token sets the '_xsrf' cookie. Voila's page reads it when the
            # participant leaves and sends it with the kernel shutdown request, which
            # jupyter_server then accepts (voila#1458); without it the request is refused
            # with 403 and the kernel lives on.
            self.xsrf_token  # noqa: B018
            for name in ("template", "theme"):  # the kit allows no overrides (and a pooled page needs none)
                self.request.arguments.pop(name, None)
                self.request.query_arguments.pop(name, None)
            km = self.kernel_manager
            notebook = (path or "").lstrip("/")
            if not isinstance(km, RoomPools) or not km.pooled(notebook):
                if isinstance(km, RoomPools) and km.at_ceiling() and not await km.make_room(notebook):
                    return self._room_full()
                return await super().get(path)
            task = km.take(notebook)
            if task is None:
                if km.at_ceiling() and not await km.make_room(notebook):
                    return self._room_full()
                fut = km.enqueue(notebook)
                try:
                    task = await asyncio.wait_for(asyncio.shield(fut), QUEUE_WAIT_SECONDS)
                except asyncio.TimeoutError:
                    if fut.done() and not fut.cancelled():
                        km.give_back(notebook, fut.result())
                    else:
                        fut.cancel()
                    return self._room_full()
            if self.request.connection.stream is not None and self.request.connection.stream.closed():
                km.give_back(notebook, task)  # they left while waiting
                return None
            token = _RESERVED.set(task)
            try:
                return await super().get(path)
            finally:
                _RESERVED.reset(token)

        def _room_full(self, seconds: int = 5):
            self.set_status(503)
            self.set_header("Retry-After", str(seconds))
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(ROOM_FULL_PAGE.format(seconds=seconds))

    return RoomRenderHandler


def _is_loopback(ip: str | None) -> bool:
    try:
        return ipaddress.ip_address((ip or "").split("%")[0]).is_loopback
    except ValueError:
        return False


def kernel_request_socket(base, secret: str):
    """Voila's request socket, for the kernel alone (see the module docs)."""

    class KernelRequestSocket(base):
        def prepare(self):
            offered = self.request.headers.get(QUERY_SECRET_HEADER, "")
            if not _is_loopback(self.request.remote_ip) or not hmac.compare_digest(offered, secret):
                raise tornado.web.HTTPError(403)
            return super().prepare() if hasattr(super(), "prepare") else None

        def open(self, kernel_id: str) -> None:
            waiters = base._waiters
            if kernel_id in waiters:  # someone is already waiting for this kernel's visitor
                self.close(code=4409)
                return
            waiters[kernel_id] = self
            payload = base._cache.pop(kernel_id, None)
            if payload is not None:
                self.write_message(payload)

        def on_close(self) -> None:
            waiters = base._waiters
            for kernel_id, waiter in list(waiters.items()):
                if waiter is self:
                    del waiters[kernel_id]

    def send_updates(cls, msg: dict) -> None:
        kernel_id, payload = msg["kernel_id"], msg["payload"]
        waiter = base._waiters.get(kernel_id)
        if waiter is not None:
            try:
                waiter.write_message(payload)
                return
            except Exception:
                log.error("could not hand a pooled kernel its request", exc_info=True)
        base._cache[kernel_id] = payload  # kept only until the kernel asks

    base.send_updates = classmethod(send_updates)
    return KernelRequestSocket


class NotFoundHandler(tornado.web.RequestHandler):
    """Every address the kit does not serve: a plain 404 page."""

    def prepare(self):
        _security_headers(self)
        self.set_status(404)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(NOT_FOUND_PAGE)

    def check_xsrf_cookie(self):  # a POST to nowhere is a 404 too
        return None


def quiet_404(base):
    """A static handler whose failures (traversal, missing files) are 404s, never 500s."""

    class Quiet(base):
        def log_exception(self, typ, value, tb):
            if isinstance(value, tornado.web.HTTPError):
                return super().log_exception(typ, value, tb)
            log.warning("refused %s (%s)", redact(self.request.path), value)  # one line, no traceback

        def write_error(self, status_code, **kwargs):
            if status_code >= 500:
                self.clear()
                self.set_status(404)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.finish(NOT_FOUND_PAGE)

    return Quiet


def trainer_secret_path(port: int) -> Path:
    """Where the server keeps the key that lets the trainer's own commands warm pools."""
    base = Path(os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("XDG_DATA_HOME")
                or Path.home() / ".local" / "share")
    return base / "svkit" / f"server-{port}.key"


class RoomApiHandler(tornado.web.RequestHandler):
    """``/svkit/api/pools`` (GET: status; POST: warm). Only for the trainer.

    A request proves it is the trainer's with ``Authorization: Bearer <key>``, where the key is
    either the server's own (written at start to a file only its user can read; ``svkit room
    warm`` reads it) or a workshop's trainer key with ``workshop`` in the body or query.
    """

    def initialize(self, server_key: str, store_url: str):
        self.server_key = server_key
        self.store_url = store_url

    def check_xsrf_cookie(self):  # authenticated by bearer key, not by cookie
        return None

    def _authorised(self, workshop: str | None) -> bool:
        header = self.request.headers.get("Authorization", "")
        key = header[len("Bearer "):] if header.startswith("Bearer ") else ""
        if not key:
            return False
        if hmac.compare_digest(key, self.server_key):
            return True
        if not workshop:
            return False
        try:
            from svkit.store import AnswerStore

            store = AnswerStore(self.store_url)
            try:
                check = getattr(store, "check_trainer_key", None)
                return bool(check and check(workshop, key))
            finally:
                store.dispose()
        except Exception:
            log.warning("could not check a trainer key", exc_info=True)
            return False

    def _reply(self, status: int, body: dict) -> None:
        _security_headers(self)
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps(body))

    def _request(self) -> dict:
        if self.request.body:
            try:
                data = json.loads(self.request.body)
                return data if isinstance(data, dict) else {}
            except ValueError:
                return {}
        return {k: self.get_argument(k) for k in ("app", "workshop", "size") if self.get_argument(k, None)}

    def _checked(self):
        """The request's data and the pools, or None after replying 403 (not the trainer) or 409."""
        data = self._request()
        if not self._authorised(data.get("workshop")):
            self._reply(403, {"error": "This is for the workshop's trainer."})
            return None
        km = self.settings.get("kernel_manager")
        if not isinstance(km, RoomPools):
            self._reply(409, {"error": "Preheating is off on this server."})
            return None
        return data, km

    def get(self):
        checked = self._checked()
        if checked is None:
            return None
        data, km = checked
        app = data.get("app")
        if app:
            if not km.pooled(app):
                return self._reply(404, {"error": f"No app {app} on this server."})
            return self._reply(200, km.status(app))
        return self._reply(200, {"apps": [km.status(nb) for nb in sorted(km._targets)]})

    def post(self):
        checked = self._checked()
        if checked is None:
            return None
        data, km = checked
        app = str(data.get("app") or "")
        size = data.get("size")
        try:
            size = None if size in (None, "") else int(size)
        except (TypeError, ValueError):
            return self._reply(400, {"error": "size must be a whole number."})
        if size is not None and not (0 <= size <= km.room.max_kernels):
            return self._reply(400, {"error": f"size must be between 0 and {km.room.max_kernels}."})
        seconds = data.get("seconds", WARM_SECONDS)
        try:
            seconds = float(seconds)
        except (TypeError, ValueError):
            return self._reply(400, {"error": "seconds must be a number."})
        if not (1 <= seconds <= 4 * 3600):
            return self._reply(400, {"error": "seconds must be between 1 and 14400."})
        try:
            return self._reply(200, km.warm(app, size, seconds))
        except KeyError:
            return self._reply(404, {"error": f"No app {app} on this server."})


class AliveHandler(tornado.web.RequestHandler):
    """``/svkit/api/alive``: 204. Pages ask it to learn that the server is back."""

    def get(self):
        _security_headers(self)
        self.set_header("Cache-Control", "no-store")
        self.set_status(204)
        self.finish()


class TemplateBytecodeCache:
    """Compiled page templates kept for the server's life, shared by every page render.

    Voila builds a new nbconvert exporter, and so a new Jinja environment, for every page and
    every pooled kernel; each compiled the same templates again (bench/room.py: about a sixth of
    the server's time while a room arrived). A Jinja bytecode cache is Jinja's own way to share
    compiled templates between environments: it is keyed by template name and file, and checked
    against the source's checksum, so an edited template is compiled afresh. Sync and async
    environments compile differently, so each has its own store.
    """

    def __init__(self):
        import jinja2

        class _Store(jinja2.BytecodeCache):
            def __init__(self):
                self.data: dict[str, bytes] = {}

            def load_bytecode(self, bucket):
                code = self.data.get(bucket.key)
                if code is not None:
                    bucket.bytecode_from_string(code)

            def dump_bytecode(self, bucket):
                self.data[bucket.key] = bucket.bytecode_to_string()

        self.stores = {True: _Store(), False: _Store()}

    def attach(self, environment) -> None:
        environment.bytecode_cache = self.stores[bool(environment.is_async)]


TEMPLATE_CACHE: TemplateBytecodeCache | None = None


def cached_exporter_class(exporter_class):
    """``exporter_class`` (Voila's exporter) whose Jinja environments share :data:`TEMPLATE_CACHE`."""
    global TEMPLATE_CACHE
    if TEMPLATE_CACHE is None:
        TEMPLATE_CACHE = TemplateBytecodeCache()
    cache = TEMPLATE_CACHE

    class CachedExporter(exporter_class):
        def _create_environment(self):
            environment = super()._create_environment()
            cache.attach(environment)
            return environment

    CachedExporter.__name__ = CachedExporter.__qualname__ = exporter_class.__name__  # same config section
    return CachedExporter


def room_voila_class():
    """The Voila application class with the room's changes (imported late: Voila is heavy)."""
    from jupyter_server.utils import url_path_join
    from voila import app as voila_app
    from voila.request_info_handler import RequestInfoSocketHandler
    from voila.static_file_handler import TemplateStaticFileHandler
    from voila.tornado.handler import TornadoVoilaHandler

    from voila import notebook_renderer

    if not getattr(notebook_renderer.VoilaExporter, "_svkit_cached", False):
        # Voila's renderer names its exporter class at module level; every page render uses it.
        notebook_renderer.VoilaExporter = cached_exporter_class(notebook_renderer.VoilaExporter)
        notebook_renderer.VoilaExporter._svkit_cached = True

    class RoomVoila(voila_app.Voila):
        room_settings: RoomSettings | None = None
        store_url: str = ""
        server_key: str = ""
        query_secret: str = ""

        def init_settings(self):
            original = voila_app.voila_kernel_manager_factory

            def factory(*args, **kwargs):
                cls = original(*args, **kwargs)
                if not kwargs.get("preheat_kernel", args[1] if len(args) > 1 else False):
                    return cls
                return type("RoomKernelManager", (RoomPools, cls), {})

            voila_app.voila_kernel_manager_factory = factory
            token = ROOM_SETTINGS.set(self.room_settings)
            try:
                settings = super().init_settings()
            finally:
                ROOM_SETTINGS.reset(token)
                voila_app.voila_kernel_manager_factory = original
            settings["log_function"] = log_request
            settings["default_handler_class"] = NotFoundHandler
            return settings

        def init_handlers(self):
            handlers = []
            socket_class = kernel_request_socket(RequestInfoSocketHandler, self.query_secret)
            for spec in super().init_handlers():
                pattern, handler = spec[0], spec[1]
                rest = list(spec[2:])
                if handler is TornadoVoilaHandler:
                    handler = room_render_handler(TornadoVoilaHandler)
                elif handler is RequestInfoSocketHandler:
                    handler = socket_class
                elif handler is TemplateStaticFileHandler:
                    handler = quiet_404(TemplateStaticFileHandler)
                elif isinstance(pattern, str) and re.search(r"/(login|logout)$", pattern):
                    continue  # the kit has no sign-in; these pages only ever failed
                handlers.append((pattern, handler, *rest))
            api = {"server_key": self.server_key, "store_url": self.store_url}
            handlers.insert(0, (url_path_join(self.server_url, r"/svkit/api/pools"), RoomApiHandler, api))
            handlers.insert(0, (url_path_join(self.server_url, r"/svkit/api/alive"), AliveHandler))
            handlers.insert(0, (url_path_join(self.server_url, r"/svkit/static/(.*)"), tornado.web.StaticFileHandler,
                                {"path": str(STATIC_DIR)}))
            return handlers

        def start(self):
            install_log_redaction(self.log, logging.getLogger(type(self).__name__))
            super().start()

    return RoomVoila
