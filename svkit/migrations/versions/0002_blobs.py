"""Blobs: uploaded files stored once, keyed by the SHA-256 of their bytes.

Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from svkit.migrations.operations import moment

revision = "0002_blobs"
down_revision = "0001_baseline"


def upgrade() -> None:
    op.create_table(
        "blobs",
        sa.Column("key", sa.String(64), primary_key=True),  # sha256 hex of data
        sa.Column("size", sa.Integer, nullable=False),  # bytes
        sa.Column("data", sa.LargeBinary, nullable=False),
        moment("saved_at"),
    )


def downgrade() -> None:
    op.drop_table("blobs")
