"""Test helper: write answers the way an earlier release could have left them."""

from __future__ import annotations

import json
from datetime import datetime, timezone

from svkit.store import answers


def seed_as_an_older_release_did(store, token: str, label: str, field: str, value) -> None:
    """Write an answer straight into the store, past today's size limit: stores made before it
    may hold such answers, and they must never stop a page from loading."""
    with store.engine.begin() as conn:
        conn.execute(answers.insert().values(workshop=None, participant=token, label=label, field=field,
                                             value=json.dumps(value), saved_at=datetime.now(timezone.utc)))
