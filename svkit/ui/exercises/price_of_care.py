"""Exercise 3-5: the open-book price of one contact hour of homecare.

Domain module: ``svkit.costofcare``. Data folder: ``data/costs/``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

import ipywidgets as widgets
from ipywidgets.widgets.widget_string import HTMLStyle

from svkit import content, costofcare, records
from svkit.ui.kit import (brief, InputApp, Markup, Page, esc, feedback_area, guarded, message, record_panel,
                          table as html_table)

LABEL = "3-5"
WIDE = {"description_width": "16rem"}
CUSTOM = "custom"
VISITS = [15, 30, 45, 60]
TRAVEL = [0, 5, 10, 15, 20]


def pct(x: float) -> float:
    return round(100 * x, 4)


class PriceOfCare(InputApp):
    """Every input of the build-up, the price of one contact hour, benchmarks and sensitivity."""

    label = LABEL

    def __init__(self, page: Page | None = None, start: bool = True):
        super().__init__(page)
        years = costofcare.years()
        self.year = widgets.Dropdown(options=years, value=content.current_year() if content.current_year() in years else years[-1],
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
        self.msg = self.problem  # the messages about the inputs and the price, under the wage
        self.sources = widgets.HTML()
        self.result = widgets.HTML()
        self.result.add_class("svkit-status")
        self.sensitivity = widgets.HTML()
        self.notes = widgets.Textarea(description="What I would ask a provider", placeholder="Saved as you type.",
                                      style={"description_width": "initial"},
                                      layout=widgets.Layout(width="100%", height="5rem"))
        # a message beside every number box (out of range), not only the one at the top
        # one layout and one style for all of them and their rows (never changed): about 60 fewer
        # widget models for the browser to make when the page opens
        self._beside_layout, beside_style = widgets.Layout(), HTMLStyle()
        self.beside = {w: _message_area(self._beside_layout, beside_style)
                       for w in self._named().values() if isinstance(w, widgets.FloatText)}
        self._summary_now: dict | None = None
        self._priced: tuple[costofcare.CareCostAssumptions, costofcare.CostBreakdown] | None = None
        self._wage_options()
        self.fill_defaults()  # the year's defaults, under any saved answers restored next
        if start:
            self.start()

    def start(self) -> bool:
        """Wire the parts that need the page (it waits for the visitor in a pooled kernel, so the
        widgets and the year's figures are ready before), then restore, observe and draw once."""
        self.record = record_panel(self.page, self.record_of, "svkit-price-of-care", "the price build-up",
                                   "the build-up and its inputs")
        self.reset.on_click(guarded(self.page, self.msg)(self.use_defaults))
        return super().start()

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {"year": self.year, "wage_choice": self.wage_choice, **self._named()}

    def saved_only(self) -> dict[str, widgets.ValueWidget]:
        return {"notes": self.notes}

    def restored(self, field: str) -> None:
        if field == "year":
            self._wage_options()  # the restored year's wages, before the saved choice among them

    def cascades(self) -> dict[widgets.Widget, Callable[[], None]]:
        return {self.year: self.new_year, self.wage_choice: self.new_wage}

    def _named(self) -> dict[str, widgets.Widget]:
        named = {"wage": self.wage, "visit_minutes": self.visit, "travel_minutes": self.travel,
                 "miles_per_visit": self.miles, "mileage_rate": self.mileage, "contact_hours_per_week": self.hours,
                 "ni_threshold": self.ni_threshold, "pension_lower": self.pension_lower, "running": self.running,
                 "running_convention": self.running_conv, "surplus": self.surplus,
                 "surplus_convention": self.surplus_conv}
        for key, (rate, flat, amount) in self.oncosts.items():
            named.update({f"{key}_rate": rate, f"{key}_is_flat": flat, f"{key}_flat": amount})
        return named

    def _wage_options(self):
        y = costofcare.year_costs(self.year.value)
        current = self.wage_choice.value
        self.wage_choice.options = [(f"{w.name}: £{w.value:.2f}", w.id) for w in y.wages] + [("Another wage", CUSTOM)]
        self.wage_choice.value = current if current in [w.id for w in y.wages] + [CUSTOM] else y.wages[0].id

    def fill_defaults(self):
        """Put the year's sourced defaults into every input (before :meth:`start`, or with the redraws held)."""
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

    def use_defaults(self, _button=None):
        """The button: every input back to the year's defaults, with one redraw."""
        with self.holding():
            self.fill_defaults()

    def new_year(self):
        """A new year: its wages to choose from, then its defaults in every input."""
        self._wage_options()
        self.fill_defaults()

    def new_wage(self):
        """A named wage puts its figure in the wage box; 'Another wage' leaves the box to the participant."""
        if self.wage_choice.value != CUSTOM:
            y = costofcare.year_costs(self.year.value)
            self.wage.value = next(w.value for w in y.wages if w.id == self.wage_choice.value)

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

    def breakdown(self, a: costofcare.CareCostAssumptions) -> costofcare.CostBreakdown:
        """``costofcare.hourly_rate(a)``, worked out once for the inputs on screen (the finance
        layer reads the same price)."""
        if self._priced is None or self._priced[0] != a:
            self._priced = (a, costofcare.hourly_rate(a))
        return self._priced[1]

    def draw(self):
        self._summary_now = None
        for key, (rate, is_flat, amount) in self.oncosts.items():
            amount.layout.display = "" if is_flat.value else "none"
            rate.layout.display = "none" if is_flat.value else ""
        self.wage.disabled = self.wage_choice.value != CUSTOM
        y = costofcare.year_costs(self.year.value)
        if not self.check_boxes():
            self.msg.value = message("A number is out of range; it is marked beside its box. The price below is "
                                     "for the last inputs that worked.", "error")
            return  # the participant's mistake, said beside each box: nothing is saved
        a = self.assumptions()
        problems = costofcare.check(a)
        if problems:
            self.msg.value = "".join(message(p, "error") for p in problems) + message(
                "The price below is for the last inputs that worked.", "info")
            return
        warning = costofcare.wage_warning(a, y.legal_minimum)
        self.msg.value = message(warning + " The price is still worked out.", "warn") if warning else ""
        result = self.breakdown(a)
        self.sources.value = sources_html(y)
        self.result.value = waterfall_html(result) + benchmarks_html(result.total, y)
        visits = costofcare.price_against(a, "visit_minutes", VISITS)
        travel = costofcare.price_against(a, "travel_minutes", TRAVEL)
        self.sensitivity.value = (
            bars_html("Price per contact hour by visit length", [f"{v}-minute visits" for v in VISITS], visits)
            + bars_html("Price per contact hour by paid travel per visit", [f"{t} minutes" for t in TRAVEL], travel))
        self._summary_now = {"year": a.year, "wage": a.wage, "total": round(result.total, 2),
                             "hca_minimum": y.benchmarks["hca_minimum"].value}

    def summary(self) -> dict | None:
        """Saved after a participant's change that priced (none when an input was refused)."""
        if self._summary_now is not None:
            self.record.stale()  # the record written before no longer matches the page
        return self._summary_now

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

    def app(self) -> widgets.VBox:  # type: ignore[override]
        oncost_rows = [w for trio in self.oncosts.values() for w in (trio[1], trio[0], trio[2])]
        return super().app(*self._with_messages(
            widgets.HTML(brief(LABEL)), self.year, self.wage_choice, self.wage, self.reset, self.msg,
            widgets.HTML("<h2>Visits and travel</h2>"), self.visit, self.travel, self.miles, self.mileage,
            widgets.HTML("<h2>On-costs</h2>"), self.hours, self.ni_threshold, self.pension_lower, *oncost_rows,
            widgets.HTML("<h2>Running costs and surplus</h2>"), self.running, self.running_conv, self.surplus,
            self.surplus_conv, self.sources,
            widgets.HTML("<h2>The price of one contact hour</h2>"), self.result, self.sensitivity,
            widgets.HTML("<h2>Reflect</h2>"), self.notes, self.record))

    def _with_messages(self, *parts: widgets.Widget) -> list[widgets.Widget]:
        """Each number box followed by its own message area."""
        return [widgets.VBox([p, self.beside[p]], layout=self._beside_layout) if p in self.beside else p
                for p in parts]

    def record_of(self):
        """The build-up on screen and every input behind it, as a record and two sheets."""
        a = self.assumptions()
        return records.price_of_care(a, self.breakdown(a), self.notes.value)


def _message_area(layout: widgets.Layout, style: HTMLStyle) -> widgets.HTML:
    """:func:`feedback_area` on a shared layout and style."""
    area = widgets.HTML("", layout=layout, style=style)
    area.add_class("svkit-status")
    area.add_class("svkit-feedback")
    return area


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
        rows.append([item, f"£{value:.2f}", basis, _bar(f"{100 * start / total:.2f}%", f"{100 * value / total:.2f}%")])
        start += value
    rows.append(["Price per contact hour", Markup(f"<strong>£{total:.2f}</strong>"), "the sum of the lines above",
                 _bar("0", "100%")])
    return html_table("How the price builds up (a waterfall: each bar starts where the last one ended)",
                      ["Cost", "£ per contact hour", "Basis", "Share of the price"], rows,
                      cell_classes={3: "svkit-wf-cell"}, row_classes={len(rows) - 1: "svkit-winner"})


def _bar(left: str, width: str) -> Markup:
    """A waterfall or comparison bar for a table cell: decoration only (the number sits in its own cell)."""
    return Markup(f'<span class="svkit-wf" aria-hidden="true"><span style="margin-left:{left};width:{width}">'
                  "</span></span>")


def benchmarks_html(total: float, y: costofcare.YearCosts) -> str:
    rows = []
    for key, label in (("hca_minimum", "Homecare Association minimum price"), ("average_fee", "Average fee councils paid")):
        b = y.benchmarks.get(key)
        if b is None:
            continue
        flag = "" if b.confirmed else " <strong>(unconfirmed)</strong>"
        rows.append([Markup(esc(label) + flag), f"£{b.value:.2f}", b.source])
    for figure in content.load().apps[LABEL].cited_figures:  # data/apps/3-5.yaml: Wigan's prices before it remodelled
        rows.append([figure.name, figure.value, str(figure.source)])
    return html_table(f"Your £{total:.2f} beside published figures for {y.year}",
                      ["Benchmark", "£ per contact hour", "Source"], rows)


def bars_html(title: str, labels: list[str], values: list[float]) -> str:
    top = max(values) or 1
    rows = [[label, f"£{v:.2f}", _bar("0", f"{100 * v / top:.2f}%")] for label, v in zip(labels, values)]
    return html_table(title, ["Case", "Price", "Compared"], rows, cell_classes={2: "svkit-wf-cell"})


def build_price_of_care(page: Page | None = None) -> widgets.VBox:
    """The open-book price build-up with sourced defaults, benchmarks and sensitivity."""
    lab = PriceOfCare(page, start=False)  # both parts' widgets and figures, before the page waits for its visitor
    finance = FinanceLayer(lab)
    lab.start()
    finance.start()
    return with_finance_layer(lab, lab.app(), finance)


# -- the finance layer (issue 19): budget, wage from a fee, minimum wage, uplift, the whole market --
def with_finance_layer(lab: PriceOfCare, app: widgets.VBox, finance: FinanceLayer) -> widgets.VBox:
    """``app`` with the finance sections placed before the page's status line."""
    children = list(app.children)
    at = children.index(lab.page.status) if lab.page.status in children else len(children) - 1
    app.children = tuple(children[:at] + [finance.box] + children[at:])
    app.finance = finance
    return app


class FinanceLayer(InputApp):
    """The questions a chief finance officer asks of the price above, each in plain numbers.

    A second part of the lab's page: its own inputs, redrawn when they change and whenever the lab's
    price is redrawn; its summary is saved under ``finance_summary``.
    """

    label = LABEL
    summary_field = "finance_summary"

    def __init__(self, lab: PriceOfCare):
        from svkit import carefinance

        super().__init__()  # the lab's page: taken in start(), once the lab has it
        self.lab = lab
        self.d = carefinance.finance_defaults()
        self.hours = widgets.BoundedFloatText(value=self.d.hours_per_week, min=0, max=1e7, step=100,
                                              description="Contact hours a week", style=WIDE)
        self.fee = widgets.BoundedFloatText(value=0.0, min=0, max=500, step=0.01, description="Fee the council pays (£ an hour)",
                                            style=WIDE)
        self.pay = widgets.BoundedFloatText(value=0.0, min=0, max=200, step=0.01,
                                            description="Care worker's pay (£ per paid hour)", style=WIDE)
        self.travel_paid = widgets.Checkbox(value=False, description="Travel time between visits is paid (the build-up above pays it; not every provider does)", indent=False)
        self.years = widgets.BoundedIntText(value=self.d.contract_years, min=1, max=15, description="Contract length (years)",
                                            style=WIDE)
        self.uplift = widgets.BoundedFloatText(value=0.0, min=-50, max=50, step=0.1, description="Uplift each year (%)",
                                               style=WIDE)
        self.msg = self.problem
        self.budget_view, self.wage_view, self.nmw_view, self.uplift_view, self.book_view = (
            widgets.HTML() for _ in range(5))
        for view in (self.budget_view, self.wage_view, self.nmw_view):
            view.add_class("svkit-status")
        self._summary_now: dict | None = None
        self.box = widgets.VBox([
            widgets.HTML("<h2>For the budget</h2><p>The same price, read the way a finance officer reads it: what "
                         "a volume of care costs a year, what a fee can pay a care worker, whether pay survives the "
                         "minimum wage once travel is counted, what the contract costs over its life, and what the "
                         "whole market costs rather than one provider.</p>"),
            widgets.HTML("<h3>1. From £ an hour to a budget</h3>"), self.hours, self.budget_view,
            widgets.HTML("<h3>2. From a fee back to a wage</h3>"), self.fee, self.wage_view,
            widgets.HTML("<h3>3. The minimum wage, counting travel</h3>"), self.pay, self.travel_paid, self.nmw_view,
            widgets.HTML("<h3>4. The uplift over the contract</h3>"), self.years, self.uplift, self.uplift_view,
            self.msg,
            widgets.HTML("<h3>5. The whole market, open book</h3>"), self.book_view])
        carefinance.open_book()  # read now, with the rest, before the page waits for its visitor

    def start(self) -> bool:
        """After the lab has started: this part's defaults follow the lab's restored inputs, then
        its own saved answers are restored over them, and it is drawn once."""
        self.page = self.lab.page
        self._fill_defaults()
        return super().start()

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {"finance_hours": self.hours, "finance_fee": self.fee, "finance_pay": self.pay,
                "finance_travel_paid": self.travel_paid, "finance_years": self.years, "finance_uplift": self.uplift}

    def extra_triggers(self) -> list[widgets.Widget]:
        # the lab's result changes once per successful redraw (not once per input it refills)
        return [self.lab.result]

    def _fill_defaults(self) -> None:
        from svkit import carefinance

        y = costofcare.year_costs(self.lab.year.value)
        self.fee.value = y.benchmarks["average_fee"].value
        self.pay.value = self.lab.wage.value
        try:
            share = carefinance.pay_share(self.lab.breakdown(self.lab.assumptions()))
        except ValueError:
            share = 0.7
        self.uplift.value = round(100 * carefinance.wage_led_uplift(share, self.d.wage_rise, self.d.other_rise), 1)

    def draw(self) -> None:
        from svkit import carefinance

        self._summary_now = None
        a = self.lab.assumptions()
        if costofcare.check(a):
            self.msg.value = message("Fix the inputs above first; the figures in this part are for the last "
                                     "inputs that worked.", "error")
            return
        y = costofcare.year_costs(a.year)
        breakdown = self.lab.breakdown(a)
        price = breakdown.total
        if self.hours.value <= 0:
            self.budget_view.value = message("Enter the contact hours a week, above 0.", "error")
        else:
            self.budget_view.value = budget_html(price, self.hours.value, self.d, y)
        self.wage_view.value = fee_to_wage_html(self.fee.value, a, y)
        self.nmw_view.value = minimum_wage_html(self.pay.value, a, y, self.travel_paid.value, self.d)
        self.uplift_view.value = uplift_html(price, self.years.value, self.uplift.value, self.hours.value, self.d,
                                             breakdown)
        self.book_view.value = open_book_html(carefinance.open_book(), price, a, y, self.d)
        self._summary_now = {
            "hours_per_week": self.hours.value, "price": round(price, 2),
            "annual_budget": round(price * self.hours.value * self.d.weeks, 0) if self.hours.value > 0 else None,
            "fee": self.fee.value, "uplift_pct": self.uplift.value, "years": self.years.value}

    def summary(self) -> dict | None:
        return self._summary_now


def budget_html(price: float, hours: float, d, y: costofcare.YearCosts) -> str:
    from svkit import carefinance

    rows = [("The price built up above", price, "this exercise")]
    for key, label in (("hca_minimum", "Homecare Association minimum price"), ("average_fee", "Average fee councils paid")):
        b = y.benchmarks.get(key)
        if b is not None:
            rows.append((label + ("" if b.confirmed else " (unconfirmed)"), b.value, b.source))
    body = [[n, f"£{v:.2f}", f"£{carefinance.annual_budget(v, hours, d.weeks):,.0f}", s] for n, v, s in rows]
    gap = carefinance.annual_budget(price, hours, d.weeks) - carefinance.annual_budget(y.benchmarks["average_fee"].value, hours, d.weeks)
    return (f"<p>{hours:,.0f} contact hours a week for {d.weeks:g} weeks is {hours * d.weeks:,.0f} hours a year. "
            f"Paying the price above instead of the average fee changes the budget by <strong>£{gap:,.0f} a year"
            "</strong>.</p>"
            + html_table(f"The budget for {hours:,.0f} hours a week, {y.year}",
                         ["Price", "£ per contact hour", "£ a year", "Source"], body, cell_classes={3: "svkit-source"})
            + f'<p class="svkit-source">Default volume: {esc(d.hours_source)}.</p>')


def fee_to_wage_html(fee: float, a: costofcare.CareCostAssumptions, y: costofcare.YearCosts) -> str:
    from svkit import carefinance

    if fee <= 0:
        return message("Enter the fee the council pays, above £0.", "error")
    try:
        wage = carefinance.wage_from_fee(fee, a)
    except ValueError as exc:
        return message(str(exc), "error")
    wages = {w.id: w for w in y.wages}
    verdicts = []
    for wid in ("nlw", "rlw"):
        w = wages.get(wid)
        if w is not None:
            verdicts.append(f"{'at or above' if wage >= w.value - 1e-9 else 'below'} the {w.name} (£{w.value:.2f})")
    kind = "ok" if wage >= y.legal_minimum - 1e-9 else "error"
    return (message(f"A fee of £{fee:.2f} an hour, with the travel, on-costs, running costs and surplus set above, can "
                    f"pay a care worker £{wage:.2f} an hour: {'; '.join(verdicts)}.", kind)
            + '<p class="svkit-source">Worked back from the build-up: the wage at which the price above equals the fee.</p>')


def minimum_wage_html(pay: float, a: costofcare.CareCostAssumptions, y: costofcare.YearCosts, travel_paid: bool, d) -> str:
    from svkit import carefinance

    if pay <= 0:
        return message("Enter the care worker's pay per paid hour, above £0.", "error")
    check = carefinance.minimum_wage_check(pay, a.visit_minutes, a.travel_minutes, y.legal_minimum,
                                           a.travel_minutes if travel_paid else 0.0)
    working = (f"£{pay:.2f} x {a.visit_minutes + (a.travel_minutes if travel_paid else 0):g} paid minutes / 60 = "
               f"£{check.paid_per_visit:.2f} for {check.working_minutes:g} minutes' work ({a.visit_minutes:g} with the "
               f"person, {a.travel_minutes:g} travelling) = £{check.effective_rate:.2f} an hour worked")
    if check.passes:
        verdict = message(f"Passes: {working}, at or above the legal minimum of £{y.legal_minimum:.2f} for {y.year}.", "ok")
    else:
        verdict = message(f"Fails: {working}, £{check.shortfall_per_hour:.2f} an hour below the legal minimum of "
                          f"£{y.legal_minimum:.2f} for {y.year}. Paying travel time, or a higher rate, fixes it.", "error")
    return (verdict + f"<p>{esc(d.minimum_wage_rule.strip())}</p><p class=\"svkit-source\">Source: "
            f"{esc(d.minimum_wage_source)}. How sure: {esc(d.minimum_wage_confidence)}. Travel minutes and visit "
            "length are the ones set above. Not legal advice.</p>")


def uplift_html(price: float, years: int, uplift_pct: float, hours: float, d, breakdown: costofcare.CostBreakdown) -> str:
    from svkit import carefinance

    if years < 1 or hours <= 0:
        return message("Enter a length of at least 1 year and hours a week above 0.", "error")
    schedule = carefinance.uplift_schedule(price, [uplift_pct / 100] * (years - 1), hours, d.weeks)
    share = carefinance.pay_share(breakdown)
    suggested = carefinance.wage_led_uplift(share, d.wage_rise, d.other_rise)
    rows = [[f"Year {i}", f"{100 * r.uplift:.1f}%", f"£{r.price:.2f}", f"£{r.budget:,.0f}", f"£{r.cumulative:,.0f}"]
            for i, r in schedule.iterrows()]
    return (f"<p>A cost-led uplift: {100 * share:.0f}% of the price moves with pay. If pay rises "
            f"{100 * d.wage_rise:.1f}% ({esc(d.wage_rise_source)}) and other costs {100 * d.other_rise:.1f}% "
            f"({esc(d.other_rise_source)}), the price should rise about {100 * suggested:.1f}% a year.</p>"
            + html_table(f"The contract year by year at {uplift_pct:g}% a year",
                         ["Year", "Uplift", "£ per contact hour", "£ that year", "£ so far"], rows)
            + f"<p>Over {years} year{'s' if years != 1 else ''}: <strong>£{schedule['cumulative'].iloc[-1]:,.0f}</strong>.</p>")


def open_book_html(book, price: float, a: costofcare.CareCostAssumptions, y: costofcare.YearCosts, d) -> str:
    from svkit import carefinance

    result = carefinance.consolidate(book.providers, d.weeks)
    rlw = next((w.value for w in y.wages if w.id == "rlw"), None)
    rows = []
    for name, r in result.by_provider.iterrows():
        flags = []
        if r.surplus_share > d.surplus_flag:
            flags.append(f"surplus {100 * r.surplus_share:.1f}% of the price: ask what it pays for")
        if rlw is not None and book.year == y.year and r.wage < rlw - 1e-9:
            flags.append(f"pays £{r.wage:.2f}, below the Real Living Wage of £{rlw:.2f}")
        if r.travel_time < 1e-9:
            flags.append("no paid travel time")
        rows.append([name, f"{r.hours_per_week:,.0f}", f"£{r.wage:.2f}", f"£{r.price:.2f}",
                     f"{100 * r.surplus_share:.1f}%", f"£{r.annual_cost:,.0f}", "; ".join(flags) or "none"])
    lines = [[carefinance.LINE_NAMES[line], f"£{r.weighted:.2f}", f"£{r.low:.2f} to £{r.high:.2f}"]
             for line, r in result.lines.iterrows()]
    return (f"<p>{esc(book.title)}, {esc(book.year)}. Weighted by each provider's hours, the market costs "
            f"<strong>£{result.price:.2f} a contact hour</strong> and £{result.annual_cost:,.0f} a year for "
            f"{result.hours_per_week:,.0f} hours a week; the price built up above is £{price:.2f}.</p>"
            + html_table("Each provider's open-book return", ["Provider", "Hours a week", "Wage", "£ per contact hour",
                                                              "Surplus share", "£ a year", "Worth a question"], rows)
            + html_table("The market, line by line (hours-weighted)",
                         ["Line", "Weighted £ per contact hour", "Range"], lines)
            + f"<p class=\"svkit-source\">Source: {esc(book.source)}. Flag for surplus: "
            f"{esc(d.surplus_flag_rationale.strip())}</p>")
