"""Exercise 4-4: the personal action plan, the take-home record of the whole kit.

Domain module: ``svkit.plan``. Data folder: ``data/enabling/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import catalogue, mindset, plan
from svkit.store import StoreError
from svkit.ui.kit import WIDE, brief, Page, esc, feedback_area, guarded, message, record_downloads
from svkit.ui.kit.nav import START_URL_PATH as START_URL, relative_href

LABEL = "4-4"
URL_PATH = "exercises/4-4-action-plan.ipynb"
ANY = ""
ROWS = 4  # first steps on the page


def exercise_entries() -> dict[str, catalogue.AppEntry]:
    return {e.label: e for e in catalogue.apps() if e.kind == "exercise"}


def work_html(page: Page, gathered: plan.ActionPlan, entries: dict[str, catalogue.AppEntry]) -> str:
    """What the participant did, each item with a link back to its exercise."""

    def link(label: str, text: str) -> str:
        e = entries.get(label)
        if e is None:
            return esc(text)
        return f'<a href="{esc(page.link(relative_href(URL_PATH, e.url_path)))}">{esc(text)}</a>'

    items = []
    for item in gathered.featured:
        title = entries[item.label].title if item.label in entries else item.heading
        if item.done:
            body = " ".join(esc(x) for x in item.lines) + " " + link(item.label, f"Open exercise {item.label} again")
        else:
            body = link(item.label, f"Do it now: exercise {item.label}, {title}")
        state = "" if item.done else " (not yet done)"
        items.append(f"<li><strong>{esc(item.heading)}</strong>{state}: {body}</li>")
    others = "".join(f"<li>{link(i.label, f'Exercise {i.label}: {i.heading}')}: "
                     f"{' '.join(esc(x) for x in i.lines)}</li>" for i in gathered.others)
    start = esc(page.link(relative_href(URL_PATH, START_URL)))
    return (f"<p>You have done <strong>{gathered.done} of the {len(gathered.featured)}</strong> exercises this plan "
            f"draws on.</p><ul>{''.join(items)}</ul>"
            + (f"<h3>Other exercises you have done</h3><ul>{others}</ul>" if others else "")
            + f'<p><a href="{start}">The start page lists every exercise.</a></p>')


def build_action_plan(page: Page | None = None) -> widgets.VBox:
    """Gathered work, recommendations by role, first steps with owners and dates, and the download.

    Everything that does not depend on the visitor (the catalogue, the recommendations, the data
    the summaries are described with, the widgets) is made before the page asks who the visitor
    is, so a pooled kernel has done it before anyone arrives.
    """
    roles = {r.id: r.name for r in mindset.roles()}
    every = plan.recommendations()
    entries = exercise_entries()
    plan.warm()
    state: dict = {"plan": plan.gather({})}
    bindings: list[tuple[widgets.ValueWidget, str]] = []

    work = widgets.HTML()
    refresh = widgets.Button(description="Gather my latest work", layout=widgets.Layout(width="auto"))
    work_msg = feedback_area()

    role = widgets.Dropdown(options=[("Choose your role…", ANY)] + [(v, k) for k, v in roles.items()], value=ANY,
                            description="My role", style=WIDE)
    bindings.append((role, "role"))
    show_all = widgets.Checkbox(description="Show recommendations for every role", indent=False,
                                layout=widgets.Layout(width="auto"))
    bindings.append((show_all, "show_all"))
    boxes: dict[str, widgets.Checkbox] = {}
    rows: dict[str, widgets.VBox] = {}
    for r in every:
        box = widgets.Checkbox(description=r.text, indent=False, layout=widgets.Layout(width="100%"))
        bindings.append((box, f"rec:{r.id}"))
        boxes[r.id] = box
        detail = f"<p>{esc(r.detail)}</p>" if r.detail else ""
        who = ", ".join(roles[x] for x in r.roles)
        rows[r.id] = widgets.VBox([box, widgets.HTML(
            f'<div class="svkit-rec-note">{detail}<p class="svkit-source">For: {esc(who)}. '
            f"Source: {esc(str(r.source))}.</p></div>")])
    audience_heads = {a: widgets.HTML(f"<h3>{esc(t)}</h3>") for a, t in plan.AUDIENCES.items()}
    recs_box = widgets.VBox([])
    recs_box.add_class("svkit-wrap-labels")
    recs_status = widgets.HTML()
    recs_status.add_class("svkit-status")

    step_rows = []
    for n in range(1, ROWS + 1):
        text = widgets.Text(description=f"Step {n}", placeholder="What will you do?", style=WIDE,
                            layout=widgets.Layout(width="100%"))
        owner = widgets.Text(description=f"Owner of step {n}", placeholder="Who will do it?", style=WIDE)
        when = widgets.Text(description=f"By when (step {n})", placeholder="31/03/2027", style=WIDE,
                            continuous_update=False)
        for w, field in ((text, "text"), (owner, "owner"), (when, "by")):
            bindings.append((w, f"step:{n}:{field}"))
        step_rows.append((text, owner, when, feedback_area()))
    notes = widgets.Textarea(description="Anything else", placeholder="Who will you share this plan with?",
                             style=WIDE, layout=widgets.Layout(width="100%", height="4rem"))
    bindings.append((notes, "notes"))
    prepare = widgets.Button(description="Prepare my action plan", button_style="primary",
                             layout=widgets.Layout(width="auto"))
    result = feedback_area()
    downloads = widgets.HTML()

    page = page or Page(LABEL)  # in a pooled kernel, the first bind below waits for the visitor
    for widget, field in bindings:
        page.bind(widget, field)

    def gather() -> None:
        try:
            saved = page.store.participant_summaries(page.visitor.token)
        except StoreError as exc:
            page.show_store_error(exc)
            saved = {}
        titles = {label: e.title for label, e in entries.items()}
        state["plan"] = plan.gather(saved, titles)
        work.value = work_html(page, state["plan"], entries)
        downloads.value = ""

    @guarded(page, work_msg)
    def on_refresh(_button) -> None:
        gather()
        work_msg.value = message("Gathered your latest saved work.", "ok")

    def chosen() -> list[plan.Recommendation]:
        return [r for r in every if boxes[r.id].value]

    def save_summary():
        steps, _ = plan.check_steps([(t.value, o.value, w.value) for t, o, w, _m in step_rows])
        page.save("summary", {"role": role.value, "recommendations": [r.id for r in chosen()], "steps": len(steps),
                              "steps_owned_dated": sum(1 for s in steps if s.owner and s.by)})

    def show_recs() -> None:
        wanted = [r for r in every if show_all.value or role.value == ANY or role.value in r.roles or boxes[r.id].value]
        children = []
        for audience, head in audience_heads.items():
            mine = [rows[r.id] for r in wanted if r.audience == audience]
            if mine:
                children += [head, *mine]
        recs_box.children = children
        n = len(chosen())
        scope = ("every role" if show_all.value or role.value == ANY else roles[role.value])
        recs_status.value = (f"<p>Showing {len(wanted)} of {len(every)} recommendations ({esc(scope)}). "
                             f"You have chosen <strong>{n}</strong>.</p>")
        downloads.value = ""

    @guarded(page, result)
    def on_recs_change(_change) -> None:
        show_recs()
        save_summary()

    @guarded(page, result)
    def check_row(i: int):
        t, o, w, area = step_rows[i]
        _, problems = plan.check_steps([(t.value, o.value, w.value)])
        area.value = message(problems[0], "warn") if problems else ""
        downloads.value = ""
        save_summary()

    @guarded(page, result)
    def on_prepare(_=None):
        gather()
        steps, problems = plan.check_steps([(t.value, o.value, w.value) for t, o, w, _m in step_rows])
        for i, (_t, _o, _w, area) in enumerate(step_rows):
            area.value = message(problems[i], "warn") if i in problems else ""
        record = plan.to_record(state["plan"], roles.get(role.value, ""), chosen(), steps,
                                name=page.display_name, notes=notes.value)
        downloads.value = record_downloads(record, "svkit-action-plan", "my action plan")
        note = " Some steps still need an owner or a date; they say so above." if problems else ""
        result.value = message(f"Your plan is ready to download.{note}", "warn" if problems else "ok")
        save_summary()

    for w in (role, show_all, *boxes.values()):
        w.observe(on_recs_change, names="value")
    for i, (t, o, w, _a) in enumerate(step_rows):
        for widget in (t, o, w):
            widget.observe(lambda change, i=i: check_row(i), names="value")
    refresh.on_click(on_refresh)
    prepare.on_click(on_prepare)
    guarded(page, work_msg)(gather)()
    guarded(page, result)(show_recs)()
    steps_ui = [widgets.VBox([t, o, w, a]) for t, o, w, a in step_rows]
    return page.app(widgets.HTML(brief(LABEL)), widgets.HTML("<h2>What you did in the kit</h2>"), work, refresh, work_msg,
                    widgets.HTML("<h2>Recommendations for your role</h2>"), role, show_all, recs_status, recs_box,
                    widgets.HTML("<h2>My first steps</h2><p>Dates as 31/03/2027 or 2027-03-31.</p>"), *steps_ui,
                    notes, widgets.HTML("<h2>Your plan</h2>"), prepare, result, downloads)
