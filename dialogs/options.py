"""Reading dialog options and state back from storage: both dialogs keep only plain JSON there,
and whatever comes back is checked rather than trusted (a stored state may be from an older
version, and card data is typed by a client)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from typing import Any, Self

import knowledge


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


class Prefill:
    """What a message told a form dialog before it starts, as dialog options and back. Mixed
    into a frozen dataclass whose fields are text (default "") or tuples of text (default ()):
    both dialogs' prefills travel as plain JSON this one way."""

    def to_options(self) -> dict[str, Any]:
        """A plain dict for begin_dialog(options=...)."""
        return {
            f.name: list(value) if isinstance(value := getattr(self, f.name), tuple) else value
            for f in fields(self)  # type: ignore[arg-type]
        }

    @classmethod
    def from_options(cls, options: object) -> Self:
        """Back from to_options() (or the prefill itself, or None); wrong types are dropped."""
        if isinstance(options, cls):
            return options
        given = options if isinstance(options, Mapping) else {}
        values = {
            f.name: strings(given.get(f.name))
            if isinstance(f.default, tuple)
            else text(given.get(f.name))
            for f in fields(cls)  # type: ignore[arg-type]
        }
        return cls(**values)


# The people a policy's staff work with, for the examples dialogs give: a school's examples are
# about pupils and parents, a council's about residents (organisation.kind in the policy).
WORLDS = {
    "council": {"people": "residents", "one": "one resident", "group": "a family we support"},
    "school": {"people": "parents", "one": "one pupil", "group": "a class of pupils"},
    "other": {"people": "customers", "one": "one customer", "group": "a group of clients"},
}


def world(policy: knowledge.Policy) -> dict[str, str]:
    return WORLDS.get(policy.document.organisation.kind, WORLDS["other"])
