"""The shared reading vocabulary (knowledge/data/lexicon.yaml) compiled for fast matching."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .cue_spec import CueSpec, Near
from .normalise import compact_key, normalise, stem, tokenise
from .yaml_source import read_yaml

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class SharedSignal:
    id: str
    label: str
    cue: CueSpec

    @property
    def phrases(self) -> tuple[str, ...]:
        return self.cue.phrases


@dataclass(frozen=True)
class Lexicon:
    stopwords: frozenset[str]  # stems
    synonyms: dict[tuple[str, ...], str]  # stem sequence -> concept
    longest_synonym: int
    synonym_starts: frozenset[str]  # first stems of the synonyms of more than one word
    cue_sets: dict[str, CueSpec]
    absence: dict[str, tuple[str, ...]]
    negation_before: frozenset[str]
    negation_after: tuple[tuple[str, ...], ...]
    generic_tools: frozenset[str]  # compact keys
    signals: dict[str, SharedSignal]
    information_cues: tuple[str, ...]
    not_data: tuple[str, ...]
    faq_keep: frozenset[str]  # stems
    common_words: frozenset[str]
    first_names: frozenset[str]  # lower case: "the report for Ellie" names a person
    tool_claim: CueSpec
    vague_words: tuple[str, ...]
    risk_words: frozenset[str]
    explained_phrases: tuple[str, ...]
    always_tools: frozenset[str]  # compact keys
    work_words: tuple[str, ...]
    maybe_done: tuple[str, ...]


def stems_of(phrase: str) -> tuple[str, ...]:
    return tuple(stem(token.text) for token in tokenise(normalise(phrase)))


@cache
def load_lexicon() -> Lexicon:
    raw: dict[str, Any] = read_yaml(DATA_DIR / "lexicon.yaml").data
    lists = {name: tuple(map(str, items)) for name, items in raw.get("lists", {}).items()}
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
        cue_sets={k: expand_cue(CueSpec.parse(k, v), lists) for k, v in raw["cue_sets"].items()},
        absence={k: tuple(map(str, v)) for k, v in raw["absence"].items()},
        negation_before=frozenset(str(w) for w in raw["negation_before"]),
        negation_after=tuple(
            tuple(t.text for t in tokenise(str(w))) for w in raw["negation_after"]
        ),
        generic_tools=frozenset(compact_key(str(w)) for w in raw["generic_tools"]),
        signals={
            sid: SharedSignal(sid, spec["label"], expand_cue(CueSpec.parse(sid, spec), lists))
            for sid, spec in raw["signals"].items()
        },
        information_cues=tuple(map(str, raw["information_cues"])),
        not_data=tuple(map(str, raw["not_data"])),
        faq_keep=frozenset(stem(str(word)) for word in raw["faq_keep"]),
        common_words=frozenset((DATA_DIR / "common_words.txt").read_text("utf-8").split()),
        first_names=frozenset(
            word
            for line in (DATA_DIR / "first_names.txt").read_text("utf-8").splitlines()
            if not line.startswith("#")
            for word in line.split()
        ),
        tool_claim=expand_cue(CueSpec.parse("claim", raw.get("tool_claim", ())), lists),
        vague_words=tuple(map(str, raw.get("vague_words", ()))),
        risk_words=frozenset(str(w).lower() for w in raw.get("risk_words", ())),
        explained_phrases=tuple(map(str, raw.get("explained_phrases", ()))),
        always_tools=frozenset(compact_key(str(w)) for w in raw.get("always_tools", ())),
        work_words=tuple(map(str, raw.get("work_words", ()))),
        maybe_done=tuple(map(str, raw.get("maybe_done", ()))),
    )


_LIST_REF = re.compile(r"@([a-z_]+)")


def expand(phrase: str, lists: dict[str, tuple[str, ...]]) -> list[str]:
    """ "~@record @link" -> one phrase per combination of the named lists' items."""
    names = _LIST_REF.findall(phrase)
    if not names:
        return [phrase]
    template = _LIST_REF.sub("{}", phrase)
    return [template.format(*combo) for combo in itertools.product(*(lists[n] for n in names))]


def expand_cue(cue: CueSpec, lists: dict[str, tuple[str, ...]]) -> CueSpec:
    def all_of(phrases: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(p for phrase in phrases for p in expand(phrase, lists))

    return CueSpec(
        cue.key,
        all_of(cue.phrases),
        tuple(Near(all_of(n.a), all_of(n.b), n.within, n.ordered) for n in cue.near),
        all_of(cue.unless),
        cue.unless_anywhere,
    )


@dataclass(frozen=True)
class CatalogTool:
    name: str
    aliases: tuple[str, ...]
    vendor: str | None
    kind: str


@cache
def load_catalog() -> tuple[CatalogTool, ...]:
    """The shared catalogue of AI tools policies need not list (knowledge/data/catalog.yaml)."""
    raw: dict[str, Any] = read_yaml(DATA_DIR / "catalog.yaml").data
    return tuple(
        CatalogTool(
            str(item["name"]),
            tuple(str(a) for a in item.get("aliases", [])),
            item.get("vendor"),
            str(item["kind"]),
        )
        for item in raw["tools"]
    )
