"""Rules that judge a participant's work, and default figures, come from data/ (a changed row changes
what the app says), never from literals in code."""

from __future__ import annotations

import pandas as pd

from svkit import imperatives, lenses, session, zoning
from svkit.ui.exercises import tender_lab
from svkit.ui.kit import Page


def test_the_tender_labs_social_value_floor_is_read_from_its_data_row(store, monkeypatch):
    assert tender_lab.LAB_DEFAULTS.social_value_floor == 10  # PPN 002's floor, data/tenders/lab-defaults.yaml
    monkeypatch.setattr(tender_lab, "LAB_DEFAULTS", tender_lab.LAB_DEFAULTS.model_copy(update={"social_value_floor": 25}))
    lab = tender_lab.TenderLab(Page("2-2", visitor=session.Visitor(token=session.new_token()), store=store))
    lab.w_price.value, lab.w_quality.value, lab.w_social.value = 50, 30, 20
    lab.w_price.value = 50  # a change, so the lab redraws with these weights
    assert "Social value has less than 25%" in lab.weights_msg.value


def test_the_moderation_flag_follows_the_panels_data_row(monkeypatch):
    scores = pd.DataFrame([("p", "q", "a", 1), ("p", "q", "b", 3)], columns=["provider", "quality", "member", "score"])
    gates = pd.DataFrame([("p", "g", "a", True)], columns=["provider", "gate", "member", "passed"])
    assert imperatives.moderation_range() == 2
    assert bool(imperatives.panel_result(gates, scores).qualities["flag"].iloc[0])  # 3 - 1 = 2: flagged
    wider = imperatives.panel().model_copy(update={"moderation_range": 3})
    monkeypatch.setattr(imperatives, "panel", lambda root=None: wider)
    assert not bool(imperatives.panel_result(gates, scores).qualities["flag"].iloc[0])


def test_the_lens_reference_comparison_rule_is_a_data_row():
    rule = lenses.table().thresholds
    assert (rule.reference_gap, rule.reference_rows) == (0.3, 3) and rule.reference_rationale


def test_the_zoning_simulator_opens_on_the_markets_in_its_data():
    start = zoning.spec().starting_markets
    assert (start.borough_wide_providers, start.zoned_providers, start.zones) == (30, 8, 18)  # Wigan, then and now
    assert zoning.Market.borough_wide() == zoning.Market("borough-wide", 30)
    assert zoning.Market.zoned() == zoning.Market("zoned", 8, 18)


# -- issue 17: 3-5's figures and 2-3's turnover multiple live in data/, with their sources ------------------------
def _data_copy(tmp_path, *parts):
    """A copy of the named files and folders of data/ under ``tmp_path`` (a data folder to change)."""
    import shutil

    from svkit.paths import data_dir

    for part in parts:
        source, target = data_dir() / part, tmp_path / part
        target.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target)
    return tmp_path


def test_the_care_cost_inputs_have_no_figures_of_their_own_and_a_years_come_from_its_file(tmp_path):
    import dataclasses

    import pytest
    import yaml

    from svkit import costofcare

    with pytest.raises(TypeError):
        costofcare.CareCostAssumptions(year="2025-26", wage=12.21)  # every other figure must be given
    figures = {f.name for f in dataclasses.fields(costofcare.CareCostAssumptions)
               if f.default is dataclasses.MISSING and f.type in ("float", float)}
    assert {"wage", "visit_minutes", "holiday_rate", "ni_threshold", "pension_lower", "running", "surplus"} <= figures
    root = _data_copy(tmp_path, "costs", "places/travel.yaml")
    path = root / "costs" / "2025-26.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["operating"]["visit_minutes"] = 45
    raw["pension"]["lower"] = 7000
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    a = costofcare.assumptions_for("2025-26", root=root)
    assert (a.visit_minutes, a.pension_lower) == (45, 7000)


def test_wigans_2015_prices_are_a_cited_figure_in_the_apps_data_and_shown_with_their_source(store, monkeypatch):
    import yaml

    from svkit import content
    from svkit.paths import data_dir
    from svkit.ui.exercises import price_of_care

    raw = yaml.safe_load((data_dir() / "apps" / "3-5.yaml").read_text(encoding="utf-8"))
    wigan = raw["cited_figures"][0]
    assert wigan["value"].startswith("£11-£22 an hour in 2015")
    assert wigan["source"] == {"document": "launch-webinar", "section": "Home Care 2015"}
    assert not hasattr(price_of_care, "WIGAN_2015")
    loaded = content.load()
    changed = loaded.apps["3-5"].model_copy(update={"cited_figures": [content.CitedFigure(
        name="Wigan in 2016", value="£14-£18 an hour", source={"document": "launch-webinar", "section": "Time"})]})
    monkeypatch.setattr(content, "load", lambda root=None: loaded.model_copy(
        update={"apps": {**loaded.apps, "3-5": changed}}))
    lab = price_of_care.PriceOfCare(Page("3-5", visitor=session.Visitor(token=session.new_token()), store=store))
    assert "Wigan in 2016</th><td>£14-£18 an hour</td><td>CCIN Social Value Toolkit launch webinar (2025), " \
           "&#x27;Time&#x27;" in lab.result.value
    assert "£11-£22" not in lab.result.value


def test_the_lotting_turnover_multiple_is_the_common_practice_in_its_data_file(tmp_path, monkeypatch):
    import yaml

    from svkit import lots

    assert not hasattr(lots, "DEFAULT_TURNOVER_MULTIPLE")
    root = _data_copy(tmp_path, "lots")
    path = root / "lots" / "example-contract.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    rule = raw["turnover_rule"]
    assert rule["practice_multiple"] == 2 and rule["practice_basis"] == "annual value"
    assert "habit" in rule["practice"] and len(rule["sources"]) >= 2  # its rationale and sources beside it
    assert lots.practice_multiple() == 2
    rule["practice_multiple"] = 1.5
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert lots.practice_multiple(root) == 1.5
    firms = pd.DataFrame({"name": ["a", "b"], "organisation_type": ["sme", "sme"], "turnover": [150_000, 250_000]})
    assert lots.eligible(firms, 100_000, 1)["eligible"]["sme"] == 1  # 2 x £100,000: only the £250,000 firm
    assert lots.eligible(firms, 100_000, 1, lots.practice_multiple(root))["eligible"]["sme"] == 2  # 1.5 x: both
    changed = lots.example_contract(root)
    monkeypatch.setattr(lots, "example_contract", lambda root=None: changed)
    assert lots.eligible(firms, 100_000, 1)["eligible"]["sme"] == 2  # the default follows the data row


def test_check_data_refuses_a_cited_figure_without_its_source_and_a_turnover_practice_that_is_not_a_number(tmp_path):
    import shutil

    import yaml

    from svkit import checks
    from svkit.paths import data_dir

    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    assert checks.all_problems(root) == []
    app = root / "apps" / "3-5.yaml"
    raw = yaml.safe_load(app.read_text(encoding="utf-8"))
    del raw["cited_figures"][0]["source"]
    app.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    contract = root / "lots" / "example-contract.yaml"
    raw = yaml.safe_load(contract.read_text(encoding="utf-8"))
    raw["turnover_rule"]["practice_multiple"] = "twice"
    contract.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    found = {(p.file, p.field) for p in checks.all_problems(root)}
    assert ("apps/3-5.yaml", "cited_figures.0.source") in found
    assert ("lots/example-contract.yaml", "turnover_rule.practice_multiple") in found
