"""Printable handouts: built from data/ in every test run, each checked for its content and opened in Chromium."""

import re
from html import escape

import pytest

from svkit import evaluation, cli, canvas as collaboration, conditions as competition, content, handouts, lenses, pathways, sessionplans, istatements as wigan


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("handouts")
    assert cli.main(["handouts", "--out", str(out)]) == 0
    return out


def text(built, name):
    return (built / name).read_text(encoding="utf-8")


def test_every_handout_is_written_as_a_whole_printable_page(built):
    names = sorted(p.name for p in built.iterdir())
    assert names == sorted(handouts.HANDOUTS)
    for name in names:
        page = text(built, name)
        assert page.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in page and "@page" in page, name
        assert "Sources:" in page and "the wording is the kit's own" in page, name


def test_the_nine_row_table_has_every_row_from_the_data(built):
    page = text(built, "nine-rows.html")
    rows = lenses.table().rows
    assert len(rows) == 9 and page.count('<th scope="row">') == 9
    for r in rows:
        assert escape(r.aspect) in page and escape(r.competition) in page and escape(r.collaboration) in page


def test_both_eleven_step_lists_are_there_in_order(built):
    page = text(built, "eleven-steps.html")
    for table in (competition.steps(), collaboration.steps()):
        titles = [escape(s.title) for s in table.steps]
        assert len(titles) == 11
        where = [page.index(f"<strong>{t}.</strong>") for t in titles]
        assert where == sorted(where)
    assert page.count("<li>") == 22


def test_the_thirteen_routes_say_not_legal_advice(built):
    page = text(built, "thirteen-routes.html")
    assert "Not legal advice" in page and page.count('<th scope="row">') == 13
    for r in pathways.routes().routes:
        assert escape(r.name) in page and escape(r.purpose) in page


def test_wigan_then_and_now_glossary_reading_list_and_evaluation_come_from_the_data(built):
    page = text(built, "wigan-then-and-now.html")
    for r in wigan.then_and_now().rows:
        assert escape(r.then) in page and escape(r.now) in page
    assert "94.4%" in page  # a published figure, as the data gives it
    page = text(built, "glossary.html")
    for t in content.load().glossary:
        assert f"<strong>{escape(t.term)}</strong>" in page
    assert "S151 officer" in page
    page = text(built, "reading-list.html")
    items = handouts.reading_list().items
    assert len(items) >= 10 and page.count("<li>") == len(items)
    assert "Tools for Conviviality" in page and "Ivan Illich (1973)" in page
    page = text(built, "evaluation-form.html")
    ev = evaluation.form()
    assert len(ev.questions) >= 4 and ev.open
    assert all(escape(q.text) in page for q in ev.questions + ev.open)
    assert "1 (not at all) to 5 (very)" in page


def test_a_handout_escapes_what_the_data_holds(monkeypatch):
    from svkit.istatements import Row, ThenAndNow
    from svkit.content import SourceRef

    row = Row(topic="<b>x</b>", then="then <script>x</script>", now="now & later, fine",
              source=SourceRef(document="launch-webinar", section="Planet"))
    real = wigan.then_and_now()
    monkeypatch.setattr(wigan, "then_and_now", lambda: ThenAndNow(rows=[row], reconciliation=real.reconciliation,
                                                                  differences=real.differences))
    page = handouts.wigan_then_and_now()
    assert "<script>" not in page and "&lt;script&gt;" in page and "&lt;b&gt;x&lt;/b&gt;" in page


def test_a_folder_that_cannot_be_written_gives_a_plain_message(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert cli.main(["handouts", "--out", str(blocker / "out")]) == 1
    err = capsys.readouterr().err
    assert "cannot write the handouts" in err and "Traceback" not in err


@pytest.mark.browser
def test_each_handout_opens_in_chromium_and_is_accessible(built, page):
    from tests.harness import axe_violations, describe_violations

    for name in handouts.HANDOUTS:
        page.goto((built / name).as_uri())
        assert page.title() and page.locator("h1").count() == 1, name
        body = page.inner_text("body")
        assert re.search(r"Sources: .+", body), name
        violations = axe_violations(page)
        assert not violations, (name, describe_violations(violations))


@pytest.mark.browser
def test_each_handout_prints_to_a_pdf_with_headless_chromium(built, tmp_path):
    import re as _re
    import shutil as _shutil

    if handouts.pdf_browser() is None:
        pytest.fail("no Chromium here: the served-app tests need it too (see the Makefile's browser target)")
    for f in built.glob("*.html"):
        _shutil.copy(f, tmp_path / f.name)
    pdfs = handouts.write_pdfs(sorted(tmp_path.glob("*.html")))
    assert sorted(p.stem for p in pdfs) == sorted(n.removesuffix(".html") for n in handouts.HANDOUTS)
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), pdf.name
        assert len(_re.findall(rb"/Type\s*/Page\b", data)) >= 1, pdf.name


def test_no_browser_for_pdfs_gives_a_plain_message(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(handouts, "pdf_browser", lambda: None)
    assert cli.main(["handouts", "--out", str(tmp_path), "--pdf"]) == 1
    err = capsys.readouterr().err
    assert "No Chromium or Chrome was found" in err and "Traceback" not in err
    assert (tmp_path / "glossary.html").is_file()  # the HTML handouts are still there
