"""Cues: how the engine recognises a kind of data or a circumstance in a question, however it is
worded.

A cue is found by any of three kinds of evidence, all written in knowledge/data/lexicon.yaml or a
policy's own `signals` (docs/policy-format.md):

- `phrases`: a word or phrase, matched by concept (stems, shared synonyms) or, where small words
  carry the meaning ("let it decide"), word for word (`matching.PhraseMatcher`);
- `near`: two groups of phrases found within a few words of each other, e.g. a verb of making
  things up ("make up", "invent") near a thing that must be real ("quotes", "figures"): either
  alone is innocent, together they are fabrication. `ordered` requires the `a` phrase first;
- `unless`: phrases that, within a few words of a hit, mean the cue is about something else
  ("a leaflet on how to *report* racist graffiti" is not racist content). A veto is local:
  one word elsewhere in a long message must not hide a risk it says nothing about.

Every group of every cue is matched in one scan of the question, so adding cues costs little.
A hit keeps its token span, so an answer can say what it read ("made up ... quotes").
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

from .cue_spec import CueSpec, Near
from .lexicon import Lexicon
from .matching import Concept, PhraseHit, PhraseMatcher
from .normalise import Token

__all__ = ["INCLUDED", "PLAIN_NEGATION", "CueMatcher", "CueSpec", "Near"]

# Words that negate a circumstance ("not publishing it"). "Delete" or "strip" before a kind of
# data take the data away ("delete the names first"), but before "the chat history" they are
# the very act, so circumstances use only these.
# How far a veto reaches, in words either side: "template" next to "health" makes it a blank
# form, but says nothing about "her medical notes" later in the message.
UNLESS_WITHIN = 6
_BUT = frozenset({"but", "however", "though", "although", "except"})
# Words before a data phrase that say the thing is in what goes to the AI: "which includes
# people's names and health issues" (knowledge.reader keeps such data against a later "generic").
INCLUDED = frozenset({"include", "includes", "including", "contain", "contains", "containing"})
# ... and that say it is real: "my actual case notes".
_REAL = INCLUDED | {"actual", "real", "live", "genuinely"}
PLAIN_NEGATION = frozenset({"no", "not", "non", "without", "never", "none", "nothing", "zero"})


class CueMatcher:
    """Finds cues in a question: one `PhraseMatcher` scan over every group of every cue, then
    the `near` pairs and `unless` vetoes are resolved from the positions found.

    Cue phrases match word for word up to stemming ("resident's" = "residents'"), not by the
    shared synonyms purposes use: "grievance" must not find "complaints", nor "copy" find
    "text". A phrase may ask for exact words ("=political", whose stem is polite's) or, with
    "^", for concept matching."""

    def __init__(
        self,
        specs: Iterable[CueSpec],
        lexicon: Lexicon,
        negation_before: frozenset[str] | None = None,
    ) -> None:
        self._specs = list(specs)
        entries: list[tuple[str, str]] = []
        for index, spec in enumerate(self._specs):
            entries += [(f"{index}:p", _by_stem(phrase)) for phrase in spec.phrases]
            entries += [(f"{index}:u", _by_stem(phrase)) for phrase in spec.unless]
            for pair, near in enumerate(spec.near):
                entries += [(f"{index}:a{pair}", _by_stem(phrase)) for phrase in near.a]
                entries += [(f"{index}:b{pair}", _by_stem(phrase)) for phrase in near.b]
        self._matcher = PhraseMatcher(entries, lexicon, negation_before)
        self._negations = lexicon.negation_before if negation_before is None else negation_before

    @property
    def keys(self) -> list[str]:
        return [spec.key for spec in self._specs]

    def find(self, concepts: Sequence[Concept], tokens: Sequence[Token]) -> list[PhraseHit]:
        return self.find_with_vetoes(concepts, tokens)[0]

    def find_with_vetoes(
        self, concepts: Sequence[Concept], tokens: Sequence[Token]
    ) -> tuple[list[PhraseHit], list[PhraseHit]]:
        """The hits, and every veto phrase found ("mock up", "award winners"): words a veto
        names are words the engine has read as harmless, whether or not a hit was near."""
        found: dict[int, dict[str, list[PhraseHit]]] = {}
        for hit in self._matcher.find(concepts, tokens):
            spec_number, role = hit.key.split(":", 1)
            found.setdefault(int(spec_number), {}).setdefault(role, []).append(hit)
        hits: list[PhraseHit] = []
        every_veto: list[PhraseHit] = []

        def negating(hit: PhraseHit) -> bool:
            return any(t.text in self._negations for t in tokens[hit.first : hit.last])

        for index, roles in found.items():
            spec = self._specs[index]
            own = [PhraseHit(spec.key, h.first, h.last, h.negated) for h in roles.get("p", ())]
            for pair, near in enumerate(spec.near):
                firsts, seconds = roles.get(f"a{pair}", ()), roles.get(f"b{pair}", ())
                own += _pairs(spec.key, near, firsts, seconds, negating)
            vetoes = roles.get("u", ())
            every_veto += vetoes
            if spec.unless_anywhere and vetoes:
                continue
            for h in own:
                vetoed = _vetoed(h, vetoes, tokens)
                if not vetoed:
                    hits.append(h)
                elif spec.key in READ_WHEN_VETOED:
                    # "fake" in "fake records to test the new system" is read, as harmless:
                    # nothing left to ask about
                    every_veto.append(h)
        hits.sort(key=lambda h: (h.first, h.last))
        if any(h.negated for h in hits):  # most questions deny nothing: no list to walk
            hits = _negated_along_lists(hits, [t.text for t in tokens])
        return hits, every_veto


# Signals whose vetoed words are read, not left to ask about: only made-up content, whose vetoes
# say what it is made up for (a test system, a lesson on spotting fakes); a veto of offensive
# content ("a persona for fraud awareness") leaves "scrounger" to ask about.
READ_WHEN_VETOED = frozenset({"fabrication"})


def _vetoed(hit: PhraseHit, vetoes: Sequence[PhraseHit], tokens: Sequence[Token]) -> bool:
    """A veto speaks for the words around it in its own sentence, not for the whole message:
    "fill in the template from her medical notes" is about a real child's health even though
    "template" is a word that, next to "health", means a blank form. Nor for what the person
    says is really there: "then I'll paste my actual case notes in so it fills the template",
    "the survey, which includes people's names, as a generic overview"."""
    if _REAL.intersection(t.text for t in tokens[max(0, hit.first - 2) : hit.first]):
        return False
    return any(
        v.first - hit.last <= UNLESS_WITHIN
        and hit.first - v.last <= UNLESS_WITHIN
        and tokens[v.first].sentence == tokens[hit.first].sentence
        # "made up, but we'd present it as a real story": a "but" between them turns it back
        and not _BUT.intersection(
            t.text for t in tokens[min(v.last, hit.last) : max(v.first, hit.first)]
        )
        for v in vetoes
    )


def _pairs(
    key: str,
    near: Near,
    firsts: Sequence[PhraseHit],
    seconds: Sequence[PhraseHit],
    negating: Callable[[PhraseHit], bool],
) -> list[PhraseHit]:
    """Each `a` hit paired with the nearest `b` hit within `near.within` words. The `b` hits are
    searched by position (bisect), so a pasted document with many of both stays linear."""
    if not firsts or not seconds:
        return []
    after = sorted(seconds, key=lambda h: h.first)
    starts = [h.first for h in after]
    before = sorted(seconds, key=lambda h: h.last)
    ends = [h.last for h in before]
    hits = []
    for a in firsts:
        b = _following(a, after, starts, near.within)
        if b is None and not near.ordered:
            b = _preceding(a, before, ends, near.within)
        if b is not None:
            first, last = min(a.first, b.first), max(a.last, b.last)
            # "without me looking": the pair's own "without" is no negation of its second half
            own = a.last <= b.first and negating(a)
            hits.append(PhraseHit(key, first, last, a.negated or (b.negated and not own)))
    return hits


def _following(
    a: PhraseHit, hits: Sequence[PhraseHit], starts: list[int], within: int
) -> PhraseHit | None:
    index = bisect.bisect_left(starts, a.last)
    if index < len(hits) and hits[index].first - a.last <= within:
        return hits[index]
    return None


def _preceding(
    a: PhraseHit, hits: Sequence[PhraseHit], ends: list[int], within: int
) -> PhraseHit | None:
    index = bisect.bisect_right(ends, a.first) - 1
    if index >= 0 and a.first - hits[index].last <= within:
        return hits[index]
    return None


def _by_stem(phrase: str) -> str:
    if phrase[:1] in "=~":
        return phrase
    return phrase[1:] if phrase[:1] == "^" else "~" + phrase


def _negated_along_lists(hits: list[PhraseHit], words: Sequence[str]) -> list[PhraseHit]:
    """A negation reaches along a list however long: "leave out the complainant's name, address
    and case details" leaves out all three, where the look-back of `_negated` stops short. Only
    items of the same cue that follow a denied one with nothing but "and", "or" or "nor" (or a
    comma) between them."""
    out = list(hits)  # already in order of position
    denied_ends: set[tuple[str, int]] = set()
    for i, hit in enumerate(out):
        if not hit.negated and any(
            key == hit.key and end <= hit.first and _LIST_JOINS.issuperset(words[end : hit.first])
            for key, end in denied_ends
        ):
            out[i] = hit = PhraseHit(hit.key, hit.first, hit.last, True)
        if hit.negated:
            denied_ends.add((hit.key, hit.last))
    return out


_LIST_JOINS = frozenset({"and", "or", "nor"})
