"""An outgoing Activity as the JSON msrest would send, without msrest's round trip.

msrest's `Serializer.body(activity, "Activity")` first rebuilds the activity through its
Deserializer (in place), then validates every model, then serialises it value by value. For the
Bot Framework schema none of that can change the result when the activity holds what its types
say: the schema declares no validation rules, no flattened keys and no polymorphism, so the JSON
is each attribute's value under its key, None left out. `activity_json` builds exactly that from
each model class's `_attribute_map` (read once per class), and hands anything it is not sure of
(a dict where a model belongs, a str subclass, a datetime given as text, a model in an `object`
slot...) to msrest whole, so the result is always what msrest gives. A property test holds the
two equal.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any

from msrest.serialization import Model, Serializer

from .sdk_patches import is_plain_json

__all__ = ["activity_json"]

Convert = Callable[[Any], Any]
Plan = tuple[tuple[str, str, Convert], ...]  # (attribute, JSON key, converter)


class _Unsupported(Exception):
    """Not a shape this module is sure of: msrest serialises the whole activity instead."""


def activity_json(activity: Model, serializer: Serializer) -> dict[str, Any]:
    """The body msrest's `serializer.body(activity, "Activity")` would build.

    `serializer` is the connector client's; it is used only when the fast path declines.
    """
    try:
        return _model(activity)
    except _Unsupported:
        body: dict[str, Any] = serializer.body(activity, "Activity")
        return body


_PLANS: dict[type, Plan | None] = {}


def _model(value: Any) -> dict[str, Any]:
    if not isinstance(value, Model):
        raise _Unsupported
    kind = type(value)
    try:
        plan = _PLANS[kind]
    except KeyError:
        plan = _PLANS[kind] = _plan(kind)
    if plan is None:
        raise _Unsupported
    out: dict[str, Any] = {}
    for attribute, key, convert in plan:
        try:
            item = getattr(value, attribute)
        except AttributeError:
            raise _Unsupported from None
        if item is not None:  # msrest leaves out None
            out[key] = convert(item)
    return out


def _plan(kind: Any) -> Plan | None:
    """None for a class msrest treats specially (validation, XML, subtypes, nested keys)."""
    if getattr(kind, "_validation", None) or getattr(kind, "_subtype_map", None):
        return None
    if hasattr(kind, "_xml_map"):
        return None
    steps = []
    for attribute, description in kind._attribute_map.items():
        key = description.get("key")
        if not isinstance(key, str) or not key or "." in key or "\\" in key:
            return None
        if set(description) - {"key", "type"}:
            return None
        steps.append((attribute, key, _converter(description.get("type"))))
    return tuple(steps)


def _converter(data_type: object) -> Convert:
    if not isinstance(data_type, str):
        return _refuse
    if data_type.startswith("[") and data_type.endswith("]"):
        return _list_of(_converter(data_type[1:-1]))
    if data_type[:1] == "{":
        return _refuse
    return _SCALARS.get(data_type, _model)


def _str(value: Any) -> Any:
    if type(value) is str:
        return value
    if isinstance(value, Enum):  # msrest sends an enum's value
        return value.value
    raise _Unsupported


def _exactly(kind: type) -> Convert:
    def convert(value: Any) -> Any:
        if type(value) is not kind:
            raise _Unsupported
        return value

    return convert


def _object(value: Any) -> Any:
    if not is_plain_json(value):
        raise _Unsupported
    return value


def _iso(value: Any) -> str:
    if not isinstance(value, datetime):
        raise _Unsupported
    iso: str = Serializer.serialize_iso(value)
    return iso


def _list_of(convert: Convert) -> Convert:
    def convert_list(value: Any) -> list[Any]:
        if type(value) not in (list, tuple):
            raise _Unsupported
        return [None if item is None else convert(item) for item in value]

    return convert_list


def _refuse(value: Any) -> Any:
    raise _Unsupported


# Every type msrest knows by name (dates, durations, bytes...) is left to msrest, except these.
_SCALARS: dict[str, Convert] = {
    **{name: _refuse for name in Serializer({}).serialize_type},
    "str": _str,
    "bool": _exactly(bool),
    "int": _exactly(int),
    "long": _exactly(int),
    "float": _exactly(float),
    "object": _object,
    "iso-8601": _iso,
}
