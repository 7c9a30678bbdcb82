"""Matching primitives: concept sequences, phrase matching and weighted-overlap scoring.

Questions are read as sequences of *concepts*: stemmed words with stop words dropped and
synonyms folded together, so "compose a letter" and "draft an email" share concepts. Every
structure here is built once per policy and then only looked up, which keeps a decision well
under a millisecond even for policies with thousands of entries.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence, Set
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


# Between "not" and a kind of data: "not paste any real addresses", "no actual names".
_PUT_IN_FILLER = frozenset(
    {"paste", "put", "include", "including", "use", "using", "enter", "type", "share", "upload"}
    | {"add", "any", "real", "actual", "the", "their", "its", "our", "in", "of", "be", "going"}
    | {"to", "ever", "actually", "genuine", "live", "give", "giving", "it", "his", "her", "a"}
    | {"tell", "show", "feed", "send", "mention"}
    | {"adding", "putting", "pasting", "entering", "uploading", "sharing", "sending", "feeding"}
    | {"mentioning", "telling", "showing", "typing"}
    # "I'm not going to let Copilot decide anything", "won't allow it to choose"
    | {"let", "letting", "allow", "allowing"}
    # "don't count as pupil data", "not written around any particular child"
    | {"count", "counts", "as", "written", "around", "based", "about"}
)

_BE_NOT = frozenset({"isn", "aren", "wasn"})

# Words a phrase can open a new clause with: what comes before does not deny it.
CLAUSE_OPENERS = frozenset({"can", "could", "may", "might", "shall", "should", "will", "would"})

# "won't", "don't": the tokeniser splits them into "won" and "t"
_NOT_CONTRACTED = frozenset(
    {"won", "don", "didn", "wouldn", "shouldn", "doesn", "can", "couldn", "isn", "aren", "wasn"}
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
        firsts = self._firsts
        if firsts.isdisjoint(items):
            return  # as for most questions and most tables
        # (Called for every cue table on every question: one tuple, sliced, rather than a new
        # one per candidate phrase.)
        words = tuple(items)
        by_head = self._by_head
        last = len(words) - 1
        for position, item in enumerate(words):
            if item not in firsts:
                continue
            two = by_head.get((item, words[position + 1]), ()) if position < last else ()
            for options in (two, by_head.get((item,), ())):
                for seq, key, self_negating in options:
                    end = position + len(seq)
                    if words[position:end] == seq:
                        yield position, end, key, self_negating


class PhraseMatcher:
    """Finds known phrases in a question, noting negated ones. A phrase is matched by concept
    (stems with synonyms folded) unless it says otherwise: "=photo" matches the word itself and
    "~photo" its stem ("photos", "photographs" no; "photo", "photos" yes), for the lists where a
    synonym would be wrong ("photo" shares a concept with "poster")."""

    def __init__(
        self,
        entries: Iterable[tuple[str, str]],
        lexicon: Lexicon,
        negation_before: frozenset[str] | None = None,
    ) -> None:
        self._lexicon = lexicon
        self._negation_before = (
            lexicon.negation_before if negation_before is None else negation_before
        )
        # Words after a kind of data take it away ("names removed"); after a circumstance they
        # are part of it ("send them out", "history deleted"), so a matcher given its own
        # negation words (circumstances: cues.PLAIN_NEGATION) has none after.
        self._negation_after = lexicon.negation_after if negation_before is None else ()
        # Any word that can start a negation (`find` skips the look-around without one).
        self._negating_words = (
            self._negation_before | {"t"} | {cue[0] for cue in self._negation_after if cue}
        )
        by_concept: list[_Phrase] = []
        by_word: list[_Phrase] = []
        by_stem: list[_Phrase] = []
        for key, phrase in entries:
            mode, phrase = (phrase[0], phrase[1:]) if phrase[:1] in "=~" else ("", phrase)
            words = tuple(t.text for t in tokenise(normalise(phrase)))
            self_negating = bool(set(words) & self._negation_before)
            if mode == "=":
                by_word.append((words, key, self_negating))
                continue
            if mode == "~":
                by_stem.append((tuple(stem(w) for w in words), key, self_negating))
                continue
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
        self._by_stem = _PhraseTable(by_stem) if by_stem else None

    def find(self, concepts: Sequence[Concept], tokens: Sequence[Token]) -> list[PhraseHit]:
        hits: list[PhraseHit] = []
        names = [c.name for c in concepts]
        words = [t.text for t in tokens]
        # A question with no word that can start a negation (most) has no negated phrase, which
        # saves looking around every hit of every cue table.
        may_negate = not self._negating_words.isdisjoint(words)
        for position, end, key, self_negating in self._by_concept.matches(names):
            first, last = concepts[position].first, concepts[end - 1].last
            if tokens[first].sentence != tokens[last - 1].sentence:
                continue  # "more professional? only about ...": no phrase runs across sentences
            negated = may_negate and self._is_negated(tokens, first, last, self_negating)
            hits.append(PhraseHit(key, first, last, negated))
        tables = [(self._by_word, words)]
        if self._by_stem is not None:
            tables.append((self._by_stem, [stem(w) for w in words]))
        for table, items in tables:
            for first, last, key, self_negating in table.matches(items):
                if tokens[first].sentence != tokens[last - 1].sentence:
                    continue
                negated = may_negate and self._is_negated(tokens, first, last, self_negating)
                hits.append(PhraseHit(key, first, last, negated))
        return hits

    def _is_negated(
        self, tokens: Sequence[Token], first: int, last: int, self_negating: bool
    ) -> bool:
        return not self_negating and self._negated(tokens, first, last)

    def _negated(self, tokens: Sequence[Token], first: int, last: int) -> bool:
        """ "no personal data", "without names", "names removed": the thing is absent. A
        negation reaches along a list: "no internal hostnames or credentials"."""
        if tokens[first].text in CLAUSE_OPENERS:
            return False  # "... needs no permission, can I issue it?": a new clause, not denied
        start = max(0, first - 6)
        window = [
            "#" if t.text == "no" and _not_a_negation(tokens, i) else _left_out(tokens, i)
            for i, t in enumerate(tokens[start:first], start)
        ]
        # "no names, just UPNs", "nothing personal, only their initials": what follows "just"
        # or "only" is what goes in, whatever the negation before it left out
        denied_at = [i for i, word in enumerate(window) if word in self._negation_before]
        if denied_at and asked_of_the_ai(tokens, start + denied_at[-1]):
            return False  # "ask the AI to strip out the names": it is given them first
        placeholder = {t.text for t in tokens[last : last + 2]} & {"placeholder", "placeholders"}
        ends = _SCOPE_ENDS.intersection(window[denied_at[-1] + 1 :]) if denied_at else None
        if denied_at and (ends or tokens[first].text in _SCOPE_ENDS) and not placeholder:
            return False  # also "no names, just the situation": the phrase itself says "just"
        if window[-1:] and window[-1] in _SUBJECTS:
            # "not publishing, i dont need to check it": a new clause's subject stands between
            # the negation and the phrase, which the negation does not reach
            return False
        near = set(window[-3:])
        if window[-1:] != ["non"]:
            near.discard("non")  # "non-personal data" denies it; "the non-payers' letters" not
        if near & self._negation_before:
            return True
        # "not paste any real addresses", "won't include any actual names": a verb of putting
        # in and a few determiners between the negation and the thing still negate it
        for back, word in enumerate(reversed(window)):
            before = window[-back - 2] if back + 2 <= len(window) else ""
            if word in self._negation_before or (word == "t" and before in _NOT_CONTRACTED):
                # "isn't personal data": a verb "to be" denied reaches the thing itself
                reaches = back > 0 or before in _BE_NOT
                return reaches and set(window[len(window) - back :]) <= _PUT_IN_FILLER
            if word not in _PUT_IN_FILLER:
                break
        if {"or", "and", "nor"} & near and set(window) & self._negation_before:
            return True
        after = tuple(t.text for t in tokens[last : last + 3])
        if after[:2] == ("out", "of") and not _LEAVE_OR_KEEP.intersection(window):
            return False  # "got the behaviour points out of classcharts": taken from, not left out
        return any(after[: len(cue)] == cue for cue in self._negation_after)


_SCOPE_ENDS = frozenset({"just", "only", "except", "apart"})
_REMOVING = ("strip", "remov", "redact", "delet", "anonymi", "blank", "tak")
_THE_AI = frozenset({"ai", "it", "copilot", "chatgpt", "gpt", "gemini", "claude", "bot", "tool"})


def asked_of_the_ai(tokens: Sequence[Token], at: int, tools: Set[int] = frozenset()) -> bool:
    """Whether the removal at `at` is asked of the AI ("copilot to redact", "the AI strip out",
    "get it to remove"), which sees what it removes. `tools`: where tools are named."""
    verb = at - 1 if at and tokens[at].text == "out" else at
    if not tokens[verb].text.startswith(_REMOVING):
        return False
    doer = verb - 2 if verb >= 2 and tokens[verb - 1].text == "to" else verb - 1
    return doer >= 0 and (tokens[doer].text in _THE_AI or doer in tools)


_LEAVE = frozenset({"leave", "leaving", "left", "cut", "cutting", "take", "taking", "strip"})
# "I've left the names out of it", "kept their details out of the prompt": out of, removed
_LEAVE_OR_KEEP = _LEAVE | {"keep", "keeping", "kept", "took", "taken", "leaves", "cuts"}


def _left_out(tokens: Sequence[Token], i: int) -> str:
    """ "I'd leave out the confidential items": "out" after leave/cut/take says without."""
    text = tokens[i].text
    if text == "out" and i > 0 and tokens[i - 1].text in _LEAVE:
        return "without"
    return text


# The subjects of a new clause: a negation before one belongs to the clause before.
_SUBJECTS = frozenset({"i", "we", "you", "he", "she", "they"})


def _not_a_negation(tokens: Sequence[Token], i: int) -> bool:
    """ "the family at no 12" is a house number; "decides yes or no" and "a yes/no on" are a
    choice."""
    after = tokens[i + 1].text if i + 1 < len(tokens) else ""
    before = [t.text for t in tokens[max(0, i - 2) : i]]
    return after[:1].isdigit() or before == ["yes", "or"] or before[-1:] == ["yes"]


SHORT_EXAMPLE = 0.61


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
        cues: Iterable[tuple[str, str]] = (),
    ) -> None:
        examples: list[tuple[str, frozenset[str], bool]] = []
        for key, text, short in [
            *((k, t, False) for k, t in entries),
            *((k, t, True) for k, t in cues),
        ]:
            concept_set = frozenset(phrase_concepts(text, lexicon, keep)) - {POSSESSIVE}
            if concept_set:
                examples.append((key, concept_set, short))
        # Weights come from the examples alone, so adding cues never changes how well a
        # question meets an example; a word only cues use weighs as a rare example word.
        frequency: dict[str, int] = defaultdict(int)
        for _, concept_set, short in examples:
            for name in concept_set:
                frequency[name] += 0 if short else 1
        total = max(sum(1 for *_, short in examples if not short), 1)
        self._idf = {name: math.log(1 + total / max(count, 1)) for name, count in frequency.items()}
        # A cue or an example of one concept ("draft") is met by any question using the word, so
        # it counts for less than a fuller example the question also meets ("adapt a worksheet
        # for a lower reading level"): a whole match of it scores SHORT_EXAMPLE, still a match.
        self._examples = [
            (key, cs, sum(self._idf[c] for c in cs) / (SHORT_EXAMPLE if short else 1.0))
            for key, cs, short in examples
        ]
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


class CoverageIndex:
    """Which of a few long texts (a policy's clauses) a short question is about: the share of
    the question's weighted concepts a text holds, IDF-weighted over the texts. Unlike
    `OverlapIndex`, a long clause is not penalised for all the words the question leaves out."""

    def __init__(
        self,
        entries: Iterable[tuple[str, str]],
        lexicon: Lexicon,
        keep: frozenset[str] = frozenset(),
    ) -> None:
        texts: dict[str, set[str]] = defaultdict(set)
        for key, text in entries:
            texts[key] |= set(phrase_concepts(text, lexicon, keep)) - {POSSESSIVE}
        frequency: dict[str, int] = defaultdict(int)
        for concept_set in texts.values():
            for name in concept_set:
                frequency[name] += 1
        total = max(len(texts), 1)
        self._idf = {name: math.log(1 + total / count) for name, count in frequency.items()}
        self._texts = {key: frozenset(c) for key, c in texts.items()}

    def scores(
        self, concepts: Iterable[str], weak: frozenset[str] = frozenset(), floor: float = 0.0
    ) -> dict[str, float]:
        present = {name for name in concepts if name in self._idf and name not in weak}
        whole = sum(self._idf[name] for name in present)
        if not whole:
            return {}
        found = {}
        for key, concept_set in self._texts.items():
            score = sum(self._idf[name] for name in present & concept_set) / whole
            if score >= floor:
                found[key] = round(score, 6)
        return found
