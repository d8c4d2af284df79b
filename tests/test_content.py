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


def _toolkit_folder() -> Path | None:
    """The toolkit's source documents (kept beside the repository, not in it: their wording is
    their authors'). SVKIT_TOOLKIT_DIR, else a shared/toolkit folder next to a parent folder."""
    import os

    if os.environ.get("SVKIT_TOOLKIT_DIR"):
        return Path(os.environ["SVKIT_TOOLKIT_DIR"])
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "toolkit" / "toolkit-slides.txt").exists():
            return parent / "shared" / "toolkit"
    return None


def _cited_sections():
    import yaml

    found = []

    def walk(x, where):
        if isinstance(x, dict):
            if "document" in x and "section" in x:
                found.append((where, x["document"], x["section"]))
            for v in x.values():
                walk(v, where)
        elif isinstance(x, list):
            for v in x:
                walk(v, where)

    for path in sorted(data_dir().rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.relative_to(data_dir()).as_posix())
    return found


def test_every_toolkit_citation_names_a_heading_found_in_its_document():
    import re

    folder = _toolkit_folder()
    if folder is None:
        pytest.skip("the toolkit's source documents are not on this machine (set SVKIT_TOOLKIT_DIR)")

    def norm(text):
        return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()

    texts = {}
    missing = []
    cited = [c for c in _cited_sections() if c[1] not in ("facts", "legislation", "published")]
    assert len(cited) > 100
    for where, document, section in cited:
        if document not in texts:
            texts[document] = norm((folder / f"{document}.txt").read_text(encoding="utf-8"))
        # a citation may join several slide headings with ';' and add a note in brackets
        parts = [norm(re.sub(r"\(.*?\)", "", p)) for p in re.split(r";|\.\.\.", section)]
        missing += [(where, document, p) for p in parts if p and p not in texts[document]]
    assert missing == []


def _kit_prose():
    """Every piece of prose the kit shows or ships, with where it is: data/ YAML strings (not the
    'document'/'section' of a citation, which name a heading, nor a reading-list entry's 'title'
    and 'where', which name a published work and its address), notebook Markdown outside heading
    lines, the svkit package's source and docs/."""
    import json

    import yaml

    root = data_dir().parent

    def strings(x):
        if isinstance(x, dict):
            for k, v in x.items():
                if k not in ("document", "section") and not ("cited_in" in x and k in ("title", "where")):
                    yield from strings(v)
        elif isinstance(x, list):
            for v in x:
                yield from strings(v)
        elif isinstance(x, str):
            yield x

    for path in sorted(data_dir().rglob("*.yaml")):
        for text in strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield path.relative_to(root).as_posix(), text
    for path in sorted([*(root / "notebooks").glob("*.ipynb"), *(root / "exercises").glob("*.ipynb")]):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                lines = "".join(cell["source"]).splitlines()
                yield path.relative_to(root).as_posix(), "\n".join(x for x in lines if not x.lstrip().startswith("#"))
    for path in sorted([*(root / "svkit").rglob("*.py"), *(root / "docs").glob("*.md")]):
        yield path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")


COPY_RUN = 14  # words


def _words(text):
    import re

    return re.findall(r"[a-z0-9]+", text.lower())


def _toolkit_runs(folder: Path) -> set:
    runs = set()
    for path in folder.glob("*.txt"):
        w = _words(path.read_text(encoding="utf-8"))
        runs.update(tuple(w[i:i + COPY_RUN]) for i in range(len(w) - COPY_RUN + 1))
    return runs


def _copied(prose, runs) -> list[tuple[str, str]]:
    """(where, the first copied run) for each text holding a run of COPY_RUN words from the toolkit."""
    found = []
    for where, text in prose:
        w = _words(text)
        hits = [" ".join(w[i:i + COPY_RUN]) for i in range(len(w) - COPY_RUN + 1) if tuple(w[i:i + COPY_RUN]) in runs]
        found += [(where, hits[0])] if hits else []
    return found


@pytest.fixture(scope="module")
def toolkit_runs():
    folder = _toolkit_folder()
    if folder is None:
        pytest.skip("the toolkit's source documents are not on this machine (set SVKIT_TOOLKIT_DIR)")
    return _toolkit_runs(folder)


def test_no_run_of_14_words_is_copied_from_the_toolkit_outside_headings(toolkit_runs):
    prose = list(_kit_prose())
    assert len(prose) > 500
    assert _copied(prose, toolkit_runs) == []


def test_the_copy_check_catches_a_copied_passage_and_passes_a_reworded_one(toolkit_runs):
    copied = ("Read how Hackney are developing collaborative commissioning principles to make their community "
              "grants programme more representative of local communities")
    reworded = "Hackney is reshaping its community grants so that they reflect the borough's communities better."
    assert _copied([("planted", copied), ("ours", reworded)], toolkit_runs) == [
        ("planted", "read how hackney are developing collaborative commissioning principles to make their community grants programme")]


def _lesson_markdown(stem: str) -> str:
    import json

    path = data_dir().parent / "notebooks" / f"{stem}.ipynb"
    return "\n".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                     if c["cell_type"] == "markdown")


# issue 19: what the toolkit says that the kit did not yet teach, each with its place in a lesson
TOOLKIT_GAPS = [
    ("02-competition", "compulsory competitive tendering", "Part 1 - Competition and Social Value"),
    ("02-competition", "New Public Management", "Part 1 - Competition and Social Value"),
    ("02-competition", "defensible", "Part 1 - Competition and Social Value"),
    ("02-competition", "three-quarters of spending now goes on adult and children's social care", "CIPFA"),
    ("02-competition", "Market capture", "Part 1 - Competition and Social Value"),
    ("02-competition", "advice centre", "Part 1 - Competition and Social Value"),
    ("02-competition", "the social value is *inherent*", "note 11"),
    ("01-fundamentals", "National Procurement Policy Statement", "Legal basis for commissioning"),
    ("03-collaboration", "Co-operatives as contracts", "What does this mean for growing the democratic economy?"),
    ("03-collaboration", "without contracts", "Cooperative Network Infrastructure"),
    ("03-collaboration", "asset-based approach", "Making it Happen"),
    ("03-collaboration", "be positive, be courageous, be accountable, be kind", "Making it Happen"),
    ("03-collaboration", "minimum volume for each (1,000 hours", "Our remodelled Home Care market"),
    ("04-enabling", "community wealth building", "THE PRESTON MODEL"),
    ("04-enabling", "Preston", "THE PRESTON MODEL"),
    ("04-enabling", "## Reading list", "References and further reading"),
]


@pytest.mark.parametrize("stem, phrase, cited", TOOLKIT_GAPS, ids=[g[1][:30] for g in TOOLKIT_GAPS])
def test_each_toolkit_gap_has_a_place_in_a_lesson_with_its_source(stem, phrase, cited):
    text = _lesson_markdown(stem)
    assert phrase in text
    assert cited in text


def test_the_glossary_has_the_terms_the_finance_and_collaboration_work_needs():
    terms = {t.term.split(" (")[0].lower(): t for t in content.load().glossary}
    for wanted in ("open book", "real living wage", "national living wage", "imperatives", "alliance contract",
                   "competitive flexible procedure"):
        assert wanted in terms, wanted
    # the wage years are stated as a finance officer budgets them
    assert "2025-26 rate" in terms["real living wage"].definition


@pytest.mark.parametrize("read, field, key, message", [
    ("conditions.conditions", "conditions", "id", "condition ids must be unique"),
    ("rationale.rules", "rules", "id", "rule ids must be unique"),
    ("thread.rules", "rules", "id", "rule ids must be unique"),
    ("carefinance.open_book", "providers", "name", "provider names must be unique"),
    ("evaluation.form", "questions", "id", "every evaluation question needs its own id"),
])
def test_a_data_file_that_repeats_an_id_or_name_is_refused(read, field, key, message):
    import importlib

    from pydantic import ValidationError

    module, name = read.split(".")
    table = getattr(importlib.import_module(f"svkit.{module}"), name)()
    raw = table.model_dump(mode="json", by_alias=True)
    assert len({item[key] for item in raw[field]}) == len(raw[field])  # as shipped: no repeat
    raw[field][1][key] = raw[field][0][key]
    with pytest.raises(ValidationError, match=message):
        type(table).model_validate(raw)


def test_check_unique_passes_distinct_values_and_refuses_a_repeat():
    content.check_unique(["a", "b"], "ids must be unique")
    with pytest.raises(ValueError, match="^ids must be unique$"):
        content.check_unique(iter(["a", "b", "a"]), "ids must be unique")
