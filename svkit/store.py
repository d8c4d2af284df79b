"""The answer store: append-only rows in SQLite (or any SQLAlchemy URL).

The tables are made and kept up to date by the Alembic migrations in
``svkit/migrations`` when a store is first used (see that package for how to
add a table); ``metadata`` below describes the newest schema.

Every saved answer is a new row ``(workshop, participant, label, field,
value, saved_at)``; the latest row for a field wins and no row is ever
updated or deleted. SQLite runs in WAL mode with a busy timeout so that many
kernel processes (one per open page) can write at the same time.

The same code runs on PostgreSQL (``postgresql+psycopg://user:pw@host/db``,
with ``pip install svkit[postgres]``); ``postgres://`` and ``postgresql://``
URLs are read as psycopg 3 URLs.

Errors from the database are turned into :class:`StoreError`, whose message
is one line of plain English that is safe to show to a participant: it never
names a host, a port or a password. The database's own wording goes to the
log (logger ``svkit.store``) for whoever runs the server.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, SQLAlchemyError

from svkit import migrations

log = logging.getLogger("svkit.store")
log.addHandler(logging.NullHandler())  # the CLI prints one line; servers that configure logging get the detail

#: Seconds a writer waits for another process's lock before giving up.
BUSY_TIMEOUT_SECONDS = 30

#: The largest answer the store keeps: bytes of its JSON (UTF-8). A page's text
#: fields and summaries are far smaller (a long action plan is about 20 KB); the
#: limit stops a pasted book or a runaway widget from filling the store.
MAX_ANSWER_BYTES = 256 * 1024

#: The largest file ``save_blob`` keeps (bytes): a ceiling above the kit's upload
#: limit, so the apps' own, smaller limit is the one participants meet.
MAX_BLOB_BYTES = 16 * 1024 * 1024

#: Seconds to wait for a database server to answer before saying it cannot be reached.
CONNECT_TIMEOUT_SECONDS = 10

#: Letters used in workshop join codes: no 0/O, 1/I/L or U, so they read aloud well.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
JOIN_CODE_LENGTH = 6  # characters, shown as two groups of three

metadata = MetaData()


def _table(name: str, *columns: Column) -> Table:
    """A table of the store: an autoincrement ``id`` first, then ``columns``."""
    return Table(name, metadata, Column("id", Integer, primary_key=True, autoincrement=True), *columns)


def _workshop(**options) -> Column:
    """The workshop a row belongs to, by its join code."""
    return Column("workshop", String(16), **options)


def _moment(name: str, nullable: bool = False) -> Column:
    """A point in time, with its time zone."""
    return Column(name, DateTime(timezone=True), nullable=nullable)


workshops = _table(
    "workshops",
    Column("code", String(16), nullable=False, index=True),
    Column("title", Text, nullable=False),
    _moment("created_at"),
)

memberships = _table(
    "memberships",
    Column("participant", String(64), nullable=False, index=True),
    _workshop(nullable=True),
    Column("display_name", Text, nullable=False),
    _moment("saved_at"),
)

answers = _table(
    "answers",
    _workshop(nullable=True, index=True),
    Column("participant", String(64), nullable=False),
    Column("label", String(32), nullable=False),
    Column("field", String(64), nullable=False),
    Column("value", Text, nullable=False),
    _moment("saved_at"),
)

# -- the room: trainer keys, 'send the room on', moderation (issue 16) ----------
# Added for the trainer's console; each needs a migration when the store gets them.

#: Bytes of randomness in a trainer key (128 bits).
TRAINER_KEY_BYTES = 16

trainer_keys = _table(
    "trainer_keys",
    _workshop(nullable=False, index=True),
    Column("key_hash", String(64), nullable=False),  # sha256 hex of the key; the key itself is never stored
    _moment("created_at"),
    _moment("revoked_at", nullable=True),
)

room_targets = _table(
    "room_targets",
    _workshop(nullable=False, index=True),
    Column("app_path", Text, nullable=True),  # e.g. 'exercises/2-2-tender-lab.ipynb'; None when cleared
    _moment("set_at"),
    Column("cleared", Boolean, nullable=False, default=False),
)

moderation = _table(
    "moderation",
    _workshop(nullable=False, index=True),
    Column("item", String(64), nullable=False),  # a wall item's id (svkit.room.item_id)
    Column("revealed", Boolean, nullable=False),
    _moment("saved_at"),
)

blobs = Table(
    "blobs",
    metadata,
    Column("key", String(64), primary_key=True),  # sha256 hex of data
    Column("size", Integer, nullable=False),  # bytes
    Column("data", LargeBinary, nullable=False),
    _moment("saved_at"),
)

Index("ix_answers_lookup", answers.c.participant, answers.c.label, answers.c.field, answers.c.id)


class StoreError(Exception):
    """The store could not be opened, read or written; the message is for people.

    ``detail`` keeps the database's own first line (which may name a host or
    port) for the server log; it is never part of the message.
    """

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail


class AnswerTooLarge(StoreError, ValueError):
    """An answer or file over the store's size limit; nothing was saved."""


class BlobNotFound(StoreError, KeyError):
    """No stored file has this key."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def _kilobytes(size: int) -> str:
    return f"{-(-size // 1024):,} KB"


@dataclass(frozen=True)
class Workshop:
    code: str  # join code, e.g. 'K7P4QX'
    title: str
    created_at: datetime

    @property
    def display_code(self) -> str:
        """The join code in two groups of three: 'K7P-4QX'."""
        return format_join_code(self.code)


@dataclass(frozen=True)
class Membership:
    participant: str
    workshop: str | None  # join code, or None when working alone
    display_name: str


def default_url() -> str:
    """``SVKIT_DB_URL`` if set, else a SQLite file in the user's data folder."""
    env = os.environ.get("SVKIT_DB_URL")
    if env:
        return env
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'svkit' / 'answers.db'}"


def normalise_join_code(text: str) -> str:
    """Upper-case a typed join code and drop spaces and dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_join_code(code: str) -> str:
    code = normalise_join_code(code)
    return f"{code[:3]}-{code[3:]}" if len(code) == JOIN_CODE_LENGTH else code


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def hash_trainer_key(key: str) -> str:
    """The sha256 hex digest stored in place of a trainer key."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class WorkshopCounts:
    workshop: Workshop
    people: int  # participants whose latest membership is this workshop
    answers: int  # answer rows saved in it


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _server_engine_options(url: str) -> dict[str, Any]:
    """Engine settings for a database server: a few connections per kernel process.

    Every open page is its own kernel process with its own pool, saving one
    answer at a time: one connection each, at most three, so that a room's
    pages fit in PostgreSQL's ``max_connections`` (docs/deploy.md).
    """
    options: dict[str, Any] = {"pool_pre_ping": True, "pool_size": 1, "max_overflow": 2}
    if make_url(url).get_backend_name() == "postgresql":
        options["connect_args"] = {"connect_timeout": CONNECT_TIMEOUT_SECONDS}
    return options


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_SECONDS * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


#: What went wrong, in words for people, keyed by a fragment of the database's own
#: message (lower case). The first match wins; the database's text goes to the log.
_REASONS = (
    ("password authentication failed", "the database refused the login in the store address"),
    ("no password supplied", "the database refused the login in the store address"),
    ("role ", "the database refused the login in the store address"),
    ('database "', "the database named in the store address does not exist"),
    ("readonly database", "the store is read-only"),
    ("read-only", "the store is read-only"),
    ("permission denied", "the store is read-only"),
    ("disk is full", "the disk is full"),
    ("no space left", "the disk is full"),
    ("database is locked", "the store stayed busy for too long"),
    ("unable to open database file", "the store file could not be opened"),
    ("file is not a database", "the store file is not a database"),
    ("connection refused", "the database server could not be reached"),
    ("could not translate host name", "the database server could not be reached"),
    ("name or service not known", "the database server could not be reached"),
    ("timeout expired", "the database server could not be reached"),
    ("connection to server", "the database server could not be reached"),
    ("server closed the connection", "the connection to the database server was lost"),
    ("terminating connection", "the connection to the database server was lost"),
    ("the database system is", "the database server is starting or stopping"),
)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, NoSuchModuleError):
        return "the store address names a kind of database svkit cannot use"
    if isinstance(exc, ArgumentError):
        return "the store address is not a database URL"
    if isinstance(exc, OSError) and not isinstance(exc, SQLAlchemyError):
        return "the store's folder could not be created"
    return reason_for(str(getattr(exc, "orig", None) or exc))


def reason_for(message: str) -> str:
    """What a database (or pg_dump) message means, in words for people, without hosts or ports."""
    text = message.lower()
    for fragment, reason in _REASONS:
        if fragment in text:
            return reason
    return "the database reported an error; the server log has the details"


def _plain(exc: BaseException, doing: str) -> StoreError:
    """A one-line StoreError for people; the database's own first line goes to the log."""
    detail = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0]
    log.warning("answer store could not %s: %s: %s", doing, type(exc).__name__, detail)
    return StoreError(f"The answer store could not {doing} ({_reason(exc)}).", detail=detail)


def normalise_url(url: str) -> str:
    """Read ``postgres://`` and ``postgresql://`` as psycopg 3 URLs; leave others alone."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _insert_if_new(dialect: str, row: dict[str, Any]):
    """INSERT that does nothing when the key is already there (two writers, one file)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(blobs).values(**row).on_conflict_do_nothing(index_elements=["key"])
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(blobs).values(**row).on_conflict_do_nothing(index_elements=["key"])
    return insert(blobs).values(**row)  # a duplicate raises IntegrityError: see save_blob


class AnswerStore:
    """Append-only store of answers, workshops and memberships.

    Parameters
    ----------
    url
        A SQLAlchemy database URL; ``default_url()`` when omitted.
    """

    def __init__(self, url: str | None = None):
        self.url = normalise_url(url or default_url())
        self._engine: Engine | None = None

    # -- connection -------------------------------------------------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = self._open()
        return self._engine

    def _open(self) -> Engine:
        try:
            if self.url.startswith("sqlite:///"):
                path = self.url[len("sqlite:///"):]
                if path and path != ":memory:" and not path.startswith("file:"):
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                engine = create_engine(
                    self.url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS}, pool_pre_ping=False
                )
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(self.url, **_server_engine_options(self.url))
            migrations.upgrade(engine)  # creates or updates the tables, one process at a time
            return engine
        except ModuleNotFoundError as exc:
            log.warning("answer store could not be opened: missing module %s", exc.name)
            hint = " (pip install 'svkit[postgres]')" if "psycopg" in (exc.name or "") else ""
            raise StoreError(f"The answer store could not be opened (its database driver, "
                             f"{exc.name}, is not installed{hint}).") from exc
        except (SQLAlchemyError, ArgumentError, OSError, ValueError) as exc:
            raise _plain(exc, "be opened") from exc

    def check_writable(self) -> None:
        """Open the store and prove a write would succeed; raise StoreError if not."""
        probe = insert(workshops).values(code="PROBE", title="write probe", created_at=_now())
        try:
            with self.engine.connect() as conn:
                trans = conn.begin()
                try:
                    conn.execute(probe)  # fails on a read-only store
                finally:
                    trans.rollback()  # nothing is kept
        except SQLAlchemyError as exc:
            raise _plain(exc, "be written") from exc

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    # -- answers ----------------------------------------------------------
    def save(self, participant: str, label: str, field: str, value: Any, workshop: str | None = None) -> datetime:
        """Append one answer; return when it was saved (UTC)."""
        try:
            encoded = json.dumps(value, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise StoreError(f"That answer could not be saved (it is not plain data: {exc}).") from exc
        size = len(encoded.encode("utf-8"))
        if size > MAX_ANSWER_BYTES:
            raise AnswerTooLarge(
                f"That answer is too long to save ({_kilobytes(size)}; the most is "
                f"{_kilobytes(MAX_ANSWER_BYTES)}). Shorten it and it will be saved."
            )
        saved_at = _now()
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(answers).values(
                        workshop=workshop, participant=participant, label=label,
                        field=field, value=encoded, saved_at=saved_at,
                    )
                )
        except SQLAlchemyError as exc:
            raise _plain(exc, "save your answer") from exc
        return saved_at

    def load(self, participant: str, label: str) -> dict[str, Any]:
        """The latest value of every field this participant saved for ``label``."""
        latest = (
            select(func.max(answers.c.id))
            .where(answers.c.participant == participant, answers.c.label == label)
            .group_by(answers.c.field)
        )
        query = select(answers.c.field, answers.c.value).where(answers.c.id.in_(latest))
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
        except SQLAlchemyError as exc:
            raise _plain(exc, "load your answers") from exc
        return {field: json.loads(value) for field, value in rows}

    def history(self, participant: str, label: str, field: str) -> list[Any]:
        """Every value saved for one field, oldest first."""
        query = (
            select(answers.c.value)
            .where(answers.c.participant == participant, answers.c.label == label, answers.c.field == field)
            .order_by(answers.c.id)
        )
        try:
            with self.engine.connect() as conn:
                return [json.loads(v) for (v,) in conn.execute(query)]
        except SQLAlchemyError as exc:
            raise _plain(exc, "load your answers") from exc

    def participant_summaries(self, participant: str) -> dict[str, Any]:
        """The latest ``summary`` field of every app this participant saved one for (label -> value)."""
        cond = [answers.c.participant == participant, answers.c.field == "summary"]
        latest = select(func.max(answers.c.id)).where(*cond).group_by(answers.c.label)
        query = select(answers.c.label, answers.c.value).where(answers.c.id.in_(latest))
        try:
            with self.engine.connect() as conn:
                return {lab: json.loads(v) for lab, v in conn.execute(query)}
        except SQLAlchemyError as exc:
            raise _plain(exc, "load your saved work") from exc

    def summaries(self, workshop: str, label: str | None = None) -> dict[tuple[str, str], Any]:
        """The latest ``summary`` field per (participant, label) in a workshop."""
        cond = [answers.c.workshop == workshop, answers.c.field == "summary"]
        if label is not None:
            cond.append(answers.c.label == label)
        latest = select(func.max(answers.c.id)).where(*cond).group_by(answers.c.participant, answers.c.label)
        query = select(answers.c.participant, answers.c.label, answers.c.value).where(answers.c.id.in_(latest))
        try:
            with self.engine.connect() as conn:
                return {(p, lab): json.loads(v) for p, lab, v in conn.execute(query)}
        except SQLAlchemyError as exc:
            raise _plain(exc, "load summaries") from exc

    # -- participants -----------------------------------------------------
    #: The label under which a page records that it issued a fresh participant token.
    IDENTITY_LABEL = "_identity"

    def register(self, participant: str) -> None:
        """Record that a page issued this participant token, so a later link carrying it is known."""
        self.save(participant, self.IDENTITY_LABEL, "issued", True)

    def known(self, participant: str) -> bool:
        """True when the store has ever seen this participant (issued, joined or saved anything)."""
        queries = [
            select(answers.c.id).where(answers.c.participant == participant).limit(1),
            select(memberships.c.id).where(memberships.c.participant == participant).limit(1),
        ]
        try:
            with self.engine.connect() as conn:
                return any(conn.execute(q).first() is not None for q in queries)
        except SQLAlchemyError as exc:
            raise _plain(exc, "look up your link") from exc

    # -- files ------------------------------------------------------------
    def save_blob(self, data: bytes) -> str:
        """Store a file's bytes once and return its key (the SHA-256, hex).

        Saving the same bytes again returns the same key and adds nothing, so
        an answer refers to an upload by key instead of holding a copy.
        """
        data = bytes(data)
        if len(data) > MAX_BLOB_BYTES:
            raise AnswerTooLarge(
                f"That file is too large to keep ({_kilobytes(len(data))}; the most is "
                f"{_kilobytes(MAX_BLOB_BYTES)})."
            )
        key = hashlib.sha256(data).hexdigest()
        row = {"key": key, "size": len(data), "data": data, "saved_at": _now()}
        try:
            with self.engine.begin() as conn:
                conn.execute(_insert_if_new(conn.dialect.name, row))
        except IntegrityError:  # another writer stored the same bytes first
            if self.load_blob(key) != data:  # pragma: no cover - a SHA-256 collision
                raise
        except SQLAlchemyError as exc:
            raise _plain(exc, "save your file") from exc
        return key

    def load_blob(self, key: str) -> bytes:
        """The bytes saved under ``key`` by :meth:`save_blob`."""
        try:
            with self.engine.connect() as conn:
                data = conn.execute(select(blobs.c.data).where(blobs.c.key == str(key))).scalar()
        except SQLAlchemyError as exc:
            raise _plain(exc, "load your file") from exc
        if data is None:
            raise BlobNotFound("That file is not in the answer store.")
        return bytes(data)

    # -- workshops --------------------------------------------------------
    def create_workshop(self, title: str) -> Workshop:
        """Create a workshop with a fresh join code."""
        title = title.strip()
        if not title:
            raise ValueError("A workshop needs a title.")
        try:
            with self.engine.begin() as conn:
                for _ in range(20):
                    code = new_join_code()
                    taken = conn.execute(select(workshops.c.id).where(workshops.c.code == code)).first()
                    if taken is None:
                        break
                else:  # pragma: no cover - 30**6 codes
                    raise StoreError("No free join code could be found; try again.")
                created = _now()
                conn.execute(insert(workshops).values(code=code, title=title, created_at=created))
        except SQLAlchemyError as exc:
            raise _plain(exc, "create the workshop") from exc
        return Workshop(code=code, title=title, created_at=created)

    def find_workshop(self, code: str) -> Workshop | None:
        """The workshop with this join code (typed in any case, with or without the dash)."""
        code = normalise_join_code(code)
        if not code:
            return None
        query = select(workshops.c.code, workshops.c.title, workshops.c.created_at).where(workshops.c.code == code)
        try:
            with self.engine.connect() as conn:
                row = conn.execute(query).first()
        except SQLAlchemyError as exc:
            raise _plain(exc, "look up the workshop") from exc
        if row is None:
            return None
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
        return Workshop(code=row.code, title=row.title, created_at=created)

    def join(self, participant: str, workshop: str | None, display_name: str) -> Membership:
        """Record that a participant joined a workshop (or chose to work alone)."""
        membership = Membership(participant=participant, workshop=workshop, display_name=display_name.strip())
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(memberships).values(saved_at=_now(), **membership.__dict__))
        except SQLAlchemyError as exc:
            raise _plain(exc, "record that you joined") from exc
        return membership

    def membership(self, participant: str) -> Membership | None:
        """The participant's latest membership, if they ever joined or chose solo work."""
        query = (
            select(memberships.c.participant, memberships.c.workshop, memberships.c.display_name)
            .where(memberships.c.participant == participant)
            .order_by(memberships.c.id.desc())
            .limit(1)
        )
        try:
            with self.engine.connect() as conn:
                row = conn.execute(query).first()
        except SQLAlchemyError as exc:
            raise _plain(exc, "look up your workshop") from exc
        return Membership(*row) if row else None

    # -- the room: trainer keys --------------------------------------------
    def issue_trainer_key(self, workshop: str) -> str:
        """A new trainer key for ``workshop`` (128 random bits); every older key of it is revoked.

        Only the key's sha256 hash is stored, so the key is shown once, here.
        """
        code = normalise_join_code(workshop)
        if self.find_workshop(code) is None:
            raise StoreError(f"No workshop has the code '{workshop}'.")
        key = secrets.token_urlsafe(TRAINER_KEY_BYTES)
        now = _now()
        try:
            with self.engine.begin() as conn:
                conn.execute(update(trainer_keys)
                             .where(trainer_keys.c.workshop == code, trainer_keys.c.revoked_at.is_(None))
                             .values(revoked_at=now))
                conn.execute(insert(trainer_keys).values(workshop=code, key_hash=hash_trainer_key(key),
                                                         created_at=now, revoked_at=None))
        except SQLAlchemyError as exc:
            raise _plain(exc, "issue a trainer key") from exc
        return key

    def check_trainer_key(self, workshop: str | None, key: str | None) -> bool:
        """True only for the workshop's current (unrevoked) trainer key; compared in constant time."""
        code = normalise_join_code(workshop or "")
        if not code or not key:
            return False
        query = select(trainer_keys.c.key_hash).where(trainer_keys.c.workshop == code,
                                                      trainer_keys.c.revoked_at.is_(None))
        try:
            with self.engine.connect() as conn:
                hashes = [h for (h,) in conn.execute(query)]
        except SQLAlchemyError as exc:
            raise _plain(exc, "check the trainer key") from exc
        given = hash_trainer_key(key)
        found = False
        for stored in hashes:  # every hash is compared, so timing says nothing about which matched
            found = hmac.compare_digest(stored, given) or found
        return found

    # -- the room: sending it on -------------------------------------------
    def send_room(self, workshop: str, app_path: str) -> None:
        """Record that the trainer sends the room to ``app_path`` (e.g. 'exercises/2-2-tender-lab.ipynb')."""
        self._room_row(workshop, app_path, cleared=False)

    def clear_room(self, workshop: str) -> None:
        """Take back 'send the room on': participants' banners go away."""
        self._room_row(workshop, None, cleared=True)

    def _room_row(self, workshop: str, app_path: str | None, cleared: bool) -> None:
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(room_targets).values(workshop=normalise_join_code(workshop), app_path=app_path,
                                                         set_at=_now(), cleared=cleared))
        except SQLAlchemyError as exc:
            raise _plain(exc, "send the room on") from exc

    def room_target(self, workshop: str | None) -> str | None:
        """The app the trainer has sent the room to, or None (never sent, or cleared)."""
        code = normalise_join_code(workshop or "")
        if not code:
            return None
        query = (select(room_targets.c.app_path, room_targets.c.cleared)
                 .where(room_targets.c.workshop == code).order_by(room_targets.c.id.desc()).limit(1))
        try:
            with self.engine.connect() as conn:
                row = conn.execute(query).first()
        except SQLAlchemyError as exc:
            raise _plain(exc, "read where the room is going") from exc
        if row is None or row.cleared:
            return None
        return row.app_path

    # -- the room: moderation ----------------------------------------------
    def set_revealed(self, workshop: str, items: list[str], revealed: bool) -> None:
        """Reveal (or hide again) wall items on the projector; the latest row per item wins."""
        if not items:
            return
        now = _now()
        code = normalise_join_code(workshop)
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(moderation), [
                    {"workshop": code, "item": item, "revealed": revealed, "saved_at": now} for item in items])
        except SQLAlchemyError as exc:
            raise _plain(exc, "save what the projector shows") from exc

    def revealed_items(self, workshop: str) -> set[str]:
        """The wall items the trainer has revealed (and not hidden again)."""
        code = normalise_join_code(workshop)
        latest = select(func.max(moderation.c.id)).where(moderation.c.workshop == code).group_by(moderation.c.item)
        query = select(moderation.c.item, moderation.c.revealed).where(moderation.c.id.in_(latest))
        try:
            with self.engine.connect() as conn:
                return {item for item, shown in conn.execute(query) if shown}
        except SQLAlchemyError as exc:
            raise _plain(exc, "read what the projector shows") from exc

    # -- the room: who is here, and what they saved ------------------------
    def members(self, workshop: str) -> dict[str, str]:
        """participant -> display name, for everyone whose latest membership is this workshop (join order)."""
        code = normalise_join_code(workshop)
        latest = select(func.max(memberships.c.id)).group_by(memberships.c.participant)
        query = (select(memberships.c.participant, memberships.c.display_name)
                 .where(memberships.c.id.in_(latest), memberships.c.workshop == code).order_by(memberships.c.id))
        try:
            with self.engine.connect() as conn:
                return {p: name for p, name in conn.execute(query)}
        except SQLAlchemyError as exc:
            raise _plain(exc, "list who has joined") from exc

    def latest_saves(self, workshop: str) -> dict[str, tuple[str, datetime]]:
        """participant -> (label, saved_at) of their latest save in this workshop."""
        code = normalise_join_code(workshop)
        latest = select(func.max(answers.c.id)).where(answers.c.workshop == code).group_by(answers.c.participant)
        query = select(answers.c.participant, answers.c.label, answers.c.saved_at).where(answers.c.id.in_(latest))
        try:
            with self.engine.connect() as conn:
                return {p: (lab, _aware(at)) for p, lab, at in conn.execute(query)}
        except SQLAlchemyError as exc:
            raise _plain(exc, "see who is on which app") from exc

    def summary_rows(self, workshop: str) -> list[tuple[str, str, Any, datetime]]:
        """(participant, label, summary, saved_at): the latest summary per participant per app, oldest first."""
        code = normalise_join_code(workshop)
        cond = [answers.c.workshop == code, answers.c.field == "summary"]
        latest = select(func.max(answers.c.id)).where(*cond).group_by(answers.c.participant, answers.c.label)
        query = (select(answers.c.participant, answers.c.label, answers.c.value, answers.c.saved_at)
                 .where(answers.c.id.in_(latest)).order_by(answers.c.id))
        try:
            with self.engine.connect() as conn:
                return [(p, lab, json.loads(v), _aware(at)) for p, lab, v, at in conn.execute(query)]
        except SQLAlchemyError as exc:
            raise _plain(exc, "load summaries") from exc

    def list_workshops(self) -> list[WorkshopCounts]:
        """Every workshop, oldest first, with how many people joined it and how many answers it holds."""
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(select(workshops.c.code, workshops.c.title, workshops.c.created_at)
                                    .where(workshops.c.code != "PROBE").order_by(workshops.c.id)).all()
                counted = dict(conn.execute(select(answers.c.workshop, func.count())
                                            .where(answers.c.workshop.is_not(None)).group_by(answers.c.workshop)).all())
        except SQLAlchemyError as exc:
            raise _plain(exc, "list the workshops") from exc
        return [WorkshopCounts(Workshop(code, title, _aware(created)), len(self.members(code)), counted.get(code, 0))
                for code, title, created in rows]

    def delete_workshop(self, workshop: str) -> dict[str, int]:
        """Remove a workshop and everything saved in it: memberships, answers, keys, room targets, moderation.

        The one exception to the append-only store (data protection). Other workshops are untouched.
        Returns how many rows went from each table.
        """
        code = normalise_join_code(workshop)
        if not code:
            raise StoreError("Give the join code of the workshop to delete.")
        removed: dict[str, int] = {}
        try:
            with self.engine.begin() as conn:
                for table in (answers, memberships, trainer_keys, room_targets, moderation, workshops):
                    column = table.c.code if table is workshops else table.c.workshop
                    removed[table.name] = conn.execute(delete(table).where(column == code)).rowcount
        except SQLAlchemyError as exc:
            raise _plain(exc, "delete the workshop") from exc
        return removed
