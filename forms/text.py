"""What anything a person typed goes through before it is read: at the bot's edge for every
message, and in a dialog for each reply (a dialog may be driven without the bot in front)."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MENTION = re.compile(r"<at>[^<]*</at>")


def clean(text: str, limit: int | None = None) -> str:
    """Mention markup and control characters gone, whitespace collapsed, cut at `limit`."""
    text = _MENTION.sub(" ", text)
    return " ".join(_CONTROL.sub(" ", text).split())[:limit]


def normalise_command(text: str) -> str:
    """The form every typed command is compared in: "My Requests!" is "my requests"."""
    return " ".join(text.lower().split()).strip(" .!?")


# The words people type to the bot itself. A whole message of one of these asks for the help
# card; inside a dialog "hi" or "start" is an answer, so only STEP_HELP_WORDS ask for the step's
# help there, and CANCEL_WORDS stop it.
HELP_WORDS = frozenset({"help", "?", "hi", "hello", "hey", "start", "menu", "commands"})
STEP_HELP_WORDS = frozenset({"help", "?", "what do i do", "what should i say"})
CANCEL_WORDS = frozenset(
    {"cancel", "stop", "quit", "exit", "abort", "never mind", "nevermind", "forget it"}
)
