"""Section 4: the golden thread, mindset shifts, the Common Good framework, the action plan."""

import base64
import io
import re
from datetime import date
from html import escape as esc

import ipywidgets as widgets
import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st

from svkit import commongood, mindset, plan, thread
from svkit.ui.exercises import common_good_framework as cg_ui
from svkit.ui.lessons import enabling
from svkit.ui.exercises import mindset as mindset_ui
from svkit.ui.exercises import action_plan as plan_ui
from svkit.ui.exercises import golden_thread as thread_ui
from tests.helpers import all_of, find, html_of, new_page


def chain(*links, value=None):
    return thread.Chain("t", value, tuple(thread.Link(*lk) for lk in links))


FULL = [("g1", "goal", "Older people live well at home"),
        ("o1", "outcome", "Fewer hospital admissions", ("g1",)),
        ("c1", "objective", "A daily meal and welfare check", ("o1",)),
        ("r1", "requirement", "Deliver a hot meal each day", ("c1",), "light"),
        ("m1", "measure", "Meals delivered on time", ("r1",))]


def kinds(found, link=None):
    return sorted({f.kind for f in found if link is None or f.link == link})


# --- svkit.thread ---------------------------------------------------------------------------------

def test_a_complete_thread_has_no_findings_and_one_path():
    c = chain(*FULL, value=80_000)
    assert thread.check(c) == []
    assert thread.complete_paths(c) == 1


def test_a_requirement_with_no_goal_above_is_bolted_on_even_through_a_loose_objective():
    c = chain(*FULL, ("c2", "objective", "Volunteering"), ("r2", "requirement", "Two volunteering days", ("c2",)),
              ("m2", "measure", "Days given", ("r2",)))
    found = thread.check(c)
    assert kinds(found, "r2") == ["bolted-on"]
    assert kinds(found, "c2") == ["loose"]
    assert kinds(found, "r1") == []
    message = next(f for f in found if f.link == "r2").message
    assert "'Two volunteering days'" in message and "bolted on" in message


def test_a_goal_with_nothing_below_it_is_flagged_even_when_it_has_an_outcome():
    c = chain(*FULL, ("g2", "goal", "Net zero by 2030"), ("o2", "outcome", "Lower emissions", ("g2",)))
    found = thread.check(c)
    assert kinds(found, "g2") == ["unserved-goal"]
    assert kinds(found, "g1") == []


def test_a_requirement_with_no_measure_is_unmeasured():
    c = chain(*FULL[:4])
    assert [(f.link, f.kind) for f in thread.check(c)] == [("r1", "unmeasured")]


@pytest.mark.parametrize("burden,value,fires", [
    ("heavy", 99_999, True), ("heavy", 100_000, False), ("heavy", None, False),
    ("moderate", 24_999, True), ("moderate", 25_000, False), ("moderate", 99_999, False),
    ("light", 1_000, False)])
def test_disproportion_follows_the_burden_and_the_contract_value(burden, value, fires):
    links = list(FULL)
    links[3] = ("r1", "requirement", "Publish a carbon reduction plan", ("c1",), burden)
    found = thread.check(chain(*links, value=value))
    assert (kinds(found, "r1") == ["disproportionate"]) is fires


def test_the_library_example_shows_each_kind_the_issue_names_and_every_rule_has_its_reasons():
    ex = thread.examples().examples[0]
    found = thread.check(thread.to_chain(ex))
    assert {"bolted-on", "unserved-goal", "unmeasured", "disproportionate"} <= set(kinds(found))
    for rule in thread.rules().rules:
        assert len(rule.rationale) > 40 and str(rule.source)
    for f in found:
        assert f.rationale and f.source and f.kind_name


@pytest.mark.parametrize("links,words", [
    ([("g1", "goal", "A"), ("r1", "requirement", "B", ("g1",))], "directly above"),
    ([("o1", "outcome", "A", ("zz",))], "does not exist"),
    ([("x1", "wish", "A")], "not a level"),
    ([("g1", "goal", "   ")], "Write what"),
    ([("g1", "goal", "A", (), "heavy")], "Only a contract requirement"),
    ([("g1", "goal", "A"), ("g1", "goal", "B")], "share the id"),
])
def test_a_malformed_chain_gets_a_plain_message(links, words):
    with pytest.raises(ValueError, match=words):
        thread.check(chain(*links))


def test_removing_a_link_leaves_what_served_it_loose_and_adding_numbers_new_links():
    c = thread.to_chain(thread.examples().examples[0])
    c = thread.remove(c, "o1")
    assert c.by_id()["c1"].parents == ()
    assert "loose" in kinds(thread.check(c), "c1")
    c2 = thread.add(c, "outcome", "  New   outcome ", ["g1"])
    assert c2.links[-1] == thread.Link("o1", "outcome", "New outcome", ("g1",), None)
    with pytest.raises(ValueError):
        thread.add(c, "outcome", "", ["g1"])
    with pytest.raises(ValueError):
        thread.remove(c, "nope")


def test_saved_threads_round_trip_and_junk_is_dropped_not_raised():
    c = thread.to_chain(thread.examples().examples[0])
    assert thread.from_saved(thread.to_saved(c), c.title, c.annual_value) == c
    junk = [{"id": "g1", "level": "goal", "text": "ok"}, {"id": "o1", "level": "outcome", "text": "x", "parents": ["gone"]},
            "nonsense", {"level": "goal"}]
    assert [lk.id for lk in thread.from_saved(junk).links] == ["g1"]
    assert thread.from_saved(None).links == ()


@st.composite
def chains(draw):
    links, ids = [], {lv: [] for lv in thread.LEVELS}
    for i in range(draw(st.integers(0, 14))):
        level = draw(st.sampled_from(thread.LEVELS))
        k = thread.LEVELS.index(level)
        above = ids[thread.LEVELS[k - 1]] if k else []
        parents = tuple(draw(st.lists(st.sampled_from(above), unique=True, max_size=2))) if above else ()
        burden = draw(st.sampled_from([None, "light", "moderate", "heavy"])) if level == "requirement" else None
        links.append(thread.Link(f"x{i}", level, f"link {i}", parents, burden))
        ids[level].append(f"x{i}")
    value = draw(st.one_of(st.none(), st.floats(0, 300_000)))
    return thread.Chain("h", value, tuple(links))


def brute_paths(c, link_id):
    lk = c.by_id()[link_id]
    if lk.level == "measure":
        return 1
    return sum(brute_paths(c, k.id) for k in c.links if link_id in k.parents)


def ancestors(c, link_id):
    out = set()
    for p in c.by_id()[link_id].parents:
        out |= {p} | ancestors(c, p)
    return out


@settings(max_examples=150)
@given(chains())
def test_findings_agree_with_a_direct_reading_of_the_chain(c):
    found = thread.check(c)
    links = c.by_id()
    bolted = {f.link for f in found if f.kind == "bolted-on"}
    assert bolted == {lk.id for lk in c.at("requirement")
                      if not any(links[a].level == "goal" for a in ancestors(c, lk.id))}
    unserved = {f.link for f in found if f.kind == "unserved-goal"}
    assert unserved == {g.id for g in c.at("goal")
                        if not any(links[r.id].level == "requirement" and g.id in ancestors(c, r.id)
                                   for r in c.at("requirement"))}
    unmeasured = {f.link for f in found if f.kind == "unmeasured"}
    assert unmeasured == {r.id for r in c.at("requirement") if not any(r.id in m.parents for m in c.at("measure"))}
    assert thread.complete_paths(c) == sum(brute_paths(c, g.id) for g in c.at("goal"))
    assert all(f.link in links for f in found)


def test_the_record_lists_each_link_with_what_it_serves_and_the_findings_and_opens_in_word():
    from svkit import export

    c = thread.to_chain(thread.examples().examples[0])
    rec = thread.record(c, "Community meals", "talk to the provider")
    doc = Document(io.BytesIO(export.to_docx(rec)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [rec.title, "The thread, level by level", "Findings", "My notes"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Contract requirement: Buy at least half of fresh produce" in text
    assert "Serves: Meals cooked by a local provider with local produce." in text
    assert "Bolted on:" in text and "talk to the provider" in text


# --- svkit.mindset --------------------------------------------------------------------------------

SHIFT_IDS = [s.id for s in mindset.shifts().shifts]


def test_the_profile_finds_the_lowest_and_highest_shifts():
    ratings = dict(zip(SHIFT_IDS, [2, 4, 2, 5, 3]))
    prof = mindset.profile(ratings)
    assert prof.mean == pytest.approx(3.2)
    assert prof.lowest == (SHIFT_IDS[0], SHIFT_IDS[2]) and prof.highest == (SHIFT_IDS[3],)
    assert prof.share == pytest.approx((3.2 - 1) / 4)


@pytest.mark.parametrize("bad", [0, 6, 2.5, True, "3", None])
def test_a_rating_off_the_scale_or_missing_is_refused(bad):
    ratings = dict.fromkeys(SHIFT_IDS, 3)
    ratings[SHIFT_IDS[1]] = bad
    with pytest.raises(ValueError):
        mindset.profile(ratings)


def test_a_missing_or_unknown_shift_is_refused():
    with pytest.raises(ValueError, match="still to rate"):
        mindset.profile({SHIFT_IDS[0]: 3})
    with pytest.raises(ValueError, match="Unknown shift"):
        mindset.profile({**dict.fromkeys(SHIFT_IDS, 3), "courage": 4})


@given(st.lists(st.integers(1, 5), min_size=5, max_size=5))
def test_any_valid_ratings_give_a_profile_within_the_scale(values):
    prof = mindset.profile(dict(zip(SHIFT_IDS, values)))
    assert 1 <= prof.mean <= 5 and 0 <= prof.share <= 1
    assert all(prof.ratings[k] == min(values) for k in prof.lowest)
    assert set(prof.lowest) == {k for k, v in zip(SHIFT_IDS, values) if v == min(values)}


def test_every_shift_has_both_ends_a_source_and_a_step_for_every_role():
    roles = {r.id for r in mindset.roles()}
    for s in mindset.shifts().shifts:
        assert set(s.steps) == roles and s.from_text and s.to_text and str(s.source)


# --- svkit.commongood -----------------------------------------------------------------------------

FRAMEWORK = commongood.framework()
PILLARS = [p.id for p in FRAMEWORK.pillars]


def test_the_five_pillars_are_mazzucatos_with_the_full_reference():
    assert [p.name for p in FRAMEWORK.pillars][0] == "Purpose and directionality"
    assert len(PILLARS) == 5
    assert "Mazzucato" in str(FRAMEWORK.citation) and "common good" in str(FRAMEWORK.citation)


def test_weak_pillars_get_the_suggestions_for_them_only_each_with_a_source():
    scores = dict(zip(PILLARS, [4, 1, 3, 0, None]))
    a = commongood.assess(scores)
    assert a.weak == (PILLARS[1], PILLARS[3]) and a.unscored == (PILLARS[4],)
    assert a.total == 8 and a.out_of == 16
    assert a.suggestions and {s.pillar for s in a.suggestions} == {PILLARS[1], PILLARS[3]}
    assert all(str(s.source) for s in a.suggestions)


def test_the_library_example_scores_weak_on_every_pillar_and_gets_suggestions_for_each():
    a = commongood.assess(FRAMEWORK.example.reference_scores)
    assert set(a.weak) == set(PILLARS)
    assert {s.pillar for s in a.suggestions} == set(PILLARS)


@pytest.mark.parametrize("bad", [-1, 5, 2.5, "3", True])
def test_a_score_off_the_scale_is_refused(bad):
    with pytest.raises(ValueError):
        commongood.assess({PILLARS[0]: bad})
    with pytest.raises(ValueError, match="Unknown pillar"):
        commongood.assess({"vibes": 3})


# --- svkit.plan -----------------------------------------------------------------------------------

def test_gather_with_nothing_saved_shows_every_item_as_not_yet_done():
    p = plan.gather({})
    assert [i.label for i in p.featured] == [label for label, _h, _f in plan.FEATURED]
    assert {"1-4", "2-2", "3-2", "3-1", "4-1", "4-2"} <= {i.label for i in p.featured}
    assert all(not i.done and i.lines == (plan.NOT_DONE,) for i in p.featured)
    assert p.others == () and p.done == 0


def test_a_summary_of_an_unexpected_shape_says_so_and_never_raises():
    p = plan.gather({"1-4": {"lens": "sideways"}, "2-2": "nonsense", "1-1": {"right": 3}})
    by = {i.label: i for i in p.featured}
    assert by["1-4"].done and by["1-4"].lines == (plan.UNREADABLE,)
    assert by["2-2"].lines == (plan.UNREADABLE,)
    assert p.others[0].lines == (plan.UNREADABLE,)


def drive_the_kit(store, token):
    """Do the exercises the plan reads, through their real apps, as one participant."""
    from svkit.ui.exercises import collaborative_canvas as canvas
    from svkit.ui.exercises import which_lens as lens
    from svkit.ui.exercises import tender_lab as tenderlab
    from svkit.ui.exercises import pathways as explorer

    app = lens.build_lens_exercise(new_page("1-4", store, token))
    all_of(app, widgets.FloatSlider)[0].value = 0.5
    lab = tenderlab.TenderLab(new_page("2-2", store, token))
    lab.w_price.value, lab.w_quality.value, lab.w_social.value = 50, 40, 10  # the lab opens at 50/30/20
    app = explorer.build_pathway_explorer(new_page("3-2", store, token))
    next(r for r in all_of(app, widgets.RadioButtons) if r.description == "Question 2").value = "yes"
    app = canvas.build_canvas(new_page("3-1", store, token))
    find(app, widgets.Text, "My opportunity").value = "Homecare <north>"
    app = thread_ui.build_golden_thread(new_page("4-1", store, token))
    find(app, widgets.Button, "Copy this example").click()
    app = mindset_ui.build_mindset(new_page("4-2", store, token))
    for i, t in enumerate(all_of(app, widgets.ToggleButtons)):
        t.value = 1 + i % 5
    app = cg_ui.build_common_good(new_page("4-3", store, token))
    for t in all_of(app, widgets.ToggleButtons):
        t.value = 2


def test_gather_reads_every_summary_the_real_exercises_save(store):
    token = new_page("4-4", store).visitor.token
    drive_the_kit(store, token)
    saved = store.participant_summaries(token)
    p = plan.gather(saved)
    assert p.done == len(plan.FEATURED)
    for item in p.featured:
        assert item.done and plan.UNREADABLE not in item.lines and plan.NOT_DONE not in item.lines, item
    text = " ".join(" ".join(i.lines) for i in p.featured)
    assert "Homecare <north>" in text and "Direct award" in text and "price 50%" in text
    assert "Neutral to Intentional 1 of 5" in text


def test_check_steps_reads_dates_both_ways_and_names_what_is_missing():
    steps, problems = plan.check_steps([("Meet the S151", "Me", "31/03/2027"), ("", "", ""),
                                        ("Draft policy", "", "2027-01-15"), ("Talk to cabinet", "Cllr A", "soon"),
                                        ("", "Bob", "")])
    assert [s.by for s in steps] == [date(2027, 3, 31), date(2027, 1, 15), None]
    assert sorted(problems) == [2, 3, 4]
    assert problems[2] == "Give this step an owner." and problems[4] == "Write the step itself too."
    assert "'soon' is not a date" in problems[3]


def test_recommendations_filter_by_role_and_each_has_a_source():
    every = plan.recommendations()
    assert {r.audience for r in every} == {"councils", "network"}
    for role in mindset.roles():
        mine = plan.recommendations(role.id)
        assert mine and all(role.id in r.roles for r in mine) and len(mine) < len(every)
    assert any(r.id == "s151-workshops" for r in plan.recommendations("s151"))
    assert all(str(r.source) for r in every)


def test_the_plan_document_opens_in_word_with_its_sections(store):
    token = new_page("4-4", store).visitor.token
    drive_the_kit(store, token)
    from svkit import export

    p = plan.gather(store.participant_summaries(token))
    recs = plan.recommendations("s151")[:2]
    steps, _ = plan.check_steps([("Brief the finance team", "Sam", "01/02/2027")])
    doc = Document(io.BytesIO(export.to_docx(plan.to_record(p, "S151 officer", recs, steps, "Sam <S>", "share it"))))
    headings = [x.text for x in doc.paragraphs if x.style.name.startswith("Heading")]
    assert headings == ["My social value action plan", "What I did in the kit", "Recommendations I will act on",
                        "My first steps", "My notes"]
    text = "\n".join(x.text for x in doc.paragraphs)
    assert recs[0].text in text and "Owner: Sam. By: 01 February 2027." in text and "Sam <S>" in text
    assert "Golden thread (exercise 4-1): Thread: Community meals" in text


# --- the apps, through their widgets --------------------------------------------------------------

def docx_from(app, stem):
    link = re.search(rf'download="{stem}-[\d-]+\.docx" href="data:[^;]+;base64,([^"]+)"', html_of(app))
    assert link, f"no {stem} download"
    return Document(io.BytesIO(base64.b64decode(link.group(1))))


def test_4_1_shows_the_example_then_builds_an_own_thread_that_restores(store):
    page = new_page("4-1", store)
    app = thread_ui.build_golden_thread(page)
    text = html_of(app)
    assert "Findings (6)" in text and "Disproportionate." in text and "Why this matters" in text
    assert 'alt="Flow figure of the thread' in text and "The thread in words" in text
    find(app, widgets.Dropdown, "Thread to look at").value = "own"
    assert "No links yet" in html_of(app)
    find(app, widgets.Text, "What it says").value = "Children <b>read</b> well"
    press = lambda name: find(app, widgets.Button, name).click()  # noqa: E731
    press("Add link")
    find(app, widgets.Dropdown, "Level").value = "outcome"
    parents = find(app, widgets.SelectMultiple, "Serves")
    assert [o[0] for o in parents.options] == ["Children <b>read</b> well"]
    find(app, widgets.Text, "What it says").value = "More reading for pleasure"
    press("Add link")
    assert "not linked to anything above it" in html_of(app)
    assert "Children &lt;b&gt;read&lt;/b&gt; well" in html_of(app) and "<b>read</b>" not in html_of(app)
    assert page.saved["summary"]["findings"] == {"unserved-goal": 1, "loose": 1}
    find(app, widgets.Text, "Contract value").value = "lots"
    assert "is not an amount of money" in html_of(app)
    again = thread_ui.build_golden_thread(new_page("4-1", store, page.visitor.token))
    assert find(again, widgets.Dropdown, "Thread to look at").value == "own"
    assert "More reading for pleasure" in html_of(again)


def test_4_1_copy_asks_before_replacing_a_thread_and_the_download_has_the_findings(store):
    page = new_page("4-1", store)
    app = thread_ui.build_golden_thread(page)
    find(app, widgets.Button, "Copy this example").click()
    assert page.saved["summary"]["links"] == 13
    live = [w for w in all_of(app, widgets.HTML) if "svkit-status" in w._dom_classes and "findings." in w.value]
    assert len(live) == 1 and "The thread has 13 links and 6 findings." in live[0].value
    find(app, widgets.Dropdown, "Thread to look at").value = thread.examples().examples[0].id
    find(app, widgets.Button, "Copy this example").click()
    assert "Press the button again" in html_of(app)
    find(app, widgets.Button, "Prepare my thread").click()
    doc = docx_from(app, "svkit-golden-thread")
    assert any("Findings" == p.text for p in doc.paragraphs)


def test_4_2_draws_the_radar_once_every_shift_is_rated_and_suggests_a_step_for_the_role(store):
    page = new_page("4-2", store)
    app = mindset_ui.build_mindset(page)
    toggles = all_of(app, widgets.ToggleButtons)
    assert len(toggles) == 5
    toggles[0].value = 4
    assert "still to rate" in html_of(app) and "Radar chart" not in html_of(app)
    for t, v in zip(toggles, [4, 2, 5, 3, 4]):
        t.value = v
    text = html_of(app)
    assert 'alt="Radar chart of your ratings' in text and "Average 3.6 of 5" in text
    shift = mindset.shifts().shifts[1]
    assert f"Most room to move: {shift.name}" in text
    find(app, widgets.Dropdown, "My role").value = "procurement"
    assert shift.steps["procurement"] in html_of(app)
    assert page.saved["summary"] == {"ratings": dict(zip(SHIFT_IDS, [4, 2, 5, 3, 4])), "complete": True,
                                     "role": "procurement", "focus": shift.id, "mean": 3.6, "lowest": [shift.id]}
    again = mindset_ui.build_mindset(new_page("4-2", store, page.visitor.token))
    assert [t.value for t in all_of(again, widgets.ToggleButtons)] == [4, 2, 5, 3, 4]


def test_4_3_scores_give_suggestions_with_sources_and_the_reference_is_hidden_until_asked(store):
    page = new_page("4-3", store)
    app = cg_ui.build_common_good(page)
    assert "Kit's reference score" not in html_of(app)
    find(app, widgets.Checkbox, "reference").value = True
    assert "Kit's reference score: 1" in html_of(app)
    toggles = all_of(app, widgets.ToggleButtons)
    for t, v in zip(toggles, [1, 4, 4, 4, 4]):
        t.value = v
    text = html_of(app)
    purpose = [s for s in FRAMEWORK.suggestions if s.pillar == "purpose"]
    assert all(esc(s.text) in text for s in purpose)
    assert not any(esc(s.text) in text for s in FRAMEWORK.suggestions if s.pillar != "purpose")
    assert "Total: 17 of 20." in text
    assert page.saved["summary"]["weak"] == ["purpose"]
    assert list(page.saved["summary"]["scores"].values()) == [1, 4, 4, 4, 4]  # the console's 4-3 medians
    find(app, widgets.Button, "Prepare my assessment").click()
    doc = docx_from(app, "svkit-common-good")
    assert any(p.text.startswith("Purpose and directionality: 1 of 4") for p in doc.paragraphs)


def test_4_4_with_nothing_done_says_not_yet_done_and_still_downloads(store):
    page = new_page("4-4", store)
    app = plan_ui.build_action_plan(page)
    text = html_of(app)
    assert text.count("(not yet done)") == len(plan.FEATURED)
    assert "Something went wrong" not in text and "0 of the 7" in text
    assert 'href="4-1-golden-thread.ipynb?p=' in text
    find(app, widgets.Button, "Prepare my action plan").click()
    doc = docx_from(app, "svkit-action-plan")
    assert "Not yet done." in "\n".join(p.text for p in doc.paragraphs)


def test_4_4_gathers_saved_work_filters_recommendations_and_checks_steps(store):
    page = new_page("4-4", store)
    app = plan_ui.build_action_plan(page)
    drive_the_kit(store, page.visitor.token)
    find(app, widgets.Button, "Gather my latest work").click()
    assert "(not yet done)" not in html_of(app) and "7 of the 7" in html_of(app)
    every = plan.recommendations()
    find(app, widgets.Dropdown, "My role").value = "s151"
    shown = {b.description for b in all_of(app, widgets.Checkbox) if b.description in {r.text for r in every}}
    assert shown == {r.text for r in plan.recommendations("s151")}
    pick = plan.recommendations("s151")[0]
    next(b for b in all_of(app, widgets.Checkbox) if b.description == pick.text).value = True
    find(app, widgets.Dropdown, "My role").value = "councillor"  # a chosen one stays in view
    assert pick.text in {b.description for b in all_of(app, widgets.Checkbox)}
    find(app, widgets.Text, "Step 1").value = "Brief the finance team"
    assert "Give this step an owner and a date." in html_of(app)
    find(app, widgets.Text, "Owner of step 1").value = "Sam"
    find(app, widgets.Text, "By when (step 1)").value = "31/02/2027"
    assert "is not a real date: February 2027 has 28 days" in html_of(app)
    find(app, widgets.Text, "By when (step 1)").value = "28/02/2027"
    assert "not a date" not in html_of(app)
    assert page.saved["summary"] == {"role": "councillor", "recommendations": [pick.id], "steps": 1,
                                     "steps_owned_dated": 1}
    find(app, widgets.Button, "Prepare my action plan").click()
    text = "\n".join(p.text for p in docx_from(app, "svkit-action-plan").paragraphs)
    assert pick.text in text and "Owner: Sam. By: 28 February 2027." in text


def test_the_lesson_filters_recommendations_by_role():
    box = enabling.build_recommendations_explorer()
    choose = find(box, widgets.Dropdown, "Show recommendations for")
    assert f"{len(plan.recommendations())} recommendations for every role" in html_of(box)
    choose.value = "councillor"
    text = html_of(box)
    assert f"{len(plan.recommendations('councillor'))} recommendations for Councillor" in text
    assert all(esc(r.text) in text for r in plan.recommendations("councillor"))
    assert not any(esc(r.text) in text for r in plan.recommendations() if "councillor" not in r.roles)


@pytest.mark.parametrize("text, expected", [
    ("31/02/2026", "'31/02/2026' is not a real date: February 2026 has 28 days."),
    ("29/02/2027", "February 2027 has 28 days"),
    ("31/04/2026", "April 2026 has 30 days"),
    ("2026-13-01", "there is no month 13"),
])
def test_an_impossible_date_is_named_as_such(text, expected):
    with pytest.raises(ValueError, match=re.escape(expected)):
        plan.parse_date(text)
    assert plan.parse_date("29/02/2028").day == 29  # a leap year: a real date
