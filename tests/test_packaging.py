import json
import re
import tomllib

import yaml

from svkit.paths import kit_home
from svkit.paths import TRAINER_FOLDER
from tests.apps import APP_NOTEBOOKS, APP_PATHS, LESSON_PATHS

HOME = kit_home()
TRAINER_NOTEBOOKS = sorted((HOME / TRAINER_FOLDER).glob("*.ipynb"))


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((HOME / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = {_name(r) for r in project["dependencies"] + extras["test"] + extras["postgres"]}
    env = yaml.safe_load((HOME / "environment.yml").read_text())
    listed = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            listed |= {_name(r) for r in dep.get("pip", []) if not r.startswith("-")}
        elif _name(dep) not in ("python", "pip"):
            listed.add(_name(dep))
    assert listed == wanted


def test_the_test_extra_includes_the_postgres_extra():
    extras = tomllib.loads((HOME / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert extras["postgres"] and set(extras["postgres"]) <= set(extras["test"])


def test_the_app_lists_the_tests_loop_over_are_not_empty():
    assert APP_NOTEBOOKS and APP_PATHS and LESSON_PATHS
    assert "notebooks/00-start.ipynb" in APP_PATHS


def test_trainer_apps_exist_and_are_not_participant_apps():
    assert [p.name for p in TRAINER_NOTEBOOKS] == ["console.ipynb", "projector.ipynb"]
    assert not any(p.startswith(f"{TRAINER_FOLDER}/") for p in APP_PATHS)


def test_notebooks_are_stored_without_outputs_or_widget_state():
    for path in APP_NOTEBOOKS + TRAINER_NOTEBOOKS:
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{path.name} has outputs"
                assert cell.get("execution_count") is None, f"{path.name} has execution counts"
        assert "widgets" not in nb.get("metadata", {}), f"{path.name} stores widget state"


def test_notebooks_are_thin():
    for path in APP_NOTEBOOKS + TRAINER_NOTEBOOKS:
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                lines = [l for l in "".join(cell["source"]).splitlines() if l.strip()]
                assert len(lines) <= 6, f"{path.name}: a code cell of {len(lines)} lines belongs in svkit"


def test_readme_gives_the_two_commands_first():
    text = (HOME / "README.md").read_text()
    first = text.index("make serve")
    assert first < text.index("make test") < text.index("## ")
