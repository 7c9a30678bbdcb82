"""Never a yes without evidence: fragments and word salads, however they are dressed as a
question, are answered with a clarifying question or a no, never "allowed"."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge import Verdict, decide, load_policy
from knowledge.lexicon import load_lexicon
from knowledge.normalise import stem

POLICIES = [
    load_policy(p) for p in ("socitm-template", "mid-kent", "oadby-wigston", "school-model")
]
YES = {Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS}

LEXICON = load_lexicon()


def _concept(word: str) -> str:
    stemmed = stem(word)
    return LEXICON.synonyms.get((stemmed,), stemmed)


# English words the engine gives no meaning to (none of the policies' or the lexicon's words),
# and a few it does: a salad is mostly the first, with perhaps one of the second.
UNKNOWN = sorted(
    {
        _concept(word): word
        for word in LEXICON.common_words
        if len(word) > 3
        and word.isalpha()
        and stem(word) not in LEXICON.stopwords
        and all(
            _concept(word) not in p.known_concepts and _concept(word) not in p.vague_words
            for p in POLICIES
        )
    }.values()
)  # one word per concept, so that three words are three unknown things
KNOWN = ["report", "minutes", "agenda", "poster", "plan", "email", "summary", "quiz"]
OPENERS = ["", "can i use chatgpt to ", "is it ok to ", "can copilot ", "can i ", "could ai "]
# What a fragment is made of: small words, pointing words and vague words, but no use.
FRAGMENT_WORDS = [
    "is",
    "it",
    "ok",
    "okay",
    "that",
    "this",
    "fine",
    "allowed",
    "can",
    "i",
    "we",
    "the",
    "thing",
    "one",
    "stuff",
    "earlier",
    "same",
    "again",
    "what",
    "about",
    "and",
    "for",
    "so",
    "?",
    "!",
    "hi",
    "thanks",
    "yes",
    "no",
    "please",
    "quick",
    "q",
    "re",
    "ai",
    "bot",
    "tool",
]


def answers(question: str) -> list[Verdict]:
    return [decide(policy, question).verdict for policy in POLICIES]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(OPENERS),
    st.lists(st.sampled_from(UNKNOWN), min_size=3, max_size=9, unique=True),
    st.lists(st.sampled_from(KNOWN), max_size=1),
    st.randoms(use_true_random=False),
)
def test_a_word_salad_is_never_a_yes(
    opener: str, unknown: list[str], known: list[str], rng: random.Random
) -> None:
    words = unknown + known
    rng.shuffle(words)
    question = opener + " ".join(words)
    assert YES.isdisjoint(answers(question)), question


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENT_WORDS), min_size=0, max_size=4))
def test_a_fragment_is_never_a_yes(words: list[str]) -> None:
    question = " ".join(words)
    assert YES.isdisjoint(answers(question)), question


def test_a_salad_the_engine_partly_knows_is_asked_about() -> None:
    # Two words it knows ("poster", "minutes") among four it does not.
    decision = decide(POLICIES[0], "can i use chatgpt to poster minutes zeugma quokka fjord yurt")
    assert decision.verdict == Verdict.UNCLEAR
    assert "What do you want to use ChatGPT for" in decision.answer


# Salads a longer random run found, with two of their words taken for the policy's: the use read
# from one word an example shares ("quiz") among words in no sentence is not a use read.
FOUND_SALADS = [
    ("school-model", "can i crackups livening quiz rued"),
    ("socitm-template", "can i use chatgpt to awfully wuss poster waterfowl"),
]


def test_the_salads_a_longer_run_found_are_never_a_yes() -> None:
    by_id = {policy.id: policy for policy in POLICIES}
    for policy_id, question in FOUND_SALADS:
        assert decide(by_id[policy_id], question).verdict not in YES, (policy_id, question)
