"""Exercise 4-1: the golden thread, from a policy goal to a monitoring measure.

Domain module: ``svkit.thread``. Data folder: ``data/enabling/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import content, htmlcharts, thread
from svkit.ui.kit import chosen, WIDE, brief, Page, esc, feedback_area, guarded, live_note, message, record_downloads, say

LABEL = "4-1"
OWN = "own"
NONE = ""


def parse_value(text: str) -> float | None:
    """A contract value typed as '80000', '£80,000' or '80k'; empty gives None."""
    cleaned = text.strip().replace(",", "").replace("£", "").replace(" ", "").lower()
    if not cleaned:
        return None
    factor = 1.0
    if cleaned.endswith("k"):
        cleaned, factor = cleaned[:-1], 1_000.0
    elif cleaned.endswith("m"):
        cleaned, factor = cleaned[:-1], 1_000_000.0
    try:
        value = float(cleaned) * factor
    except ValueError:
        raise ValueError(f"'{text.strip()}' is not an amount of money. Write it as 80000 or £80,000.") from None
    if not (value >= 0) or value == float("inf"):
        raise ValueError("The contract's value must be 0 or more.")
    return value


def figure_html(chain: thread.Chain, table: thread.Rules, findings: list[thread.Finding]) -> str:
    """The flow figure with its text alternative: alt text, and each link written out."""
    if not chain.links:
        return message("No links yet. Start with a policy goal.", "info")
    flagged = {f.link for f in findings}
    links = chain.by_id()
    arranged = thread.layout(chain)
    columns = [(table.level_name(level), [(i, links[i].text, i in flagged) for i in ids])
               for level, ids in zip(thread.LEVELS, arranged.columns)]
    counts = ", ".join(f"{len(ids)} {content.in_sentence(table.level_name(level))}{'s' if len(ids) != 1 else ''}"
                       for level, ids in zip(thread.LEVELS, arranged.columns))
    alt = (f"Flow figure of the thread from policy goals on the left to monitoring measures on the right: {counts}. "
           f"{len(flagged)} links are flagged with an exclamation mark and a dashed border; "
           "the findings below say why. Each link is written out after the figure.")
    words = "".join(f"<li>{esc(line)}</li>" for line in thread.paths_text(chain, table))
    return (f'<figure class="svkit-figure">{htmlcharts.svg_img(htmlcharts.flow_svg(columns, list(arranged.edges)), alt)}'
            f"<details><summary>The thread in words</summary><ul>{words}</ul></details>"
            f"<p class=\"svkit-source\">Complete goal-to-measure paths: {thread.complete_paths(chain)}. "
            "Method: CCIN Social Value Toolkit (2025), section 4, 'Setting Enabling Policy Frameworks'.</p></figure>")


def findings_html(findings: list[thread.Finding]) -> str:
    if not findings:
        return message("No findings: every requirement traces back to a goal, every goal reaches a requirement, "
                       "and every requirement has a measure.", "ok")
    items = "".join(
        f"<li><strong>{esc(f.kind_name)}.</strong> {esc(f.message)}"
        f"<details><summary>Why this matters</summary><p>{esc(f.rationale)}</p>"
        f'<p class="svkit-source">Source: {esc(f.source)}.</p></details></li>'
        for f in findings)
    return f"<h3>Findings ({len(findings)})</h3><ul>{items}</ul>"


def summary_of(chain: thread.Chain, findings: list[thread.Finding]) -> dict:
    kinds: dict[str, int] = {}
    for f in findings:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    return {"title": chain.title, "links": len(chain.links), "paths": thread.complete_paths(chain), "findings": kinds}


def build_golden_thread(page: Page | None = None) -> widgets.VBox:
    """View the library example or the participant's own thread; edit their own; download it."""
    table = thread.rules()  # before the page, which in a pooled kernel waits for the visitor
    library = {ex.id: ex for ex in thread.examples().examples}
    page = page or Page(LABEL)
    state = {"own": thread.from_saved(page.saved.get("links")), "confirm_copy": False}

    view = widgets.Dropdown(options=[(f"Library example: {ex.title}", ex.id) for ex in library.values()]
                            + [("My own thread", OWN)], value=next(iter(library)),
                            description="Thread to look at", style=WIDE, layout=widgets.Layout(width="36rem"))
    page.bind(view, "view")
    example_note = widgets.HTML()
    copy_button = widgets.Button(description="Copy this example into my own thread", layout=widgets.Layout(width="auto"))
    copy_msg = feedback_area()
    example_box = widgets.VBox([example_note, copy_button, copy_msg])

    title = widgets.Text(description="Name of my thread", placeholder="For example: Home to school transport",
                         style=WIDE, layout=widgets.Layout(width="100%"), continuous_update=False)
    contract = widgets.Text(description="The contract", placeholder="What is bought, for how long",
                            style=WIDE, layout=widgets.Layout(width="100%"), continuous_update=False)
    value = widgets.Text(description="Contract value a year, £ (optional)", placeholder="80000", style=WIDE,
                         continuous_update=False)
    value_msg = feedback_area()
    for w, name in ((title, "title"), (contract, "contract"), (value, "annual_value")):
        page.bind(w, name)

    level = widgets.Dropdown(options=[(lv.name, lv.id) for lv in table.levels], value="goal",
                             description="Level", style=WIDE)
    text = widgets.Text(description="What it says", style=WIDE, layout=widgets.Layout(width="100%"))
    parents = widgets.SelectMultiple(options=[], description="Serves (choose one or more)", style=WIDE,
                                     rows=4, layout=widgets.Layout(width="100%"))
    burden = widgets.Dropdown(options=[(f"{b.name}: {b.help}", b.id) for b in table.burdens], value="light",
                              description="How heavy for the supplier", style=WIDE, layout=widgets.Layout(width="100%"))
    level_help = widgets.HTML()
    add_button = widgets.Button(description="Add link", button_style="primary", layout=widgets.Layout(width="auto"))
    add_msg = feedback_area()
    drop = widgets.Dropdown(description="Link to remove", style=WIDE, layout=widgets.Layout(width="36rem"))
    drop_button = widgets.Button(description="Remove it", layout=widgets.Layout(width="auto"))
    editor = widgets.VBox([title, contract, value, value_msg, widgets.HTML("<h3>Add a link</h3>"), level, level_help,
                           text, parents, burden, add_button, add_msg, drop, drop_button])

    figure = widgets.HTML()
    findings_area = widgets.HTML()
    live = live_note()
    notes = widgets.Textarea(description="My notes", placeholder="What would you change, and who would you talk to?",
                             style=WIDE, layout=widgets.Layout(width="100%", height="5rem"))
    page.bind(notes, "notes")
    prepare = widgets.Button(description="Prepare my thread", button_style="primary", layout=widgets.Layout(width="auto"))
    result = feedback_area()
    downloads = widgets.HTML()

    def own_chain() -> thread.Chain:
        try:
            annual = parse_value(value.value)
        except ValueError:
            annual = None
        c = state["own"]
        return thread.Chain(title.value, annual, c.links)

    def shown() -> thread.Chain:
        if view.value == OWN:
            return own_chain()
        return thread.to_chain(library[view.value])

    def editor_options(change=None):
        lv = level.value
        above = thread.LEVELS.index(lv) - 1
        level_help.value = f'<p class="svkit-hint">{esc(next(x.help for x in table.levels if x.id == lv))}</p>'
        if above < 0:
            parents.options = []
            parents.disabled = True
        else:
            parents.options = [(lk.text, lk.id) for lk in state["own"].at(thread.LEVELS[above])]
            parents.disabled = not parents.options
            parents.description = f"Serves which {content.in_sentence(table.level_name(thread.LEVELS[above]))}(s)"
        burden.layout.display = "flex" if lv == "requirement" else "none"
        drop.options = [("Choose…", NONE)] + [(f"{table.level_name(lk.level)}: {lk.text}", lk.id)
                                              for lk in state["own"].links]

    @guarded(page, result)
    def redraw(save: bool = False):
        own = view.value == OWN
        example_box.layout.display = "none" if own else "flex"
        editor.layout.display = "flex" if own else "none"
        if not own:
            ex = library[view.value]
            example_note.value = (f"<p><strong>{esc(ex.contract)}.</strong> {esc(ex.note)}</p>")
        chain = shown()
        found = thread.check(chain, table)
        figure.value = figure_html(chain, table, found)
        findings_area.value = findings_html(found)
        say(live, f"The thread has {len(chain.links)} links and {len(found)} findings.")
        editor_options()
        downloads.value = ""
        if save:
            mine = own_chain()
            page.save("links", thread.to_saved(mine))
            page.save("summary", summary_of(mine, thread.check(mine, table)))

    @guarded(page, value_msg)
    def on_value(change=None):
        value_msg.value = ""
        parse_value(value.value)  # a bad amount gets its message here
        redraw(save=True)

    @guarded(page, add_msg)
    def on_add(_=None):
        lv = level.value
        state["own"] = thread.add(state["own"], lv, text.value, parents.value,
                                  burden.value if lv == "requirement" else None)
        text.value = ""
        if lv != "goal" and not parents.value:
            add_msg.value = message("Added, but not linked to anything above it; the findings point this out.", "warn")
        else:
            add_msg.value = message("Added.", "ok")
        redraw(save=True)

    @guarded(page, add_msg)
    def on_remove(_=None):
        state["own"] = thread.remove(state["own"], chosen(drop, NONE, "Choose the link to remove first."))
        add_msg.value = message("Removed. Anything that served it is now loose; the findings will show it.", "ok")
        redraw(save=True)

    @guarded(page, copy_msg)
    def on_copy(_=None):
        n = len(state["own"].links)
        if n and not state["confirm_copy"]:
            state["confirm_copy"] = True
            copy_msg.value = message(f"Your own thread has {n} links. Press the button again to replace them "
                                     "with the example.", "warn")
            return
        ex = library[view.value]
        state["own"] = thread.to_chain(ex)
        state["confirm_copy"] = False
        title.value = f"{ex.title} (my version)"
        contract.value = ex.contract
        value.value = f"{ex.annual_value:.0f}"
        copy_msg.value = ""
        view.value = OWN  # redraws
        add_msg.value = message("Copied. Mend the gaps the findings point to.", "ok")
        redraw(save=True)

    @guarded(page, result)
    def on_prepare(_=None):
        chain = shown()
        record = thread.record(chain, contract.value if view.value == OWN else library[view.value].contract,
                               notes.value, table)
        downloads.value = record_downloads(record, "svkit-golden-thread", "the thread")
        result.value = message("Your thread is ready to download.", "ok")

    level.observe(editor_options, names="value")
    view.observe(lambda change: (state.update(confirm_copy=False), redraw()), names="value")
    title.observe(lambda change: redraw(save=True), names="value")
    value.observe(on_value, names="value")
    add_button.on_click(on_add)
    drop_button.on_click(on_remove)
    copy_button.on_click(on_copy)
    prepare.on_click(on_prepare)
    redraw()
    return page.app(widgets.HTML(brief(LABEL)), view, example_box, editor, widgets.HTML("<h2>The thread</h2>"),
                    figure, live, findings_area, widgets.HTML("<h2>Your record</h2>"), notes, prepare, result, downloads)
