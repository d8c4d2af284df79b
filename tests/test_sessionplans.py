"""Session plans: the blocks add up to each plan's length, and docs/session-plans.md is current."""

import yaml

from svkit import sessionplans
from pathlib import Path

from svkit.paths import data_dir
from tests.apps import APP_PATHS
from tests.helpers import app_label

STATED = {"s151-half-day": 210, "commissioners-half-day": 210, "full-day": 420, "taster": 90}  # 3.5 h, 3.5 h, 7 h, 90 min


def test_the_four_plans_exist_with_the_lengths_the_issue_asks_for():
    table = sessionplans.plans()
    assert {p.id: p.minutes for p in table.plans} == STATED


def test_each_plans_blocks_add_up_to_its_stated_length():
    raw = yaml.safe_load((data_dir() / "sessions" / "plans.yaml").read_text(encoding="utf-8"))
    for plan in raw["plans"]:  # summed from the file itself, not through the model under test
        assert sum(b["minutes"] for b in plan["blocks"]) == plan["minutes"], plan["id"]
    for plan in sessionplans.plans().plans:
        assert plan.total == plan.minutes


def test_each_plan_opens_with_preparation_and_the_start_page_and_ends_with_an_evaluation():
    table = sessionplans.plans()
    assert any("join code" in p for p in table.preparation) and any("projector" in p for p in table.preparation)
    assert any("server" in p or "serve" in p for p in table.preparation)
    for plan in table.plans:
        assert plan.blocks[0].apps[0] == "00-start", plan.id
        assert plan.blocks[-1].kind == "evaluation", plan.id
        assert any(b.kind == "break" for b in plan.blocks) or plan.minutes <= 90, plan.id


def test_every_app_in_a_plan_exists_and_gets_at_least_its_own_time_estimate():
    labels = {app_label(p) for p in APP_PATHS}
    for plan in sessionplans.plans().plans:
        for block in plan.blocks:
            for app in block.apps:
                assert app in labels, (plan.id, app)
                intro = data_dir() / "apps" / f"{app}.yaml"
                if block.kind == "exercise" and intro.exists():
                    own = yaml.safe_load(intro.read_text(encoding="utf-8"))["minutes"]
                    assert block.minutes >= own, (plan.id, app, block.minutes, own)


def test_the_session_plans_document_is_generated_from_the_data():
    doc = (Path(__file__).resolve().parents[1] / "docs" / "session-plans.md").read_text(encoding="utf-8")
    assert doc == sessionplans.markdown(), "run: python -m svkit.sessionplans > docs/session-plans.md"
    assert doc.count("### Evaluation") == 4 and "| 3:30 | | End | | |" in doc and "| 1:30 | | End | | |" in doc


def test_the_facilitator_guide_has_plan_b_and_the_three_s151_objections_marked_not_legal_advice():
    guide = (Path(__file__).resolve().parents[1] / "docs" / "facilitator-guide.md").read_text(encoding="utf-8")
    plan_b = guide.split("## Plan B", 1)[1].split("\n## ", 1)[0]
    assert "network fails" in plan_b and "svkit handouts" in plan_b and "paper" in plan_b
    objections = guide.split("## The objections an S151 officer will raise", 1)[1].split("\n## ", 1)[0]
    assert "not legal advice" in objections
    for objection in ("Won't we be challenged?", "How do I show value for money to the auditors?",
                      "We can't afford to pay more."):
        assert objection in objections, objection
    assert objections.count("Point to:") == 3
    for handout in ("nine-row table", "eleven-step lists", "thirteen routes", "Wigan then and now"):
        assert handout in plan_b, handout
