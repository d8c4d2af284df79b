"""Section 2 apps at widget level: inputs, messages, results, saving and restoring."""

import base64
import io
import re
from datetime import datetime, timezone

import ipywidgets as widgets
import pytest
from docx import Document

from svkit import conditions as competition, lots, quiz, scenarios, session, tender
from tests.seeding import seed_as_an_older_release_did
from svkit.ui.exercises import clauses
from svkit.ui.lessons import competition as lesson
from svkit.ui.exercises import conditions
from svkit.ui.exercises import lotting
from svkit.ui.exercises import rationale as rationale_ui
from svkit.ui.exercises import tender_lab as tenderlab
from tests.helpers import all_of, find, html_of, new_page, press, count_draws

GOOD_CSV = (b"bidder,organisation_type,price,quality_a,embedded_mark,menu_local-jobs\n"
            b"Alpha,sme,100000,60,70,1\nBeta,large,90000,50,40,3\n")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# -- 2-2 tender lab ---------------------------------------------------------------
@pytest.fixture
def lab(store):
    return tenderlab.TenderLab(new_page("2-2", store))


def test_the_lab_ranks_both_ways_and_highlights_the_winner(lab):
    bids = lab.bids()
    expected = {a: tender.evaluate(bids, tenderlab.DEFAULT_WEIGHTS, "relative", a).index[0]
                for a in tender.SV_APPROACHES}
    shown = text_of(lab.results.value)
    for winner in expected.values():
        assert f"{winner} (winner)" in shown
    assert lab.results.value.count('class="svkit-winner"') == 2
    first = tender.evaluate(bids, tenderlab.DEFAULT_WEIGHTS, "relative", "menu").iloc[0]
    assert f"total {first['total']:.1f}: price {first['price']:.1f}" in lab.bars.value
    assert lab.map_view.value.count("alt=") == 2


def test_the_winner_map_image_puts_each_winner_where_the_map_says():
    from PIL import Image

    from svkit import htmlcharts as plots

    bids = tender.library_bids("community-meals")
    the_map = tender.winner_map(bids, 10, sv_approach="embedded")
    bidders = bids["bidder"].to_list()
    image = Image.open(io.BytesIO(plots.winner_map_png(the_map, bidders, scale=1))).convert("RGB")
    assert image.size == (11, 11)
    for (price, quality), colour in (((0, 0), None), ((100, 0), None), ((0, 100), None), ((50, 50), None),
                                     ((60, 30), None), ((100, 100), "#ffffff")):
        x, y = price // 10, 10 - quality // 10  # price across, quality up
        winner = the_map.loc[price, quality]
        want = colour or plots.CATEGORICAL[bidders.index(winner)]
        assert image.getpixel((x, y)) == tuple(int(want[i:i + 2], 16) for i in (1, 3, 5)), (price, quality)


def test_weights_that_do_not_total_100_get_a_message_and_no_recalculation(lab):
    before = lab.results.value
    lab.w_social.value = 10  # defaults 50/30/20 (data/tenders/lab-defaults.yaml): now 90 in all
    lab.w_price.value = 70
    assert "must add up to 100; these add up to 110" in lab.weights_msg.value
    assert lab.results.value == before
    lab.w_quality.value = 20
    assert "add up to 100" in lab.weights_msg.value and "✗" not in lab.weights_msg.value
    assert lab.results.value != before
    assert lab.page.saved["summary"]["weights"] == {"price": 70, "quality": 20, "social_value": 10}


def test_the_map_marks_the_current_weighting_and_says_who_wins_there(lab):
    lab.w_price.value, lab.w_quality.value = 40, 30
    lab.w_social.value = 30
    menu_map, embedded_map = lab.maps(lab.bids())
    alt = re.search(r'alt="([^"]+)"', lab.map_view.value).group(1)
    assert "price 40%, quality 30%, social value 30%" in alt
    assert f"{menu_map.loc[40, 30]} wins" in alt.replace("&amp;", "&")
    assert lab.map_view.value.count("svkit-cross") == 2


def test_linear_scoring_uses_the_deduction_rate(lab):
    lab.method.value = "linear"
    lab.deduction.value = 4.0
    bids = lab.bids()
    want = tender.evaluate(bids, lab.weights(), "linear", "embedded", 4.0)
    assert f"{want['total'].iloc[0]:.1f}" in lab.results.value
    assert lab.deduction.layout.display == ""


def test_points_chasing_shows_what_it_buys(lab):
    lab.chaser.value = ""
    assert "Choose a bidder" in lab.chase_result.value
    lab.chaser.value = "Regional Care Foods"
    bids = lab.bids()
    after = tender.win_shares(tender.winner_map(tender.chase_points(bids, "Regional Care Foods", 5)), bids["bidder"])
    assert f"{after['Regional Care Foods']:,} of 5,151" in text_of(lab.chase_result.value)
    assert lab.page.saved["chase_summary"]["weightings_after"] == after["Regional Care Foods"]


def test_an_upload_becomes_the_bid_set_and_survives_a_reload(lab, store):
    assert "Loaded 2 bids" in lab.receive("mine.csv", GOOD_CSV)
    assert lab.bid_set.value == tenderlab.UPLOADED and "Alpha" in lab.results.value
    again = tenderlab.TenderLab(new_page("2-2", store, lab.page.visitor.token))
    assert again.bid_set.value == tenderlab.UPLOADED and "Alpha" in again.results.value


@pytest.mark.parametrize("content, expected", [
    (b"bidder,organisation_type,price,quality_a\nAlpha,sme,100000,60\n", "column 'embedded_mark': this column is missing"),
    (GOOD_CSV.replace(b"embedded_mark,", b"embedded_mark,extra,"), "column 'extra': this column is not expected"),
    (GOOD_CSV.replace(b"100000", b"lots"), "row 2, column 'price': 'lots' is not a number"),
    (GOOD_CSV.replace(b"90000", b"-90000"), "row 3, column 'price': this cannot be negative"),
    (GOOD_CSV.replace(b"Beta", b"Alpha"), "row 3, column 'bidder': 'Alpha' is listed twice"),
    (b"", "The file is empty"),
    ("bidder,organisation_type,price,quality_a,embedded_mark\nCaf\u00e9,sme,1,1,1\n".encode("latin-1"), "not UTF-8"),
])
def test_bad_uploads_get_a_message_and_the_previous_data_stays(lab, content, expected):
    before_set, before = lab.bid_set.value, lab.results.value
    with pytest.raises(ValueError) as info:
        lab.receive("bad.csv", content)
    assert expected in str(info.value) and "previous bids are still in use" in str(info.value)
    assert lab.bid_set.value == before_set and lab.results.value == before


def test_a_missing_required_column_is_named(lab):
    with pytest.raises(ValueError, match="column 'price': this column is missing"):
        lab.receive("bad.csv", GOOD_CSV.replace(b"price,", b"cost,"))


def test_the_upload_box_refuses_a_file_over_the_limit_beside_the_button(lab):
    app = lab.app()
    upload = all_of(app, widgets.FileUpload)[0]
    upload.value = ({"name": "big.csv", "type": "text/csv", "size": 6_000_000, "content": memoryview(b"x" * 6_000_000),
                     "last_modified": datetime.now(timezone.utc)},)
    assert "the limit is 5 MB. Nothing was changed." in html_of(app)
    assert lab.bid_set.value == "community-meals"


def test_the_template_download_is_a_valid_bid_file(lab):
    link = re.search(r'download="svkit-bids-template.csv" href="data:text/csv;base64,([^"]+)"', html_of(lab.app()))
    assert len(tender.load_bids(base64.b64decode(link.group(1)))) == 2


def test_the_lab_restores_weights_method_and_chaser(lab, store):
    lab.w_price.value, lab.w_quality.value = 50, 20
    lab.w_social.value = 30
    lab.method.value = "linear"
    lab.chaser.value = "MealsNational Ltd"
    again = tenderlab.TenderLab(new_page("2-2", store, lab.page.visitor.token))
    assert (again.w_price.value, again.w_quality.value, again.w_social.value) == (50, 20, 30)
    assert again.method.value == "linear" and again.chaser.value == "MealsNational Ltd"
    assert again.results.value == lab.results.value


# -- 2-1 conditions -----------------------------------------------------------------
def test_conditions_verdict_reasons_and_reference(store):
    page = new_page("2-1", store)
    app = conditions.build_conditions_exercise(page)
    radios = all_of(app, widgets.RadioButtons)
    assert "Answer every condition" in html_of(app)
    for r in radios:
        r.value = "yes"
    radios[2].value = "no"
    find(app, widgets.Text, "condition 3").value = "Only <one> provider"
    text = html_of(app)
    assert "Competition on its own is unlikely" in text and "Only &lt;one&gt; provider" in text
    assert page.saved["summary"] == {"scenario": scenarios.scenarios()[0].id, "verdict": "not-competition",
                                     "failed": ["A working market exists"]}
    reference = scenarios.scenarios()[0].conditions_profile
    assert reference.note not in text
    find(app, widgets.Checkbox, "reference").value = True
    assert reference.note in html_of(app) and "You differ on: A working market exists" in html_of(app)
    again = conditions.build_conditions_exercise(new_page("2-1", store, page.visitor.token))
    assert [r.value for r in all_of(again, widgets.RadioButtons)] == [r.value for r in radios]


def test_conditions_own_situation_hides_the_reference(store):
    app = conditions.build_conditions_exercise(new_page("2-1", store))
    all_of(app, widgets.Dropdown)[0].value = conditions.OWN
    assert find(app, widgets.Checkbox, "reference").layout.display == "none"
    assert find(app, widgets.Textarea, "Describe").layout.display == ""


# -- 2-3 lotting ----------------------------------------------------------------------
def test_lotting_counts_who_can_bid_and_saves_it(store):
    page = new_page("2-3", store)
    app = lotting.build_lotting_exercise(page)
    find(app, widgets.FloatText, "Number of lots").value = 6
    want = lots.eligible(lots.suppliers(), 2_400_000, 6)["eligible"]
    assert f"{int(want.sum())} of 400" in text_of(html_of(app))
    assert page.saved["summary"]["eligible_by_type"] == {k: int(v) for k, v in want.items()}
    assert page.saved["summary"]["organisations"] == 400  # so the console can say how many are shut out
    one = lots.eligible(lots.suppliers(), 2_400_000, 1)["eligible"]
    gained = int(want[["sme", "vcse", "coop"]].sum() - one[["sme", "vcse", "coop"]].sum())
    assert f"Compared with one lot, {gained} more SMEs, VCSEs and co-operatives could bid" in html_of(app)
    find(app, widgets.Dropdown, "split").value = "service"
    assert "Building repairs" in html_of(app) and "Other services (7 lines)" in html_of(app)


def test_lotting_bad_values_get_a_message_and_the_last_results_stay(store):
    app = lotting.build_lotting_exercise(new_page("2-3", store))
    before = text_of(html_of(app))
    find(app, widgets.FloatText, "Annual value").value = 0
    assert "annual value, above £0." in html_of(app)
    find(app, widgets.FloatText, "Annual value").value = 500_000
    find(app, widgets.FloatText, "Length").value = 0
    assert "from 1 to 25 years; 0 is outside that." in html_of(app)
    assert "£2,400,000 a year" in before


@pytest.mark.parametrize("box, value, expected", [
    ("Annual value", -5000, "annual value, above £0."),
    ("Length", 40, "from 1 to 25 years; 40 is outside that."),
    ("Number of lots", 13, "a whole number from 1 to 12; 13 is not."),
    ("Number of lots", 2.5, "a whole number from 1 to 12; 2.5 is not."),
    ("Turnover needed", -1, "above 0 and at most 10; -1 is not."),
])
def test_lotting_numbers_out_of_range_are_said_beside_the_box_not_clamped(store, box, value, expected):
    app = lotting.build_lotting_exercise(new_page("2-3", store))
    before = text_of(html_of(app)).split("Who can bid")[1]
    widget = find(app, widgets.FloatText, box)
    widget.value = value
    assert widget.value == value and expected in html_of(app)
    assert before in text_of(html_of(app))  # the last good results stay



def test_lotting_warns_only_above_the_legal_cap_on_estimated_contract_value(store):
    app = lotting.build_lotting_exercise(new_page("2-3", store))
    # 4 years: the cap is 2 x (annual x 4) = 8 x the annual value, so 3x is within it
    find(app, widgets.FloatText, "Turnover needed").value = 3
    assert "needs a special reason" not in html_of(app) and "is within it" in html_of(app)
    find(app, widgets.FloatText, "Turnover needed").value = 9
    assert "above the legal cap for a 4-year contract" in html_of(app) and "needs a special reason" in html_of(app)
    find(app, widgets.FloatText, "Length").value = 1
    find(app, widgets.FloatText, "Turnover needed").value = 3
    assert "above the legal cap for a 1-year contract" in html_of(app)


# -- 2-4 rationale ------------------------------------------------------------------
def fill_rationale(builder):
    w = builder.widgets
    w["title"].value = "Data review"
    w["subject"].value = "A review of procurement data"
    w["category"].value = "services"
    w["annual_value"].value = 20_000
    w["years"].value = 0.5
    w["start"].value = "2026-03-01"
    w["supplier_size"].value = "micro"
    w["policy_goals"].value = "Better use of public money"
    w["engagement"].value = "Soft market test"
    w["core_spec"].value = "Findings on local spend"
    w["monitoring"].value = "Final report review"
    builder.boxes["carbon-plan"].value = True


def test_rationale_warns_as_you_go_and_checks_the_threshold(store):
    builder = rationale_ui.RationaleBuilder(new_page("2-4", store))
    fill_rationale(builder)
    assert "carbon reporting regime asked of a very small supplier" in builder.warnings.value
    assert "below the £207,720 threshold" in builder.threshold.value
    builder.widgets["start"].value = "March 2026"
    assert "is not a date in the form YYYY-MM-DD" in builder.areas["start"].value
    assert builder.page.saved["summary"]["warnings"] == ["carbon-plan-small-contract", "carbon-plan-micro-supplier"]


@pytest.mark.parametrize("name, value, expected", [
    ("annual_value", -5000, "Estimated value a year, £ including VAT cannot be negative; -5000 was typed."),
    ("years", 80, "Length, years is at most 50 here; 80 was typed."),
])
def test_rationale_numbers_out_of_range_get_a_message_beside_them_not_a_silent_zero(store, name, value, expected):
    builder = rationale_ui.RationaleBuilder(new_page("2-4", store))
    fill_rationale(builder)
    builder.widgets[name].value = value
    assert builder.widgets[name].value == value  # kept as typed
    assert expected in builder.areas[name].value.replace("&#x27;", "'")
    builder.prepare.click()
    assert "out of range" in builder.result.value and builder.downloads.value == ""


def test_rationale_an_impossible_start_date_is_named_even_before_the_value_is_in(store):
    builder = rationale_ui.RationaleBuilder(new_page("2-4", store))
    builder.widgets["start"].value = "2026-02-31"
    assert "is not a real date: February 2026 has 28 days" in builder.areas["start"].value


def test_rationale_prepare_marks_each_missing_field_and_gives_no_download(store):
    builder = rationale_ui.RationaleBuilder(new_page("2-4", store))
    builder.app()
    builder.widgets["title"].value = "Half done"
    builder.prepare.click()
    assert "required fields are still empty" in builder.result.value
    assert "Subject matter (what is being bought) is required." in builder.areas["subject"].value
    assert builder.areas["title"].value == "" and builder.downloads.value == ""


def test_rationale_download_opens_with_python_docx_and_holds_the_fields(store):
    builder = rationale_ui.RationaleBuilder(new_page("2-4", store))
    fill_rationale(builder)
    builder.prepare.click()
    assert "complete" in builder.result.value
    link = re.search(r'download="svkit-rationale-[\d-]+\.docx" href="data:[^;]+;base64,([^"]+)"', builder.downloads.value)
    doc = Document(io.BytesIO(base64.b64decode(link.group(1))))
    text = "\n".join(p.text for p in doc.paragraphs)
    for value in ("Data review", "A review of procurement data", "£20,000", "Soft market test", "Final report review",
                  "Disproportionate", "below the £207,720"):
        assert value in text
    builder.widgets["monitoring"].value = "Changed"
    assert builder.downloads.value == ""  # a stale record is never offered


def test_rationale_restores_after_reload(store):
    page = new_page("2-4", store)
    fill_rationale(rationale_ui.RationaleBuilder(page))
    again = rationale_ui.RationaleBuilder(new_page("2-4", store, page.visitor.token))
    assert again.current() == rationale_ui.RationaleBuilder(new_page("2-4", store, page.visitor.token)).current()
    assert again.current().title == "Data review" and again.current().requirements == ["carbon-plan"]
    assert again.current().years == 0.5


# -- 2-5 clauses --------------------------------------------------------------------
def test_clauses_model_answers_are_all_right_and_the_rewrite_is_saved(store):
    page = new_page("2-5", store)
    app = clauses.build_clauses_exercise(page)
    q = quiz.load("2-5").question("clauses")
    pickers = [d for d in all_of(app, widgets.Dropdown) if d.description.startswith("Kind")]
    for dropdown, item in zip(pickers, q.items):
        dropdown.value = item.answer[0]
    press(app, "Check my answers")
    assert f"You have {len(q.items)} of {len(q.items)} right" in html_of(app)
    find(app, widgets.Dropdown, "rewriting").value = "work-experience"
    assert q.items[2].text[:40] in html_of(app)
    find(app, widgets.Textarea, "reflection").value = "Training placements built into the works programme, priced."
    again = clauses.build_clauses_exercise(new_page("2-5", store, page.visitor.token))
    assert find(again, widgets.Textarea, "reflection").value.startswith("Training placements")


def test_clauses_a_wrong_answer_gets_that_clauses_feedback(store):
    app = clauses.build_clauses_exercise(new_page("2-5", store))
    q = quiz.load("2-5").question("clauses")
    [d for d in all_of(app, widgets.Dropdown) if d.description.startswith("Kind")][4].value = "embedded"
    press(app, "Check my answers")
    assert q.items[4].feedback[:40] in html_of(app)


# -- lesson 02 ----------------------------------------------------------------------
def test_the_steps_checklist_counts_and_restores(store):
    page = new_page("02-competition", store)
    box = lesson.build_steps_checklist(page)
    ticks = all_of(box, widgets.Checkbox)
    assert len(ticks) == 11
    ticks[0].value = ticks[1].value = True
    assert "2 of 11" in html_of(box) and "step 3, talk to the market" in html_of(box)
    again = lesson.build_steps_checklist(new_page("02-competition", store, page.visitor.token))
    assert [c.value for c in all_of(again, widgets.Checkbox)][:3] == [True, True, False]
    assert page.saved["checklist_summary"] == {"done": [1, 2], "of": 11}


def test_the_lesson_links_every_section_2_exercise(store):
    text = html_of(lesson.build_competition_lesson(new_page("02-competition", store)))
    for label in ("2-1", "2-2", "2-3", "2-4", "2-5"):
        assert f"Exercise {label}:" in text
    assert all(t.name in lesson.tools_table().value for t in competition.tools().tools)


# -- issue 19: defaults that show the critique, the cost of a winner, the embedded mark ----------------------
def test_the_lab_opens_with_the_approaches_disagreeing_and_someone_chasing_points(lab):
    d = tender.lab_defaults()
    assert lab.weights() == d.weights and lab.chaser.value == d.chaser and lab.factor.value == d.chase_factor
    assert "The approaches disagree" in lab.results.value
    assert "At your weighting the menu winner changes from" in lab.chase_result.value
    assert f"to {d.chaser}" in text_of(lab.chase_result.value)


def test_a_visitor_who_chose_nobody_keeps_nobody(lab, store):
    lab.chaser.value = ""
    again = tenderlab.TenderLab(new_page("2-2", store, lab.page.visitor.token))
    assert again.chaser.value == ""


def test_the_lab_shows_the_premium_over_the_cheapest_bid_and_pounds_per_mark(store):
    app = tenderlab.build_tender_lab(new_page("2-2", store))
    bids = tender.library_bids("community-meals")
    # embedded winner at 50/30/20: Good Neighbours Kitchen, £1,310,000 against Regional Care Foods' £1,150,000
    ranked = tender.evaluate(bids, tenderlab.DEFAULT_WEIGHTS, "relative", "embedded")
    gain = ranked.loc["Good Neighbours Kitchen", "total"] - ranked.loc["Regional Care Foods", "total"]
    text = text_of(app.cost_view.value)
    assert "£160,000 (13.9%) more than the cheapest bid, Regional Care Foods" in text
    assert f"£{160_000 / gain:,.0f}" in text
    assert "Where the embedded mark comes from" in html_of(app) and "not a claim" in html_of(app)
    weights = {w.description: w for w in all_of(app, widgets.FloatText)}
    weights["Price weight (%)"].value = 100
    assert "Set weights that add up to 100" in app.cost_view.value


def test_rationale_duty_answers_are_saved_restored_and_in_the_record(store):
    builder = rationale_ui.RationaleBuilder(new_page("2-4", store))
    text = html_of(builder.app())
    assert "Public Services (Social Value) Act 2012" in text and "Compare with a model rationale" in text
    builder.duty_texts["sme-vcse"].value = "Three lots by area; a short questionnaire."
    assert builder.current().duties == {"sme-vcse": "Three lots by area; a short questionnaire."}
    again = rationale_ui.RationaleBuilder(new_page("2-4", store, builder.page.visitor.token))
    assert again.duty_texts["sme-vcse"].value == "Three lots by area; a short questionnaire."


# -- 2-2: a saved answer can never lock the page (issue 13) --------------------------

def bids_csv(rows: int) -> str:
    return ("bidder,organisation_type,price,quality_a,embedded_mark\n"
            + "".join(f"Bidder {i},sme,{100000 + i},60,50\n" for i in range(rows)))


SET_ASIDE = "Your saved upload could not be loaded; the library set is shown."


@pytest.mark.parametrize("saved", [
    {"name": "huge.csv", "csv": bids_csv(60_000)},  # too big
    {"name": "junk.csv", "csv": "\x00\x01 not a csv at all"},  # unreadable
    "a bare string where a file should be",  # not the shape the app saves
    {"name": "old.csv", "csv": GOOD_CSV.decode().replace("menu_local-jobs", "menu_retired-item")},  # older data
])
def test_a_saved_upload_that_cannot_be_restored_is_set_aside_and_the_page_loads(store, saved):
    token = session.new_token()
    seed_as_an_older_release_did(store, token, "2-2", "uploaded_bids", saved)
    store.save(token, "2-2", "bid_set", tenderlab.UPLOADED)
    lab = tenderlab.TenderLab(new_page("2-2", store, token))
    assert lab.bid_set.value == tenderlab.DEFAULT_SET
    assert tenderlab.UPLOADED not in [v for _, v in lab.bid_set.options]
    assert SET_ASIDE in lab.page.banner.value
    assert "(winner)" in lab.results.value


def test_a_saved_upload_that_raises_while_drawn_is_set_aside(store, monkeypatch):
    token = session.new_token()
    store.save(token, "2-2", "uploaded_bids", {"name": "mine.csv", "csv": GOOD_CSV.decode()})
    store.save(token, "2-2", "bid_set", tenderlab.UPLOADED)
    real = tender.evaluate

    def evaluate(bids, *args, **kwargs):
        if "Alpha" in set(bids["bidder"]):
            raise RuntimeError("a fault met while drawing the saved upload")
        return real(bids, *args, **kwargs)

    monkeypatch.setattr(tender, "evaluate", evaluate)
    lab = tenderlab.TenderLab(new_page("2-2", store, token))
    assert lab.bid_set.value == tenderlab.DEFAULT_SET and SET_ASIDE in lab.page.banner.value
    assert "(winner)" in lab.results.value


def test_an_upload_over_the_row_limit_is_refused_and_the_limit_is_stated_beside_the_button(lab, monkeypatch):
    app = lab.app()
    assert "One .csv file, up to 5 MB and 200 bids." in html_of(app)
    parsed = []
    monkeypatch.setattr(tender.pd, "read_csv", lambda *a, **k: parsed.append(1))
    upload = all_of(app, widgets.FileUpload)[0]
    content = bids_csv(60_000).encode()
    upload.value = ({"name": "big.csv", "type": "text/csv", "size": len(content), "content": memoryview(content),
                     "last_modified": datetime.now(timezone.utc)},)
    assert "more than 200 bids" in html_of(app) and "previous bids are still in use" in html_of(app)
    assert parsed == [] and lab.bid_set.value == "community-meals"
    assert "uploaded_bids" not in lab.page.saved


def test_a_saved_answer_the_widget_no_longer_accepts_is_set_aside_with_its_name(store):
    token = session.new_token()
    store.save(token, "2-2", "price_method", "a method since retired")
    lab = tenderlab.TenderLab(new_page("2-2", store, token))
    assert lab.method.value == "relative"
    assert "Your saved answer for &#x27;Price scoring&#x27; could not be loaded" in lab.page.banner.value


def test_weights_take_decimals_and_out_of_range_numbers_are_said_not_clamped(lab):
    lab.w_price.value = 150
    assert lab.w_price.value == 150  # kept as typed, not clamped to 100
    assert "The price weight cannot be more than 100." in lab.weights_msg.value
    lab.w_price.value, lab.w_quality.value = 60, -50
    assert lab.w_quality.value == -50 and "The quality weight cannot be negative." in lab.weights_msg.value
    lab.w_price.value, lab.w_quality.value = 33.3, 33.3
    lab.w_social.value = 33.4
    assert "Price 33.3%, quality 33.3%, social value 33.4%: these add up to 100." in lab.weights_msg.value


def test_the_deduction_and_the_multiplier_out_of_range_get_a_message_beside_them(lab):
    lab.method.value = "linear"
    before = lab.results.value
    lab.deduction.value = -5
    assert "between 0 and 100; -5 is not" in lab.method_msg.value and lab.results.value == before
    lab.deduction.value = 2
    assert lab.method_msg.value == ""
    lab.chaser.value = "Regional Care Foods"
    lab.factor.value = 0
    assert "The multiplier must be between 1 and 50; 0 is not." in lab.factor_msg.value
    lab.factor.value = 2.5
    assert lab.factor_msg.value == "" and "by 2.5, adding" in lab.chase_result.value


def test_hiding_the_deduction_box_hides_no_other_number_box(lab):
    assert lab.method.value == "relative" and lab.deduction.layout.display == "none"
    for box in (lab.w_price, lab.w_quality, lab.w_social, lab.factor):
        assert box.layout.display != "none" and box.layout is not lab.deduction.layout


def test_a_huge_saved_text_answer_is_set_aside_and_the_page_loads(store):
    token = session.new_token()
    seed_as_an_older_release_did(store, token, "2-2", "notes", "x" * 1_000_000)
    lab = tenderlab.TenderLab(new_page("2-2", store, token))
    assert lab.reflection.value == "" and "(winner)" in lab.results.value
    assert "Your saved answer for &#x27;Your notes&#x27; could not be loaded" in lab.page.banner.value


def test_an_uploaded_file_is_kept_once_and_the_answer_refers_to_it(store):
    from sqlalchemy import func, select

    from svkit.store import blobs

    lab = tenderlab.TenderLab(new_page("2-2", store))
    csv = b"bidder,organisation_type,price,quality_a,embedded_mark\nA,sme,100,50,50\nB,large,120,60,60\n"
    lab.receive("bids.csv", csv)
    lab.receive("bids.csv", csv)  # the same file again
    saved = store.load(lab.page.visitor.token, "2-2")["uploaded_bids"]
    assert set(saved) == {"name", "blob"} and "csv" not in saved
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(blobs)).scalar() == 1
    again = tenderlab.TenderLab(new_page("2-2", store, lab.page.visitor.token))  # a reload
    assert again.uploaded is not None and list(again.uploaded["bidder"]) == ["A", "B"]


def test_an_upload_saved_by_an_earlier_release_still_restores(store):
    token = session.new_token()
    store.save(token, "2-2", "uploaded_bids", {"name": "old.csv", "csv": GOOD_CSV.decode()})
    lab = tenderlab.TenderLab(new_page("2-2", store, token))
    assert lab.uploaded is not None


# -- 2-2 in the one shape (issue 17): one draw on load, nothing saved by a load, a failed draw said beside it --
def test_loading_the_lab_with_saved_answers_draws_once_and_saves_nothing(store, monkeypatch):
    token = session.new_token()
    saved = {"bid_set": "highways-maintenance", "weight_price": 40.0, "weight_quality": 40.0,
             "weight_social_value": 20.0, "price_method": "linear", "deduction_per_pct": 2.0,
             "chase_factor": 3.0, "notes": "Ask about the seams"}
    for field, value in saved.items():
        store.save(token, "2-2", field, value)
    bidders = tender.library_bids("highways-maintenance")["bidder"].to_list()
    store.save(token, "2-2", "chaser", bidders[1])
    draws = count_draws(monkeypatch, tenderlab.TenderLab)
    app = tenderlab.build_tender_lab(new_page("2-2", store, token))
    assert len(draws) == 1
    assert store.load(token, "2-2") == {**saved, "chaser": bidders[1]}  # nothing saved, nothing changed
    lab_weights = {w.description: w.value for w in all_of(app, widgets.FloatText)}
    assert lab_weights["Price weight (%)"] == 40.0
    assert f"{bidders[1]} multiplies its low-relevance claims" in text_of(html_of(app))
    assert "What the winner costs" in html_of(app) and "more than the cheapest bid" in text_of(app.cost_view.value)


def test_a_lab_draw_that_fails_says_so_beside_the_results_and_the_lab_keeps_working(store, monkeypatch, caplog):
    from svkit import htmlcharts
    from svkit.ui.kit.app import REDRAW_FAILED

    lab = tenderlab.TenderLab(new_page("2-2", store))
    app = lab.app()
    assert app.children.index(lab.problem) + 1 == app.children.index(lab.results)  # the message sits beside them
    real = htmlcharts.stacked_bars_html

    def broken(*args, **kwargs):
        raise KeyError("a fault that is not the participant's")

    monkeypatch.setattr(htmlcharts, "stacked_bars_html", broken)
    lab.method.value = "linear"
    assert REDRAW_FAILED.split(";")[0] in lab.problem.value
    assert any("redraw of 2-2 failed" in r.message for r in caplog.records)
    assert "summary" not in lab.page.saved
    monkeypatch.setattr(htmlcharts, "stacked_bars_html", real)
    before = lab.results.value
    lab.deduction.value = 5.0
    assert lab.problem.value == "" and lab.results.value != before
    assert lab.page.saved["summary"]["price_method"] == "linear"


def test_an_upload_redraws_the_lab_once(lab, monkeypatch):
    draws = count_draws(monkeypatch, tenderlab.TenderLab)
    lab.receive("mine.csv", GOOD_CSV)
    assert len(draws) == 1 and "Alpha" in lab.results.value and "Alpha" in [v for _, v in lab.chaser.options]


def test_a_change_to_the_points_chasing_alone_redraws_that_part_only(lab, monkeypatch):
    from svkit import htmlcharts

    bars = []
    real = htmlcharts.stacked_bars_html
    monkeypatch.setattr(htmlcharts, "stacked_bars_html", lambda *a, **k: bars.append(1) or real(*a, **k))
    before = lab.chase_result.value
    lab.factor.value = 2.0
    assert bars == [] and lab.chase_result.value != before and "by 2, adding" in lab.chase_result.value
    assert lab.page.saved["chase_summary"]["factor"] == 2.0 and "summary" not in lab.page.saved
    lab.method.value = "linear"
    assert bars == [1] and lab.page.saved["summary"]["price_method"] == "linear"


def test_the_rationale_builder_restores_before_it_observes_and_a_failed_update_is_said_beside_the_threshold(
        store, monkeypatch):
    from svkit import rationale

    token = session.new_token()
    store.save(token, "2-4", "title", "Community meals")
    store.save(token, "2-4", "annual_value", 400000.0)
    builder = rationale_ui.RationaleBuilder(new_page("2-4", store, token))
    assert builder.widgets["title"].value == "Community meals"
    assert set(store.load(token, "2-4")) == {"title", "annual_value"}  # a load saves nothing
    real = rationale.findings
    monkeypatch.setattr(rationale, "findings", lambda r: 1 / 0)
    builder.widgets["years"].value = 3
    assert "Something went wrong on our side" in builder.page.banner.value
    monkeypatch.setattr(rationale, "findings", real)
    builder.widgets["years"].value = 4
    assert store.load(token, "2-4")["summary"]["whole_life_value"] == 1_600_000


def test_the_rationale_builder_draws_restored_answers_at_load_without_saving_and_saves_the_next_change(store):
    token = session.new_token()
    for name, value in (("category", "services"), ("annual_value", 100000.0), ("years", 4.0)):
        store.save(token, "2-4", name, value)
    builder = rationale_ui.RationaleBuilder(new_page("2-4", store, token))
    assert "Threshold check" in builder.threshold.value  # drawn from the restored answers
    assert "summary" not in store.load(token, "2-4")  # and nothing saved
    builder.widgets["years"].value = 5
    assert store.load(token, "2-4")["summary"]["whole_life_value"] == 500_000


def test_the_opening_chase_is_worked_out_before_the_page_and_reused_by_the_first_draw(store, monkeypatch):
    from svkit.ui.kit import app as kit_app

    order = []
    real_page, real_map = kit_app.Page, tender.winner_map

    def page_for_visitor(label):  # in a pooled kernel, this is where the visitor is waited for
        order.append("page")
        return real_page(label, visitor=session.Visitor(token=session.new_token()), store=store)

    monkeypatch.setattr(kit_app, "Page", page_for_visitor)
    monkeypatch.setattr(tender, "winner_map", lambda *a, **k: order.append("map") or real_map(*a, **k))
    app = tenderlab.build_tender_lab()
    assert order == ["map", "map", "map", "page"]  # both approaches' maps and the chased one, then the visitor
    assert f"{tender.lab_defaults().chaser} multiplies" in text_of(html_of(app))
