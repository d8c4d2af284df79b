"""Rules that keep the suite steady: one Hypothesis profile, served tests marked, helpers in one place."""

import ast
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, settings

from tests.helpers import serves_the_kit, unmarked_served_tests

TESTS = Path(__file__).resolve().parent


def test_the_hypothesis_profile_has_no_deadline_and_is_derandomised_in_ci():
    in_ci = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
    assert settings.default.deadline is None  # Hypothesis' own default is 200 ms
    assert settings.default.derandomize is in_ci
    assert HealthCheck.too_slow in settings.default.suppress_health_check


def test_no_property_test_sets_its_own_deadline():
    found = []
    for path in sorted(TESTS.glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "settings":
                found += [f"{path.name}:{node.lineno}" for k in node.keywords if k.arg == "deadline"]
    assert found == [], "the profile in conftest.py sets the deadline; drop these"


def _test_module_imports(path: Path) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""] + ([f"{node.module or ''}.{a.name}" for a in node.names])
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            if any(part.startswith("test_") for part in name.split(".")):
                out.append(f"{path.name}:{node.lineno} imports {name}")
    return out


def test_no_test_file_imports_another_test_file():
    files = sorted(TESTS.glob("test_*.py"))
    assert len(files) > 20
    found = [line for path in files for line in _test_module_imports(path)]
    assert found == [], "move shared helpers to tests/helpers.py"


def test_the_import_check_sees_a_test_file_importing_another(tmp_path):
    for source in ("from tests.test_section1 import new_page\n", "import tests.test_room\n",
                   "from . import test_room\n", "from .test_room import app_label\n"):
        bad = tmp_path / "test_bad.py"
        bad.write_text(source)
        assert _test_module_imports(bad), source
    good = tmp_path / "test_good.py"
    good.write_text("from tests.helpers import new_page\nfrom tests.harness import start_kit\n")
    assert _test_module_imports(good) == []


def _item(function, fixtures=(), browser=False):
    defs = {f.__name__: [SimpleNamespace(func=f)] for f in fixtures}
    return SimpleNamespace(nodeid=function.__name__, function=function,
                           _fixtureinfo=SimpleNamespace(name2fixturedefs=defs),
                           get_closest_marker=lambda name: object() if browser and name == "browser" else None)


FAKE_TESTS = """
def a_server():  # a fixture that starts the kit
    kit = start_kit()
    yield kit

def nested_server():
    def inner():
        return ServedKit
    return inner

def test_uses_it(a_server):
    pass

def test_starts_one_itself():
    start_kit()

def test_plain():
    assert 1 + 1 == 2
"""  # source text, so that this file itself starts no server


def test_the_served_check_finds_a_served_test_without_the_mark():
    f = {}
    exec(compile(FAKE_TESTS, "fake_tests.py", "exec"), f)
    items = [_item(f["test_uses_it"], [f["a_server"]]), _item(f["test_uses_it"], [f["nested_server"]]),
             _item(f["test_starts_one_itself"]), _item(f["test_plain"]),
             _item(f["test_uses_it"], [f["a_server"]], browser=True)]
    assert unmarked_served_tests(items) == ["test_uses_it", "test_uses_it", "test_starts_one_itself"]


@pytest.mark.parametrize("name", ["served_kit", "culling_kit"])
def test_the_harness_fixtures_count_as_serving(request, name):
    defs = request._fixturemanager.getfixturedefs(name, request.node)
    assert defs and serves_the_kit(defs[-1].func)


def test_no_collected_test_needs_a_kit_server_without_the_browser_mark(request):
    assert request.session.items
    assert unmarked_served_tests(request.session.items) == []
