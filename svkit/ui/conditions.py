"""Exercise 2-1: test a situation against the five conditions for competition."""

from __future__ import annotations

import ipywidgets as widgets

from svkit import competition, scenarios
from svkit.ui.common import Page, esc, guarded, message

LABEL = "2-1"
OWN = "own"
WIDE = {"description_width": "initial"}
NEXT = {
    "competition": "Section 2's eleven steps show how to build the social value into the tender (lesson 2), "
                   "and exercise 2-4 helps you write the rationale.",
    "with-care": "Work on the weak conditions first: pre-market dialogue, talking to the people affected, "
                 "and planning the contract management. Then use the eleven steps in lesson 2.",
    "not-competition": "Look at the collaborative routes in section 3 (alliances, partnerships, co-operatives, "
                       "grants) before deciding how to proceed.",
    "incomplete": "",
}

BRIEF = """
<h2>Brief</h2>
<p>A competitive tender rests on a theory: buyer and bidders want different things, and the chance of
winning drives bidders to offer the best value at the lowest cost. The toolkit sets out five conditions
that must hold for that theory to deliver the value a council wants. When they do, a well-designed
tender works; when they do not, a tender can hide better options. (Source: CCIN Social Value Toolkit
(2025), section 2, 'Theory of Competition – Market Purchasing'.)</p>
<h2>Task</h2>
<p>Choose a scenario, or describe your own. Answer the five questions; a short reason for each helps
the discussion. Your verdict updates as you answer. For a library scenario, compare your answers with
the trainer's reference once you have made up your mind.</p>
"""


def verdict_html(result: competition.Verdict, notes: dict[str, str]) -> str:
    kind = {"competition": "ok", "with-care": "warn", "not-competition": "error", "incomplete": "info"}[result.kind]
    parts = [f"<h2>Your verdict</h2>{message(result.title + '.', kind)}"]
    if result.reasons:
        items = []
        for name, answer, meaning in result.reasons:
            note = notes.get(name, "").strip()
            extra = f" <em>Your reason: {esc(note)}</em>" if note else ""
            items.append(f"<li><strong>{esc(name)}</strong> ({esc(competition.ANSWER_LABELS[answer])}): "
                         f"{esc(meaning)}{extra}</li>")
        parts.append(f"<p>Reasons, weakest first:</p><ul>{''.join(items)}</ul>")
    if NEXT[result.kind]:
        parts.append(f"<p><strong>Next:</strong> {esc(NEXT[result.kind])}</p>")
    return "".join(parts)


def reference_html(scenario: scenarios.Scenario, answers: dict[str, str | None],
                   table: competition.Conditions) -> str:
    ref = scenario.conditions_profile
    if ref is None:
        return message("There is no reference for this scenario.", "info")
    reference = competition.verdict(ref.answers, table)
    rows = "".join(
        f"<tr><th scope=\"row\">{esc(c.name)}</th>"
        f"<td>{esc(competition.ANSWER_LABELS.get(answers.get(c.id) or '', 'Not answered'))}</td>"
        f"<td>{esc(competition.ANSWER_LABELS[ref.answers[c.id]])}</td></tr>"
        for c in table.conditions)
    differ = [c.name for c in table.conditions if answers.get(c.id) and answers[c.id] != ref.answers[c.id]]
    talk = (f"<p>You differ on: {esc(', '.join(differ))}. Worth discussing: neither answer is automatically right.</p>"
            if differ else "")
    return (f"<h3>The trainer's reference</h3><p><strong>{esc(reference.title)}.</strong> {esc(ref.note)}</p>"
            '<table class="svkit-table"><caption>Your answers and the reference</caption>'
            '<tr><th scope="col">Condition</th><th scope="col">You</th><th scope="col">Reference</th></tr>'
            f"{rows}</table>{talk}")


def build_conditions_exercise(page: Page | None = None) -> widgets.VBox:
    """Five questions, a verdict with reasons, and the trainer's reference for library scenarios."""
    page = page or Page(LABEL)
    table = competition.conditions()
    library = scenarios.scenarios()
    choose = widgets.Dropdown(options=[(s.title, s.id) for s in library] + [("My own situation", OWN)],
                              value=library[0].id, description="Scenario", style=WIDE,
                              layout=widgets.Layout(width="36rem"))
    summary = widgets.HTML()
    own = widgets.Textarea(description="Describe your situation", style=WIDE,
                           layout=widgets.Layout(width="100%", height="5rem"))
    radios: dict[str, widgets.RadioButtons] = {}
    notes: dict[str, widgets.Text] = {}
    blocks = []
    for n, c in enumerate(table.conditions, start=1):
        radios[c.id] = widgets.RadioButtons(
            options=[(competition.ANSWER_LABELS[a], a) for a in competition.ANSWERS], value=None,
            description=f"Condition {n}", style=WIDE)
        notes[c.id] = widgets.Text(description=f"Your reason (condition {n}, optional)", style=WIDE,
                                   layout=widgets.Layout(width="100%"))
        blocks.append(widgets.VBox([
            widgets.HTML(f"<h3>{n}. {esc(c.name)}</h3><p>{esc(c.question)}</p>"
                         f'<p class="svkit-hint">Why it matters: {esc(c.why)}</p>'),
            radios[c.id], notes[c.id]]))
    reveal = widgets.Checkbox(value=False, description="Compare with the trainer's reference", indent=False)
    result = widgets.HTML()
    result.add_class("svkit-status")
    reference = widgets.HTML()
    state = {"ready": False}

    def current():
        return None if choose.value == OWN else scenarios.scenario(choose.value)

    @guarded(page, result)
    def redraw(change=None):
        if not state["ready"]:
            return
        s = current()
        own.layout.display = "" if s is None else "none"
        reveal.layout.display = "none" if s is None else ""
        summary.value = (message("Describe the situation you have in mind below.", "info") if s is None
                         else f"<p><strong>{esc(s.title)}.</strong> {esc(s.summary)}</p>")
        answers = {cid: r.value for cid, r in radios.items()}
        outcome = competition.verdict(answers, table)
        by_name = {c.name: notes[c.id].value for c in table.conditions}
        result.value = verdict_html(outcome, by_name)
        reference.value = reference_html(s, answers, table) if (s is not None and reveal.value) else ""
        if change is not None:
            page.save("summary", {"scenario": choose.value, "verdict": outcome.kind, "failed": list(outcome.failed)})

    for w in (choose, own, reveal, *radios.values(), *notes.values()):
        w.observe(redraw, names="value")
    page.bind(choose, "scenario")
    page.bind(own, "own_situation")
    for cid in radios:
        page.bind(radios[cid], f"condition:{cid}")
        page.bind(notes[cid], f"reason:{cid}")
    page.bind(reveal, "show_reference")
    state["ready"] = True
    redraw()
    return page.app(widgets.HTML(BRIEF), choose, summary, own,
                    widgets.HTML("<h2>The five conditions</h2>"), *blocks, result, reveal, reference)
