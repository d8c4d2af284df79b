"""The store's room API: trainer keys, sending the room on, moderation, listing and deleting workshops."""

import hashlib
import sqlite3

import pytest

from svkit.store import StoreError


def test_a_trainer_key_has_128_bits_and_only_its_hash_is_stored(store, tmp_path):
    ws = store.create_workshop("Finance officers")
    key = store.issue_trainer_key(ws.code)
    assert len(key) == 22  # token_urlsafe(16): 16 bytes in URL-safe base64
    with sqlite3.connect(tmp_path / "answers.db") as conn:
        stored = conn.execute("select key_hash from trainer_keys").fetchall()
        every_cell = " ".join(str(c) for row in conn.execute("select * from trainer_keys") for c in row)
    assert stored == [(hashlib.sha256(key.encode()).hexdigest(),)]
    assert key not in every_cell


def test_the_current_key_opens_its_own_workshop_only(store):
    a = store.create_workshop("A")
    b = store.create_workshop("B")
    key_a = store.issue_trainer_key(a.code)
    key_b = store.issue_trainer_key(b.code)
    assert store.check_trainer_key(a.code, key_a)
    assert store.check_trainer_key(a.display_code.lower(), key_a)  # typed with a dash, lower case
    assert not store.check_trainer_key(a.code, key_b)  # another workshop's key
    assert not store.check_trainer_key(b.code, key_a)
    assert not store.check_trainer_key(a.code, key_a + "x")  # wrong
    assert not store.check_trainer_key(a.code, "")  # missing
    assert not store.check_trainer_key(a.code, None)
    assert not store.check_trainer_key(None, key_a)
    assert not store.check_trainer_key("NOSUCH", key_a)


def test_a_new_key_revokes_the_old_ones(store):
    ws = store.create_workshop("A")
    first = store.issue_trainer_key(ws.code)
    second = store.issue_trainer_key(ws.code)
    third = store.issue_trainer_key(ws.code)
    assert len({first, second, third}) == 3
    assert not store.check_trainer_key(ws.code, first)
    assert not store.check_trainer_key(ws.code, second)
    assert store.check_trainer_key(ws.code, third)


def test_no_key_for_an_unknown_workshop(store):
    with pytest.raises(StoreError, match="No workshop"):
        store.issue_trainer_key("ZZZZZZ")


def test_sending_the_room_on_and_clearing_it(store):
    ws = store.create_workshop("A")
    other = store.create_workshop("B")
    assert store.room_target(ws.code) is None
    store.send_room(ws.code, "exercises/2-2-tender-lab.ipynb")
    assert store.room_target(ws.code) == "exercises/2-2-tender-lab.ipynb"
    assert store.room_target(other.code) is None
    store.send_room(ws.code, "exercises/3-7-i-statements.ipynb")
    assert store.room_target(ws.code) == "exercises/3-7-i-statements.ipynb"
    store.clear_room(ws.code)
    assert store.room_target(ws.code) is None
    assert store.room_target(None) is None


def test_reveal_hide_again_and_reveal_all(store):
    ws = store.create_workshop("A")
    store.set_revealed(ws.code, ["i1"], True)
    assert store.revealed_items(ws.code) == {"i1"}
    store.set_revealed(ws.code, ["i2", "i3"], True)
    store.set_revealed(ws.code, ["i1"], False)
    assert store.revealed_items(ws.code) == {"i2", "i3"}
    assert store.revealed_items("OTHERS") == set()


def test_members_are_those_whose_latest_membership_is_the_workshop(store):
    a = store.create_workshop("A")
    b = store.create_workshop("B")
    store.join("p1", a.code, "Asha")
    store.join("p2", a.code, "Ben")
    store.join("p3", b.code, "Cy")
    store.join("p2", b.code, "Ben")  # Ben moved to B
    store.join("p1", a.code, "Asha K")  # renamed
    assert store.members(a.code) == {"p1": "Asha K"}
    assert store.members(b.code) == {"p3": "Cy", "p2": "Ben"}


def test_latest_save_per_participant(store):
    ws = store.create_workshop("A")
    store.save("p1", "1-4", "row:use", 0.5, workshop=ws.code)
    store.save("p1", "2-2", "weight_price", 40, workshop=ws.code)
    store.save("p2", "1-4", "summary", {}, workshop=ws.code)
    store.save("p3", "3-7", "summary", {}, workshop=None)  # working alone: not in the room
    saves = store.latest_saves(ws.code)
    assert {p: lab for p, (lab, _) in saves.items()} == {"p1": "2-2", "p2": "1-4"}


def test_list_workshops_counts_people_and_answers(store):
    a = store.create_workshop("Alpha")
    store.create_workshop("Beta")
    store.check_writable()  # the probe row is never kept, never listed
    store.join("p1", a.code, "Asha")
    store.join("p2", a.code, "Ben")
    for field in ("x", "y", "z"):
        store.save("p1", "1-1", field, 1, workshop=a.code)
    listed = store.list_workshops()
    assert [(w.workshop.title, w.people, w.answers) for w in listed] == [("Alpha", 2, 3), ("Beta", 0, 0)]


def test_deleting_a_workshop_leaves_no_row_of_it_and_others_untouched(store, tmp_path):
    a = store.create_workshop("Alpha")
    b = store.create_workshop("Beta")
    for ws, p in ((a, "pa"), (b, "pb")):
        store.join(p, ws.code, "Name")
        store.save(p, "2-2", "summary", {"w": 1}, workshop=ws.code)
        store.issue_trainer_key(ws.code)
        store.send_room(ws.code, "exercises/2-2-tender-lab.ipynb")
        store.set_revealed(ws.code, ["item"], True)
    removed = store.delete_workshop(a.display_code)
    assert removed == {"answers": 1, "memberships": 1, "trainer_keys": 1, "room_targets": 1, "moderation": 1,
                       "workshops": 1}
    with sqlite3.connect(tmp_path / "answers.db") as conn:
        for table, column in (("answers", "workshop"), ("memberships", "workshop"), ("trainer_keys", "workshop"),
                              ("room_targets", "workshop"), ("moderation", "workshop"), ("workshops", "code")):
            assert conn.execute(f"select count(*) from {table} where {column} = ?", (a.code,)).fetchone() == (0,)
            assert conn.execute(f"select count(*) from {table} where {column} = ?", (b.code,)).fetchone() == (1,)
    assert store.find_workshop(a.code) is None
    assert store.summaries(b.code) == {("pb", "2-2"): {"w": 1}}
