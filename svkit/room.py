"""The room, aggregated: what the trainer's console and projector draw from the exercises' summaries.

Pure functions: summaries in (the ``summary`` field each exercise saves, keyed by participant;
docs/stored-answers.md), results out. No widgets, no store, no session. A summary that is not
the shape an aggregation expects is counted as unreadable, never an error, so one odd row
never blanks a panel.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from svkit.content import SourceRef, read_model, register_schema
from svkit.lenses import ROW_IDS
from svkit.paths import data_dir
from svkit.tender import WEIGHT_KEYS


# -- trainer notes (data/trainer/<label>.yaml; trainer-only) -------------------------
class TrainerNotes(BaseModel):
    """What the trainer sees beside a panel: never on the projector, never in a participant app."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(pattern=r"^(\d+-\d+|\d\d-[a-z]+)$")  # the exercise's label ('2-2') or lesson's ('02-competition')
    debrief: list[str] = Field(min_length=1)  # questions to ask the room
    listen_for: list[str] = Field(min_length=1)  # what to listen for in the answers
    model_answer: str = Field(min_length=40)  # for the trainer only: a model answer or worked example
    misconception: str = Field(min_length=20)  # the mistake the room most often makes, and how to answer it
    point_to: SourceRef  # the toolkit section to send the room to afterwards
    sources: list[SourceRef] = Field(min_length=1)


register_schema("trainer/*.yaml", TrainerNotes)


def trainer_labels(root: Path | None = None) -> list[str]:
    """Every label that has trainer notes (data/trainer/<label>.yaml), sorted."""
    return sorted(p.stem for p in ((root or data_dir()) / "trainer").glob("*.yaml"))


def trainer_notes(label: str, root: Path | None = None) -> TrainerNotes | None:
    """The trainer notes for an exercise, or None when it has none."""
    path = ((root or data_dir()) / "trainer" / f"{label}.yaml").resolve()
    return read_model(path, TrainerNotes) if path.is_file() else None


# -- who is here ------------------------------------------------------------------
@dataclass(frozen=True)
class Presence:
    """Who has joined and where they are now."""

    joined: list[str]  # participant tokens, in join order
    on_app: dict[str, str]  # participant -> label of the app they saved on most recently (recent saves only)
    done: dict[str, int]  # label -> how many joined participants saved a summary for it


def presence(members: Sequence[str], latest_saves: Mapping[str, tuple[str, datetime]],
             summary_labels: Mapping[str, Sequence[str]], now: datetime, recent_seconds: float) -> Presence:
    """Who is on which app now, and how many have done each exercise.

    Parameters
    ----------
    members
        Participants who have joined the workshop.
    latest_saves
        participant -> (label, when) of their latest save.
    summary_labels
        participant -> labels they saved a summary for.
    now
        The time to judge 'now' by (timezone-aware).
    recent_seconds
        A participant whose latest save is older than this many seconds is not shown on any app.
    """
    joined = list(members)
    in_room = set(joined)
    on_app = {p: label for p, (label, at) in latest_saves.items()
              if p in in_room and (now - at).total_seconds() <= recent_seconds}
    done: dict[str, int] = {}
    for p, labels in summary_labels.items():
        if p in in_room:
            for label in set(labels):
                done[label] = done.get(label, 0) + 1
    return Presence(joined=joined, on_app=on_app, done=dict(sorted(done.items())))


# -- 1-4: the room's lens scores ----------------------------------------------------
@dataclass(frozen=True)
class LensRowRoom:
    row: str  # row id (svkit.lenses.ROW_IDS)
    mean: float  # the room's mean rating, -1 .. +1
    lowest: float
    highest: float
    reference: float | None  # the trainer's reference rating for the scenario, if it has one


@dataclass(frozen=True)
class LensRoom:
    """The room's ratings for one scenario of exercise 1-4."""

    scenario: str  # scenario id, or 'own'
    people: list[str]  # participants counted
    rows: list[LensRowRoom]  # in table order
    mean_score: float  # mean overall position, -100 .. +100
    lenses: dict[str, int]  # lens -> how many landed on it
    reference_score: float | None  # the reference profile's overall position


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def lens_room(summaries: Mapping[str, Any], references: Mapping[str, Mapping[str, float]]) -> list[LensRoom]:
    """Group 1-4 summaries by scenario and sum up each row.

    A summary counts only if it carries all nine ``rows`` ratings in [-1, 1] (older summaries,
    saved before the rows were added, are left out). ``references`` maps scenario id to its
    reference ratings; scenarios are returned in order of first appearance.
    """
    grouped: dict[str, list[tuple[str, dict[str, float], dict]]] = {}
    for participant, summary in summaries.items():
        if not isinstance(summary, Mapping) or not isinstance(summary.get("rows"), Mapping):
            continue
        ratings = {row: _number(summary["rows"].get(row)) for row in ROW_IDS}
        if any(v is None or not -1 <= v <= 1 for v in ratings.values()):
            continue
        scenario = str(summary.get("scenario") or "own")
        grouped.setdefault(scenario, []).append((participant, ratings, summary))
    result = []
    for scenario, entries in grouped.items():
        ref = references.get(scenario)
        rows = []
        for row in ROW_IDS:
            values = [ratings[row] for _, ratings, _ in entries]
            rows.append(LensRowRoom(row=row, mean=sum(values) / len(values), lowest=min(values), highest=max(values),
                                    reference=None if ref is None else float(ref[row])))
        scores = [100 * sum(r.values()) / len(ROW_IDS) for _, r, _ in entries]
        lenses: dict[str, int] = {}
        for _, _, summary in entries:
            lens = str(summary.get("lens", ""))
            lenses[lens] = lenses.get(lens, 0) + 1
        result.append(LensRoom(
            scenario=scenario, people=[p for p, _, _ in entries], rows=rows, mean_score=sum(scores) / len(scores),
            lenses=lenses, reference_score=None if ref is None else 100 * sum(ref[r] for r in ROW_IDS) / len(ROW_IDS)))
    return result


# -- 2-2: the room's weightings on the winner map ---------------------------------
@dataclass(frozen=True)
class WeightingMark:
    participant: str
    price: int  # % of the marks
    quality: int
    social_value: int
    winner_menu: str
    winner_embedded: str


@dataclass(frozen=True)
class TenderRoom:
    """The room's weightings on one bid set, scored with one price method."""

    bid_set: str  # library bid set name, or 'uploaded'
    price_method: str
    marks: list[WeightingMark]
    wins_menu: dict[str, int] = field(default_factory=dict)  # bidder -> how many weightings it wins under
    wins_embedded: dict[str, int] = field(default_factory=dict)


def tender_room(summaries: Mapping[str, Any]) -> list[TenderRoom]:
    """Group 2-2 summaries by (bid set, price method); each participant's weighting becomes a mark.

    A summary counts only if its three weights are whole numbers from 0 to 100 adding up to 100.
    """
    grouped: dict[tuple[str, str], list[WeightingMark]] = {}
    for participant, summary in summaries.items():
        if not isinstance(summary, Mapping) or not isinstance(summary.get("weights"), Mapping):
            continue
        weights = {k: _number(summary["weights"].get(k)) for k in WEIGHT_KEYS}
        if any(v is None or v < 0 or v != int(v) for v in weights.values()) or sum(weights.values()) != 100:
            continue
        key = (str(summary.get("bid_set", "")), str(summary.get("price_method", "relative")))
        grouped.setdefault(key, []).append(WeightingMark(
            participant=participant, price=int(weights["price"]), quality=int(weights["quality"]),
            social_value=int(weights["social_value"]), winner_menu=str(summary.get("winner_menu", "")),
            winner_embedded=str(summary.get("winner_embedded", ""))))
    result = []
    for (bid_set, method), marks in grouped.items():
        menu: dict[str, int] = {}
        embedded: dict[str, int] = {}
        for m in marks:
            menu[m.winner_menu] = menu.get(m.winner_menu, 0) + 1
            embedded[m.winner_embedded] = embedded.get(m.winner_embedded, 0) + 1
        result.append(TenderRoom(bid_set, method, marks, menu, embedded))
    return result


# -- 3-7: the wall of 'I' statements --------------------------------------------------
@dataclass(frozen=True)
class WallItem:
    item: str  # stable id: changes when the text changes, so an edited statement is hidden again
    participant: str
    number: int  # the statement's row, 1..
    service: str
    text: str


def item_id(participant: str, number: int, text: str) -> str:
    """A wall item's id: a hash of who wrote it, where and what (reveals no participant token)."""
    return hashlib.sha256(f"{participant}\x00{number}\x00{text}".encode("utf-8")).hexdigest()[:24]


def statement_wall(summaries: Mapping[str, Any]) -> list[WallItem]:
    """Every non-empty 'I' statement in the room's 3-7 summaries, participant by participant, in row order."""
    items = []
    for participant, summary in summaries.items():
        if not isinstance(summary, Mapping) or not isinstance(summary.get("texts"), list):
            continue
        service = str(summary.get("service", "") or "")
        for number, text in enumerate(summary["texts"], start=1):
            if isinstance(text, str) and text.strip():
                items.append(WallItem(item_id(participant, number, text.strip()), participant, number, service,
                                      text.strip()))
    return items


# -- exports ----------------------------------------------------------------------------
def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """A summary as flat columns: nested keys joined with '.', lists as '; '-joined text."""
    if isinstance(value, Mapping):
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, list):
        return {prefix or "value": "; ".join(str(v) for v in value)}
    return {prefix or "value": value}


def export_sheets(rows: Sequence[tuple[str, str, Any, datetime]], names: Mapping[str, str]
                  ) -> dict[str, list[list[Any]]]:
    """One table per exercise label: a header row, then one row per participant.

    ``rows`` are (participant, label, summary, saved_at), the latest summary per participant
    per app; ``names`` gives display names (a participant without one is 'unnamed').
    Columns: display name, every summary field flattened (in first-seen order), time saved (UTC).
    """
    by_label: dict[str, list[tuple[str, dict[str, Any], datetime]]] = {}
    for participant, label, summary, saved_at in rows:
        by_label.setdefault(label, []).append((participant, flatten(summary), saved_at))
    sheets = {}
    for label in sorted(by_label):
        columns: list[str] = []
        for _, flat, _ in by_label[label]:
            columns.extend(c for c in flat if c not in columns)
        table: list[list[Any]] = [["display name", *columns, "saved at (UTC)"]]
        for participant, flat, saved_at in by_label[label]:
            table.append([names.get(participant) or "unnamed", *(flat.get(c, "") for c in columns),
                          saved_at.strftime("%Y-%m-%d %H:%M:%S")])
        sheets[label] = table
    return sheets
