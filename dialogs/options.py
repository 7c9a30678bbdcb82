"""Reading dialog options and state back from storage: both dialogs keep only plain JSON there,
and whatever comes back is checked rather than trusted (a stored state may be from an older
version, and card data is typed by a client)."""

from __future__ import annotations

import json
from typing import Any


def text(value: object) -> str:
    """A string with its whitespace collapsed; anything else is ""."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def strings(value: object) -> tuple[str, ...]:
    """The strings of a list or tuple; anything else is ()."""
    if not isinstance(value, list | tuple):
        return ()
    return tuple(item for item in value if isinstance(item, str))


def plain(state: Any) -> dict[str, Any]:
    """A deep copy through JSON: no object is shared between two dialogs' states, and anything
    that would not survive storage fails here, in the turn that put it there."""
    copied: dict[str, Any] = json.loads(json.dumps(state))
    return copied
