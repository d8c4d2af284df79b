import shutil
from pathlib import Path

import pytest

from svkit import content
from svkit.paths import data_dir


def test_four_sections_in_order_with_objectives_and_time():
    loaded = content.load()
    assert [s.number for s in loaded.sections] == [1, 2, 3, 4]
    for section in loaded.sections:
        assert section.objectives and section.key_points and section.sources
        assert 0 < section.minutes <= 600


def test_load_is_cached():
    assert content.load() is content.load()


def test_glossary_has_the_terms_the_start_app_promises():
    terms = {t.term.split(" (")[0].lower() for t in content.load().glossary}
    for wanted in ["s151 officer", "best value", "social value", "most advantageous tender",
                   "light touch regime", "public commons partnership", "community land trust", "vcse", "toms"]:
        assert wanted in terms


@pytest.fixture
def broken_copy(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    return copy


def test_a_missing_field_is_reported_with_file_and_field(broken_copy):
    path = broken_copy / "toolkit" / "section-2.yaml"
    path.write_text(path.read_text().replace("minutes: 75", "minutes: -5"))
    problems = content.problems(broken_copy)
    assert [(p.file, p.field) for p in problems] == [("toolkit/section-2.yaml", "minutes")]
    with pytest.raises(content.ContentError, match="section-2.yaml: minutes"):
        content.load(broken_copy)


def test_invalid_yaml_names_the_line(broken_copy):
    (broken_copy / "glossary.yaml").write_text("terms:\n  - term: [unclosed\n")
    problems = content.problems(broken_copy)
    assert problems[0].file == "glossary.yaml"
    assert problems[0].field.startswith("line ")


def test_a_missing_section_is_reported(broken_copy):
    (broken_copy / "toolkit" / "section-4.yaml").unlink()
    assert "expected sections 1, 2, 3 and 4" in str(content.problems(broken_copy)[0])
