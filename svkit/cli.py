"""The ``svkit`` command: serve | workshop new | store backup|restore | check-data | version.

Every expected failure (a port in use, an unreadable data file, an
unwritable store) ends with one plain line on stderr and exit status 1,
never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from svkit import __version__

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8866


def _hide_password(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can read: show as typed
        return url


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="svkit", description="The CCIN Social Value Toolkit workshop kit.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve the kit's apps with Voila")
    serve.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (0.0.0.0 for a room network)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help="port to listen on (default 8866)")
    serve.add_argument("--db", metavar="URL", default=None, help="answer store URL (default: SVKIT_DB_URL or a local SQLite file)")
    serve.add_argument("--pool", type=int, default=None, metavar="N", help="preheated kernels per lesson (0 turns preheating off)")
    serve.add_argument("--exercise-pool", type=int, default=None, metavar="N", help="preheated kernels per exercise (default 1)")
    serve.add_argument("--idle-timeout", type=int, default=None, metavar="SECONDS", help="shut down kernels idle this long")
    serve.add_argument("--cull-interval", type=int, default=None, metavar="SECONDS", help="how often to look for idle kernels")
    serve.add_argument("--extra-folder", default=None, metavar="DIR", help=argparse.SUPPRESS)  # bench/render.py

    workshop = sub.add_parser("workshop", help="manage workshops")
    wsub = workshop.add_subparsers(dest="workshop_command", metavar="ACTION")
    new = wsub.add_parser("new", help="create a workshop and print its join code and URL")
    new.add_argument("title", help='the workshop title, e.g. "Finance officers, March"')
    new.add_argument("--db", metavar="URL", default=None, help="answer store URL")
    new.add_argument("--host", default=DEFAULT_HOST, help="host the room will use in the join URL")
    new.add_argument("--port", type=int, default=DEFAULT_PORT, help="port in the join URL")

    store = sub.add_parser("store", help="back up or restore the answer store")
    ssub = store.add_subparsers(dest="store_command", metavar="ACTION")
    backup = ssub.add_parser("backup", help="copy the whole store into FILE, while it stays in use")
    backup.add_argument("file", metavar="FILE", help="the backup file to write (SQLite file, or pg_dump archive)")
    backup.add_argument("--db", metavar="URL", default=None, help="answer store URL (default: SVKIT_DB_URL or the local file)")
    restore = ssub.add_parser("restore", help="replace the store's contents with a backup made by 'svkit store backup'")
    restore.add_argument("file", metavar="FILE", help="the backup file to read")
    restore.add_argument("--db", metavar="URL", default=None, help="answer store URL (default: SVKIT_DB_URL or the local file)")
    restore.add_argument("--replace", action="store_true", help="overwrite a store that already holds answers")

    check = sub.add_parser("check-data", help="validate every file in data/")
    check.add_argument("--data-dir", default=None, help="check this folder instead of the kit's data/")

    sub.add_parser("version", help="print the kit's version")
    return parser


def _serve(args) -> int:
    from pathlib import Path

    from svkit import server

    opts = server.ServeOptions(
        host=args.host,
        port=args.port,
        db_url=args.db,
        pool_size=server.LESSON_POOL_SIZE if args.pool is None else args.pool,
        exercise_pool_size=server.EXERCISE_POOL_SIZE if args.exercise_pool is None else args.exercise_pool,
        idle_timeout=args.idle_timeout or server.IDLE_TIMEOUT_SECONDS,
        cull_interval=args.cull_interval or server.CULL_INTERVAL_SECONDS,
        extra_folder=Path(args.extra_folder) if args.extra_folder else None,
    )
    if not (0 < opts.port < 65536):
        raise server.ServeError(f"--port must be between 1 and 65535, not {opts.port}.")
    if opts.pool_size < 0 or opts.exercise_pool_size < 0:
        raise server.ServeError("--pool and --exercise-pool cannot be negative.")
    server.serve(opts, announce=lambda line: print(_hide_store_secret(line), flush=True))
    return 0


def _hide_store_secret(line: str) -> str:
    prefix = "svkit: answers are stored in "
    return prefix + _hide_password(line[len(prefix):]) if line.startswith(prefix) else line


def _workshop_new(args) -> int:
    from svkit import server
    from svkit.store import AnswerStore

    title = args.title.strip()
    if not title:
        print("svkit: error: the workshop needs a title, e.g. svkit workshop new \"Finance officers, March\"", file=sys.stderr)
        return 1
    store = AnswerStore(args.db)
    workshop = store.create_workshop(title)
    print(f"Workshop: {workshop.title}")
    print(f"Join code: {workshop.display_code}")
    print(f"Join URL: {server.start_url(args.host, args.port, f'ws={workshop.code}')}")
    return 0


def _store_backup(args) -> int:
    from svkit import backup

    result = backup.backup(args.db, args.file)
    print(f"Backed up {result.answers} saved answers to {result.path}")
    return 0


def _store_restore(args) -> int:
    from svkit import backup

    result = backup.restore(args.db, args.file, replace=args.replace)
    print(f"Restored {result.answers} saved answers from {result.path}")
    return 0


def _check_data(args) -> int:
    from pathlib import Path

    from svkit import checks

    root = Path(args.data_dir) if args.data_dir else None
    problems = checks.all_problems(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"data OK: {checks.count_files(root)} files checked.")
    return 0


def main(argv: list[str] | None = None) -> int:
    from svkit.content import ContentError
    from svkit.server import ServeError
    from svkit.store import StoreError

    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "serve":
            return _serve(args)
        if args.command == "workshop" and args.workshop_command == "new":
            return _workshop_new(args)
        if args.command == "store" and args.store_command == "backup":
            return _store_backup(args)
        if args.command == "store" and args.store_command == "restore":
            return _store_restore(args)
        if args.command == "check-data":
            return _check_data(args)
        if args.command == "version":
            print(f"svkit {__version__}")
            return 0
        parser.print_help()
        return 2
    except (ServeError, StoreError, ContentError) as exc:
        print(f"svkit: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
