"""The `policybot` command. Each area registers its own subcommands so that modules stay small
and nothing heavy is imported until a subcommand needs it."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# Modules exposing `register(subparsers)`; each subcommand sets `func(args) -> int`.
COMMAND_MODULES = (
    "bot.knowledge_cli",
    "bot.records.cli",
    "bot.service_cli",
    "bot.teams_package",
)
# What a shell reports for a command that SIGPIPE ended (128 + 13). `yes | head` gives it, and a
# script under `set -o pipefail` then treats policybot like any other command whose reader left,
# whereas 0 would claim all of the output was delivered.
EXIT_CLOSED_PIPE = 141


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policybot",
        description="Answer questions from an AI-use policy; run the Teams bot; keep its records.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", help="what to do")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(subparsers)
    _describe_from_help(parser)
    return parser


def _describe_from_help(parser: argparse.ArgumentParser) -> None:
    """`policybot COMMAND -h` opens with the line `policybot -h` shows for COMMAND, unless the
    command wrote a longer description of its own."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, subparser in action.choices.items():
                if subparser.description is None and helps.get(name):
                    subparser.description = helps[name]
                _describe_from_help(subparser)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            status = _run(argv)
        except SystemExit:
            # argparse exits after printing help or a usage error
            sys.stdout.flush()
            raise
        # Output still buffered would otherwise be written at interpreter exit, where a closed
        # pipe can only be reported as "Exception ignored ... BrokenPipeError".
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # The reader went away ("policybot ask ... | head"): stop quietly, as other command line
        # tools do. Pointing stdout at devnull keeps Python from failing again when it flushes
        # what is left in the buffer at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_CLOSED_PIPE


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
