"""Structured content: pydantic models and the cached loader for data/.

Lesson narrative lives in notebook Markdown cells. Everything structured
(section objectives, key points, the glossary, app introductions) lives in
YAML under data/ and is read through :func:`load`, validated once and cached.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Callable, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from svkit.paths import data_dir

M = TypeVar("M", bound=BaseModel)

#: The source documents in ../shared/toolkit/ that content may cite.
SourceDocument = Literal[
    "toolkit-slides",
    "executive-summary",
    "supporting-narrative",
    "launch-webinar",
    "article-commons-sense",
    "facts",
    "legislation",  # an Act or statutory instrument, named in `section`
    "published",  # other published work the toolkit cites, the full reference in `section`
]


class Strict(BaseModel):
    """The base of every data model: unknown fields are refused, and a loaded value never changes."""

    model_config = ConfigDict(extra="forbid", frozen=True)


#: How each source document is named on screen.
DOCUMENT_NAMES = {
    "toolkit-slides": "CCIN Social Value Toolkit (2025)",
    "executive-summary": "CCIN Social Value Toolkit (2025), executive summary",
    "supporting-narrative": "CCIN Social Value Toolkit (2025), supporting narrative",
    "launch-webinar": "CCIN Social Value Toolkit launch webinar (2025)",
    "article-commons-sense": "the toolkit authors' article on commons sense (2025)",
    "facts": "published figures collected for the kit",
    "legislation": "legislation",
    "published": "published work",
}


class SourceRef(Strict):
    """Where a piece of content comes from."""

    document: SourceDocument  # which toolkit document
    section: str = Field(min_length=3)  # the section or slide title within it

    def __str__(self) -> str:
        if self.document in ("legislation", "published"):
            return self.section
        return f"{DOCUMENT_NAMES[self.document]}, '{self.section}'"


class RatingScale(Strict):
    """A scale of whole numbers from ``min`` to ``max``, each with a label in words."""

    min: int
    max: int
    labels: dict[int, str]

    @model_validator(mode="after")
    def _every_step_labelled(self):
        if self.max <= self.min or set(self.labels) != set(range(self.min, self.max + 1)):
            raise ValueError("the scale needs a label for every whole number from min to max")
        return self

    def check(self, value, name: str) -> int:
        """``value`` as an int on this scale; anything else raises ``ValueError`` naming ``name``."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) \
                or not self.min <= value <= self.max:
            raise ValueError(f"'{name}' must be a whole number from {self.min} to {self.max}, not {value!r}.")
        return int(value)


class NumberedStep(Strict):
    """One step of a process the toolkit sets out in order (the eleven steps of lessons 02 and 03)."""

    number: int = Field(ge=1)  # its place in the process, from 1
    title: str = Field(min_length=5)
    text: str = Field(min_length=20)  # what the step asks, in a sentence or two


class Section(Strict):
    """One of the toolkit's four sections, as a lesson."""

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    number: int = Field(ge=1, le=4)
    title: str = Field(min_length=3)
    summary: str = Field(min_length=20)
    objectives: list[str] = Field(min_length=1)
    minutes: int = Field(gt=0, le=600)  # estimated time for the lesson, minutes
    key_points: list[str] = Field(min_length=1)
    lesson: str = Field(pattern=r"^\d\d-[a-z0-9-]+$")  # notebook stem in notebooks/
    sources: list[SourceRef] = Field(min_length=1)


class CitedFigure(Strict):
    """A published figure an app shows beside its own result, with where it comes from."""

    name: str = Field(min_length=3)  # what it is ('Wigan before remodelling')
    value: str = Field(min_length=3)  # the figure as shown, in words ('£11-£22 an hour in 2015, ...')
    source: SourceRef


class AppIntro(Strict):
    """The header and footer of an app that is not a toolkit section."""

    label: str = Field(pattern=r"^[a-z0-9-]+$")
    title: str = Field(min_length=3)
    objectives: list[str] = Field(min_length=1)
    questions: list[str] = Field(default_factory=list)
    minutes: int = Field(gt=0, le=600)  # estimated time, minutes
    key_points: list[str] = Field(min_length=1)
    sources: list[SourceRef] = Field(default_factory=list)
    brief: str = ""  # HTML shown below the intro: the brief and the task, in our words, citing the toolkit
    cited_figures: list[CitedFigure] = Field(default_factory=list)  # shown beside the app's result


class GlossaryTerm(Strict):
    """A term of art, explained in plain words."""

    term: str = Field(min_length=2)
    definition: str = Field(min_length=20)
    sources: list[SourceRef] = Field(min_length=1)


class Glossary(Strict):
    terms: list[GlossaryTerm] = Field(min_length=1)


class Content(Strict):
    """Everything :func:`load` returns."""

    sections: tuple[Section, ...]
    apps: dict[str, AppIntro]
    glossary: tuple[GlossaryTerm, ...]

    def section(self, number: int) -> Section:
        """The section with this number (1-4)."""
        for section in self.sections:
            if section.number == number:
                return section
        raise KeyError(f"no section {number}")


class Problem(Strict):
    """One thing wrong with one data file."""

    file: str  # path below data/
    field: str  # dotted location inside the file, or '' for the whole file
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"


class ContentError(Exception):
    """The data folder has problems; ``problems`` lists each one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = str(problems[0]) if problems else "unknown problem"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}")


#: Which model validates which YAML file below data/ (glob -> model).
#: Domain modules register their own files with :func:`register_schema`.
YAML_SCHEMAS: dict[str, type[BaseModel]] = {
    "toolkit/section-*.yaml": Section,
    "apps/*.yaml": AppIntro,
    "glossary.yaml": Glossary,
}


class Settings(Strict):
    """Settings more than one app uses (data/settings.yaml)."""

    current_year: str = Field(pattern=r"^\d{4}-\d{2}$")  # the financial year the kit prices in: '2025-26'
    current_year_rationale: str = Field(min_length=20)
    not_legal_advice: str = Field(min_length=40)  # the one notice shown wherever the law is discussed


@lru_cache(maxsize=64)
def read_model(path: Path, model: type[BaseModel]) -> BaseModel:
    """Read one YAML file into ``model``, validated once and cached (domain data files)."""
    return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def check_unique(values, message: str) -> None:
    """Raise ``ValueError(message)`` when ``values`` hold one value twice (ids or names in a data file)."""
    values = list(values)
    if len(set(values)) != len(values):
        raise ValueError(message)


def unique_by(field: str, key: str, message: str):
    """A model validator: no two items of ``field`` share the same ``key`` (``ValueError(message)``).

    Declared in the model's body, ``_unique = unique_by("providers", "name", "provider names must be unique")``.
    """
    def _unique(model):
        check_unique((getattr(item, key) for item in getattr(model, field)), message)
        return model

    return model_validator(mode="after")(_unique)


def register_schema(pattern: str, model: type[BaseModel]) -> None:
    """Have ``check-data`` validate files matching ``pattern`` with ``model``."""
    YAML_SCHEMAS[pattern] = model


def data_file(path: str, model: type[M], doc: str = "",
              check: Callable[[M, Path | None], None] | None = None) -> Callable[[Path | None], M]:
    """Register ``model`` as the schema of ``data/<path>`` and return its reader.

    The reader takes an optional data folder (``root``, data/ by default) and returns the file
    validated once and cached, so a domain module names each of its files once::

        steps = data_file("collaboration/steps.yaml", Steps, "The eleven collaborative steps.")

    ``check(table, root)``, where given, is run on every read and raises ``ValueError`` when the
    file does not agree with the other files it names (read from the same ``root``).
    """
    register_schema(path, model)

    def read(root: Path | None = None) -> M:
        table = read_model(((root or data_dir()) / path).resolve(), model)
        if check is not None:
            check(table, root)
        return table

    read.__doc__ = doc or f"data/{path}, validated as {model.__name__}."
    read.__name__ = Path(path).stem.replace("-", "_")
    read.path = path  # type: ignore[attr-defined]
    return read


def _read_yaml(path: Path, root: Path) -> tuple[object | None, list[Problem]]:
    rel = path.relative_to(root).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return None, [Problem(file=rel, field="", message=f"cannot be read ({exc.strerror or exc})")]
    except UnicodeDecodeError:
        return None, [Problem(file=rel, field="", message="is not UTF-8 text")]
    try:
        return yaml.safe_load(text), []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else ""
        return None, [Problem(file=rel, field=where, message=f"is not valid YAML ({getattr(exc, 'problem', exc)})")]


def _validation_problems(rel: str, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        field = ".".join(str(part) for part in err["loc"])
        problems.append(Problem(file=rel, field=field, message=err["msg"]))
    return problems


def validate_file(path: Path, root: Path) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one YAML file against the model its location calls for."""
    rel = path.relative_to(root).as_posix()
    model = next((m for pattern, m in YAML_SCHEMAS.items() if path.relative_to(root).match(pattern)), None)
    if model is None:
        return None, [Problem(file=rel, field="", message="no schema knows this file; add one to content.YAML_SCHEMAS")]
    raw, problems = _read_yaml(path, root)
    if problems:
        return None, problems
    if not isinstance(raw, dict):
        return None, [Problem(file=rel, field="", message="should hold a mapping of fields, not a list or a single value")]
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        return None, _validation_problems(rel, exc)


def _gather(root: Path) -> tuple[Content | None, list[Problem]]:
    problems: list[Problem] = []
    sections: list[Section] = []
    apps: dict[str, AppIntro] = {}
    glossary: list[GlossaryTerm] = []
    if not root.is_dir():
        return None, [Problem(file=str(root), field="", message="data folder not found")]
    for path in sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml")):
        rel = path.relative_to(root).as_posix()
        if not any(path.relative_to(root).match(p) for p in YAML_SCHEMAS):
            continue  # datasets with their own loaders are checked by checks.py
        item, found = validate_file(path, root)
        problems.extend(found)
        if isinstance(item, Section):
            sections.append(item)
        elif isinstance(item, AppIntro):
            if item.label in apps:
                problems.append(Problem(file=rel, field="label", message=f"label '{item.label}' is used twice"))
            apps[item.label] = item
        elif isinstance(item, Glossary):
            glossary.extend(item.terms)
    numbers = sorted(s.number for s in sections)
    if not problems and numbers != [1, 2, 3, 4]:
        problems.append(Problem(file="toolkit/", field="number", message=f"expected sections 1, 2, 3 and 4 once each, found {numbers}"))
    if problems:
        return None, problems
    sections.sort(key=lambda s: s.number)
    glossary.sort(key=lambda t: t.term.lower())
    return Content(sections=tuple(sections), apps=apps, glossary=tuple(glossary)), []


def problems(root: Path | None = None) -> list[Problem]:
    """Every problem with the structured content under ``root`` (data/ by default)."""
    return _gather(root or data_dir())[1]


@lru_cache(maxsize=4)
def _load_cached(root: Path) -> Content:
    content, found = _gather(root)
    if found:
        raise ContentError(found)
    assert content is not None
    return content


def load(root: Path | None = None) -> Content:
    """The kit's structured content, validated once and cached.

    Raises
    ------
    ContentError
        When any file is unreadable or does not match its schema.
    """
    return _load_cached((root or data_dir()).resolve())


def in_sentence(text: str) -> str:
    """``text`` as it reads inside a sentence: its first word lowered, unless that word is an
    abbreviation ('Employer NI' -> 'employer NI'; 'SMEs and co-operatives' stays as it is).

    Never lowers a whole phrase, so 'NI', 'SMEs' and 'VCSE' keep their capitals wherever they sit.
    """
    first, sep, rest = text.partition(" ")
    if sum(c.isupper() for c in first) > 1 or first[1:2].isupper():
        return text
    return first[:1].lower() + first[1:] + sep + rest


settings = data_file("settings.yaml", Settings, "The kit's settings (data/settings.yaml), validated once and cached.")


def current_year(root: Path | None = None) -> str:
    """The one financial year the kit prices in and opens on ('2025-26'), from data/settings.yaml."""
    return settings(root).current_year
