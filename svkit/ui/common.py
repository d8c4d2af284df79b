"""Shared widget pieces for every app.

- :class:`Page`: one app's context: its label, the visitor, the store, the
  'Saved' indicator, the error banner and the script runner.
- :func:`bind`: restore a widget from the store and save it on every change.
- Layout helpers: :func:`intro`, :func:`key_points`, :func:`message`,
  :func:`download_link`, :func:`figure_html`.
- Accessibility fixes that every app needs, applied once per page by
  :data:`PAGE_SCRIPT`: slider handles get names, the status line becomes an
  ``aria-live`` region and banners become alerts.

Every piece of text that came from a participant goes through
:func:`html.escape` before it reaches an HTML widget.
"""

from __future__ import annotations

import atexit
import base64
import functools
import html
import json
import logging
import re
import threading
import time
from typing import Any, Callable

import ipywidgets as widgets

from svkit import content, session
from svkit.store import AnswerStore, AnswerTooLarge, StoreError

log = logging.getLogger("svkit.ui")

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
PAGE_SCRIPT = """
(function () {
  if (window.svkitA11y) { return; }
  window.svkitA11y = true;
  function fix(root) {
    root.querySelectorAll('.widget-slider, .jupyter-widget-slider').forEach(function (box) {
      var label = box.querySelector('.widget-label, label');
      var name = label ? label.textContent.trim() : '';
      box.querySelectorAll('[role="slider"], .noUi-handle').forEach(function (h) {
        if (name && h.getAttribute('aria-label') !== name) { h.setAttribute('aria-label', name); }
      });
    });
    root.querySelectorAll('.svkit-status').forEach(function (el) {
      if (el.getAttribute('aria-live') !== 'polite') {
        el.setAttribute('role', 'status'); el.setAttribute('aria-live', 'polite');
      }
    });
    root.querySelectorAll('.svkit-banner').forEach(function (el) {
      if (el.getAttribute('role') !== 'alert') { el.setAttribute('role', 'alert'); }
    });
  }
  fix(document);
  new MutationObserver(function () { fix(document); })
    .observe(document.body, {childList: true, subtree: true});
  /* A file over an upload's limit is refused here, before it is sent: a message too large for
     the page's connection would close it, and the page would stop answering. The upload widget
     reads the chosen file with a FileReader (its file input is not in the page), so the check
     sits there: an oversized file is never read, and the widget is told the read was abandoned. */
  var read = FileReader.prototype.readAsArrayBuffer;
  FileReader.prototype.readAsArrayBuffer = function (file) {
    var box = document.querySelector('[class*="svkit-max-bytes-"]');
    var limit = box ? +(/svkit-max-bytes-(\\d+)/.exec(box.className) || [0, 0])[1] : 0;
    var old = document.querySelector('.svkit-upload-refused');
    if (old) { old.remove(); }
    if (limit && file && file.size > limit) {
      var note = document.createElement('p');
      note.className = 'svkit-msg svkit-msg-error svkit-upload-refused';
      note.setAttribute('role', 'alert');
      note.textContent = '\u2717 \u2018' + file.name + '\u2019 is ' + (file.size / 1e6).toFixed(1)
        + ' MB; the limit is ' + (limit / 1e6) + ' MB. Nothing was sent or changed.';
      box.parentNode.insertBefore(note, box.nextSibling);
      var reader = this;
      setTimeout(function () { if (reader.onabort) { reader.onabort(); } }, 0);
      return undefined;
    }
    return read.call(this, file);
  };
})();
(function () {
  /* Is this page still saving? The kernel bumps the heartbeat every few seconds. When it stops
     (server killed, kernel gone, network down) the page says so at once, keeps what was typed
     in the browser, and when the server answers again reloads with the same identity and puts
     the unsaved text back, so it is saved. */
  if (window.svkitHeartbeat) { return; }
  window.svkitHeartbeat = true;
  var STALE_MS = %(stale_ms)d;
  var lastBeat = null, lastSeen = Date.now(), down = false, aliveSince = 0;
  function key() {  /* read each time: the app writes the identity into the URL after loading */
    var p = new URLSearchParams(window.location.search).get('p') || '';
    return 'svkit-drafts:' + window.location.pathname + ':' + p;
  }
  var base = (document.body.getAttribute('data-base-url') || '/voila/').replace(/voila\\/$/, '');
  function fields() {
    return Array.prototype.slice.call(document.querySelectorAll(
      '.svkit-app textarea, .svkit-app input[type="text"]'));
  }
  function drafts() { try { return JSON.parse(sessionStorage.getItem(key()) || '{}'); } catch (e) { return {}; } }
  function keep(d) { try { sessionStorage.setItem(key(), JSON.stringify(d)); } catch (e) {} }
  document.addEventListener('input', function (ev) {
    var i = fields().indexOf(ev.target);
    if (i < 0) { return; }
    var d = drafts(); d[i] = {v: ev.target.value, t: Date.now()}; keep(d);
  }, true);
  function banner(show) {
    var el = document.getElementById('svkit-not-saving');
    if (show && !el) {
      el = document.createElement('div');
      el.id = 'svkit-not-saving';
      el.className = 'svkit-not-saving';
      el.setAttribute('role', 'alert');
      el.textContent = 'Not saving: your latest changes are not stored. Keep this page open: '
        + 'what you typed stays here, and the page reconnects by itself when the server is back.';
      document.body.insertBefore(el, document.body.firstChild);
      document.querySelectorAll('.svkit-save-status').forEach(function (s) {
        s.textContent = 'Not saved: the page has lost its connection.';
      });
    } else if (!show && el) { el.remove(); }
  }
  function restore() {
    var d = drafts(), list = fields(), changed = false;
    Object.keys(d).forEach(function (i) {
      var el = list[+i];
      if (el && el.value !== d[i].v) {
        el.value = d[i].v; changed = true;
        el.dispatchEvent(new Event('input', {bubbles: true}));
        el.dispatchEvent(new Event('change', {bubbles: true}));
      }
    });
    return changed;
  }
  var restored = false;
  setInterval(function () {
    var hb = document.querySelector('.svkit-heartbeat');
    if (!hb) { return; }
    var now = Date.now(), value = hb.textContent;
    if (value !== lastBeat) {
      lastBeat = value; lastSeen = now;
      if (down) { down = false; banner(false); }
      if (!restored && document.querySelector('.%(ready)s')) { restored = true; restore(); }
      if (restored && !document.querySelector('.svkit-store-error')) {
        var d = drafts(), kept = {};
        Object.keys(d).forEach(function (i) { if (now - d[i].t < 4000) { kept[i] = d[i]; } });
        keep(kept);
      }
      return;
    }
    if (!down && now - lastSeen > STALE_MS) { down = true; aliveSince = 0; banner(true); }
    if (down) {
      fetch(base + 'svkit/api/alive', {cache: 'no-store'}).then(function (r) {
        if (r.status !== 204) { aliveSince = 0; return; }
        if (!aliveSince) { aliveSince = Date.now(); }
        if (Date.now() - aliveSince > STALE_MS / 2) { window.location.reload(); }
      }).catch(function () { aliveSince = 0; });
    }
  }, 1000);
})();
""" % {"stale_ms": STALE_SECONDS * 1000, "ready": READY_CLASS}


def esc(text: Any) -> str:
    """Escape any text for HTML (participant text always goes through this)."""
    return html.escape(str(text), quote=True)


# -- small builders ---------------------------------------------------------
def message(text: str = "", kind: str = "info") -> str:
    """HTML for a message shown beside an input; kind is info, ok, warn or error."""
    if not text:
        return ""
    icon = {"ok": "✓ ", "warn": "⚠ ", "error": "✗ "}.get(kind, "")
    return f'<p class="svkit-msg svkit-msg-{kind}">{icon}{esc(text)}</p>'


def feedback_area() -> widgets.HTML:
    """An empty area for messages beside an input; announced when it changes."""
    area = widgets.HTML("")
    area.add_class("svkit-status")
    area.add_class("svkit-feedback")
    return area


def live_note() -> widgets.HTML:
    """A short line for screen readers, announced when it changes (the visible result beside it
    is not a live region, so long tables and lists are not read out on every change)."""
    note = widgets.HTML("")
    note.add_class("svkit-status")
    return note


def say(note: widgets.HTML, text: str) -> None:
    note.value = f'<span class="svkit-visually-hidden">{esc(text)}</span>'


def sources_html(sources: list[content.SourceRef]) -> str:
    if not sources:
        return ""
    items = "; ".join(esc(str(s)) for s in sources)
    return f'<p class="svkit-source">Source: {items}.</p>'


def intro(label_or_intro: str | content.AppIntro | content.Section) -> widgets.HTML:
    """The top of an app: title, objectives, questions and estimated time."""
    item = _intro_item(label_or_intro)
    objectives = "".join(f"<li>{esc(o)}</li>" for o in item.objectives)
    questions = getattr(item, "questions", []) or []
    qs = "".join(f"<li>{esc(q)}</li>" for q in questions)
    if isinstance(item, content.Section):
        heading = esc(f"{item.number}. {item.title}")
    elif re.match(r"^\d+-\d+$", item.label):  # an exercise
        heading = esc(f"Exercise {item.label}: {item.title}")
    else:
        heading = esc(item.title)
    parts = [
        f'<header class="svkit-intro"><h1>{heading}</h1>',
        f'<p class="svkit-time">Time: about {item.minutes} minutes.</p>',
        f"<h2>What you will be able to do</h2><ul>{objectives}</ul>",
    ]
    if qs:
        parts.append(f"<h2>Questions this answers</h2><ul>{qs}</ul>")
    parts.append(sources_html(item.sources))
    parts.append("</header>")
    return widgets.HTML("".join(parts), layout=widgets.Layout(width="100%", margin="0"))  # no overflow, so no scrollbar


def key_points(label_or_intro: str | content.AppIntro | content.Section) -> widgets.HTML:
    """The end of an app: its key points."""
    item = _intro_item(label_or_intro)
    points = "".join(f"<li>{esc(p)}</li>" for p in item.key_points)
    return widgets.HTML(f'<section class="svkit-keypoints"><h2>Key points</h2><ul>{points}</ul></section>')


def _intro_item(value: str | content.AppIntro | content.Section) -> content.AppIntro | content.Section:
    if not isinstance(value, str):
        return value
    loaded = content.load()
    if value in loaded.apps:
        return loaded.apps[value]
    for section in loaded.sections:
        if value in (section.id, str(section.number), section.lesson):
            return section
    raise KeyError(f"no content for '{value}'")


def download_link(data: bytes, filename: str, text: str, mime: str = "application/octet-stream") -> widgets.HTML:
    """A link that downloads ``data`` as ``filename`` (a data URI; works in Voila)."""
    return widgets.HTML(download_link_html(data, filename, text, mime))


def download_link_html(data: bytes, filename: str, text: str, mime: str = "application/octet-stream") -> str:
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<a class="svkit-download" download="{esc(filename)}" '
        f'href="data:{esc(mime)};base64,{encoded}">{esc(text)}</a>'
    )


def record_downloads(record, stem: str, what: str, sheets: list[tuple[str, list[list]]] | None = None,
                     sheets_what: str = "the tables") -> str:
    """Links to download a record as .docx and .md, dated, plus ``sheets`` as .xlsx when given
    (export is imported only when asked)."""
    from svkit import export

    links = [
        download_link_html(export.to_docx(record), export.dated_filename(stem, "docx"),
                           f"Download {what} (.docx)", export.DOCX_MIME),
        download_link_html(export.to_markdown(record).encode("utf-8"), export.dated_filename(stem, "md"),
                           f"Download {what} (.md)", export.MD_MIME),
    ]
    if sheets:
        links.append(download_link_html(export.to_workbook(sheets), export.dated_filename(stem, "xlsx"),
                                        f"Download {sheets_what} (.xlsx, Excel)", export.XLSX_MIME))
    return "<p>" + " · ".join(links) + "</p>"


def record_panel(page: "Page", build: Callable[[], tuple[Any, list[tuple[str, list[list]]] | None]], stem: str,
                 what: str, sheets_what: str = "the tables", label: str = "Prepare my record") -> widgets.VBox:
    """A button that writes a record of what the page shows now, as .docx and .md (and .xlsx when
    ``build`` returns sheets); ``build()`` returns ``(record, sheets or None)``.

    The record is written only when asked, so no change on the page pays for it. ``panel.stale()``
    takes the links away when the page no longer matches them.
    """
    button = widgets.Button(description=label, layout=widgets.Layout(width="auto"))
    area = feedback_area()
    links = widgets.HTML()

    @guarded(page, area)
    def prepare(_=None):
        record, sheets = build()
        links.value = record_downloads(record, stem, what, sheets, sheets_what)
        area.value = message("Your record is ready. It holds what the page shows now; press again after a change.",
                             "ok")

    def stale() -> None:
        if links.value:
            links.value = ""
            area.value = message("The page has changed since your record was written; press the button for a new one.",
                                 "info")

    button.on_click(prepare)
    panel = widgets.VBox([widgets.HTML("<h2>Your record</h2>"), button, area, links])
    panel.prepare, panel.stale, panel.links = prepare, stale, links
    return panel


def figure_html(svg_or_png: bytes, alt: str, mime: str = "image/png", numbers_html: str = "") -> widgets.HTML:
    """A chart as an ``<img>`` with real alt text, followed by its numbers as text."""
    encoded = base64.b64encode(svg_or_png).decode("ascii")
    img = f'<img src="data:{esc(mime)};base64,{encoded}" alt="{esc(alt)}" style="max-width:100%">'
    return widgets.HTML(f'<figure class="svkit-figure">{img}{numbers_html}</figure>')


def chart(item: "plots.Chart", caption: str = "", source: str = "", png: bytes | None = None) -> widgets.HTML:
    """A chart as an accessible ``<img>``, then its numbers as a table, caption and source.

    ``png`` passes an already rendered image (a cached figure) instead of ``item.figure``.
    """
    from svkit import plots

    rows = "".join(f"<tr><th scope=\"row\">{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in item.numbers)
    numbers = f'<table class="svkit-numbers"><caption>The numbers in the chart</caption>{rows}</table>'
    extra = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    if source:
        extra += f'<p class="svkit-source">Source: {esc(source)}</p>'
    image = png if png is not None else plots.png_bytes(item.figure)
    return figure_html(image, item.alt, "image/png", numbers + extra)


def upload_box(page: "Page", label: str, limit_bytes: int, on_file: Callable[[str, bytes], str],
               accept: str = ".csv", limit_rows: int | None = None, rows_of: str = "rows") -> widgets.VBox:
    """A file upload with its size limit (and row limit, when given) stated beside it and messages next to it.

    ``on_file(name, content)`` returns a confirmation to show; a ``ValueError`` it raises
    is shown as a plain message and the app keeps its previous data. ``on_file`` must refuse a
    file over ``limit_rows`` before any heavy work; the size limit is checked here first.
    """
    limit_mb = limit_bytes / 1_000_000
    upload = widgets.FileUpload(accept=accept, multiple=False, description=label,
                                layout=widgets.Layout(width="auto"))
    upload.add_class(f"svkit-max-bytes-{int(limit_bytes)}")  # the browser refuses larger files before sending
    rows = f" and {limit_rows:,} {esc(rows_of)}" if limit_rows else ""
    note = widgets.HTML(f'<p class="svkit-hint">One {esc(accept)} file, up to {limit_mb:g} MB{rows}.</p>')
    area = feedback_area()

    @guarded(page, area)
    def received(change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        content = bytes(item["content"])
        name = str(item.get("name", "file"))
        if len(content) > limit_bytes:
            raise ValueError(f"'{name}' is {len(content) / 1_000_000:.1f} MB; the limit is {limit_mb:g} MB. "
                             "Nothing was changed.")
        area.value = message(on_file(name, content), "ok")

    upload.observe(received, names="value")
    return widgets.VBox([widgets.HBox([upload, note]), area])


#: Slider readouts show the value but are not tab stops of their own (the handle is the control, and
#: carries the value for screen readers): 1-4's nine sliders made 21 tab stops for 12 controls.
READOUT_SCRIPT = """
(function () {
  if (window.svkitReadouts) { return; }
  window.svkitReadouts = true;
  function fix() {
    document.querySelectorAll('.widget-slider .widget-readout, .jupyter-widget-slider .widget-readout').forEach(function (r) {
      if (r.getAttribute('tabindex') !== '-1') { r.setAttribute('tabindex', '-1'); }
    });
  }
  fix();
  new MutationObserver(fix).observe(document.body, {childList: true, subtree: true});
})();
"""


def readouts_not_tab_stops(page: "Page") -> None:
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
        self.workshop_title: str | None = None
        self.display_name: str = ""
        self._saved: dict[str, Any] | None = None
        self._identity_listeners: list[Callable[[], None]] = []
        self.visitor = self._resolve(visitor or session.current())

    # identity
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
                self.display_name = membership.display_name
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
                    self.workshop_title = found.title
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
        parts: list[widgets.Widget] = [style(), self.scripts, self.heartbeat, self.banner, self.room_banner,
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


#: The kit's styles, in one place (no inline CSS in notebooks).
STYLE = """
<style>
.svkit-app, .widget-html-content { font-size: 1rem; line-height: 1.5; color: #1a1a1a; }
.svkit-app h1 { font-size: 1.8rem; margin: 0.5rem 0; }
.svkit-app h2 { font-size: 1.3rem; margin: 1rem 0 0.4rem; }
.svkit-app h3 { font-size: 1.1rem; margin: 0.8rem 0 0.3rem; }
.svkit-msg { margin: 0.25rem 0; padding: 0.3rem 0.6rem; border-left: 4px solid #555; background: #f5f5f5; }
.svkit-msg-ok { border-color: #0a6b2d; color: #0a4d21; background: #eef7f0; }
.svkit-msg-warn { border-color: #8a5300; color: #5c3700; background: #fff6e5; }
.svkit-msg-error { border-color: #a4000f; color: #7d000b; background: #fdeeee; }
.svkit-source { font-size: 0.9rem; color: #444; }
.svkit-time { font-weight: bold; }
.svkit-code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 1.3rem; letter-spacing: 0.05em; }
.svkit-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.svkit-app a { color: #0b4f9c; text-decoration: underline; }
.svkit-map li { margin: 0.2rem 0; }
.svkit-app dt { font-weight: bold; margin-top: 0.5rem; }
.svkit-app dd { margin-left: 1.2rem; }
.svkit-table { border-collapse: collapse; margin: 0.5rem 0; }
.svkit-table caption { font-weight: bold; text-align: left; padding: 0.2rem 0; }
.svkit-table th, .svkit-table td { border: 1px solid #bbb; padding: 0.2rem 0.5rem; text-align: left; }
.svkit-table tr.svkit-winner { background: #fff1c2; }
.svkit-side-by-side { display: flex; flex-wrap: wrap; gap: 1rem; }
.svkit-marked { position: relative; display: inline-block; }
.svkit-cross { position: absolute; transform: translate(-50%, -50%); font-size: 1.4rem; font-weight: bold;
  color: #000; text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }
.svkit-checklist .widget-checkbox { width: auto; }
.svkit-chart-title { font-weight: bold; margin: 0.3rem 0; }
.svkit-heat-title { font-weight: bold; margin: 0.2rem 0; }
.svkit-heat-row { display: flex; align-items: center; gap: 0.4rem; }
.svkit-heat-y { writing-mode: vertical-rl; transform: rotate(180deg); font-size: 0.85rem; max-height: 18rem; }
.svkit-heat-x { font-size: 0.85rem; margin: 0.2rem 0; max-width: 22rem; }
.svkit-heat-img { width: 18rem; height: 18rem; image-rendering: pixelated; border: 1px solid #444; display: block; }
.svkit-legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; }
.svkit-swatch { display: inline-block; width: 1rem; height: 1rem; margin-right: 0.3rem; vertical-align: middle;
  border: 1px solid #444; }
.svkit-bars { list-style: none; padding: 0; margin: 0; }
.svkit-bars li { margin: 0.3rem 0; }
.svkit-bar-name { display: block; font-weight: bold; }
.svkit-bar { display: flex; width: 20rem; height: 1rem; border: 1px solid #444; background: #fff; }
.svkit-bar-seg { display: block; height: 100%; }
.svkit-bar-words { display: block; font-size: 0.85rem; }
.svkit-plain { list-style: none; padding-left: 0; }
.svkit-table { max-width: 100%; }
/* tables wrap between words, never inside one ('£1,180,000', 'Workforce'); a table wider than a phone
   scrolls inside its own box, the page does not */
.svkit-table td, .svkit-table th { overflow-wrap: normal; word-break: normal; hyphens: manual; }
@media (max-width: 48rem) { .svkit-table { display: block; overflow-x: auto; } }
.svkit-wf-cell { width: 8rem; }
.svkit-wf { display: block; width: 8rem; height: 0.9rem; background: #fff; border: 1px solid #bbb; }
.svkit-wf > span { display: block; height: 100%; background: #0072B2; }
.svkit-wrap-labels .widget-checkbox { height: auto; width: 100%; }
.svkit-wrap-labels .widget-label-basic, .svkit-wrap-labels .widget-label-basic span {
  white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.4; font-size: 1rem; }
.svkit-rec-note p { margin: 0 0 0.2rem 1.6rem; font-size: 0.9rem; }
.svkit-wrap-labels .widget-label-basic { align-items: flex-start; }
.svkit-wrap-labels .widget-label-basic input { margin-top: 0.25rem; flex-shrink: 0; }

/* -- page width and reflow: up to about 1200 px on a laptop, down to a 390 px phone -- */
.svkit-app { max-width: min(75rem, 100%) !important; box-sizing: border-box; }
.jp-RenderedMarkdown, .jp-RenderedHTMLCommon { max-width: 75rem; }
.jp-RenderedMarkdown p, .jp-RenderedMarkdown li, .svkit-app .widget-html-content p,
.svkit-app .widget-html-content li { max-width: 75ch; }  /* readable lines, about 75 characters */
.svkit-app .widget-box, .svkit-app .widget-inline-hbox, .svkit-app .widget-slider { max-width: 100%; }
.svkit-app .widget-hbox { flex-wrap: wrap; column-gap: 1rem; }
.svkit-app .widget-inline-hbox { width: auto; flex-wrap: wrap; row-gap: 0.2rem; }
/* labels wrap instead of being cut off ('Social value weight ...') */
.svkit-app .widget-inline-hbox > .widget-label { white-space: normal; overflow: visible; text-overflow: clip;
  height: auto; min-height: var(--jp-widgets-inline-height); line-height: 1.4; max-width: 100%; padding-top: 0.2rem; }
/* every box shows its whole default value (number boxes were 36 px, one value box 10 px) */
.svkit-app .widget-text input, .svkit-app .widget-textarea textarea { flex: 1 1 10rem; min-width: min(10rem, 100%);
  max-width: 100%; }
.svkit-app .widget-dropdown > select { flex: 1 0 auto; width: auto; min-width: min(10rem, 100%); max-width: 100%; }
.svkit-app .widget-hslider .slider-container { min-width: 6rem; flex: 1 1 8rem; }

/* a result that is behind its controls looks it, and says so (1-4's sliders) */
.svkit-updating { opacity: 0.5; transition: opacity 0.1s; }

/* -- one type scale for lesson text and widgets -- */
.svkit-app, .jp-RenderedMarkdown { --jp-widgets-font-size: 1rem; --jp-content-font-size1: 1rem; }
.jp-RenderedMarkdown { font-size: 1rem; line-height: 1.5; color: #1a1a1a; }
.jp-RenderedMarkdown h1 { font-size: 1.8rem; margin: 0.5rem 0; }
.jp-RenderedMarkdown h2 { font-size: 1.3rem; margin: 1rem 0 0.4rem; }
.jp-RenderedMarkdown h3 { font-size: 1.1rem; margin: 0.8rem 0 0.3rem; }
.svkit-app .widget-label, .svkit-app .widget-label-basic, .svkit-app input, .svkit-app select,
.svkit-app textarea, .svkit-app button { font-size: 1rem; }

/* -- focus: a 3 px dark blue ring (8:1 on white) on every control, where the widgets had 1 px #64B5F6 -- */
.svkit-app :is(input, select, textarea, button, a[href], summary, [tabindex], .noUi-handle):focus-visible,
.jp-RenderedMarkdown a[href]:focus-visible {
  outline: 3px solid #0b4f9c !important; outline-offset: 1px; box-shadow: 0 0 0 1px #fff; }
.svkit-app .widget-text input:focus, .svkit-app .widget-textarea textarea:focus,
.svkit-app .widget-dropdown > select:focus, .svkit-app .widget-select > select:focus {
  outline: 3px solid #0b4f9c !important; outline-offset: 1px; }
</style>
"""


def style() -> widgets.HTML:
    """The kit's stylesheet as a widget (shown once per app)."""
    return widgets.HTML(STYLE, layout=widgets.Layout(height="0px", overflow="hidden"))
