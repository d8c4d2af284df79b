"""Exercise 1-3: scenario cards on the five procurement principles.

Domain module: ``svkit.quiz``. Data folder: ``data/questions/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import content, quiz, records
from svkit.ui.kit import legal_notice, brief, Page, esc, message
from svkit.ui.kit.quiz import feedback_text, marking_panel, single_choice

LABEL = "1-3"


def cards(questions: quiz.QuestionSet) -> list[tuple[str, quiz.SingleChoice, quiz.SingleChoice]]:
    """(card text, principle question, verdict question) for every card, in order.

    A card is a pair of questions, ``<card>-principle`` (whose prompt is the card's text) and
    ``<card>-verdict``.
    """
    found = []
    for q in questions.questions:
        if q.id.endswith("-principle"):
            verdict = questions.question(q.id.removesuffix("-principle") + "-verdict")
            found.append((q.prompt, q, verdict))
    return found


def build_legal_exercise(page: Page | None = None) -> widgets.VBox:
    """Scenario cards: principle engaged and permissibility, marked with explained feedback."""
    page = page or Page(LABEL)
    questions = quiz.load(LABEL)
    card_widgets = []
    parts = [widgets.HTML(legal_notice()), widgets.HTML(brief(LABEL))]
    for n, (prompt, principle_q, verdict_q) in enumerate(cards(questions), start=1):
        principle = single_choice(page, principle_q, f"Principle most at stake (card {n})", show_prompt=False)
        verdict = single_choice(page, verdict_q, f"Permissible? (card {n})", show_prompt=False)
        card_widgets.append((principle, verdict))
        parts.append(widgets.VBox([
            widgets.HTML(f'<h3>Card {n}</h3><p class="svkit-card">{esc(prompt)}</p>'),
            principle.box, verdict.box,
        ]))

    marked: list[tuple[str, str, str]] = []

    def mark_all(save: bool = True) -> tuple[int, int]:
        right = 0
        marked.clear()
        items = {}
        for n, (principle, verdict) in enumerate(card_widgets, start=1):
            for w in (principle, verdict):
                result = quiz.mark(w.question, w.answer())
                w.show(result)
                right += result.correct
                chosen = next((o.text for o in w.question.options if o.id == w.answer()), "")
                marked.append((f"Card {n}, {w.radios.description.split(' (')[0].lower()}: {w.question.prompt}",
                               chosen, " ".join(feedback_text(fb) for fb in result.feedback)))
                items[w.question.id] = {"right": bool(result.correct), "chosen": [w.answer()] if w.answer() else []}
        total = 2 * len(card_widgets)
        if save:
            page.save("summary", {"right": right, "of": total, "items": items})
        return right, total

    parts.append(marking_panel(page, mark_all, record_of=lambda right, total: records.marking(
        f"Exercise {LABEL}: {content.load().apps[LABEL].title}", (right, total), list(marked))))
    return page.app(*parts)
