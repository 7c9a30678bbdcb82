"""A statistical second opinion on the verdict, learnt from one policy's own question tables
(issue 11).

The engine reads a question through its lexicon, reader and rules. On months of questions it had
never seen, that reading gets about four in five verdicts right, and the per-month phrase work
that took the read tables higher no longer reached the next month (docs/engine-measurements.md,
"Session of 2026-12-06 (fourteenth)"). A plain model of the words, trained on the questions each
policy's writers answered from that policy's document, got about nine in ten of the same fresh
months right on its own, but said yes where a yes was wrong twice as often as the engine.

So the model is a second opinion, never the answer by itself: where it is sure the writers of a
policy's tables would have expected another verdict than the engine's, the engine looks again
(knowledge.engine, `_second_opinion`). It reads the risk the model's verdict implies with the risk
reader and judges it by the policy's own rules and clauses, or answers the question as one about
the policy; when the model is sure a yes is wrong and nothing can be read, the engine asks. Where
the engine would ask back about its own yes only because part of the use went unread, and the
model is all but sure of a yes, the engine gives that yes (`_reader_vouches`). It never makes a
yes the policy's rules did not give, and it never overrules the board's register or what the
person said of the use.

One model per policy, trained only on that policy's tables: the verdict a use gets is the
policy's, and no council's view is carried into another. A policy with no model (an adopter's
own, until its tables train one) is answered by the engine alone. The weights are data
(knowledge/data/verdict_reader/POLICY.json.gz, made by tools/train_safety_net.py with
scikit-learn); this module runs them in plain Python, like knowledge.risk_reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .risk_reader import RiskReader, _softmax, weights
from .safety_net import READERS_UNTRAINED_SPLITS, model_text, open_questions
from .schema import Verdict

MODEL_DIR = Path(__file__).parent / "data" / "verdict_reader"
_YES = frozenset({Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS})
# Sure enough to look again. Chosen on months the model had not been trained on
# (docs/engine-measurements.md, "Session of 2026-12-06 (fifteenth)").
THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class Opinion:
    verdict: str  # a Verdict value
    probability: float
    words: tuple[str, ...]  # the question's words that weighed most towards it
    # The chance the writers would have refused a yes, whichever no they would have given: a
    # reader torn between "needs approval" and "prohibited" is still sure a yes is wrong.
    against_yes: float = 0.0
    # The words that weighed most towards the likeliest of those noes.
    against_words: tuple[str, ...] = ()


class VerdictReader(RiskReader):
    """The trained model for one policy: `opinion(text)` is the verdict its tables' writers
    most likely expected, with the words behind it. Unlike the risk reader it keeps each tool's
    mark as the policy gives it: whether a tool is approved is half of a verdict."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        # the verdicts under which a yes would have been wrong, by their column
        self._noes = [k for k, kind in enumerate(self.kinds) if kind not in _YES]

    def probabilities(self, document: str) -> list[float]:
        """Each verdict's probability, for a text as the model reads it (marks kept)."""
        return _softmax(self._scores(document)[0])

    def opinion(self, text: str, threshold: float = THRESHOLD) -> Opinion | None:
        """The likeliest verdict for `text` (the question, its tools masked), or None when the
        model is less sure of it, and of a yes being wrong, than `threshold`."""
        document = model_text(text)
        scores, weights = self._scores(document)
        probabilities = _softmax(scores)
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        against = sum(probabilities[k] for k in self._noes)
        if probabilities[best] < threshold and against < threshold:
            return None
        words = self._words(document, best, weights)
        worst = max(self._noes, key=probabilities.__getitem__)
        against_words = words if worst == best else self._words(document, worst, weights)
        return Opinion(
            self.kinds[best],
            round(probabilities[best], 3),
            words,
            round(against, 3),
            against_words,
        )


@cache
def verdict_reader(policy_id: str) -> VerdictReader | None:
    """The model trained on `policy_id`'s tables, or None when it has none."""
    data = weights(model_path(policy_id))
    return VerdictReader(data) if data is not None else None


def model_path(policy_id: str) -> Path:
    return MODEL_DIR / f"{policy_id}.json.gz"


def verdict_rows(policy_id: str) -> list[tuple[str, str, str, str]]:
    """(policy, split, question, verdict) for every question of `policy_id`'s bundled tables
    but the sealed splits, once for each verdict its writer accepts."""
    return [
        (p, split, q.text, verdict.value)
        for p, split, q in open_questions(policy_id, READERS_UNTRAINED_SPLITS)
        for verdict in sorted(q.verdicts, key=lambda v: v.value)
    ]
