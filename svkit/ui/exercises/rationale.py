"""Exercise 2-4: the social value rationale builder.

Domain module: ``svkit.rationale``. Data folder: ``data/rationale/``.
"""

from __future__ import annotations

from dataclasses import fields

import ipywidgets as widgets

from svkit import rationale
from svkit.ui.kit import (legal_notice, WIDE, brief, Page, record_downloads, esc, feedback_area, guarded, message,
                          table as html_table)

LABEL = "2-4"
FULL = widgets.Layout(width="100%")
def number_layout() -> widgets.Layout:
    """A layout of its own for each number box (a shared one would hide them all with one), sized to
    show the whole number."""
    return widgets.Layout(width="auto")


MAX_ANNUAL = 1e11  # £ a year: far above any council contract
MAX_YEARS = 50  # years: longer than any council contract term


HINTS = {
    "subject": "What is being bought, in a sentence or two. Social value must relate to this.",
    "policy_goals": "Which of the council's stated goals or missions does this contract serve? Quote the plan.",
    "other_outcomes": "Anything else you want that is relevant and proportionate.",
    "engagement": "Who have you talked to, or will you talk to: the market, the people who use the service, the community?",
    "vcse_sme": "Could voluntary organisations, SMEs or co-operatives deliver some or all of it? Would lots help?",
    "core_spec": "How will the social value be written into the specification itself, rather than scored on the side?",
    "monitoring": "How will the contract manager know it is being delivered, alongside the other deliverables?",
}


def _text(name: str, area: bool = True) -> widgets.Widget:
    label = rationale.LABELS[name] + (" (required)" if name in rationale.REQUIRED else "")
    if area:
        return widgets.Textarea(description=label, placeholder=HINTS.get(name, "Saved as you type."), style=WIDE,
                                layout=widgets.Layout(width="100%", height="5rem"))
    return widgets.Text(description=label, style=WIDE, layout=FULL)


class RationaleBuilder:
    def __init__(self, page: Page):
        self.page = page
        table = rationale.rules()
        w: dict[str, widgets.Widget] = {
            "title": _text("title", area=False),
            "subject": _text("subject"),
            "category": widgets.Dropdown(options=[("Choose…", "")] + [(v, k) for k, v in rationale.CATEGORIES.items()],
                                         value="", description=rationale.LABELS["category"] + " (required)", style=WIDE),
            # never bounded in the browser (that clamps silently to 0): checked in update(), with a message
            "annual_value": widgets.FloatText(value=0, step=1000, style=WIDE, layout=number_layout(),
                                              description=rationale.LABELS["annual_value"] + " (required)"),
            "years": widgets.FloatText(value=0, step=0.25, style=WIDE, layout=number_layout(),
                                       description=rationale.LABELS["years"] + " (required)"),
            "start": widgets.Text(description=rationale.LABELS["start"], placeholder="empty: today", style=WIDE),
            "supplier_size": widgets.Dropdown(options=[(v, k) for k, v in rationale.SUPPLIER_SIZES.items()],
                                              value="unknown", description=rationale.LABELS["supplier_size"],
                                              style=WIDE),
            "policy_goals": _text("policy_goals"),
            "other_outcomes": _text("other_outcomes"),
            "engagement": _text("engagement"),
            "vcse_sme": _text("vcse_sme"),
            "core_spec": _text("core_spec"),
            "monitoring": _text("monitoring"),
        }
        self.widgets = w
        self.boxes = {}
        for req in table.requirements:
            box = widgets.Checkbox(value=False, description=req.label, indent=False, layout=FULL)
            self.boxes[req.id] = box
        self.duty_table = rationale.duties()
        self.duty_texts = {
            d.id: widgets.Textarea(description=d.name, placeholder=d.prompt, style=WIDE,
                                   layout=widgets.Layout(width="100%", height="5rem"))
            for d in self.duty_table.duties}
        self.areas = {name: feedback_area() for name in [f.name for f in fields(rationale.Rationale)]}
        self.warnings = widgets.HTML()
        self.warnings.add_class("svkit-status")
        self.threshold = widgets.HTML()
        self.threshold.add_class("svkit-status")
        self.prepare = widgets.Button(description="Prepare my rationale", button_style="primary",
                                      layout=widgets.Layout(width="auto"))
        self.result = feedback_area()
        self.downloads = widgets.HTML()
        self.prepare.on_click(guarded(page, self.result)(self.build_downloads))
        # restore every saved answer first, then observe: a restored answer is not a change
        for name, widget in w.items():
            page.bind(widget, name)
        for rid, box in self.boxes.items():
            page.bind(box, f"requirement:{rid}")
        for did, text in self.duty_texts.items():
            page.bind(text, f"duty:{did}")
        changed = guarded(page, self.threshold)(self.changed)
        for widget in [*w.values(), *self.boxes.values(), *self.duty_texts.values()]:
            widget.observe(changed, names="value")
        guarded(page, self.threshold)(self.draw)()  # the first drawing: saves nothing

    def current(self) -> rationale.Rationale:
        r = rationale.Rationale()
        for name, widget in self.widgets.items():
            value = widget.value
            setattr(r, name, float(value) if isinstance(getattr(r, name), float) else value)
        r.requirements = [rid for rid, box in self.boxes.items() if box.value]
        r.duties = {did: text.value for did, text in self.duty_texts.items() if text.value.strip()}
        return r

    def changed(self, _change) -> None:
        """A participant changed an answer: redraw, then save the summary."""
        r, found, check = self.draw()
        self.downloads.value = ""  # the record no longer matches what is on screen
        self.page.save("summary", {
            "title": r.title, "category": r.category, "whole_life_value": r.annual_value * r.years,
            "above_threshold": None if check is None else check.above, "warnings": [f.rule for f in found],
            "complete": not rationale.missing(r),
        })

    def draw(self) -> tuple[rationale.Rationale, list[rationale.Finding], rationale.ThresholdCheck | None]:
        """The warnings, the threshold check and the messages beside the numbers, for the answers on
        screen (saves nothing); returns the answers, the warnings and the check."""
        r = self.current()
        found = rationale.findings(r)
        if found:
            items = "".join(
                f"<li>{message(rationale.KINDS[f.kind] + ': ' + f.message, 'warn')}"
                f"<details><summary>Why this warning</summary><p>{esc(f.rationale)}</p>"
                f'<p class="svkit-source">Source: {esc(f.source)}.</p></details></li>'
                for f in found)
            self.warnings.value = f"<h3>Warnings</h3><ul class=\"svkit-plain\">{items}</ul>"
        elif r.requirements:
            self.warnings.value = message("None of the kit's rules fire for these requirements.", "ok")
        else:
            self.warnings.value = ""
        self.areas["start"].value = ""
        try:
            on = rationale.start_date(r)
        except ValueError as exc:
            self.areas["start"].value = message(str(exc), "error")
            on = None
        numbers_ok = self.check_numbers(r)
        check = None
        if r.category and r.annual_value > 0 and r.years > 0 and numbers_ok:
            if on is None:
                self.threshold.value = ""
            else:
                check = rationale.threshold_check(r.category, r.annual_value, r.years, on)
                self.threshold.value = (f"<h3>Threshold check</h3>{message(check.message, 'info')}"
                                        f'<p class="svkit-source">Source: {esc(check.source)}.</p>')
        else:
            self.threshold.value = message("Enter the type of contract, its value a year and its length to check "
                                           "it against the Procurement Act 2023 thresholds.", "info")
        return r, found, check

    def check_numbers(self, r: rationale.Rationale) -> bool:
        """A message beside the value or the length when it is out of range; True when both are usable."""
        ok = True
        for name, most, unit in (("annual_value", MAX_ANNUAL, "£"), ("years", MAX_YEARS, "")):
            value = getattr(r, name)
            area = self.areas[name]
            area.value = ""
            if value < 0:
                area.value = message(f"{rationale.LABELS[name]} cannot be negative; {value:g} was typed.", "error")
                ok = False
            elif value > most:
                area.value = message(f"{rationale.LABELS[name]} is at most {unit}{most:,.0f} here; "
                                     f"{unit}{value:,.0f} was typed.", "error")
                ok = False
        return ok

    def build_downloads(self, _=None) -> None:
        r = self.current()
        for name, area in self.areas.items():
            if name != "start":
                area.value = ""
        if not self.check_numbers(r):
            self.downloads.value = ""
            self.result.value = message("A number is out of range; it is marked where it is entered.", "error")
            return
        gaps = rationale.missing(r)
        rationale.start_date(r)  # a malformed date is a ValueError: shown beside the button
        if gaps:
            for name in gaps:
                what = "Tick at least one requirement or describe other outcomes." if name == "requirements" \
                    else f"{rationale.LABELS[name]} is required."
                self.areas[name].value = message(what, "error")
            self.downloads.value = ""
            names = ", ".join(rationale.LABELS[g] for g in gaps)
            self.result.value = message(f"{len(gaps)} required field{'s are' if len(gaps) != 1 else ' is'} still "
                                        f"empty: {names}. Each is marked where it is entered.", "error")
            return
        record = rationale.to_record(r)
        self.downloads.value = record_downloads(record, "svkit-rationale", "the rationale")
        self.result.value = message("Your rationale is complete. Download it below.", "ok")
        self.page.save("prepared", True)

    def duty_parts(self) -> list[widgets.Widget]:
        """The legal and policy duties: each duty in plain words, its source and a box for the answer."""
        parts = [widgets.HTML("<h2>Legal and policy duties</h2><p>A rationale that would stand up to challenge shows "
                              "that the council considered these. Say how this contract answers each one.</p>")]
        for d in self.duty_table.duties:
            parts.append(widgets.HTML(f"<h3>{esc(d.name)}</h3><p>{esc(d.duty.strip())}</p><p><strong>Ask yourself:"
                                      f"</strong> {esc(d.prompt)}</p><p class=\"svkit-source\">Source: {esc(str(d.source))}. "
                                      f"How sure the kit is: {esc(d.confidence)}. Not legal advice.</p>"))
            parts.append(self.duty_texts[d.id])
        return parts

    def app(self) -> widgets.VBox:
        w, a = self.widgets, self.areas
        parts = [widgets.HTML(legal_notice()), widgets.HTML(brief(LABEL))]
        for heading, names in rationale.SECTIONS:
            parts.append(widgets.HTML(f"<h2>{esc(heading)}</h2>"))
            for name in names:
                if name == "requirements":
                    parts.append(widgets.HTML("<p>Tick the social value requirements you are thinking of asking "
                                              "for (at least one, or describe other outcomes below).</p>"))
                    parts.extend(self.boxes.values())
                    parts.append(a[name])
                    parts.append(self.warnings)
                    continue
                parts.extend([w[name], a[name]])
            if heading == "The contract":
                parts.append(self.threshold)
        parts.extend(self.duty_parts())
        parts.extend([widgets.HTML("<h2>Your record</h2>"), self.prepare, self.result, self.downloads])
        parts.append(widgets.HTML(model_rationale_html(self.duty_table)))
        return self.page.app(*parts)


def model_rationale_html(table: rationale.Duties) -> str:
    """The model rationale, to compare against once you have written your own."""
    m = table.model
    reqs = {q.id: q.label for q in rationale.rules().requirements}
    rows = [("Contract", m.title), ("Subject matter", m.subject),
            ("Type and value", f"{rationale.CATEGORIES.get(m.category, m.category)}; £{m.annual_value:,.0f} a year for "
                               f"{m.years:g} years"),
            ("Policy goals", m.policy_goals), ("Requirements", "; ".join(reqs.get(x, x) for x in m.requirements)),
            ("Engagement", m.engagement), ("VCSEs, SMEs and lots", m.vcse_sme), ("In the core specification", m.core_spec),
            ("Monitoring", m.monitoring)]
    rows += [(d.name, m.duties[d.id]) for d in table.duties]
    return ("<details><summary>Compare with a model rationale</summary><p>Write your own first. This one is for an "
            "invented contract; notice how every requirement ties to a policy goal and to what is being bought.</p>"
            + html_table(f"A model rationale: {m.title}", ["Part", "What it says"], rows)
            + f'<p class="svkit-source">Source: {esc(m.source)}.</p></details>')


def build_rationale_builder(page: Page | None = None) -> widgets.VBox:
    """The rationale template, with warnings, a threshold check and a download."""
    return RationaleBuilder(page or Page(LABEL)).app()
