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
