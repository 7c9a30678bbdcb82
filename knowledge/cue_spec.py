"""What a cue is (knowledge.cues explains how cues are found): plain data, so that the lexicon
can hold cues without importing the matcher."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_WITHIN = 4  # words between the end of one half of a `near` pair and the start of the other


@dataclass(frozen=True, slots=True)
class Near:
    a: tuple[str, ...]
    b: tuple[str, ...]
    within: int = DEFAULT_WITHIN
    ordered: bool = False


@dataclass(frozen=True, slots=True)
class CueSpec:
    key: str
    phrases: tuple[str, ...] = ()
    near: tuple[Near, ...] = ()
    unless: tuple[str, ...] = ()
    unless_anywhere: bool = False  # a veto anywhere in the message, not only near a hit

    @classmethod
    def parse(cls, key: str, raw: Any) -> CueSpec:
        """A cue from its YAML form: a list of phrases, or a mapping with `phrases`, `near`
        and `unless`."""
        if isinstance(raw, list | tuple):
            return cls(key, tuple(str(p) for p in raw))
        raw = raw or {}
        return cls(
            key,
            tuple(str(p) for p in raw.get("phrases", ())),
            tuple(parse_near(n) for n in raw.get("near", ())),
            tuple(str(p) for p in raw.get("unless", ())),
            bool(raw.get("unless_anywhere", False)),
        )

    def merged(self, other: CueSpec) -> CueSpec:
        return CueSpec(
            self.key,
            (*self.phrases, *other.phrases),
            (*self.near, *other.near),
            (*self.unless, *other.unless),
            self.unless_anywhere or other.unless_anywhere,
        )


def parse_near(raw: Mapping[str, Any]) -> Near:
    return Near(
        tuple(str(p) for p in raw["a"]),
        tuple(str(p) for p in raw["b"]),
        int(raw.get("within", DEFAULT_WITHIN)),
        bool(raw.get("ordered", False)),
    )
