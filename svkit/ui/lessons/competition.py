"""Lesson 2, social value through competition: the eleven-step checklist, the tools, the links.

Domain module: ``svkit.conditions``. Data folder: ``data/competition/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import conditions, content, cycle
from svkit.ui.kit import WIDE, Page, esc, feedback_area, page_for
from svkit.ui.kit.app import FunctionApp
from svkit.ui.kit.nav import exercise_links

LABEL = "02-competition"
URL_PATH = "notebooks/02-competition.ipynb"


def build_steps_checklist(page: Page | None = None) -> widgets.VBox:
    """The eleven steps as a checklist for the participant's own procurement, saved as they tick."""
    page = page or page_for(LABEL)
    table = conditions.steps()
    stages = {s.id: s.name for s in cycle.cycle().stages}
    subject = widgets.Text(description="The procurement I am thinking of", placeholder="Optional; saved as you type.",
                           style=WIDE, layout=widgets.Layout(width="100%"))
    progress = widgets.HTML()
    progress.add_class("svkit-status")
    problem = feedback_area()
    boxes, rows = [], []
    for step in table.steps:
        box = widgets.Checkbox(value=False, description=f"Step {step.number}: {step.title}", indent=False,
                               layout=widgets.Layout(width="auto"))
        boxes.append(box)
        rows.append(widgets.VBox([
            box,
            widgets.HTML(f'<p class="svkit-step">{esc(step.text)} <span class="svkit-hint">(Cycle stage: '
                         f"{esc(stages[step.stage])}.)</span></p><details><summary>A tip for step {step.number}"
                         f"</summary><p>{esc(step.tip)}</p></details>"),
        ]))

    def update() -> dict:
        done = [s.number for s, b in zip(table.steps, boxes) if b.value]
        todo = [s for s, b in zip(table.steps, boxes) if not b.value]
        text = f"<p><strong>{len(done)} of {len(table.steps)}</strong> steps ticked."
        if todo:
            text += f" Next to work on: step {todo[0].number}, {esc(content.in_sentence(todo[0].title))}.</p>"
        else:
            text += " Every step is covered.</p>"
        progress.value = text
        return {"done": done, "of": len(table.steps)}

    FunctionApp(page, {f"step:{step.number}": box for step, box in zip(table.steps, boxes)}, update,
                saved_only={"checklist_subject": subject}, problem=problem, summary_field="checklist_summary")
    sources = "; ".join(esc(str(s)) for s in table.sources)
    intro = widgets.HTML("<p>Tick each step you have covered, or plan to cover, for a procurement you know. "
                         "Your ticks are saved.</p>")
    box = widgets.VBox([intro, subject, *rows, problem, progress,
                        widgets.HTML(f'<p class="svkit-source">Source: {sources} (our wording).</p>')])
    box.add_class("svkit-checklist")
    box.add_class("svkit-app")  # styled like the rest of the page
    return box


def tools_table() -> widgets.HTML:
    """The six tools for social value in market purchasing, with the toolkit's examples."""
    from svkit.ui.kit import table as html_table  # here: another change edits this module's imports

    tools = conditions.tools()
    sources = "; ".join(esc(str(s)) for s in tools.sources)
    return widgets.HTML(
        html_table("Tools for social value in market purchasing",
                   ["Tool", "What it is for", "Example named in the toolkit"],
                   [(t.name, t.use, "; ".join(t.examples)) for t in tools.tools])
        + f'<p class="svkit-source">Source: {sources} (our wording).</p>')


def build_competition_lesson(page: Page | None = None) -> widgets.VBox:
    """The lesson's closing part: links to the exercises, save status and key points."""
    page = page or page_for(LABEL)
    return page.app(exercise_links(page, URL_PATH, 2))
