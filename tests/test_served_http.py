"""HTTP smoke test: the real server answers every app with a clean page.

Served: marked ``browser`` like the Chromium tests, so ``-m "not browser"`` needs no kit server.
"""

import html

import pytest

from svkit.catalogue import entry_for
from svkit.paths import kit_home
from tests.apps import APP_PATHS
from tests.helpers import ERROR_TEXT, code_lines

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("app_path", APP_PATHS)
def test_every_app_is_served_clean(served_kit, app_path):
    status, page = served_kit.fetch(app_path)
    assert status == 200
    assert ERROR_TEXT not in page and "Traceback" not in page
    lines = list(code_lines(app_path))
    assert lines
    for line in lines:
        assert line not in page, f"source shown: {line}"
    entry = entry_for(kit_home() / app_path)
    assert entry.title in page or html.escape(entry.title) in page  # the app's own content is there


@pytest.mark.parametrize("path, status", [
    ("voila/tree/notebooks", 200),
    ("voila/tree/exercises", 200),
    ("voila/tree/trainer", 200),  # the console and projector: they check the trainer key themselves
    ("voila/tree/data", 404),
    ("voila/render/data/trainer/2-2.yaml", 403),  # trainer notes are never served as files
    ("voila/tree/svkit", 404),
    ("voila/render/data/glossary.yaml", 403),
    ("voila/files/pyproject.toml", 403),
])
def test_only_the_app_folders_and_the_trainer_folder_are_served(served_kit, path, status):
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"{served_kit.base}/{path}") as r:
            got = r.status
    except urllib.error.HTTPError as exc:
        got = exc.code
    assert got == status
