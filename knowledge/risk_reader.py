"""A statistical reading of which risk a doubted use runs (issue 11).

When the engine would say yes and the safety net doubts it (knowledge.safety_net), the engine
used to ask "does it involve any of these?". Most such questions were written expecting a no,
and most of those show one risk the lexicon did not read: a decision left to AI said in words
nobody listed, made-up content, a mocking reply. This model was trained on the question tables
the project has read, each labelled by its writer with the kind of question it is, to name that
risk, or none (the questions whose writer expected a yes). The engine then judges the use as if
the risk had been read, by the policy's own rules and clauses, and says so ("Read as: a decision
about a person left to AI, from the words ..."). It is asked where the net doubts a yes, where
the engine cannot name the use at all, and where a tool needing approval is used for something
the policy refuses outright (knowledge.engine, READ_DOUBTED and the others). It never makes a
yes: when its reading leaves the use permitted, or it is not sure enough, the engine answers or
asks as it would have.

Like the safety net, the weights are data (knowledge/data/risk_reader.json.gz, made by
tools/train_safety_net.py with scikit-learn) and this module is the whole model as it runs:
TF-IDF over word 1-2 grams, then a multinomial logistic regression, in plain Python.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .safety_net import (
    _TOKEN,
    READERS_UNTRAINED_SPLITS,
    _word_grams,
    model_text,
    open_questions,
    shown_words,
)

MODEL_PATH = Path(__file__).parent / "data" / "risk_reader.json.gz"
# The same kind of model, learning whether a question asks about the policy or for a use.
INFORMATION_MODEL_PATH = Path(__file__).parent / "data" / "information_reader.json.gz"
INFORMATION = "information"
# ... and whether a message tells of something that has already happened (an incident to report)
# rather than asking for a use or about the policy: where the lexicon reads no incident in a
# story told in other words ("colleague keeps uploading CPOMS screenshots to some AI site").
INCIDENT_MODEL_PATH = Path(__file__).parent / "data" / "incident_reader.json.gz"
INCIDENT = "incident"
OTHER = "other"
# Sure enough to answer: below this the engine asks its question instead. Chosen on months
# the model had not been trained on (docs/engine-measurements.md, "The risk reader").
THRESHOLD = 0.5
_ACCOUNT = re.compile(r"\b(?:account|login|log ?in|logged in|sign(?:ed)? in|subscription)\b", re.I)


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of risk as the tables' writers labelled it, and what the engine reads for it:
    a signal, or a data class (the first of `data` the policy has)."""

    label: str
    signal: str | None = None
    data: tuple[str, ...] = ()


# Table categories -> what they mean for the rules. Categories that name no risk of their own
# (a tool's status, a role, an information question) are not learnt.
KINDS: dict[str, Kind] = {
    "decision_about_people": Kind("a decision about people left to AI", "automated_decision"),
    "professional_judgement": Kind(
        "AI standing in for a professional judgement", "professional_judgement"
    ),
    "no_human_review": Kind("AI output used without a person checking it", "no_human_review"),
    "fabrication": Kind("made-up or misleading content", "fabrication"),
    "harmful_content": Kind("offensive, mocking or unfair content about people", "harmful_content"),
    "political": Kind("party-political content", "political"),
    "copyright": Kind("copying someone else's work", "copyright"),
    "records_foi": Kind("deleting or withholding records", "records_deletion"),
    "disclosure": Kind("AI use not declared", "no_disclosure"),
    "deployment": Kind("putting an AI system into live use", "live_deployment"),
    "procurement": Kind("buying or trialling an AI product", "procurement"),
    "personal_device_account": Kind("a personal device or account", "personal_device"),
    "personal_data": Kind("information about identifiable people", None, ("personal",)),
    "special_category": Kind(
        "sensitive information about people (health, beliefs ...)",
        None,
        ("special_category", "sensitive", "personal"),
    ),
    "confidential": Kind("confidential information", None, ("confidential",)),
}
# Written as a kind of their own by the writers, read as what they are about.
_SAME_AS = {"personal_data_indirect": "personal_data", "negation": "personal_data"}
_NO = frozenset({"prohibited", "needs_approval"})
_YES = frozenset({"allowed", "allowed_with_conditions"})
# What a question a writer expected a yes for is learnt as: no risk at all. Without it the model
# must pick a risk for every question, and "a press release about the new leisure centre" reads
# as made-up content because press releases often are, in the questions expecting a no.
NONE = "none"


def kind_of(category: str | None) -> str | None:
    """The kind a table row teaches, from its writer's category."""
    if category is None:
        return None
    kind = _SAME_AS.get(category, category)
    return kind if kind in KINDS else None


@dataclass(frozen=True, slots=True)
class RiskReading:
    kind: str
    probability: float
    words: tuple[str, ...]

    @property
    def label(self) -> str:
        return KINDS[self.kind].label

    def signal(self, text: str) -> str | None:
        """The signal the engine reads for this risk; an account, not a device, where the
        question says so (policies rule on the two differently)."""
        signal = KINDS[self.kind].signal
        if signal == "personal_device" and _ACCOUNT.search(text):
            return "personal_login"
        return signal


class RiskReader:
    """The trained model: `read(text)` is its most likely risk, with the words behind it."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.kinds: list[str] = list(data["classes"])
        self.intercepts: list[float] = [float(b) for b in data["intercepts"]]
        terms: list[str] = data["terms"]
        self.index = {term: i for i, term in enumerate(terms)}
        self.idf = array("d", data["idf"])
        # one row of weights per term, a column per kind, flat: memory for 10^5 floats, not
        # 10^5 lists
        self.coef = array("d", (w for row in data["coef"] for w in row))
        self.trained_on: dict[str, Any] = data["trained_on"]
        self.probes: list[tuple[str, list[float]]] = [(t, p) for t, p in data["probes"]]

    def probabilities(self, document: str) -> list[float]:
        """Each kind's probability, for a text as the model reads it."""
        return _softmax(self._scores(reader_text(document))[0])

    def probability(self, text: str, kind: str) -> float:
        """How likely `text` (the question, its tools masked) is of `kind`."""
        return self.probabilities(model_text(text))[self.kinds.index(kind)]

    def read(self, text: str, threshold: float = THRESHOLD) -> RiskReading | None:
        """The likeliest risk of `text` (the question, its tools masked), or None when the
        model is less sure of it than `threshold`."""
        likeliest = self.likeliest(reader_text(model_text(text)), threshold)
        if likeliest is None or likeliest[0] == NONE:
            return None
        return RiskReading(*likeliest)

    def likeliest(
        self, document: str, threshold: float
    ) -> tuple[str, float, tuple[str, ...]] | None:
        """The likeliest kind of a text as the model reads it, how sure (rounded) and the
        words behind it; None when it is less sure than `threshold`."""
        scores, weights = self._scores(document)
        probabilities = _softmax(scores)
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        if probabilities[best] < threshold:
            return None
        words = self._words(document, best, weights)
        return self.kinds[best], round(probabilities[best], 3), words

    def _scores(self, document: str) -> tuple[list[float], dict[int, float]]:
        present = {
            i for i in map(self.index.get, _word_grams(_TOKEN.findall(document))) if i is not None
        }
        norm = math.sqrt(sum(self.idf[i] ** 2 for i in present)) or 1.0
        size = len(self.kinds)
        scores = list(self.intercepts)
        weights = {i: self.idf[i] / norm for i in present}
        for i, weight in weights.items():
            row = i * size
            for k in range(size):
                scores[k] += weight * self.coef[row + k]
        return scores, weights

    def _words(self, document: str, kind: int, weights: dict[int, float]) -> tuple[str, ...]:
        """The question's words that weighed most towards the kind read, most first
        (`weights`: each present term's normalised idf, from `_scores`)."""
        size = len(self.kinds)
        tokens = _TOKEN.findall(document)
        shares: dict[str, float] = {}
        # A two-word term belongs to its second word, as in the safety net's explanation.
        for gram, word in zip(_word_grams(tokens), [*tokens, *tokens[1:]], strict=True):
            i = self.index.get(gram)
            if i is not None:
                share = weights[i] * self.coef[i * size + kind]
                shares[word] = shares.get(word, 0.0) + share
        return shown_words(shares)


_TOOL_MARK = re.compile(r"\baitool_\w+")


def reader_text(document: str) -> str:
    """The model text with each tool's mark made one word, whatever the policy says of the
    tool: which risk a use runs is in what is done, and a mark saying "needs approval" taught
    the model that whatever is asked of such a tool is some risk."""
    return _TOOL_MARK.sub("aitool", document)


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


@cache
def risk_reader() -> RiskReader:
    return RiskReader(_shipped(MODEL_PATH))


@cache
def information_reader() -> RiskReader:
    """Two classes, `INFORMATION` and `USE`: whether the question asks about the policy."""
    return RiskReader(_shipped(INFORMATION_MODEL_PATH))


@cache
def incident_reader() -> RiskReader:
    """Two classes, `INCIDENT` and `OTHER`: whether the message reports something done."""
    return RiskReader(_shipped(INCIDENT_MODEL_PATH))


def _shipped(path: Path) -> dict[str, Any]:
    data = weights(path)
    if data is None:
        raise FileNotFoundError(f"{path}: the package ships these weights; reinstall it")
    return data


def weights(path: Path) -> dict[str, Any] | None:
    """A trained model's shipped weights, or None where there are none (an adopter's policy has
    no readers of its own)."""
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


USE = "use"


def information_rows() -> list[tuple[str, str, str, str]]:
    """(policy, split, question, `INFORMATION` or `USE`) for every question of the bundled
    tables but the sealed splits whose writer expected only information, or only verdicts on
    a use."""
    rows = []
    for policy_id, split, question in open_questions():
        verdicts = {v.value for v in question.verdicts}
        if verdicts == {INFORMATION}:
            rows.append((policy_id, split, question.text, INFORMATION))
        elif verdicts <= _YES | _NO:
            rows.append((policy_id, split, question.text, USE))
    return rows


def incident_rows() -> list[tuple[str, str, str, str]]:
    """(policy, split, question, `INCIDENT` or `OTHER`) for every question of the bundled tables
    but the sealed splits: `INCIDENT` where its writer labelled it an incident and expected the
    answer about the policy (how to report it), `OTHER` for every other."""
    rows = []
    for policy_id, split, question in open_questions():
        verdicts = {v.value for v in question.verdicts}
        told = question.category == "incident" and INFORMATION in verdicts
        rows.append((policy_id, split, question.text, INCIDENT if told else OTHER))
    return rows


def risk_rows() -> list[tuple[str, str, str, str]]:
    """(policy, split, question, kind) for every question of the bundled tables but the
    sealed splits whose writer expected a no and labelled it with a kind of risk, and, as
    `NONE`, every one whose writer expected only a yes."""
    rows = []
    for policy_id, split, question in open_questions(kept_out=READERS_UNTRAINED_SPLITS):
        kind = kind_of(question.category)
        verdicts = {v.value for v in question.verdicts}
        if kind and verdicts <= _NO:
            rows.append((policy_id, split, question.text, kind))
        elif verdicts <= _YES:
            rows.append((policy_id, split, question.text, NONE))
    return rows
