"""Exercise 4-2: a self-assessment on the five mindset shifts, with a radar chart."""

from __future__ import annotations

import ipywidgets as widgets

from svkit import htmlcharts, mindset
from svkit.ui.common import Page, esc, feedback_area, guarded, live_note, message, say

LABEL = "4-2"
WIDE = {"description_width": "initial"}
AUTO = ""

BRIEF = """
<h2>Brief</h2>
<p>The toolkit's starting point for culture change is that Best Value and public benefit are
judgements made in context, in conversation with communities, markets and other councils, and not
only the output of a formula. It takes four shifts from the IIPP report for Camden on mission-led
procurement, and adds a fifth from the King's Fund 'Do With' campaign. (Source: CCIN Social Value
Toolkit (2025), section 4, 'Mindsets and Culture Shifts'.)</p>
<h2>Task</h2>
<p>For each shift, choose where you (or your team) stand today, from 1 (firmly at the starting end)
to 5 (firmly at the far end). Add a note of what shows it, if you like. Then pick the shift to work on
and write what one step along it would look like in your role. Your answers are saved as you go;
your trainer may show the room's profile, without names.</p>
"""


def radar_html(table: mindset.Mindset, profile: mindset.Profile) -> str:
    """The radar chart with alt text and the ratings as a table."""
    names = [s.name for s in table.shifts]
    values = [profile.ratings[s.id] for s in table.shifts]
    said = "; ".join(f"{n} {v}" for n, v in zip(names, values))
    alt = (f"Radar chart of your ratings on the five shifts, from {table.scale.min} at the centre to "
           f"{table.scale.max} at the edge: {said}.")
    svg = htmlcharts.radar_svg(names, values, table.scale.min, table.scale.max)
    rows = "".join(f'<tr><th scope="row">{esc(n)}</th><td>{v} ({esc(table.scale.labels[v])})</td></tr>'
                   for n, v in zip(names, values))
    return (f'<figure class="svkit-figure">{htmlcharts.svg_img(svg, alt, "28rem")}'
            f'<table class="svkit-table"><caption>Your ratings</caption>{rows}</table>'
            f"<p>Average {profile.mean:.1f} of {table.scale.max}. Most room to move: "
            f"{esc(', '.join(s.name for s in table.shifts if s.id in profile.lowest))}.</p>"
            '<p class="svkit-source">Shifts: CCIN Social Value Toolkit (2025), section 4, '
            "'Mindsets and Culture Shifts'. Ratings: yours.</p></figure>")


def build_mindset(page: Page | None = None) -> widgets.VBox:
    """Five rated shifts with optional evidence, a radar chart, and a next step for one shift."""
    table = mindset.shifts()  # before the page, which in a pooled kernel waits for the visitor
    roles = mindset.roles()
    page = page or Page(LABEL)
    role = widgets.Dropdown(options=[("Choose your role…", AUTO)] + [(r.name, r.id) for r in roles], value=AUTO,
                            description="My role", style=WIDE)
    page.bind(role, "role")
    ratings: dict[str, widgets.ToggleButtons] = {}
    blocks = []
    for s in table.shifts:
        rating = widgets.ToggleButtons(
            options=[(str(v), v) for v in range(table.scale.min, table.scale.max + 1)], value=None,
            description=f"Where I stand (1 {s.from_}, 5 {s.to})", style={**WIDE, "button_width": "3rem"},
            tooltips=[table.scale.labels[v] for v in range(table.scale.min, table.scale.max + 1)])
        page.bind(rating, f"rating:{s.id}")
        evidence = widgets.Text(description="What shows this (optional)", style=WIDE,
                                layout=widgets.Layout(width="100%"))
        page.bind(evidence, f"evidence:{s.id}")
        ratings[s.id] = rating
        blocks.append(widgets.VBox([
            widgets.HTML(f"<h3>{esc(s.name)}</h3><dl><dt>1: {esc(s.from_)}</dt><dd>{esc(s.from_text)}</dd>"
                         f"<dt>5: {esc(s.to)}</dt><dd>{esc(s.to_text)}</dd></dl>"
                         f'<p class="svkit-source">Source: {esc(str(s.source))}.</p>'),
            rating, evidence]))
    chart = widgets.HTML()
    live = live_note()
    focus = widgets.Dropdown(options=[("The shift I rated lowest", AUTO)] + [(s.name, s.id) for s in table.shifts],
                             value=AUTO, description="Shift to work on", style=WIDE)
    page.bind(focus, "focus")
    suggestion = widgets.HTML()
    step = widgets.Textarea(description="One step I could take", placeholder="Saved as you type.", style=WIDE,
                            layout=widgets.Layout(width="100%", height="5rem"))
    page.bind(step, "next_step")
    status = feedback_area()
    by_id = {s.id: s for s in table.shifts}

    def current() -> dict[str, int | None]:
        return {k: w.value for k, w in ratings.items()}

    def focus_shift(profile: mindset.Profile | None) -> mindset.Shift | None:
        if focus.value != AUTO:
            return by_id[focus.value]
        if profile is not None:
            return by_id[profile.lowest[0]]
        return None

    @guarded(page, status)
    def redraw(change=None):
        values = current()
        try:
            prof = mindset.profile(values, table)
        except ValueError as exc:
            prof = None
            chart.value = message(str(exc), "info")
            say(live, f"{sum(v is not None for v in values.values())} of {len(values)} shifts rated.")
        else:
            chart.value = radar_html(table, prof)
            say(live, f"Profile drawn. Average {prof.mean:.1f} of {table.scale.max}.")
        target = focus_shift(prof)
        if target is None:
            suggestion.value = message("Rate every shift, or choose one above, to see a suggested step.", "info")
        elif role.value == AUTO:
            suggestion.value = (f"<p>Working on <strong>{esc(target.name)}</strong>. Choose your role above to see "
                                "a step the kit suggests for it.</p>")
        else:
            suggestion.value = (f"<p>Working on <strong>{esc(target.name)}</strong>. One step the kit suggests for "
                                f"your role: {esc(target.steps[role.value])}</p>"
                                "<p>Write your own below: something you could do in the next month.</p>")
        if change is not None:
            rated = {k: v for k, v in values.items() if v is not None}
            summary = {"ratings": rated, "complete": prof is not None, "role": role.value,
                       "focus": target.id if target else ""}
            if prof is not None:
                summary.update(mean=round(prof.mean, 2), lowest=list(prof.lowest))
            page.save("summary", summary)

    for w in (*ratings.values(), role, focus):
        w.observe(redraw, names="value")
    redraw()
    return page.app(widgets.HTML(BRIEF), role, *blocks, widgets.HTML("<h2>Your profile</h2>"), live, chart,
                    widgets.HTML("<h2>One step</h2>"), focus, suggestion, step, status)
