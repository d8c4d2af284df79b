"""Exercise 3-3: a values-driven selection panel, with a simulated panel for solo work.

Domain module: ``svkit.imperatives``. Data folder: ``data/imperatives/``.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from svkit import imperatives
from svkit.ui.kit import WIDE, Markup, brief, Page, esc, feedback_area, guarded, message, record_downloads
from svkit.ui.kit import table as html_table  # `table` here: the providers
from svkit.ui.kit.app import FunctionApp

LABEL = "3-3"
NOT_SCORED = -1


def _member_names() -> dict[str, str]:
    return {imperatives.YOU: "You", **{m.id: m.name for m in imperatives.panel().members}}


def provider_html(p: imperatives.Provider) -> str:
    return (f"<h2>{esc(p.name)}</h2><p><em>{esc(p.kind)}.</em> {esc(p.summary)} "
            "<strong>(A fictional provider.)</strong></p>" + costs_html(p.costs))


def costs_html(c: imperatives.CostEvidence) -> str:
    """The provider's open-book summary, so open-book and transparency judgements rest on numbers."""
    surplus = "withheld" if c.surplus is None else f"£{c.surplus:.2f}"
    share = "withheld" if c.surplus_share is None else f"{100 * c.surplus_share:.1f}%"
    rows = [("Care worker pay", f"£{c.pay:.2f}"), ("Paid travel time", f"£{c.travel_time:.2f}"),
            ("On-costs", f"£{c.on_costs:.2f}"), ("Mileage", f"£{c.mileage:.2f}"),
            ("Running the business" + (" (with the margin)" if c.surplus is None else ""), f"£{c.running:.2f}"),
            ("Surplus", surplus), ("Price per contact hour", f"£{c.price:.2f}")]
    caption = (f"Open-book costs, 2025-26 (£ per contact hour; {c.hours_per_week:,.0f} hours a week; care workers "
               f"paid £{c.wage:.2f} an hour; surplus share {share})")
    return (html_table(caption, ["Line", "£ per contact hour"], rows)
            + f'<p>{esc(c.note)} <span class="svkit-source">(Invented figures for a fictional provider; compare the '
            "price of care in exercise 3-5.)</span></p>")


def anchors_html(fw: imperatives.Framework) -> str:
    return html_table("What each score means (for every quality)", ["Score", "Meaning"], sorted(fw.anchors.items()))


def result_html(provider: imperatives.Provider, result: imperatives.PanelResult, gates: pd.DataFrame,
                scores: pd.DataFrame, fw: imperatives.Framework) -> str:
    names = _member_names()
    members = [m for m in names if m in set(scores["member"]) | set(gates["member"])]
    head = [names[m] for m in members]
    mine_g = gates[gates["provider"] == provider.id]
    votes_by = {(r.gate, r.member): r.passed for r in mine_g.itertuples()}
    mine_s = scores[scores["provider"] == provider.id]
    scores_by = {(r.quality, r.member): r.score for r in mine_s.itertuples()}
    gate_rows = []
    for g in fw.gates:
        cells = [("pass" if votes_by[(g.id, m)] else "fail") if (g.id, m) in votes_by else "-" for m in members]
        failed = g.id in result.failures[provider.id]
        gate_rows.append([g.name, *cells, Markup(f"<strong>{'FAIL' if failed else 'pass'}</strong>")])
    quality_rows = []
    rows = result.qualities[result.qualities["provider"] == provider.id].set_index("quality")
    for q in fw.qualities:
        cells = [int(scores_by[(q.id, m)]) if (q.id, m) in scores_by else "-" for m in members]
        row = rows.loc[q.id]
        flag = f"Discuss: members differ by {imperatives.moderation_range()} or more" if row["flag"] else ""
        quality_rows.append([q.name, *cells, f"{row['median']:g}", f"{int(row['low'])}-{int(row['high'])}", flag])
    failures = result.failures[provider.id]
    verdict = (message(f"Fails the gate{'s' if len(failures) > 1 else ''}: "
                       + ", ".join(next(g.name for g in fw.gates if g.id == f) for f in failures)
                       + ". A provider that fails a gate is not selected, whatever its scores.", "error")
               if failures else message("Passes every gate.", "ok"))
    flags = int(rows["flag"].sum())
    return (f"<h2>The panel's result for {esc(provider.name)}</h2>{verdict}"
            + html_table("Gates: each member's judgement and the majority", ["Gate", *head, "Panel"], gate_rows)
            + html_table("Qualities: scores 0-4, the median and the spread",
                         ["Quality", *head, "Median", "Range", "Moderation"], quality_rows)
            + f"<p>{flags} of {len(fw.qualities)} qualities are flagged for moderation. Median total: "
            f"{rows['median'].sum():g} out of {4 * len(fw.qualities)}.</p>")


def summary_html(result: imperatives.PanelResult, table: imperatives.Providers, yours: set[str],
                 fw: imperatives.Framework) -> str:
    totals = result.median_total()
    gate_name = {g.id: g.name for g in fw.gates}
    rows = [(p.name, "Yes" if p.id in yours else "Not yet",
             ", ".join(gate_name[g] for g in result.failures[p.id]) or "none", f"{totals[p.id]:g}",
             int(result.qualities[result.qualities["provider"] == p.id]["flag"].sum()))
            for p in sorted(table.providers, key=lambda p: (bool(result.failures[p.id]), -totals[p.id]))]
    return ("<h2>All four providers</h2>"
            + html_table("Gate failures first rule a provider out; then the median totals",
                         ["Provider", "You have judged it", "Gates failed", "Median total", "Flags"], rows))


def build_selection_panel(page: Page | None = None) -> widgets.VBox:
    """Evidence packs, your gates and scores, and the panel's result with moderation flags."""
    page = page or Page(LABEL)
    fw = imperatives.framework()
    table = imperatives.providers()
    sim_gates, sim_scores = imperatives.simulated_panel(table)
    choose = widgets.Dropdown(options=[(p.name, p.id) for p in table.providers], value=table.providers[0].id,
                              description="Provider", style=WIDE, layout=widgets.Layout(width="30rem"))
    # The participant's judgements, restored from the store and kept up to date by the pickers.
    # Only the chosen provider's pack is built (the others when first chosen), so the page opens fast.
    my_gates: dict[tuple[str, str], bool] = {}
    my_scores: dict[tuple[str, str], int] = {}
    for p in table.providers:
        for g in fw.gates:
            value = page.saved.get(f"gate:{p.id}:{g.id}")
            if isinstance(value, bool):
                my_gates[(p.id, g.id)] = value
        for q in fw.qualities:
            value = page.saved.get(f"score:{p.id}:{q.id}")
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= imperatives.MAX_SCORE:
                my_scores[(p.id, q.id)] = value
    packs: dict[str, widgets.VBox] = {}
    holder = widgets.VBox()

    def pack(pid: str) -> widgets.VBox:
        if pid in packs:
            return packs[pid]
        p = next(x for x in table.providers if x.id == pid)
        parts = [widgets.HTML(provider_html(p)), widgets.HTML("<h3>Gates: pass or fail</h3>")]
        for n, g in enumerate(fw.gates, start=1):
            picker = widgets.RadioButtons(options=[("Pass", True), ("Fail", False)], value=None,
                                          description=f"Gate {n}: {g.name}", style=WIDE)
            page.bind(picker, f"gate:{pid}:{g.id}")
            picker.observe(lambda change, key=(pid, g.id): remember(my_gates, key, change["new"]), names="value")
            parts += [widgets.HTML(f"<p><strong>{esc(g.name)}</strong>: {esc(g.text)}<br>Evidence: "
                                   f"{esc(p.gates[g.id].evidence)}</p>"), picker]
        parts.append(widgets.HTML("<h3>Qualities: score 0 (no evidence) to 4 (strong evidence)</h3>" + anchors_html(fw)))
        for q in fw.qualities:
            picker = widgets.Dropdown(options=[("Not scored", NOT_SCORED)] + [(str(i), i) for i in range(5)],
                                      value=NOT_SCORED, description=f"Score for {q.name}", style=WIDE)
            page.bind(picker, f"score:{pid}:{q.id}")
            picker.observe(lambda change, key=(pid, q.id): remember(my_scores, key, change["new"]), names="value")
            parts += [widgets.HTML(f"<p><strong>{esc(q.name)}</strong>: {esc(q.text)}<br>Evidence: "
                                   f"{esc(p.qualities[q.id].evidence)}</p>"), picker]
        packs[pid] = widgets.VBox(parts)
        return packs[pid]

    def remember(store: dict, key: tuple[str, str], value) -> None:
        if value is None or value == NOT_SCORED:
            store.pop(key, None)
        else:
            store[key] = value
        panel.redraw()  # a judgement in a pack: redraw and save the summary

    result = widgets.HTML()
    result.add_class("svkit-status")
    overview = widgets.HTML()
    notes = widgets.Textarea(description="What the panel should discuss", placeholder="Saved as you type.",
                             style=WIDE, layout=widgets.Layout(width="100%", height="5rem"))
    def yours() -> tuple[pd.DataFrame, pd.DataFrame]:
        g = [(p, gid, imperatives.YOU, bool(v)) for (p, gid), v in my_gates.items()]
        s = [(p, qid, imperatives.YOU, int(v)) for (p, qid), v in my_scores.items()]
        return (pd.DataFrame(g, columns=sim_gates.columns), pd.DataFrame(s, columns=sim_scores.columns))

    def draw() -> dict:
        holder.children = (pack(choose.value),)
        mine_g, mine_s = yours()
        gates = pd.concat([mine_g, sim_gates], ignore_index=True) if len(mine_g) else sim_gates
        scores = pd.concat([mine_s, sim_scores], ignore_index=True) if len(mine_s) else sim_scores
        outcome = imperatives.panel_result(gates, scores)
        provider = next(p for p in table.providers if p.id == choose.value)
        result.value = result_html(provider, outcome, gates, scores, fw)
        judged = {p for p, _ in my_gates} | {p for p, _ in my_scores}
        overview.value = summary_html(outcome, table, judged, fw)
        totals = outcome.median_total()
        return {
            "judged": sorted(judged),
            "gate_failures": {p: f for p, f in outcome.failures.items() if f},
            "ranking": [p for p in totals.index if not outcome.failures[p]],
            "flags": int(outcome.flags.shape[0]),
            "gates": {p: {g: v for (pp, g), v in my_gates.items() if pp == p} for p in sorted(judged)},
            "scores": {p: {q: v for (pp, q), v in my_scores.items() if pp == p} for p in sorted(judged)},
        }

    reasons_button = widgets.Button(description="Prepare the reasons for the decision", button_style="primary",
                                    layout=widgets.Layout(width="auto"))
    reasons_msg = feedback_area()
    reasons_links = widgets.HTML()

    @guarded(page, reasons_msg)
    def prepare_reasons(_=None):
        mine_g, mine_s = yours()
        gates = pd.concat([mine_g, sim_gates], ignore_index=True) if len(mine_g) else sim_gates
        scores = pd.concat([mine_s, sim_scores], ignore_index=True) if len(mine_s) else sim_scores
        provider = next(p for p in table.providers if p.id == choose.value)
        record = imperatives.decision_record(provider, imperatives.panel_result(gates, scores), gates, scores, fw,
                                             _member_names(), notes.value)
        reasons_links.value = record_downloads(record, f"svkit-panel-reasons-{provider.id}", "the reasons")
        judged = provider.id in ({p for p, _ in my_gates} | {p for p, _ in my_scores})
        reasons_msg.value = message(f"The reasons for the decision on {provider.name} are ready below."
                                    + ("" if judged else " You have not judged this provider yet, so they are the "
                                       "simulated panel's alone."), "ok" if judged else "warn")

    def clear_reasons(change=None):
        reasons_links.value = ""  # the record no longer matches what is on screen
        reasons_msg.value = ""

    reasons_button.on_click(prepare_reasons)
    panel = FunctionApp(page, {"provider": choose}, draw, saved_only={"notes": notes}, problem=result)
    choose.observe(clear_reasons, names="value")
    return page.app(widgets.HTML(brief(LABEL)), choose, holder, result, overview,
                    widgets.HTML("<h2>Moderation</h2>"), notes,
                    widgets.HTML("<h2>Reasons for the decision</h2><p>A record of the panel's decision on the chosen "
                                 "provider: the decision, the reason for each gate, each quality's median against the "
                                 "anchors with the evidence it rests on, the open-book figures, the moderation flags "
                                 "and your discussion notes.</p>"),
                    reasons_button, reasons_msg, reasons_links)
