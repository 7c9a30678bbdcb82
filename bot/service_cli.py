"""`policybot serve` (the Teams bot service) and `policybot chat` (the same bot in a terminal)."""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import os
import sys
from collections.abc import Mapping
from typing import Any

from .errors import ConfigurationError, PolicybotError
from .logs import JsonLinesFormatter, install_log_redaction, quiet_data_loggers
from .settings import Settings

logger = logging.getLogger("policybot")
LOG_FORMATS = ("text", "json")
LOG_FORMAT_ENV = "POLICYBOT_LOG_FORMAT"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = subparsers.add_parser("serve", help="run the Teams bot service")
    _service_options(serve)
    serve.add_argument(
        "--dangerously-allow-unauthenticated",
        action="store_true",
        help="listen on a non-loopback address without Bot Framework credentials (never in "
        "production: anyone who can reach the port can act as any Teams user)",
    )
    serve.add_argument(
        "--log-format",
        choices=LOG_FORMATS,
        default=None,
        help="text lines on stderr, or one JSON object per line on stdout, for a log collector "
        "(default: $POLICYBOT_LOG_FORMAT or text)",
    )
    serve.set_defaults(func=run_serve)
    chat = subparsers.add_parser(
        "chat", help="talk to the bot in this terminal, through the same HTTP path as Teams"
    )
    # chat's own service listens on a free port unless told (see run_chat)
    _service_options(chat, port_default="a free port")
    chat.set_defaults(func=run_chat)


def _service_options(
    parser: argparse.ArgumentParser, port_default: str = "$POLICYBOT_PORT or 3978"
) -> None:
    parser.add_argument(
        "--host", default=None, help="address to listen on (default: $POLICYBOT_HOST or 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=None, help=f"port to listen on (default: {port_default})"
    )
    parser.add_argument("--policy", default=None, help="bundled policy id or YAML path")
    parser.add_argument(
        "--database-url",
        default=None,
        help="the records database (default: $POLICYBOT_DATABASE_URL)",
    )
    parser.add_argument(
        "--upgrade-database",
        action="store_true",
        help="apply pending migrations on PostgreSQL at start (SQLite is always upgraded)",
    )


def settings_from(args: argparse.Namespace, **overrides: Any) -> Settings:
    """Settings from the environment, then the command's options, then `overrides` (a
    subcommand's own choice, such as chat's free port, wins over the shared options)."""
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "policy": args.policy,
        "database_url": args.database_url,
        "upgrade_database": args.upgrade_database or None,
    }
    return Settings.from_env(os.environ, **{**options, **overrides})


def log_format_from(option: str | None, env: Mapping[str, str]) -> str:
    """The option, else the environment, else text; ConfigurationError for anything else."""
    if option is not None:
        return option
    value = env.get(LOG_FORMAT_ENV, "").strip().lower() or "text"
    if value not in LOG_FORMATS:
        raise ConfigurationError(
            f"{LOG_FORMAT_ENV} must be {' or '.join(LOG_FORMATS)}, not {env[LOG_FORMAT_ENV]!r}"
        )
    return value


def configure_logging(log_format: str = "text") -> None:
    # Redaction first, so that no record, not even one logged while starting, escapes it.
    quiet_data_loggers()
    install_log_redaction()
    level = os.environ.get("POLICYBOT_LOG_LEVEL", "INFO").upper()
    if log_format == "json":
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonLinesFormatter())
        logging.basicConfig(level=level, handlers=[handler])
        # Library warnings would otherwise reach stderr as free text beside the JSON lines.
        logging.captureWarnings(True)
    else:
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def run_serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from .app import create_app

    try:
        configure_logging(log_format_from(args.log_format, os.environ))
        settings = settings_from(
            args, dangerously_allow_unauthenticated=args.dangerously_allow_unauthenticated or None
        )
        app = create_app(settings)
    except PolicybotError as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 2
    if settings.local_mode:
        logger.warning(
            "LOCAL MODE: no MicrosoftAppId, so requests are not authenticated; serving %s only",
            settings.host,
        )
    app.on_startup.append(freeze_startup_objects)  # after the records and the bot are built
    try:
        web.run_app(app, host=settings.host, port=settings.port, print=None, access_log=None)
    except OSError as exc:  # the port is taken or the address is not ours
        print(
            f"policybot: cannot listen on {settings.host}:{settings.port}: {exc.strerror}",
            file=sys.stderr,
        )
        return 2
    return 0


async def freeze_startup_objects(app: object) -> None:
    """Move everything built at start (the policy and its indexes, SQLAlchemy's and the SDK's
    objects: hundreds of thousands) out of the garbage collector's sight. They live as long as
    the process, yet every full collection would walk them all again, on the event loop."""
    gc.collect()
    gc.freeze()


def run_chat(args: argparse.Namespace) -> int:
    from .devtools.terminal_chat import chat

    try:
        settings = settings_from(args, port=0 if args.port is None else args.port)
    except PolicybotError as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 2
    if not settings.local_mode:
        print("policybot: chat runs the bot locally; unset MicrosoftAppId first", file=sys.stderr)
        return 2
    return asyncio.run(chat(settings, sys.stdin, sys.stdout))
