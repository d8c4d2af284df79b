"""What the revisions in versions/ share: the store's column kinds, and a table made only where it is missing.

These mirror ``svkit/store.py``'s ``_table``, ``_workshop`` and ``_moment`` but are copies, not imports:
a revision must build the same DDL for ever, whatever ``store.metadata`` becomes. So, like a released
revision, never change what a released revision uses here; add a new helper instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sqlalchemy as sa
from alembic import op


def workshop(nullable: bool) -> sa.Column:
    """The workshop a row belongs to, by its join code."""
    return sa.Column("workshop", sa.String(16), nullable=nullable)


def moment(name: str, nullable: bool = False) -> sa.Column:
    """A point in time, with its time zone."""
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def create_missing_table(name: str, *columns: sa.Column, indexes: Mapping[str, Sequence[str]]) -> None:
    """Create table ``name`` (an autoincrement ``id`` first, then ``columns``) and its ``indexes``
    (index name -> its columns), unless the store has the table already: a store made before
    Alembic, or by a build that made the table with ``metadata.create_all``."""
    if sa.inspect(op.get_bind()).has_table(name):
        return
    op.create_table(name, sa.Column("id", sa.Integer, primary_key=True, autoincrement=True), *columns)
    for index, indexed in indexes.items():
        op.create_index(index, name, list(indexed))
