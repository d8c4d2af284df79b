"""Exercise 2-2: the tender evaluation lab.

Domain module: ``svkit.tender``. Data folder: ``data/tenders/``.

Weights, a price scoring method and two social value approaches (an
illustrative menu scored on claimed £ proxies, and requirements embedded in the
core specification) side by side; a ranked table, stacked bars, the winner map
over every weighting with the current one marked, a points-chasing
demonstration and an upload of the participant's own bids.
"""

from __future__ import annotations

import hashlib
import logging

import ipywidgets as widgets
import pandas as pd

from svkit import export, htmlcharts, records, tender
from svkit.ui.kit import (WIDE, brief, InputApp, Markup, Page, download_link_html, esc, feedback_area, message,
                             record_panel, table as html_table, upload_box)

tender_log = logging.getLogger("svkit.ui.exercises.tender_lab")

LABEL = "2-2"
UPLOADED = "uploaded"
LAB_DEFAULTS = tender.lab_defaults()  # data/tenders/lab-defaults.yaml: chosen so the critique shows unprompted
DEFAULT_SET = LAB_DEFAULTS.bid_set
DEFAULT_WEIGHTS = dict(LAB_DEFAULTS.weights)
WEIGHT_STYLE = {"description_width": "9rem"}
def number_layout() -> widgets.Layout:
    """A layout of its own for each number box (a shared one would hide them all with one), sized to
    show the whole number."""
    return widgets.Layout(width="auto")


MAX_DEDUCTION = 100.0  # marks: losing more than all 100 marks per 1% means nothing
CHASES_KEPT = 8  # points-chasing results kept for a visitor who goes back to one (each holds two maps)
MIN_FACTOR, MAX_FACTOR = 1.0, 50.0  # the points-chasing multiplier: from no change to a wild exaggeration
APPROACH_NAMES = {"menu": "Menu (claimed £ proxy values)", "embedded": "Embedded (quality of delivery)"}
SET_TITLES = {
    "community-meals": "Community meals, 6 bidders (about £400k a year, 3 years)",
    "highways-maintenance": "Highways maintenance, 5 bidders (about £1.15m a year, 4 years)",
}
TYPE_NAMES = {"large": "Large firm", "sme": "SME", "vcse": "VCSE", "coop": "Co-operative"}
SOURCE = ("illustrative bids in data/tenders (see its README for their basis); menu values from the kit's "
          "own illustrative menu, not the National TOMs")


class TenderLab(InputApp):
    """The lab's state and widgets; :meth:`app` assembles them. One draw shows the bids, the rankings
    both ways, the bars, what the winner costs, the winner maps and the points chasing."""

    label = LABEL

    def __init__(self, page: Page | None = None):
        super().__init__(page)
        self.the_menu = tender.menu()
        self.uploaded: pd.DataFrame | None = None
        self.uploaded_name = ""
        self._maps: dict[tuple, tuple[pd.DataFrame, pd.DataFrame]] = {}
        self._chases: dict[tuple, tuple] = {}
        self._summaries_now: dict[str, dict | None] = {}
        #: The rankings last drawn and what they were drawn from: a change to the points chasing alone
        #: redraws that part only.
        self._ranked: tuple[tuple, dict[str, pd.DataFrame]] | None = None

        self.bid_set = widgets.Dropdown(options=self._set_options(), value=DEFAULT_SET,
                                        description="Bid set", style=WIDE, layout=widgets.Layout(width="40rem"))
        self.bids_table = widgets.HTML()
        self.w_price, self.w_quality, self.w_social = (
            widgets.FloatText(value=DEFAULT_WEIGHTS[key], description=f"{name} weight (%)",  # checked, never clamped
                              style=WEIGHT_STYLE, layout=number_layout())
            for key, name in (("price", "Price"), ("quality", "Quality"), ("social_value", "Social value")))
        self.weights_msg = feedback_area()
        self.method = widgets.Dropdown(
            options=[("Relative: lowest price ÷ bid price × 100", "relative"),
                     ("Linear: lose marks for every 1% above the lowest", "linear")],
            value="relative", description="Price scoring", style=WIDE, layout=widgets.Layout(width="40rem"))
        self.deduction = widgets.FloatText(value=1.0, step=0.5, description="Marks lost per 1% above the lowest",
                                           style=WIDE, layout=number_layout())
        self.method_msg = feedback_area()
        self.results = widgets.HTML()
        self.results.add_class("svkit-status")
        self.bars = widgets.HTML()
        self.cost_view = widgets.HTML()  # what the winner costs: placed by with_cost_of_winning
        self.cost_view.add_class("svkit-status")
        self.map_view = widgets.HTML()
        self.chaser = widgets.Dropdown(description="Bidder who chases points", style=WIDE,
                                       layout=widgets.Layout(width="40rem"))
        self.factor = widgets.FloatText(value=LAB_DEFAULTS.chase_factor, description="Multiply its low-relevance claims by",
                                        style=WIDE, layout=number_layout())
        self.factor_msg = feedback_area()
        self.chase_result = widgets.HTML()
        self.chase_result.add_class("svkit-status")
        self.chase_view = widgets.HTML()
        self.reflection = widgets.Textarea(
            description="Your notes", placeholder="Saved as you type.", style=WIDE,
            layout=widgets.Layout(width="100%", height="6rem"))
        self._refresh_chasers()
        # the opening set's maps and points chasing, worked out before the page waits for its visitor
        opening = self.bids()
        self.maps(opening)
        if LAB_DEFAULTS.chaser in opening["bidder"].to_list():
            self.chase(opening, LAB_DEFAULTS.chaser, float(LAB_DEFAULTS.chase_factor))
        self.record = record_panel(self.page, self.record_of, "svkit-tender-lab", "the rankings",
                                   "the rankings and weights")
        self._restore_upload()
        if not self.start() and self.bid_set.value == UPLOADED:
            self._set_aside_drawn_upload()

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        return {"bid_set": self.bid_set, "weight_price": self.w_price, "weight_quality": self.w_quality,
                "weight_social_value": self.w_social, "price_method": self.method,
                "deduction_per_pct": self.deduction, "chaser": self.chaser, "chase_factor": self.factor}

    def saved_only(self) -> dict[str, widgets.ValueWidget]:
        return {"notes": self.reflection}

    def restored(self, field: str) -> None:
        if field == "bid_set":  # the restored set's bidders, before the saved chaser among them
            self._refresh_chasers()
            if self.bid_set.value == LAB_DEFAULTS.bid_set and LAB_DEFAULTS.chaser in self.bids()["bidder"].to_list():
                self.chaser.value = LAB_DEFAULTS.chaser  # someone already chasing points, unless the visitor chose otherwise

    # -- data ------------------------------------------------------------------
    def _set_options(self) -> list[tuple[str, str]]:
        options = [(SET_TITLES.get(name, name), name) for name in tender.bid_sets()]
        if self.uploaded is not None:
            options.append((f"Your uploaded bids ({self.uploaded_name})", UPLOADED))
        return options

    def bids(self) -> pd.DataFrame:
        if self.bid_set.value == UPLOADED and self.uploaded is not None:
            return self.uploaded
        return tender.library_bids(self.bid_set.value)

    def _set_key(self) -> str:
        if self.bid_set.value == UPLOADED and self.uploaded is not None:
            return "upload:" + hashlib.sha1(self.uploaded.to_csv().encode()).hexdigest()
        return self.bid_set.value

    def weights(self) -> dict[str, float]:
        return {"price": self.w_price.value, "quality": self.w_quality.value, "social_value": self.w_social.value}

    def maps(self, bids: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        key = (self._set_key(), self.method.value, self.deduction.value)
        if key not in self._maps:
            self._maps[key] = tuple(
                tender.winner_map(bids, 1, self.method.value, approach, self.deduction.value)
                for approach in tender.SV_APPROACHES)
        return self._maps[key]

    # -- the draw ----------------------------------------------------------------
    def draw(self) -> None:
        self._summaries_now = {}
        results = self._draw_rankings()
        if results is not None:
            self._draw_chase(results["menu"])

    def summaries(self) -> dict[str, dict | None]:
        if self._summaries_now.get("summary") is not None:
            self.record.stale()  # the record written before no longer matches the page
        return self._summaries_now

    def _draw_rankings(self) -> dict[str, pd.DataFrame] | None:
        """The bids, both rankings, the bars, the cost of the winner and the maps; None when an input
        is refused (said beside it; the results below stay those of the last inputs that worked)."""
        self.deduction.layout.display = "" if self.method.value == "linear" else "none"
        if not 0 <= self.deduction.value <= MAX_DEDUCTION:
            self.method_msg.value = message(f"The marks lost per 1% must be between 0 and {MAX_DEDUCTION:g}; "
                                            f"{self.deduction.value:g} is not. The results below are for the last "
                                            "rate that was.", "error")
            return None
        self.method_msg.value = ""
        bids = self.bids()
        if [o[1] for o in self.chaser.options[1:]] != bids["bidder"].to_list():
            self._refresh_chasers()  # a new bid set: new bidders to choose from (no redraw per option)
        self.bids_table.value = bids_html(bids, self.the_menu)
        weights = self.weights()
        try:
            tender.check_weights(weights)
        except ValueError as exc:
            self.weights_msg.value = message(f"{exc} The results below are for the last weights that did.", "error")
            self.cost_view.value = cost_of_winning_html(bids, weights, self.method.value, self.deduction.value)
            return None
        self.weights_msg.value = message(
            f"Price {weights['price']:g}%, quality {weights['quality']:g}%, social value {weights['social_value']:g}%: "
            "these add up to 100.", "ok")
        floor = LAB_DEFAULTS.social_value_floor  # data/tenders/lab-defaults.yaml, with its source
        if weights["social_value"] < floor:
            self.weights_msg.value += message(
                f"Social value has less than {floor:g}%, the minimum that central government guidance (PPN 002, 2025) "
                "sets for its own contracts; councils may choose to follow it.", "info")
        key = (self._set_key(), tuple(weights.items()), self.method.value, self.deduction.value)
        if self._ranked is not None and self._ranked[0] == key:
            return self._ranked[1]  # drawn already, from these very inputs
        results = {a: tender.evaluate(bids, weights, self.method.value, a, self.deduction.value)
                   for a in tender.SV_APPROACHES}
        self.results.value = results_html(results, bids)
        self.bars.value = htmlcharts.stacked_bars_html([(APPROACH_NAMES[a], results[a]) for a in tender.SV_APPROACHES],
                                                  "Weighted scores, best first", SOURCE)
        self.cost_view.value = cost_of_winning_html(bids, weights, self.method.value, self.deduction.value, results)
        self.map_view.value = self.map_html(bids, weights)
        self._summaries_now["summary"] = {
            "bid_set": self.bid_set.value, "weights": weights, "price_method": self.method.value,
            "winner_menu": results["menu"].index[0], "winner_embedded": results["embedded"].index[0],
        }
        self._ranked = (key, results)
        return results

    def map_html(self, bids: pd.DataFrame, weights: dict[str, float]) -> str:
        maps = self.maps(bids)
        return htmlcharts.winner_maps_html([(APPROACH_NAMES[a], m) for a, m in zip(tender.SV_APPROACHES, maps)],
                                      bids["bidder"].to_list(), "Who wins at each weighting",
                                      mark=(int(weights["price"]), int(weights["quality"])), source=SOURCE)

    def _draw_chase(self, menu_ranked: pd.DataFrame) -> None:
        """What chasing points buys the chosen bidder (``menu_ranked``: the menu ranking at the weights
        on screen, already worked out)."""
        bids = self.bids()
        chaser = self.chaser.value
        if not chaser or chaser not in set(bids["bidder"]):
            self.chase_result.value = message("Choose a bidder to see what chasing points would buy it.", "info")
            self.chase_view.value = ""
            return
        if not MIN_FACTOR <= self.factor.value <= MAX_FACTOR:
            self.factor_msg.value = message(f"The multiplier must be between {MIN_FACTOR:g} and {MAX_FACTOR:g}; "
                                            f"{self.factor.value:g} is not.", "error")
            return
        self.factor_msg.value = ""
        chased, before, after, extra_claim, view = self.chase(bids, chaser, float(self.factor.value))
        total = int(before.sum())
        was = menu_ranked.index[0]
        now = tender.evaluate(chased, self.weights(), self.method.value, "menu", self.deduction.value).index[0]
        at_yours = (f" At your weighting the menu winner {'stays' if was == now else 'changes from ' + esc(was) + ' to'} "
                    f"{esc(now)}.")
        self.chase_result.value = (
            f"<p>{esc(chaser)} multiplies its low-relevance claims (staff volunteering, school talks, donations) "
            f"by {self.factor.value:g}, adding £{extra_claim:,.0f} of claimed proxy value at little cost to itself. "
            f"Under the menu approach it now wins at <strong>{after[chaser]:,} of {total:,}</strong> weightings "
            f"({100 * after[chaser] / total:.0f}%), against {before[chaser]:,} ({100 * before[chaser] / total:.0f}%) "
            f"before.{at_yours} Under the embedded approach nothing changes: the mark is for how well the "
            "contract's own requirements will be delivered, and extra claims earn nothing.</p>")
        self.chase_view.value = view
        self._summaries_now["chase_summary"] = {"bidder": chaser, "factor": self.factor.value,
                                                "weightings_before": int(before[chaser]),
                                                "weightings_after": int(after[chaser])}

    def chase(self, bids: pd.DataFrame, chaser: str, factor: float) -> tuple:
        """What ``chaser`` multiplying its low-relevance claims by ``factor`` does under the menu, at
        every weighting: (the chased bids, wins before, wins after, £ of claims added, the two maps as
        HTML). Worked out once for each set, bidder, multiplier and price scoring."""
        key = (self._set_key(), chaser, factor, self.method.value, self.deduction.value)
        if key not in self._chases:
            before_map = self.maps(bids)[0]
            chased = tender.chase_points(bids, chaser, factor, self.the_menu)
            after_map = tender.winner_map(chased, 1, self.method.value, "menu", self.deduction.value)
            row = bids["bidder"].to_list().index(chaser)
            extra_claim = tender.menu_values(chased, self.the_menu)[row] - tender.menu_values(bids, self.the_menu)[row]
            view = htmlcharts.winner_maps_html(
                [("Menu: bids as submitted", before_map), (f"Menu: after {chaser} chases points", after_map)],
                bids["bidder"].to_list(), "What points chasing buys", source=SOURCE)
            self._chases[key] = (chased, tender.win_shares(before_map, bids["bidder"]),
                                 tender.win_shares(after_map, bids["bidder"]), extra_claim, view)
            while len(self._chases) > CHASES_KEPT:
                self._chases.pop(next(iter(self._chases)))  # the oldest: a visitor trying many multipliers
        return self._chases[key]

    def _refresh_chasers(self) -> None:
        current = self.chaser.value
        names = self.bids()["bidder"].to_list()
        self.chaser.options = [("Nobody", "")] + [(n, n) for n in names]
        self.chaser.value = current if current in names else ""

    # -- upload ------------------------------------------------------------------
    def receive(self, name: str, content: bytes) -> str:
        try:
            frame = tender.load_bids(content, self.the_menu)
        except tender.BidsError as exc:
            listed = "; ".join(tender.describe(p) for p in exc.problems[:8])
            more = f" (and {len(exc.problems) - 8} more)" if len(exc.problems) > 8 else ""
            count = len(exc.problems)
            raise ValueError(f"'{name}' was not loaded ({count} problem{'s' if count != 1 else ''}): {listed}{more}. "
                             "Your previous bids are still in use.") from None
        self._use_upload(frame, name)
        # the file is kept once in the store and the answer refers to it: uploading it again adds nothing
        key = self.page.store.save_blob(content)
        self.page.save("uploaded_bids", {"name": name, "blob": key})
        return f"Loaded {len(frame)} bids from '{name}'. They are now the bid set in use."

    def _use_upload(self, frame: pd.DataFrame, name: str) -> None:
        with self.holding():  # new options, the upload chosen, its bidders: one redraw
            self.uploaded, self.uploaded_name = frame, name
            self.bid_set.options = self._set_options()
            self.bid_set.value = UPLOADED
            self._refresh_chasers()

    def _restore_upload(self) -> None:
        """Bring back a saved upload; one that is too big, unreadable or from older data is set aside."""
        saved = self.page.saved.get("uploaded_bids")
        if saved is None:
            return
        try:
            if not isinstance(saved, dict):
                raise ValueError("not a saved bids file")
            if isinstance(saved.get("blob"), str):  # kept once in the store, referred to by its key
                content = self.page.store.load_blob(saved["blob"])
            elif isinstance(saved.get("csv"), str):  # saved by earlier releases, with the file inside
                content = saved["csv"].encode("utf-8")
            else:
                raise ValueError("not a saved bids file")
            frame = tender.load_bids(content, self.the_menu)
        except Exception as exc:  # whatever is wrong with it, the page must load
            tender_log.warning("saved upload set aside: %s", exc)
            self._set_aside_upload()
            return
        self.uploaded, self.uploaded_name = frame, str(saved.get("name", "your file"))
        self.bid_set.options = self._set_options()

    def _set_aside_upload(self) -> None:
        self.uploaded, self.uploaded_name = None, ""
        self.bid_set.options = self._set_options()
        if self.page.saved.get("bid_set") == UPLOADED:
            self.page.saved.pop("bid_set")  # restore the library set, not the upload
        self.page.set_aside("upload", "the library set is shown")

    def _set_aside_drawn_upload(self) -> None:
        """The saved upload raised while it was drawn: set it aside and draw the library set (saving
        no summary: the visitor changed nothing)."""
        tender_log.warning("saved upload raised while drawn, set aside")
        with self.holding(save=False):
            self._set_aside_upload()
            self.bid_set.value = DEFAULT_SET
            self._refresh_chasers()

    # -- layout ------------------------------------------------------------------
    def app(self) -> widgets.VBox:  # type: ignore[override]
        template = download_link_html(tender.template_csv(self.the_menu), "svkit-bids-template.csv",
                                      "Download the bids template (.csv)", export.CSV_MIME)
        columns = "".join(f"<li><code>menu_{esc(i.id)}</code>: {esc(i.label)} (£{i.proxy_value:g} each, "
                          f"{esc(i.relevance)} relevance)</li>" for i in self.the_menu.items)
        upload_help = widgets.HTML(
            "<h2>Use your own bids</h2>"
            "<p>Fill in the template in a spreadsheet and save it as <strong>CSV UTF-8</strong>. Columns: "
            "<code>bidder</code> (unique), <code>organisation_type</code> (large, sme, vcse or coop), "
            "<code>price</code> (£), one or more <code>quality_…</code> marks (0-100), <code>embedded_mark</code> "
            f"(0-100) and any of the menu columns:</p><ul>{columns}</ul><p>{template}</p>")
        return super().app(
            widgets.HTML(brief(LABEL)),
            widgets.HTML("<h2>1. The bids</h2>"), self.bid_set, self.bids_table,
            widgets.HTML("<h2>2. Weights and price scoring</h2>"),
            widgets.HBox([self.w_price, self.w_quality, self.w_social], layout=widgets.Layout(flex_flow="row wrap")),
            self.weights_msg, self.method, self.deduction, self.method_msg,
            widgets.HTML("<h2>3. Results, both ways</h2>"), self.problem, self.results, self.bars,
            widgets.HTML("<h2>4. The winner map</h2><p>Every possible weighting, price across and quality up; "
                         "social value takes whatever is left. The colour is the winner; the cross is your "
                         "weighting. A winner that changes with a small move of the weights is a fragile "
                         "result.</p>"),
            self.map_view,
            widgets.HTML("<h2>5. Points chasing</h2><p>Under a menu, a bidder can win marks by promising "
                         "cheap items with little to do with the contract. Pick a bidder and a multiplier.</p>"),
            self.chaser, self.factor, self.factor_msg, self.chase_result, self.chase_view,
            upload_help, upload_box(self.page, "Upload bids (.csv)", tender.UPLOAD_LIMIT_BYTES, self.receive,
                                    limit_rows=tender.limits().max_bids, rows_of="bids"),
            widgets.HTML("<h2>Reflect</h2><p>What weighting and approach would you defend to your cabinet "
                         "member for a contract like this, and why?</p>"),
            self.reflection, self.record,
        )

    def record_of(self):
        """The rankings both ways at the weights on screen, with those weights (a weight set that does not
        add up is a ValueError, shown beside the button)."""
        bids = self.bids()
        weights = tender.check_weights(self.weights())
        results = {a: tender.evaluate(bids, weights, self.method.value, a, self.deduction.value)
                   for a in tender.SV_APPROACHES}
        types = {b: TYPE_NAMES.get(t, t) for b, t in zip(bids["bidder"], bids["organisation_type"])}
        set_name = next(label for label, value in self.bid_set.options if value == self.bid_set.value)
        method_name = next(label for label, value in self.method.options if value == self.method.value)
        if self.method.value == "linear":
            method_name += f" ({self.deduction.value:g} marks lost per 1% above the lowest)"
        return records.tender_rankings(set_name, weights, method_name, results, APPROACH_NAMES, types,
                                       self.reflection.value)


def bids_html(bids: pd.DataFrame, the_menu: tender.Menu) -> str:
    claimed = tender.menu_values(bids, the_menu)
    quality_cols = tender.quality_columns(bids)
    rows = [[r.bidder, TYPE_NAMES.get(r.organisation_type, r.organisation_type), f"£{r.price:,.0f}",
             f"{bids.loc[i, quality_cols].astype(float).mean():.1f}", f"{r.embedded_mark:g}", f"£{claimed[i]:,.0f}"]
            for i, r in enumerate(bids.itertuples())]
    return html_table("The bids", ["Bidder", "Type", "Price", "Quality (mean mark)", "Embedded social value mark",
                                   "Menu claims (£ proxy)"], rows)


def results_html(results: dict[str, pd.DataFrame], bids: pd.DataFrame) -> str:
    types = dict(zip(bids["bidder"], bids["organisation_type"]))
    tables = []
    for approach, frame in results.items():
        body = [[rank, Markup(esc(bidder) + (" <strong>(winner)</strong>" if rank == 1 else "")),
                 TYPE_NAMES.get(types[bidder], ""), f"{row['price']:.1f}", f"{row['quality']:.1f}",
                 f"{row['social_value']:.1f}", Markup(f"<strong>{row['total']:.1f}</strong>")]
                for rank, (bidder, row) in enumerate(frame.iterrows(), start=1)]
        head = ["Rank", "Bidder", "Type", "Price", "Quality", "Social value", "Total"]
        tables.append(html_table(APPROACH_NAMES[approach], head, body, row_classes={0: "svkit-winner"},
                                 row_header_column=1))
    menu_winner, embedded_winner = results["menu"].index[0], results["embedded"].index[0]
    if menu_winner == embedded_winner:
        verdict = f"Both approaches pick {esc(menu_winner)}."
    else:
        verdict = (f"The approaches disagree: the menu picks {esc(menu_winner)}, the embedded requirements pick "
                   f"{esc(embedded_winner)}.")
    return (f"<p><strong>{verdict}</strong> Marks are weighted, so each column is out of its weight and the "
            f"total is out of 100.</p><div class=\"svkit-side-by-side\">{''.join(tables)}</div>")


# -- issue 19: the £ premium over the cheapest bid, £ per mark, and where the embedded mark comes from --
def with_cost_of_winning(lab: TenderLab, app: widgets.VBox) -> widgets.VBox:
    """``app`` with a 'What the winner costs' section after the results (the lab's draw keeps it up
    to date)."""
    explained = widgets.HTML(embedded_mark_html(LAB_DEFAULTS))
    children = list(app.children)
    at = children.index(lab.bars) + 1 if lab.bars in children else len(children) - 1
    app.children = tuple(children[:at] + [widgets.HTML("<h2>What the winner costs</h2>"), lab.cost_view, explained]
                         + children[at:])
    app.cost_view = lab.cost_view
    return app


def cost_of_winning_html(bids: pd.DataFrame, weights: dict[str, float], method: str, deduction: float,
                         results: dict[str, pd.DataFrame] | None = None) -> str:
    """Each approach's winner: £ over the cheapest bid, and £ for each mark it scored above the cheapest
    (``results``: each approach's ranking at these weights, when already worked out)."""
    try:
        tender.check_weights(weights)
    except ValueError:
        return message("Set weights that add up to 100 to see what the winner costs.", "info")
    cheapest = bids.loc[bids["price"].idxmin(), "bidder"]
    rows = []
    for approach in tender.SV_APPROACHES:
        ranked = results[approach] if results else tender.evaluate(bids, weights, method, approach, deduction)
        premiums = tender.premium_over_cheapest(bids, ranked)
        winner = ranked.index[0]
        r = premiums.loc[winner]
        if winner == cheapest:
            words = "the cheapest bid wins: no premium"
            per_mark = "n/a"
        else:
            words = (f"£{r.premium:,.0f} ({r.premium_pct:.1f}%) more than the cheapest bid, {cheapest}, "
                     f"for {r.marks_over_cheapest:.1f} more marks")
            per_mark = f"£{r.pounds_per_mark:,.0f}"
        rows.append([APPROACH_NAMES[approach], winner, f"£{r.price:,.0f}", f"£{r.premium:,.0f}", per_mark, words])
    return ('<p>The marks decide the winner; the budget pays for it. Here is what each approach\'s winner costs over '
            "the cheapest bid (prices are for the whole contract), and what each mark above the cheapest bid's total "
            "costs. Ask whether those marks buy something the contract needs.</p>"
            + html_table("What the winner costs", ["Approach", "Winner", "Price", "Premium over the cheapest",
                                                   "£ per mark", "In words"], rows)
            + f'<p class="svkit-source">Source: {esc(SOURCE)}.</p>')


def embedded_mark_html(defaults: tender.LabDefaults) -> str:
    """Where the embedded mark comes from, in words, with the marking bands."""
    bands = [[f"{b.low} to {b.high}", b.meaning] for b in defaults.embedded_bands]
    return ("<details><summary>Where the embedded mark comes from</summary>"
            f"<p>{esc(defaults.embedded_mark.strip())}</p>"
            + html_table("Marking bands for the embedded requirements (the kit's illustration)",
                         ["Mark", "What the bid shows"], bands)
            + f"<p>Why the lab opens as it does: {esc(defaults.rationale.strip())}</p></details>")


def build_tender_lab(page: Page | None = None) -> widgets.VBox:
    """The tender evaluation lab."""
    lab = TenderLab(page)  # its widgets, figures and opening maps before the page waits for its visitor
    return with_cost_of_winning(lab, lab.app())
