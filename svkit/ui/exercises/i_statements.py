"""Exercise 3-7: 'I' statements, from the words of people who use a service to clauses and questions.

Domain module: ``svkit.istatements``. Data folder: ``data/wigan/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import istatements
from svkit.ui.kit import WIDE, brief, Page, record_downloads, esc, feedback_area, guarded, message
from svkit.ui.kit.app import FunctionApp
from svkit.ui.kit.widgets import text_box

LABEL = "3-7"
ROWS = 5


EXAMPLE = ("For example: <em>'Take your time with me.'</em> Clause: visits are planned with at least the "
           "assessed time at the person's home, and travel time is scheduled separately. Question: <em>'In the "
           "last month, did your carer ever seem rushed?'</em>")


def build_i_statements(page: Page | None = None) -> widgets.VBox:
    page = page or Page(LABEL)
    table = istatements.statements()
    service = text_box("The service", "For example: day opportunities for adults")
    inputs: dict[str, widgets.ValueWidget] = {"service": service}
    rows = []
    fields = []
    for n in range(1, ROWS + 1):
        trio = (widgets.Text(description=f"'I' statement {n}", style=WIDE, layout=widgets.Layout(width="100%")),
                widgets.Text(description=f"Specification clause {n}", style=WIDE, layout=widgets.Layout(width="100%")),
                widgets.Text(description=f"Monitoring question {n}", style=WIDE, layout=widgets.Layout(width="100%")))
        for w, name in zip(trio, ("statement", "clause", "question")):
            inputs[f"row:{n}:{name}"] = w
        fields.append(trio)
        rows.append(widgets.VBox([widgets.HTML(f"<h3>Statement {n}</h3>"), *trio]))
    boxes = []
    for i, q in enumerate(table.selection, start=1):
        box = widgets.Checkbox(value=False, description=q, indent=False, layout=widgets.Layout(width="100%"))
        inputs[f"selection:{i}"] = box
        boxes.append(box)
    notes = widgets.Textarea(description="Notes", placeholder="Saved as you type.", style=WIDE,
                             layout=widgets.Layout(width="100%", height="5rem"))
    progress = widgets.HTML()
    progress.add_class("svkit-status")
    prepare = widgets.Button(description="Prepare my statements", button_style="primary",
                             layout=widgets.Layout(width="auto"))
    result = feedback_area()
    downloads = widgets.HTML()

    def current():
        return [(s.value, c.value, q.value) for s, c, q in fields]

    def update() -> dict:
        written = [r for r in current() if r[0].strip()]
        complete = [r for r in written if r[1].strip() and r[2].strip()]
        progress.value = (f"<p><strong>{len(written)}</strong> statements written, <strong>{len(complete)}</strong> "
                          "with both a clause and a question.</p>")
        return {"service": service.value, "statements": len(written), "complete": len(complete),
                "selection": [i for i, b in enumerate(boxes, start=1) if b.value],
                "texts": [r[0].strip() for r in current()]}

    def stale(_summary: dict) -> None:
        downloads.value = ""  # the record no longer matches the page

    @guarded(page, result)
    def build(_=None):
        gaps = [n for n, (s, c, q) in enumerate(current(), start=1) if s.strip() and not (c.strip() and q.strip())]
        record = istatements.statements_record(service.value, current(), [b.description for b in boxes if b.value], notes.value)
        downloads.value = record_downloads(record, "svkit-i-statements", "the statements")
        if gaps:
            result.value = message("Ready to download. Statement " + ", ".join(map(str, gaps)) + (
                " still needs" if len(gaps) == 1 else " still need") + " a clause and a question.", "info")
        else:
            result.value = message("Ready to download.", "ok")

    problem = feedback_area()
    FunctionApp(page, {**inputs, "notes": notes}, update, problem=problem, on_change=stale)  # notes: in the record
    prepare.on_click(build)
    statements = "".join(f"<li>{esc(s)}</li>" for s in table.statements)
    sources = "; ".join(esc(str(s)) for s in table.sources)
    return page.app(
        widgets.HTML(brief(LABEL)),
        widgets.HTML(f"<h2>Wigan's 'I' statements</h2><ol>{statements}</ol>"
                     f'<p class="svkit-source">Source: {sources} (our wording).</p>'),
        widgets.HTML(f"<h2>Your statements</h2><p>{EXAMPLE}</p>"), service, *rows, problem, progress,
        widgets.HTML("<h2>Values-driven selection</h2><p>Wigan asked providers to show these. Tick the ones "
                     "you would ask for your service.</p>"), *boxes, notes,
        widgets.HTML("<h2>Your record</h2>"), prepare, result, downloads)
