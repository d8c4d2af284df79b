"""Exercise 2-3: lotting, and who can pass the turnover test."""

from __future__ import annotations

import ipywidgets as widgets

from svkit import lots, plots
from svkit.ui.common import Page, chart, esc, feedback_area, guarded, message

LABEL = "2-3"
WIDE = {"description_width": "initial"}
TYPE_NAMES = {"large": "Large firms", "sme": "SMEs", "vcse": "VCSEs", "coop": "Co-operatives"}
LAW = ("Public Contracts Regulations 2015, reg 58(9), and its successor under the Procurement Act 2023 "
       "regime, SI 2023/1348 Sch 16 para 3(3)")
NOT_LEGAL_ADVICE = ("The kit explains the turnover rule for training; it is not legal advice. Check a real "
                    "procurement's selection criteria with your legal team.")
SOURCE = "synthetic local supplier population (data/suppliers/README.md explains how it was generated, seed 2025)"

BRIEF = f"""
<h2>Brief</h2>
<p>Councils often ask bidders to show a yearly turnover of at least twice the contract's annual value.
That is the most the rules allow without a special reason ({esc(LAW)}). For a large single contract it
shuts out most local SMEs, voluntary organisations and co-operatives. The toolkit's ninth step is to
break a contract into lots, and keep bid criteria simple, where such organisations could deliver.
(Source: CCIN Social Value Toolkit (2025), supporting narrative, 'How to build social value into a
commercial contract'.)</p>
<h2>Task</h2>
<p>Start with the example contract or enter your own value. Split it into lots, by area or by service
line, and watch how many local organisations of each kind could bid. Then note the trade-offs you would
weigh for your own contract.</p>
"""


def build_lotting_exercise(page: Page | None = None) -> widgets.VBox:
    """Annual value, split and lots in; eligible organisations by type out, as a table and a chart."""
    page = page or Page(LABEL)
    example = lots.example_contract()
    lines = [(line.name, line.share) for line in example.service_lines]
    population = lots.suppliers()
    annual = widgets.BoundedFloatText(value=example.annual_value, min=0, max=1e10, step=50_000,
                                      description="Annual value of the contract (£)", style=WIDE)
    years = widgets.BoundedIntText(value=example.years, min=0, max=25, description="Length (years)", style=WIDE)
    value_msg = feedback_area()
    split = widgets.Dropdown(options=[(lots.SPLIT_NAMES[s], s) for s in lots.SPLITS], value="area",
                             description="How to split it", style=WIDE)
    count = widgets.BoundedIntText(value=4, min=1, max=12, description="Number of lots (1-12)", style=WIDE)
    multiple = widgets.BoundedFloatText(value=lots.DEFAULT_TURNOVER_MULTIPLE, min=0, max=10, step=0.5,
                                        description="Turnover needed, as a multiple of the lot's annual value",
                                        style=WIDE)
    split_msg = feedback_area()
    table = widgets.HTML()
    table.add_class("svkit-status")
    figure = widgets.HTML()
    notes = widgets.Textarea(description="Trade-offs for my contract", placeholder="Saved as you type.", style=WIDE,
                             layout=widgets.Layout(width="100%", height="6rem"))
    state = {"ready": False}

    @guarded(page, value_msg)
    def redraw(change=None):
        if not state["ready"]:
            return
        value_msg.value = split_msg.value = ""
        if annual.value <= 0:
            value_msg.value = message("Enter the contract's annual value, above £0.", "error")
            return
        if years.value <= 0:
            value_msg.value = message("Enter the contract's length: at least 1 year.", "error")
            return
        n = 1 if split.value == "one" else count.value
        count.disabled = split.value == "one"
        lot_list = lots.split_values(annual.value, split.value, n, lines)
        per_type = lots.eligible(population, annual.value, [v for _, v in lot_list] if n > 1 else 1, multiple.value)
        total_value = annual.value * years.value
        lot_rows = "".join(
            f"<tr><th scope=\"row\">{esc(name)}</th><td>£{value:,.0f}</td><td>£{value * multiple.value:,.0f}</td>"
            f"<td>{int((population['turnover'] >= multiple.value * value).sum())}</td></tr>"
            for name, value in lot_list)
        type_rows = "".join(
            f"<tr><th scope=\"row\">{esc(TYPE_NAMES[t])}</th><td>{row.eligible}</td><td>{row.total}</td>"
            f"<td>{100 * row.share:.0f}%</td></tr>" for t, row in per_type.iterrows())
        eligible_all = int(per_type["eligible"].sum())
        single = lots.eligible(population, annual.value, 1, multiple.value)["eligible"]
        small = ("sme", "vcse", "coop")
        gained = int(per_type.loc[list(small), "eligible"].sum() - single[list(small)].sum())
        if n == 1:
            in_words = ("As one lot, only organisations with a turnover of at least "
                        f"£{annual.value * multiple.value:,.0f} can bid. Try splitting it.")
        else:
            in_words = (f"Compared with one lot, {gained} more SMEs, VCSEs and co-operatives could bid. The price: "
                        f"{n} contracts to let, award and manage instead of one, and {n - 1} seam"
                        f"{'s' if n != 2 else ''} between providers to join up.")
        table.value = (
            f"<p>A contract worth £{annual.value:,.0f} a year for {years.value} year{'s' if years.value != 1 else ''} "
            f"(£{total_value:,.0f} in all), as {n} lot{'s' if n != 1 else ''}: <strong>{eligible_all} of "
            f"{len(population)}</strong> local organisations could bid for at least one lot.</p>"
            f"<p>{esc(in_words)}</p>"
            '<table class="svkit-table"><caption>The lots</caption><tr><th scope="col">Lot</th>'
            '<th scope="col">Annual value</th><th scope="col">Turnover needed</th><th scope="col">Organisations that pass</th></tr>'
            f"{lot_rows}</table>"
            '<table class="svkit-table"><caption>Who can bid for at least one lot</caption><tr><th scope="col">Type</th>'
            '<th scope="col">Can bid</th><th scope="col">In the area</th><th scope="col">Share</th></tr>'
            f"{type_rows}</table>")
        curve_split = "area" if split.value == "one" else split.value
        by_lots = lots.eligible_by_lots(population, annual.value, curve_split, multiple.value, lines)
        series = {TYPE_NAMES[t]: by_lots[t].astype(float).to_list() for t in lots.ORGANISATION_TYPES}
        item = plots.lines_chart(list(by_lots.index), series,
                                 f"Organisations that can bid, {lots.SPLIT_NAMES[curve_split].lower()}",
                                 "Number of lots", "Organisations that can bid", mark=n)
        figure.value = chart(item, source=f"{SOURCE}; turnover test at {multiple.value:g}x the lot's annual value").value
        if multiple.value > 2:
            split_msg.value = message(
                "A multiple above 2 needs a special reason under the rules (it is the most allowed without one).", "warn")
        if change is not None:
            page.save("summary", {"annual_value": annual.value, "years": years.value, "split": split.value, "lots": n,
                                  "turnover_multiple": multiple.value, "eligible": eligible_all,
                                  "organisations": len(population),
                                  "eligible_by_type": {t: int(v) for t, v in per_type["eligible"].items()}})

    for w in (annual, years, split, count, multiple):
        w.observe(redraw, names="value")
    page.bind(annual, "annual_value")
    page.bind(years, "years")
    page.bind(split, "split")
    page.bind(count, "lots")
    page.bind(multiple, "turnover_multiple")
    page.bind(notes, "tradeoffs")
    state["ready"] = True
    redraw()

    def points(items):
        return "".join(f"<li>{esc(p.text)} <span class=\"svkit-source\">({esc(str(p.source))})</span></li>"
                       for p in items)

    tradeoffs = widgets.HTML(
        f"<h2>The trade-offs</h2><h3>What lotting can gain</h3><ul>{points(example.gains)}</ul>"
        f"<h3>What it costs</h3><ul>{points(example.costs)}</ul>")
    return page.app(
        widgets.HTML(message(NOT_LEGAL_ADVICE, "warn")), widgets.HTML(BRIEF),
        widgets.HTML(f"<h2>The contract</h2><p>The example is <strong>{esc(example.title)}</strong>, covering twelve "
                     "service lines (illustrative figures, made up for teaching). Change the value to match a "
                     "contract of your own.</p>"),
        annual, years, value_msg,
        widgets.HTML("<h2>Split it</h2>"), split, count, multiple, split_msg,
        widgets.HTML("<h2>Who can bid</h2>"), table, figure, tradeoffs, notes,
    )
