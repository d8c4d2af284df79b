"""Blobs: uploaded files stored once, keyed by the SHA-256 of their bytes.

Revision ID: 0002_blobs
Revises: 0001_baseline
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_blobs"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("key", sa.String(64), primary_key=True),  # sha256 hex of data
        sa.Column("size", sa.Integer, nullable=False),  # bytes
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("blobs")
