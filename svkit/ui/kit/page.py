"""The page context every app runs in.

- :class:`Page`: one app's context: its label, the visitor, the store, the
  'Saved' indicator, the error banner and the script runner.
- :func:`bind`: restore a widget from the store and save it on every change.
- :func:`guarded`: no error from a callback reaches the participant as a traceback.
- Accessibility fixes that every app needs, applied once per page by
  :data:`PAGE_SCRIPT` (``svkit/ui/static/page.js``): slider handles get names, the status line becomes an
  ``aria-live`` region and banners become alerts.

Every piece of text that came from a participant goes through
:func:`html.escape` before it reaches an HTML widget.
"""


from __future__ import annotations

import atexit
import functools
import json
import re
import logging
import threading
import time
from pathlib import Path
from typing import Any, Callable

import ipywidgets as widgets

from svkit import session
from svkit.store import AnswerStore, AnswerTooLarge, StoreError
from svkit.ui.kit.html import esc, key_points, message

log = logging.getLogger("svkit.ui")


#: The kit's stylesheet and page scripts, as real files.
STATIC = Path(__file__).resolve().parent.parent / "static"


def static_text(name: str) -> str:
    """The text of one of the kit's files in ``svkit/ui/static``."""
    return (STATIC / name).read_text(encoding="utf-8")


READY_CLASS = "svkit-ready"

#: How often a page's kernel shows the page it is alive (seconds).
HEARTBEAT_SECONDS = 3
#: A page that has heard nothing from its kernel for this long says it is not saving (seconds).
STALE_SECONDS = 12
#: Shown when a link's participant code is well formed but the store has never seen it.
UNKNOWN_LINK_NOTICE = (
    "The participant code in this link was not recognised: it may have been copied with a "
    "character missing or changed, and nothing has been saved with it before. Anything you do now "
    "is saved under this new link. If you have a resume code, type it on the start page to get "
    "your earlier answers back."
)

#: The field every exercise saves its result under (docs/stored-answers.md).
SUMMARY_FIELD = "summary"

#: How often an open page asks whether the trainer has sent the room on (seconds).
ROOM_CHECK_SECONDS = 5
#: Typed text is saved at most this often per field while someone types (seconds); the last
#: change is always saved, at most this long after it.
TEXT_SAVE_SECONDS = 1.0

#: Run once per page. Gives slider handles the text of their label as an
#: accessible name, makes the save status a polite live region and banners
#: alerts, and keeps doing so as widgets are added (MutationObserver).
PAGE_SCRIPT = static_text("page.js") % {"stale_ms": STALE_SECONDS * 1000, "ready": READY_CLASS}


#: Slider readouts show the value but are not tab stops of their own (the handle is the control, and
#: carries the value for screen readers): 1-4's nine sliders made 21 tab stops for 12 controls.
READOUT_SCRIPT = static_text("readouts.js")


def readouts_not_tab_stops(page: Page) -> None:
    """Keep slider readouts out of the tab order on this page (call once, from an app with sliders)."""
    page.scripts.run(READOUT_SCRIPT, keep=True)


def ready_marker() -> widgets.HTML:
    """The last widget of every app; tests and benchmarks wait for its CSS class."""
    marker = widgets.HTML('<span class="svkit-visually-hidden">Page ready.</span>')
    marker.add_class(READY_CLASS)
    return marker


# -- the page ---------------------------------------------------------------
class ScriptRunner(widgets.Output):
    """Runs short JavaScript snippets in the visitor's browser.

    Scripts run with ``keep=True`` (the page script) stay; of the others only
    the latest is kept, so outputs never pile up. Every script must be safe to
    run twice, since a re-render runs the kept ones again.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._kept: list[dict] = []

    def run(self, script: str, keep: bool = False) -> None:
        output = {"output_type": "display_data", "data": {"application/javascript": script}, "metadata": {}}
        if keep:
            self._kept.append(output)
            self.outputs = tuple(self._kept)
        else:
            self.outputs = (*self._kept, output)


class Page:
    """One app's context: label, visitor, store, save indicator, banner, scripts.

    Parameters
    ----------
    label
        The app's stable label (``"start"``, ``"2-2"``); answers are saved under it.
    visitor
        Who is asking; read from the request when omitted.
    store
        The answer store; ``AnswerStore()`` (``SVKIT_DB_URL`` or the default file) when omitted.
    """

    def __init__(self, label: str, visitor: session.Visitor | None = None, store: AnswerStore | None = None):
        self.label = label
        self.store = store or AnswerStore()
        self.status = widgets.HTML('<span class="svkit-save">Answers are saved as you go.</span>')
        self.status.add_class("svkit-status")
        self.status.add_class("svkit-save-status")
        self.banner = widgets.HTML("")
        self.banner.add_class("svkit-banner")
        self.scripts = ScriptRunner(layout=widgets.Layout(height="0px", overflow="hidden"))
        self._style = style()  # made now: in a pooled kernel, before the visitor arrives
        self.heartbeat = widgets.HTML("0", layout=widgets.Layout(height="0px", overflow="hidden"))
        self.heartbeat.add_class("svkit-heartbeat")
        self.heartbeat.add_class("svkit-visually-hidden")
        # 'Send the room on': a banner with a link to where the trainer has sent the room
        self.room_note = widgets.HTML("")
        self.room_dismiss = widgets.Button(description="Dismiss", tooltip="Hide this message")
        self.room_banner = widgets.HBox([self.room_note, self.room_dismiss], layout=widgets.Layout(display="none"))
        self.room_banner.add_class("svkit-room-banner")
        self.room_dismiss.on_click(lambda _button: self._dismiss_room())
        self._room_shown: str | None = None
        self._room_dismissed: str | None = None
        #: Typed text is saved at most this often per field (seconds); 0 saves every change at once.
        #: Debounced only in a real kernel, where a timer thread can finish the save.
        self.text_save_seconds = TEXT_SAVE_SECONDS if in_kernel() else 0.0
        self._pending: dict[str, tuple[Any, str]] = {}
        self._last_text_save: dict[str, float] = {}
        self._timers: dict[str, threading.Timer] = {}
        self._save_lock = threading.RLock()
        self._unsaved: dict[str, tuple[Any, str, bool]] = {}  # failed saves, tried again until the store takes them
        self._workshop_title: str | None = None
        self._display_name: str = ""
        self._saved: dict[str, Any] | None = None
        self._identity_listeners: list[Callable[[], None]] = []
        # In a pooled kernel whose request has not come yet, who is asking is found out when first
        # needed, not here: the app can build its widgets and draw its defaults before the visitor
        # arrives (work then done before they come, not while they wait). Elsewhere, at once.
        self._visitor: session.Visitor | None = None
        if visitor is not None or not session.request_pending():
            self._visitor = self._resolve(visitor or session.current())

    # identity
    @property
    def visitor(self) -> session.Visitor:
        """Who is asking (in a pooled kernel, waits for the page request the first time)."""
        if self._visitor is None:
            self._visitor = self._resolve(session.current())  # a visitor given was resolved at once
        return self._visitor

    @visitor.setter
    def visitor(self, visitor: session.Visitor) -> None:
        self._visitor = visitor

    @property
    def visitor_pending(self) -> bool:
        """True in a pooled kernel whose visitor has not arrived yet: work done now (building
        widgets, drawing the defaults) is off the visitor's wait."""
        return self._visitor is None

    @property
    def workshop_title(self) -> str | None:
        self.visitor  # noqa: B018 - resolved first
        return self._workshop_title

    @workshop_title.setter
    def workshop_title(self, title: str | None) -> None:
        self._workshop_title = title

    @property
    def display_name(self) -> str:
        self.visitor  # noqa: B018 - resolved first
        return self._display_name

    @display_name.setter
    def display_name(self, name: str) -> None:
        self._display_name = name

    def _resolve(self, visitor: session.Visitor) -> session.Visitor:
        """Check the workshop code against the store; fall back to the membership."""
        notices = [visitor.notice] if visitor.notice else []
        try:
            membership = None if visitor.fresh else self.store.membership(visitor.token)
            if not visitor.fresh and membership is None and not self.store.known(visitor.token):
                # a mistyped or made-up link: never silently a new, empty 'you'
                notices.append(UNKNOWN_LINK_NOTICE)
                self.store.register(visitor.token)  # said once: a reload of this page is not a slip
            if visitor.fresh:
                self.store.register(visitor.token)
            if membership is not None:
                self._display_name = membership.display_name
            code = visitor.workshop or (membership.workshop if membership else None)
            if code:
                found = self.store.find_workshop(code)
                if found is None:
                    notices.append(
                        f"No workshop has the code '{code}'. You are working on your own; "
                        "check the code with your trainer and join on the start page."
                    )
                    visitor = visitor.with_workshop(None)
                else:
                    self._workshop_title = found.title
                    visitor = visitor.with_workshop(found.code)
        except StoreError as exc:
            self.show_store_error(exc)
        if notices:  # after any store error already in the banner
            self.banner.value += message(" ".join(notices), "warn")
        return visitor

    def set_identity(self, visitor: session.Visitor, workshop_title: str | None, display_name: str) -> None:
        """Switch this page to a new workshop membership and update the URL and links."""
        self.visitor = visitor
        self.workshop_title = workshop_title
        self.display_name = display_name
        session.set_current(visitor)
        self.write_url()
        for listener in self._identity_listeners:
            listener()

    def on_identity_change(self, listener: Callable[[], None]) -> None:
        self._identity_listeners.append(listener)

    def link(self, href: str) -> str:
        """``href`` carrying this visitor's identity."""
        return self.visitor.link(href)

    def write_url(self) -> None:
        """Put the identity into the address bar without reloading, so a reload keeps it."""
        params = json.dumps({"p": self.visitor.token, "ws": self.visitor.workshop or ""})
        self.scripts.run(
            "(function(){var want=%s;var u=new URL(window.location.href);"
            "u.searchParams.set('p',want.p);"
            "if(want.ws){u.searchParams.set('ws',want.ws);}else{u.searchParams.delete('ws');}"
            "window.history.replaceState(null,'',u.toString());})();" % params
        )

    # answers
    @property
    def saved(self) -> dict[str, Any]:
        """Every field this visitor saved for this app (loaded once)."""
        if self._saved is None:
            try:
                self._saved = self.store.load(self.visitor.token, self.label)
            except StoreError as exc:
                self.show_store_error(exc)
                self._saved = {}
        return self._saved

    def save(self, field: str, value: Any, what: str = "", typed: bool = False) -> bool:
        """Append one answer; update the indicator; never raise to the caller.

        ``what`` names the answer for the indicator ('your aims'); the field name otherwise.
        """
        try:
            saved_at = self.store.save(self.visitor.token, self.label, field, value, workshop=self.visitor.workshop)
        except AnswerTooLarge as exc:  # this answer, not the store: say so where the saving is reported
            self._unsaved.pop(field, None)
            self.status.value = message(f"{exc} Your text stays on this page.", "error")
            return False
        except StoreError as exc:
            self.show_store_error(exc)
            self.status.value = message("Not saved. Your text stays on this page; it is saved by itself when "
                                        "the answer store is back.", "error")
            with self._save_lock:
                self._unsaved[field] = (value, what, typed)  # tried again by the heartbeat
            return False
        with self._save_lock:
            self._unsaved.pop(field, None)
        self.saved[field] = value
        when = saved_at.astimezone().strftime("%H:%M:%S")
        if field != SUMMARY_FIELD or not self.status.value or "✓" not in self.status.value:
            # a summary is saved just after the answer it sums up: the indicator keeps naming the answer
            what = what or ("your work" if field == SUMMARY_FIELD else field.replace("_", " "))
            self.status.value = f'<span class="svkit-save">✓ {esc(saved_description(value, what, typed))} at {when}.</span>'
        if self.banner.value and "svkit-store-error" in self.banner.value:
            self.banner.value = ""
        return True

    def save_text(self, field: str, value: Any, what: str = "") -> None:
        """Save typed text at most every :attr:`text_save_seconds` per field, always the last value.

        The first change saves at once; later ones within the interval wait for a timer, which
        saves only the latest. :meth:`flush` saves anything still waiting (also at kernel exit).
        """
        if self.text_save_seconds <= 0:
            self.save(field, value, what, typed=True)
            return
        with self._save_lock:
            self._pending[field] = (value, what)
            if field in self._timers:
                return
            waited = time.monotonic() - self._last_text_save.get(field, float("-inf"))
            if waited >= self.text_save_seconds:
                self._flush_field(field)
                return
            self.status.value = '<span class="svkit-save">Saving…</span>'
            timer = threading.Timer(self.text_save_seconds - waited, self._flush_field, args=(field,))
            timer.daemon = True
            self._timers[field] = timer
            timer.start()

    def _flush_field(self, field: str) -> None:
        with self._save_lock:
            self._timers.pop(field, None)
            pending = self._pending.pop(field, None)
            if pending is None:
                return
            self._last_text_save[field] = time.monotonic()
            value, what = pending
        try:
            self.save(field, value, what, typed=True)
        except Exception:  # a timer thread must not die with an error nobody sees
            log.exception("saving %s/%s failed", self.label, field)

    def retry_unsaved(self) -> None:
        """Try again every answer the store refused (it was full, read-only or down): called by the
        heartbeat, so saving resumes by itself when the store comes back."""
        with self._save_lock:
            waiting = list(self._unsaved.items())
        for field, (value, what, typed) in waiting:
            if not self.save(field, value, what, typed):
                return  # still down: try again at the next beat

    def flush(self) -> None:
        """Save every change still waiting for its timer (on leaving, and in tests)."""
        with self._save_lock:
            fields = list(self._pending)
            for timer in self._timers.values():
                timer.cancel()
            self._timers.clear()
        for field in fields:
            self._flush_field(field)

    def check_room(self) -> None:
        """Show (or take down) the banner for where the trainer has sent the room.

        Called every :data:`ROOM_CHECK_SECONDS` by the page's heartbeat thread, and by tests.
        Nothing is shown when working alone, for the app this page already is, or once dismissed.
        """
        reader = getattr(self.store, "room_target", None)
        if reader is None or not self.visitor.workshop:
            return
        try:
            target = reader(self.visitor.workshop)
        except StoreError:
            return  # the save indicator and banner already speak for the store
        if target and (target == self._room_dismissed or self._is_this_app(target)):
            target = None
        if target == self._room_shown:
            return
        self._room_shown = target
        if not target:
            self.room_banner.layout.display = "none"
            self.room_note.value = ""
            return
        href = self.link(room_href(target))
        self.room_note.value = (
            f'<p class="svkit-msg svkit-msg-info" role="status">Your trainer has sent the room on: '
            f'<a href="{esc(href)}">open {esc(app_name(target))}</a>.</p>')
        self.room_banner.layout.display = "flex"

    def _dismiss_room(self) -> None:
        self._room_dismissed = self._room_shown
        self._room_shown = None
        self.room_banner.layout.display = "none"
        self.room_note.value = ""

    def _is_this_app(self, target: str) -> bool:
        stem = target.rsplit("/", 1)[-1].removesuffix(".ipynb")
        return stem == self.label or stem.startswith(f"{self.label}-") or stem.endswith(f"-{self.label}")

    def set_aside(self, what: str, instead: str = "the starting value is shown") -> None:
        """Say, once per answer, that a saved answer could not be restored and what is shown instead."""
        text = f"Your saved {what} could not be loaded; {instead}."
        if esc(text) not in self.banner.value:
            self.banner.value += message(text, "warn")

    def show_store_error(self, exc: StoreError) -> None:
        log.error("store error: %s (%s)", exc, getattr(exc, "detail", "") or "no detail")
        self.banner.value = (
            '<div class="svkit-store-error">'
            + message(f"{exc} Your answers are not being saved for now; keep this page open: they are saved by themselves when the store is back. Tell your trainer if this stays.", "error")
            + "</div>"
        )

    def bind(self, widget: widgets.ValueWidget, field: str) -> widgets.ValueWidget:
        """Restore ``widget`` from the store, then save it on every change."""
        if field in self.saved:
            try:
                if _too_big(self.saved[field]):
                    raise ValueError(f"the saved answer is over {MAX_RESTORED_CHARS:,} characters")
                widget.value = _coerce(widget, self.saved[field])
            except Exception as exc:  # a saved value the widget no longer accepts (options changed), or one
                # the app raised on while applying it: set aside, so the page still loads
                log.warning("could not restore %s/%s: %s", self.label, field, exc)
                name = getattr(widget, "description", "")
                self.set_aside(f"answer for '{name}'" if name else "answer")

        what = _describe(widget, field)
        typed = isinstance(widget, (widgets.Text, widgets.Textarea)) and not isinstance(widget, widgets.Password)

        def on_change(change: dict) -> None:
            if typed:
                self.save_text(field, _plain_value(change["new"]), what)
            else:
                self.save(field, _plain_value(change["new"]), what)

        widget.observe(on_change, names="value")
        return widget

    # layout
    def app(self, *children: widgets.Widget, intro_item: Any = None, footer: bool = True) -> widgets.VBox:
        """Assemble the app: banner, children, status, key points, then the ready marker."""
        self.scripts.run(PAGE_SCRIPT, keep=True)
        self.write_url()
        parts: list[widgets.Widget] = [self._style, self.scripts, self.heartbeat, self.banner, self.room_banner,
                                       *children, self.status]
        start_heartbeat(self)
        if footer:
            parts.append(key_points(intro_item or self.label))
        parts.append(ready_marker())
        box = widgets.VBox(parts, layout=widgets.Layout(max_width="60rem"))
        box.add_class("svkit-app")
        box.page = self  # lets tests and callers reach the context
        return box


#: The longest saved answer a widget is given back (characters of its JSON). A long reflection is
#: a few thousand characters; an answer far past this could only come from a pasted file or a fault,
#: and would make every load of the page slow, so it is set aside with a message instead.
MAX_RESTORED_CHARS = 200_000


def _too_big(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) > MAX_RESTORED_CHARS
    if isinstance(value, (list, dict)):
        try:
            return len(json.dumps(value)) > MAX_RESTORED_CHARS
        except (TypeError, ValueError):
            return True
    return False


def _plain_value(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


def _coerce(widget: widgets.ValueWidget, value: Any) -> Any:
    if isinstance(widget.value, tuple) and isinstance(value, list):
        return tuple(value)
    return value


def saved_description(value: Any, what: str, typed: bool = True) -> str:
    """What the save indicator says was saved: 'Saved 60 characters of ‘Your aims’'."""
    if typed and isinstance(value, str):
        n = len(value)
        return f"Saved {n} character{'s' if n != 1 else ''} of {what}" if n else f"Saved {what} (now empty)"
    return f"Saved {what}"


def _describe(widget: widgets.Widget, field: str) -> str:
    """A short name for an answer: the widget's label, else the field name in words."""
    text = str(getattr(widget, "description", "") or "").strip().rstrip(":")
    if not text:
        text = field.replace("_", " ").replace("-", " ")
    text = re.sub(r"\s+", " ", text)
    return f"‘{text[:60]}’"


def in_kernel() -> bool:
    """True when running in a Jupyter kernel (a served page), not in plain Python or a test."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


_beating: list[Page] = []
_beat_lock = threading.Lock()


def start_heartbeat(page: Page) -> None:
    """Bump ``page.heartbeat`` every :data:`HEARTBEAT_SECONDS` from a daemon thread (in a kernel
    only), so the browser can tell when its kernel or server has gone; save pending text at exit."""
    if not in_kernel():
        return
    with _beat_lock:
        if page in _beating:
            return
        _beating.append(page)
        first = len(_beating) == 1
    if first:
        threading.Thread(target=_beat_forever, name="svkit-heartbeat", daemon=True).start()
        atexit.register(_flush_all)


def _beat_forever() -> None:
    count = 0
    last_room_check = 0.0
    while True:
        count += 1
        check_room = time.monotonic() - last_room_check >= ROOM_CHECK_SECONDS
        if check_room:
            last_room_check = time.monotonic()
        for page in list(_beating):
            try:
                page.heartbeat.value = str(count)
                page.retry_unsaved()
                if check_room:
                    page.check_room()
            except Exception:  # a closed comm, a store hiccup: never stop the heartbeat
                log.debug("heartbeat failed", exc_info=True)
        time.sleep(HEARTBEAT_SECONDS)


def room_href(target: str) -> str:
    """A link from any app page to ``target`` ('exercises/2-2-tender-lab.ipynb'): every app sits
    one folder below the server's render path, so one relative form serves them all."""
    return "../" + target.lstrip("/")


def app_name(target: str) -> str:
    """'Exercise 2-2: Tender lab' for an app path, from the catalogue; the file name otherwise."""
    try:
        from svkit import catalogue

        for entry in catalogue.apps():
            if entry.url_path == target:
                return f"Exercise {entry.label}: {entry.title}" if entry.kind == "exercise" else entry.title
    except Exception:  # the catalogue is only for a nicer name
        log.debug("no catalogue entry for %s", target, exc_info=True)
    return target.rsplit("/", 1)[-1].removesuffix(".ipynb")


def _flush_all() -> None:
    for page in list(_beating):
        page.flush()


_pages: dict[str, Page] = {}


def page_for(label: str) -> Page:
    """The :class:`Page` for an app label in this kernel (made on first use)."""
    if label not in _pages:
        _pages[label] = Page(label)
    return _pages[label]


def bind(widget: widgets.ValueWidget, label: str, field: str) -> widgets.ValueWidget:
    """Bind ``widget`` to the answer ``field`` of app ``label`` for this visitor."""
    return page_for(label).bind(widget, field)


def guarded(page: Page, area: widgets.HTML | None = None) -> Callable:
    """Decorate a widget callback so that no error escapes to the participant.

    A ``ValueError`` (bad input) is shown beside the input in ``area``; a
    ``StoreError`` in the banner; anything else is logged for the trainer and
    a plain apology shown, while the app keeps working.
    """

    def decorate(callback: Callable) -> Callable:
        @functools.wraps(callback)
        def wrapper(*args, **kwargs):
            try:
                return callback(*args, **kwargs)
            except ValueError as exc:
                target = area or page.banner
                target.value = message(str(exc), "error")
            except StoreError as exc:
                page.show_store_error(exc)
            except Exception:
                log.exception("unexpected error in %s", callback.__name__)
                page.banner.value = message(
                    "Something went wrong on our side. Your saved answers are safe; try again, "
                    "or tell your trainer if it keeps happening.",
                    "error",
                )

        return wrapper

    return decorate


#: The kit's styles, in one place (no inline CSS in notebooks): svkit/ui/static/kit.css.
STYLE = "<style>\n" + static_text("kit.css") + "</style>\n"


def style() -> widgets.HTML:
    """The kit's stylesheet as a widget (shown once per app)."""
    return widgets.HTML(STYLE, layout=widgets.Layout(height="0px", overflow="hidden"))
