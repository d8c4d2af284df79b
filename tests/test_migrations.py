"""Schema migrations (svkit/migrations): stores from earlier releases open with their answers,
the migrations agree with store.metadata, and first use is safe when many processes race."""

from datetime import datetime, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (Column, DateTime, Index, Integer, MetaData, String, Table, Text, create_engine, func,
                        insert, select)

from svkit import migrations
from svkit.store import AnswerStore, answers, metadata
from tests.helpers import at_once

FIRST_OPENERS = 8
SAVES_EACH = 25


def _release_0_1_metadata() -> tuple[MetaData, Table, Table, Table]:
    """The schema as main made it before Alembic (metadata.create_all at 21b1b02), copied verbatim."""
    md = MetaData()
    workshops = Table(
        "workshops", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("code", String(16), nullable=False, index=True),
        Column("title", Text, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False),
    )
    memberships = Table(
        "memberships", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("participant", String(64), nullable=False, index=True),
        Column("workshop", String(16), nullable=True),
        Column("display_name", Text, nullable=False),
        Column("saved_at", DateTime(timezone=True), nullable=False),
    )
    old_answers = Table(
        "answers", md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("workshop", String(16), nullable=True, index=True),
        Column("participant", String(64), nullable=False),
        Column("label", String(32), nullable=False),
        Column("field", String(64), nullable=False),
        Column("value", Text, nullable=False),
        Column("saved_at", DateTime(timezone=True), nullable=False),
    )
    Index("ix_answers_lookup", old_answers.c.participant, old_answers.c.label, old_answers.c.field,
          old_answers.c.id)
    return md, workshops, memberships, old_answers


def test_the_head_revision_constant_is_the_newest_script():
    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    assert scripts.get_heads() == [migrations.HEAD_REVISION]  # one line of history, no branches


def test_the_migrations_build_exactly_the_schema_the_store_uses(store_url):
    store = AnswerStore(store_url)
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": migrations.VERSION_TABLE})
        assert compare_metadata(context, metadata) == []
    assert migrations.current_revision(store.engine) == migrations.HEAD_REVISION
    store.dispose()


def test_a_store_made_by_the_previous_release_opens_and_keeps_its_answers(store_url):
    old, workshops, memberships, old_answers = _release_0_1_metadata()
    engine = create_engine(store_url)
    old.create_all(engine)
    now = datetime(2026, 3, 4, 10, 30, tzinfo=timezone.utc)
    with engine.begin() as conn:
        conn.execute(insert(workshops).values(code="K7P4QX", title="Finance officers, March", created_at=now))
        conn.execute(insert(memberships).values(participant="p1", workshop="K7P4QX", display_name="Ana",
                                                saved_at=now))
        for value in ('"first"', '"second"'):
            conn.execute(insert(old_answers).values(workshop="K7P4QX", participant="p1", label="1-1",
                                                    field="choice", value=value, saved_at=now))
        conn.execute(insert(old_answers).values(workshop="K7P4QX", participant="p1", label="2-2",
                                                field="summary", value='{"winner": "B"}', saved_at=now))
    engine.dispose()

    store = AnswerStore(store_url)
    assert store.load("p1", "1-1") == {"choice": "second"}
    assert store.history("p1", "1-1", "choice") == ["first", "second"]
    assert store.summaries("K7P4QX") == {("p1", "2-2"): {"winner": "B"}}
    assert store.membership("p1").display_name == "Ana"
    assert store.find_workshop("k7p-4qx").title == "Finance officers, March"
    assert migrations.current_revision(store.engine) == migrations.HEAD_REVISION
    store.save("p1", "1-1", "choice", "third")  # and it takes new answers
    assert store.load("p1", "1-1") == {"choice": "third"}
    store.dispose()


def test_opening_a_current_store_again_changes_nothing(store_url):
    store = AnswerStore(store_url)
    store.save("p1", "1-1", "x", 1)
    store.dispose()
    again = AnswerStore(store_url)
    assert again.load("p1", "1-1") == {"x": 1}
    assert migrations.current_revision(again.engine) == migrations.HEAD_REVISION
    again.dispose()


def _first_opener(url: str, n: int, start, errors) -> None:
    start.wait()
    try:
        store = AnswerStore(url)  # every process opens the brand-new store at the same moment
        for i in range(SAVES_EACH):
            store.save(f"p{n}", "1-1", "text", i)
    except Exception as exc:  # reported to the parent, which fails the test
        errors.put(f"{n}: {exc!r}")


def test_many_processes_opening_a_brand_new_store_at_once_all_save(store_url):
    assert at_once(_first_opener, [(store_url, n) for n in range(FIRST_OPENERS)], 180) == []
    store = AnswerStore(store_url)
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(answers)).scalar() == FIRST_OPENERS * SAVES_EACH
    assert migrations.current_revision(store.engine) == migrations.HEAD_REVISION
    store.dispose()


def test_opening_a_current_store_does_not_load_alembic(tmp_path):
    """Every page's kernel opens the store: when the schema is current that is one quick read."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'answers.db'}"
    AnswerStore(url).check_writable()  # made and migrated here
    probe = ("import sys; from svkit.store import AnswerStore; s = AnswerStore(sys.argv[1]); "
             "s.save('p1', '1-1', 'x', 1); print('alembic' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe, url], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_an_in_memory_store_gets_its_tables_too():
    store = AnswerStore("sqlite:///:memory:")
    store.save("p1", "1-1", "x", [1, 2])
    assert store.load("p1", "1-1") == {"x": [1, 2]}
    assert migrations.current_revision(store.engine) == migrations.HEAD_REVISION
