"""Which clause answers a question about the policy, learnt from one policy's own question
tables (issue 11).

A question about the policy ("are our Copilot prompts caught by FOI?", "who checks the chatbot
once it is live?") is answered from the document: an FAQ the policy file words for it, or the
clause the question is about, in the document's own words. The engine finds that clause by the
words the question shares with each clause's title and text; on months of questions it had never
seen, the clause it found was one the writers would have cited for only three in five of the
questions it rightly took as information (docs/engine-measurements.md, "Session of 2026-12-06
(sixteenth)"). Writers ask about a clause in words the clause never uses.

This model was trained on the questions each policy's writers expected an answer about the
policy for, labelled with the clauses they said a right answer cites: the clause the question
is about, as the writers read the document. Where it is sure enough, the engine answers from
that clause (knowledge.engine, `_information`). It only chooses which of the document's clauses
is quoted; what the answer says is the document's, and the verdict stays information.

One model per policy, like the verdict readers (knowledge.verdict_reader): a policy with no model
(an adopter's own, until its tables train one) is answered by the engine alone. The weights are
data (knowledge/data/clause_reader/POLICY.json.gz, made by tools/train_safety_net.py with
scikit-learn); this module runs them in plain Python, like knowledge.risk_reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .risk_reader import INFORMATION, RiskReader, reader_text, weights
from .safety_net import READERS_UNTRAINED_SPLITS, model_text, open_questions

MODEL_DIR = Path(__file__).parent / "data" / "clause_reader"
# The refusal readers: the clause a refusal rests on, learnt from the questions whose writers
# expected the policy to forbid the use (knowledge.engine, `_cited_refusal`).
REFUSAL_DIR = Path(__file__).parent / "data" / "refusal_reader"
PROHIBITED = "prohibited"
REFUSALS = frozenset({PROHIBITED, "needs_approval"})
# Sure enough to answer from its clause rather than from the one the words share most with.
# Low, as there are 15 to 50 clauses to choose among; chosen on months the model had not been
# trained on (docs/engine-measurements.md, "Session of 2026-12-06 (sixteenth)").
THRESHOLD = 0.3


@dataclass(frozen=True, slots=True)
class ClauseReading:
    clause: str  # a section id of the policy
    probability: float
    words: tuple[str, ...]  # the question's words that weighed most towards it


class ClauseReader(RiskReader):
    """The trained model for one policy: `read_clause(text)` is the clause its tables' writers
    most likely cited for a question about the policy."""

    def read_clause(self, text: str, threshold: float = THRESHOLD) -> ClauseReading | None:
        """The likeliest clause for `text` (the question, its tools masked), or None when the
        model is less sure of it than `threshold`."""
        likeliest = self.likeliest(reader_text(model_text(text)), threshold)
        return ClauseReading(*likeliest) if likeliest is not None else None


@cache
def clause_reader(policy_id: str) -> ClauseReader | None:
    """The model trained on `policy_id`'s tables, or None when it has none."""
    data = weights(model_path(policy_id))
    return ClauseReader(data) if data is not None else None


@cache
def refusal_reader(policy_id: str) -> ClauseReader | None:
    """The clause `policy_id`'s writers cited for a use the policy forbids, or None when it has
    no such model."""
    data = weights(refusal_model_path(policy_id))
    return ClauseReader(data) if data is not None else None


def model_path(policy_id: str) -> Path:
    return MODEL_DIR / f"{policy_id}.json.gz"


def refusal_model_path(policy_id: str) -> Path:
    return REFUSAL_DIR / f"{policy_id}.json.gz"


def clause_rows(policy_id: str) -> list[tuple[str, str, str, str]]:
    """(policy, split, question, clause) for every question of `policy_id`'s bundled tables but
    the sealed splits whose writer accepts an answer about the policy, once for each clause the
    writer says a right answer may cite."""
    return [
        (p, split, q.text, clause)
        for p, split, q in open_questions(policy_id, READERS_UNTRAINED_SPLITS)
        if INFORMATION in {v.value for v in q.verdicts}
        for clause in sorted(q.cites)
    ]


def refusal_rows(policy_id: str) -> list[tuple[str, str, str, str]]:
    """(policy, split, question, clause) for every question of `policy_id`'s bundled tables but
    the sealed splits whose writer expects the use forbidden (alone, or "not without
    authorisation": prohibited or needs approval), once for each clause the writer cites."""
    return [
        (p, split, q.text, clause)
        for p, split, q in open_questions(policy_id, READERS_UNTRAINED_SPLITS)
        if PROHIBITED in (verdicts := {v.value for v in q.verdicts}) and verdicts <= REFUSALS
        for clause in sorted(q.cites)
    ]
