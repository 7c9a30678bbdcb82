"""Pasted documents and key-mashing cost what a question costs: linear in its length.

Timings are measured in `make bench` (a 4,000- and a 100,000-character question); these tests
hold the guards that keep the work linear, without timing anything.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.cli import main
from knowledge import MAX_QUESTION_CHARS, decide, load_policy
from knowledge import tool_index as tool_index_module
from knowledge.followup import is_follow_up
from knowledge.normalise import LONGEST_WORD, normalise, stem

POLICY = load_policy("socitm-template")


@pytest.fixture
def deletions_seen(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The lengths of every key whose one-letter deletions the tool index builds (a key of
    n letters costs n strings of n - 1: quadratic)."""
    seen: list[int] = []
    real = tool_index_module._deletions

    def spy(key: str) -> set[str]:
        seen.append(len(key))
        return real(key)

    monkeypatch.setattr(tool_index_module, "_deletions", spy)
    yield seen


def test_a_long_unknown_word_is_never_fuzzy_matched(deletions_seen: list[int]) -> None:
    decide(POLICY, "Can I use " + "q" * 32_000 + "?")
    assert deletions_seen == []  # no name is within one edit of a 32,000-letter word


def test_a_typo_is_still_fuzzy_matched(deletions_seen: list[int]) -> None:
    decision = decide(POLICY, "Can I use chatgtp to draft an email?")
    assert decision.tool is not None and decision.tool.name == "ChatGPT"
    assert deletions_seen and max(deletions_seen) < 20


def test_a_long_token_is_not_stemmed() -> None:
    word = "running" * 1000
    assert stem(word) == word
    assert stem("running") == "run"
    assert len("x" * LONGEST_WORD) == LONGEST_WORD


@contextmanager
def finishes_within(seconds: int, what: str) -> Iterator[None]:
    """Fails the test if the block runs longer: a guard against backtracking that would take
    minutes, not a timing (the timings are in make bench)."""

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(what)

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_whitespace_run_does_not_make_the_follow_up_pattern_backtrack() -> None:
    # Quadratic backtracking took 0.23 s at 8,000 spaces: 200,000 would take minutes.
    with finishes_within(20, "is_follow_up backtracked"):
        assert not is_follow_up("with " + " " * 100_000 + "x" + " " * 100_000 + "y")
        assert is_follow_up("what about with Copilot?")
        assert is_follow_up("with Copilot  ?  ")


def test_a_whitespace_run_does_not_make_spoken_punctuation_backtrack() -> None:
    # Matched from every space of a run, 100,000 spaces took about four minutes.
    with finishes_within(20, "normalise backtracked"):
        run = "with " + " " * 100_000 + "x" + " " * 100_000 + "y"
        assert normalise(run) == run
        said = "otter dot ai full stop"
        assert normalise(said) == "otter     ai." + " " * 9 and len(normalise(said)) == len(said)


def test_the_cli_caps_a_question_as_the_bot_does(capsys: pytest.CaptureFixture[str]) -> None:
    question = "Can I use ChatGPT to draft an email? " + "z" * 40_000
    assert main(["ask", "--json", question]) == 0
    captured = capsys.readouterr()
    assert f"only the first {MAX_QUESTION_CHARS:,} are read" in captured.err
    assert "40,037 characters" in captured.err
    assert '"question": "Can I use ChatGPT to draft an email? zzz' in captured.out
    assert len(max(captured.out.splitlines(), key=len)) < MAX_QUESTION_CHARS + 100
