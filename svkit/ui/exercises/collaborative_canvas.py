"""Exercise 3-1: the collaborative canvas, eleven steps for the participant's own opportunity.

Domain module: ``svkit.canvas``. Data folder: ``data/collaboration/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import canvas
from svkit.ui.kit import WIDE, brief, Page, record_downloads, esc, feedback_area, guarded, message
from svkit.ui.kit.app import FunctionApp
from svkit.ui.kit.widgets import text_box

LABEL = "3-1"


def build_canvas(page: Page | None = None) -> widgets.VBox:
    """Eleven prompts with hints and examples, a progress line and a .docx/.md download."""
    page = page or Page(LABEL)
    table = canvas.steps()
    title = text_box("My opportunity", "For example: homecare in the north of the borough")
    texts: dict[int, widgets.Textarea] = {}
    blocks = []
    for s in table.steps:
        area = widgets.Textarea(description=f"Step {s.number}: {s.title}", placeholder="Saved as you type.",
                                style=WIDE, layout=widgets.Layout(width="100%", height="5rem"))
        texts[s.number] = area
        hints = "".join(f"<li>{esc(h)}</li>" for h in s.hints)
        blocks.append(widgets.VBox([
            widgets.HTML(f"<h3>Step {s.number}: {esc(s.title)}</h3><p>{esc(s.text)}</p>"
                         f"<p><strong>{esc(s.prompt)}</strong></p>"
                         f"<details><summary>Hints for step {s.number}</summary><ul>{hints}</ul></details>"
                         f"<details><summary>An example: {esc(s.example.case)}</summary><p>{esc(s.example.text)}</p>"
                         f'<p class="svkit-source">Source: {esc(str(s.example.source))}.</p></details>'),
            area]))
    progress = widgets.HTML()
    progress.add_class("svkit-status")
    prepare = widgets.Button(description="Prepare my canvas", button_style="primary", layout=widgets.Layout(width="auto"))
    result = feedback_area()
    downloads = widgets.HTML()

    def answers() -> dict[int, str]:
        return {n: w.value for n, w in texts.items()}

    def update() -> dict:
        done, total = canvas.progress(answers())
        progress.value = f"<p><strong>{done} of {total}</strong> steps written.</p>"
        return {"title": title.value, "written": done, "of": total,
                "steps": sorted(n for n, text in answers().items() if text.strip())}

    def stale(_summary: dict) -> None:
        downloads.value = ""  # the record no longer matches the page

    @guarded(page, result)
    def build(_=None):
        done, total = canvas.progress(answers())
        record = canvas.canvas_record(title.value, answers())
        downloads.value = record_downloads(record, "svkit-canvas", "the canvas")
        note = "" if done == total else f" {total - done} steps are still empty; they are marked in the file."
        result.value = message(f"Your canvas is ready ({done} of {total} steps written).{note}",
                               "ok" if done == total else "info")

    problem = feedback_area()
    FunctionApp(page, {"title": title, **{f"step:{n}": area for n, area in texts.items()}}, update,
                problem=problem, on_change=stale)
    prepare.on_click(build)
    return page.app(widgets.HTML(brief(LABEL)), title, problem, progress, *blocks,
                    widgets.HTML("<h2>Your canvas</h2>"), prepare, result, downloads)
