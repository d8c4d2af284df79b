"""The shape of an app that turns inputs into a result (1-4, 2-1, 2-2, 2-3, 3-2, 3-3, 3-5, 3-6, 4-2, 4-3).

A subclass declares its inputs (answer field -> widget) in :meth:`InputApp.inputs`, and writes
:meth:`InputApp.draw` (inputs -> what the page shows) and :meth:`InputApp.summary` (the small
JSON object docs/stored-answers.md lists, or ``None``). The base class

- restores every saved answer before anything observes it (no ready flags, no ``change is None``),
  then saves each input on every change;
- guards every redraw: a ``ValueError`` is shown beside the result as the participant's mistake,
  any other error is logged and a plain message shown beside the result, and the app keeps working;
- sets many inputs with a single redraw (:meth:`InputApp.set_values`);
- redraws once after a burst of moves of the inputs declared in :meth:`InputApp.settling`
  (sliders held on an arrow key), saying meanwhile that the result is behind (:class:`Settle`).
- runs an input's cascade first when it changes (:meth:`InputApp.cascades`: a year whose change
  refills the other inputs with that year's defaults), then redraws once.

Wire first, then set: build the widgets, call :meth:`InputApp.start`, and lay the page out with
:meth:`InputApp.app`. Build before asking for :attr:`InputApp.page`: made on first use, it waits for
the visitor in a pooled kernel, and everything built before then is ready when the visitor comes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Callable, Iterator

import ipywidgets as widgets

from svkit.store import StoreError
from svkit.ui.kit.html import feedback_area, message
from svkit.ui.kit.page import SUMMARY_FIELD, Page, in_kernel

log = logging.getLogger("svkit.ui")

#: Shown beside a result whose redraw failed for a reason that is not the participant's input.
#: Seconds of quiet after a move of a settling input (a slider) before the result is redrawn. Arrow
#: keys repeat every 30-50 ms and deliberate presses come 100-200 ms apart, so a burst of moves is
#: drawn once, about a quarter of a second after the last, instead of once per move (45 moves left
#: 1-4's chart 12 s behind).
SETTLE_SECONDS = 0.25


class Settle:
    """Run ``redraw`` once after a burst of changes, showing that the result is behind meanwhile.

    Each :meth:`changed` marks the result as behind (``on_behind(True)``) and restarts a short
    timer; when it fires, ``redraw()`` runs once and ``on_behind(False)`` clears the mark. With no
    running event loop (plain Python, widget tests) the redraw runs at once.

    ``call_later(delay, callback)`` returns a handle with ``cancel()``; the kernel's asyncio loop
    by default.
    """

    def __init__(self, redraw: Callable[[], None], on_behind: Callable[[bool], None],
                 delay: float = SETTLE_SECONDS, call_later: Callable | None = None):
        self.redraw, self.on_behind, self.delay = redraw, on_behind, delay
        self._call_later = call_later
        self._pending = None
        self.redraws = 0  # how many times the result was drawn (for tests)

    def _scheduler(self) -> Callable | None:
        if self._call_later is not None:
            return self._call_later
        if not in_kernel():  # plain Python or a test: some other library's loop may be running here
            return None
        try:
            return asyncio.get_running_loop().call_later
        except RuntimeError:
            return None

    def changed(self, _change=None) -> None:
        schedule = self._scheduler()
        if schedule is None:
            self.flush()
            return
        if self._pending is None:
            self.on_behind(True)
        else:
            self._pending.cancel()
        self._pending = schedule(self.delay, self.flush)

    def flush(self) -> None:
        self._pending = None
        try:
            self.redraws += 1
            self.redraw()
        finally:
            self.on_behind(False)


REDRAW_FAILED = ("This part of the page could not be updated. Your saved answers are safe; change a value to "
                 "try again, or tell your trainer if it keeps happening.")


class InputApp:
    """Inputs in, a result out: declared inputs, a guarded :meth:`draw` and a :meth:`summary`.

    Parameters
    ----------
    page
        The app's page context; ``Page(self.label)`` when omitted.
    """

    #: The app's stable label (``"2-1"``); answers are saved under it.
    label: str = ""
    #: The answer field :meth:`summary` is saved under (a second part of a page has its own).
    summary_field: str = SUMMARY_FIELD

    #: Replaces the kernel's timer for :meth:`settling` inputs (tests); the kernel's loop when None.
    call_later: Callable | None = None

    def __init__(self, page: Page | None = None):
        self._page = page
        #: Messages about the result (bad input, a failed redraw) appear here, beside it.
        self.problem = feedback_area()
        self._holding = 0
        self._started = False
        self.settle: Settle | None = None
        self._cascades: dict[widgets.Widget, Callable[[], None]] = {}

    @property
    def page(self) -> Page:
        """The app's page context; ``Page(self.label)`` made on first use when none was given. In a
        pooled kernel the page reads its visitor's request only when first asked who the visitor
        is (restoring answers, in :meth:`start`): a subclass that builds its widgets and reads its
        data before then does that work before the visitor arrives, and :meth:`start` draws the
        defaults before it too."""
        if self._page is None:
            self._page = Page(self.label)
        return self._page

    @page.setter
    def page(self, page: Page) -> None:
        self._page = page

    # -- for subclasses -------------------------------------------------------------------
    def inputs(self) -> dict[str, widgets.ValueWidget]:
        """The answer fields and the widgets that hold them (saved and restored by the base class)."""
        raise NotImplementedError

    def saved_only(self) -> dict[str, widgets.ValueWidget]:
        """Answer fields that are saved and restored but do not change the result (notes, say)."""
        return {}

    def settling(self) -> dict[str, widgets.ValueWidget]:
        """Inputs moved in bursts (sliders): saved and restored like :meth:`inputs`, but the result
        is redrawn once a burst has settled, marked as behind meanwhile (:meth:`behind`)."""
        return {}

    def behind(self, is_behind: bool) -> None:
        """Show, or stop showing, that the result is behind a burst of moves (nothing by default)."""

    def extra_triggers(self) -> list[widgets.Widget]:
        """Widgets that redraw the result but are not saved answers (none by default)."""
        return []

    def cascades(self) -> dict[widgets.Widget, Callable[[], None]]:
        """Inputs whose change must first change others: widget -> what to do then (a year whose
        change refills every other input with its defaults). It runs with the redraws held, so the
        inputs it sets are saved but redraw nothing; then the result is redrawn once. An error in it
        is shown as a failed redraw is. None by default."""
        return {}

    def restored(self, field: str) -> None:
        """Called by :meth:`start` right after ``field`` is restored, before the next field is: for an
        input whose options follow an earlier answer (the wages of the restored year). Nothing by default."""

    def draw(self) -> None:
        """Show the result of the current inputs (raise ``ValueError`` for a mistake in them)."""
        raise NotImplementedError

    def summary(self) -> dict[str, Any] | None:
        """The small object saved under :attr:`summary_field` after a participant's change, or ``None``."""
        return None

    def summaries(self) -> dict[str, dict[str, Any] | None]:
        """Every summary saved after a participant's change, by answer field (``None`` saves none):
        :meth:`summary` under :attr:`summary_field` unless a subclass saves more than one."""
        return {self.summary_field: self.summary()}

    # -- wiring ---------------------------------------------------------------------------
    def start(self) -> bool:
        """Restore every saved answer, then observe the inputs, then draw once (saving nothing).
        True when that draw worked.

        In a pooled kernel whose visitor has not arrived yet, the defaults are drawn first, before
        the request is read: a visitor with nothing saved then waits for no drawing at all, and one
        with saved answers gets one redraw after they are restored (still before anything observes).
        """
        settling = self.settling()
        fields = {**self.inputs(), **settling}
        drawn: dict[str, Any] | None = None
        if self.page.visitor_pending and self.redraw(save=False):
            drawn = {field: widget.value for field, widget in fields.items()}
        for field, widget in {**fields, **self.saved_only()}.items():
            self.page.bind(widget, field)  # restores first (reading the request); saves every change after
            self.restored(field)
        self._cascades = self.cascades()
        for widget in [*self.inputs().values(), *self.extra_triggers()]:
            widget.observe(self._changed, names="value")
        if settling:
            self.settle = Settle(lambda: self._changed({}), self.behind, call_later=self.call_later)
            for widget in settling.values():
                widget.observe(self.settle.changed, names="value")
        self._started = True
        if drawn is None or _changed_since(drawn, fields):
            return self.redraw(save=False)
        return True

    def _changed(self, change: dict) -> None:
        if self._holding:
            return
        cascade = self._cascades.get(change.get("owner"))
        if cascade is not None:
            self._holding += 1
            try:
                worked = self._shown(cascade)
            finally:
                self._holding -= 1
            if not worked:
                return
        self.redraw()

    def _shown(self, step: Callable[[], None]) -> bool:
        """Run ``step``; an error is shown beside the result (a ``ValueError`` as the participant's
        mistake, anything else logged with a plain message). True when it worked."""
        try:
            step()
        except ValueError as exc:
            self.problem.value = message(str(exc), "error")
            return False
        except StoreError as exc:
            self.page.show_store_error(exc)
            return False
        except Exception:
            log.exception("redraw of %s failed", self.label or type(self).__name__)
            self.problem.value = message(REDRAW_FAILED, "error")
            return False
        return True

    def redraw(self, save: bool = True) -> bool:
        """Draw, then save the summary when ``save``; no error escapes. True when the draw worked.

        Inputs the draw itself sets (the bidders to choose from for a new bid set) are saved but
        do not redraw again."""
        self.problem.value = ""
        self._holding += 1
        try:
            worked = self._shown(self.draw)
        finally:
            self._holding -= 1
        if not worked:
            return False
        if save:
            for field, outcome in self._summaries().items():
                if outcome is not None:
                    self.page.save(field, outcome)
        return True

    def _summaries(self) -> dict[str, dict[str, Any] | None]:
        try:
            return self.summaries()
        except Exception:
            log.exception("summary of %s failed", self.label or type(self).__name__)
            return {}

    @contextlib.contextmanager
    def holding(self, save: bool = True) -> Iterator[None]:
        """Change many inputs inside this block; the result is redrawn once, at the end (saving its
        summary when ``save``)."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
        if not self._holding and self._started:
            self.redraw(save=save)

    def set_values(self, values: dict[str, Any]) -> None:
        """Set many inputs by answer field with a single redraw (each is still saved)."""
        fields = {**self.inputs(), **self.settling(), **self.saved_only()}
        with self.holding():
            for field, value in values.items():
                fields[field].value = value

    def app(self, *children: widgets.Widget, **kwargs: Any) -> widgets.VBox:
        """The page: ``children`` as laid out by the subclass (which places :attr:`problem`)."""
        return self.page.app(*children, **kwargs)


def _changed_since(drawn: dict[str, Any], fields: dict[str, widgets.ValueWidget]) -> bool:
    """True when restoring changed any input from the values the result was drawn with."""
    for field, widget in fields.items():
        try:
            if bool(widget.value != drawn[field]):
                return True
        except Exception:  # a value that does not compare plainly: draw again to be sure
            return True
    return False


class FunctionApp(InputApp):
    """An :class:`InputApp` for a builder that keeps its widgets in local names.

    ``draw()`` shows the result and returns the summary to save (``None`` saves none: an input the
    draw refused with its own message). ``on_change(summary)`` runs after a participant's change,
    never on loading (a live note announcing the change, a record link taken away as stale). ``problem`` is where a failed redraw says so (beside the
    result); a fresh feedback area when omitted.
    """

    def __init__(self, page: Page, inputs: dict[str, widgets.ValueWidget], draw: Callable[[], dict | None],
                 saved_only: dict[str, widgets.ValueWidget] | None = None, problem: widgets.HTML | None = None,
                 label: str = "", settling: dict[str, widgets.ValueWidget] | None = None,
                 behind: Callable[[bool], None] | None = None, call_later: Callable | None = None,
                 summary_field: str = SUMMARY_FIELD, on_change: Callable[[dict], None] | None = None):
        super().__init__(page)
        self.label = label or page.label
        self.summary_field, self._on_change = summary_field, on_change
        self._inputs, self._draw, self._saved_only = inputs, draw, saved_only or {}
        self._settling, self._behind, self.call_later = settling or {}, behind, call_later
        self._summary_now: dict | None = None
        if problem is not None:
            self.problem = problem
        self.start()

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return self._inputs

    def saved_only(self) -> dict[str, widgets.ValueWidget]:
        return self._saved_only

    def settling(self) -> dict[str, widgets.ValueWidget]:
        return self._settling

    def behind(self, is_behind: bool) -> None:
        if self._behind is not None:
            self._behind(is_behind)

    def draw(self) -> None:
        self._summary_now = None
        self._summary_now = self._draw()

    def summary(self) -> dict | None:
        if self._summary_now is not None and self._on_change is not None:
            self._on_change(self._summary_now)  # after a participant's change only: say what changed
        return self._summary_now
