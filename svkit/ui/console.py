"""The trainer's console and the projector view (trainer/console.ipynb, trainer/projector.ipynb).

Both check the workshop code and trainer key from their own URL (``?ws=CODE&k=KEY``) in the kernel
before they show anything: a missing, wrong, revoked or other workshop's key gets a plain page
saying it is for the workshop's trainer, with nothing of the room on it.

The console shows who has joined, who is on which app now, how many have done each exercise, one
panel per exercise (svkit.ui.roompanels) with the trainer's notes beside it, moderation of free
text, 'send the room on' and the export. The projector shows the same panels in large type with no
names, no controls and only the free text the trainer has revealed. Both refresh themselves every
:data:`REFRESH_SECONDS` from a background thread, so a participant's save shows without a reload.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlencode

import ipywidgets as widgets

from svkit import catalogue, room, session
from svkit.paths import CONSOLE_APP, PROJECTOR_APP
from svkit.store import AnswerStore, StoreError, normalise_join_code
from svkit.ui import roompanels
from svkit.ui.kit import PAGE_SCRIPT, ScriptRunner, esc, message, ready_marker, style
from svkit.ui.consolecontrols import Moderator, build_exports, build_send_on
from svkit.ui.kit.nav import relative_href

log = logging.getLogger("svkit.ui.console")

#: How often the console and projector read the store again (seconds): a save shows within 5 s.
REFRESH_SECONDS = 2.0
#: The console stops refreshing itself after this long (seconds): every update is kernel activity, so a
#: console left open in a forgotten tab would otherwise never be culled as idle. A workshop day is
#: shorter; a reload starts it again.
LIVE_FOR_SECONDS = 10 * 60 * 60
#: A participant whose latest save is older than this is not shown on any app (seconds).
RECENT_SECONDS = 5 * 60

REFUSED = (
    '<main class="svkit-refused"><h1>This page is for the workshop\'s trainer</h1>'
    "<p>It opens only with the trainer link printed by <code>svkit workshop new</code> or "
    "<code>svkit workshop trainer-link</code>. If you are taking part in the workshop, go back to the "
    "start page your trainer gave you.</p>"
    "<p>If you are the trainer and this link used to work, a newer trainer link has replaced it: use the "
    "newest one, or make another with <code>svkit workshop trainer-link</code>.</p></main>"
)

ROOM_STYLE = """
<style>
.svkit-console h2 { border-top: 2px solid #444; padding-top: 0.5rem; }
.svkit-room-grid { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
.svkit-room-panel { flex: 3 1 36rem; min-width: 0; }
.svkit-room-notes { flex: 1 1 16rem; background: #f3f3f3; border-left: 4px solid #555; padding: 0.3rem 0.8rem;
  font-size: 0.95rem; }
.svkit-room-mark { position: absolute; transform: translate(-50%, -50%); font-size: 0.85rem; font-weight: bold;
  color: #000; background: #fff; border: 2px solid #000; border-radius: 50%; min-width: 1.3rem; height: 1.3rem;
  line-height: 1.3rem; text-align: center; pointer-events: none; }
.svkit-room-bar { display: inline-block; width: 8rem; height: 0.8rem; border: 1px solid #444; background: #fff; }
.svkit-room-bar > span { display: block; height: 100%; background: #0b4f9c; }
.svkit-room-pair { display: block; white-space: nowrap; }
.svkit-room-pair-word { display: inline-block; min-width: 2.6rem; }
.svkit-room-pair + .svkit-room-pair .svkit-room-bar > span { background: #0a6b2d; }
.svkit-track { position: relative; display: inline-block; width: 10rem; height: 0.9rem; background: #fff;
  border: 1px solid #767676; }
.svkit-track::after { content: ""; position: absolute; left: 50%; top: 0; bottom: 0; border-left: 1px solid #767676; }
.svkit-dot-room, .svkit-dot-ref { position: absolute; top: 50%; width: 0.7rem; height: 0.7rem; border-radius: 50%;
  transform: translate(-50%, -50%); }
.svkit-dot-room { background: #0b4f9c; }
.svkit-dot-ref { border: 2px solid #a4000f; background: transparent; }
.svkit-wall { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.6rem; }
.svkit-wall-card { border: 1px solid #767676; background: #fffbe6; padding: 0.5rem 0.7rem; max-width: 22rem; }
.svkit-wall-shown { border: 3px solid #0a6b2d; }
.svkit-wall-text { display: block; }
.svkit-wall-who { display: block; font-size: 0.85rem; color: #333; margin-top: 0.3rem; }
.svkit-projector { font-size: 1.6rem; max-width: none !important; }
.svkit-projector .widget-html-content, .svkit-projector .svkit-wall-card { font-size: 1.6rem; line-height: 1.4; }
.svkit-projector h1 { font-size: 2.6rem; }
.svkit-projector h2 { font-size: 2rem; }
.svkit-projector .svkit-heat-img { width: 26rem; height: 26rem; }
.svkit-projector .svkit-wall-card { max-width: 30rem; }
.svkit-projector h3, .svkit-projector .svkit-chart-title, .svkit-projector .svkit-heat-title { font-size: 1.7rem; }
.svkit-projector .svkit-heat-y, .svkit-projector .svkit-heat-x, .svkit-projector .svkit-source,
.svkit-projector .svkit-legend { font-size: 1.2rem; }
.svkit-projector .svkit-heat-x { max-width: 30rem; }
.svkit-projector .svkit-heat-y { max-height: 26rem; }
.svkit-projector .svkit-room-mark { font-size: 1.2rem; min-width: 1.8rem; height: 1.8rem; line-height: 1.8rem; }
.svkit-projector .svkit-code { font-size: 2.4rem; }
.svkit-projector .svkit-track { width: 14rem; height: 1.2rem; }
.svkit-updated { color: #333; font-size: 0.95rem; }
</style>
"""


#: The projector has no controls, so its scrolling page area must itself take keyboard focus
#: (axe-core: scrollable-region-focusable) for someone scrolling it from the keyboard.
PROJECTOR_SCRIPT = """
(function () {
  var area = document.getElementById('rendered_cells');
  if (area && !area.hasAttribute('tabindex')) {
    area.setAttribute('tabindex', '0');
    area.setAttribute('role', 'region');
    area.setAttribute('aria-label', "The room's answers");
  }
})();
"""


# -- access -------------------------------------------------------------------------
def query_params(query: str | None) -> tuple[str, str]:
    """The workshop code and trainer key in a query string ('' when absent)."""
    params = parse_qs((query or "").lstrip("?"))
    return (params.get("ws") or [""])[0], (params.get("k") or [""])[0]


def trainer_workshop(store: AnswerStore, query: str | None) -> tuple[str, str] | None:
    """(workshop code, key) when the query carries that workshop's current trainer key, else None."""
    code, key = query_params(query)
    code = normalise_join_code(code)
    if code and key and store.check_trainer_key(code, key):
        return code, key
    return None


def refused_page(text: str = REFUSED) -> widgets.VBox:
    """The page for anyone without the trainer's key: nothing of the room."""
    body = widgets.HTML(text)
    box = widgets.VBox([style(), body, ready_marker()], layout=widgets.Layout(max_width="50rem"))
    box.add_class("svkit-app")
    return box


# -- refreshing ---------------------------------------------------------------------
class Refresher:
    """Calls ``refresh`` every ``seconds`` on a daemon thread until stopped, or until ``ticks`` calls
    have been made (then ``on_end`` runs once)."""

    def __init__(self, refresh: Callable[[], None], seconds: float, ticks: int | None = None,
                 on_end: Callable[[], None] | None = None):
        self.refresh = refresh
        self.seconds = seconds
        self.ticks = ticks
        self.on_end = on_end
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="svkit-room-refresh", daemon=True)

    def start(self) -> "Refresher":
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        done = 0
        while not self._stop.wait(self.seconds):
            try:
                self.refresh()
            except Exception:  # never let the thread die: the next tick tries again
                log.exception("room refresh failed")
            done += 1
            if self.ticks is not None and done >= self.ticks:
                if self.on_end is not None:
                    self.on_end()
                return


# -- the room -----------------------------------------------------------------------
class RoomView:
    """The live room for one workshop: the console (``projector=False``) or the projector."""

    def __init__(self, store: AnswerStore, code: str, key: str, projector: bool = False):
        self.store = store
        self.code = code
        self.key = key
        self.projector = projector
        self.workshop = store.find_workshop(code)
        self.lock = threading.RLock()
        self.refreshes = 0
        self.items: dict[str, list[room.WallItem]] = {}
        self.titles = {e.label: e.title for e in catalogue.apps()} | {"start": "the start page"}
        self.banner = widgets.HTML("")
        self.banner.add_class("svkit-banner")
        self.updated = widgets.HTML("")
        self.updated.add_class("svkit-updated")
        self.people = widgets.HTML("")
        self.panels = {label: widgets.HTML("") for label in roompanels.PANELS}
        self.moderators: dict[str, Moderator] = {}
        if not projector:
            for label, panel in roompanels.PANELS.items():
                if panel.free_text is not None:
                    self.moderators[label] = Moderator(self, label, panel.item_name)

    # reading the store
    def refresh(self) -> None:
        """Read the room from the store and redraw what changed."""
        with self.lock:
            try:
                members = self.store.members(self.code)
                summaries = self.store.summaries(self.code)
                latest = self.store.latest_saves(self.code) if not self.projector else {}
                revealed = frozenset(self.store.revealed_items(self.code))
            except StoreError as exc:
                self.banner.value = message(f"{exc} The room below is as it was at the last update.", "error")
                return
            self.banner.value = ""
            by_label: dict[str, dict] = {}
            labels_done: dict[str, list[str]] = {}
            for (participant, label), value in summaries.items():
                by_label.setdefault(label, {})[participant] = value
                labels_done.setdefault(participant, []).append(label)
            now = datetime.now(timezone.utc)
            if not self.projector:
                seen = room.presence(list(members), latest, labels_done, now, RECENT_SECONDS)
                self.people.value = self.people_html(seen, members)
            view = roompanels.View(projector=self.projector, names={} if self.projector else members,
                                   revealed=revealed)
            for label, panel in roompanels.PANELS.items():
                try:
                    result = panel.aggregate(by_label.get(label, {}))
                    html = panel.draw(result, view)
                except Exception:  # one panel's trouble never blanks the others
                    log.exception("panel %s failed", label)
                    html = message("This panel could not be drawn just now; it will try again.", "warn")
                    result = None
                self.panels[label].value = html
                if panel.free_text is not None and result is not None:
                    self.items[label] = panel.free_text(result)
                    if label in self.moderators:
                        self.moderators[label].update(self.items[label], members, revealed)
            self.refreshes += 1
            self.updated.value = (f'<p class="svkit-updated">Last updated {now.astimezone():%H:%M:%S} '
                                  f"(every {REFRESH_SECONDS:g} seconds, by itself).</p>")

    def stopped(self) -> None:
        """Say that live updates have ended (see :data:`LIVE_FOR_SECONDS`)."""
        with self.lock:
            self.updated.value = message("Live updates have stopped after many hours. Reload this page to start "
                                         "them again.", "warn")

    def app_name(self, label: str) -> str:
        """'2-2 Tender evaluation lab', or a lesson's title."""
        title = self.titles.get(label, "")
        return f"{label} {title}" if label[:1].isdigit() and "-" in label and len(label) <= 5 else (title or label)

    def people_html(self, seen: room.Presence, members: dict[str, str]) -> str:
        if not seen.joined:
            return "<h2>Who is here</h2><p>No one has joined yet. Share the join code.</p>"
        names = "".join(f"<li>{esc(members[p] or 'unnamed')}"
                        + (f" · on {esc(self.app_name(seen.on_app[p]))}" if p in seen.on_app else "")
                        + "</li>" for p in seen.joined)
        done = "".join(f"<li>{esc(self.app_name(label))}: {n} of {len(seen.joined)}</li>"
                       for label, n in seen.done.items()) or "<li>No exercise finished yet.</li>"
        return (f"<h2>Who is here</h2><p><strong>{len(seen.joined)}</strong> joined. Where someone saved in the "
                f"last {RECENT_SECONDS // 60} minutes, the app they are on is shown.</p>"
                f'<ul class="svkit-plain">{names}</ul><h3>How many have done each exercise</h3>'
                f'<ul class="svkit-plain">{done}</ul>')

    # building
    def header(self) -> widgets.HTML:
        title = esc(self.workshop.title if self.workshop else "")
        code = esc(self.workshop.display_code if self.workshop else self.code)
        if self.projector:
            return widgets.HTML(f"<h1>{title}</h1><p>Join code: <strong class=\"svkit-code\">{code}</strong></p>")
        projector = relative_href(CONSOLE_APP, PROJECTOR_APP) + "?" + urlencode({"ws": self.code, "k": self.key})
        return widgets.HTML(
            f"<h1>Trainer's console: {title}</h1><p>Join code <strong class=\"svkit-code\">{code}</strong>. "
            f'<a href="{esc(projector)}" target="_blank" rel="noopener">Open the projector view</a> on the screen '
            "the room sees (it shows no names). Keep this page's address to yourself: it carries your trainer key.</p>")

    def panel_box(self, label: str) -> widgets.Widget:
        panel = roompanels.PANELS[label]
        parts: list[widgets.Widget] = [widgets.HTML(f"<h2>{esc(panel.title)}</h2>")]
        if self.projector:
            parts.append(self.panels[label])
            return widgets.VBox(parts)
        body = [self.panels[label]]
        if label in self.moderators:
            body.append(self.moderators[label].box)
        notes = widgets.HTML(notes_html(label))
        notes.add_class("svkit-room-notes")
        main = widgets.VBox(body)
        main.add_class("svkit-room-panel")
        grid = widgets.Box([main, notes])
        grid.add_class("svkit-room-grid")
        parts.append(grid)
        return widgets.VBox(parts)


def notes_html(label: str) -> str:
    """The trainer's notes for a panel (data/trainer/<label>.yaml): never on the projector."""
    notes = room.trainer_notes(label)
    if notes is None:
        return "<h3>Trainer notes</h3><p>No notes for this exercise yet.</p>"
    ask = "".join(f"<li>{esc(q)}</li>" for q in notes.debrief)
    listen = "".join(f"<li>{esc(q)}</li>" for q in notes.listen_for)
    sources = "; ".join(esc(str(s)) for s in notes.sources)
    return (f"<h3>Trainer notes</h3><h4>Debrief questions</h4><ul>{ask}</ul><h4>Listen for</h4><ul>{listen}</ul>"
            f"<h4>Model answer (for you only)</h4><p>{esc(notes.model_answer)}</p>"
            f"<h4>Common misconception</h4><p>{esc(notes.misconception)}</p>"
            f"<h4>Point the room to</h4><p>{esc(str(notes.point_to))}</p>"
            f'<p class="svkit-source">Source: {sources}.</p>')


# -- the apps -------------------------------------------------------------------------
def _assemble(view: RoomView, parts: list[widgets.Widget], refresh_seconds: float | None,
              live_for_seconds: float) -> widgets.VBox:
    scripts = ScriptRunner(layout=widgets.Layout(height="0px", overflow="hidden"))
    scripts.run(PAGE_SCRIPT, keep=True)
    if view.projector:
        scripts.run(PROJECTOR_SCRIPT, keep=True)
    view.refresh()
    box = widgets.VBox([style(), widgets.HTML(ROOM_STYLE, layout=widgets.Layout(height="0px", overflow="hidden")),
                        scripts, view.banner, *parts, ready_marker()],
                       layout=widgets.Layout(max_width="80rem"))
    box.add_class("svkit-app")
    box.add_class("svkit-projector" if view.projector else "svkit-console")
    box.room = view  # lets tests reach the view
    box.refresher = None
    if refresh_seconds:
        ticks = max(1, int(live_for_seconds / refresh_seconds))
        box.refresher = Refresher(view.refresh, refresh_seconds, ticks, view.stopped).start()
    return box


def _open(store: AnswerStore | None, query: str | None, projector: bool) -> RoomView | widgets.VBox:
    """The room view when the query carries the trainer key; else the page to show instead."""
    query = session.request_query_string() if query is None else query
    try:
        store = store or AnswerStore()
        access = trainer_workshop(store, query)
        if access is None:
            return refused_page()
        return RoomView(store, *access, projector=projector)
    except StoreError as exc:  # nothing of the room is known, so nothing of it can show
        log.error("console: %s", exc)
        return refused_page(f'<main class="svkit-refused"><h1>The trainer\'s console cannot open</h1>'
                            f"{message(str(exc), 'error')}<p>Check that the server can reach its answer store, "
                            "then reload this page.</p></main>")


def lesson_notes_html() -> str:
    """The trainer's notes for each lesson (data/trainer/<lesson>.yaml), folded: the console only."""
    lessons = [label for label in room.trainer_labels() if label not in roompanels.PANELS]
    folded = "".join(f"<details><summary>Lesson {esc(label)}</summary>{notes_html(label)}</details>"
                     for label in lessons)
    return f'<h2>Lesson notes</h2><div class="svkit-room-notes">{folded}</div>' if lessons else ""


def _room_page(store: AnswerStore | None, query: str | None, projector: bool,
               parts: Callable[[RoomView], list[widgets.Widget]], refresh_seconds: float | None,
               live_for_seconds: float) -> widgets.VBox:
    """The console or projector page made of ``parts(view)``, or the refusal page when the URL does not
    carry the trainer key."""
    view = _open(store, query, projector=projector)
    if not isinstance(view, RoomView):
        return view
    return _assemble(view, parts(view), refresh_seconds, live_for_seconds)


def _console_parts(view: RoomView) -> list[widgets.Widget]:
    return [view.header(), view.updated, view.people,
            *(view.panel_box(label) for label in roompanels.PANELS), widgets.HTML(lesson_notes_html()),
            build_send_on(view), build_exports(view)]


def _projector_parts(view: RoomView) -> list[widgets.Widget]:
    return [view.header(), *(view.panel_box(label) for label in roompanels.PANELS), view.updated]


def build_console(store: AnswerStore | None = None, query: str | None = None,
                  refresh_seconds: float | None = REFRESH_SECONDS,
                  live_for_seconds: float = LIVE_FOR_SECONDS) -> widgets.VBox:
    """The trainer's console, or the refusal page when the URL does not carry the trainer key."""
    return _room_page(store, query, False, _console_parts, refresh_seconds, live_for_seconds)


def build_projector(store: AnswerStore | None = None, query: str | None = None,
                    refresh_seconds: float | None = REFRESH_SECONDS,
                    live_for_seconds: float = LIVE_FOR_SECONDS) -> widgets.VBox:
    """The projector view: the same panels in large type, no names, no controls; free text once revealed."""
    return _room_page(store, query, True, _projector_parts, refresh_seconds, live_for_seconds)
