"""``svkit check-data``: every file in data/ is validated by something.

YAML content files are checked against their pydantic models
(``content.YAML_SCHEMAS``); a file nothing knows how to check is itself a
problem, so no dataset goes unvalidated. Folder READMEs are documentation.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import svkit
from svkit import content, lots, tender
from svkit.content import Problem
from svkit.paths import data_dir


#: A module-level line that registers a data file's schema (``register_schema(...)`` or
#: ``name = data_file(...)``).
REGISTERS = re.compile(r"^(register_schema\(|\w+ = data_file\()", re.M)


def schema_modules() -> list[str]:
    """Every top-level svkit module that registers a data schema (found by reading the package, so
    a new domain module's files are checked without a hand-kept list)."""
    found = []
    for info in pkgutil.iter_modules(svkit.__path__):
        source = Path(svkit.__path__[0]) / f"{info.name}.py"
        if not info.ispkg and source.is_file() and REGISTERS.search(source.read_text(encoding="utf-8")):
            found.append(f"svkit.{info.name}")
    return sorted(found)


for _name in schema_modules():
    importlib.import_module(_name)  # each registers its data schemas with content.register_schema

#: Tabular datasets and the loader that checks each (it raises an error with ``.problems``).
CSV_CHECKS = {
    "tenders/*.csv": tender.load_bids,
    "suppliers/*.csv": lots.load_suppliers,
}


def _csv_problems(path: Path, rel: str, loader) -> list[Problem]:
    try:
        loader(path)
    except (tender.BidsError, lots.SuppliersError) as exc:
        return [Problem(file=rel, field=", ".join(x for x in (f"row {row}" if row else "", column or "") if x),
                        message=what) for row, column, what in exc.problems]
    return []

#: Files that are documentation, not data.
DOC_NAMES = {"README.md"}


def data_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name not in DOC_NAMES and not p.name.startswith("."))


def count_files(root: Path | None = None) -> int:
    return len(data_files(root or data_dir()))


def all_problems(root: Path | None = None) -> list[Problem]:
    """Every problem in the data folder, each naming its file and field."""
    root = (root or data_dir()).resolve()
    if not root.is_dir():
        return [Problem(file=str(root), field="", message="data folder not found")]
    problems = list(content.problems(root))
    known = list(content.YAML_SCHEMAS)
    for path in data_files(root):
        rel = path.relative_to(root)
        csv_check = next((loader for pattern, loader in CSV_CHECKS.items() if rel.match(pattern)), None)
        if csv_check is not None:
            problems.extend(_csv_problems(path, rel.as_posix(), csv_check))
        elif not any(rel.match(pattern) for pattern in known):
            problems.append(Problem(file=rel.as_posix(), field="", message="no check knows this file; add one to svkit/checks.py"))
    return problems
