"""The layers of the house, pinned: imports point one way (docs/architecture.md).

ui -> (domain, ground) and domain -> ground, never back: a domain module never imports ipywidgets,
the store, the session, matplotlib or ui; an exercise or lesson module imports no other app
module, only ``svkit.ui.kit``. Every module of the package is placed in exactly one layer, so a
new module cannot slip past the rules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "svkit"

#: What every layer stands on: data, the store and the visitor, downloads, charts, file places.
GROUND = {"content", "store", "session", "export", "plots", "htmlcharts", "paths", "dates", "migrations"}
#: The shell around the apps: the server, the command line, the trainer's tools, checks and maps.
SHELL = {"__init__", "__main__", "cli", "server", "roomserver", "pools", "backup", "checks", "catalogue",
         "handouts", "trainer", "layout", "kernelfork"}
#: Pure calculators: data in, typed results out.
DOMAIN = {"canvas", "carefinance", "commongood", "conditions", "costofcare", "cycle", "imperatives", "istatements",
          "lenses", "lots", "mindset", "pathways", "plan", "quiz", "rationale", "records", "ripples", "room",
          "scenarios", "sessionplans", "tender", "thread", "zoning", "evaluation"}
#: Never imported by a domain module.
NOT_IN_DOMAIN = ("ipywidgets", "matplotlib", "svkit.store", "svkit.session", "svkit.ui", "svkit.server",
                 "svkit.roomserver", "svkit.cli", "voila", "tornado")


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports, anywhere in the file, as dotted names (``from svkit import a``
    gives both ``svkit`` and ``svkit.a``; a relative import is resolved against the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = parts[:-1] if parts[-1] != "__init__" else parts
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _hits(found: set[str], forbidden) -> list[str]:
    return sorted(m for m in found for f in forbidden if m == f or m.startswith(f + "."))


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.py"))


def test_every_top_level_module_is_placed_in_one_layer():
    names = {p.stem for p in _modules(PACKAGE)} | {"migrations"}
    placed = GROUND | SHELL | DOMAIN
    assert names - placed == set(), "place the new module in GROUND, SHELL or DOMAIN in tests/test_layers.py"
    assert placed - names == set(), "a module listed in tests/test_layers.py no longer exists"
    assert not (GROUND & SHELL or GROUND & DOMAIN or SHELL & DOMAIN)


@pytest.mark.parametrize("name", sorted(DOMAIN))
def test_a_domain_module_never_imports_widgets_store_session_charts_or_ui(name):
    found = imports_of(PACKAGE / f"{name}.py")
    assert _hits(found, NOT_IN_DOMAIN) == []
    assert _hits(found, [f"svkit.{s}" for s in SHELL - {"__init__"}]) == []


@pytest.mark.parametrize("name", sorted(GROUND - {"migrations"}))
def test_the_ground_imports_neither_domain_nor_ui(name):
    found = imports_of(PACKAGE / f"{name}.py")
    assert _hits(found, ["svkit.ui", "ipywidgets", *(f"svkit.{d}" for d in DOMAIN)]) == []


APP_MODULES = [p for folder in ("exercises", "lessons") for p in _modules(PACKAGE / "ui" / folder) if p.stem != "__init__"]


@pytest.mark.parametrize("path", APP_MODULES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_an_app_module_imports_only_the_kit_from_ui(path):
    found = imports_of(path)
    ui = [m for m in found if m.startswith("svkit.ui.") and not m.startswith("svkit.ui.kit")]
    assert ui == [], f"{path.name} imports another ui module; shared parts belong in svkit/ui/kit/"
    assert _hits(found, ["svkit.server", "svkit.roomserver", "svkit.cli"]) == []


def test_the_kit_never_imports_an_app_module():
    for path in _modules(PACKAGE / "ui" / "kit"):
        found = imports_of(path)
        assert _hits(found, ["svkit.ui.exercises", "svkit.ui.lessons", "svkit.ui.console", "svkit.ui.roompanels"]) == []


def test_there_are_apps_to_check():
    assert len(APP_MODULES) == 26  # 20 exercises, 5 lessons and the evaluation
