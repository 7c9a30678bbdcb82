"""Matching primitives: concept sequences, phrase matching and weighted-overlap scoring.

Questions are read as sequences of *concepts*: stemmed words with stop words dropped and
synonyms folded together, so "compose a letter" and "draft an email" share concepts. Every
structure here is built once per policy and then only looked up, which keeps a decision well
under a millisecond even for policies with thousands of entries.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from .lexicon import Lexicon
from .normalise import POSSESSIVE, Token, normalise, stem, tokenise


@dataclass(frozen=True, slots=True)
class Concept:
    name: str
    first: int  # token index range [first, last)
    last: int
    kept: bool = False  # a stop word, there only because `keep` named it


def concepts_of(
    tokens: Sequence[Token], lexicon: Lexicon, keep: frozenset[str] = frozenset()
) -> list[Concept]:
    """Concepts of a question; `keep` names stop words to keep (FAQ matching needs "who").
    Dropping the `kept` ones gives the concepts without `keep`."""
    stems = [stem(token.text) for token in tokens]
    found: list[Concept] = []
    index = 0
    while index < len(tokens):
        span = _synonym_span(stems, index, lexicon)
        if span:
            found.append(Concept(span[1], index, index + span[0]))
            index += span[0]
            continue
        word = stems[index]
        if word == POSSESSIVE or word not in lexicon.stopwords:
            found.append(Concept(lexicon.synonyms.get((word,), word), index, index + 1))
        elif word in keep:
            found.append(Concept(lexicon.synonyms.get((word,), word), index, index + 1, kept=True))
        index += 1
    return found


def _synonym_span(stems: list[str], index: int, lexicon: Lexicon) -> tuple[int, str] | None:
    if stems[index] not in lexicon.synonym_starts:
        return None  # as for most words: no synonym of several words starts with it
    for length in range(min(lexicon.longest_synonym, len(stems) - index), 1, -1):
        concept = lexicon.synonyms.get(tuple(stems[index : index + length]))
        if concept:
            return length, concept
    return None


def phrase_concepts(
    phrase: str, lexicon: Lexicon, keep: frozenset[str] = frozenset()
) -> tuple[str, ...]:
    return tuple(c.name for c in concepts_of(tokenise(normalise(phrase)), lexicon, keep))


# Small words that change what a phrase means (who did it, and when), so phrases holding them
# are matched word for word rather than by concept.
_TELLING_WORDS = frozenset(
    {"i", "we", "ll", "ve", "d", "has", "have", "had", "was", "were", "been", "is", "as", "by"}
)


@dataclass(frozen=True, slots=True)
class PhraseHit:
    key: str
    first: int  # token range of the whole match
    last: int
    negated: bool


# A phrase to find: its concepts or words, its key, and whether it negates itself.
_Phrase = tuple[tuple[str, ...], str, bool]


class _PhraseTable:
    """Phrases as sequences (of concepts, or of words), looked up by their first two items:
    a common first item ("i" in "I pasted", "I'll check") then leads to the few phrases that
    go on as the question does rather than to every phrase that starts with it."""

    def __init__(self, phrases: Iterable[_Phrase]) -> None:
        by_head: dict[tuple[str, ...], set[_Phrase]] = defaultdict(set)
        for phrase in phrases:
            by_head[phrase[0][:2]].add(phrase)
        # Longest first, so "mental health" is preferred to "health" at the same position.
        self._by_head = {
            head: sorted(options, key=lambda o: -len(o[0])) for head, options in by_head.items()
        }
        self._firsts = frozenset(head[0] for head in by_head)

    def matches(self, items: Sequence[str]) -> Iterator[tuple[int, int, str, bool]]:
        """(first, last, key, self-negating) of each phrase in `items`, by position."""
        if self._firsts.isdisjoint(items):
            return  # as for most questions and most tables
        for position, item in enumerate(items):
            if item not in self._firsts:
                continue
            heads = [(item,)]
            if position + 1 < len(items):
                heads.insert(0, (item, items[position + 1]))
            for head in heads:
                for seq, key, self_negating in self._by_head.get(head, ()):
                    end = position + len(seq)
                    if tuple(items[position:end]) == seq:
                        yield position, end, key, self_negating


class PhraseMatcher:
    """Finds known phrases (as concept sequences) in a question, noting negated ones."""

    def __init__(self, entries: Iterable[tuple[str, str]], lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        by_concept: list[_Phrase] = []
        by_word: list[_Phrase] = []
        for key, phrase in entries:
            words = tuple(t.text for t in tokenise(normalise(phrase)))
            self_negating = bool(set(words) & lexicon.negation_before)
            seq = phrase_concepts(phrase, lexicon)
            dropped = len(seq) < len(words)
            if dropped and (len(seq) < 2 or set(words) & _TELLING_WORDS):
                # "I pasted", "let it decide", "as is": the small words carry the meaning (as a
                # concept, "let it decide" would be any "decide"), so match the words exactly.
                # "my own subscription" keeps two concepts and still matches loosely.
                by_word.append((words, key, self_negating))
            else:
                by_concept.append((seq, key, self_negating))
        self._by_concept = _PhraseTable(by_concept)
        self._by_word = _PhraseTable(by_word)

    def find(self, concepts: Sequence[Concept], tokens: Sequence[Token]) -> list[PhraseHit]:
        hits: list[PhraseHit] = []
        names = [c.name for c in concepts]
        for position, end, key, self_negating in self._by_concept.matches(names):
            first, last = concepts[position].first, concepts[end - 1].last
            negated = self._is_negated(tokens, first, last, self_negating)
            hits.append(PhraseHit(key, first, last, negated))
        words = [t.text for t in tokens]
        for first, last, key, self_negating in self._by_word.matches(words):
            negated = self._is_negated(tokens, first, last, self_negating)
            hits.append(PhraseHit(key, first, last, negated))
        return hits

    def _is_negated(
        self, tokens: Sequence[Token], first: int, last: int, self_negating: bool
    ) -> bool:
        return not self_negating and self._negated(tokens, first, last)

    def _negated(self, tokens: Sequence[Token], first: int, last: int) -> bool:
        """ "no personal data", "without names", "names removed": the thing is absent."""
        before = {t.text for t in tokens[max(0, first - 3) : first]}
        if before & self._lexicon.negation_before:
            return True
        after = tuple(t.text for t in tokens[last : last + 3])
        return any(after[: len(cue)] == cue for cue in self._lexicon.negation_after)


class OverlapIndex:
    """Scores a question against example phrasings by IDF-weighted concept coverage.

    An example scores the share of its (weighted) concepts the question contains, so a short
    example fully present in a long question scores 1.0, and rare concepts ("marking", "minutes")
    count for more than common ones ("document"). An entry scores its best example.
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, str]],
        lexicon: Lexicon,
        keep: frozenset[str] = frozenset(),
    ) -> None:
        examples: list[tuple[str, frozenset[str]]] = []
        for key, text in entries:
            concept_set = frozenset(phrase_concepts(text, lexicon, keep)) - {POSSESSIVE}
            if concept_set:
                examples.append((key, concept_set))
        frequency: dict[str, int] = defaultdict(int)
        for _, concept_set in examples:
            for name in concept_set:
                frequency[name] += 1
        total = max(len(examples), 1)
        self._idf = {name: math.log(1 + total / count) for name, count in frequency.items()}
        self._examples = [(key, cs, sum(self._idf[c] for c in cs)) for key, cs in examples]
        postings: dict[str, list[int]] = defaultdict(list)
        for index, (_, concept_set, _) in enumerate(self._examples):
            for name in concept_set:
                postings[name].append(index)
        self._postings = dict(postings)

    def scores(
        self, concepts: Iterable[str], weak: frozenset[str] = frozenset(), floor: float = 0.0
    ) -> dict[str, float]:
        """Best score per key. Concepts in `weak` ("what", "tool") cannot make a match on their
        own when the question also says something more specific. Ties keep the document's
        order, so the answer never depends on hash order. Examples scoring under `floor` are
        skipped, which keeps large policies fast."""
        present = list(dict.fromkeys(concepts))
        # Only a question with both weak and specific concepts needs to know which examples
        # share a specific one; for the rest (every purpose question) that set is not built.
        needs_strong = bool(weak) and any(name not in weak for name in present)
        gained: dict[int, float] = defaultdict(float)
        strong: set[int] = set()
        for name in present:
            weight = self._idf.get(name)
            if weight is None:
                continue
            postings = self._postings[name]
            for index in postings:
                gained[index] += weight
            if needs_strong and name not in weak:
                strong.update(postings)
        best: dict[str, float] = {}
        examples = self._examples
        for index in sorted(gained):
            key, _, total = examples[index]
            score = gained[index] / total
            if score < floor or (needs_strong and index not in strong):
                continue
            score = round(score, 6)
            if score > best.get(key, 0.0):
                best[key] = score
        return best
