from datetime import datetime

import ipywidgets as widgets
import pytest

from svkit import session
from svkit.store import AnswerStore, StoreError
from svkit.ui import kit as common
from svkit.ui.kit import Page


def test_bound_widget_saves_and_a_rebuilt_page_restores(store, visitor):
    page = Page("1-1", visitor=visitor, store=store)
    text = page.bind(widgets.Textarea(), "reflection")
    choice = page.bind(widgets.SelectMultiple(options=["a", "b", "c"]), "values")
    text.value = "Our council could co-produce the library service."
    choice.value = ("a", "c")
    assert "Saved" in page.status.value

    again = Page("1-1", visitor=visitor, store=store)  # a reload: same identity, new widgets
    text2 = again.bind(widgets.Textarea(), "reflection")
    choice2 = again.bind(widgets.SelectMultiple(options=["a", "b", "c"]), "values")
    assert text2.value == "Our council could co-produce the library service."
    assert choice2.value == ("a", "c")


def test_another_participant_sees_nothing(store, visitor):
    Page("1-1", visitor=visitor, store=store).bind(widgets.Text(), "x").value = "mine"
    other = Page("1-1", visitor=session.Visitor(token=session.new_token()), store=store)
    assert other.bind(widgets.Text(), "x").value == ""


def test_a_saved_value_the_widget_no_longer_accepts_is_skipped(store, visitor):
    store.save(visitor.token, "1-1", "pick", "gone")
    page = Page("1-1", visitor=visitor, store=store)
    dropdown = page.bind(widgets.Dropdown(options=["a", "b"], value="a"), "pick")
    assert dropdown.value == "a"


class BrokenStore(AnswerStore):
    def __init__(self):
        super().__init__("sqlite:///:memory:")

    def save(self, *args, **kwargs):
        raise StoreError("The answer store could not save your answer (disk full).")

    def load(self, *args, **kwargs):
        raise StoreError("The answer store could not load your answers (locked).")


def test_store_failure_shows_a_banner_and_keeps_the_text(visitor):
    page = Page("1-1", visitor=visitor, store=BrokenStore())
    text = page.bind(widgets.Textarea(), "reflection")
    assert "could not load" in page.banner.value
    text.value = "typed while the disk is full"
    assert text.value == "typed while the disk is full"
    assert "disk full" in page.banner.value
    assert "Not saved" in page.status.value


def test_unknown_workshop_in_the_url_says_so_and_works_alone(store):
    v = session.Visitor(token=session.new_token(), workshop="NOPE99")
    page = Page("start", visitor=v, store=store)
    assert page.visitor.workshop is None
    assert "No workshop has the code" in page.banner.value


def test_known_workshop_is_taken_from_the_membership(store):
    w = store.create_workshop("Room A")
    token = session.new_token()
    store.join(token, w.code, "Ana")
    page = Page("start", visitor=session.Visitor(token=token), store=store)
    assert page.visitor.workshop == w.code and page.display_name == "Ana"
    store.save(token, "start", "aims", "x", workshop=page.visitor.workshop)


def test_saved_rows_carry_the_workshop(store):
    w = store.create_workshop("Room A")
    v = session.Visitor(token=session.new_token(), workshop=w.code)
    page = Page("2-2", visitor=v, store=store)
    page.save("summary", {"winner": "A"})
    assert store.summaries(w.code) == {(v.token, "2-2"): {"winner": "A"}}


def test_participant_text_is_escaped():
    assert common.message("<script>alert(1)</script>", "error").count("<script>") == 0
    assert "&lt;b&gt;" in common.esc("<b>")


def test_guarded_callback_shows_bad_input_beside_the_input(store, visitor):
    page = Page("1-1", visitor=visitor, store=store)
    area = common.feedback_area()

    @common.guarded(page, area)
    def callback():
        raise ValueError("Weights must add up to 100; these add up to 90.")

    callback()
    assert "add up to 90" in area.value


def test_guarded_callback_hides_unexpected_errors(store, visitor):
    page = Page("1-1", visitor=visitor, store=store)

    @common.guarded(page)
    def callback():
        raise ZeroDivisionError("division by zero")

    callback()
    assert "Something went wrong" in page.banner.value
    assert "ZeroDivisionError" not in page.banner.value


def test_app_ends_with_the_ready_marker_and_key_points(store, visitor):
    page = Page("start", visitor=visitor, store=store)
    app = page.app(widgets.HTML("body"))
    assert common.READY_CLASS in app.children[-1]._dom_classes
    assert "Key points" in app.children[-2].value


def test_download_link_is_a_data_uri_with_a_download_name():
    link = common.download_link(b"hello", 'my "plan".md', "Download", "text/markdown")
    assert 'download="my &quot;plan&quot;.md"' in link.value
    assert "data:text/markdown;base64,aGVsbG8=" in link.value


def test_module_bind_uses_the_current_visitor(monkeypatch, store, visitor):
    monkeypatch.setattr(common.page, "_pages", {})
    monkeypatch.setattr(common.page, "AnswerStore", lambda: store)
    w = common.bind(widgets.Text(), "3-1", "step1")
    w.value = "abc"
    assert store.load(visitor.token, "3-1") == {"step1": "abc"}


def test_the_page_script_survives_later_scripts(store, visitor):
    page = Page("start", visitor=visitor, store=store)
    page.app(widgets.HTML("x"))
    page.write_url()
    page.scripts.run("console.log(1)")
    scripts = [o["data"]["application/javascript"] for o in page.scripts.outputs]
    assert scripts[0] == common.PAGE_SCRIPT and scripts[-1] == "console.log(1)" and len(scripts) == 2


def test_chart_widget_is_an_img_with_alt_and_the_numbers():
    from svkit import plots

    html = common.chart(plots.bar_chart(["A", "B"], [1, 3], "Two bars", "£"), source="made up").value
    assert '<img src="data:image/png;base64,' in html
    assert 'alt="Bar chart: Two bars. The largest is B at 3 £."' in html
    assert "<th scope=\"row\">A</th><td>1</td>" in html and "Source: made up" in html


def test_bar_chart_refuses_mismatched_data():
    from svkit import plots

    with pytest.raises(ValueError, match="one value per label"):
        plots.bar_chart(["A"], [1, 2], "x")


def test_upload_box_refuses_a_file_over_the_limit_and_keeps_working(store, visitor):
    page = Page("fixture", visitor=visitor, store=store)
    received = []
    box = common.upload_box(page, "Upload", 10, lambda name, data: received.append(data) or "ok")
    upload, area = box.children[0].children[0], box.children[1]
    upload.value = ({"name": "big.csv", "content": memoryview(b"x" * 11), "size": 11, "type": "text/csv", "last_modified": datetime.now()},)
    assert "the limit is 1e-05 MB" in area.value
    assert received == []
    upload.value = ({"name": "ok.csv", "content": memoryview(b"small"), "size": 5, "type": "text/csv", "last_modified": datetime.now()},)
    assert received == [b"small"] and "ok" in area.value


# -- saving typed text: bounded, and always the last value (issue 11, 'a bounded store') ----
def test_typing_is_saved_at_most_once_a_second_and_the_last_text_always(store, visitor):
    page = Page("1-1", visitor=visitor, store=store)
    page.text_save_seconds = 60  # a long interval, so no timer fires during the test
    box = page.bind(widgets.Textarea(description="Your reflection:"), "reflection")
    text = "Sixty characters typed one at a time by a participant, here."
    for i in range(1, len(text) + 1):
        box.value = text[:i]
    assert store.history(visitor.token, "1-1", "reflection") == ["S"]  # the first key at once
    assert "Saving" in page.status.value  # and the page does not claim the rest is saved
    page.flush()  # the timer firing, or the kernel exiting when the page is left
    assert store.history(visitor.token, "1-1", "reflection") == ["S", text]
    assert "Saved 60 characters of ‘Your reflection’" in page.status.value


def test_choices_are_saved_at_once_and_say_what_was_saved(store, visitor):
    page = Page("1-1", visitor=visitor, store=store)
    page.text_save_seconds = 60
    pick = page.bind(widgets.Dropdown(options=["a", "b"], value="a", description="Best route"), "pick")
    pick.value = "b"
    assert store.load(visitor.token, "1-1")["pick"] == "b"
    assert "Saved ‘Best route’ at" in page.status.value


def test_emptied_text_says_so():
    assert common.saved_description("", "‘Aims’") == "Saved ‘Aims’ (now empty)"
    assert common.saved_description("x", "‘Aims’") == "Saved 1 character of ‘Aims’"


# -- 'send the room on' on a participant's page -------------------------------------------
class RoomStore(AnswerStore):
    target = None

    def room_target(self, workshop):
        return self.target


def test_a_joined_page_shows_where_the_room_was_sent_and_can_dismiss_it(tmp_path):
    store = RoomStore(f"sqlite:///{tmp_path / 'a.db'}")
    workshop = store.create_workshop("Room")
    page = Page("1-1", visitor=session.Visitor(token=session.new_token(), workshop=workshop.code), store=store)
    page.check_room()
    assert page.room_banner.layout.display == "none"
    store.target = "exercises/2-2-tender-lab.ipynb"
    page.check_room()
    assert page.room_banner.layout.display == "flex"
    assert "Exercise 2-2" in page.room_note.value
    assert f'href="../exercises/2-2-tender-lab.ipynb?p={page.visitor.token}&amp;ws={workshop.code}"' in page.room_note.value
    page.room_dismiss.click()
    page.check_room()
    assert page.room_banner.layout.display == "none"  # dismissed stays dismissed
    store.target = "exercises/3-7-i-statements.ipynb"  # sent on again: shown again
    page.check_room()
    assert page.room_banner.layout.display == "flex" and "3-7" in page.room_note.value
    store.target = None  # the trainer clears it
    page.check_room()
    assert page.room_banner.layout.display == "none"
    store.dispose()


def test_no_banner_on_the_app_the_room_was_sent_to_or_when_working_alone(tmp_path):
    store = RoomStore(f"sqlite:///{tmp_path / 'a.db'}")
    workshop = store.create_workshop("Room")
    store.target = "exercises/2-2-tender-lab.ipynb"
    here = Page("2-2", visitor=session.Visitor(token=session.new_token(), workshop=workshop.code), store=store)
    here.check_room()
    assert here.room_banner.layout.display == "none"
    alone = Page("1-1", visitor=session.Visitor(token=session.new_token()), store=store)
    alone.check_room()
    assert alone.room_banner.layout.display == "none"
    store.dispose()


# -- identity slips (issue 11, item 7) ---------------------------------------------------
def test_a_link_whose_participant_code_was_never_issued_is_not_taken_as_someone(store):
    issued = Page("1-1", visitor=session.Visitor(token=session.new_token(), fresh=True), store=store)
    token = issued.visitor.token
    typo = token[:-1] + ("A" if token[-1] != "A" else "B")  # one character changed
    page = Page("1-1", visitor=session.Visitor(token=typo), store=store)
    assert "was not recognised" in page.banner.value and "resume code" in page.banner.value
    assert page.visitor.token != token  # never someone else
    reloaded = Page("1-1", visitor=session.Visitor(token=typo), store=store)
    assert "not recognised" not in reloaded.banner.value  # said once, not on every reload
    again = Page("1-1", visitor=session.Visitor(token=token), store=store)  # the real link still works
    assert "not recognised" not in again.banner.value and again.visitor.token == token


# -- the store goes away and comes back; an answer too large (issues 11 and 16) -------------
class FlakyStore(AnswerStore):
    down = False

    def save(self, *args, **kwargs):
        if self.down:
            raise StoreError("The answer store could not save your answer (disk full).")
        return super().save(*args, **kwargs)


def test_saves_resume_by_themselves_when_the_store_comes_back(tmp_path, visitor):
    store = FlakyStore(f"sqlite:///{tmp_path / 'a.db'}")
    page = Page("1-1", visitor=visitor, store=store)
    box = page.bind(widgets.Textarea(description="Your reflection:"), "reflection")
    store.down = True
    box.value = "Typed while the disk was full."
    assert "Not saved" in page.status.value and "svkit-store-error" in page.banner.value
    assert box.value == "Typed while the disk was full."  # the text stays on the page
    page.retry_unsaved()  # a heartbeat while it is still down: nothing lost, nothing claimed
    assert "Not saved" in page.status.value
    store.down = False
    page.retry_unsaved()  # the next heartbeat after it is back
    assert store.load(visitor.token, "1-1")["reflection"] == "Typed while the disk was full."
    assert "✓ Saved 30 characters" in page.status.value and "svkit-store-error" not in page.banner.value
    store.dispose()


def test_an_answer_too_large_to_keep_is_said_beside_the_save_status_not_as_a_store_failure(store, visitor):
    page = Page("1-1", visitor=visitor, store=store)
    box = page.bind(widgets.Textarea(description="Your reflection:"), "reflection")
    box.value = "x" * 300_000
    assert "too long to save" in page.status.value and "Shorten it" in page.status.value
    assert "svkit-store-error" not in page.banner.value
    assert "reflection" not in store.load(visitor.token, "1-1")
    box.value = "A sensible length."
    assert store.load(visitor.token, "1-1")["reflection"] == "A sensible length."
