"""The house map: for every served app, its notebook, ui module, domain module and data folder.

Read from the files themselves: the notebook's import names its ui module, and the ui module's
docstring names its domain module and data folder (``Domain module: ``svkit.tender``. Data
folder: ``data/tenders/``.``). ``python -m svkit.layout`` writes the table into
docs/architecture.md; tests/test_layout.py fails when the doc's table is stale or incomplete.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from svkit.paths import app_notebooks, app_url_path, kit_home

UI_IMPORT = re.compile(r"from (svkit\.ui\.(?:lessons|exercises)\.\w+) import")
DOC_LINE = re.compile(r"Domain module: ``(?P<domain>svkit\.\w+)``\. Data folder: ``(?P<data>data/[\w.-]+/?)``\.")
START, END = "<!-- layout-table:start -->", "<!-- layout-table:end -->"
DOC = Path("docs") / "architecture.md"


@dataclass(frozen=True)
class AppFiles:
    """The files behind one served app (paths relative to the kit's folder)."""

    label: str  # '2-2' for an exercise, the notebook's stem for a lesson
    notebook: str  # 'exercises/2-2-tender-lab.ipynb'
    ui_module: str  # 'svkit/ui/exercises/tender_lab.py'; '' when the notebook imports none
    domain_module: str  # 'svkit/tender.py'; '' when the ui module's docstring names none
    data_folder: str  # 'data/tenders/'; '' when the ui module's docstring names none


def _label(notebook: Path) -> str:
    m = re.match(r"^(\d+-\d+)-", notebook.stem)
    return m.group(1) if notebook.parent.name == "exercises" and m else notebook.stem


def _ui_module(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    code = "\n".join("".join(c.get("source", [])) for c in cells if c.get("cell_type") == "code")
    m = UI_IMPORT.search(code)
    return m.group(1).replace(".", "/") + ".py" if m else ""


def files_for(notebook: Path, home: Path | None = None) -> AppFiles:
    """The files behind one app's notebook."""
    home = home or kit_home()
    ui = _ui_module(notebook)
    domain = data = ""
    if ui and (home / ui).is_file():
        doc = ast.get_docstring(ast.parse((home / ui).read_text(encoding="utf-8"))) or ""
        m = DOC_LINE.search(" ".join(doc.split()))
        if m:
            domain, data = m["domain"].replace(".", "/") + ".py", m["data"].rstrip("/") + "/"
    return AppFiles(_label(notebook), app_url_path(notebook), ui, domain, data)


def rows(home: Path | None = None) -> list[AppFiles]:
    """One row per served app, lessons first, in name order."""
    return [files_for(nb, home) for nb in app_notebooks()]


def markdown_table(home: Path | None = None) -> str:
    """The table as Markdown, as it stands in docs/architecture.md."""
    lines = ["| label | notebook | ui module | domain module | data folder |", "|---|---|---|---|---|"]
    for r in rows(home):
        lines.append(f"| {r.label} | `{r.notebook}` | `{r.ui_module}` | `{r.domain_module}` | `{r.data_folder}` |")
    return "\n".join(lines)


def table_in_doc(text: str) -> str:
    """The table as it stands between the markers of ``text``."""
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def write_doc(home: Path | None = None) -> Path:
    """Write the generated table into docs/architecture.md, between its markers."""
    home = home or kit_home()
    path = home / DOC
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(f"{head}{START}\n{markdown_table(home)}\n{END}{tail}", encoding="utf-8")
    return path


if __name__ == "__main__":  # python -m svkit.layout
    print(f"wrote {write_doc()}", file=sys.stderr)
