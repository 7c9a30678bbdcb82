"""`policybot db ...`, `policybot audit verify`, `policybot records purge|export`.

Each command reads POLICYBOT_DATABASE_URL. On SQLite the schema is brought up to date first (as
the service does); on PostgreSQL only `db upgrade` changes the schema.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any, TextIO

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.errors import PolicybotError

CLI_ACTOR = "operator:cli"


def register(subparsers: Any) -> None:
    _register_db(subparsers)
    _register_audit(subparsers)
    _register_records(subparsers)
    _register_ai_register(subparsers)


def _register_db(subparsers: Any) -> None:
    db = subparsers.add_parser("db", help="the records database schema")
    commands = db.add_subparsers(
        dest="db_command", metavar="ACTION", required=True, help="what to do with the schema"
    )
    commands.add_parser("upgrade", help="apply migrations").set_defaults(func=_sync(db_upgrade))
    commands.add_parser("current", help="show the schema revision").set_defaults(
        func=_sync(db_current)
    )


def _register_audit(subparsers: Any) -> None:
    audit = subparsers.add_parser("audit", help="the hash-chained audit log")
    commands = audit.add_subparsers(
        dest="audit_command", metavar="ACTION", required=True, help="what to do with the log"
    )
    commands.add_parser(
        "verify", help="walk the chain; exit status 1 at the first broken link"
    ).set_defaults(func=_sync(audit_verify))


def _register_records(subparsers: Any) -> None:
    records = subparsers.add_parser("records", help="retention and exports")
    commands = records.add_subparsers(
        dest="records_command", metavar="ACTION", required=True, help="what to do with them"
    )
    purge = commands.add_parser("purge", help="delete interactions older than DAYS")
    purge.add_argument(
        "--older-than",
        type=_days,
        required=True,
        metavar="DAYS",
        help="age in days: interactions created longer ago than this are deleted",
    )
    purge.set_defaults(func=_sync(records_purge))
    export = commands.add_parser("export", help="export records for the board or an FOI request")
    export.add_argument(
        "what",
        choices=["interactions", "requests", "incidents", "notes", "feedback", "board-questions"],
        help="which records: interactions, (approval) requests, incidents, the notes on "
        "requests, incidents and board questions, feedback (votes on answers), or "
        "board-questions (questions sent to the board, its answers and rulings)",
    )
    export.add_argument(
        "--format", choices=["csv", "jsonl"], default="csv", help="csv (default) or jsonl"
    )
    export.add_argument(
        "--since",
        type=_since,
        metavar="DATE",
        help="only records created from DATE, YYYY-MM-DD (UTC)",
    )
    _add_output(export)
    export.set_defaults(func=_sync(records_export))


def _register_ai_register(subparsers: Any) -> None:
    register = subparsers.add_parser("register", help="the AI register (docs/register.md)")
    commands = register.add_subparsers(
        dest="register_command", metavar="ACTION", required=True, help="what to do with it"
    )
    export = commands.add_parser("export", help="write the whole register as CSV or JSON")
    export.add_argument(
        "--format", choices=["csv", "json"], default="csv", help="csv (default) or json"
    )
    export.add_argument(
        "--withdrawn", action="store_true", help="include entries withdrawn as made in error"
    )
    _add_output(export)
    export.set_defaults(func=_sync(register_export))


def _add_output(parser: Any) -> None:
    parser.add_argument(
        "--output", "-o", metavar="FILE", help="file to write (default: standard output)"
    )


async def _to_output(path: str | None, write: Callable[[TextIO], Awaitable[int]]) -> int:
    """`write` to the file `path`, or to standard output; the count it returns."""
    if path is None:
        count = await write(sys.stdout)
        # A reader that went away must not be told the records were exported: flushing here
        # raises for a closed pipe before the count is reported, not at exit after it.
        sys.stdout.flush()
        return count
    with open(path, "w", encoding="utf-8", newline="") as out:
        return await write(out)


def _days(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("DAYS must be a whole number of at least 1")
    return value


def _since(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-04-01") from None
    if len(text) <= len("YYYY-MM-DD"):
        parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _sync(command: Callable[[argparse.Namespace, AsyncEngine], Awaitable[int]]) -> Any:
    """Wrap an async command: one engine per run, and project errors as a message, not a trace."""

    def run(args: argparse.Namespace) -> int:
        try:
            return asyncio.run(_with_engine(command, args))
        except PolicybotError as exc:
            print(f"policybot: {exc}", file=sys.stderr)
            return 2

    return run


async def _with_engine(command: Any, args: argparse.Namespace) -> int:
    from bot.records.db import create_engine

    engine = create_engine()
    try:
        return int(await command(args, engine))
    finally:
        await engine.dispose()


async def _ready(engine: AsyncEngine) -> Any:
    from bot.records.db import create_session_factory
    from bot.records.migrate import prepare_database

    await prepare_database(engine)
    return create_session_factory(engine)


async def db_upgrade(args: argparse.Namespace, engine: AsyncEngine) -> int:
    from bot.records.migrate import current_revisions, upgrade

    before = await current_revisions(engine)
    await upgrade(engine)
    after = await current_revisions(engine)
    state = "already up to date" if before == after else "upgraded"
    print(f"Database {state} at revision {', '.join(sorted(after))}.")
    return 0


async def db_current(args: argparse.Namespace, engine: AsyncEngine) -> int:
    from bot.records.migrate import current_revisions, head_revisions

    current, heads = await current_revisions(engine), head_revisions()
    print(f"Database revision: {', '.join(sorted(current)) or '(none)'}")
    print(f"This release needs: {', '.join(sorted(heads))}")
    print("Up to date." if current == heads else "Behind: run `policybot db upgrade`.")
    return 0 if current == heads else 1


async def audit_verify(args: argparse.Namespace, engine: AsyncEngine) -> int:
    from bot.records import audit

    checked, broken = await audit.verify(await _ready(engine))
    if broken is None:
        print(f"Audit log intact: {counted(checked, 'entry', 'entries')} verified.")
        return 0
    print(
        f"Audit log BROKEN at entry {broken.seq}: {broken.reason}. "
        f"{counted(checked, 'entry', 'entries')} before it verified.",
        file=sys.stderr,
    )
    return 1


async def records_purge(args: argparse.Namespace, engine: AsyncEngine) -> int:
    from bot.records.interactions import InteractionRepository

    repo = InteractionRepository(await _ready(engine))
    result = await repo.purge_older_than(args.older_than, actor_ref=CLI_ACTOR)
    print(
        f"Removed {counted(result.interactions_removed, 'interaction')}, "
        f"{counted(result.votes_removed, 'vote')} on answers and "
        f"{counted(result.board_questions_removed, 'answered board question')} from before "
        f"{result.cutoff.isoformat(timespec='seconds')}. Approval requests, decisions, "
        f"incidents and the board's standing rulings are kept. Recorded as audit entry "
        f"{result.audit_seq}."
    )
    return 0


async def records_export(args: argparse.Namespace, engine: AsyncEngine) -> int:
    from bot.records.export import export

    sessions = await _ready(engine)
    count = await _to_output(
        args.output, lambda out: export(sessions, args.what, args.format, out, args.since)
    )
    one, many = _NOUNS[args.what]
    print(f"Exported {counted(count, one, many)}.", file=sys.stderr)
    return 0


async def register_export(args: argparse.Namespace, engine: AsyncEngine) -> int:
    from bot.records.export import export_register

    sessions = await _ready(engine)
    count = await _to_output(
        args.output,
        lambda out: export_register(sessions, args.format, out, include_withdrawn=args.withdrawn),
    )
    print(f"Exported {counted(count, 'register entry', 'register entries')}.", file=sys.stderr)
    return 0


# One and many of each kind `records export` writes, for "Exported 1 request".
_NOUNS = {
    "interactions": ("interaction", "interactions"),
    "requests": ("request", "requests"),
    "incidents": ("incident", "incidents"),
    "notes": ("note", "notes"),
    "feedback": ("vote", "votes"),
    "board-questions": ("board question", "board questions"),
}


def counted(count: int, one: str, many: str | None = None) -> str:
    """ "1 request", "2 requests", "0 requests": the noun agrees with the number."""
    return f"{count} {one if count == 1 else many or one + 's'}"
