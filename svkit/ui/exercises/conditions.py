"""Exercise 2-1: test a situation against the five conditions for competition.

Domain module: ``svkit.conditions``. Data folder: ``data/competition/``.
"""

from __future__ import annotations

import ipywidgets as widgets

from svkit import conditions, scenarios
from svkit.ui.kit import brief, WIDE, Page, esc, message, table as html_table  # `table` here: the conditions
from svkit.ui.kit.app import InputApp

LABEL = "2-1"
OWN = "own"
NEXT = {
    "competition": "Section 2's eleven steps show how to build the social value into the tender (lesson 2), "
                   "and exercise 2-4 helps you write the rationale.",
    "with-care": "Work on the weak conditions first: pre-market dialogue, talking to the people affected, "
                 "and planning the contract management. Then use the eleven steps in lesson 2.",
    "not-competition": "Look at the collaborative routes in section 3 (alliances, partnerships, co-operatives, "
                       "grants) before deciding how to proceed.",
    "incomplete": "",
}


def verdict_html(result: conditions.Verdict, notes: dict[str, str]) -> str:
    kind = {"competition": "ok", "with-care": "warn", "not-competition": "error", "incomplete": "info"}[result.kind]
    parts = [f"<h2>Your verdict</h2>{message(result.title + '.', kind)}"]
    if result.reasons:
        items = []
        for name, answer, meaning in result.reasons:
            note = notes.get(name, "").strip()
            extra = f" <em>Your reason: {esc(note)}</em>" if note else ""
            items.append(f"<li><strong>{esc(name)}</strong> ({esc(conditions.ANSWER_LABELS[answer])}): "
                         f"{esc(meaning)}{extra}</li>")
        parts.append(f"<p>Reasons, weakest first:</p><ul>{''.join(items)}</ul>")
    if NEXT[result.kind]:
        parts.append(f"<p><strong>Next:</strong> {esc(NEXT[result.kind])}</p>")
    return "".join(parts)


def reference_html(scenario: scenarios.Scenario, answers: dict[str, str | None],
                   table: conditions.Conditions) -> str:
    ref = scenario.conditions_profile
    if ref is None:
        return message("There is no reference for this scenario.", "info")
    reference = conditions.verdict(ref.answers, table)
    rows = [(c.name, conditions.ANSWER_LABELS.get(answers.get(c.id) or "", "Not answered"),
             conditions.ANSWER_LABELS[ref.answers[c.id]]) for c in table.conditions]
    differ = [c.name for c in table.conditions if answers.get(c.id) and answers[c.id] != ref.answers[c.id]]
    talk = (f"<p>You differ on: {esc(', '.join(differ))}. Worth discussing: neither answer is automatically right.</p>"
            if differ else "")
    return (f"<h3>The trainer's reference</h3><p><strong>{esc(reference.title)}.</strong> {esc(ref.note)}</p>"
            + html_table("Your answers and the reference", ["Condition", "You", "Reference"], rows) + talk)


class ConditionsExercise(InputApp):
    """Five questions, a verdict with reasons, and the trainer's reference for library scenarios."""

    label = LABEL

    def __init__(self, page: Page | None = None):
        super().__init__(page)
        self.table = conditions.conditions()
        library = scenarios.scenarios()
        self.choose = widgets.Dropdown(options=[(s.title, s.id) for s in library] + [("My own situation", OWN)],
                                       value=library[0].id, description="Scenario", style=WIDE,
                                       layout=widgets.Layout(width="36rem"))
        self.scenario_summary = widgets.HTML()
        self.own = widgets.Textarea(description="Describe your situation", style=WIDE,
                                    layout=widgets.Layout(width="100%", height="5rem"))
        self.radios: dict[str, widgets.RadioButtons] = {}
        self.notes: dict[str, widgets.Text] = {}
        self.blocks = []
        for n, c in enumerate(self.table.conditions, start=1):
            self.radios[c.id] = widgets.RadioButtons(
                options=[(conditions.ANSWER_LABELS[a], a) for a in conditions.ANSWERS], value=None,
                description=f"Condition {n}", style=WIDE)
            self.notes[c.id] = widgets.Text(description=f"Your reason (condition {n}, optional)", style=WIDE,
                                            layout=widgets.Layout(width="100%"))
            self.blocks.append(widgets.VBox([
                widgets.HTML(f"<h3>{n}. {esc(c.name)}</h3><p>{esc(c.question)}</p>"
                             f'<p class="svkit-hint">Why it matters: {esc(c.why)}</p>'),
                self.radios[c.id], self.notes[c.id]]))
        self.reveal = widgets.Checkbox(value=False, description="Compare with the trainer's reference", indent=False)
        self.result = widgets.HTML()
        self.result.add_class("svkit-status")
        self.reference = widgets.HTML()
        self.outcome: conditions.Verdict | None = None
        self.start()

    def inputs(self) -> dict[str, widgets.ValueWidget]:
        fields: dict[str, widgets.ValueWidget] = {"scenario": self.choose, "own_situation": self.own}
        for cid in self.radios:
            fields[f"condition:{cid}"] = self.radios[cid]
            fields[f"reason:{cid}"] = self.notes[cid]
        fields["show_reference"] = self.reveal
        return fields

    def current(self) -> scenarios.Scenario | None:
        return None if self.choose.value == OWN else scenarios.scenario(self.choose.value)

    def draw(self) -> None:
        s = self.current()
        self.own.layout.display = "" if s is None else "none"
        self.reveal.layout.display = "none" if s is None else ""
        self.scenario_summary.value = (message("Describe the situation you have in mind below.", "info") if s is None
                                       else f"<p><strong>{esc(s.title)}.</strong> {esc(s.summary)}</p>")
        answers = {cid: r.value for cid, r in self.radios.items()}
        self.outcome = conditions.verdict(answers, self.table)
        by_name = {c.name: self.notes[c.id].value for c in self.table.conditions}
        self.result.value = verdict_html(self.outcome, by_name)
        self.reference.value = (reference_html(s, answers, self.table) if (s is not None and self.reveal.value)
                                else "")

    def summary(self) -> dict:
        return {"scenario": self.choose.value, "verdict": self.outcome.kind, "failed": list(self.outcome.failed)}

    def layout(self) -> widgets.VBox:
        return self.app(widgets.HTML(brief(LABEL)), self.choose, self.scenario_summary, self.own,
                        widgets.HTML("<h2>The five conditions</h2>"), *self.blocks, self.result, self.problem,
                        self.reveal, self.reference)


def build_conditions_exercise(page: Page | None = None) -> widgets.VBox:
    """Five questions, a verdict with reasons, and the trainer's reference for library scenarios."""
    return ConditionsExercise(page).layout()
