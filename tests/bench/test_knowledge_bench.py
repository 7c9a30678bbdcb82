"""The engine benchmark's parts work (no timing is asserted), so `make bench` cannot rot."""

from __future__ import annotations

import pytest

from bench.knowledge_bench import long_questions, measure, measure_long
from knowledge import load_policy


def test_long_questions_have_the_asked_length() -> None:
    for shape, question in long_questions(4_000).items():
        assert len(question) == 4_000, shape


def test_measure_and_long_rows_run(capsys: pytest.CaptureFixture[str]) -> None:
    policy = load_policy("socitm-template")
    figures = measure(policy, ["Can I use ChatGPT?", "who owns this policy?"], rounds=2)
    assert figures["n"] == 4 and figures["p50_ms"] > 0
    measure_long(policy, lengths=(500,))
    rows = capsys.readouterr().out.splitlines()
    assert rows[0].startswith("long question") and len(rows) == 5
