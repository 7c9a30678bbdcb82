"""One decision with the engine's settings or models patched for it alone: how the readers'
tests show what the engine says without a reader, or with a bar moved."""

from __future__ import annotations

from typing import Any

import pytest

import knowledge.engine as engine
from knowledge import Decision, Policy, decide


def no_reader(_policy_id: str) -> None:
    """A policy with no trained reader of this kind: the engine alone."""
    return None


def decided_with(
    monkeypatch: pytest.MonkeyPatch, policy: Policy, question: str, **settings: Any
) -> Decision:
    """`decide(policy, question)` with each of `settings` set on knowledge.engine meanwhile."""
    with monkeypatch.context() as patched:
        for name, value in settings.items():
            patched.setattr(engine, name, value)
        return decide(policy, question)


class Says:
    """A two-class reader (information or a use, an incident or not) as sure of `kind` as it is
    told to be, whatever the question."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.sure = 0.0

    def probability(self, text: str, kind: str) -> float:
        return self.sure if kind == self.kind else 1 - self.sure
