"""The shared reading vocabulary (knowledge/data/lexicon.yaml) compiled for fast matching."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .normalise import compact_key, normalise, stem, tokenise

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class SharedSignal:
    id: str
    label: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Lexicon:
    stopwords: frozenset[str]  # stems
    synonyms: dict[tuple[str, ...], str]  # stem sequence -> concept
    longest_synonym: int
    synonym_starts: frozenset[str]  # first stems of the synonyms of more than one word
    cue_sets: dict[str, tuple[str, ...]]
    absence: dict[str, tuple[str, ...]]
    negation_before: frozenset[str]
    negation_after: tuple[tuple[str, ...], ...]
    generic_tools: frozenset[str]  # compact keys
    signals: dict[str, SharedSignal]
    information_cues: tuple[str, ...]
    not_data: tuple[str, ...]
    faq_keep: frozenset[str]  # stems
    common_words: frozenset[str]


def stems_of(phrase: str) -> tuple[str, ...]:
    return tuple(stem(token.text) for token in tokenise(normalise(phrase)))


@cache
def load_lexicon() -> Lexicon:
    raw: dict[str, Any] = yaml.safe_load((DATA_DIR / "lexicon.yaml").read_text("utf-8"))
    stopwords = frozenset(stem(word) for word in raw["stopwords"])
    synonyms: dict[tuple[str, ...], str] = {}
    for group in raw["synonyms"]:
        concept = stem(str(group[0]).split()[0])
        for word in group:
            synonyms.setdefault(stems_of(str(word)), concept)
    return Lexicon(
        stopwords=stopwords,
        synonyms=synonyms,
        longest_synonym=max(len(key) for key in synonyms),
        synonym_starts=frozenset(key[0] for key in synonyms if len(key) > 1),
        cue_sets={k: tuple(map(str, v)) for k, v in raw["cue_sets"].items()},
        absence={k: tuple(map(str, v)) for k, v in raw["absence"].items()},
        negation_before=frozenset(str(w) for w in raw["negation_before"]),
        negation_after=tuple(
            tuple(t.text for t in tokenise(str(w))) for w in raw["negation_after"]
        ),
        generic_tools=frozenset(compact_key(str(w)) for w in raw["generic_tools"]),
        signals={
            sid: SharedSignal(sid, spec["label"], tuple(map(str, spec["phrases"])))
            for sid, spec in raw["signals"].items()
        },
        information_cues=tuple(map(str, raw["information_cues"])),
        not_data=tuple(map(str, raw["not_data"])),
        faq_keep=frozenset(stem(str(word)) for word in raw["faq_keep"]),
        common_words=frozenset((DATA_DIR / "common_words.txt").read_text("utf-8").split()),
    )
