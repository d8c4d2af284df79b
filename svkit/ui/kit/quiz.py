"""Widgets for the question kinds in ``svkit.quiz``, bound to the answer store.

Each builder returns a small object with ``.box`` (the widget to show),
``.answer()`` (the answer in the form ``quiz.mark`` expects) and
``.show(mark)`` (put the marking feedback beside the question).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

import ipywidgets as widgets

from svkit import content, quiz

if TYPE_CHECKING:
    from svkit.export import Record
from svkit.ui.kit import WIDE, Page, esc, feedback_area, guarded, message, record_downloads

NOT_CHOSEN = ""  # the 'Choose...' entry of a dropdown


def feedback_text(fb: quiz.Feedback | None) -> str:
    """The feedback as plain text for a record ('Right. ...', 'Not quite. ...')."""
    if fb is None:
        return "Not marked yet."
    if not fb.answered:
        return fb.text
    return ("Right. " if fb.correct else "Not quite. ") + fb.text


def feedback_html(fb: quiz.Feedback) -> str:
    if not fb.answered:
        return message(fb.text, "info")
    kind = "ok" if fb.correct else "error"
    prefix = "Right. " if fb.correct else "Not quite. "
    return message(prefix + fb.text, kind)


@dataclass
class AssignmentWidget:
    """Place each item into one category (dropdowns) or several (checkboxes)."""

    question: quiz.Assignment
    box: widgets.VBox
    pickers: dict[str, list[widgets.Widget]]
    feedback: dict[str, widgets.HTML]
    multiple: bool
    on_choice: list[Callable[[str, str], None]] = field(default_factory=list)
    item_label: str = "Item"
    last: quiz.Mark | None = None  # the latest marking, for the record

    def answer(self) -> dict[str, list[str]]:
        result = {}
        for item in self.question.items:
            controls = self.pickers[item.id]
            if self.multiple:
                result[item.id] = [c.category for c in controls if c.value]
            else:
                value = controls[0].value
                result[item.id] = [value] if value else []
        return result

    def show(self, mark: quiz.Mark) -> None:
        for fb in mark.feedback:
            self.feedback[fb.part].value = feedback_html(fb)

    def record_items(self) -> list[tuple[str, str, str]]:
        """(item, the answer given, the feedback) for each item, as last marked."""
        labels = {c.id: c.label for c in self.question.categories}
        answers = self.answer()
        feedback = {f.part: f for f in self.last.feedback} if self.last else {}
        return [(f"{self.item_label} {n}: {item.text}", ", ".join(labels.get(c, c) for c in answers[item.id]),
                 feedback_text(feedback.get(item.id)))
                for n, item in enumerate(self.question.items, start=1)]

    def marker(self, page: Page) -> Callable[[], tuple[int, int]]:
        """Mark the answer, show feedback per item, save the summary; return (right, of)."""

        def mark_all(save: bool = True) -> tuple[int, int]:
            result = quiz.mark(self.question, self.answer())
            self.show(result)
            self.last = result
            right = sum(f.correct for f in result.feedback)
            if save:
                answer = self.answer()
                page.save("summary", {"right": right, "of": len(result.feedback),
                                      "items": {f.part: {"right": f.correct, "chosen": answer.get(f.part, [])}
                                                for f in result.feedback}})
            return right, len(result.feedback)

        return mark_all


def assignment(page: Page, question: quiz.Assignment, multiple: bool, item_label: str = "Item",
               picker_label: str = "Stage") -> AssignmentWidget:
    """Bound pickers for every item of an assignment question."""
    rows, pickers, feedback = [], {}, {}
    widget = AssignmentWidget(question, widgets.VBox(), pickers, feedback, multiple, item_label=item_label)
    for n, item in enumerate(question.items, start=1):
        heading = widgets.HTML(f"<h3>{esc(item_label)} {n}</h3><p>{esc(item.text)}</p>")
        if multiple:
            controls = []
            for cat in question.categories:
                box = widgets.Checkbox(value=False, description=cat.label, indent=False)
                box.category = cat.id
                page.bind(box, f"{item.id}:{cat.id}")
                controls.append(box)
            picker_box = widgets.VBox(controls)
        else:
            options = [("Choose…", NOT_CHOSEN)] + [(c.label, c.id) for c in question.categories]
            dropdown = widgets.Dropdown(options=options, value=NOT_CHOSEN, description=f"{picker_label} for {content.in_sentence(item_label)} {n}",
                                        style=WIDE, layout=widgets.Layout(width="36rem"))
            page.bind(dropdown, item.id)

            def announce(change, item_id=item.id):
                for listener in widget.on_choice:
                    listener(item_id, change["new"])

            dropdown.observe(announce, names="value")
            controls = [dropdown]
            picker_box = dropdown
        pickers[item.id] = controls
        feedback[item.id] = feedback_area()
        rows.append(widgets.VBox([heading, picker_box, feedback[item.id]]))
    widget.box.children = rows
    return widget


@dataclass
class ChoiceWidget:
    """One single-choice question as radio buttons."""

    question: quiz.SingleChoice
    box: widgets.VBox
    radios: widgets.RadioButtons
    feedback: widgets.HTML

    def answer(self) -> str | None:
        return self.radios.value

    def show(self, mark: quiz.Mark) -> None:
        self.feedback.value = "".join(feedback_html(fb) for fb in mark.feedback)


def single_choice(page: Page, question: quiz.SingleChoice, label: str, show_prompt: bool = True) -> ChoiceWidget:
    radios = widgets.RadioButtons(options=[(o.text, o.id) for o in question.options], value=None,
                                  description=label, style=WIDE)
    page.bind(radios, question.id)
    area = feedback_area()
    parts = [widgets.HTML(f"<p>{esc(question.prompt)}</p>")] if show_prompt else []
    return ChoiceWidget(question, widgets.VBox([*parts, radios, area]), radios, area)


def reflection(page: Page, question: quiz.FreeText) -> widgets.VBox:
    """A free-text reflection, saved as typed; guidance appears once they have written enough."""
    text = widgets.Textarea(description="Your reflection", placeholder="Saved as you type.", style=WIDE,
                            layout=widgets.Layout(width="100%", height="7rem"))
    page.bind(text, question.id)
    guidance = feedback_area()

    def update(_=None):
        mark = quiz.mark(question, text.value)
        guidance.value = message(mark.feedback[0].text, "info") if mark.correct else ""

    text.observe(update, names="value")
    update()
    box = widgets.VBox([widgets.HTML(f"<h2>Reflect</h2><p>{esc(question.prompt)}</p>"), text, guidance])
    box.text = text  # for the record
    return box


def marking_panel(page: Page, mark_all: Callable[[], tuple[int, int]], label: str = "Check my answers",
                  record_of: Callable[[int, int], "Record"] | None = None) -> widgets.VBox:
    """A button that marks everything, shows the score and saves the summary.

    ``mark_all(save=False)`` must mark without saving: a page whose answers were checked before
    shows the check again on load (the ticks come back, so must the result), saving nothing new.
    ``record_of(right, total)``, when given, writes the record offered for download after a check.
    """
    button = widgets.Button(description=label, button_style="primary", layout=widgets.Layout(width="auto"))
    result = feedback_area()
    links = widgets.HTML()

    @guarded(page, result)
    def on_click(_, save: bool = True):
        right, total = mark_all(save=save)
        kind = "ok" if right == total else "info"
        result.value = message(f"You have {right} of {total} right. Read the feedback beside each answer.", kind)
        if record_of is not None and save:  # written when asked, not on every load
            links.value = record_downloads(record_of(right, total), f"svkit-{page.label}",
                                           "my answers and their feedback")

    button.on_click(on_click)
    if "summary" in page.saved:  # checked before this reload
        on_click(None, save=False)
    panel = widgets.VBox([button, result, links])
    panel.mark = lambda: on_click(None)  # lets tests press it
    return panel


def sorting_exercise(label: str, page: Page | None, question_id: str, **options) -> tuple[Page, quiz.QuestionSet, AssignmentWidget]:
    """The start of a sorting exercise: its page, its question set (data/questions/<label>.yaml) and the
    :func:`assignment` widgets for question ``question_id`` (``options`` as for :func:`assignment`)."""
    page = page or Page(label)
    questions = quiz.load(label)
    return page, questions, assignment(page, questions.question(question_id), **options)
