"""Baseline: the schema of the first release (workshops, memberships, answers).

A store made before svkit used Alembic already has these tables (created by
``metadata.create_all``); for it this revision only records the version.

Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from svkit.migrations.operations import create_missing_table, moment, workshop

revision = "0001_baseline"
down_revision = None


def upgrade() -> None:
    create_missing_table(
        "workshops",
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        moment("created_at"),
        indexes={"ix_workshops_code": ["code"]},
    )
    create_missing_table(
        "memberships",
        sa.Column("participant", sa.String(64), nullable=False),
        workshop(nullable=True),
        sa.Column("display_name", sa.Text, nullable=False),
        moment("saved_at"),
        indexes={"ix_memberships_participant": ["participant"]},
    )
    create_missing_table(
        "answers",
        workshop(nullable=True),
        sa.Column("participant", sa.String(64), nullable=False),
        sa.Column("label", sa.String(32), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        moment("saved_at"),
        indexes={"ix_answers_workshop": ["workshop"],
                 "ix_answers_lookup": ["participant", "label", "field", "id"]},
    )


def downgrade() -> None:
    for table in ("answers", "memberships", "workshops"):
        op.drop_table(table)
