"""A throw-away PostgreSQL server for the store tests (a pytest plugin).

``postgres_server`` starts one cluster per test session with Debian's
``pg_virtualenv -t`` (postgresql-common), which works as root and as any other
user, picks a free port and deletes the cluster when its command exits.
pytest-postgresql is not used: it refuses to run as root.

The cluster's command is a small shell loop that writes the connection
settings to a file, then waits until the test session ends (a stop file) or
the pytest process is gone, so a killed test run leaves nothing behind.

``postgres_url`` gives each test its own new database on that server.
When PostgreSQL is not installed the fixture fails loudly: ``.ci/run`` and
``make test`` install it (see ``.ci/packages``); nothing is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

START_SECONDS = 120  # the longest a new cluster may take to come up


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    password: str
    database: str
    scratch: Path

    def url(self, database: str | None = None) -> str:
        return (f"postgresql+psycopg://{self.user}:{self.password}@{self.host}:{self.port}/"
                f"{database or self.database}")

    def admin_sql(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.user, password=self.password,
                             dbname=self.database, autocommit=True) as conn:
            conn.execute(sql)

    def env(self) -> dict[str, str]:
        """libpq settings for pg_dump and psql."""
        return {"PGHOST": self.host, "PGPORT": str(self.port), "PGUSER": self.user,
                "PGPASSWORD": self.password}


def _missing_message() -> str:
    return ("PostgreSQL is not installed, so the store cannot be tested on it: install Debian's "
            "'postgresql' package (bash .ci/packages does it, and `make test` and .ci/run call it).")


class PostgresMissing(RuntimeError):
    """PostgreSQL is not installed, or the throw-away cluster did not start."""


@contextmanager
def throwaway_postgres() -> Iterator[PostgresServer]:
    """Start a new PostgreSQL cluster on a free port; delete it on exit (also used by bench/)."""
    if shutil.which("pg_virtualenv") is None or shutil.which("pg_dump") is None:
        raise PostgresMissing(_missing_message())
    scratch = Path(tempfile.mkdtemp(prefix="svkit-pg-"))
    env_file, stop_file = scratch / "env", scratch / "stop"
    loop = (f'env > "{env_file}.tmp" && mv "{env_file}.tmp" "{env_file}"; '
            f'while [ ! -e "{stop_file}" ] && kill -0 {os.getpid()} 2>/dev/null; do sleep 0.5; done')
    log = open(scratch / "pg_virtualenv.log", "w")
    proc = subprocess.Popen(["pg_virtualenv", "-t", "-o", "max_connections=200", "sh", "-c", loop],
                            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=scratch)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not env_file.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise PostgresMissing("The throw-away PostgreSQL cluster did not start: "
                                      + (scratch / "pg_virtualenv.log").read_text()[-2000:])
            time.sleep(0.2)
        settings = dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
        yield PostgresServer(host="127.0.0.1", port=int(settings["PGPORT"]), user=settings["PGUSER"],
                             password=settings["PGPASSWORD"], database=settings["PGDATABASE"], scratch=scratch)
    finally:
        stop_file.touch()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server():
    try:
        with throwaway_postgres() as server:
            yield server
    except PostgresMissing as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def postgres_url(postgres_server):
    """A new, empty database on the session's PostgreSQL server."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    postgres_server.admin_sql(f'CREATE DATABASE "{name}"')
    yield postgres_server.url(name)
    postgres_server.admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A fresh, empty store URL: once on SQLite and once on a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'answers.db'}"
    return request.getfixturevalue("postgres_url")
