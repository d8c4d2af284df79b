"""The ``svkit`` command: serve | workshop new|list|trainer-link|export|delete | room warm|status |
store backup|restore | check-data | version.

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


def _db(parser: argparse.ArgumentParser, help_text: str = "answer store URL") -> None:
    parser.add_argument("--db", metavar="URL", default=None, help=help_text)


def _address(parser: argparse.ArgumentParser, host_help: str, port_help: str) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST, help=host_help)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=port_help)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="svkit", description="The CCIN Social Value Toolkit workshop kit.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser("serve", help="serve the kit's apps with Voila")
    _address(serve, "address to listen on (0.0.0.0 for a room network)", "port to listen on (default 8866)")
    _db(serve, "answer store URL (default: SVKIT_DB_URL or a local SQLite file)")
    serve.add_argument("--pool", type=int, default=None, metavar="N", help="preheated kernels per lesson (0 turns preheating off)")
    serve.add_argument("--exercise-pool", type=int, default=None, metavar="N", help="preheated kernels per exercise (default 1)")
    serve.add_argument("--idle-timeout", type=int, default=None, metavar="SECONDS", help="shut down kernels idle this long")
    serve.add_argument("--cull-interval", type=int, default=None, metavar="SECONDS", help="how often to look for idle kernels")
    serve.add_argument("--room", type=int, default=None, metavar="N",
                       help="people expected at once (default 30): the start app and first lesson are warmed for them")
    serve.add_argument("--max-kernels", type=int, default=None, metavar="N",
                       help="the most app kernels at once (default: from the machine's memory)")
    serve.add_argument("--no-fork", action="store_true",
                       help="start each app kernel as its own Python (slower; for comparison or debugging)")
    serve.add_argument("--extra-folder", default=None, metavar="DIR", help=argparse.SUPPRESS)  # bench/render.py

    workshop = sub.add_parser("workshop", help="manage workshops")
    wsub = workshop.add_subparsers(dest="workshop_command", metavar="ACTION")
    new = wsub.add_parser("new", help="create a workshop and print its join code and URL")
    new.add_argument("title", help='the workshop title, e.g. "Finance officers, March"')
    _db(new)
    _address(new, "host the room will use in the join URL", "port in the join URL")
    listing = wsub.add_parser("list", help="list the workshops with counts of people and answers")
    _db(listing)
    link = wsub.add_parser("trainer-link", help="issue a new trainer link for a workshop (older links stop working)")
    link.add_argument("code", help="the workshop's join code")
    _db(link)
    _address(link, "host the trainer will use in the link", "port in the link")
    exp = wsub.add_parser("export", help="write a workshop's answers to .xlsx or .csv")
    exp.add_argument("code", help="the workshop's join code")
    exp.add_argument("--out", required=True, metavar="FILE", help="FILE.xlsx (one sheet per exercise) or FILE.csv")
    _db(exp)
    remove = wsub.add_parser("delete", help="delete a workshop and everything saved in it (asks you to type the code)")
    remove.add_argument("code", help="the workshop's join code")
    _db(remove)

    room = sub.add_parser("room", help="steer a running server's kernel pools (trainer only)")
    rsub = room.add_subparsers(dest="room_command", metavar="ACTION")
    warm = rsub.add_parser("warm", help="warm an app's kernels for the room before sending people to it")
    warm.add_argument("app", help="the app, e.g. 2-2, 00-start or exercises/2-2-tender-lab.ipynb")
    warm.add_argument("--size", type=int, default=None, help="kernels to keep ready (default: the room's size)")
    warm.add_argument("--port", type=int, default=DEFAULT_PORT, help="the server's port (default 8866)")
    warm.add_argument("--wait", action="store_true", help="wait and show progress until the app is warm")
    warm.add_argument("--for", dest="seconds", type=float, default=None, metavar="SECONDS",
                      help="keep it warm this long, then give unused kernels back (default 15 minutes)")
    status = rsub.add_parser("status", help="how warm each app is")
    status.add_argument("--port", type=int, default=DEFAULT_PORT, help="the server's port (default 8866)")

    store = sub.add_parser("store", help="back up or restore the answer store")
    ssub = store.add_subparsers(dest="store_command", metavar="ACTION")
    backup = ssub.add_parser("backup", help="copy the whole store into FILE, while it stays in use")
    backup.add_argument("file", metavar="FILE", help="the backup file to write (SQLite file, or pg_dump archive)")
    _db(backup, "answer store URL (default: SVKIT_DB_URL or the local file)")
    restore = ssub.add_parser("restore", help="replace the store's contents with a backup made by 'svkit store backup'")
    restore.add_argument("file", metavar="FILE", help="the backup file to read")
    _db(restore, "answer store URL (default: SVKIT_DB_URL or the local file)")
    restore.add_argument("--replace", action="store_true", help="overwrite a store that already holds answers")

    check = sub.add_parser("check-data", help="validate every file in data/")
    check.add_argument("--data-dir", default=None, help="check this folder instead of the kit's data/")

    handouts = sub.add_parser("handouts", help="write the printable handouts (HTML) into a folder")
    handouts.add_argument("--out", default="handouts", help="the folder to write them into (default: handouts)")
    handouts.add_argument("--pdf", action="store_true", help="also print each to PDF with headless Chromium")

    sub.add_parser("version", help="print the kit's version")
    return parser


def _handouts(args) -> int:
    from pathlib import Path

    from svkit import handouts

    out = Path(args.out)
    try:
        written = handouts.write(out)
    except OSError as exc:
        print(f"svkit: error: cannot write the handouts into {out} ({exc.strerror or exc}).", file=sys.stderr)
        return 1
    if args.pdf:
        try:
            written += handouts.write_pdfs(written)
        except handouts.PdfError as exc:
            print(f"svkit: error: {exc}", file=sys.stderr)
            return 1
    for path in written:
        print(path)
    print(f"{len(written)} files written to {out}; open the HTML in a browser and print, or print the PDFs.")
    return 0


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
        room=server.ROOM_SIZE if args.room is None else args.room,
        max_kernels=args.max_kernels,
        fork_kernels=not args.no_fork,
        cull_interval=args.cull_interval or server.CULL_INTERVAL_SECONDS,
        extra_folder=Path(args.extra_folder) if args.extra_folder else None,
    )
    if not (0 < opts.port < 65536):
        raise server.ServeError(f"--port must be between 1 and 65535, not {opts.port}.")
    if opts.pool_size < 0 or opts.exercise_pool_size < 0:
        raise server.ServeError("--pool and --exercise-pool cannot be negative.")
    if opts.room < 0:
        raise server.ServeError("--room cannot be negative.")
    if opts.max_kernels is not None and opts.max_kernels < 1:
        raise server.ServeError("--max-kernels must be at least 1.")
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
    _print_trainer_links(args, store, workshop.code)
    return 0


def _host_url(host: str, port: int) -> str:
    from svkit import server

    return server.start_url(host, port).split("/voila/", 1)[0]


def _print_trainer_links(args, store, code: str) -> None:
    from svkit import trainer

    key = store.issue_trainer_key(code)
    base = _host_url(args.host, args.port)
    print(f"Trainer link (keep it to yourself): {trainer.console_url(base, code, key)}")
    print(f"Projector link: {trainer.projector_url(base, code, key)}")


def _known_workshop(store, code: str):
    found = store.find_workshop(code)
    if found is None:
        print(f"svkit: error: no workshop has the code '{code}'. 'svkit workshop list' shows them.", file=sys.stderr)
    return found


def _workshop_list(args) -> int:
    from svkit.store import AnswerStore

    listed = AnswerStore(args.db).list_workshops()
    if not listed:
        print("No workshops yet. Create one with: svkit workshop new \"Title\"")
        return 0
    print(f"{'Code':<8} {'People':>6} {'Answers':>8}  Created           Title")
    for item in listed:
        w = item.workshop
        print(f"{w.display_code:<8} {item.people:>6} {item.answers:>8}  {w.created_at:%Y-%m-%d %H:%M}  {w.title}")
    return 0


def _workshop_trainer_link(args) -> int:
    from svkit.store import AnswerStore

    store = AnswerStore(args.db)
    found = _known_workshop(store, args.code)
    if found is None:
        return 1
    print(f"Workshop: {found.title}")
    _print_trainer_links(args, store, found.code)
    print("Older trainer links for this workshop no longer work.")
    return 0


def _workshop_export(args) -> int:
    from pathlib import Path

    from svkit import trainer
    from svkit.store import AnswerStore

    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in trainer.EXPORT_FORMATS:
        print("svkit: error: --out must end in .xlsx or .csv.", file=sys.stderr)
        return 1
    store = AnswerStore(args.db)
    found = _known_workshop(store, args.code)
    if found is None:
        return 1
    data = trainer.export_bytes(store, found.code, fmt)
    try:
        out.write_bytes(data)
    except OSError as exc:
        print(f"svkit: error: cannot write {out} ({exc.strerror}).", file=sys.stderr)
        return 1
    print(f"Wrote {out}: the answers of '{found.title}'. It holds people's names: keep it safe.")
    return 0


def _workshop_delete(args, typed=input) -> int:
    from svkit.store import AnswerStore

    store = AnswerStore(args.db)
    found = _known_workshop(store, args.code)
    if found is None:
        return 1
    print(f"This deletes the workshop '{found.title}' ({found.display_code}): everyone's membership and every")
    print("answer saved in it, its trainer links and its projector choices. It cannot be undone.")
    try:
        answer = typed(f"Type the join code {found.display_code} to delete it: ")
    except EOFError:
        answer = ""
    from svkit.store import normalise_join_code

    if normalise_join_code(answer) != found.code:
        print("Not deleted: the code typed did not match.", file=sys.stderr)
        return 1
    removed = store.delete_workshop(found.code)
    print(f"Deleted '{found.title}': {removed['answers']} answers, {removed['memberships']} memberships.")
    return 0


def resolve_app(name: str) -> str:
    """'2-2', '2-2-tender-lab', '00-start' or a full path -> the app's served path."""
    from svkit.paths import app_notebooks, app_url_path

    wanted = name.strip().removesuffix(".ipynb")
    paths = [app_url_path(nb) for nb in app_notebooks()]
    for path in paths:
        stem = path.rsplit("/", 1)[-1].removesuffix(".ipynb")
        if wanted in (path.removesuffix(".ipynb"), stem) or stem.startswith(wanted + "-"):
            return path
    raise ValueError(f"No app called '{name}'. Try a label such as 2-2 or 00-start.")


def _room(args) -> int:
    import time

    from svkit import pools

    if args.room_command not in ("warm", "status"):
        print("svkit: error: say 'svkit room warm APP' or 'svkit room status'", file=sys.stderr)
        return 2
    base = f"http://127.0.0.1:{args.port}"
    try:
        key = pools.server_key(args.port)
        if args.room_command == "status":
            reply = pools._call("GET", base, key)
            for status in reply.get("apps", []):
                print(pools.warming_line(status))
            return 0
        app = resolve_app(args.app)
        status = pools.request_warm(app, trainer_key=key, size=args.size, base=base, seconds=args.seconds)
        print(pools.warming_line(status), flush=True)
        while args.wait and status["ready"] < status["target"]:
            time.sleep(2)
            status = pools.warm_status(app, trainer_key=key, base=base)
            print(pools.warming_line(status), flush=True)
        return 0
    except (pools.PoolError, ValueError) as exc:
        print(f"svkit: error: {exc}", file=sys.stderr)
        return 1




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


WORKSHOP_ACTIONS = {
    "list": _workshop_list,
    "trainer-link": _workshop_trainer_link,
    "export": _workshop_export,
    "delete": _workshop_delete,
}


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
        if args.command == "workshop" and args.workshop_command in WORKSHOP_ACTIONS:
            return WORKSHOP_ACTIONS[args.workshop_command](args)
        if args.command == "room":
            return _room(args)
        if args.command == "store" and args.store_command == "backup":
            return _store_backup(args)
        if args.command == "store" and args.store_command == "restore":
            return _store_restore(args)
        if args.command == "check-data":
            return _check_data(args)
        if args.command == "handouts":
            return _handouts(args)
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
