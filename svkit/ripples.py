"""Ripple effect maps (exercise 3-4): an activity, its ripples at three removes, and a drawing.

A ripple is a change the activity led to, directly (ring 1) or through another ripple (rings 2
and 3), tagged social, economic, environmental or civic. :func:`check` says what is wrong with a
map in plain words; :func:`figure` draws it as a radial network; :func:`record` makes the
downloadable document, with the draft community indicators.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from svkit.content import in_sentence
from svkit.export import Record

TAGS = {"social": "Social", "economic": "Economic", "environmental": "Environmental", "civic": "Civic"}
RINGS = (1, 2, 3)
CENTRE = "centre"
MAX_RIPPLES = 24


@dataclass(frozen=True)
class Ripple:
    id: str
    text: str
    ring: int
    tag: str
    parent: str = CENTRE  # the ripple it grew from, or the activity itself


def from_saved(value) -> list[Ripple]:
    """Ripples from their stored form (a list of dicts); anything malformed is dropped.

    Parameters
    ----------
    value : object
        What the store held: a list of dicts with ``id``, ``text``, ``ring`` (1-3), ``tag`` and
        ``parent`` (default: the centre); anything else gives no ripples.

    Returns
    -------
    list of Ripple
        The well-formed ripples, in stored order.

    Examples
    --------
    >>> from_saved([{"id": "r1", "text": "A cafe opens", "ring": 1, "tag": "economic"}, {"bad": 1}])
    [Ripple(id='r1', text='A cafe opens', ring=1, tag='economic', parent='centre')]
    >>> from_saved("not a list")
    []
    """
    ripples = []
    for item in value if isinstance(value, list) else []:
        try:
            ripples.append(Ripple(str(item["id"]), str(item["text"]), int(item["ring"]), str(item["tag"]),
                                  str(item.get("parent", CENTRE))))
        except (KeyError, TypeError, ValueError):
            continue
    return ripples


def to_saved(ripples: list[Ripple]) -> list[dict]:
    """Ripples in their stored form, a list of plain dicts (the inverse of :func:`from_saved`).

    Parameters
    ----------
    ripples : list of Ripple
        The map.

    Returns
    -------
    list of dict
        One dict per ripple: ``id``, ``text``, ``ring``, ``tag``, ``parent``.

    Examples
    --------
    >>> to_saved([Ripple("r1", "A cafe opens", 1, "economic", CENTRE)])
    [{'id': 'r1', 'text': 'A cafe opens', 'ring': 1, 'tag': 'economic', 'parent': 'centre'}]
    """
    return [{"id": r.id, "text": r.text, "ring": r.ring, "tag": r.tag, "parent": r.parent} for r in ripples]


def check(ripples: list[Ripple]) -> list[str]:
    """Plain-English problems with a map (empty when it is sound).

    Parameters
    ----------
    ripples : list of Ripple
        The map: ring 1 grows from the centre, ring 2 from ring 1, ring 3 from ring 2; at most
        :data:`MAX_RIPPLES`.

    Returns
    -------
    list of str
        One sentence per problem.

    Examples
    --------
    >>> check([Ripple("r1", "A cafe opens", 1, "economic", CENTRE)])
    []
    >>> check([Ripple("r1", "Jobs", 2, "social", CENTRE)])
    ["'Jobs' is at remove 2, so it must grow from a ripple at remove 1."]
    """
    problems = []
    ids = {r.id: r for r in ripples}
    if len(ids) != len(ripples):
        problems.append("Two ripples share an id.")
    if len(ripples) > MAX_RIPPLES:
        problems.append(f"A map holds at most {MAX_RIPPLES} ripples; merge some.")
    for r in ripples:
        if not r.text.strip():
            problems.append(f"Ripple {r.id} has no text.")
        if r.ring not in RINGS:
            problems.append(f"'{r.text}' must be at the first, second or third remove.")
        if r.tag not in TAGS:
            problems.append(f"'{r.text}' needs a tag: social, economic, environmental or civic.")
        if r.ring == 1 and r.parent != CENTRE:
            problems.append(f"'{r.text}' is at the first remove, so it grows from the activity itself.")
        if r.ring in (2, 3):
            parent = ids.get(r.parent)
            if parent is None or parent.ring != r.ring - 1:
                problems.append(f"'{r.text}' is at remove {r.ring}, so it must grow from a ripple at remove {r.ring - 1}.")
    return problems


def add(ripples: list[Ripple], text: str, ring: int, tag: str, parent: str = CENTRE) -> list[Ripple]:
    """A new map with one more ripple; a problem with it raises ``ValueError`` and leaves the map alone.

    Parameters
    ----------
    ripples : list of Ripple
        The map so far.
    text : str
        What changed.
    ring : int
        The remove, 1 to 3.
    tag : str
        ``social``, ``economic``, ``environmental`` or ``civic``.
    parent : str
        The id of the ripple it grows from (ring 1: the centre).

    Returns
    -------
    list of Ripple
        The map with the new ripple, given the first free id ``r1``, ``r2``...

    Examples
    --------
    >>> m = add([], "A cafe opens", 1, "economic")
    >>> m = add(m, "Jobs for locals", 2, "social", parent="r1")
    >>> [(r.id, r.ring, r.parent) for r in m]
    [('r1', 1, 'centre'), ('r2', 2, 'r1')]
    >>> add(m, "  ", 1, "civic")
    Traceback (most recent call last):
    ...
    ValueError: Write what changed before adding the ripple.
    """
    if not text.strip():
        raise ValueError("Write what changed before adding the ripple.")
    used = {r.id for r in ripples}
    new_id = next(f"r{i}" for i in range(1, len(ripples) + 2) if f"r{i}" not in used)
    candidate = [*ripples, Ripple(new_id, text.strip(), ring, tag, CENTRE if ring == 1 else parent)]
    problems = check(candidate)
    if problems:
        raise ValueError(problems[-1])
    return candidate


def remove(ripples: list[Ripple], ripple_id: str) -> list[Ripple]:
    """A new map without the ripple and everything that grew from it.

    Parameters
    ----------
    ripples : list of Ripple
        The map.
    ripple_id : str
        The ripple to take away.

    Returns
    -------
    list of Ripple
        The map less that ripple and its descendants.

    Examples
    --------
    >>> m = add(add([], "A cafe opens", 1, "economic"), "Jobs for locals", 2, "social", parent="r1")
    >>> remove(m, "r1")
    []
    >>> [r.id for r in remove(m, "r2")]
    ['r1']
    """
    gone = {ripple_id}
    changed = True
    while changed:
        changed = False
        for r in ripples:
            if r.parent in gone and r.id not in gone:
                gone.add(r.id)
                changed = True
    return [r for r in ripples if r.id not in gone]


def positions(ripples: list[Ripple]) -> dict[str, tuple[float, float]]:
    """Radial layout: the activity at the centre, ring n on a circle of radius n.

    Children fan out around their parent's angle; first-ring ripples spread evenly.

    Parameters
    ----------
    ripples : list of Ripple
        The map: each ripple's ring and parent place it.

    Returns
    -------
    dict of str to (float, float)
        (x, y) per ripple id and for the centre, in units of one ring.

    Examples
    --------
    >>> m = add(add([], "A cafe opens", 1, "economic"), "Jobs for locals", 2, "social", parent="r1")
    >>> positions(m)  # one first-ring ripple at angle 0, its child straight beyond it
    {'centre': (0.0, 0.0), 'r1': (1.0, 0.0), 'r2': (2.0, 0.0)}
    """
    angle: dict[str, float] = {}
    place: dict[str, tuple[float, float]] = {CENTRE: (0.0, 0.0)}
    first = [r for r in ripples if r.ring == 1]
    for i, r in enumerate(first):
        angle[r.id] = 2 * math.pi * i / max(1, len(first))
    width = {1: 2 * math.pi / max(1, len(first))}
    for ring in (2, 3):
        width[ring] = width[ring - 1]
        for parent_id in [r.id for r in ripples if r.ring == ring - 1]:
            kids = [r for r in ripples if r.ring == ring and r.parent == parent_id]
            for j, r in enumerate(kids):
                span = width[ring - 1] * 0.8
                offset = (j - (len(kids) - 1) / 2) * (span / max(1, len(kids)))
                angle[r.id] = angle.get(parent_id, 0.0) + offset
    for r in ripples:
        if r.id in angle:
            place[r.id] = (r.ring * math.cos(angle[r.id]), r.ring * math.sin(angle[r.id]))
    return place


def figure_words(activity: str, ripples: list[Ripple]) -> tuple[str, list[tuple[str, str]]]:
    """The map's alt text, and its contents as (ripple, what it is and what it grows from) pairs.

    Parameters
    ----------
    activity : str
        The activity at the centre.
    ripples : list of Ripple
        The map.

    Returns
    -------
    tuple of (str, list of (str, str))
        The alt text, and one (ripple, tag and what it grows from) row per ripple.

    Examples
    --------
    >>> m = add(add([], "A cafe opens", 1, "economic"), "Jobs for locals", 2, "social", parent="r1")
    >>> figure_words("Cafe", m)[1][1]
    ('Remove 2: Jobs for locals', 'Social; grows from A cafe opens')
    """
    counts = {ring: sum(r.ring == ring for r in ripples) for ring in RINGS}
    tags = {t: sum(r.tag == t for r in ripples) for t in TAGS}
    alt = (f"Ripple effect map of '{activity or 'the activity'}': the activity at the centre with "
           f"{counts[1]} ripples at the first remove, {counts[2]} at the second and {counts[3]} at the third, "
           "coloured by kind: " + ", ".join(f"{n} {in_sentence(TAGS[t])}" for t, n in tags.items()) + ".")
    names = {r.id: r.text for r in ripples}
    numbers = [(f"Remove {r.ring}: {r.text}",
                f"{TAGS.get(r.tag, r.tag)}; grows from {names.get(r.parent, activity or 'the activity')}")
               for r in sorted(ripples, key=lambda r: (r.ring, r.id))]
    return alt, numbers


def record(activity: str, ripples: list[Ripple], indicators: list[str]) -> Record:
    """The map as a document: ripples remove by remove, then the draft indicators.

    Parameters
    ----------
    activity : str
        The activity at the centre (blank: "my activity").
    ripples : list of Ripple
        The map.
    indicators : list of str
        Draft community indicators; blank ones are left out.

    Returns
    -------
    Record
        A document for :mod:`svkit.export`, the ripples remove by remove and then the indicators.

    Examples
    --------
    >>> r = record("Cafe", add([], "A cafe opens", 1, "economic"), ["Footfall", " "])
    >>> r.title, r.sections[0], r.sections[-1]
    ('Ripple effect map: Cafe', ('Ripples at remove 1', ['A cafe opens (Economic; grows from Cafe)']), ('Draft community indicators', ['Footfall']))
    """
    names = {r.id: r.text for r in ripples}
    sections = []
    for ring in RINGS:
        rows = [f"{r.text} ({TAGS.get(r.tag, r.tag)}; grows from {names.get(r.parent, activity or 'the activity')})"
                for r in ripples if r.ring == ring]
        sections.append((f"Ripples at remove {ring}", rows or [""]))
    sections.append(("Draft community indicators", [i for i in indicators if i.strip()] or [""]))
    return Record(title=f"Ripple effect map: {activity.strip() or 'my activity'}",
                  facts=[("Ripples", str(len(ripples)))], sections=sections,
                  footer="Made with svkit from the CCIN Social Value Toolkit (2025), section 3, "
                         "'Understanding impact in complex systems'.")
