"""The Wigan homecare case as data: 'I' statements, selection questions, then and now."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from svkit.content import SourceRef, read_model, register_schema
from svkit.export import Record
from svkit.paths import data_dir


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Statements(_Strict):
    sources: list[SourceRef] = Field(min_length=1)
    statements: list[str] = Field(min_length=12, max_length=12)
    selection: list[str] = Field(min_length=8)


class Row(_Strict):
    topic: str
    then: str = Field(min_length=10)
    now: str = Field(min_length=10)
    source: SourceRef


class ThenAndNow(_Strict):
    rows: list[Row] = Field(min_length=1)


register_schema("wigan/i-statements.yaml", Statements)
register_schema("wigan/then-and-now.yaml", ThenAndNow)


def statements(root: Path | None = None) -> Statements:
    return read_model(((root or data_dir()) / "wigan" / "i-statements.yaml").resolve(), Statements)


def then_and_now(root: Path | None = None) -> ThenAndNow:
    return read_model(((root or data_dir()) / "wigan" / "then-and-now.yaml").resolve(), ThenAndNow)


def statements_record(service: str, rows: Sequence[tuple[str, str, str]], chosen: Sequence[str], notes: str) -> Record:
    """The participant's 'I' statements, each with its clause and monitoring question, as a document."""
    sections = []
    for n, (statement, clause, question) in enumerate(rows, start=1):
        if not (statement.strip() or clause.strip() or question.strip()):
            continue
        sections.append((f"'I' statement {n}", [f"I statement: {statement}", f"Specification clause: {clause}",
                                                 f"Monitoring question: {question}"]))
    sections.append(("Selection questions I would ask providers", list(chosen) or [""]))
    sections.append(("Notes", [notes]))
    return Record(title=f"'I' statements: {service.strip() or 'my service'}",
                  facts=[("Statements written", str(sum(1 for r in rows if r[0].strip())))], sections=sections,
                  footer="Made with svkit from the CCIN Social Value Toolkit (2025), Wigan's ethical homecare case.")
