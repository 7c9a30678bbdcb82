"""Owned fixes to msrest, the archived SDK's serialisation and HTTP layer, applied when the
adapter is created (never at import).

- Its retry policy is built with `[i for i in range(999) if i not in safe_codes]` where
  `safe_codes` is a 500-item list: half a million comparisons, about 2.5 ms, every time a Bot
  Connector or token client is configured. The same codes as a frozenset give the same policy.
- Outgoing activities carry Adaptive Cards as plain JSON objects, which msrest walks value by
  value (26,000 calls for a 14 KB card, ~1.5 ms a turn) only to rebuild the same structure. A
  tree of plain JSON types is now passed through as it is; anything else takes msrest's path.
"""

from __future__ import annotations

from typing import Any

from msrest.serialization import Serializer
from msrest.universal_http.requests import ClientRetryPolicy

_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


def speed_up_msrest_retry_policy() -> None:
    codes = ClientRetryPolicy.safe_codes
    if not isinstance(codes, frozenset):
        ClientRetryPolicy.safe_codes = frozenset(codes)


def pass_plain_json_through_msrest() -> None:
    original = Serializer.serialize_object
    if getattr(original, "policybot_plain_json", False):
        return

    def serialize_object(self: Serializer, attr: Any, **kwargs: Any) -> Any:
        if type(attr) in (dict, list) and is_plain_json(attr):
            return attr
        return original(self, attr, **kwargs)

    serialize_object.policybot_plain_json = True  # type: ignore[attr-defined]
    serialize_object.msrest_original = original  # type: ignore[attr-defined]
    Serializer.serialize_object = serialize_object


def is_plain_json(value: Any) -> bool:
    """Only dicts with str keys, lists, str, int, float, bool and None, all the way down."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            if not all(type(key) is str for key in item):
                return False
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
        elif kind not in _JSON_SCALARS:
            return False
    return True
