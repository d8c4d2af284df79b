"""The trainer's console: trainer keys (hashes only), 'send the room on' targets, moderation.

A store opened by the first console build (before this revision, when the console's tables were
made by ``metadata.create_all``) may have them already; for it this revision only records the
version.

Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

from svkit.migrations.operations import create_missing_table, moment, workshop

revision = "0003_trainer_console"
down_revision = "0002_blobs"


def upgrade() -> None:
    create_missing_table(
        "trainer_keys",
        workshop(nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),  # sha256 hex; the key is never stored
        moment("created_at"),
        moment("revoked_at", nullable=True),
        indexes={"ix_trainer_keys_workshop": ["workshop"]},
    )
    create_missing_table(
        "room_targets",
        workshop(nullable=False),
        sa.Column("app_path", sa.Text, nullable=True),
        moment("set_at"),
        sa.Column("cleared", sa.Boolean, nullable=False),
        indexes={"ix_room_targets_workshop": ["workshop"]},
    )
    create_missing_table(
        "moderation",
        workshop(nullable=False),
        sa.Column("item", sa.String(64), nullable=False),
        sa.Column("revealed", sa.Boolean, nullable=False),
        moment("saved_at"),
        indexes={"ix_moderation_workshop": ["workshop"]},
    )


def downgrade() -> None:
    for table in ("moderation", "room_targets", "trainer_keys"):
        op.drop_table(table)
