"""Lesson 4, enabling transformative social value: shifts, pillars, recommendations by role, links.

Domain module: ``svkit.commongood``. Data folder: ``data/enabling/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import commongood, mindset, plan
from svkit.ui.kit import Page, esc, live_note, page_for, say, table
from svkit.ui.kit.nav import exercise_links

LABEL = "04-enabling"
URL_PATH = "notebooks/04-enabling.ipynb"
EVERY = ""


def shifts_table() -> widgets.HTML:
    """The five mindset shifts, both ends of each in words, with sources."""
    shifts = mindset.shifts().shifts
    return widgets.HTML(
        table("Five mindset shifts", ["Shift", "From", "To"], [(s.name, s.from_text, s.to_text) for s in shifts])
        + "<p class=\"svkit-source\">Source: CCIN Social Value Toolkit (2025), section 4, 'Mindsets "
        "and Culture Shifts', citing the IIPP report for Camden on mission-led procurement (first four) and the "
        "King's Fund 'Do With' campaign (fifth); our wording.</p>")


def pillars_table() -> widgets.HTML:
    """Mazzucato's five pillars for the common good, with the full reference."""
    fw = commongood.framework()
    return widgets.HTML(
        table("Five pillars for the common good, as a test of a supplier framework",
              ["Pillar", "What it asks of a framework"], [(p.name, p.meaning) for p in fw.pillars])
        + f'<p class="svkit-source">Pillars: {esc(str(fw.citation))}. Used by the toolkit for its '
        f"prototype: {esc(str(fw.toolkit_source))}. The descriptions are our wording.</p>")


def recommendations_html(role: str) -> str:
    roles = {r.id: r.name for r in mindset.roles()}
    chosen = plan.recommendations(role or None)
    parts = []
    for audience, heading in plan.AUDIENCES.items():
        items = "".join(
            f"<li>{esc(r.text)}{(' ' + esc(r.detail)) if r.detail else ''} "
            f'<span class="svkit-source">(For: {esc(", ".join(roles[x] for x in r.roles))}. '
            f"Source: {esc(str(r.source))}.)</span></li>"
            for r in chosen if r.audience == audience)
        if items:
            parts.append(f"<h3>{esc(heading)}</h3><ul>{items}</ul>")
    scope = "every role" if not role else roles[role]
    return (f"<p>{len(chosen)} recommendations for {esc(scope)}. Which roles each one suits best is the kit's "
            "judgement.</p>" + "".join(parts))


def build_recommendations_explorer() -> widgets.VBox:
    """The toolkit's recommendations, filtered by role."""
    roles = mindset.roles()
    choose = widgets.Dropdown(options=[("Every role", EVERY)] + [(r.name, r.id) for r in roles], value=EVERY,
                              description="Show recommendations for", style={"description_width": "initial"})
    shown = widgets.HTML(recommendations_html(EVERY))
    live = live_note()

    def show(change):
        shown.value = recommendations_html(change["new"])
        say(live, f"Showing {len(plan.recommendations(change['new'] or None))} recommendations.")

    choose.observe(show, names="value")
    return widgets.VBox([choose, live, shown])


def build_enabling_lesson(page: Page | None = None) -> widgets.VBox:
    """The lesson's closing part: links to the exercises, save status and key points."""
    page = page or page_for(LABEL)
    return page.app(exercise_links(page, URL_PATH, 4))
