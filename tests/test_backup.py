"""`svkit store backup FILE` and `svkit store restore FILE`: round trips on SQLite and PostgreSQL."""

import subprocess
import sys

import pytest

from svkit import backup
from svkit.store import AnswerStore, StoreError


def run(*args):
    return subprocess.run([sys.executable, "-m", "svkit", *args], capture_output=True, text=True, timeout=300)


def _fill(store: AnswerStore) -> tuple[str, str]:
    workshop = store.create_workshop("Finance officers, March")
    store.join("p1", workshop.code, "Ana")
    store.save("p1", "1-1", "choice", "first", workshop=workshop.code)
    store.save("p1", "1-1", "choice", "second", workshop=workshop.code)
    store.save("p1", "2-2", "summary", {"winner": "B", "note": "£ and ‘quotes’"}, workshop=workshop.code)
    key = store.save_blob(b"supplier,price\nA,100\n")
    return workshop.code, key


def _assert_filled(store: AnswerStore, code: str, key: str) -> None:
    assert store.load("p1", "1-1") == {"choice": "second"}
    assert store.history("p1", "1-1", "choice") == ["first", "second"]
    assert store.summaries(code) == {("p1", "2-2"): {"winner": "B", "note": "£ and ‘quotes’"}}
    assert store.membership("p1").display_name == "Ana"
    assert store.find_workshop(code).title == "Finance officers, March"
    assert store.load_blob(key) == b"supplier,price\nA,100\n"


def test_backup_then_restore_brings_back_exactly_the_backed_up_answers(store_url, tmp_path):
    store = AnswerStore(store_url)
    code, key = _fill(store)
    file = tmp_path / "room.backup"
    result = run("store", "backup", str(file), "--db", store_url)
    assert result.returncode == 0, result.stderr
    assert "Backed up 3 saved answers" in result.stdout and file.stat().st_size > 0

    store.save("p1", "1-1", "choice", "after the backup")  # later work, then a disaster
    store.save("p2", "1-1", "choice", "someone else")
    store.dispose()
    refused = run("store", "restore", str(file), "--db", store_url)
    assert refused.returncode == 1 and "--replace" in refused.stderr
    assert refused.stderr.strip().count("\n") == 0 and "Traceback" not in refused.stderr

    result = run("store", "restore", str(file), "--db", store_url, "--replace")
    assert result.returncode == 0, result.stderr
    assert "Restored 3 saved answers" in result.stdout
    again = AnswerStore(store_url)
    _assert_filled(again, code, key)
    assert again.load("p2", "1-1") == {}
    again.save("p3", "1-1", "choice", "new work")  # the restored store takes new answers
    assert again.load("p3", "1-1") == {"choice": "new work"}
    again.dispose()


def test_a_backup_restores_into_a_new_empty_store(store_url, tmp_path, request):
    store = AnswerStore(store_url)
    code, key = _fill(store)
    store.dispose()
    file = tmp_path / "room.backup"
    backup.backup(store_url, file)
    if store_url.startswith("sqlite"):
        fresh = f"sqlite:///{tmp_path / 'new' / 'answers.db'}"
    else:
        fresh = request.getfixturevalue("postgres_url").rsplit("/", 1)[0] + "/" + _new_pg_database(request)
    assert backup.restore(fresh, file).answers == 3
    restored = AnswerStore(fresh)
    _assert_filled(restored, code, key)
    restored.dispose()


def _new_pg_database(request) -> str:
    server = request.getfixturevalue("postgres_server")
    name = "restore_target_" + request.node.name[-8:].strip("[]").replace("-", "_")
    server.admin_sql(f'DROP DATABASE IF EXISTS "{name}"')
    server.admin_sql(f'CREATE DATABASE "{name}"')
    request.addfinalizer(lambda: server.admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    return name


def test_a_file_that_is_not_a_backup_is_refused_plainly(store_url, tmp_path):
    AnswerStore(store_url).save("p1", "1-1", "x", 1)
    junk = tmp_path / "notes.txt"
    junk.write_text("not a backup")
    for missing_or_junk in (junk, tmp_path / "nothing-here"):
        result = run("store", "restore", str(missing_or_junk), "--db", store_url, "--replace")
        assert result.returncode == 1
        assert result.stderr.strip().count("\n") == 0 and "Traceback" not in result.stderr
    assert AnswerStore(store_url).load("p1", "1-1") == {"x": 1}  # nothing was touched


def test_a_backup_of_one_kind_of_store_is_not_restored_into_the_other(tmp_path, postgres_url):
    sqlite_url = f"sqlite:///{tmp_path / 'answers.db'}"
    AnswerStore(sqlite_url).save("p1", "1-1", "x", 1)
    file = tmp_path / "sqlite.backup"
    backup.backup(sqlite_url, file)
    with pytest.raises(StoreError, match="backup of a SQLite store; this store is PostgreSQL"):
        backup.restore(postgres_url, file, replace=True)


def test_a_failed_backup_leaves_no_file_and_names_no_host(postgres_server, tmp_path):
    file = tmp_path / "room.backup"
    url = postgres_server.url().replace(postgres_server.password, "wrong")
    result = run("store", "backup", str(file), "--db", url)
    assert result.returncode == 1 and not file.exists()
    assert str(postgres_server.port) not in result.stderr and "wrong" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
