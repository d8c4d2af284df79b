"""svkit.ui.kit.InputApp, the one shape of an app that turns inputs into a result; and answers
saved before the apps took that shape restore after it (same fields, same store keys)."""

from __future__ import annotations

import ipywidgets as widgets

from svkit import commongood, conditions, mindset, scenarios, session
from svkit.ui.exercises import common_good_framework, mindset as mindset_app
from svkit.ui.exercises.conditions import ConditionsExercise
from svkit.ui.kit import Page
from svkit.ui.kit.app import REDRAW_FAILED, InputApp
from tests.helpers import count_draws


def _page(label, store, token):
    return Page(label, visitor=session.Visitor(token=token), store=store)


def test_answers_saved_by_the_earlier_2_1_restore_and_loading_saves_nothing(store):
    token = session.new_token()
    library = scenarios.scenarios()
    cids = [c.id for c in conditions.conditions().conditions]
    # rows as the 2-1 app wrote them before it took the InputApp shape
    store.save(token, "2-1", "scenario", library[1].id)
    store.save(token, "2-1", f"condition:{cids[0]}", "no")
    store.save(token, "2-1", f"reason:{cids[0]}", "Only one provider bid last time")
    store.save(token, "2-1", "show_reference", True)
    app = ConditionsExercise(_page("2-1", store, token))
    assert app.choose.value == library[1].id
    assert app.radios[cids[0]].value == "no"
    assert app.notes[cids[0]].value == "Only one provider bid last time"
    assert app.reveal.value is True
    assert "Your reason: Only one provider bid last time" in app.result.value
    assert "summary" not in store.load(token, "2-1")  # a reload is not a change
    app.radios[cids[1]].value = "yes"
    assert store.load(token, "2-1")["summary"]["scenario"] == library[1].id


def test_answers_saved_by_the_earlier_4_3_restore(store):
    token = session.new_token()
    pillars = [p.id for p in commongood.framework().pillars]
    store.save(token, "4-3", "framework", common_good_framework.OWN)
    store.save(token, "4-3", "own_name", "Our care framework")
    store.save(token, "4-3", f"score:{pillars[0]}", 3)
    store.save(token, "4-3", f"reason:{pillars[0]}", "Local suppliers only")
    store.save(token, "4-3", "notes", "Ask procurement")
    app = common_good_framework.CommonGoodExercise(_page("4-3", store, token))
    assert app.choice.value == common_good_framework.OWN
    assert app.own_name.value == "Our care framework"
    assert app.scores[pillars[0]].value == 3
    assert app.reasons[pillars[0]].value == "Local suppliers only"
    assert app.notes.value == "Ask procurement"
    assert app.name() == "Our care framework"
    assert "summary" not in store.load(token, "4-3")


def test_answers_saved_by_the_earlier_4_2_restore(store):
    token = session.new_token()
    shifts = [s.id for s in mindset.shifts().shifts]
    for n, sid in enumerate(shifts):
        store.save(token, "4-2", f"rating:{sid}", 1 + n % 5)
    store.save(token, "4-2", f"evidence:{shifts[0]}", "We still buy on price")
    store.save(token, "4-2", "next_step", "Talk to the provider forum")
    app = mindset_app.MindsetExercise(_page("4-2", store, token))
    assert [app.ratings[s].value for s in shifts] == [1 + n % 5 for n in range(len(shifts))]
    assert app.evidence[shifts[0]].value == "We still buy on price"
    assert app.step.value == "Talk to the provider forum"
    assert "Profile drawn." in app.live.value


def test_a_redraw_that_fails_says_so_beside_the_result_and_the_app_keeps_working(store, monkeypatch, caplog):
    app = ConditionsExercise(_page("2-1", store, session.new_token()))
    cids = list(app.radios)
    real = conditions.verdict

    def broken(*args, **kwargs):
        raise KeyError("a fault that is not the participant's")

    monkeypatch.setattr(conditions, "verdict", broken)
    app.radios[cids[0]].value = "yes"
    assert REDRAW_FAILED.split(";")[0] in app.problem.value
    assert any("redraw of 2-1 failed" in r.message for r in caplog.records)
    monkeypatch.setattr(conditions, "verdict", real)
    app.radios[cids[1]].value = "yes"
    assert app.problem.value == ""
    assert "Your verdict" in app.result.value


def test_set_values_redraws_once_and_saves_every_field(store):
    token = session.new_token()
    app = ConditionsExercise(_page("2-1", store, token))
    draws = []
    original = app.draw

    def counted():
        draws.append(1)
        original()

    app.draw = counted
    app.set_values({f"condition:{cid}": "yes" for cid in app.radios})
    assert len(draws) == 1
    saved = store.load(token, "2-1")
    assert all(saved[f"condition:{cid}"] == "yes" for cid in app.radios)
    assert saved["summary"]["verdict"] == "competition"


def test_every_input_app_places_its_problem_area_on_the_page(store):
    for build, label in ((common_good_framework.build_common_good, "4-3"), (mindset_app.build_mindset, "4-2")):
        page = _page(label, store, session.new_token())
        box = build(page)
        stack, found = [box], False
        while stack:
            w = stack.pop()
            found |= isinstance(w, widgets.HTML) and "svkit-feedback" in w._dom_classes
            stack.extend(getattr(w, "children", ()))
        assert found, label


def test_a_lens_redraw_that_fails_for_any_reason_says_so_and_the_sliders_still_work(store, monkeypatch):
    from svkit import lenses
    from svkit.ui.exercises import which_lens

    app = which_lens.build_lens_exercise(_page("1-4", store, session.new_token()), call_later=None)
    page = app.page
    sliders = [w for w in app.children if isinstance(w, widgets.Box) for w in w.children
               if isinstance(w, widgets.FloatSlider)]
    assert sliders
    real = lenses.diagnose

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a fault that is not the participant's")

    monkeypatch.setattr(lenses, "diagnose", broken)
    sliders[0].value = sliders[0].max
    problem = next(w for w in app.children if isinstance(w, widgets.HTML) and "svkit-feedback" in w._dom_classes
                   and w.value)
    assert REDRAW_FAILED in problem.value  # beside the result, in plain words
    assert "summary" not in page.saved
    monkeypatch.setattr(lenses, "diagnose", real)
    sliders[1].value = sliders[1].max
    assert page.saved["summary"]["rows"] and not problem.value


def test_the_price_of_care_keeps_working_after_a_wage_change_fails(store, monkeypatch, caplog):
    from svkit import costofcare
    from svkit.ui.exercises import price_of_care

    lab = price_of_care.PriceOfCare(_page("3-5", store, session.new_token()))
    assert "summary" not in lab.page.saved
    real = costofcare.year_costs
    year = real(lab.year.value)
    monkeypatch.setattr(costofcare, "year_costs", lambda _year: year.model_copy(update={"wages": []}))
    lab.wage_choice.value = "rlw"  # its figure cannot be found: the wage box cannot follow
    assert REDRAW_FAILED.split(";")[0] in lab.problem.value
    assert any("redraw of 3-5 failed" in r.message for r in caplog.records)
    monkeypatch.setattr(costofcare, "year_costs", real)
    before = lab.result.value
    lab.travel.value = 15
    assert lab.problem.value == "" and lab.result.value != before
    total = lab.page.saved["summary"]["total"]
    assert f"<strong>£{total:.2f}</strong>" in lab.result.value


class _Priced(InputApp):
    """A small app for the base class: a year whose change resets the amount to that year's default."""

    label = "9-8"
    DEFAULTS = {"2025-26": 10.0, "2026-27": 20.0}

    def __init__(self, page):
        super().__init__(page)
        self.year = widgets.Dropdown(options=list(self.DEFAULTS), value="2025-26")
        self.amount = widgets.FloatText(value=10.0)
        self.unit = widgets.Dropdown(options=["£"])
        self.result = widgets.HTML()
        self.draws = 0
        self.restored_order: list[tuple[str, list]] = []
        self.first_draw_worked = self.start()

    def inputs(self):
        return {"year": self.year, "unit": self.unit, "amount": self.amount}

    def restored(self, field):
        self.restored_order.append((field, list(self.unit.options)))
        if field == "year":  # the units follow the restored year, before the saved unit is restored
            self.unit.options = ["£", "£k"] if self.year.value == "2026-27" else ["£"]

    def cascades(self):
        return {self.year: self.new_year}

    def new_year(self):
        if self.year.value == "1999-00":
            raise ValueError("No figures for that year.")
        self.unit.options = ["£", "£k"] if self.year.value == "2026-27" else ["£"]
        self.amount.value = self.DEFAULTS[self.year.value]

    def draw(self):
        self.draws += 1
        self.result.value = f"{self.year.value}: {self.amount.value:g}"

    def summary(self):
        return {"year": self.year.value, "amount": self.amount.value}


def test_a_cascade_resets_other_inputs_first_and_the_result_is_drawn_once(store):
    token = session.new_token()
    app = _Priced(_page("9-8", store, token))
    assert app.draws == 1 and "summary" not in store.load(token, "9-8")
    app.amount.value = 15.0
    app.year.value = "2026-27"  # the year's default replaces the 15, then one redraw
    assert app.draws == 3
    assert app.result.value == "2026-27: 20"
    saved = store.load(token, "9-8")
    assert saved["amount"] == 20.0 and saved["summary"] == {"year": "2026-27", "amount": 20.0}


def test_a_cascade_that_fails_says_so_beside_the_result_and_the_app_keeps_working(store):
    app = _Priced(_page("9-8", store, session.new_token()))
    app.year.options = [*app.DEFAULTS, "1999-00"]
    app.year.value = "1999-00"
    assert "No figures for that year." in app.problem.value
    assert app.result.value == "2025-26: 10"  # not redrawn with the refused year
    app.year.value = "2026-27"
    assert app.problem.value == "" and app.result.value == "2026-27: 20"


def test_restored_runs_after_each_field_so_options_can_follow_an_earlier_answer(store):
    token = session.new_token()
    store.save(token, "9-8", "year", "2026-27")
    store.save(token, "9-8", "unit", "£k")  # only an option once the 2026-27 units are in place
    store.save(token, "9-8", "amount", 7.0)
    app = _Priced(_page("9-8", store, token))
    assert [f for f, _ in app.restored_order] == ["year", "unit", "amount"]
    assert app.unit.value == "£k" and app.amount.value == 7.0  # saved answers win over the cascade's defaults
    assert app.draws == 1 and app.result.value == "2026-27: 7"
    assert set(store.load(token, "9-8")) == {"year", "unit", "amount"}  # loading saved nothing


def test_a_second_part_of_a_page_saves_its_summary_under_its_own_field(store):
    class Second(_Priced):
        summary_field = "second_summary"

    token = session.new_token()
    app = Second(_page("9-8", store, token))
    app.amount.value = 3.0
    saved = store.load(token, "9-8")
    assert saved["second_summary"] == {"year": "2025-26", "amount": 3.0} and "summary" not in saved


class _Choosing(_Priced):
    """A draw that sets an input itself (the units to choose from follow the amount) and saves two summaries."""

    def draw(self):
        super().draw()
        if self.amount.value > 100:
            self.unit.options = ["£", "£k"]
            self.unit.value = "£k"
        if self.amount.value < 0:
            raise RuntimeError("a fault that is not the participant's")

    def summaries(self):
        return {"summary": self.summary(), "unit_summary": {"unit": self.unit.value}}


def test_an_input_the_draw_sets_is_saved_but_does_not_redraw_again(store):
    token = session.new_token()
    app = _Choosing(_page("9-8", store, token))
    app.amount.value = 500.0
    assert app.draws == 2 and app.unit.value == "£k"
    saved = store.load(token, "9-8")
    assert saved["unit"] == "£k" and saved["unit_summary"] == {"unit": "£k"} and saved["summary"]["amount"] == 500.0


def test_start_says_whether_its_draw_worked_and_holding_can_redraw_without_saving(store):
    token = session.new_token()
    store.save(token, "9-8", "amount", -1.0)
    app = _Choosing(_page("9-8", store, token))
    assert app.first_draw_worked is False and REDRAW_FAILED.split(";")[0] in app.problem.value
    assert _Priced(_page("9-8", store, session.new_token())).first_draw_worked is True
    assert app.redraw(save=False) is False
    with app.holding(save=False):
        app.amount.value = 4.0
    assert app.problem.value == "" and app.result.value == "2025-26: 4"
    assert "summary" not in store.load(token, "9-8")


def test_the_page_is_made_on_first_use_so_an_app_builds_before_the_visitor_is_waited_for(store, monkeypatch):
    from svkit.ui.kit import app as kit_app

    made = []
    real = kit_app.Page

    def page_for_visitor(label):
        made.append(label)
        return real(label, visitor=session.Visitor(token=session.new_token()), store=store)

    monkeypatch.setattr(kit_app, "Page", page_for_visitor)

    class Late(_Priced):
        def __init__(self):
            InputApp.__init__(self)
            self.built_before_the_page = not made
            self.year = widgets.Dropdown(options=list(self.DEFAULTS), value="2025-26")
            self.amount, self.unit, self.result = widgets.FloatText(value=10.0), widgets.Dropdown(options=["£"]), widgets.HTML()
            self.draws, self.restored_order = 0, []
            self.start()

    app = Late()
    assert app.built_before_the_page and made == ["9-8"] and app.result.value == "2025-26: 10"


# -- a pooled kernel draws its defaults before its visitor arrives (issue 10, moving together) --
def _pooled_kernel(monkeypatch, query: str, events: list[str]) -> None:
    """Make this process look like a preheated kernel whose page request has not come yet."""
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr(session, "_current", None)

    def request_arrives() -> None:
        events.append("request")
        monkeypatch.setenv("QUERY_STRING", query)

    monkeypatch.setattr(session, "wait_for_request", request_arrives)


def _count_draws(monkeypatch, events: list[str]) -> None:
    count_draws(monkeypatch, ConditionsExercise, events)


def test_a_pooled_kernel_draws_the_defaults_before_the_request_and_not_again_for_a_fresh_visitor(store, monkeypatch):
    events: list[str] = []
    _pooled_kernel(monkeypatch, "", events)
    _count_draws(monkeypatch, events)
    app = ConditionsExercise(Page("2-1", store=store))
    assert events == ["draw", "request"]  # the whole drawing was done before the visitor came
    assert app.page.visitor.fresh and "summary" not in store.load(app.page.visitor.token, "2-1")
    cid = next(iter(app.radios))
    app.radios[cid].value = "yes"  # and it is a working app
    assert events[-1] == "draw" and store.load(app.page.visitor.token, "2-1")["summary"]


def test_a_pooled_kernel_redraws_once_after_restoring_a_returning_visitors_answers(store, monkeypatch):
    token = session.new_token()
    store.register(token)
    library = scenarios.scenarios()
    cid = conditions.conditions().conditions[0].id
    store.save(token, "2-1", "scenario", library[1].id)
    store.save(token, "2-1", f"condition:{cid}", "no")
    store.save(token, "2-1", f"reason:{cid}", "Only one provider bid last time")
    events: list[str] = []
    _pooled_kernel(monkeypatch, f"p={token}", events)
    _count_draws(monkeypatch, events)
    app = ConditionsExercise(Page("2-1", store=store))
    assert events == ["draw", "request", "draw"]  # defaults first, then once with the answers restored
    assert app.page.visitor.token == token
    assert app.radios[cid].value == "no"
    assert "Your reason: Only one provider bid last time" in app.result.value
    assert "summary" not in store.load(token, "2-1")  # a reload is not a change


# -- loading is not a change, in every app that used to test `change is None` (issue 13, item 2) --
def _first(box, kind):
    stack = [box]
    while stack:
        w = stack.pop(0)
        if isinstance(w, kind) and not isinstance(w, widgets.Password):
            return w
        stack.extend(getattr(w, "children", ()))
    raise AssertionError(f"no {kind.__name__}")


def _loaders():
    from svkit.ui.exercises import action_plan, collaborative_canvas, i_statements, which_lens
    from svkit.ui.lessons import competition, evaluation as evaluation_app

    return [  # (builder, label, widget kind changed, field its summary is saved under)
        (which_lens.build_lens_exercise, "1-4", widgets.FloatSlider, "summary"),
        (collaborative_canvas.build_canvas, "3-1", widgets.Textarea, "summary"),
        (i_statements.build_i_statements, "3-7", widgets.Text, "summary"),
        (competition.build_steps_checklist, "02-competition", widgets.Checkbox, "checklist_summary"),
        (evaluation_app.build_evaluation, "00-evaluation", widgets.RadioButtons, "summary"),
        (action_plan.build_action_plan, "4-4", widgets.Checkbox, "summary"),
    ]


def test_loading_saves_nothing_and_a_change_saves_the_summary_in_every_builder(store):
    for build, label, kind, field in _loaders():
        token = session.new_token()
        store.register(token)
        app = build(_page(label, store, token))
        assert store.load(token, label) == {}, label  # loading (a reload) is not a change
        control = _first(app, kind)
        if isinstance(control, widgets.RadioButtons):
            control.value = control.options[-1][1]
        elif isinstance(control, widgets.FloatSlider):
            control.value = control.max
        elif isinstance(control, widgets.Checkbox):
            control.value = not control.value
        else:
            control.value = "Homecare <north>"
        assert field in store.load(token, label), label
        again = build(_page(label, store, token))  # a reload restores and saves nothing new
        assert len(store.history(token, label, field)) == 1, label
        assert again is not None


def test_the_evaluation_announces_a_change_but_not_a_load(store):
    from svkit.ui.lessons import evaluation as evaluation_app

    app = evaluation_app.build_evaluation(_page("00-evaluation", store, session.new_token()))
    live = [w for w in _all(app) if isinstance(w, widgets.HTML) and "svkit-status" in w._dom_classes
            and not w.value and "svkit-save-status" not in w._dom_classes]
    assert live
    radio = _first(app, widgets.RadioButtons)
    radio.value = radio.options[0][1]
    assert any("answered at the start" in w.value for w in live)


def _all(box):
    stack, found = [box], []
    while stack:
        w = stack.pop()
        found.append(w)
        stack.extend(getattr(w, "children", ()))
    return found
