"""The social value rationale (exercise 2-4): required fields, rules, thresholds and the record."""

import io
from dataclasses import replace
from datetime import date

import pytest
from docx import Document

from svkit import export, rationale

COMPLETE = rationale.Rationale(
    title="Highways resurfacing 2026-30", subject="Resurfacing of borough roads", category="works",
    annual_value=1_150_000, years=4, start="2026-04-01", supplier_size="large",
    policy_goals="Corporate plan: good jobs for local people", requirements=["local-jobs", "apprenticeships"],
    engagement="Pre-market dialogue with six contractors; residents' panel", vcse_sme="Minor works lot for SMEs",
    core_spec="Apprenticeships written into the works programme", monitoring="Quarterly contract review",
)


def test_a_complete_rationale_has_nothing_missing():
    assert rationale.missing(COMPLETE) == []


@pytest.mark.parametrize("field", rationale.REQUIRED)
def test_each_required_field_is_reported_when_empty(field):
    empty = 0.0 if isinstance(getattr(COMPLETE, field), float) else ""
    assert rationale.missing(replace(COMPLETE, **{field: empty})) == [field]


def test_outcomes_need_a_requirement_or_other_outcomes():
    assert rationale.missing(replace(COMPLETE, requirements=[])) == ["requirements"]
    assert rationale.missing(replace(COMPLETE, requirements=[], other_outcomes="Fewer potholes")) == []


def triggering(rule: rationale.Rule) -> rationale.Rationale:
    """A rationale that meets every condition of ``rule``."""
    w = rule.when
    return replace(
        COMPLETE, requirements=[rule.requirement],
        category=(w.categories or ["services"])[0],
        supplier_size=(w.supplier_sizes or ["large"])[0],
        annual_value=(w.below_annual_value / 2) if w.below_annual_value else 1_000_000,
        years=(w.below_years / 2) if w.below_years else (w.below_months / 24) if w.below_months else 3,
    )


@pytest.mark.parametrize("rule", rationale.rules().rules, ids=lambda r: r.id)
def test_every_rule_fires_when_its_conditions_hold_and_says_why(rule):
    found = [f for f in rationale.findings(triggering(rule)) if f.rule == rule.id]
    assert len(found) == 1
    assert found[0].message == rule.message and found[0].rationale and found[0].source


@pytest.mark.parametrize("rule", [r for r in rationale.rules().rules if r.when != rationale.When()], ids=lambda r: r.id)
def test_a_conditional_rule_stays_quiet_when_a_condition_fails(rule):
    r = triggering(rule)
    w = rule.when
    if w.categories:
        r = replace(r, category=next(c for c in rationale.CATEGORIES if c not in w.categories))
    elif w.supplier_sizes:
        r = replace(r, supplier_size=next(s for s in rationale.SUPPLIER_SIZES if s not in w.supplier_sizes))
    elif w.below_annual_value:
        r = replace(r, annual_value=w.below_annual_value)
    elif w.below_years:
        r = replace(r, years=w.below_years)
    else:
        r = replace(r, years=w.below_months / 12)
    assert rule.id not in [f.rule for f in rationale.findings(r)]


def test_a_rule_needs_its_requirement_to_be_picked():
    rule = rationale.rules().rules[0]
    assert rule.id not in [f.rule for f in rationale.findings(replace(triggering(rule), requirements=[]))]


def test_the_carbon_plan_for_a_small_consultancy_is_flagged():
    small = replace(COMPLETE, category="services", annual_value=20_000, years=1, supplier_size="micro",
                    requirements=["carbon-plan"])
    kinds = {f.rule: f.kind for f in rationale.findings(small)}
    assert kinds == {"carbon-plan-small-contract": "disproportionate", "carbon-plan-micro-supplier": "disproportionate"}


@pytest.mark.parametrize("category, on, annual, years, above, threshold", [
    ("services", date(2025, 12, 31), 107_452, 2, True, 214_904),   # exactly at the threshold: 'at or above'
    ("services", date(2025, 12, 31), 107_451, 2, False, 214_904),
    ("goods", date(2026, 1, 1), 103_860, 2, True, 207_720),
    ("works", date(2026, 6, 1), 1_000_000, 5, False, 5_193_000),
    ("works", date(2024, 6, 1), 1_100_000, 5, True, 5_372_609),
    ("light-touch", date(2026, 6, 1), 200_000, 3, False, 663_540),
])
def test_the_threshold_in_force_on_the_start_date_is_used(category, on, annual, years, above, threshold):
    check = rationale.threshold_check(category, annual, years, on)
    assert check.threshold == threshold and check.above is above
    assert f"£{threshold:,.0f}" in check.message and check.source


def test_a_procurement_before_the_act_is_told_so_and_a_date_without_figures_too():
    assert "24 February 2025" in rationale.threshold_check("services", 100_000, 3, date(2025, 1, 10)).message
    unknown = rationale.threshold_check("services", 100_000, 3, date(2023, 6, 1))
    assert unknown.above is None and "no threshold" in unknown.message


def test_a_malformed_start_date_gets_a_plain_message():
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        rationale.start_date(replace(COMPLETE, start="1/4/26"))
    assert rationale.start_date(replace(COMPLETE, start=""), today=date(2026, 11, 22)) == date(2026, 11, 22)


def test_the_docx_record_opens_again_with_every_field():
    r = replace(COMPLETE, requirements=["carbon-plan"], annual_value=20_000, supplier_size="micro",
                category="services", title="Review <of> data")
    doc = Document(io.BytesIO(export.to_docx(rationale.to_record(r))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Social value rationale: Review <of> data" in text
    for value in (r.subject, r.policy_goals, r.engagement, r.vcse_sme, r.core_spec, r.monitoring, "£20,000",
                  "Publish a carbon reduction plan", "Disproportionate", "Threshold check", "below the £207,720"):
        assert value in text, value
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert [h for h, _ in rationale.SECTIONS[1:]] == headings[1:len(rationale.SECTIONS)]


def test_an_incomplete_record_says_what_is_still_to_do():
    md = export.to_markdown(rationale.to_record(replace(COMPLETE, monitoring="")))
    assert "Still to complete: Monitoring." in md


# -- issue 19: the duties a rationale answers, and a model to compare against ---------------------------
def test_the_duties_cover_the_social_value_act_the_npps_and_the_acts_sme_duty_with_sources():
    table = rationale.duties()
    by_id = {d.id: d for d in table.duties}
    assert "Public Services (Social Value) Act 2012" in by_id["social-value-act"].source.section
    assert "s.13" in by_id["npps"].source.section and "National Procurement Policy Statement" in by_id["npps"].name
    assert "s.12(4)" in by_id["sme-vcse"].source.section and "s.18" in by_id["sme-vcse"].source.section
    assert all(d.prompt.endswith("?") for d in table.duties)


def test_the_model_rationale_is_complete_fires_no_warnings_and_answers_every_duty():
    model = rationale.model_rationale()
    assert rationale.missing(model) == [] and rationale.findings(model) == []
    record = rationale.to_record(model)
    duties = dict(record.sections)["Legal and policy duties considered"]
    assert len(duties) == len(rationale.duties().duties)


def test_a_rationale_without_duty_answers_says_so_in_the_record():
    assert dict(rationale.to_record(COMPLETE).sections)["Legal and policy duties considered"] == ["Not yet answered."]
