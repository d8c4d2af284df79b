"""Exercise 2-3: lotting, and who can pass the turnover test.

Domain module: ``svkit.lots``. Data folder: ``data/lots/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import content, lots, plots, records
from svkit.ui.kit import legal_notice, WIDE, Page, chart, esc, feedback_area, message, record_panel
from svkit.ui.kit import table as html_table  # `table` in the builder: the widget that shows them
from svkit.ui.kit.app import FunctionApp

LABEL = "2-3"
def number_layout() -> widgets.Layout:
    """A layout of its own for each number box (a shared one would hide them all with one), sized to
    show the whole number."""
    return widgets.Layout(width="auto")


# What the boxes take (a value outside gets a message beside it, never a silent change):
MAX_LOTS = 12  # the example has twelve service lines, so at most twelve lots (svkit.lots refuses more)
MAX_ANNUAL = 1e10  # £ a year: far above any council contract
MIN_YEARS, MAX_YEARS = 1, 25  # years: a contract runs at least a year; 25 covers long PFI-style terms
MAX_MULTIPLE = 10.0  # x the lot's annual value: the box refuses more; the legal cap is judged from data (lots.above_legal_cap)
TYPE_NAMES = {"large": "Large firms", "sme": "SMEs", "vcse": "VCSEs", "coop": "Co-operatives"}
SOURCE = "synthetic local supplier population (data/suppliers/README.md explains how it was generated, seed 2025)"

def brief_html(rule: lots.TurnoverRule) -> str:
    """The brief, with the turnover rule taught both ways from data/lots/example-contract.yaml."""
    sources = "; ".join(esc(str(s)) for s in rule.sources)
    return f"""
<h2>Brief</h2>
<p>Councils usually ask bidders to show a minimum yearly turnover. Two numbers are easy to mix up:</p>
<ul><li><strong>{esc(rule.legal.strip())}</strong></li><li>{esc(rule.practice.strip())}</li></ul>
<p class="svkit-source">Sources: {sources}. How sure the kit is: {esc(rule.confidence.strip())}</p>
<p>This exercise starts from the common practice ({rule.practice_multiple:g} times the lot's {esc(rule.practice_basis)}).
For a large single contract even that shuts out most local SMEs, voluntary organisations and
co-operatives. The toolkit's ninth step is to break a contract into lots, and keep bid criteria
simple, where such organisations could deliver. (Source: CCIN Social Value Toolkit (2025), supporting
narrative, 'How to build social value into a commercial contract'.)</p>
{TASK}"""


TASK = """<h2>Task</h2>
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
    # number boxes are never bounded in the browser (that clamps silently): each is checked below, with a message
    annual = widgets.FloatText(value=example.annual_value, step=50_000, description="Annual value of the contract (£)",
                               style=WIDE, layout=number_layout())
    years = widgets.FloatText(value=example.years, description="Length (years)", style=WIDE, layout=number_layout())
    value_msg = feedback_area()
    split = widgets.Dropdown(options=[(lots.SPLIT_NAMES[s], s) for s in lots.SPLITS], value="area",
                             description="How to split it", style=WIDE)
    count = widgets.FloatText(value=4, step=1, description="Number of lots (1-12)", style=WIDE, layout=number_layout())
    rule = example.turnover_rule
    multiple = widgets.FloatText(value=rule.practice_multiple, step=0.5,
                                 description="Turnover needed, as a multiple of the lot's annual value",
                                 style=WIDE, layout=number_layout())
    split_msg = feedback_area()
    table = widgets.HTML()
    table.add_class("svkit-status")
    figure = widgets.HTML()
    notes = widgets.Textarea(description="Trade-offs for my contract", placeholder="Saved as you type.", style=WIDE,
                             layout=widgets.Layout(width="100%", height="6rem"))
    state = {"shown": None}

    def record_of():
        """The eligibility table on screen (the last one that worked), with its settings."""
        if state["shown"] is None:
            raise ValueError("There is no result to record yet: enter the contract's value and length first.")
        return records.lotting(*state["shown"], notes=notes.value)

    record = record_panel(page, record_of, "svkit-lotting", "who can bid", "the eligibility table")

    def draw() -> dict | None:
        value_msg.value = split_msg.value = ""
        if annual.value <= 0:
            value_msg.value = message("Enter the contract's annual value, above £0.", "error")
            return
        if annual.value > MAX_ANNUAL:
            value_msg.value = message(f"£{annual.value:,.0f} a year is more than this exercise takes "
                                      f"(up to £{MAX_ANNUAL:,.0f}).", "error")
            return
        if not MIN_YEARS <= years.value <= MAX_YEARS:
            value_msg.value = message(f"Enter the contract's length: from {MIN_YEARS:g} to {MAX_YEARS:g} years; "
                                      f"{years.value:g} is outside that.", "error")
            return
        if split.value != "one" and (count.value != int(count.value) or not 1 <= count.value <= MAX_LOTS):
            split_msg.value = message(f"The number of lots must be a whole number from 1 to {MAX_LOTS}; "
                                      f"{count.value:g} is not.", "error")
            return
        if not 0 < multiple.value <= MAX_MULTIPLE:
            split_msg.value = message(f"The turnover multiple must be above 0 and at most {MAX_MULTIPLE:g}; "
                                      f"{multiple.value:g} is not.", "error")
            return
        n = 1 if split.value == "one" else int(count.value)
        count.disabled = split.value == "one"
        lot_list = lots.split_values(annual.value, split.value, n, lines)
        per_type = lots.eligible(population, annual.value, [v for _, v in lot_list] if n > 1 else 1, multiple.value)
        total_value = annual.value * years.value
        lot_rows = [(name, f"£{value:,.0f}", f"£{value * multiple.value:,.0f}",
                     int((population["turnover"] >= multiple.value * value).sum())) for name, value in lot_list]
        type_rows = [(TYPE_NAMES[t], int(row.eligible), int(row.total), f"{100 * row.share:.0f}%")
                     for t, row in per_type.iterrows()]
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
            f"<p>A contract worth £{annual.value:,.0f} a year for {years.value:g} year{'s' if years.value != 1 else ''} "
            f"(£{total_value:,.0f} in all), as {n} lot{'s' if n != 1 else ''}: <strong>{eligible_all} of "
            f"{len(population)}</strong> local organisations could bid for at least one lot.</p>"
            f"<p>{esc(in_words)}</p>"
            + html_table("The lots", ["Lot", "Annual value", "Turnover needed", "Organisations that pass"], lot_rows)
            + html_table("Who can bid for at least one lot", ["Type", "Can bid", "In the area", "Share"], type_rows))
        state["shown"] = (
            [("Annual value of the contract (£)", float(annual.value)), ("Length (years)", float(years.value)),
             ("How it is split", lots.SPLIT_NAMES[split.value]), ("Number of lots", n),
             ("Turnover needed, as a multiple of the lot's annual value", float(multiple.value))],
            [(name, float(value), float(value * multiple.value),
              int((population["turnover"] >= multiple.value * value).sum())) for name, value in lot_list],
            [(TYPE_NAMES[t], int(row.eligible), int(row.total)) for t, row in per_type.iterrows()],
            f"{eligible_all} of {len(population)} local organisations could bid for at least one lot. {in_words}")
        record.stale()
        curve_split = "area" if split.value == "one" else split.value
        by_lots = lots.eligible_by_lots(population, annual.value, curve_split, multiple.value, lines)
        series = {TYPE_NAMES[t]: by_lots[t].astype(float).to_list() for t in lots.ORGANISATION_TYPES}
        item = plots.lines_chart(list(by_lots.index), series,
                                 f"Organisations that can bid, {content.in_sentence(lots.SPLIT_NAMES[curve_split])}",
                                 "Number of lots", "Organisations that can bid", mark=n)
        figure.value = chart(item, source=f"{SOURCE}; turnover test at {multiple.value:g}x the lot's annual value").value
        cap = lots.legal_turnover_cap(min(v for _, v in lot_list), years.value, rule)
        if lots.above_legal_cap(multiple.value, years.value, rule):
            split_msg.value = message(
                f"{multiple.value:g} times the annual value is above the legal cap for a {years.value:g}-year contract: "
                f"{rule.legal_cap_multiple:g} times the lot's {rule.legal_cap_basis} (£{cap:,.0f} for the smallest lot). "
                "Going above it needs a special reason, recorded.", "warn")
        else:
            split_msg.value = message(
                f"Legal cap for the smallest lot: £{cap:,.0f} ({rule.legal_cap_multiple:g} times its {rule.legal_cap_basis} "
                f"over {years.value} year{'s' if years.value != 1 else ''}). The {multiple.value:g} times the annual value "
                "asked here is within it.", "info")
        return {"annual_value": annual.value, "years": years.value, "split": split.value, "lots": n,
                "turnover_multiple": multiple.value, "eligible": eligible_all, "organisations": len(population),
                "eligible_by_type": {t: int(v) for t, v in per_type["eligible"].items()}}

    FunctionApp(page, {"annual_value": annual, "years": years, "split": split, "lots": count,
                       "turnover_multiple": multiple}, draw, saved_only={"tradeoffs": notes}, problem=value_msg)

    def points(items):
        return "".join(f"<li>{esc(p.text)} <span class=\"svkit-source\">({esc(str(p.source))})</span></li>"
                       for p in items)

    tradeoffs = widgets.HTML(
        f"<h2>The trade-offs</h2><h3>What lotting can gain</h3><ul>{points(example.gains)}</ul>"
        f"<h3>What it costs</h3><ul>{points(example.costs)}</ul>")
    return page.app(
        widgets.HTML(legal_notice()), widgets.HTML(brief_html(rule)),
        widgets.HTML(f"<h2>The contract</h2><p>The example is <strong>{esc(example.title)}</strong>, covering twelve "
                     "service lines (illustrative figures, made up for teaching). Change the value to match a "
                     "contract of your own.</p>"),
        annual, years, value_msg,
        widgets.HTML("<h2>Split it</h2>"), split, count, multiple, split_msg,
        widgets.HTML("<h2>Who can bid</h2>"), table, figure, tradeoffs, notes, record,
    )
