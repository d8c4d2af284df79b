"""The console's controls: moderation of free text, 'send the room on' (with pool warming) and the export.

Each builder takes the console's :class:`svkit.ui.console.RoomView` and returns a widget.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

import ipywidgets as widgets

from svkit import catalogue, export, room, trainer
from svkit.store import StoreError
from svkit.ui.kit import WIDE, download_link_html, esc, message

if TYPE_CHECKING:
    from svkit.ui.console import RoomView

log = logging.getLogger("svkit.ui.console")


class Moderator:
    """Reveal free text on the projector one item at a time or all at once, and hide it again."""

    def __init__(self, view: "RoomView", label: str, item_name: str = "Statement"):
        self.view = view
        self.label = label
        self.pick = widgets.Dropdown(options=[("(nothing written yet)", "")], value="",
                                     description=item_name, style=WIDE, layout=widgets.Layout(width="36rem"))
        self.reveal = widgets.Button(description="Show on projector", button_style="primary")
        self.hide = widgets.Button(description="Hide again")
        self.reveal_all = widgets.Button(description="Show all")
        self.hide_all = widgets.Button(description="Hide all")
        self.feedback = widgets.HTML("")
        self.feedback.add_class("svkit-status")
        self.reveal.on_click(lambda _: self.set(self._picked(), True))
        self.hide.on_click(lambda _: self.set(self._picked(), False))
        self.reveal_all.on_click(lambda _: self.set([w.item for w in self.view.items.get(label, [])], True))
        self.hide_all.on_click(lambda _: self.set([w.item for w in self.view.items.get(label, [])], False))
        self.box = widgets.VBox([
            widgets.HTML("<h3>The projector</h3><p>Free text stays off the projector until you show it.</p>"),
            self.pick, widgets.HBox([self.reveal, self.hide, self.reveal_all, self.hide_all]), self.feedback])

    def _picked(self) -> list[str]:
        return [self.pick.value] if self.pick.value else []

    def set(self, items: list[str], revealed: bool) -> None:
        if not items:
            self.feedback.value = message("There is nothing to show or hide yet.", "info")
            return
        try:
            self.view.store.set_revealed(self.view.code, items, revealed)
        except StoreError as exc:
            self.feedback.value = message(f"{exc} The projector has not changed.", "error")
            return
        what = "1 item" if len(items) == 1 else f"{len(items)} items"
        self.feedback.value = message(f"{what} {'shown on' if revealed else 'hidden from'} the projector.", "ok")
        self.view.refresh()

    def update(self, items: list[room.WallItem], members: dict[str, str], revealed: frozenset[str]) -> None:
        options = [(f"{'[shown] ' if w.item in revealed else ''}{shorten(w.text)} ({members.get(w.participant) or 'unnamed'})",
                    w.item) for w in items] or [("(nothing written yet)", "")]
        if list(self.pick.options) != options:
            keep = self.pick.value if any(v == self.pick.value for _, v in options) else options[0][1]
            self.pick.options = options
            self.pick.value = keep


def shorten(text: str, most: int = 60) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


# -- sending the room on, exports ----------------------------------------------------
#: How long 'Send the room' waits for the app's kernels to warm before telling the room anyway
#: (seconds), and how often it looks.
WARM_WAIT_SECONDS = 90
WARM_POLL_SECONDS = 2


def warm_then(app_path: str, workshop: str, key: str, report, done, wait: float = WARM_WAIT_SECONDS,
              poll: float = WARM_POLL_SECONDS) -> None:
    """Grow the app's kernel pool to the room's size, report each step ('warming 2-2: 23 of 40
    ready'), and call ``done()`` once it is warm, or after ``wait`` seconds, or at once if the
    server cannot be asked: the room is sent anyway, it may just wait a little for its pages."""
    from svkit import pools

    try:
        status = pools.request_warm(app_path, workshop, key)
    except pools.PoolError as exc:
        log.warning("warming %s failed: %s", app_path, exc)
        report(message("The app's kernels could not be warmed; the room is sent anyway.", "warn"))
        done()
        return
    deadline = time.monotonic() + wait
    while True:
        report(message(pools.warming_line(status), "info"))
        if status.get("ready", 0) >= status.get("target", 0) or time.monotonic() >= deadline:
            break
        time.sleep(poll)
        try:
            status = pools.warm_status(app_path, workshop, key)
        except pools.PoolError:
            break
    done()


def build_send_on(view: "RoomView") -> widgets.VBox:
    """Pick an app and send the room to it (participants' open pages show a banner), or clear it."""
    options = [("Start page", "notebooks/00-start.ipynb")] + [
        (f"{'Lesson' if e.kind == 'lesson' else 'Exercise ' + e.label}: {e.title}", e.url_path)
        for e in catalogue.apps() if e.url_path != "notebooks/00-start.ipynb"]
    pick = widgets.Dropdown(options=options, description="Send the room to", style=WIDE,
                            layout=widgets.Layout(width="40rem"))
    send = widgets.Button(description="Send the room", button_style="primary")
    clear = widgets.Button(description="Clear the banner")
    status = widgets.HTML("")
    status.add_class("svkit-status")
    titles = dict((v, k) for k, v in options)

    def current() -> str:
        target = view.store.room_target(view.code)
        return (f"<p>Participants' pages now show a banner sending them to <strong>{esc(titles.get(target, target))}"
                "</strong>.</p>" if target else "<p>No banner is showing on participants' pages.</p>")

    def on_send(_, background: bool = True):
        target = pick.value
        send.disabled = True
        progress = {"line": ""}

        def report(line: str) -> None:
            progress["line"] = line
            status.value = line + "<p>The room is told once the app is warm.</p>"

        def done() -> None:
            try:
                view.store.send_room(view.code, target)
                status.value = progress["line"] + current()
            except StoreError as exc:
                status.value = message(f"{exc} The room has not been sent.", "error")
            finally:
                send.disabled = False

        if background:  # warming takes seconds: the console keeps answering meanwhile
            threading.Thread(target=warm_then, args=(target, view.code, view.key, report, done), daemon=True).start()
        else:
            warm_then(target, view.code, view.key, report, done)

    def on_clear(_):
        try:
            view.store.clear_room(view.code)
            status.value = message("Banner cleared.", "ok") + current()
        except StoreError as exc:
            status.value = message(f"{exc} The banner is still showing.", "error")

    send.on_click(on_send)
    clear.on_click(on_clear)
    send.send_now = lambda: on_send(None, background=False)  # tests: the same steps, in this thread
    try:
        status.value = current()
    except StoreError as exc:
        status.value = message(str(exc), "error")
    return widgets.VBox([
        widgets.HTML("<h2>Send the room on</h2><p>Every joined participant's open page shows a banner with a link "
                     "to the app, within about 10 seconds. The app's kernels are warmed first.</p>"),
        pick, widgets.HBox([send, clear]), status])


def build_exports(view: "RoomView") -> widgets.VBox:
    """The room's answers to download: .xlsx (one sheet per exercise) and .csv."""
    prepare = widgets.Button(description="Prepare the export")
    links = widgets.HTML("")
    links.add_class("svkit-status")

    def on_prepare(_):
        try:
            xlsx = trainer.export_bytes(view.store, view.code, "xlsx")
            csv = trainer.export_bytes(view.store, view.code, "csv")
        except StoreError as exc:
            links.value = message(f"{exc} Try again in a moment.", "error")
            return
        stem = f"svkit-{view.code}"
        links.value = ("<p>" + download_link_html(xlsx, export.dated_filename(stem, "xlsx"), "Download the answers "
                                                  "(.xlsx, one sheet per exercise)", export.XLSX_MIME)
                       + " · " + download_link_html(csv, export.dated_filename(stem, "csv"), "Download as .csv",
                                                    export.CSV_MIME)
                       + "</p><p>The file holds participants' names: keep it safe, and delete it when the "
                       "workshop's follow-up is done.</p>")

    prepare.on_click(on_prepare)
    return widgets.VBox([widgets.HTML("<h2>Export</h2><p>One row per participant: name, every summary field, "
                                      "and when it was saved.</p>"), prepare, links])
