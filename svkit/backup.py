"""Backing up and restoring the answer store (``svkit store backup|restore FILE``).

- SQLite: SQLite's online backup API copies the store page by page while
  kernels go on writing; the backup is itself a SQLite file.
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore`` (Debian's
  ``postgresql-client``), with the password passed in the environment, never
  on a command line.

A backup is written to a temporary file beside FILE and renamed only when it
is complete, so a failed backup never leaves a half file under FILE's name.
Restoring replaces everything in the store with the backup's contents, then
runs the migrations, so a backup from an earlier release restores into this one.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from svkit.store import AnswerStore, StoreError, answers, log, normalise_url, reason_for

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
#: Seconds pg_dump or pg_restore may run before we give up (a room's store is small).
PG_TOOL_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class BackupResult:
    path: Path
    answers: int  # rows in the answers table of the store backed up or restored


def _count_answers(url: str) -> int:
    store = AnswerStore(url)
    try:
        with store.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(answers)).scalar()
    finally:
        store.dispose()


def _kind(url: str) -> str:
    try:
        backend = make_url(url).get_backend_name()
    except Exception as exc:
        raise StoreError("The answer store could not be backed up (the store address is not a database URL).") from exc
    if backend not in ("sqlite", "postgresql"):
        raise StoreError(f"Backup and restore work for SQLite and PostgreSQL stores, not {backend}.")
    return backend


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise StoreError("Only a SQLite store kept in a file can be backed up or restored.")
    return Path(database)


def _pg_env(url: str) -> tuple[dict[str, str], str]:
    parsed = make_url(url)
    env = {**os.environ}
    for var, value in (("PGHOST", parsed.host), ("PGPORT", parsed.port), ("PGUSER", parsed.username),
                       ("PGPASSWORD", parsed.password)):
        if value is not None:
            env[var] = str(value)
    return env, parsed.database or ""


def _run_pg_tool(args: list[str], env: dict[str, str], doing: str) -> None:
    tool = args[0]
    if shutil.which(tool) is None:
        raise StoreError(f"The store could not {doing}: {tool} is not installed "
                         "(Debian: apt-get install postgresql-client).")
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=PG_TOOL_TIMEOUT_SECONDS,
                                stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise StoreError(f"The store could not {doing} ({tool} took longer than "
                         f"{PG_TOOL_TIMEOUT_SECONDS} seconds).") from exc
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[0]
        log.warning("%s failed: %s", tool, detail)
        raise StoreError(f"The store could not {doing} ({reason_for(result.stderr)}).", detail=detail)


def backup(url: str | None, file: str | Path) -> BackupResult:
    """Copy the whole store at ``url`` into ``file`` while it stays in use."""
    store = AnswerStore(url)
    url = store.url
    target = Path(file)
    store.check_writable()  # opens (and migrates) the store first: a clear error if it cannot be reached
    store.dispose()
    if target.is_dir():
        raise StoreError(f"{target} is a folder; give the backup a file name.")
    partial = target.with_name(target.name + ".partial")
    try:
        if _kind(url) == "sqlite":
            source = sqlite3.connect(_sqlite_path(url))
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)  # SQLite's online backup API
            finally:
                dest.close()
                source.close()
        else:
            env, database = _pg_env(url)
            _run_pg_tool(["pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                          f"--file={partial}", f"--dbname={database}"], env, "be backed up")
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        log.warning("backup failed: %s", exc)
        raise StoreError(f"The backup could not be written to {target} ({exc.__class__.__name__}: "
                         f"{getattr(exc, 'strerror', None) or exc}).") from exc
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=target, answers=_count_answers(url))


def restore(url: str | None, file: str | Path, replace: bool = False) -> BackupResult:
    """Replace the store's contents with the backup in ``file``.

    Refuses a store that already holds answers unless ``replace`` is true.
    """
    url = normalise_url(url or AnswerStore().url)
    source = Path(file)
    try:
        head = source.read_bytes()[:16] if source.is_file() else b""
    except OSError as exc:
        raise StoreError(f"The backup {source} could not be read ({exc.strerror}).") from exc
    if not source.is_file():
        raise StoreError(f"There is no backup file at {source}.")
    kind = _kind(url)
    made_by = "sqlite" if head.startswith(SQLITE_MAGIC) else "postgresql" if head.startswith(PG_DUMP_MAGIC) else None
    if made_by is None:
        raise StoreError(f"{source} is not a backup made by svkit store backup.")
    if made_by != kind:
        raise StoreError(f"{source} is a backup of a {_NAMES[made_by]} store; this store is {_NAMES[kind]}. "
                         "Restore it into a store of the same kind.")
    if not replace and _count_answers(url) > 0:
        raise StoreError("The store already holds answers; add --replace to overwrite them with the backup.")
    try:
        if kind == "sqlite":
            AnswerStore(url).dispose()
            src = sqlite3.connect(source)
            dest = sqlite3.connect(_sqlite_path(url), timeout=30)
            try:
                src.execute("SELECT count(*) FROM answers").fetchone()  # a svkit store, not any SQLite file
                src.backup(dest)
            finally:
                dest.close()
                src.close()
        else:
            env, database = _pg_env(url)
            _run_pg_tool(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
                          "--single-transaction", "--exit-on-error", f"--dbname={database}", str(source)],
                         env, "be restored")
    except sqlite3.Error as exc:
        log.warning("restore failed: %s", exc)
        raise StoreError(f"{source} could not be restored (it is not a svkit answer store).") from exc
    return BackupResult(path=source, answers=_count_answers(url))  # opening it runs any newer migrations


_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
