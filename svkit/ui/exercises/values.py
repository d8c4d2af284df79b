"""Exercise 1-1: which CCIN value does each council action serve?

Domain module: ``svkit.quiz``. Data folder: ``data/questions/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import content, quiz, records
from svkit.ui.kit import Page
from svkit.ui.kit.quiz import assignment, marking_panel, reflection

LABEL = "1-1"

BRIEF = """
<h2>Brief</h2>
<p>The toolkit starts from the network's four values: democratic engagement, co-production,
enterprise and the social economy, and social partnership. A points menu of extra promises rarely
reaches them, because they are about how people relate, not about outputs. (Source: toolkit
section 1, 'CCIN Values and Principles'.)</p>
<h2>Task</h2>
<p>Below are twelve things a council does or could do. For each, tick every value it serves, then
press <strong>Check my answers</strong>. Your ticks are saved as you go.</p>
"""


def build_values_exercise(page: Page | None = None) -> widgets.VBox:
    """Sort council actions by the values they serve, marked with feedback per action."""
    page = page or Page(LABEL)
    questions = quiz.load(LABEL)
    actions = questions.question("actions")
    sorter = assignment(page, actions, multiple=True, item_label="Action")


    thoughts = reflection(page, questions.question("reflection"))
    return page.app(
        widgets.HTML(BRIEF),
        sorter.box,
        marking_panel(page, sorter.marker(page), record_of=lambda right, total: records.marking(
            f"Exercise {LABEL}: {content.load().apps[LABEL].title}", (right, total), sorter.record_items(), thoughts.text.value)),
        thoughts,
    )
