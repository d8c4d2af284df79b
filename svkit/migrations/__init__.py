"""Schema migrations of the answer store (Alembic), run when a store is opened.

A store made by one release opens in the next: :func:`upgrade` brings any
store up to :data:`HEAD_REVISION`. It is called by ``AnswerStore`` on first
use, so users never run Alembic themselves and no ``alembic.ini`` is needed.

Safe under concurrency: on a brand-new store many kernel processes open it at
once. Only one of them migrates; the others wait for it and then find the
schema current. The lock is ``BEGIN IMMEDIATE`` on SQLite (SQLite's DDL is
transactional, so the check, the tables and the version row commit together)
and a transaction-scoped advisory lock on PostgreSQL.

Adding a table or column (for example the trainer console's tables)
-------------------------------------------------------------------
1. Describe it in ``svkit/store.py`` beside the other ``Table`` objects, on
   ``store.metadata``.
2. Add ``svkit/migrations/versions/NNNN_what.py`` (NNNN the next number):
   set ``revision = "NNNN_what"`` and ``down_revision`` to the previous
   revision, and write ``upgrade()`` with ``op.create_table`` /
   ``op.add_column`` (columns added to a table with rows need a default or
   ``nullable=True``; the column kinds the revisions share are in
   ``svkit/migrations/operations.py``). Alembic drafts it for you, from the difference between
   a store at the current head and ``store.metadata``::

       python -m svkit.migrations draft "trainer keys"

   It writes ``versions/<random id>_trainer_keys.py``: rename the file and its
   ``revision`` to ``NNNN_trainer_keys``, and check the operations it wrote.

3. Set :data:`HEAD_REVISION` below to the new revision.
4. Run ``pytest tests/test_migrations.py``: it fails while the migrations and
   ``store.metadata`` disagree (on SQLite and PostgreSQL), and checks that a
   store from every earlier release still opens with its answers.

Never edit a revision that has been released; add a new one.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine

#: The newest revision in versions/; a store at this revision needs no migration.
HEAD_REVISION = "0003_trainer_console"

#: Alembic's bookkeeping table, named so it cannot clash with another
#: application's Alembic in a shared PostgreSQL database.
VERSION_TABLE = "svkit_schema_version"

#: Key of the PostgreSQL advisory lock held while migrating ('svkit' in ASCII).
PG_LOCK_KEY = 0x73766B6974

HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None):
    """An Alembic Config for svkit's migrations, without any alembic.ini."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    """The store's schema revision, or None for a new or pre-Alembic store."""
    try:
        with engine.connect() as conn:
            return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    except Exception:  # no version table yet (new store, or made before Alembic)
        return None


@contextmanager
def _schema_lock(engine: Engine) -> Iterator[Connection]:
    """A connection in a transaction that no other process can migrate alongside."""
    if engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        # pysqlite starts transactions lazily and not for DDL; take control so the
        # whole migration runs inside one BEGIN IMMEDIATE (SQLAlchemy's documented recipe).
        locked = create_engine(engine.url, connect_args={"timeout": _busy_seconds()}, poolclass=_null_pool())

        @event.listens_for(locked, "connect")
        def _autocommit_driver(dbapi_connection, _record):
            dbapi_connection.isolation_level = None

        @event.listens_for(locked, "begin")
        def _begin_immediate(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        try:
            with locked.begin() as conn:
                yield conn
        finally:
            locked.dispose()
    else:  # PostgreSQL, other servers, and SQLite in memory (one process: nothing to race)
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
            yield conn


def _busy_seconds() -> int:
    from svkit.store import BUSY_TIMEOUT_SECONDS

    return BUSY_TIMEOUT_SECONDS


def _null_pool():
    from sqlalchemy.pool import NullPool

    return NullPool


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store behind ``engine`` to ``revision`` (the newest by default)."""
    if revision == "head" and current_revision(engine) == HEAD_REVISION:
        return  # the usual case: one quick read, Alembic not even imported
    from alembic import command

    with _schema_lock(engine) as conn:
        command.upgrade(alembic_config(conn), revision)


def draft(message: str) -> None:
    """Write a draft revision comparing a scratch SQLite store at head with store.metadata."""
    import tempfile

    from alembic import command

    with tempfile.TemporaryDirectory() as scratch:
        engine = create_engine(f"sqlite:///{Path(scratch) / 'draft.db'}")
        upgrade(engine)
        with engine.begin() as conn:
            command.revision(alembic_config(conn), message=message, autogenerate=True)
        engine.dispose()
