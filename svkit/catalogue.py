"""The served apps: which lessons and exercises exist, and their titles.

Read from notebooks/ and exercises/ on disk, so the start app's map never
links to an app that does not exist.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from dataclasses import dataclass
from pathlib import Path

from svkit.paths import app_notebooks, app_url_path, kit_home

EXERCISE_NAME = re.compile(r"^(?P<section>\d+)-(?P<number>\d+)-(?P<slug>[a-z0-9-]+)$")
LESSON_NAME = re.compile(r"^(?P<section>\d\d)-(?P<slug>[a-z0-9-]+)$")


@dataclass(frozen=True)
class AppEntry:
    """One served notebook."""

    path: Path  # the .ipynb file
    url_path: str  # below the server root: 'exercises/2-2-tender-lab.ipynb'
    kind: str  # 'lesson' or 'exercise'
    section: int  # toolkit section number; 0 for the start app
    label: str  # stable label: '2-2' for an exercise, the stem for a lesson
    title: str  # first Markdown heading, or the file name


def notebook_title(path: Path) -> str:
    """The first Markdown heading of a notebook, without its #s."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        cells = []
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        text = "".join(cell.get("source", []))
        for line in text.splitlines():
            if line.startswith("#"):
                return line.lstrip("#").strip()
    return path.stem.replace("-", " ")


def app_title(label: str, path: Path) -> str:
    """The title in the app's content (data/apps/<label>.yaml), else its first heading."""
    from svkit import content

    try:
        apps = content.load().apps
    except content.ContentError:
        apps = {}
    return apps[label].title if label in apps else notebook_title(path)


def entry_for(path: Path) -> AppEntry | None:
    stem = path.stem
    if path.parent.name == "exercises":
        m = EXERCISE_NAME.match(stem)
        if not m:
            return None
        label = f"{m['section']}-{m['number']}"
        return AppEntry(path, app_url_path(path), "exercise", int(m["section"]), label, app_title(label, path))
    m = LESSON_NAME.match(stem)
    if not m:
        return None
    return AppEntry(path, app_url_path(path), "lesson", int(m["section"]), stem, lesson_title(stem, path))


def lesson_title(stem: str, path: Path) -> str:
    """The title of the toolkit section the lesson teaches, else the title in its own content
    (data/apps/<stem>.yaml, for a page in notebooks/ that is not a section, like the evaluation),
    else its first heading."""
    from svkit import content

    try:
        loaded = content.load()
        sections, apps = loaded.sections, loaded.apps
    except content.ContentError:
        sections, apps = (), {}
    found = next((s.title for s in sections if s.lesson == stem), None)
    return found or (apps[stem].title if stem in apps else notebook_title(path))


def apps() -> list[AppEntry]:
    """Every served app with a well-formed name, lessons first (read once per kit folder)."""
    return list(_apps_in(kit_home()))


@lru_cache(maxsize=4)
def _apps_in(home: Path) -> tuple[AppEntry, ...]:
    found = [e for e in (entry_for(p) for p in app_notebooks()) if e is not None]
    return tuple(sorted(found, key=lambda e: (e.kind != "lesson", e.section, e.label)))


def lesson(stem: str) -> AppEntry | None:
    return next((e for e in apps() if e.kind == "lesson" and e.label == stem), None)


def exercises(section: int) -> list[AppEntry]:
    return [e for e in apps() if e.kind == "exercise" and e.section == section]
