"""Exercise 3-6: the neighbourhood zoning simulator.

Domain module: ``svkit.zoning``. Data folder: ``data/places/``.
"""

from __future__ import annotations

import base64
from functools import lru_cache

import ipywidgets as widgets

from svkit import content, htmlcharts, records, zoning
from svkit.ui.kit import brief, Page, esc, message, readouts_not_tab_stops, record_panel, table
from svkit.ui.kit.app import FunctionApp

LABEL = "3-6"
WIDE = {"description_width": "18rem"}
SEED = 0


SYNTHETIC = """
<h2>What is made up here</h2>
<p>Everything in the simulator except the 21,000 hours a week and the emission factor is
<strong>synthetic</strong>: the borough, where people live, their call times, the travel speed and the
detour factor. The kit chose the travel assumptions so that, at the starting settings, the borough-wide
market looks like the toolkit's account of Wigan in 2015 (carers on the road for longer than they spend
caring) and the zoned market reaches a walkable share near Wigan's 45% today. They are there to compare
two markets, not to forecast any real borough. The same speed and distances feed the default travel time
in the price of care (3-5).</p>
"""


@lru_cache(maxsize=1)
def the_borough() -> zoning.Borough:
    return zoning.borough()


@lru_cache(maxsize=32)
def run(kind: str, providers: int, zones: int) -> zoning.ZoningResult:
    market = zoning.Market.borough_wide(providers) if kind == "borough-wide" else zoning.Market.zoned(providers, zones)
    return zoning.simulate(the_borough(), market, SEED)


@lru_cache(maxsize=32)
def map_png(kind: str, providers: int, zones: int) -> bytes:
    b = the_borough()
    return htmlcharts.points_png(b.x, b.y, run(kind, providers, zones).provider, b.spec.size_km)


def compare_rows(wide: zoning.ZoningResult, zoned: zoning.ZoningResult, walk_km: float) -> list[tuple[str, list[str]]]:
    """Each measure, borough-wide then zoned, as the table shows it."""
    cost = [zoning.travel_cost_per_contact_hour(r) for r in (wide, zoned)]
    return [
        ("Travel minutes per contact hour", [f"{r.travel_minutes_per_contact_hour:.1f}" for r in (wide, zoned)]),
        ("Share of paid time spent travelling", [f"{100 * r.travel_share_of_paid_time:.0f}%" for r in (wide, zoned)]),
        (f"Visits within walking distance ({walk_km:g} km)", [f"{100 * r.walkable_share:.0f}%" for r in (wide, zoned)]),
        ("Kilometres driven in the week", [f"{r.km_driven:,.0f}" for r in (wide, zoned)]),
        ("CO2e from driving in the week (tonnes)", [f"{r.co2e_kg / 1000:.1f}" for r in (wide, zoned)]),
        (f"Travel cost per contact hour (price-of-care model, {content.current_year()}, NLW)", [f"£{c:.2f}" for c in cost]),
    ]


def compare_source() -> str:
    b = the_borough()
    ef = b.spec.emission_factor
    return (f"hours, {b.spec.hours_source}; emissions, {ef.source} ({ef.kg_per_km} kg CO2e per km, {ef.year}; "
            f"{ef.confidence} confidence); a door-to-door speed of {b.travel.speed_kmh:g} km/h, a detour factor of "
            f"{b.travel.detour_factor:g} and runs that follow the booking list are the kit's assumptions "
            f"({b.travel.confidence} confidence), shared with the price of care (3-5)")


def compare_html(wide: zoning.ZoningResult, zoned: zoning.ZoningResult, walk_km: float) -> str:
    b = the_borough()
    rows = compare_rows(wide, zoned, walk_km)
    return (table(f"A week of {b.spec.hours_per_week:,.0f} contact hours ({b.visits:,} visits to {b.clients:,} people)",
                  ["Measure", f"Borough-wide, {wide.market.providers} providers",
                   f"Zoned, {zoned.market.providers} providers in {zoned.market.zones} zones"],
                  [(name, a, z) for name, (a, z) in rows])
            + f'<p class="svkit-source">Sources: {esc(compare_source())}.</p>')


def maps_html(wide: zoning.ZoningResult, zoned: zoning.ZoningResult, keys: tuple[tuple, tuple]) -> str:
    panels = []
    for r, key, name in ((wide, keys[0], "Borough-wide market"), (zoned, keys[1], "Neighbourhood zones")):
        png = base64.b64encode(map_png(*key)).decode("ascii")
        alt = (f"{name}: a map of the synthetic borough with each of {the_borough().clients:,} clients as a dot coloured "
               f"by provider ({r.market.providers} providers). "
               + ("Colours are mixed everywhere: every provider's clients are spread across the borough."
                  if r.market.kind == "borough-wide" else
                  f"Colours form {r.market.zones} neighbourhood patches, each served by one provider."))
        panels.append(f'<div class="svkit-heat-panel"><p class="svkit-heat-title">{esc(name)}</p>'
                      f'<img src="data:image/png;base64,{png}" alt="{esc(alt)}" class="svkit-heat-img"></div>')
    return (f'<figure class="svkit-figure"><figcaption class="svkit-chart-title">Who serves whom: clients coloured by '
            f'provider</figcaption><div class="svkit-side-by-side">{"".join(panels)}</div>'
            '<p class="svkit-source">Source: the kit\'s synthetic borough (data/places/README.md).</p></figure>')


def build_zoning_simulator(page: Page | None = None) -> widgets.VBox:
    page = page or Page(LABEL)
    start = zoning.spec().starting_markets  # data/places/borough.yaml: Wigan's markets, before and after
    wide_p = widgets.IntSlider(value=start.borough_wide_providers, min=5, max=40, description="Providers, borough-wide market",
                               continuous_update=False, style=WIDE, layout=widgets.Layout(width="40rem"))
    zoned_p = widgets.IntSlider(value=start.zoned_providers, min=2, max=18, description="Providers, zoned market",
                                continuous_update=False, style=WIDE, layout=widgets.Layout(width="40rem"))
    zones = widgets.IntSlider(value=start.zones, min=4, max=30, description="Neighbourhood zones", continuous_update=False,
                              style=WIDE, layout=widgets.Layout(width="40rem"))
    walk = widgets.FloatSlider(value=the_borough().travel.walk_km, min=0.2, max=2.0, step=0.1, description="Walking distance (km)",
                               continuous_update=False, style=WIDE, layout=widgets.Layout(width="40rem"))
    msg = widgets.HTML()
    msg.add_class("svkit-feedback")
    table = widgets.HTML()
    table.add_class("svkit-status")
    maps = widgets.HTML()
    notes = widgets.Textarea(description="What this means for my borough", placeholder="Saved as you type.",
                             style={"description_width": "initial"}, layout=widgets.Layout(width="100%", height="5rem"))
    state = {"shown": None}

    def record_of():
        """The comparison on screen, with the settings behind it."""
        wide, zoned = state["shown"]
        settings = [("Providers, borough-wide market", f"{wide.market.providers}"),
                    ("Providers, zoned market", f"{zoned.market.providers} in {zoned.market.zones} zones"),
                    ("Walking distance", f"{walk.value:g} km")]
        return records.comparison("Zoning: travel in a borough-wide and a zoned market", settings,
                                  ["borough-wide", "zoned"], compare_rows(wide, zoned, walk.value), compare_source(),
                                  notes.value), None

    record = record_panel(page, record_of, "svkit-zoning", "the comparison")

    def draw() -> dict | None:
        msg.value = ""
        if zoned_p.value > zones.value:
            msg.value = message("Each provider needs at least one zone: use no more providers than zones. "
                                "The results below are for the last settings that worked.", "error")
            return
        wide_key, zoned_key = ("borough-wide", wide_p.value, 0), ("zoned", zoned_p.value, zones.value)
        wide = zoning.rewalk(run(*wide_key), the_borough(), walk.value)
        zoned = zoning.rewalk(run(*zoned_key), the_borough(), walk.value)
        table.value = compare_html(wide, zoned, walk.value)
        state["shown"] = (wide, zoned)
        maps.value = maps_html(wide, zoned, (wide_key, zoned_key))
        record.stale()
        return {
            "borough_wide": {"providers": wide_p.value, "travel_min_per_hour": round(wide.travel_minutes_per_contact_hour, 2)},
            "zoned": {"providers": zoned_p.value, "zones": zones.value,
                      "travel_min_per_hour": round(zoned.travel_minutes_per_contact_hour, 2)},
            "walk_km": walk.value}

    FunctionApp(page, {"providers_borough_wide": wide_p, "providers_zoned": zoned_p, "zones": zones, "walk_km": walk},
                draw, saved_only={"notes": notes}, problem=msg)
    readouts_not_tab_stops(page)
    return page.app(widgets.HTML(brief(LABEL)), widgets.HTML(SYNTHETIC), wide_p, zoned_p, zones, walk, msg, table, maps,
                    widgets.HTML("<h2>Reflect</h2>"), notes, record)


# A pooled kernel runs the default week before its visitor arrives.
_START = zoning.spec().starting_markets
run("borough-wide", _START.borough_wide_providers, 0)
run("zoned", _START.zoned_providers, _START.zones)
map_png("borough-wide", _START.borough_wide_providers, 0)
map_png("zoned", _START.zoned_providers, _START.zones)
