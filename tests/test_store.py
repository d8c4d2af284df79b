"""The answer store, run on SQLite and on a real PostgreSQL (``store_url`` in tests/pg.py)."""

import hashlib
import json

import pytest
from sqlalchemy import func, select

from svkit.store import (MAX_ANSWER_BYTES, MAX_BLOB_BYTES, AnswerStore, AnswerTooLarge, BlobNotFound, StoreError,
                         answers, blobs, format_join_code, normalise_join_code, normalise_url)
from tests.harness import free_port
from tests.helpers import at_once

WRITERS = 8
ROWS_EACH = 40


@pytest.fixture
def store(store_url):
    s = AnswerStore(store_url)
    yield s
    s.dispose()


def _rows(store, *columns, **where):
    query = select(*columns).order_by(answers.c.id)
    for name, value in where.items():
        query = query.where(answers.c[name] == value)
    with store.engine.connect() as conn:
        return conn.execute(query).all()


def test_latest_value_wins_and_history_is_kept(store):
    store.save("p1", "1-1", "choice", "a")
    store.save("p1", "1-1", "choice", "b")
    store.save("p1", "1-1", "note", "hello")
    assert store.load("p1", "1-1") == {"choice": "b", "note": "hello"}
    assert store.history("p1", "1-1", "choice") == ["a", "b"]


def test_participant_summaries_are_the_latest_per_app_and_only_that_participants(store):
    store.save("p1", "1-4", "summary", {"lens": "mixed"})
    store.save("p1", "1-4", "summary", {"lens": "collaboration"})
    store.save("p1", "4-1", "summary", {"links": 3})
    store.save("p1", "4-1", "notes", "not a summary")
    store.save("p2", "2-2", "summary", {"winner_menu": "theirs"})
    assert store.participant_summaries("p1") == {"1-4": {"lens": "collaboration"}, "4-1": {"links": 3}}
    assert store.participant_summaries("p3") == {}


def test_participants_and_labels_are_kept_apart(store):
    store.save("p1", "1-1", "choice", "mine")
    store.save("p2", "1-1", "choice", "theirs")
    store.save("p1", "1-2", "choice", "other app")
    assert store.load("p1", "1-1") == {"choice": "mine"}
    assert store.load("p2", "1-1") == {"choice": "theirs"}
    assert store.load("p3", "1-1") == {}


def test_values_round_trip_as_json(store):
    value = {"weights": [40, 30, 30], "note": "£ and ‘quotes’", "ok": True, "none": None}
    store.save("p1", "2-2", "summary", value)
    assert store.load("p1", "2-2")["summary"] == value


def test_rows_are_never_updated_or_deleted(store):
    for i in range(5):
        store.save("p1", "1-1", "choice", i)
    assert [json.loads(v) for (v,) in _rows(store, answers.c.value)] == [0, 1, 2, 3, 4]


def test_wal_mode_and_busy_timeout(tmp_path):
    store = AnswerStore(f"sqlite:///{tmp_path / 'answers.db'}")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar().lower() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000


def test_workshops_are_found_by_code_in_any_form(store):
    w = store.create_workshop("Finance officers, March")
    assert len(w.code) == 6
    for typed in (w.code, w.code.lower(), format_join_code(w.code), f" {format_join_code(w.code).lower()} "):
        assert store.find_workshop(typed) == w
    assert store.find_workshop("ZZZ-ZZZ") is None
    assert normalise_join_code("k7p-4qx") == "K7P4QX"


def test_join_codes_are_distinct(store):
    codes = {store.create_workshop(f"W{i}").code for i in range(50)}
    assert len(codes) == 50


def test_membership_latest_wins(store):
    w = store.create_workshop("W")
    store.join("p1", w.code, "Ana")
    assert store.membership("p1").workshop == w.code
    store.join("p1", None, "Ana")
    assert store.membership("p1").workshop is None
    assert store.membership("nobody") is None


def test_summaries_for_a_workshop(store):
    store.save("p1", "2-2", "summary", {"winner": "A"}, workshop="W1")
    store.save("p1", "2-2", "summary", {"winner": "B"}, workshop="W1")
    store.save("p2", "2-2", "summary", {"winner": "C"}, workshop="W2")
    assert store.summaries("W1") == {("p1", "2-2"): {"winner": "B"}}


def test_a_value_that_is_not_plain_data_gives_a_clear_error(store):
    with pytest.raises(StoreError, match="not plain data"):
        store.save("p1", "1-1", "x", object())


def test_summaries_for_one_app_in_a_workshop(store):
    store.save("p1", "2-2", "summary", {"winner": "A"}, workshop="W1")
    store.save("p1", "3-1", "summary", {"score": 4}, workshop="W1")
    store.save("p2", "2-2", "summary", {"winner": "C"}, workshop="W1")
    assert store.summaries("W1", "2-2") == {("p1", "2-2"): {"winner": "A"}, ("p2", "2-2"): {"winner": "C"}}


def test_saved_times_are_in_utc_and_in_order(store):
    first = store.save("p1", "1-1", "x", 1)
    second = store.save("p1", "1-1", "x", 2)
    assert first.utcoffset().total_seconds() == 0 and second >= first


def test_an_unwritable_store_gives_a_plain_error(tmp_path):
    db = tmp_path / "answers.db"
    AnswerStore(f"sqlite:///{db}").check_writable()  # tables exist
    read_only = AnswerStore(f"sqlite:///file:{db}?mode=ro&uri=true")
    with pytest.raises(StoreError, match="could not be written"):
        read_only.check_writable()
    with pytest.raises(StoreError, match="could not save your answer"):
        read_only.save("p1", "1-1", "x", 1)


def test_a_store_that_cannot_be_opened_gives_a_plain_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="could not be opened"):
        AnswerStore(f"sqlite:///{blocker / 'answers.db'}").check_writable()
    with pytest.raises(StoreError, match="could not be opened"):
        AnswerStore("nosuchdb://x").check_writable()


def test_postgres_urls_are_read_as_psycopg_3():
    assert normalise_url("postgres://u:p@db/svkit") == "postgresql+psycopg://u:p@db/svkit"
    assert normalise_url("postgresql://u:p@db/svkit") == "postgresql+psycopg://u:p@db/svkit"
    assert normalise_url("postgresql+psycopg://u@db/x") == "postgresql+psycopg://u@db/x"
    assert normalise_url("sqlite:///a.db") == "sqlite:///a.db"


def _one_plain_line(exc: StoreError, *hidden: str) -> str:
    text = str(exc)
    assert "\n" not in text and "Traceback" not in text
    for secret in hidden:
        assert secret not in text, f"{secret!r} shown to participants: {text}"
    return text


def test_an_unreachable_database_server_is_one_plain_line_without_host_or_port():
    port = free_port()  # nothing listens there
    store = AnswerStore(f"postgresql+psycopg://svkit:secret@127.0.0.1:{port}/svkit")
    with pytest.raises(StoreError) as caught:
        store.check_writable()
    text = _one_plain_line(caught.value, "127.0.0.1", str(port), "secret", "localhost")
    assert text == "The answer store could not be opened (the database server could not be reached)."
    assert str(port) in caught.value.detail  # kept for the server log


def test_a_wrong_password_is_one_plain_line(postgres_server):
    url = postgres_server.url().replace(postgres_server.password, "not-the-password")
    with pytest.raises(StoreError) as caught:
        AnswerStore(url).check_writable()
    text = _one_plain_line(caught.value, postgres_server.host, str(postgres_server.port), "not-the-password")
    assert "refused the login" in text


def test_a_database_that_does_not_exist_is_one_plain_line(postgres_server):
    with pytest.raises(StoreError) as caught:
        AnswerStore(postgres_server.url("no_such_db")).check_writable()
    text = _one_plain_line(caught.value, postgres_server.host, str(postgres_server.port))
    assert "does not exist" in text


def test_a_missing_driver_says_what_to_install(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_psycopg(name, *args, **kwargs):
        if name.split(".")[0] == "psycopg":
            raise ModuleNotFoundError(f"No module named '{name}'", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_psycopg)
    with pytest.raises(StoreError, match=r"svkit\[postgres\]"):
        AnswerStore("postgresql+psycopg://u:p@127.0.0.1:1/x").check_writable()


def _writer(url: str, n: int, start, errors) -> None:
    store = AnswerStore(url)
    start.wait()
    try:
        for i in range(ROWS_EACH):
            store.save(f"p{n}", "1-1", "mine", i)
            store.save("shared", "1-1", "value", f"{n}:{i}")
    except Exception as exc:  # reported to the parent, which fails the test
        errors.put(f"{n}: {exc!r}")


def test_eight_processes_write_at_once_without_loss(store_url):
    url = store_url
    AnswerStore(url).check_writable()
    assert at_once(_writer, [(url, n) for n in range(WRITERS)], 120) == []
    store = AnswerStore(url)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(answers)).scalar()
    last = _rows(store, answers.c.value, participant="shared")[-1][0]
    assert total == WRITERS * ROWS_EACH * 2
    for n in range(WRITERS):
        assert store.load(f"p{n}", "1-1") == {"mine": ROWS_EACH - 1}
    assert store.load("shared", "1-1") == {"value": json.loads(last)}


# -- a bounded store (issue 15 item 4) -------------------------------------------------

def test_an_answer_at_the_size_limit_is_kept(store):
    text = "x" * (MAX_ANSWER_BYTES - 2)  # two bytes of JSON quotes
    store.save("p1", "4-4", "plan", text)
    assert store.load("p1", "4-4") == {"plan": text}


def test_an_answer_over_the_size_limit_is_refused_with_a_message_and_not_saved(store):
    store.save("p1", "4-4", "plan", "kept")
    for too_big in ("x" * (MAX_ANSWER_BYTES - 1), "é" * 2_000_000, {"rows": ["y" * 1000] * 300}):
        with pytest.raises(AnswerTooLarge) as caught:
            store.save("p1", "4-4", "plan", too_big)
        text = str(caught.value)
        assert "too long to save" in text and "256 KB" in text and "\n" not in text
        assert isinstance(caught.value, ValueError) and isinstance(caught.value, StoreError)
    assert store.load("p1", "4-4") == {"plan": "kept"}
    assert len(_rows(store, answers.c.id)) == 1


def _blob_count(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(blobs)).scalar()


def test_a_file_is_stored_once_and_read_back_by_its_key(store):
    csv = "supplier,price\nA,100\nB,120\n".encode() + bytes(range(256))
    key = store.save_blob(csv)
    assert key == hashlib.sha256(csv).hexdigest()
    assert store.load_blob(key) == csv
    assert store.save_blob(csv) == key  # the same file uploaded again
    assert store.save_blob(bytearray(csv)) == key
    assert _blob_count(store) == 1
    other = store.save_blob(b"supplier,price\nC,90\n")
    assert other != key and _blob_count(store) == 2
    store.save("p1", "2-2", "bids", {"file": key, "name": "bids.csv"})  # the answer holds the key
    assert store.load_blob(store.load("p1", "2-2")["bids"]["file"]) == csv


def test_an_unknown_file_key_is_a_plain_error(store):
    with pytest.raises(BlobNotFound, match="not in the answer store"):
        store.load_blob("0" * 64)


def test_a_file_over_the_ceiling_is_refused(store):
    with pytest.raises(AnswerTooLarge, match="too large to keep"):
        store.save_blob(b"\0" * (MAX_BLOB_BYTES + 1))
    assert _blob_count(store) == 0


def _blob_writer(url: str, start, errors) -> None:
    store = AnswerStore(url)
    store.check_writable()
    start.wait()
    try:
        for i in range(20):
            store.save_blob(f"shared file {i}".encode())
    except Exception as exc:  # reported to the parent, which fails the test
        errors.put(repr(exc))


def test_processes_uploading_the_same_files_at_once_store_each_once(store_url):
    AnswerStore(store_url).check_writable()
    assert at_once(_blob_writer, [(store_url,)] * 4, 120) == []
    assert _blob_count(AnswerStore(store_url)) == 20


def test_the_page_banner_for_an_unreachable_database_names_no_host_or_port():
    """Issue 15 item 3: the store-error banner told participants the database host and port."""
    from svkit import session
    from svkit.ui.kit import Page

    port = free_port()
    store = AnswerStore(f"postgresql+psycopg://svkit:secret@127.0.0.1:{port}/svkit")
    page = Page("1-1", visitor=session.Visitor(token=session.new_token()), store=store)
    assert not page.save("text", "typed words")
    banner = page.banner.value
    assert "could not" in banner and "database server could not be reached" in banner
    for secret in ("127.0.0.1", str(port), "secret", "psycopg", "localhost"):
        assert secret not in banner
