"""svkit.roomserver without a server: log redaction and the request socket's rules."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from svkit import roomserver

KERNEL = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
TOKEN = "3okqXcdGFYdmiz0D09CpiA"


@pytest.mark.parametrize("line", [
    f"Kernel started: {KERNEL}",
    f"404 GET /voila/render/x.ipynb?p={TOKEN}&ws=K7P4QX (127.0.0.1) 3.2ms",
    f"Using pre-heated kernel: {KERNEL} for notebooks/00-start.ipynb",
    f"Starting buffering for {KERNEL}:{KERNEL}",
])
def test_redaction_removes_kernel_ids_and_identity(line):
    cleaned = roomserver.redact(line)
    assert KERNEL not in cleaned and TOKEN not in cleaned and "K7P4QX" not in cleaned


def test_the_filter_rewrites_formatted_records(caplog):
    logger = logging.getLogger("svkit.test.redaction")
    logger.addFilter(roomserver.RedactingFilter())
    with caplog.at_level(logging.INFO, logger="svkit.test.redaction"):
        logger.info("Kernel started: %s for p=%s", KERNEL, TOKEN)
    assert KERNEL not in caplog.text and TOKEN not in caplog.text
    assert "Kernel started: <kernel>" in caplog.text


class Costly:
    """A log argument that counts how often it is formatted (nbclient logs every kernel
    message's whole content at debug level)."""

    def __init__(self):
        self.formatted = 0

    def __str__(self):
        self.formatted += 1
        return f"content of a widget message with {KERNEL}"


def test_debug_records_no_handler_writes_are_never_formatted_but_written_ones_are_redacted():
    logger = logging.getLogger("svkit.test.redaction.levels")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)  # as traitlets leaves an application's logger
    stream = __import__("io").StringIO()
    handler = logging.StreamHandler(stream)
    handler.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        roomserver.install_log_redaction(logger)
        costly = Costly()
        logger.debug("content: %s", costly)
        assert costly.formatted == 0  # before: the logger's filter formatted every debug record
        logger.info("content: %s", costly)
        assert costly.formatted == 1
        assert KERNEL not in stream.getvalue() and "<kernel>" in stream.getvalue()
    finally:
        logger.removeHandler(handler)


class FakeSocket:
    def __init__(self):
        self.sent = []

    def write_message(self, payload):
        self.sent.append(payload)


@pytest.fixture
def socket_class():
    from voila.request_info_handler import RequestInfoSocketHandler

    saved_waiters, saved_cache = dict(RequestInfoSocketHandler._waiters), dict(RequestInfoSocketHandler._cache)
    saved_send = RequestInfoSocketHandler.__dict__["send_updates"]
    RequestInfoSocketHandler._waiters.clear()
    RequestInfoSocketHandler._cache.clear()
    roomserver.kernel_request_socket(RequestInfoSocketHandler, "secret")
    yield RequestInfoSocketHandler
    RequestInfoSocketHandler.send_updates = saved_send
    RequestInfoSocketHandler._waiters.clear()
    RequestInfoSocketHandler._waiters.update(saved_waiters)
    RequestInfoSocketHandler._cache.clear()
    RequestInfoSocketHandler._cache.update(saved_cache)


def test_a_delivered_request_is_not_kept(socket_class):
    waiter = FakeSocket()
    socket_class._waiters[KERNEL] = waiter
    socket_class.send_updates({"kernel_id": KERNEL, "payload": {"QUERY_STRING": f"p={TOKEN}"}})
    assert waiter.sent == [{"QUERY_STRING": f"p={TOKEN}"}]
    assert KERNEL not in socket_class._cache  # nothing for a later connection to replay


def test_a_request_that_arrives_first_waits_only_until_asked(socket_class):
    socket_class.send_updates({"kernel_id": KERNEL, "payload": {"QUERY_STRING": f"p={TOKEN}"}})
    assert socket_class._cache[KERNEL] == {"QUERY_STRING": f"p={TOKEN}"}
    assert socket_class._cache.pop(KERNEL)  # KernelRequestSocket.open pops it when the kernel asks


@pytest.mark.parametrize("ip, ok", [("127.0.0.1", True), ("::1", True), ("127.0.0.5", True),
                                     ("192.168.1.20", False), ("10.0.0.3", False), ("", False), ("nonsense", False)])
def test_only_loopback_counts_as_this_machine(ip, ok):
    assert roomserver._is_loopback(ip) is ok


def test_page_templates_are_compiled_once_for_every_render(monkeypatch):
    """Voila makes a new exporter (and Jinja environment) for every page and pooled kernel;
    each compiled the same templates again. With the shared cache the second compiles nothing."""
    import jinja2
    import nbformat
    from nbconvert import HTMLExporter

    compiled = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    monkeypatch.setattr(roomserver, "TEMPLATE_CACHE", None)
    exporter_class = roomserver.cached_exporter_class(HTMLExporter)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hello")])
    html, _ = exporter_class(template_name="lab").from_notebook_node(nb)
    first = len(compiled)
    assert first > 0 and "Hello" in html
    again, _ = exporter_class(template_name="lab").from_notebook_node(nb)  # a new environment
    assert len(compiled) == first, compiled[first:]
    assert again == html or "Hello" in again


def test_the_room_server_renders_pages_with_the_cached_exporter():
    from voila import notebook_renderer

    roomserver.room_voila_class()
    assert getattr(notebook_renderer.VoilaExporter, "_svkit_cached", False)
    assert notebook_renderer.VoilaExporter.__name__ == "VoilaExporter"  # its config section unchanged


# -- the pools' hand-out to people waiting (issue 10: cold, served in arrival order) -----------------
class _Process:
    def __init__(self, pid):
        self.pid = pid

    def poll(self):
        return None  # alive


class _Kernel:
    def __init__(self, pid):
        self.provisioner = type("P", (), {"process": _Process(pid)})()


class _Base:
    """What RoomPools needs of Voila's kernel manager, and nothing else."""

    def __init__(self, **kwargs):
        self._pools: dict[str, list] = {}
        self.kernel_pools_config: dict = {}
        self.kernels: dict[str, _Kernel] = {}

    def fill_if_needed(self, delay=None, notebook_name=None, **kwargs):
        # as Voila does: one kernel starting for the pool (a task not done yet)
        self._pools.setdefault(notebook_name, []).append(asyncio.get_event_loop().create_future())

    def get_kernel(self, kernel_id):
        return self.kernels[kernel_id]

    def list_kernel_ids(self):
        return list(self.kernels)

    async def shutdown_kernel(self, kernel_id, now=False, **kwargs):
        del self.kernels[kernel_id]


class _Pools(roomserver.RoomPools, _Base):
    pass


def test_people_waiting_get_warm_kernels_in_arrival_order_never_one_still_running_its_app(monkeypatch):
    """A crowd arriving at a cold app: a kernel still running its app stays in the pool (where it
    counts against the few allowed to warm at once) until it waits for its visitor; the first to
    arrive gets the first warm kernel. Handing out kernels still running their app let every kernel
    run at once, and 40 people all waited for the last (median 10.3x a single open)."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        token = roomserver.ROOM_SETTINGS.set(roomserver.RoomSettings(base={"app.ipynb": 2}, max_starting=2))
        monkeypatch.setattr(roomserver, "REQUEST_WAITERS", {})
        pools = _Pools()
        pools._keeper.stop()
        roomserver.ROOM_SETTINGS.reset(token)

        def entry(n: int, warm: bool):
            kid = f"kernel-{n}"
            pools.kernels[kid] = _Kernel(1000 + n)
            running = loop.create_future()  # the app's cells, still running
            task = loop.create_future()
            task.set_result({"kernel_id": kid, "task": running, "renderer": None})
            pools._started_at[id(task)] = time.monotonic()
            if warm:
                roomserver.REQUEST_WAITERS[kid] = object()  # waiting for its visitor
            return task

        first, second = entry(1, warm=False), entry(2, warm=False)
        pools._pools["app.ipynb"] = [first, second]
        early, late = pools.enqueue("app.ipynb"), pools.enqueue("app.ipynb")
        pools._keep_once()
        assert not early.done() and not late.done()  # nobody is given a kernel still running its app
        assert pools.starting() == 2  # both still count as warming
        roomserver.REQUEST_WAITERS["kernel-2"] = object()  # the second finished its app first
        pools._keep_once()
        assert early.done() and early.result() is second and not late.done()  # first come, first served
        roomserver.REQUEST_WAITERS["kernel-1"] = object()
        pools._keep_once()
        assert late.result() is first
    finally:
        loop.close()
        asyncio.set_event_loop(None)


def _done(coroutine):
    """The result of a coroutine that never waits (the fake shutdown returns at once), without
    running an event loop, which may already be running in this thread."""
    try:
        coroutine.send(None)
    except StopIteration as finished:
        return finished.value
    raise AssertionError("the coroutine waited")


def test_at_the_ceiling_a_visitor_comes_before_a_kernel_kept_warm_for_another_app(monkeypatch):
    """Found by the bench: with every app's pool full to the ceiling, a visitor to an app whose
    pool was empty got 'the room is full' again and again, while the room's kernels sat idle
    waiting for people who never came. Now a warm kernel of another app (the one furthest above
    its usual size first) is given up for them; with none left to give up, the room is full."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        token = roomserver.ROOM_SETTINGS.set(roomserver.RoomSettings(
            base={"a.ipynb": 1, "b.ipynb": 1, "c.ipynb": 1}, max_kernels=4))
        monkeypatch.setattr(roomserver, "REQUEST_WAITERS", {})
        pools = _Pools()
        pools._keeper.stop()
        roomserver.ROOM_SETTINGS.reset(token)

        def warm(n: int):
            kid = f"kernel-{n}"
            pools.kernels[kid] = _Kernel(1000 + n)
            task = loop.create_future()
            task.set_result({"kernel_id": kid, "task": loop.create_future(), "renderer": None})
            roomserver.REQUEST_WAITERS[kid] = object()
            return task

        a1, a2, b1 = warm(1), warm(2), warm(3)
        pools._pools = {"a.ipynb": [a1, a2], "b.ipynb": [b1], "c.ipynb": []}
        pools.kernels["kernel-9"] = _Kernel(1009)  # someone's page
        assert pools.at_ceiling()
        assert _done(pools.make_room("c.ipynb"))
        (kept,) = pools._pools["a.ipynb"]  # a was above its size: one of its two is given up
        given_up = "kernel-2" if kept is a1 else "kernel-1"
        assert given_up not in pools.kernels and pools._pools["b.ipynb"] == [b1]
        assert not pools.at_ceiling()
        pools.kernels["kernel-10"] = _Kernel(1010)  # the visitor's kernel
        assert _done(pools.make_room("c.ipynb"))  # then the longest pool (a tie: either)
        assert len(pools.kernels) == 3
        pools.kernels["kernel-11"] = _Kernel(1011)
        assert _done(pools.make_room("c.ipynb"))
        assert pools._pools["a.ipynb"] == [] and pools._pools["b.ipynb"] == []
        pools.kernels["kernel-12"] = _Kernel(1012)
        assert not _done(pools.make_room("c.ipynb"))  # every kernel is someone's page
        assert len(pools.kernels) == 4
    finally:
        loop.close()
        asyncio.set_event_loop(None)
