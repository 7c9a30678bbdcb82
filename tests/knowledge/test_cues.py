"""Cue pairs and their negation: a pair's own "without" is part of what it says."""

from __future__ import annotations

from knowledge.cue_spec import CueSpec, Near
from knowledge.cues import PLAIN_NEGATION, CueMatcher
from knowledge.lexicon import load_lexicon
from knowledge.matching import concepts_of
from knowledge.normalise import normalise, tokenise

LEXICON = load_lexicon()
UNCHECKED = CueSpec(
    "unchecked",
    near=(Near(("=without",), ("looking", "checking"), within=2, ordered=True),),
)
HOSTILE = CueSpec("hostile", near=(Near(("travellers",), ("criminals",), within=4),))


def keys(spec: CueSpec, question: str) -> list[tuple[str, bool]]:
    tokens = tokenise(normalise(question))
    concepts = [c for c in concepts_of(tokens, LEXICON) if not c.kept]
    matcher = CueMatcher([spec], LEXICON, PLAIN_NEGATION)
    return [(hit.key, hit.negated) for hit in matcher.find(concepts, tokens)]


def test_a_pair_that_begins_with_without_is_not_negated_by_it() -> None:
    assert keys(UNCHECKED, "post them out without me looking") == [("unchecked", False)]
    assert keys(UNCHECKED, "without a person checking") == [("unchecked", False)]


def test_a_negation_before_the_pair_still_negates_it() -> None:
    assert keys(HOSTILE, "a leaflet saying travellers are not criminals") == [("hostile", True)]
    assert keys(HOSTILE, "a leaflet saying travellers are criminals") == [("hostile", False)]


HEALTH = CueSpec("health", phrases=("epilepsy", "medical notes"), unless=("template",))
EVENT = CueSpec("event", phrases=("accidentally",), unless=("can i",), unless_anywhere=True)


def test_a_veto_reaches_only_the_words_near_it() -> None:
    assert keys(HEALTH, "a template for an epilepsy care plan") == []
    long = "fill in the template for the trip form, using a pupil's epilepsy details"
    assert keys(HEALTH, long) == [("health", False)]


def test_a_veto_marked_anywhere_rules_the_cue_out_from_afar() -> None:
    question = "can i ask what happens if someone in a team accidentally pastes it"
    assert keys(EVENT, question) == []
    assert keys(EVENT, "someone in my team accidentally pasted it") == [("event", False)]
