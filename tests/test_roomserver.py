"""svkit.roomserver without a server: log redaction and the request socket's rules."""

from __future__ import annotations

import logging

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
