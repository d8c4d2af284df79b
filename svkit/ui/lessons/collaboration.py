"""Lesson 3, social value through collaboration: the stepped process, the case explorer, the routes.

Domain module: ``svkit.canvas``. Data folder: ``data/collaboration/``.
"""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as widgets

from svkit import canvas, content, pathways, plots
from svkit.ui.kit import legal_notice, WIDE, Markup, Page, chart, esc, message, page_for, table
from svkit.ui.kit.nav import exercise_links

LABEL = "03-collaboration"
URL_PATH = "notebooks/03-collaboration.ipynb"
SOURCE = "CCIN Social Value Toolkit (2025), section 3, 'Collaborative Mindset' (our wording)"


@lru_cache(maxsize=12)
def steps_chart(highlight: int) -> tuple[plots.Chart, bytes]:
    """The stepped figure with one step highlighted, and its PNG, made once per step."""
    item = plots.steps_figure([s.title for s in canvas.steps().steps], highlight)
    return item, plots.png_bytes(item.figure)


def build_steps_walkthrough() -> widgets.VBox:
    """Walk the eleven steps one at a time: the figure follows, the step's text below it."""
    table = canvas.steps().steps
    choose = widgets.Dropdown(options=[(f"Step {s.number}: {s.title}", s.number - 1) for s in table], value=0,
                              description="Step", style=WIDE, layout=widgets.Layout(width="32rem"))
    back = widgets.Button(description="Previous step", layout=widgets.Layout(width="auto"))
    forward = widgets.Button(description="Next step", layout=widgets.Layout(width="auto"))
    figure = widgets.HTML()
    text = widgets.HTML()
    text.add_class("svkit-status")

    def show(change=None):
        i = choose.value
        item, png = steps_chart(i)
        figure.value = chart(item, source=SOURCE, png=png).value
        s = table[i]
        text.value = (f"<h3>Step {s.number}: {esc(s.title)}</h3><p>{esc(s.text)}</p>"
                      f"<p><em>In practice:</em> {esc(s.example.text)} ({esc(s.example.case)})</p>")
        back.disabled, forward.disabled = i == 0, i == len(table) - 1

    back.on_click(lambda _: setattr(choose, "value", max(0, choose.value - 1)))
    forward.on_click(lambda _: setattr(choose, "value", min(len(table) - 1, choose.value + 1)))
    choose.observe(show, names="value")
    show()
    box = widgets.VBox([widgets.HBox([choose, back, forward]), text, figure])
    box.add_class("svkit-app")  # styled like the rest of the page
    return box


def case_html(case: canvas.Case, table: canvas.Cases) -> str:
    features = {f.id: f.text for f in table.features}
    route = pathways.ROUTES.get(case.route_id, case.route_id)
    achieved = "".join(f"<li>{esc(a.text)} <span class=\"svkit-source\">(Source: {esc(str(a.source))}.)</span></li>"
                       for a in case.achieved)
    shows = "".join(f"<li>{esc(features[f])}</li>" for f in case.features)
    tools = "".join(f"<li>{esc(t)}</li>" for t in case.tools)
    return (f"<h3>{esc(case.name)}</h3><dl><dt>The problem</dt><dd>{esc(case.problem)}</dd>"
            f"<dt>The route taken</dt><dd>{esc(case.route)} (In the routes table: {esc(route)}.)</dd>"
            f"<dt>Tools used</dt><dd><ul>{tools}</ul></dd><dt>What it achieved</dt><dd><ul>{achieved}</ul></dd>"
            f"<dt>Common features it shows (our reading)</dt><dd><ul>{shows}</ul></dd></dl>")


def build_case_explorer() -> widgets.VBox:
    """Choose a case study to see its problem, route, tools, results and features."""
    table = canvas.cases()
    choose = widgets.ToggleButtons(options=[(c.name, c.id) for c in table.cases], value=table.cases[0].id,
                                   description="Case study", style={"button_width": "auto", **WIDE})
    shown = widgets.HTML()
    shown.add_class("svkit-status")

    def show(change=None):
        shown.value = case_html(next(c for c in table.cases if c.id == choose.value), table)

    choose.observe(show, names="value")
    show()
    features = "".join(f"<li>{esc(f.text)}</li>" for f in table.features)
    box = widgets.VBox([choose, shown, widgets.HTML(
        f"<details><summary>The common features the toolkit lists</summary><ul>{features}</ul>"
        f'<p class="svkit-source">Source: {esc(str(table.features_source))}.</p></details>')])
    box.add_class("svkit-app")
    return box


def routes_table() -> widgets.HTML:
    """The thirteen relational tools and pathways."""
    routes = pathways.routes()
    rows = [(r.name,
             Markup(esc(r.purpose) + (f" <strong>Under the law:</strong> {esc(r.law)}" if r.law else "")),
             r.case_study or "")
            for r in routes.routes]
    sources = "; ".join(esc(str(s)) for s in routes.sources)
    return widgets.HTML(
        legal_notice()
        + table("Relational commissioning tools and pathways", ["Tool or route", "What it is for", "Case study"], rows)
        + f'<p class="svkit-source">Source: {sources} (our wording).</p>')


def build_collaboration_lesson(page: Page | None = None) -> widgets.VBox:
    """The lesson's closing part: links to the exercises, save status and key points."""
    page = page or page_for(LABEL)
    return page.app(exercise_links(page, URL_PATH, 3))


def wigan_then_and_now() -> widgets.HTML:
    """Homecare in Wigan, 2015 against today, each row with its source."""
    from svkit import istatements

    rows = [(r.topic, r.then, r.now, str(r.source)) for r in istatements.then_and_now().rows]
    return widgets.HTML(
        table("Homecare in Wigan: 2015 and now", ["Topic", "2015", "Now", "Source"], rows,
              cell_classes={3: "svkit-source"})
        + wigan_figures_explained())


def wigan_figures_explained() -> str:
    """Why Wigan's spend and hours come to about £21 an hour, and how the kit reads two other differences."""
    from svkit import costofcare, istatements

    data = istatements.then_and_now()
    r = data.reconciliation
    rate = istatements.implied_hourly_rate(r.annual_spend, r.hours_per_week, r.weeks)
    year = content.current_year()
    built = costofcare.hourly_rate(costofcare.assumptions_for(year, "nlw")).total
    fee = costofcare.year_costs(year).benchmarks["average_fee"]
    reasons = "".join(f'<li>{esc(x.text)} <span class="svkit-source">({esc(str(x.source))})</span></li>' for x in r.reasons)
    differences = "".join(
        f"<li><strong>{esc(d.topic)}.</strong> {esc(d.text)} <span class=\"svkit-source\">"
        f"({esc('; '.join(str(s) for s in d.sources))})</span></li>" for d in data.differences)
    return (
        "<h3>Do Wigan's figures add up?</h3>"
        f"<p>About £{r.annual_spend / 1e6:,.0f}m a year for {r.hours_per_week:,.0f} hours a week is "
        f"£{r.annual_spend:,.0f} / ({r.hours_per_week:,.0f} x {r.weeks}) = <strong>about £{rate:.2f} an hour</strong>. "
        f"The price of care built up in exercise 3-5 for {year} on the National Living Wage is £{built:.2f} an hour, "
        f"and councils paid £{fee.value:.2f} on average ({esc(fee.source)}). {len(r.reasons)} points bear on the gap:</p>"
        f"<ul>{reasons}</ul>"
        f'<p class="svkit-source">Source of the £23m and the hours: {esc("; ".join(str(s) for s in r.sources))}.</p>'
        f"<h3>Two more figures that look inconsistent</h3><ul>{differences}</ul>")
