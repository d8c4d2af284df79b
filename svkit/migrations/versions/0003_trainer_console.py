"""The trainer's console: trainer keys (hashes only), 'send the room on' targets, moderation.

A store opened by the first console build (before this revision, when the console's tables were
made by ``metadata.create_all``) may have them already; for it this revision only records the
version.

Revision ID: 0003_trainer_console
Revises: 0002_blobs
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_trainer_console"
down_revision = "0002_blobs"
branch_labels = None
depends_on = None


def _missing(table: str) -> bool:
    return not sa.inspect(op.get_bind()).has_table(table)


def upgrade() -> None:
    if _missing("trainer_keys"):
        op.create_table(
            "trainer_keys",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("workshop", sa.String(16), nullable=False),
            sa.Column("key_hash", sa.String(64), nullable=False),  # sha256 hex; the key is never stored
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        )
        op.create_index("ix_trainer_keys_workshop", "trainer_keys", ["workshop"])
    if _missing("room_targets"):
        op.create_table(
            "room_targets",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("workshop", sa.String(16), nullable=False),
            sa.Column("app_path", sa.Text, nullable=True),
            sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("cleared", sa.Boolean, nullable=False),
        )
        op.create_index("ix_room_targets_workshop", "room_targets", ["workshop"])
    if _missing("moderation"):
        op.create_table(
            "moderation",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("workshop", sa.String(16), nullable=False),
            sa.Column("item", sa.String(64), nullable=False),
            sa.Column("revealed", sa.Boolean, nullable=False),
            sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        )
        op.create_index("ix_moderation_workshop", "moderation", ["workshop"])


def downgrade() -> None:
    for table in ("moderation", "room_targets", "trainer_keys"):
        op.drop_table(table)
