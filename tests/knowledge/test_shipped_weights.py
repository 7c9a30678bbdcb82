"""The trained models' shipped weights (knowledge.safety_net, knowledge.risk_reader and its
information and incident readers, knowledge.verdict_reader, knowledge.clause_reader and its
refusal readers): each was made from the tables as they are, never from a sealed split, and
runs in plain Python as scikit-learn ran it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pytest

from knowledge.clause_reader import clause_reader, clause_rows, refusal_reader, refusal_rows
from knowledge.loader import bundled_ids
from knowledge.risk_reader import (
    incident_reader,
    incident_rows,
    information_reader,
    information_rows,
    risk_reader,
    risk_rows,
)
from knowledge.safety_net import (
    READERS_UNTRAINED_SPLITS,
    SEALED_SPLITS,
    UNTRAINED_SPLITS,
    safety_net,
    training_digest,
    training_rows,
)
from knowledge.verdict_reader import verdict_reader, verdict_rows

Rows = Sequence[tuple[str, str, str, Any]]
READERS = ("risk reader", "verdict reader", "clause reader", "refusal reader")
# name: (the model, the rows it learns from, its probability of a probe text, how close)
MODELS: dict[str, tuple[Any, Callable[[], Rows], Callable[[Any, str], Any], float]] = {
    # the net's weights keep six digits; the readers' four, so their third decimal may differ
    "safety net": (safety_net(), training_rows, lambda m, t: m.read(t), 1e-5),
    "risk reader": (risk_reader(), risk_rows, lambda m, t: m.probabilities(t), 2e-3),
    "information reader": (
        information_reader(),
        information_rows,
        lambda m, t: m.probabilities(t),
        2e-3,
    ),
    "incident reader": (incident_reader(), incident_rows, lambda m, t: m.probabilities(t), 2e-3),
}
# one verdict reader per bundled policy, learnt from that policy's tables alone
for _policy_id in bundled_ids():
    MODELS[f"verdict reader, {_policy_id}"] = (
        verdict_reader(_policy_id),
        lambda policy_id=_policy_id: verdict_rows(policy_id),
        lambda m, t: m.probabilities(t),
        2e-3,
    )
    # and one clause reader, learnt from its questions about the policy
    MODELS[f"clause reader, {_policy_id}"] = (
        clause_reader(_policy_id),
        lambda policy_id=_policy_id: clause_rows(policy_id),
        lambda m, t: m.probabilities(t),
        2e-3,
    )
    # and one refusal reader, learnt from its questions the writers expected forbidden
    MODELS[f"refusal reader, {_policy_id}"] = (
        refusal_reader(_policy_id),
        lambda policy_id=_policy_id: refusal_rows(policy_id),
        lambda m, t: m.probabilities(t),
        2e-3,
    )


@pytest.mark.parametrize("name", sorted(MODELS))
def test_the_shipped_weights_were_trained_on_the_tables_as_they_are(name: str) -> None:
    """A table changed and the weights not made again fails here: run `make safety-net`."""
    model, rows_of, _, _ = MODELS[name]
    rows = rows_of()
    assert model.trained_on["sha256"] == training_digest(rows)
    assert model.trained_on["questions"] == len(rows)
    assert not {split for _, split, _, _ in rows} & SEALED_SPLITS
    assert not set(model.trained_on["splits"]) & SEALED_SPLITS
    # the months that judge the next retraining are in none; months 56-75 only in the net and
    # the information and incident readers (knowledge.safety_net.READERS_UNTRAINED_SPLITS)
    kept_out = READERS_UNTRAINED_SPLITS if name.startswith(READERS) else UNTRAINED_SPLITS
    assert not set(model.trained_on["splits"]) & kept_out


@pytest.mark.parametrize("name", sorted(MODELS))
def test_the_plain_python_model_gives_scikit_learns_probabilities(name: str) -> None:
    model, _, probability, close = MODELS[name]
    assert len(model.probes) >= 30
    for text, expected in model.probes:
        assert probability(model, text) == pytest.approx(expected, abs=close), text
