import json
import multiprocessing as mp
import sqlite3

import pytest

from svkit.store import AnswerStore, StoreError, format_join_code, normalise_join_code

WRITERS = 8
ROWS_EACH = 40


@pytest.fixture
def store(tmp_path):
    s = AnswerStore(f"sqlite:///{tmp_path / 'answers.db'}")
    yield s
    s.dispose()


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


def test_rows_are_never_updated_or_deleted(store, tmp_path):
    for i in range(5):
        store.save("p1", "1-1", "choice", i)
    with sqlite3.connect(tmp_path / "answers.db") as conn:
        rows = conn.execute("select value from answers order by id").fetchall()
    assert [json.loads(v) for (v,) in rows] == [0, 1, 2, 3, 4]


def test_wal_mode_and_busy_timeout(store):
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


def _writer(url: str, n: int, start, errors) -> None:
    store = AnswerStore(url)
    start.wait()
    try:
        for i in range(ROWS_EACH):
            store.save(f"p{n}", "1-1", "mine", i)
            store.save("shared", "1-1", "value", f"{n}:{i}")
    except Exception as exc:  # reported to the parent, which fails the test
        errors.put(f"{n}: {exc!r}")


def test_eight_processes_write_at_once_without_loss(tmp_path):
    url = f"sqlite:///{tmp_path / 'answers.db'}"
    AnswerStore(url).check_writable()
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    errors = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, n, start, errors)) for n in range(WRITERS)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    assert errors.empty(), errors.get()
    with sqlite3.connect(tmp_path / "answers.db") as conn:
        total = conn.execute("select count(*) from answers").fetchone()[0]
        last = conn.execute("select value from answers where participant='shared' order by id desc limit 1").fetchone()[0]
    assert total == WRITERS * ROWS_EACH * 2
    store = AnswerStore(url)
    for n in range(WRITERS):
        assert store.load(f"p{n}", "1-1") == {"mine": ROWS_EACH - 1}
    assert store.load("shared", "1-1") == {"value": json.loads(last)}
