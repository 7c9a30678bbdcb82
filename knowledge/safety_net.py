"""A second, statistical look at the engine's yes (issue 11).

The engine says yes only when it has read a use it can judge. It still reads some uses wrong,
and phrase by phrase fixes generalised poorly to questions nobody wrote a test for
(docs/engine-measurements.md, "The safety net"). This model was trained on the question tables
the project has read, to predict one thing: "a yes to this question would be wrong". When the
engine is about to say yes and the model says a yes is likely wrong, the engine asks instead of
answering (knowledge.engine). It never turns a no into a yes.

The weights are data (knowledge/data/safety_net.json.gz), made by tools/train_safety_net.py with
scikit-learn, which policybot does not need at run time: this module is the whole of the model as
it runs (TF-IDF over word 1-2 grams and character 3-5 grams inside words, each part normalised,
then a logistic regression), in plain Python, deterministic, and explainable: `Doubt.words` are
the words of the question that weighed most towards "not a yes".
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .question_table import TableQuestion

MODEL_PATH = Path(__file__).parent / "data" / "safety_net.json.gz"
# The splits kept sealed: measured, never read, never trained on. month44 and month45 were
# written to judge the verdict reader on (docs/engine-measurements.md, fifteenth session) and
# stay sealed for the readers after it; month46 and month47 were written to judge the sixteenth
# session's work on, month48 and month49 the seventeenth's, month50 and month51 the
# eighteenth's, month52 and month53 the nineteenth's, month54 and month55 the twentieth's,
# month58 and month59 the twenty-first's, month62 and month63 the twenty-second's, month66 and
# month67 the twenty-third's, month68 and month69 the twenty-fourth's, and stay sealed the same
# way.
SEALED_SPLITS = frozenset(
    {"mixed", "month2", "month3", "month4"}
    | {"month44", "month45", "month46", "month47", "month48", "month49", "month50", "month51"}
    | {"month52", "month53", "month54", "month55", "month58", "month59", "month62", "month63"}
    | {"month66", "month67", "month68", "month69", "month72", "month73", "month76", "month77"}
)
# Splits read and worked on by hand, as the open ones are, but kept out of the models' training
# so that they judge its next retraining. Months 56 to 75 were kept out so from the twentieth
# session (two retrainings with new months had added sealed false yes). The twenty-sixth session
# trained the safety net and the information and incident readers with them: on the sealed
# months that took 23 more right and four false yes away, and on months 78 and 79, kept out,
# one more right and none (docs/engine-measurements.md). Months 78 and 79 judge the next one.
UNTRAINED_SPLITS = frozenset({"month78", "month79"})
# ... and the readers of what a use runs into (the risk reader, and each policy's verdict,
# clause and refusal readers) still learn without months 56 to 75: trained with them too, they
# took more right on the sealed months but brought back two of those false yes, and refused
# "a calm reply to a resident who has sent increasingly rude emails" as offensive.
READERS_UNTRAINED_SPLITS = UNTRAINED_SPLITS | frozenset(
    {"month56", "month57", "month60", "month61", "month64", "month65", "month70", "month71"}
    | {"month74", "month75"}
)
# As scikit-learn's TfidfVectorizer tokenises (token_pattern and whitespace runs).
_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
MAX_WORDS_SHOWN = 3
MAX_CACHED_WORDS = 20_000
# Words that carry no meaning of their own: true to the model, and no help to the reader.
_PLAIN = frozenset(
    (
        "the",
        "and",
        "for",
        "with",
        "from",
        "into",
        "about",
        "that",
        "this",
        "these",
        "those",
        "what",
        "which",
        "whether",
        "can",
        "could",
        "would",
        "should",
        "will",
        "may",
        "might",
        "use",
        "using",
        "used",
        "our",
        "your",
        "their",
        "its",
        "his",
        "her",
        "they",
        "them",
        # what is left of "didn't", "haven't" ... once the tokeniser drops the "t"
        "didn",
        "doesn",
        "don",
        "haven",
        "hasn",
        "isn",
        "wasn",
        "aren",
        "won",
        "wouldn",
        "couldn",
        "shouldn",
        "you",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "just",
        "then",
        "than",
        "also",
        "any",
        "all",
        "some",
        "not",
        "but",
        "get",
        "got",
        "when",
        "where",
        "how",
        "who",
        "why",
        "there",
        "here",
        "put",
        "make",
        "want",
        "need",
        "like",
        "very",
        "really",
        "only",
        "still",
        "even",
        "ok",
        "okay",
        "fine",
    )
)


@dataclass(frozen=True, slots=True)
class Doubt:
    """Why the model doubts a yes: its probability that a yes is wrong, and the question's words
    that weighed most towards that."""

    probability: float
    words: tuple[str, ...]


class _Part:
    """One binary TF-IDF vectoriser's vocabulary and the model's weights for it. A text's
    vector holds idf for each term present, normalised: its score is Σ idf·coef / √Σ idf²,
    both sums over the terms present, each looked up once."""

    def __init__(self, terms: list[str], idf: list[float], coef: list[float]) -> None:
        self.index = {term: i for i, term in enumerate(terms)}
        # Both sums in one pass of C: idf² as the real part, idf·coef as the imaginary.
        self.both = [complex(w * w, w * c) for w, c in zip(idf, coef, strict=True)]

    def score(self, present: set[int]) -> float:
        total = sum(map(self.both.__getitem__, present), 0j)
        return total.imag / math.sqrt(total.real) if total.real > 0.0 else 0.0

    def indices(self, grams: Iterable[str]) -> set[int]:
        found = map(self.index.get, grams)
        return {i for i in found if i is not None}

    def shares(self, present: set[int], owners: dict[int, set[str]]) -> dict[str, float]:
        """Each word's share of the score: a term's part is split among the words it came
        from. Only needed to explain a doubt."""
        norm = math.sqrt(sum(map(self.both.__getitem__, present), 0j).real) or 1.0
        shares: dict[str, float] = {}
        for i in present:
            words = owners[i]
            for word in words:
                shares[word] = shares.get(word, 0.0) + self.both[i].imag / norm / len(words)
        return shares


class SafetyNet:
    """The trained model: `doubt(text)` is None unless a yes looks wrong."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.threshold = float(data["threshold"])
        self.intercept = float(data["intercept"])
        self.word = _Part(*(data["word"][key] for key in ("terms", "idf", "coef")))
        self.char = _Part(*(data["char"][key] for key in ("terms", "idf", "coef")))
        self.low, self.high = data["char"]["ngram_range"]
        self.trained_on: dict[str, Any] = data["trained_on"]
        # Texts as the model reads them, with scikit-learn's probability for each.
        self.probes: list[tuple[str, float]] = [(text, p) for text, p in data["probes"]]
        # A word's character terms, by word: questions repeat their words, and the letters of a
        # word are its n-grams wherever it stands. Bounded, as a question may be any words.
        self._letters: dict[str, frozenset[int]] = {}

    def probability(self, text: str) -> float:
        return self.read(model_text(text))

    def read(self, document: str) -> float:
        """The probability that a yes is wrong, for a text as the model reads it."""
        words = self.word.indices(_word_grams(_TOKEN.findall(document)))
        letters = set().union(*map(self._word_letters, document.split()))
        score = self.intercept + self.word.score(words) + self.char.score(letters)
        return 1.0 / (1.0 + math.exp(-score))

    def doubt(self, text: str) -> Doubt | None:
        """`text` is the question with its tools masked (`masked`)."""
        probability = self.probability(text)
        if probability <= self.threshold:
            return None
        return Doubt(round(probability, 3), self._words(model_text(text)))

    def _word_letters(self, word: str) -> frozenset[int]:
        found = self._letters.get(word)
        if found is None:
            if len(self._letters) >= MAX_CACHED_WORDS:
                self._letters.clear()
            found = frozenset(self.char.indices(_char_grams(word, self.low, self.high)))
            self._letters[word] = found
        return found

    def _words(self, document: str) -> tuple[str, ...]:
        """The words of the question that weighed most towards a doubt, most first (not the
        marks that stand for tools: the engine answers for those)."""
        owners: dict[int, set[str]] = {}
        tokens = _TOKEN.findall(document)
        # A two-word term belongs to its second word: the first counts as a term of its own.
        for gram, word in zip(_word_grams(tokens), [*tokens, *tokens[1:]], strict=True):
            i = self.word.index.get(gram)
            if i is not None:
                owners.setdefault(i, set()).add(word)
        shares = self.word.shares(set(owners), owners)
        owners = {}
        for raw in document.split():
            word = _EDGE_PUNCTUATION.sub("", raw) or raw
            for i in self._word_letters(raw):
                owners.setdefault(i, set()).add(word)
        for word, share in self.char.shares(set(owners), owners).items():
            shares[word] = shares.get(word, 0.0) + share
        return shown_words(shares)


def shown_words(shares: dict[str, float]) -> tuple[str, ...]:
    """The words that weighed most towards a reading (each word's share of the score), most
    first, as a person is shown them: not the marks that stand for tools (the engine answers
    for those), not words that carry no meaning, and one of a word and its longer form."""
    ranked = sorted(
        # "aitool" alone: the risk reader's one word for every tool (risk_reader.reader_text)
        ((s, w) for w, s in shares.items() if s > 0 and not w.startswith("aitool")),
        reverse=True,
    )
    shown: list[str] = []
    for _, word in ranked:
        # "resident" (a word term) and "resident's" (the word its letters came from)
        if word in _PLAIN or len(word) < 3:
            continue
        if not any(word in other or other in word for other in shown):
            shown.append(word)
    return tuple(shown[:MAX_WORDS_SHOWN])


def model_text(text: str) -> str:
    """What the model reads: the question in lower case, its tools already masked. Nothing
    names the policy: what differs between policies is the engine's to say."""
    return text.lower()


def masked(text: str, marks: Iterable[tuple[str, str]]) -> str:
    """`text` with each tool named in it (as typed) replaced by its mark, a word saying what
    the policy says of it ("aitool_allowed"): the engine judges tools by the policy and the
    register, the model the rest of the question; and no bundled policy's view of a named tool
    is carried into another policy."""
    # longest first, then alphabetically: overlapping names of one length mask the same way
    # whatever the order they were found in
    for name, mark in sorted(set(marks), key=lambda m: (-len(m[0]), m[0].lower(), m[1])):
        if name.strip():
            text = re.sub(re.escape(name), f" {mark} ", text, flags=re.IGNORECASE)
    return text


def _word_grams(tokens: list[str]) -> list[str]:
    return [*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))]


def _char_grams(word: str, low: int, high: int) -> list[str]:
    """A word's character n-grams with a space either side, as scikit-learn's `char_wb`
    analyser makes them (a padded word of exactly n characters is its one n-gram, and a
    shorter one has none of length n)."""
    padded = f" {word} "
    size = len(padded)
    return [padded[i : i + n] for n in range(low, high + 1) for i in range(size - n + 1)]


@cache
def safety_net() -> SafetyNet:
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as handle:
        return SafetyNet(json.load(handle))


def training_rows() -> list[tuple[str, str, str, bool]]:
    """(policy, split, question, a yes is wrong) for every question of every bundled table but
    the sealed and untrained splits: what tools/train_safety_net.py learns from."""
    return [(p, split, q.text, q.yes_is_wrong) for p, split, q in open_questions()]


def open_questions(
    only: str | None = None, kept_out: frozenset[str] = UNTRAINED_SPLITS
) -> Iterator[tuple[str, str, TableQuestion]]:
    """(policy, split, question) for every question of every bundled table a model learns
    from (all but the sealed splits and those `kept_out` of it), in a fixed order; `only`: one
    policy's tables."""
    # Imported here: the engine imports this module, and the tables are read with the engine's.
    from .loader import bundled_ids, bundled_tables
    from .policy import load_policy
    from .question_table import load_table

    for policy_id in bundled_ids() if only is None else [only]:
        policy = load_policy(policy_id)
        for path in bundled_tables(policy_id):
            split = path.name.split(".")[-2]
            if split not in SEALED_SPLITS | kept_out:
                for question in load_table(path, policy.sections).questions:
                    yield policy_id, split, question


def training_digest(rows: Sequence[tuple[str, str, str, bool | str]]) -> str:
    """A fingerprint of (policy, split, question, label) rows (a yes is wrong; or the kind of
    risk): the shipped weights record the one they were trained on, and a test compares it
    with the tables as they are."""
    digest = hashlib.sha256()
    for row in sorted(rows):
        digest.update(json.dumps(row, ensure_ascii=False).encode())
    return digest.hexdigest()
