"""The house map in docs/architecture.md, and its 'add an exercise in ten minutes' recipe."""

from __future__ import annotations

import ast

import re
import shutil
import sys
import types
from pathlib import Path

import ipywidgets as widgets
import yaml

import svkit
from svkit import content, layout, session
from svkit.paths import app_notebooks
from svkit.ui.kit import Page

HOME = Path(__file__).resolve().parent.parent
DOC = (HOME / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_the_architecture_doc_has_the_generated_table_as_it_stands():
    assert layout.table_in_doc(DOC) == layout.markdown_table(HOME), "run: python -m svkit.layout"


def test_every_app_has_a_notebook_ui_module_domain_module_and_data_folder_that_exist():
    rows = layout.rows(HOME)
    assert len(rows) == len(app_notebooks()) == 26
    for row in rows:
        for part in (row.notebook, row.ui_module, row.domain_module, row.data_folder):
            assert part and (HOME / part).exists(), f"{row.label}: '{part}' is missing"


def test_every_exercise_module_is_named_after_its_notebook():
    for row in layout.rows(HOME):
        stem = Path(row.notebook).stem
        slug = re.sub(r"^\d+-\d+-|^\d\d-", "", stem).replace("-", "_")
        assert Path(row.ui_module).stem == slug, row
        assert Path(row.ui_module).parent.name == ("exercises" if row.notebook.startswith("exercises/") else "lessons")


def test_a_ui_module_that_names_no_domain_module_leaves_a_gap_the_test_sees(tmp_path):
    (tmp_path / "svkit" / "ui" / "exercises").mkdir(parents=True)
    (tmp_path / "svkit" / "ui" / "exercises" / "demo.py").write_text('"""Exercise 9-9: no layout line."""\n')
    nb = tmp_path / "exercises" / "9-9-demo.ipynb"
    nb.parent.mkdir()
    nb.write_text('{"cells": [{"cell_type": "code", "source": ["from svkit.ui.exercises.demo import build"]}]}')
    row = layout.files_for(nb, tmp_path)
    assert (row.label, row.ui_module, row.domain_module, row.data_folder) == ("9-9", "svkit/ui/exercises/demo.py", "", "")


# -- the recipe ---------------------------------------------------------------------------------------
def _blocks(kind: str) -> list[str]:
    recipe = DOC.split("## Add an exercise in ten minutes", 1)[1]
    return re.findall(rf"```{kind}\n(.*?)```", recipe, re.S)


def _module(name: str, code: str) -> types.ModuleType:
    module = types.ModuleType(name)
    sys.modules[name] = module
    exec(compile(code, f"<recipe {name}>", "exec"), module.__dict__)
    return module


def test_the_recipe_builds_a_working_exercise(store, tmp_path, monkeypatch):
    (intro_yaml,), (domain_code, ui_code) = _blocks("yaml"), _blocks("python")
    data = tmp_path / "data"
    for part in ("toolkit", "apps"):
        shutil.copytree(HOME / "data" / part, data / part)
    shutil.copy(HOME / "data" / "glossary.yaml", data / "glossary.yaml")
    (data / "apps" / "9-9.yaml").write_text(intro_yaml)
    monkeypatch.setenv("SVKIT_DATA_DIR", str(data))
    assert content.load().apps["9-9"].title == yaml.safe_load(intro_yaml)["title"]

    domain = _module("svkit.costshare", domain_code)
    monkeypatch.setattr(svkit, "costshare", domain, raising=False)
    try:
        assert domain.share(1000, 4).per_person == 250  # £1,000 between four: £250 each
        ui = _module("svkit.ui.exercises.share_a_cost", ui_code)
        assert "Domain module: ``svkit.costshare``. Data folder: ``data/apps/``." in " ".join(ui.__doc__.split())
        token = session.new_token()
        app = ui.build_share_a_cost(Page("9-9", visitor=session.Visitor(token=token), store=store))
        htmls = [w for w in app.children if isinstance(w, widgets.HTML)]
        assert any("£250.00 each." in w.value for w in htmls)
        people = next(w for w in app.children if getattr(w, "description", "") == "People")
        people.value = 0  # bad input: a message beside the result, and the app keeps working
        assert any("Enter at least one person." in w.value for w in htmls)
        people.value = 5
        assert any("£200.00 each." in w.value for w in htmls)
        assert not any("Enter at least one person." in w.value for w in htmls)
        again = ui.build_share_a_cost(Page("9-9", visitor=session.Visitor(token=token), store=store))
        assert next(w for w in again.children if getattr(w, "description", "") == "People").value == 5
        assert again.page.saved["summary"] == {"per_person": 200.0}
    finally:
        for name in ("svkit.costshare", "svkit.ui.exercises.share_a_cost"):
            sys.modules.pop(name, None)
        content._load_cached.cache_clear()


def test_check_data_finds_every_module_that_registers_a_schema_without_a_hand_list():
    import ast

    from svkit import checks

    registering = set()
    for path in (HOME / "svkit").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:  # module-level calls only
            call = node.value if isinstance(node, (ast.Expr, ast.Assign)) else None
            if isinstance(call, ast.Call) and getattr(call.func, "id", "") in ("register_schema", "data_file"):
                registering.add(f"svkit.{path.stem}")
    assert len(registering) >= 15
    assert set(checks.schema_modules()) == registering
    assert "import canvas, carefinance" not in (HOME / "svkit" / "checks.py").read_text()


def test_the_current_financial_year_is_one_setting_with_data_behind_it():
    from svkit import costofcare

    year = content.current_year()
    assert year in costofcare.years()  # data/costs/<year>.yaml exists for the setting
    pattern = re.compile(r"^20\d\d-\d\d$")
    for path in (HOME / "svkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and pattern.match(node.value):
                raise AssertionError(f"{path.relative_to(HOME)}:{node.lineno} writes the year {node.value!r}; "
                                     "use content.current_year() (data/settings.yaml)")


def test_every_exercise_brief_lives_in_its_data_file_not_in_python():
    apps = content.load().apps
    for row in layout.rows(HOME):
        if not row.notebook.startswith("exercises/"):
            continue
        source = (HOME / row.ui_module).read_text(encoding="utf-8")
        assert "BRIEF = " not in source, f"{row.ui_module}: the brief belongs in data/apps/{row.label}.yaml"
        if row.label != "2-3":  # 2-3's brief is built from data/lots/example-contract.yaml's turnover rule
            assert apps[row.label].brief.startswith("<h2>Brief</h2>"), row.label


def test_there_is_one_not_legal_advice_text_and_every_app_on_the_law_shows_it(store):
    from svkit.ui.exercises import legal_principles, lotting, pathways as explorer, rationale
    from svkit.ui.lessons import collaboration, fundamentals
    from svkit.ui.kit import esc, legal_notice

    notice = content.settings().not_legal_advice
    assert "not legal advice" in notice and legal_notice().count(esc(notice)) == 1
    for path in (HOME / "svkit" / "ui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "NOT_LEGAL_ADVICE" not in text and "is not legal advice" not in text.lower(), path.name

    def page(label):
        return Page(label, visitor=session.Visitor(token=session.new_token()), store=store)

    def html(box):
        out, stack = [], [box]
        while stack:
            w = stack.pop()
            out.append(getattr(w, "value", "") if isinstance(w, widgets.HTML) else "")
            stack.extend(getattr(w, "children", ()))
        return "\n".join(out)

    shown = [html(legal_principles.build_legal_exercise(page("1-3"))), html(lotting.build_lotting_exercise(page("2-3"))),
             html(explorer.build_pathway_explorer(page("3-2"))), html(rationale.build_rationale_builder(page("2-4"))),
             html(fundamentals.build_fundamentals_lesson(page("fundamentals"))), collaboration.routes_table().value]
    for text in shown:
        assert legal_notice() in text
