"""Where the kit's files live.

The kit runs from a checkout (``pip install -e .``): data/, notebooks/ and
exercises/ sit beside the svkit package. ``SVKIT_HOME`` points elsewhere
(a copy of the repository) and ``SVKIT_DATA_DIR`` at another data folder,
which the tests use for deliberately broken copies.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_FOLDERS = ("notebooks", "exercises")
#: The trainer's apps (console and projector): served, but never a participant app, so never in
#: :func:`app_notebooks` and never linked from a participant page.
TRAINER_FOLDER = "trainer"
CONSOLE_APP = f"{TRAINER_FOLDER}/console.ipynb"
PROJECTOR_APP = f"{TRAINER_FOLDER}/projector.ipynb"


def kit_home() -> Path:
    """The repository root that holds data/, notebooks/ and exercises/."""
    env = os.environ.get("SVKIT_HOME")
    if env:
        return Path(env).resolve()
    return Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The data/ folder read by ``content.load()`` and ``check-data``."""
    env = os.environ.get("SVKIT_DATA_DIR")
    if env:
        return Path(env).resolve()
    return kit_home() / "data"


def app_notebooks() -> list[Path]:
    """Every served app (lessons, then exercises), in name order."""
    home = kit_home()
    found: list[Path] = []
    for folder in APP_FOLDERS:
        found.extend(sorted((home / folder).glob("*.ipynb")))
    return found


def app_url_path(notebook: Path) -> str:
    """The path of an app below the server root: ``notebooks/00-start.ipynb``."""
    return f"{notebook.parent.name}/{notebook.name}"
