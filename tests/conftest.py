"""Shared fixtures: a throw-away store, a visitor, and the served-app harness.

Also the suite's one Hypothesis profile, and a collection check that every test needing a kit
server carries the ``browser`` mark.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from svkit import session
from svkit.store import AnswerStore
from tests.helpers import unmarked_served_tests

pytest_plugins = ["tests.harness", "tests.pg"]

#: Property tests judge values, never time: no wall-clock deadline and no "too slow" health check
#: (the machine is shared), and in CI (CI set to anything but "" / "0" / "false") the examples are
#: derandomised, so a CI failure is reproducible. tests/test_suite_rules.py pins this profile.
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
settings.register_profile(
    "svkit",
    deadline=None,
    derandomize=IN_CI,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("svkit")


def pytest_collection_modifyitems(config, items):
    unmarked = unmarked_served_tests(items)
    if unmarked:
        raise pytest.UsageError(
            "These tests start a kit server but are not marked browser "
            "(add `pytestmark = pytest.mark.browser`):\n  " + "\n  ".join(unmarked))


@pytest.fixture
def store(tmp_path):
    s = AnswerStore(f"sqlite:///{tmp_path / 'answers.db'}")
    yield s
    s.dispose()


@pytest.fixture
def visitor():
    v = session.Visitor(token=session.new_token())
    session.set_current(v)
    yield v
    session.set_current(None)
