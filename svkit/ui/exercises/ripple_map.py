"""Exercise 3-4: build a ripple effect map and draft community indicators.

Domain module: ``svkit.ripples``. Data folder: ``data/apps/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import plots, ripples
from svkit.ui.kit import chosen, WIDE, brief, Page, chart, esc, record_downloads, feedback_area, guarded, message

LABEL = "3-4"
NONE = ""


INDICATOR_HELP = """
<h2>Draft community indicators</h2>
<p>A community indicator in the Cornerstone style is chosen with the people concerned, in their own
words, about something that matters to them, and can be tracked by asking them again over time. For
example: 'the share of people receiving care who know the name of their carer', or 'how many
neighbours someone could ask for help'.</p>
"""


def ripple_figure(activity: str, ripples_now: list[ripples.Ripple]) -> plots.Chart:
    """The map as a radial network figure, with alt text and its contents as numbers."""
    alt, numbers = ripples.figure_words(activity, ripples_now)
    return plots.ripple_map(activity, ripples_now, ripples.positions(ripples_now), ripples.TAGS, ripples.RINGS,
                            alt, numbers)


def build_ripple_map(page: Page | None = None) -> widgets.VBox:
    """An activity, ripples at three removes with tags, a radial figure, indicators and a download."""
    page = page or Page(LABEL)
    state = {"map": ripples.from_saved(page.saved.get("ripples"))}
    activity = widgets.Text(description="The activity", style=WIDE, layout=widgets.Layout(width="100%"),
                            continuous_update=False)
    page.bind(activity, "activity")
    text = widgets.Text(description="What changed", style=WIDE, layout=widgets.Layout(width="100%"))
    ring = widgets.Dropdown(options=[("First remove (a direct result)", 1), ("Second remove", 2), ("Third remove", 3)],
                            value=1, description="How far out", style=WIDE)
    tag = widgets.Dropdown(options=[(v, k) for k, v in ripples.TAGS.items()], value="social", description="Kind of change",
                           style=WIDE)
    parent = widgets.Dropdown(options=[("The activity itself", ripples.CENTRE)], value=ripples.CENTRE,
                              description="Grew from", style=WIDE, layout=widgets.Layout(width="36rem"))
    add_button = widgets.Button(description="Add ripple", button_style="primary", layout=widgets.Layout(width="auto"))
    add_msg = feedback_area()
    listing = widgets.HTML()
    drop = widgets.Dropdown(description="Ripple to remove", style=WIDE, layout=widgets.Layout(width="36rem"))
    drop_button = widgets.Button(description="Remove it (and what grew from it)", layout=widgets.Layout(width="auto"))
    figure = widgets.HTML()
    indicators = [widgets.Text(description=f"Indicator {i}", style=WIDE, layout=widgets.Layout(width="100%"))
                  for i in (1, 2, 3)]
    for i, w in enumerate(indicators, start=1):
        page.bind(w, f"indicator:{i}")
    prepare = widgets.Button(description="Prepare my map", button_style="primary", layout=widgets.Layout(width="auto"))
    result = feedback_area()
    downloads = widgets.HTML()

    def parent_options(change=None):
        if ring.value == 1:
            parent.options = [("The activity itself", ripples.CENTRE)]
        else:
            choices = [(r.text, r.id) for r in state["map"] if r.ring == ring.value - 1]
            parent.options = choices or [(f"Add a ripple at remove {ring.value - 1} first", NONE)]
        parent.disabled = ring.value == 1

    def redraw(save: bool = False):
        m = state["map"]
        names = {r.id: r.text for r in m}
        rows = "".join(
            f"<li>Remove {r.ring}: <strong>{esc(r.text)}</strong> ({esc(ripples.TAGS[r.tag])}); grows from "
            f"{esc(names.get(r.parent, activity.value or 'the activity'))}</li>"
            for r in sorted(m, key=lambda r: (r.ring, r.id)))
        listing.value = (f"<h3>Your ripples ({len(m)})</h3><ul>{rows}</ul>" if m
                         else message("No ripples yet. Start with a direct result of the activity.", "info"))
        drop.options = [("Choose…", NONE)] + [(f"Remove {r.ring}: {r.text}", r.id) for r in m]
        item = ripple_figure(activity.value, m)
        figure.value = chart(item, source="your map; method from the CCIN Social Value Toolkit (2025), section 3").value
        parent_options()
        downloads.value = ""
        if save:
            page.save("ripples", ripples.to_saved(m))
            page.save("summary", {"activity": activity.value, "ripples": len(m),
                                  "by_ring": {str(k): sum(r.ring == k for r in m) for k in ripples.RINGS},
                                  "by_tag": {t: sum(r.tag == t for r in m) for t in ripples.TAGS},
                                  "indicators": sum(bool(w.value.strip()) for w in indicators)})

    @guarded(page, add_msg)
    def on_add(_=None):
        if ring.value > 1 and parent.value == NONE:
            raise ValueError(f"Add a ripple at remove {ring.value - 1} first; this one must grow from it.")
        state["map"] = ripples.add(state["map"], text.value, ring.value, tag.value, parent.value)
        text.value = ""
        add_msg.value = message("Added.", "ok")
        redraw(save=True)

    @guarded(page, add_msg)
    def on_remove(_=None):
        gone = chosen(drop, NONE, "Choose the ripple to remove first.")
        before = len(state["map"])
        state["map"] = ripples.remove(state["map"], gone)
        add_msg.value = message(f"Removed {before - len(state['map'])} ripple(s).", "ok")
        redraw(save=True)

    @guarded(page, result)
    def on_prepare(_=None):
        record = ripples.record(activity.value, state["map"], [w.value for w in indicators])
        downloads.value = record_downloads(record, "svkit-ripple-map", "the map")
        result.value = message("Your map is ready to download.", "ok")

    page.bind(ring, "draft_ring")
    page.bind(tag, "draft_tag")
    page.bind(text, "draft_text")
    ring.observe(parent_options, names="value")
    activity.observe(lambda change: redraw(save=True), names="value")
    for w in indicators:
        w.observe(lambda change: page.save("summary", {**page.saved.get("summary", {}),
                                                       "indicators": sum(bool(i.value.strip()) for i in indicators)}),
                  names="value")
    add_button.on_click(on_add)
    drop_button.on_click(on_remove)
    prepare.on_click(on_prepare)
    redraw()
    return page.app(widgets.HTML(brief(LABEL)), activity,
                    widgets.HTML("<h2>Add a ripple</h2>"), text, ring, tag, parent, add_button, add_msg,
                    listing, drop, drop_button, figure, widgets.HTML(INDICATOR_HELP), *indicators,
                    widgets.HTML("<h2>Your map</h2>"), prepare, result, downloads)
