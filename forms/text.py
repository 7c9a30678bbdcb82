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
