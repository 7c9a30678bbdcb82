"""Every field of an incoming activity is distrusted: the fields the bot reads are checked for
type at the gate (a wrong type is a 400, never a crashed turn), identifiers that reach outbound
URLs or headers are checked for what a URL path or header can carry, and every string is made
storable (a lone UTF-16 surrogate, which JSON allows and UTF-8 databases refuse, becomes U+FFFD)
before anything is read or recorded.
"""

from __future__ import annotations

import re
from typing import Any

# Activities the bot acts on; others (typing, conversationUpdate...) need only the basics.
ACTED_ON = frozenset({"message", "invoke"})
MAX_ID = 1000
# Control characters and the separators an id placed in a URL path or header must not carry.
_BAD_ID = re.compile(r"[\x00-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


class FieldError(ValueError):
    """The activity's fields are not what a Bot Connector sends; the message says which."""


def storable(value: Any) -> Any:
    """`value` with every lone surrogate in every string (keys too) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, list):
        return [storable(item) for item in value]
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    return value


def tolerated(body: dict[str, Any]) -> dict[str, Any]:
    """The body with what can be left out safely left out: a mention that names nobody (the SDK
    reads `mentioned.id` of every mention, and fails the turn where there is none)."""
    entities = body.get("entities")
    if isinstance(entities, list):
        body["entities"] = [e for e in entities if not _broken_mention(e)]
    return body


def _broken_mention(entity: Any) -> bool:
    if not isinstance(entity, dict) or entity.get("type") != "mention":
        return False
    mentioned = entity.get("mentioned")
    return not (isinstance(mentioned, dict) and isinstance(mentioned.get("id"), str))


def check_fields(body: dict[str, Any]) -> None:
    """Raise FieldError for a field of the wrong type or an identifier unsafe to send on."""
    _optional_id(body, "id")
    _optional_id(body, "replyToId")
    _optional(body, "channelData", dict)
    if not isinstance(body.get("channelId"), str) or not body["channelId"]:
        raise FieldError("channelId is missing or not a string")  # state keys are built from it
    _optional(body, "locale", str)
    if body.get("type") not in ACTED_ON:
        for name in ("conversation", "from", "recipient"):
            if name in body and body[name] is not None:
                _account(body, name)
        return
    for name in ("conversation", "from", "recipient"):
        _account(body, name)
    _optional(body, "text", str)
    _optional(body, "name", str)
    entities = _optional(body, "entities", list)
    if entities is not None and not all(isinstance(e, dict) for e in entities):
        raise FieldError("entities must be objects")
    attachments = _optional(body, "attachments", list)
    if attachments is not None and not all(isinstance(a, dict) for a in attachments):
        raise FieldError("attachments must be objects")


def _optional(body: dict[str, Any], name: str, kind: type) -> Any:
    value = body.get(name)
    if value is not None and not isinstance(value, kind):
        raise FieldError(f"{name} has the wrong type")
    return value


def _optional_id(body: dict[str, Any], name: str) -> None:
    value = _optional(body, name, str)
    if value is not None:
        _safe_id(value, name)


def _account(body: dict[str, Any], name: str) -> None:
    account = body.get(name)
    if not isinstance(account, dict):
        raise FieldError(f"{name} is missing or not an object")
    identifier = account.get("id")
    if not isinstance(identifier, str) or not identifier:
        raise FieldError(f"{name}.id is missing or not a string")
    _safe_id(identifier, f"{name}.id")
    for key in ("name", "aadObjectId", "conversationType", "tenantId"):
        if account.get(key) is not None and not isinstance(account[key], str):
            raise FieldError(f"{name}.{key} has the wrong type")


def _safe_id(value: str, name: str) -> None:
    if len(value) > MAX_ID or _BAD_ID.search(value):
        raise FieldError(f"{name} is not a usable identifier")
