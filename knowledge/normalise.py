"""Text normalisation shared by the loader (alias keys) and the engine (reading questions)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("english")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "`": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
    }
)
# "resident's" and "residents'" both become "resident" + a possessive token, so that
# "a resident's address" reads as personal data while "residents" alone does not.
_POSSESSIVE = re.compile(r"(?<=[a-z0-9])(?:'s|s')(?![a-z0-9])")
_TOKEN = re.compile(r"'s(?![a-z0-9])|[a-z0-9]+")  # not the quote before 'saying'
POSSESSIVE = "'s"
# a stop with space after it, between two words ("s.42", "otter.ai" and "e.g.x" run on)
_STOPS = re.compile(r"[.?!]+['\")\]]*\s")


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # lower-cased
    start: int  # offsets into the normalised text
    end: int
    capitalised: bool  # as the person typed it: a hint that an unknown word is a name
    sentence: int = 0  # which sentence of the message the word is in


# Dictation writes punctuation and web addresses out in words: "otter dot ai", "is that ok full
# stop". Each is replaced by its mark (a web address's dot by a space, so "otter ai" is the one
# name it was), padded with spaces to the same length.
# The lookbehind starts a match only where a whitespace run starts, so a long run is crossed
# once, not once per space (a 100,000-space question would otherwise take minutes).
_SPOKEN = re.compile(
    r"(?i)(?<!\s)\s+(?:dot\s+(?=(?:ai|com|io|net|org)\b)|full\s+stop\b|question\s+mark\b)"
)
_MARKS = {"dot": " ", "full": ".", "question": "?"}


def _spoken(match: re.Match[str]) -> str:
    said = match.group(0)
    return _MARKS[said.split()[0].lower()].ljust(len(said))


def normalise(text: str) -> str:
    """NFKC, typographic quotes and dashes made plain, spoken punctuation written as marks.
    Length-preserving apart from NFKC, so offsets into the result index the same characters
    the tokens came from."""
    return _SPOKEN.sub(_spoken, unicodedata.normalize("NFKC", text).translate(_QUOTES))


def tokenise(text: str) -> list[Token]:
    """Words of `text` (already normalised), lower-cased, with possessives split off."""
    lowered = text.lower()
    return _sentences(lowered, _words(text, lowered))


def _sentences(lowered: str, tokens: list[Token]) -> list[Token]:
    """Numbers each token's sentence: a full stop, question or exclamation mark between two
    words starts a new one."""
    sentence = 0
    for index in range(1, len(tokens)):
        if _STOPS.search(lowered[tokens[index - 1].end : tokens[index].start]):
            sentence += 1
        if sentence:
            tokens[index] = replace(tokens[index], sentence=sentence)
    return tokens


def _words(text: str, lowered: str) -> list[Token]:
    marked = _POSSESSIVE.sub(lambda m: " 's" if m.group(0) == "'s" else "s's", lowered)
    if marked == lowered:
        return [_token(text, lowered, m.start(), m.end()) for m in _TOKEN.finditer(lowered)]
    # The possessive rewrite shifted offsets; re-find each token's position in the original.
    tokens: list[Token] = []
    cursor = 0
    for match in _TOKEN.finditer(marked):
        word = match.group(0)
        if word == POSSESSIVE:
            tokens.append(Token(POSSESSIVE, cursor, cursor, False))
            continue
        start = lowered.find(word, cursor)
        cursor = start + len(word)
        tokens.append(_token(text, lowered, start, cursor))
    return tokens


# Misspellings of words the data cues turn on, as people type them in a hurry ("a refrence for a
# colleague"), and American spellings: each token reads as the word meant, at the same offsets.
_SPELLINGS = {
    "refrence": "reference", "referance": "reference", "refernce": "reference",
    "refrences": "references", "referances": "references", "adress": "address",
    "adresses": "addresses", "addresss": "address", "recomend": "recommend",
    "recomendation": "recommendation", "recomendations": "recommendations",
    "behavior": "behaviour", "behaviors": "behaviours", "tennant": "tenant", "tennants": "tenants",
    "councilor": "councillor", "councilors": "councillors", "safegaurding": "safeguarding",
    "confidental": "confidential", "grievence": "grievance", "appraisel": "appraisal",
    "medicle": "medical",
}  # fmt: skip


def _token(original: str, lowered: str, start: int, end: int) -> Token:
    word = lowered[start:end]
    return Token(_SPELLINGS.get(word, word), start, end, original[start : start + 1].isupper())


# No English word or tool name is longer; stemming a pasted 30,000-character token would cost
# tens of milliseconds for nothing, so such a token stands for itself.
LONGEST_WORD = 40


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    if word == POSSESSIVE or len(word) > LONGEST_WORD:
        return word
    stemmed: str = _STEMMER.stemWord(word)
    return stemmed


def compact_key(name: str) -> str:
    """The form tool names are compared in: case, spaces, hyphens and dots ignored, so
    "Co-Pilot", "co pilot" and "copilot" are one key."""
    return re.sub(r"[^a-z0-9]", "", normalise(name).lower())
