"""Take-home records (issue 13, finding 9): every exercise with a result offers one; tables also as
.xlsx; every file reopens, and no cell can run as a formula."""

from __future__ import annotations

import base64
import io
import re

import ipywidgets as widgets
import pytest
from docx import Document
from openpyxl import load_workbook

from svkit import costofcare, lots, tender
from svkit.ui.exercises import commissioning_cycle as cycle_exercise
from svkit.ui.exercises import legal_principles as legal
from svkit.ui.exercises import lotting
from svkit.ui.exercises import price_of_care as priceofcare
from svkit.ui.exercises import tender_lab as tenderlab
from svkit.ui.exercises import values
from svkit.ui.exercises import zoning
from tests.helpers import find, html_of, new_page


def link(html: str, ext: str) -> bytes:
    found = re.search(rf'download="[^"]+\.{ext}" href="data:[^;]+;base64,([^"]+)"', html)
    assert found, f"no .{ext} link"
    return base64.b64decode(found.group(1))


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def prepare(app) -> str:
    find(app, widgets.Button, "Prepare my record").click()
    return html_of(app)


def test_3_5_gives_the_build_up_and_its_inputs_as_a_spreadsheet(store):
    app = priceofcare.build_price_of_care(new_page("3-5", store))
    html = prepare(app)
    wb = load_workbook(io.BytesIO(link(html, "xlsx")))
    assert wb.sheetnames == ["Price build-up", "Inputs"]
    rows = list(wb["Price build-up"].iter_rows(values_only=True))
    assert rows[0] == ("Item", "£ per contact hour", "Basis")
    lines = [r for r in rows[1:] if not r[0].startswith(("Direct costs", "Price per contact hour"))]
    total = next(r[1] for r in rows if r[0] == "Price per contact hour")
    assert total == pytest.approx(sum(r[1] for r in lines), abs=1e-3)  # the lines add up to the price
    assert all(isinstance(r[1], float) for r in rows[1:])  # numbers, not text
    inputs = {r[0]: r[1] for r in wb["Inputs"].iter_rows(min_row=2, values_only=True)}
    year = costofcare.year_costs("2025-26")
    assert inputs["Hourly wage"] == pytest.approx(year.wages[0].value)
    assert inputs["Financial year"] == "2025-26" and inputs["Employer National Insurance"] == pytest.approx(15)
    text = docx_text(link(html, "docx"))
    assert "Price per contact hour: £" in text and "Care worker pay: £" in text
    assert "## The build-up, line by line" in link(html, "md").decode()


def test_3_5_record_goes_away_when_the_inputs_change(store):
    app = priceofcare.build_price_of_care(new_page("3-5", store))
    prepare(app)
    find(app, widgets.FloatText, "Visit length").value = 45
    assert ".xlsx" not in html_of(app) and "The page has changed since your record was written" in html_of(app)


def test_2_2_gives_both_rankings_and_the_weights_as_a_spreadsheet(store):
    lab = tenderlab.TenderLab(new_page("2-2", store))
    html = prepare(lab.app())
    wb = load_workbook(io.BytesIO(link(html, "xlsx")))
    rows = list(wb["Rankings"].iter_rows(min_row=2, values_only=True))
    bidders = lab.bids()["bidder"].to_list()
    assert len(rows) == 2 * len(bidders)
    winners = {r[0]: r[2] for r in rows if r[1] == 1}
    for winner in winners.values():
        assert f"{winner} (winner)" in re.sub(r"<[^>]+>", "", lab.results.value).replace("&amp;", "&")
    totals = [r[7] for r in rows[:len(bidders)]]
    assert totals == sorted(totals, reverse=True)  # ranked
    weights = {r[0]: r[1] for r in wb["Weights"].iter_rows(min_row=2, values_only=True)}
    defaults = tender.lab_defaults().weights  # data/tenders/lab-defaults.yaml
    assert weights["Price weight (%)"] == defaults["price"]
    assert weights["Social value weight (%)"] == defaults["social_value"]
    assert weights["Bid set"].startswith("Community meals")
    assert "1. " in docx_text(link(html, "docx"))


def test_a_bidder_named_like_a_formula_cannot_run_in_the_spreadsheet(store):
    lab = tenderlab.TenderLab(new_page("2-2", store))
    csv = ("bidder,organisation_type,price,quality_a,embedded_mark\n"
           "\"=HYPERLINK(\"\"http://x\"\")\",sme,100000,60,70\n@SUM(A1),large,90000,50,40\n＝1+1,coop,95000,55,50\n")
    lab.receive("evil.csv", csv.encode())
    wb = load_workbook(io.BytesIO(link(prepare(lab.app()), "xlsx")))
    names = [c for c in wb["Rankings"]["C"][1:]]
    assert {c.value for c in names} >= {"'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'＝1+1"}
    assert all(c.data_type == "s" for c in names)
    assert all(cell.data_type != "f" for ws in wb for row in ws.iter_rows() for cell in row)


def test_2_2_record_with_weights_that_do_not_add_up_says_so_beside_the_button(store):
    lab = tenderlab.TenderLab(new_page("2-2", store))
    app = lab.app()
    lab.w_price.value = 90
    html = prepare(app)
    assert "must add up to 100" in html and ".xlsx" not in html


def test_2_3_gives_the_eligibility_table_as_a_spreadsheet(store):
    app = lotting.build_lotting_exercise(new_page("2-3", store))
    find(app, widgets.FloatText, "Number of lots").value = 6
    html = prepare(app)
    wb = load_workbook(io.BytesIO(link(html, "xlsx")))
    rows = {r[0]: r[1:] for r in wb["Who can bid"].iter_rows(min_row=2, values_only=True)}
    want = lots.eligible(lots.suppliers(), 2_400_000, 6)
    assert sum(r[0] for r in rows.values()) == int(want["eligible"].sum())
    assert all(isinstance(r[0], int) and isinstance(r[1], int) for r in rows.values())
    assert len(list(wb["Lots"].iter_rows(min_row=2))) == 6
    settings = {r[0]: r[1] for r in wb["Settings"].iter_rows(min_row=2, values_only=True)}
    assert settings["Number of lots"] == 6 and settings["Annual value of the contract (£)"] == 2_400_000
    assert "local organisations could bid" in docx_text(link(html, "docx"))


def test_3_6_gives_a_record_of_the_comparison(store):
    app = zoning.build_zoning_simulator(new_page("3-6", store))
    html = prepare(app)
    text = docx_text(link(html, "docx"))
    assert "Travel minutes per contact hour: borough-wide," in text and "zoned," in text
    assert f"Walking distance: {zoning.the_borough().travel.walk_km:g} km" in text  # data/places/travel.yaml
    assert "## The comparison" in link(html, "md").decode()


@pytest.mark.parametrize("label, build", [("1-1", values.build_values_exercise),
                                          ("1-2", cycle_exercise.build_cycle_exercise),
                                          ("1-3", legal.build_legal_exercise)])
def test_the_marked_exercises_give_a_record_of_each_answer_and_its_feedback(store, label, build):
    app = build(new_page(label, store))
    assert ".docx" not in html_of(app)
    find(app, widgets.Button, "Check my answers").click()
    html = html_of(app)
    score = re.search(r"You have (\d+) of (\d+) right", html)
    text = docx_text(link(html, "docx"))
    assert f"Score: {score.group(1)} of {score.group(2)} right" in text
    assert text.count("Your answer:") == int(score.group(2))
    assert "Not quite." in text or "Your answer: none given." in text
    assert f"Exercise {label}:" in link(html, "md").decode()
