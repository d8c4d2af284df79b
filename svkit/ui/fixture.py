"""A test-only app with one of every kind of widget the kit uses.

Served from tests/fixtures/a11y/ by the browser tests, so the shared
accessibility fixes in ``svkit.ui.kit`` are checked on sliders and charts
before any lesson needs them.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import plots, tender
from svkit.ui.kit import Page, chart, readouts_not_tab_stops, upload_box


def load_bids_message(name: str, content: bytes) -> str:
    """Check an uploaded bids file; every problem becomes one plain message."""
    try:
        bids = tender.load_bids(content)
    except tender.BidsError as exc:
        raise ValueError("; ".join(tender.describe(p) for p in exc.problems)) from exc
    return f"Loaded {len(bids)} bids from '{name}'."


def build_widget_gallery(page: Page | None = None) -> widgets.VBox:
    """Sliders, choices, text and a chart, all bound and labelled."""
    page = page or Page("fixture")
    style = {"description_width": "initial"}
    parts = [
        page.bind(widgets.IntSlider(value=3, min=0, max=10, description="Whole number slider", style=style), "int"),
        page.bind(widgets.FloatSlider(value=0.5, min=-1, max=1, step=0.1, description="Competition to collaboration", style=style), "float"),
        page.bind(widgets.Dropdown(options=["One", "Two"], description="A choice", style=style), "choice"),
        page.bind(widgets.RadioButtons(options=["Yes", "No"], description="Yes or no", style=style), "radio"),
        page.bind(widgets.SelectMultiple(options=["A", "B", "C"], description="Several", style=style), "multi"),
        page.bind(widgets.Checkbox(description="Tick me", value=False), "tick"),
        page.bind(widgets.Textarea(description="Free text", style=style), "text"),
        chart(plots.bar_chart(["Price", "Quality", "Social value"], [40, 50, 10], "Weights", "%"),
              caption="Example weights.", source="illustrative"),
        upload_box(page, "Upload bids", tender.UPLOAD_LIMIT_BYTES, load_bids_message,
                   limit_rows=tender.limits().max_bids, rows_of="bids"),
    ]
    readouts_not_tab_stops(page)
    return page.app(*parts, footer=False)
