import html
import json
import re
import shutil

import ipywidgets as widgets
import pytest

from svkit import catalogue, content, session
from svkit.ui.lessons import start
from svkit.ui.kit import Page
from tests.helpers import find, html_of


@pytest.fixture
def kit_with_apps(tmp_path, monkeypatch):
    """A copy of the kit with a lesson and exercises in two sections."""
    from svkit.paths import kit_home

    home = tmp_path / "kit"
    shutil.copytree(kit_home() / "data", home / "data")
    (home / "notebooks").mkdir(parents=True)
    (home / "exercises").mkdir()
    shutil.copy(kit_home() / "notebooks" / "00-start.ipynb", home / "notebooks")

    def notebook(path, heading):
        cells = [{"cell_type": "markdown", "metadata": {}, "source": [f"# {heading}\n"]}]
        path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))

    notebook(home / "notebooks" / "01-fundamentals.ipynb", "Social value fundamentals")
    notebook(home / "exercises" / "1-1-values.ipynb", "Which value does it serve?")
    notebook(home / "exercises" / "2-2-tender-lab.ipynb", "Tender lab")
    (home / "exercises" / "notes.txt").write_text("not an app")
    monkeypatch.setenv("SVKIT_HOME", str(home))
    return home


def build(store, v):
    return start.build_start_app(Page(start.LABEL, visitor=v, store=store))


def test_joining_a_workshop_by_code(store, visitor, kit_with_apps):
    w = store.create_workshop("Finance officers")
    app = build(store, visitor)
    find(app, widgets.Text, "join code").value = w.display_code.lower()
    find(app, widgets.Text, "Your name").value = "Ana <Finance>"
    find(app, widgets.Button, "Join workshop").click()
    assert app.page.visitor.workshop == w.code
    assert store.membership(visitor.token).display_name == "Ana <Finance>"
    text = html_of(app)
    assert "Finance officers" in text and "Ana &lt;Finance&gt;" in text and "Ana <Finance>" not in text
    # every link in the map now carries the workshop too
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+\.ipynb[^"]*)"', text)]
    assert hrefs and all(f"ws={w.code}" in h and f"p={visitor.token}" in h for h in hrefs)


def test_an_unknown_code_says_so_and_nothing_is_created(store, visitor):
    app = build(store, visitor)
    find(app, widgets.Text, "join code").value = "ABC-DEF"
    find(app, widgets.Text, "Your name").value = "Ana"
    find(app, widgets.Button, "Join workshop").click()
    assert "No workshop has the code" in html_of(app)
    assert app.page.visitor.workshop is None
    assert store.find_workshop("ABCDEF") is None
    assert store.membership(visitor.token) is None


def test_join_needs_a_code_and_a_name(store, visitor):
    app = build(store, visitor)
    find(app, widgets.Button, "Join workshop").click()
    assert "Please type the join code" in html_of(app)
    find(app, widgets.Text, "join code").value = "ABC-DEF"
    find(app, widgets.Button, "Join workshop").click()
    assert "Please type your name" in html_of(app)


def test_working_alone_is_recorded(store, visitor):
    app = build(store, visitor)
    find(app, widgets.Button, "Work on my own").click()
    assert store.membership(visitor.token).workshop is None
    assert "working on your own" in html_of(app)


def test_the_resume_code_shown_is_this_visitors(store, visitor):
    app = build(store, visitor)
    shown = re.search(r'class="svkit-code">([^<]+)<', html_of(app)).group(1)
    assert session.token_from_resume_code(shown) == visitor.token


def test_typing_a_resume_code_offers_that_participants_work(store, visitor):
    other = session.new_token()
    app = build(store, visitor)
    find(app, widgets.Text, "Resume code").value = session.resume_code(other)
    find(app, widgets.Button, "Resume my work").click()
    assert f"?p={other}" in html_of(app)


def test_a_mistyped_resume_code_gets_a_plain_message(store, visitor):
    app = build(store, visitor)
    find(app, widgets.Text, "Resume code").value = "2DE9-2AMW"
    find(app, widgets.Button, "Resume my work").click()
    assert "has 28 letters and digits" in html_of(app)


def test_the_map_links_every_app_that_exists_and_nothing_else(store, visitor, kit_with_apps):
    text = html_of(build(store, visitor))
    assert "Exercise 1-1: Which value does it serve?" in text and "Exercise 2-2: Tender evaluation lab" in text
    hrefs = {html.unescape(h).split("?")[0] for h in re.findall(r'href="([^"]+\.ipynb[^"]*)"', text)}
    expected = set()
    for section in content.load().sections:
        lesson = catalogue.lesson(section.lesson)
        if lesson:
            expected.add(start.relative_href(start.URL_PATH, lesson.url_path))
        expected |= {start.relative_href(start.URL_PATH, e.url_path) for e in catalogue.exercises(section.number)}
    assert hrefs == expected
    assert len(hrefs) == 3
    for href in hrefs:  # never a dead link
        assert (kit_with_apps / "notebooks" / href).resolve().exists()


def test_glossary_is_on_the_page(store, visitor):
    text = html_of(build(store, visitor))
    for term in content.load().glossary:
        assert html.escape(term.term) in text


def test_aims_are_restored_after_a_reload(store, visitor):
    app = build(store, visitor)
    find(app, widgets.Textarea, "take back").value = "Try an alliance contract."
    again = build(store, visitor)
    assert find(again, widgets.Textarea, "take back").value == "Try an alliance contract."


def test_relative_links_between_apps():
    assert start.relative_href("notebooks/00-start.ipynb", "exercises/1-1-values.ipynb") == "../exercises/1-1-values.ipynb"
    assert start.relative_href("notebooks/00-start.ipynb", "notebooks/01-fundamentals.ipynb") == "01-fundamentals.ipynb"


def test_arriving_by_a_join_link_prefills_the_code_and_asks_for_a_name(store):
    w = store.create_workshop("Room B")
    v = session.Visitor(token=session.new_token(), workshop=w.code, fresh=True)
    app = build(store, v)
    assert find(app, widgets.Text, "join code").value == w.display_code
    assert "Type your name below" in html_of(app)


def test_the_record_is_written_when_asked_not_on_every_load_or_keystroke(store, visitor, monkeypatch):
    """A room of 40 arriving at once: no start page spends its visitor's wait writing a Word file
    (it did on every load and on every keystroke in the aims box; issue 10, item 5)."""
    from base64 import b64decode

    from svkit import export

    written = []
    real = export.to_docx
    monkeypatch.setattr(export, "to_docx", lambda record: written.append(record) or real(record))
    app = build(store, visitor)
    aims = find(app, widgets.Textarea, "take back")
    aims.value = "Try an alliance contract."
    aims.value = "Try an alliance contract <first>."
    assert written == []
    find(app, widgets.Button, "Prepare my record").click()
    assert len(written) == 1
    text = html_of(app)
    assert "svkit-start-" in text and ".docx" in text and ".md" in text
    links = re.findall(r'href="data:[^;]+;base64,([^"]+)"', text)
    md = next(b64decode(link).decode("utf-8") for link in links if b"Resume code" in b64decode(link)[:400])
    assert session.resume_code(visitor.token) in md and "alliance contract" in md and "<first>" not in md
    aims.value = "Changed my mind."
    assert "press the button for a new one" in html_of(app)  # the links no longer match the page
