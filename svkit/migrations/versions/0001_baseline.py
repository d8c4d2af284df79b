"""Baseline: the schema of the first release (workshops, memberships, answers).

A store made before svkit used Alembic already has these tables (created by
``metadata.create_all``); for it this revision only records the version.

Revision ID: 0001_baseline
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_baseline"
down_revision = None
branch_labels = None
depends_on = None


def _missing(table: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    if _missing("workshops"):
        op.create_table(
            "workshops",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("code", sa.String(16), nullable=False),
            sa.Column("title", sa.Text, nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        )
        op.create_index("ix_workshops_code", "workshops", ["code"])
    if _missing("memberships"):
        op.create_table(
            "memberships",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("participant", sa.String(64), nullable=False),
            sa.Column("workshop", sa.String(16), nullable=True),
            sa.Column("display_name", sa.Text, nullable=False),
            sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        )
        op.create_index("ix_memberships_participant", "memberships", ["participant"])
    if _missing("answers"):
        op.create_table(
            "answers",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("workshop", sa.String(16), nullable=True),
            sa.Column("participant", sa.String(64), nullable=False),
            sa.Column("label", sa.String(32), nullable=False),
            sa.Column("field", sa.String(64), nullable=False),
            sa.Column("value", sa.Text, nullable=False),
            sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        )
        op.create_index("ix_answers_workshop", "answers", ["workshop"])
        op.create_index("ix_answers_lookup", "answers", ["participant", "label", "field", "id"])


def downgrade() -> None:
    for table in ("answers", "memberships", "workshops"):
        op.drop_table(table)
