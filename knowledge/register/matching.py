"""Whether an entry covers a question: the question's use read like a purpose, the policy's own
word weights, and the data levels an approval or a refusal reaches."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence

from ..followup import is_follow_up
from ..identifiers import find_identifiers
from ..matching import SHORT_EXAMPLE, OverlapIndex, concepts_of
from ..normalise import POSSESSIVE
from ..policy import Policy
from ..reader import PURPOSE_THRESHOLD, Reading, read_question
from ..schema import PolicyDocument
from .entries import NO_DATA, PUBLIC, REJECTED, CompiledEntry, Use

PURPOSE_CLOSE = PURPOSE_THRESHOLD  # share of either purpose's weight the other must hold


class Weights(OverlapIndex):
    """The policy's own text (purpose examples, clauses, FAQs) as an `OverlapIndex`, for its
    concept weights (IDF): a word the policy uses everywhere ("report", "draft") tells one use
    from another less than one it rarely uses ("advert"). A word the policy never uses weighs
    the median: nothing is known about it either way."""

    def __init__(self, policy: Policy) -> None:
        doc = policy.document
        texts = [(p.id, example) for p in doc.purposes for example in p.examples]
        texts += [(s.id, s.text) for s in doc.sections if s.text]
        texts += [(f.id, text) for f in doc.faqs for text in (f.question, *f.examples)]
        super().__init__(texts, policy.lexicon)
        self._unseen = statistics.median(self._idf.values()) if self._idf else 1.0

    def of(self, words: Iterable[str]) -> float:
        return sum(self._idf.get(word, self._unseen) for word in words)


def use_of(policy: Policy, reading: Reading, questions: Sequence[str]) -> Use:
    """The use a question (read as `reading`, with the thread `questions` ending in it) asks
    about. In a thread the purpose is that of the latest question naming one, as
    `knowledge.followup` does for the tool and purpose; data is the thread's, already merged."""
    if len(questions) == 1:
        words, purposes = purpose_of(policy, reading)
    else:
        words, purposes = frozenset(), frozenset()
        for position, question in enumerate(questions):
            later = purpose_of(policy, read_question(policy, question))
            if position == 0 or not is_follow_up(question) or later[0] or later[1]:
                words, purposes = later
    return Use(words, purposes, frozenset(reading.data))


def purpose_of(policy: Policy, reading: Reading) -> tuple[frozenset[str], frozenset[str]]:
    """The purpose of one question: the concepts the engine read in it, minus the tool,
    negated data ("no personal data"), role and identifiers; and the policy purposes the
    engine recognised in it. Data and signal words stay: they describe the use too
    ("summarising complaints" is not "summarising reports"; "a press release" is public data,
    the publish circumstance and a use)."""
    tokens = reading.tokens
    concepts = concepts_of(tokens, policy.lexicon)
    removed = [(h.first, h.last) for h in reading.tools]
    for matcher in (policy.absence_matcher, policy.role_matcher):
        removed += [(h.first, h.last) for h in matcher.find(concepts, tokens)]
    removed += [(h.first, h.last) for h in policy.data_matcher.find(concepts, tokens) if h.negated]
    if reading.identifiers:
        for match in find_identifiers(reading.text):
            removed += [
                (i, i + 1)
                for i, t in enumerate(tokens)
                if t.start < match.end and match.start < t.end
            ]
    words = frozenset(
        c.name for c in concepts if c.name != POSSESSIVE and not _within(c.first, c.last, removed)
    )
    # A purpose recognised only from one of its cues ("draft") says too little to relate two
    # uses, so only matches of the policy's examples relate them; otherwise the words decide.
    purposes = frozenset(pid for pid, score in reading.purposes if score > SHORT_EXAMPLE)
    return words, purposes


def _within(first: int, last: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= first and last <= b for a, b in spans)


def purpose_covered(entry: CompiledEntry, asked: Use, shared: float, asked_weight: float) -> bool:
    """Whether the entry's purpose covers the question's (module docstring); `shared` is the
    weight of the purpose words they share."""
    if not asked.named or not entry.named:
        return True
    if shared and max(shared / entry.weight, shared / asked_weight) >= PURPOSE_CLOSE:
        return True
    if not entry.purposes & asked.purposes:
        return False
    return bool(shared or not asked.words or not entry.words)


def data_covered(entry: CompiledEntry, data: frozenset[str]) -> bool:
    if entry.entry.from_policy and entry.retired:
        return True  # the board took the tool off the policy's list: for any data
    if entry.decision == REJECTED:
        return entry.refused is None or bool(data & entry.refused)
    return data <= entry.covers


def approval_coverage(policy: Policy) -> dict[str, frozenset[str]]:
    """For each classification, the data classes an approval at it covers (module docstring):
    everything at a lower sensitivity level, plus the class itself and what it implies."""
    restricted = set(policy.restricted_data)
    level = {d: _level(policy, d, restricted) for d in policy.data_classes}
    coverage = {NO_DATA: frozenset(d for d, n in level.items() if n <= 1)}
    public = frozenset(d for d, n in level.items() if n == 0)
    for data_id, rank in level.items():
        below = {d for d, n in level.items() if n < rank}
        coverage[data_id] = frozenset(below | policy.implied[data_id] | public)
    return coverage


def _level(policy: Policy, data_id: str, restricted: set[str]) -> int:
    data_class = policy.data_classes[data_id]
    if data_id == PUBLIC:
        return 0
    if not data_class.personal:
        return 2 if data_id in restricted else 1
    implies_personal = any(
        policy.data_classes[d].personal for d in policy.implied[data_id] - {data_id}
    )
    return 4 if implies_personal else 3


_WEIGHTS: dict[int, tuple[PolicyDocument, Weights]] = {}  # a few recent policies


def weights_for(policy: Policy) -> Weights:
    """The weights for a policy, computed once per policy document (about 10-20 ms)."""
    cached = _WEIGHTS.get(id(policy.document))
    if cached is None or cached[0] is not policy.document:
        if len(_WEIGHTS) >= 8:
            _WEIGHTS.pop(next(iter(_WEIGHTS)))
        cached = (policy.document, Weights(policy))
        _WEIGHTS[id(policy.document)] = cached
    return cached[1]
