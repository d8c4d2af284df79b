"""Section 3 apps at widget level."""

import ipywidgets as widgets
import pytest

from svkit import pathways
from svkit.ui.exercises import pathways as explorer
from tests.helpers import all_of, find, html_of, new_page


def radio(app, n):
    return next(r for r in all_of(app, widgets.RadioButtons) if r.description == f"Question {n}")


def test_the_explorer_ranks_routes_with_reasons_and_saves_the_top_three(store):
    page = new_page("3-2", store)
    app = explorer.build_pathway_explorer(page)
    assert "every route scores 0" in html_of(app)
    radio(app, 2).value = "yes"  # only one capable provider
    top = pathways.recommend({"single_provider": "yes"})
    assert top[0].route_id == "direct_award"
    assert "1. Direct award of a contract or grant (score +4)" in html_of(app)
    assert "Only one provider can do it, so there is no competition to run." in html_of(app)
    assert page.saved["summary"]["top"] == [r.route_id for r in top[:3]]


def test_starting_from_a_case_fills_its_answers_and_survives_a_reload(store):
    page = new_page("3-2", store)
    app = explorer.build_pathway_explorer(page)
    case = next(c for c in pathways.cases().cases if c.id == "cni")
    find(app, widgets.Dropdown, "Start from").value = "cni"
    radios = {r.description: r.value for r in all_of(app, widgets.RadioButtons)}
    assert list(radios.values()) == [case.answers[q] for q in pathways.QUESTIONS]
    assert "1. Thin-layer co-operative" in html_of(app)
    radio(app, 1).value = "yes"  # the participant's own change stays
    again = explorer.build_pathway_explorer(new_page("3-2", store, page.visitor.token))
    assert radio(again, 1).value == "yes"
    assert find(again, widgets.Dropdown, "Start from").value == "cni"
    assert html_of(again).count("<details open>") == 3


def test_the_overlay_route_says_it_is_one(store):
    app = explorer.build_pathway_explorer(new_page("3-2", store))
    radio(app, 5).value = "yes"
    assert "Social value imperatives (score +2) <em>(an overlay" in html_of(app)


# -- 3-3 selection panel ---------------------------------------------------------------
from svkit import imperatives  # noqa: E402
from svkit.ui.exercises import imperatives_panel as selection  # noqa: E402


def test_the_simulated_panel_is_the_same_every_time_and_covers_every_item():
    g1, s1 = imperatives.simulated_panel()
    g2, s2 = imperatives.simulated_panel()
    assert g1.equals(g2) and s1.equals(s2)
    members = {m.id for m in imperatives.panel().members}
    fw = imperatives.framework()
    assert len(s1) == len(imperatives.providers().providers) * len(members) * len(fw.qualities)
    assert s1["score"].between(0, 4).all()
    names = [m.name for m in imperatives.panel().members]
    assert sum("uses homecare" in n for n in names) >= 2  # service users on the panel


def test_a_strict_member_fails_borderline_evidence_and_others_follow_the_reference():
    gates, _ = imperatives.simulated_panel()
    strict = {m.id for m in imperatives.panel().members if m.strict}
    for p in imperatives.providers().providers:
        for gid, ev in p.gates.items():
            votes = gates[(gates["provider"] == p.id) & (gates["gate"] == gid)].set_index("member")["passed"]
            for member, passed in votes.items():
                assert passed == (ev.reference == "pass" and not (member in strict and ev.borderline))


def test_your_scores_join_the_panel_and_move_the_median_and_flags(store):
    page = new_page("3-3", store)
    app = selection.build_selection_panel(page)
    assert "Gates: pass or fail" in html_of(app) and "Hollin Care Co-operative" in html_of(app)
    score = next(d for d in all_of(app, widgets.Dropdown) if d.description == "Score for Purpose")
    score.value = 0
    _, sim = imperatives.simulated_panel()
    others = sim[(sim["provider"] == "hollin") & (sim["quality"] == "purpose")]["score"].to_list()
    import statistics
    median = statistics.median([0, *others])
    text = html_of(app)
    assert f'<th scope="row">Purpose</th><td>0</td>' in text
    assert f"<td>{median:g}</td><td>0-{max(others)}</td><td>Discuss: members differ by 2 or more</td>" in text
    assert page.saved["summary"]["judged"] == ["hollin"]
    assert page.saved["summary"]["scores"] == {"hollin": {"purpose": 0}}  # the room's 3-3 panel judges these
    assert page.saved["summary"]["gates"] == {"hollin": {}}


def test_failing_a_gate_by_majority_rules_a_provider_out(store):
    page = new_page("3-3", store)
    app = selection.build_selection_panel(page)
    find(app, widgets.Dropdown, "Provider").value = "brightwell"
    assert "Brightwell Homecare Ltd" in html_of(app)
    assert "Fails the gates: Open-book transparency, The Real Living Wage, Commitment to the borough" in html_of(app)
    assert page.saved["summary"]["gate_failures"]["brightwell"] == ["open-book", "real-living-wage", "borough-commitment"]
    assert "brightwell" not in page.saved["summary"]["ranking"]


def test_judgements_on_several_providers_survive_a_reload(store):
    page = new_page("3-3", store)
    app = selection.build_selection_panel(page)
    next(r for r in all_of(app, widgets.RadioButtons) if r.description.startswith("Gate 2")).value = False
    find(app, widgets.Dropdown, "Provider").value = "northgate"
    next(d for d in all_of(app, widgets.Dropdown) if d.description == "Score for Credibility").value = 1
    again = selection.build_selection_panel(new_page("3-3", store, page.visitor.token))
    assert find(again, widgets.Dropdown, "Provider").value == "northgate"
    assert next(d for d in all_of(again, widgets.Dropdown) if d.description == "Score for Credibility").value == 1
    assert "You have judged it</th>" in html_of(again)
    summary = html_of(again)
    assert summary.count("<td>Yes</td>") == 2  # hollin (a gate) and northgate (a score)


# -- 3-1 collaborative canvas ---------------------------------------------------------------
import base64  # noqa: E402
import io  # noqa: E402
import re  # noqa: E402

from docx import Document  # noqa: E402

from svkit import canvas as collaboration, export  # noqa: E402
from svkit.ui.exercises import collaborative_canvas as canvas  # noqa: E402


def test_every_step_has_a_prompt_hints_and_a_sourced_example():
    table = collaboration.steps()
    assert [s.number for s in table.steps] == list(range(1, 12))
    assert all(s.hints and s.example.case and str(s.example.source) for s in table.steps)


def test_the_canvas_counts_progress_and_downloads_every_step(store):
    page = new_page("3-1", store)
    app = canvas.build_canvas(page)
    assert "0 of 11" in html_of(app)
    find(app, widgets.Text, "My opportunity").value = "Homecare <north>"
    areas = [a for a in all_of(app, widgets.Textarea)]
    areas[0].value = "Repair the care market"
    areas[8].value = "Open books and the Real Living Wage"
    assert "2 of 11" in html_of(app)
    assert page.saved["summary"] == {"title": "Homecare <north>", "written": 2, "of": 11, "steps": [1, 9]}
    find(app, widgets.Button, "Prepare my canvas").click()
    assert "9 steps are still empty" in html_of(app)
    link = re.search(r'download="svkit-canvas-[\d-]+\.docx" href="data:[^;]+;base64,([^"]+)"', html_of(app))
    doc = Document(io.BytesIO(base64.b64decode(link.group(1))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Collaborative canvas: Homecare <north>" in text and "Open books and the Real Living Wage" in text
    for s in collaboration.steps().steps:
        assert f"{s.number}. {s.title}" in text
    assert text.count("(nothing written yet)") == 9
    areas[1].value = "Strengths"
    assert "svkit-canvas" not in html_of(app)  # a stale download is withdrawn
    again = canvas.build_canvas(new_page("3-1", store, page.visitor.token))
    assert [a.value for a in all_of(again, widgets.Textarea)][:2] == ["Repair the care market", "Strengths"]


def test_the_markdown_canvas_holds_the_prompts():
    md = export.to_markdown(collaboration.canvas_record("", {1: "Goal"}))
    assert md.startswith("# Collaborative canvas: my opportunity")
    assert "Prompt: " + collaboration.steps().steps[0].prompt in md


# -- lesson 03 --------------------------------------------------------------------------------
from svkit.ui.lessons import collaboration as lesson3  # noqa: E402


def test_the_walkthrough_moves_step_by_step_and_the_figure_follows():
    box = lesson3.build_steps_walkthrough()
    assert "Step 1, Start from long-term goals, is highlighted" in html_of(box)
    find(box, widgets.Button, "Next step").click()
    find(box, widgets.Button, "Next step").click()
    steps = collaboration.steps().steps
    assert f"Step 3, {steps[2].title}, is highlighted" in html_of(box)
    assert steps[2].example.text[:30] in html_of(box)
    assert find(box, widgets.Button, "Previous step").disabled is False
    find(box, widgets.Dropdown, "Step").value = 10
    assert find(box, widgets.Button, "Next step").disabled is True


def test_the_case_explorer_shows_each_case_with_sourced_results():
    box = lesson3.build_case_explorer()
    table = collaboration.cases()
    chooser = all_of(box, widgets.ToggleButtons)[0]
    for case in table.cases:
        chooser.value = case.id
        text = html_of(box)
        assert case.problem[:30] in text and "What it achieved" in text
        assert all(a.text[:25].replace("'", "&#x27;") in text for a in case.achieved)
        assert "Source:" in text
    assert len(table.cases) == 7
    assert {c.route_id for c in table.cases} <= set(pathways.ROUTES)


def test_the_routes_table_lists_all_thirteen_and_says_not_legal_advice():
    text = lesson3.routes_table().value
    assert all(name in text for name in pathways.ROUTES.values()) and "not legal" in text


# -- 3-7 'I' statements and Wigan then and now --------------------------------------------------
from svkit import istatements as wigan  # noqa: E402
from svkit.ui.exercises import i_statements as istatements  # noqa: E402


def test_the_i_statements_exercise_counts_saves_and_downloads(store):
    page = new_page("3-7", store)
    app = istatements.build_i_statements(page)
    text = html_of(app)
    assert all(s.replace("'", "&#x27;") in text for s in wigan.statements().statements)
    find(app, widgets.Text, "'I' statement 1").value = "I want to choose <what> I do each day"
    find(app, widgets.Text, "Specification clause 1").value = "Activities planned with each person weekly"
    find(app, widgets.Text, "Monitoring question 1").value = "Did you choose what you did this week?"
    find(app, widgets.Text, "'I' statement 2").value = "I want to see my friends"
    assert "<strong>2</strong> statements written, <strong>1</strong> with both" in html_of(app)
    all_of(app, widgets.Checkbox)[0].value = True
    find(app, widgets.Button, "Prepare my statements").click()
    assert "Statement 2 still needs a clause and a question." in html_of(app)
    link = re.search(r'download="svkit-i-statements-[\d-]+\.docx" href="data:[^;]+;base64,([^"]+)"', html_of(app))
    doc = "\n".join(p.text for p in Document(io.BytesIO(base64.b64decode(link.group(1)))).paragraphs)
    assert "I want to choose <what> I do each day" in doc and wigan.statements().selection[0] in doc
    assert page.saved["summary"]["selection"] == [1]
    assert page.saved["summary"]["texts"] == ["I want to choose <what> I do each day", "I want to see my friends",
                                              "", "", ""]  # the console's wall
    again = istatements.build_i_statements(new_page("3-7", store, page.visitor.token))
    assert find(again, widgets.Text, "'I' statement 2").value == "I want to see my friends"


def test_then_and_now_shows_every_row_with_its_source():
    text = lesson3.wigan_then_and_now().value
    for row in wigan.then_and_now().rows:
        assert row.topic in text and "launch webinar" in text
    assert "21,000" in text and "£11 to £22" in text


# -- issue 19: cost evidence, scoring anchors, a health partner, the reasons for the decision ---------------
def test_every_pack_carries_open_book_costs_and_the_panel_includes_a_health_partner():
    for p in imperatives.providers().providers:
        c = p.costs
        assert c.price == pytest.approx(c.pay + c.travel_time + c.on_costs + c.mileage + c.running + (c.surplus or 0))
    brightwell = next(p for p in imperatives.providers().providers if p.id == "brightwell")
    assert brightwell.costs.surplus is None and brightwell.costs.surplus_share is None  # margin withheld
    hollin = next(p for p in imperatives.providers().providers if p.id == "hollin")
    # 12.60 + 4.20 + 3.70 + 1.10 + 7.20 + 0.95 = £29.75; surplus 0.95 / 29.75 = 3.19%
    assert hollin.costs.price == pytest.approx(29.75) and hollin.costs.surplus_share == pytest.approx(0.0319, abs=1e-4)
    assert any("health" in m.name.lower() for m in imperatives.panel().members)
    assert set(imperatives.framework().anchors) == {0, 1, 2, 3, 4}


def test_the_pack_shows_costs_and_anchors_and_the_reasons_download_as_a_document(store):
    page = new_page("3-3", store)
    app = selection.build_selection_panel(page)
    text = html_of(app)
    assert "Open-book costs, 2025-26" in text and "£29.75" in text and "What each score means" in text
    assert "Health partner (NHS community services)" in text
    find(app, widgets.Dropdown, "Provider").value = "brightwell"
    button = next(b for b in all_of(app, widgets.Button) if b.description == "Prepare the reasons for the decision")
    button.click()
    links = html_of(app)
    assert "Download the reasons (.docx)" in links and "You have not judged this provider yet" in links
    import base64
    import io
    import re

    from docx import Document

    link = re.search(r'download="([^"]+\.docx)" href="data:[^;]+;base64,([^"]+)"', links)
    assert link and link.group(1).startswith("svkit-panel-reasons-brightwell")
    body = "\n".join(par.text for par in Document(io.BytesIO(base64.b64decode(link.group(2)))).paragraphs)
    assert "Reasons for the decision: Brightwell Homecare Ltd" in body
    assert "Not selected: fails the gates Open-book transparency, The Real Living Wage, Commitment to the borough" in body
    assert "surplus withheld" in body and "On the scale" in body
    find(app, widgets.Dropdown, "Provider").value = "hollin"
    assert "Download the reasons (.docx)" not in html_of(app)  # no stale record for another provider
