"""Exercise 3-5: the open-book price of one contact hour of homecare."""

from __future__ import annotations

from dataclasses import replace

import ipywidgets as widgets

from svkit import content, costofcare, records
from svkit.ui.common import Page, esc, feedback_area, guarded, message, record_panel

LABEL = "3-5"
WIDE = {"description_width": "16rem"}
CUSTOM = "custom"
WIGAN_2015 = ("£11-£22 an hour in 2015, with no link between price and quality",
              "CCIN Social Value Toolkit launch webinar (2025), 'Home Care 2015'")
VISITS = [15, 30, 45, 60]
TRAVEL = [0, 5, 10, 15, 20]

BRIEF = """
<h2>Brief</h2>
<p>Before Wigan remodelled its homecare market, it paid prices from £11 to £22 an hour with no link
between price and quality. Working with providers on an open-book basis, it modelled a fair hourly rate
and made paying the Real Living Wage one of its non-negotiable imperatives. (Source: CCIN Social Value
Toolkit launch webinar (2025), 'Home Care 2015' and 'Our remodelled Home Care market'.)</p>
<h2>Task</h2>
<p>Choose a year and a wage. Every other input starts from a sourced default; change any of them and
the price rebuilds. Each on-cost can be a rate or a flat £ per contact hour, and running costs and
surplus can be a mark-up on cost or a share of the price, as different published models show them.</p>
"""


def pct(x: float) -> float:
    return round(100 * x, 4)


class PriceOfCare:
    def __init__(self, page: Page):
        self.page = page
        years = costofcare.years()
        self.year = widgets.Dropdown(options=years, value="2025-26" if "2025-26" in years else years[-1],
                                     description="Financial year", style=WIDE)
        self.wage_choice = widgets.Dropdown(description="Wage", style=WIDE, layout=widgets.Layout(width="36rem"))
        self.wage = widgets.FloatText(description="Hourly wage (£)", style=WIDE, step=0.01)
        self.visit = widgets.FloatText(description="Visit length (minutes)", style=WIDE)
        self.travel = widgets.FloatText(description="Paid travel per visit (minutes)", style=WIDE)
        self.miles = widgets.FloatText(description="Miles per visit", style=WIDE)
        self.mileage = widgets.FloatText(description="Mileage rate (£ a mile)", style=WIDE, step=0.01)
        self.hours = widgets.FloatText(description="Contact hours in a typical week", style=WIDE)
        self.ni_threshold = widgets.FloatText(description="NI secondary threshold (£ a year)", style=WIDE)
        self.pension_lower = widgets.FloatText(description="Pension: earnings above (£ a year)", style=WIDE)
        self.oncosts = {}
        for key, name in (("holiday", "Holiday pay"), ("ni", "Employer NI"), ("pension", "Pension"),
                          ("sickness", "Sickness"), ("training", "Training and supervision")):
            rate = widgets.FloatText(description=f"{name} (%)", style=WIDE, step=0.1)
            flat = widgets.Checkbox(value=False, description=f"Give {content.in_sentence(name)} as £ per contact hour", indent=False)
            amount = widgets.FloatText(value=0.0, description=f"{name} (£ per contact hour)", style=WIDE, step=0.01)
            self.oncosts[key] = (rate, flat, amount)
        self.running = widgets.FloatText(description="Running the business (%)", style=WIDE, step=0.5)
        self.running_conv = widgets.Dropdown(options=[("share of the price", "share"), ("mark-up on cost", "markup")],
                                             value="share", description="Running costs as a", style=WIDE)
        self.surplus = widgets.FloatText(description="Surplus (%)", style=WIDE, step=0.5)
        self.surplus_conv = widgets.Dropdown(options=[("share of the price", "share"), ("mark-up on cost", "markup")],
                                             value="share", description="Surplus as a", style=WIDE)
        self.reset = widgets.Button(description="Use the year's defaults", layout=widgets.Layout(width="auto"))
        self.msg = feedback_area()
        self.sources = widgets.HTML()
        self.result = widgets.HTML()
        self.result.add_class("svkit-status")
        self.sensitivity = widgets.HTML()
        self.notes = widgets.Textarea(description="What I would ask a provider", placeholder="Saved as you type.",
                                      style={"description_width": "initial"},
                                      layout=widgets.Layout(width="100%", height="5rem"))
        self.record = record_panel(page, self.record_of, "svkit-price-of-care", "the price build-up",
                                   "the build-up and its inputs")
        self.ready = False
        self.inputs = [self.wage, self.visit, self.travel, self.miles, self.mileage, self.hours, self.ni_threshold,
                       self.pension_lower, self.running, self.running_conv, self.surplus, self.surplus_conv,
                       *(w for trio in self.oncosts.values() for w in trio)]
        # a message beside every number box (out of range), not only the one at the top
        self.beside = {w: feedback_area() for w in self.inputs if isinstance(w, widgets.FloatText)}
        self._wage_options()
        self.fill_defaults()
        for w in self.inputs:
            w.observe(self._guard(self.recalculate), names="value")
        self.year.observe(self._guard(self.on_year), names="value")
        self.wage_choice.observe(self._guard(self.on_wage), names="value")
        self.reset.on_click(self._guard(lambda _: (self.fill_defaults(), self.recalculate({"new": None}))))
        page.bind(self.year, "year")
        self._wage_options()
        page.bind(self.wage_choice, "wage_choice")
        for name, w in self._named().items():
            page.bind(w, name)
        page.bind(self.notes, "notes")
        self.ready = True
        self.recalculate()

    def _named(self) -> dict[str, widgets.Widget]:
        named = {"wage": self.wage, "visit_minutes": self.visit, "travel_minutes": self.travel,
                 "miles_per_visit": self.miles, "mileage_rate": self.mileage, "contact_hours_per_week": self.hours,
                 "ni_threshold": self.ni_threshold, "pension_lower": self.pension_lower, "running": self.running,
                 "running_convention": self.running_conv, "surplus": self.surplus,
                 "surplus_convention": self.surplus_conv}
        for key, (rate, flat, amount) in self.oncosts.items():
            named.update({f"{key}_rate": rate, f"{key}_is_flat": flat, f"{key}_flat": amount})
        return named

    def _guard(self, callback):
        @guarded(self.page, self.msg)
        def run(change=None):
            if self.ready:
                callback(change)
        return run

    def _wage_options(self):
        y = costofcare.year_costs(self.year.value)
        current = self.wage_choice.value
        self.wage_choice.options = [(f"{w.name}: £{w.value:.2f}", w.id) for w in y.wages] + [("Another wage", CUSTOM)]
        self.wage_choice.value = current if current in [w.id for w in y.wages] + [CUSTOM] else y.wages[0].id

    def fill_defaults(self):
        """Put the year's sourced defaults into every input."""
        was, self.ready = self.ready, False
        try:
            a = costofcare.assumptions_for(self.year.value, self.wage_choice.value if self.wage_choice.value != CUSTOM
                                           else "nlw")
            self.wage.value, self.visit.value, self.travel.value = a.wage, a.visit_minutes, a.travel_minutes
            self.miles.value, self.mileage.value, self.hours.value = a.miles_per_visit, a.mileage_rate, a.contact_hours_per_week
            self.ni_threshold.value, self.pension_lower.value = a.ni_threshold, a.pension_lower
            for key, value in (("holiday", a.holiday_rate), ("ni", a.ni_rate), ("pension", a.pension_rate),
                               ("sickness", a.sickness_rate), ("training", a.training_rate)):
                rate, flat, amount = self.oncosts[key]
                rate.value, flat.value, amount.value = pct(value), False, 0.0
            self.running.value, self.surplus.value = pct(a.running), pct(a.surplus)
            self.running_conv.value = self.surplus_conv.value = "share"
        finally:
            self.ready = was

    def on_year(self, change=None):
        self.ready = False
        try:
            self._wage_options()
        finally:
            self.ready = True
        self.fill_defaults()
        self.recalculate(change)

    def on_wage(self, change=None):
        if self.wage_choice.value != CUSTOM:
            y = costofcare.year_costs(self.year.value)
            self.ready = False
            self.wage.value = next(w.value for w in y.wages if w.id == self.wage_choice.value)
            self.ready = True
        self.recalculate(change)

    def assumptions(self) -> costofcare.CareCostAssumptions:
        flat = {}
        rates = {}
        for key, (rate, is_flat, amount) in self.oncosts.items():
            rates[key] = rate.value / 100
            flat[key] = amount.value if is_flat.value else None
        return costofcare.CareCostAssumptions(
            year=self.year.value, wage=self.wage.value, visit_minutes=self.visit.value, travel_minutes=self.travel.value,
            miles_per_visit=self.miles.value, mileage_rate=self.mileage.value, contact_hours_per_week=self.hours.value,
            holiday_rate=rates["holiday"], ni_rate=rates["ni"], ni_threshold=self.ni_threshold.value,
            pension_rate=rates["pension"], pension_lower=self.pension_lower.value, sickness_rate=rates["sickness"],
            training_rate=rates["training"], holiday_flat=flat["holiday"], ni_flat=flat["ni"],
            pension_flat=flat["pension"], sickness_flat=flat["sickness"], training_flat=flat["training"],
            running=self.running.value / 100, running_convention=self.running_conv.value,
            surplus=self.surplus.value / 100, surplus_convention=self.surplus_conv.value)

    def recalculate(self, change=None):
        for key, (rate, is_flat, amount) in self.oncosts.items():
            amount.layout.display = "" if is_flat.value else "none"
            rate.layout.display = "none" if is_flat.value else ""
        self.wage.disabled = self.wage_choice.value != CUSTOM
        y = costofcare.year_costs(self.year.value)
        if not self.check_boxes():
            self.msg.value = message("A number is out of range; it is marked beside its box. The price below is "
                                     "for the last inputs that worked.", "error")
            return
        a = self.assumptions()
        problems = costofcare.check(a)
        if problems:
            self.msg.value = "".join(message(p, "error") for p in problems) + message(
                "The price below is for the last inputs that worked.", "info")
            return
        warning = costofcare.wage_warning(a, y.legal_minimum)
        self.msg.value = message(warning + " The price is still worked out.", "warn") if warning else ""
        result = costofcare.hourly_rate(a)
        self.sources.value = sources_html(y)
        self.result.value = waterfall_html(result) + benchmarks_html(result.total, y)
        visits = costofcare.price_against(a, "visit_minutes", VISITS)
        travel = costofcare.price_against(a, "travel_minutes", TRAVEL)
        self.sensitivity.value = (
            bars_html("Price per contact hour by visit length", [f"{v}-minute visits" for v in VISITS], visits)
            + bars_html("Price per contact hour by paid travel per visit", [f"{t} minutes" for t in TRAVEL], travel))
        if change is not None:
            self.record.stale()
            self.page.save("summary", {"year": a.year, "wage": a.wage, "total": round(result.total, 2),
                                       "hca_minimum": y.benchmarks["hca_minimum"].value})

    def check_boxes(self) -> bool:
        """Put a message beside each number box that is out of range; True when none is."""
        above_zero = (self.wage, self.visit, self.hours)
        ok = True
        for box, area in self.beside.items():
            value = box.value
            if box.layout.display == "none":
                text = ""
            elif value < 0:
                text = f"{box.description} cannot be negative; {value:g} was typed."
            elif box in above_zero and value == 0:
                text = f"{box.description} must be above 0."
            else:
                text = ""
            area.value = message(text, "error")
            ok = ok and not text
        return ok

    def app(self) -> widgets.VBox:
        oncost_rows = [w for trio in self.oncosts.values() for w in (trio[1], trio[0], trio[2])]
        return self.page.app(*self._with_messages(
            widgets.HTML(BRIEF), self.year, self.wage_choice, self.wage, self.reset, self.msg,
            widgets.HTML("<h2>Visits and travel</h2>"), self.visit, self.travel, self.miles, self.mileage,
            widgets.HTML("<h2>On-costs</h2>"), self.hours, self.ni_threshold, self.pension_lower, *oncost_rows,
            widgets.HTML("<h2>Running costs and surplus</h2>"), self.running, self.running_conv, self.surplus,
            self.surplus_conv, self.sources,
            widgets.HTML("<h2>The price of one contact hour</h2>"), self.result, self.sensitivity,
            widgets.HTML("<h2>Reflect</h2>"), self.notes, self.record))

    def _with_messages(self, *parts: widgets.Widget) -> list[widgets.Widget]:
        """Each number box followed by its own message area."""
        return [widgets.VBox([p, self.beside[p]]) if p in self.beside else p for p in parts]

    def record_of(self):
        """The build-up on screen and every input behind it, as a record and two sheets."""
        a = self.assumptions()
        return records.price_of_care(a, costofcare.hourly_rate(a), self.notes.value)


def sources_html(y: costofcare.YearCosts) -> str:
    items = [f"Wages: {'; '.join(f'{w.name} £{w.value:.2f} ({w.source})' for w in y.wages)}",
             f"Employer NI: {y.employer_ni.source}", f"Pension: {y.pension.source}", f"Holiday: {y.holiday.source}",
             f"Mileage: {y.mileage_rate.source}", f"Visits, travel, sickness, training, running costs and surplus: "
             f"{y.operating.source}"]
    return ("<details><summary>Where the defaults come from</summary><ul>"
            + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul></details>")


def waterfall_html(result: costofcare.CostBreakdown) -> str:
    """The build-up as an HTML waterfall: each line a bar starting where the last ended."""
    total = result.total
    rows, start = [], 0.0
    for item, value, basis in result.lines.itertuples(index=False):
        rows.append(
            f'<tr><th scope="row">{esc(item)}</th><td>£{value:.2f}</td><td>{esc(basis)}</td>'
            f'<td class="svkit-wf-cell"><span class="svkit-wf" aria-hidden="true"><span style="margin-left:'
            f'{100 * start / total:.2f}%;width:{100 * value / total:.2f}%"></span></span></td></tr>')
        start += value
    rows.append(f'<tr class="svkit-winner"><th scope="row">Price per contact hour</th><td><strong>£{total:.2f}'
                '</strong></td><td>the sum of the lines above</td><td class="svkit-wf-cell"><span class="svkit-wf" '
                'aria-hidden="true"><span style="margin-left:0;width:100%"></span></span></td></tr>')
    return ('<table class="svkit-table"><caption>How the price builds up (a waterfall: each bar starts where the '
            'last one ended)</caption><tr><th scope="col">Cost</th><th scope="col">£ per contact hour</th>'
            f'<th scope="col">Basis</th><th scope="col">Share of the price</th></tr>{"".join(rows)}</table>')


def benchmarks_html(total: float, y: costofcare.YearCosts) -> str:
    rows = []
    for key, label in (("hca_minimum", "Homecare Association minimum price"), ("average_fee", "Average fee councils paid")):
        b = y.benchmarks.get(key)
        if b is None:
            continue
        flag = "" if b.confirmed else " <strong>(unconfirmed)</strong>"
        rows.append(f'<tr><th scope="row">{esc(label)}{flag}</th><td>£{b.value:.2f}</td><td>{esc(b.source)}</td></tr>')
    rows.append(f'<tr><th scope="row">Wigan before remodelling</th><td>{esc(WIGAN_2015[0])}</td><td>{esc(WIGAN_2015[1])}</td></tr>')
    return (f'<table class="svkit-table"><caption>Your £{total:.2f} beside published figures for {esc(y.year)}</caption>'
            '<tr><th scope="col">Benchmark</th><th scope="col">£ per contact hour</th><th scope="col">Source</th></tr>'
            f'{"".join(rows)}</table>')


def bars_html(title: str, labels: list[str], values: list[float]) -> str:
    top = max(values) or 1
    rows = "".join(f'<tr><th scope="row">{esc(label)}</th><td>£{v:.2f}</td><td class="svkit-wf-cell"><span '
                   f'class="svkit-wf" aria-hidden="true"><span style="margin-left:0;width:{100 * v / top:.2f}%">'
                   "</span></span></td></tr>" for label, v in zip(labels, values))
    return (f'<table class="svkit-table"><caption>{esc(title)}</caption><tr><th scope="col">Case</th>'
            f'<th scope="col">Price</th><th scope="col">Compared</th></tr>{rows}</table>')


def build_price_of_care(page: Page | None = None) -> widgets.VBox:
    """The open-book price build-up with sourced defaults, benchmarks and sensitivity."""
    return PriceOfCare(page or Page(LABEL)).app()
