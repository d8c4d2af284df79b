"""Shared fixtures: a throw-away store, a visitor, and the served-app harness."""

from __future__ import annotations

import pytest

from svkit import session
from svkit.store import AnswerStore

pytest_plugins = ["tests.harness", "tests.pg"]


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
