"""A message longer than the engine reads: the part with the question is read, never more than
MAX_QUESTION_CHARS, and finding it costs a scan of the message (issue 14.4)."""

from __future__ import annotations

import pytest

from bot.cli import main
from knowledge import MAX_QUESTION_CHARS, Verdict, decide, load_policy
from knowledge.engine import QUESTION_TAIL, question_part

POLICY = load_policy("socitm-template")
PASTED = "The minutes of the meeting follow. Attendance was good and the actions were agreed. "
QUESTION = "Can I use Midjourney to make posters for the library open day?"


def pasted(size: int) -> str:
    return (PASTED * (size // len(PASTED) + 1))[:size].rstrip() + " "


@pytest.mark.parametrize("size", [0, 100, MAX_QUESTION_CHARS - len(QUESTION) - 1])
def test_a_message_within_the_limit_is_read_whole(size: int) -> None:
    message = pasted(size) + QUESTION
    part = question_part(message.strip())
    assert part.where == "all" and part.text == message.strip()


def test_a_question_at_the_end_of_a_long_message_is_read_with_what_comes_before_it() -> None:
    message = pasted(6_000) + QUESTION
    part = question_part(message)
    assert part.where == "end"
    assert part.text.endswith(QUESTION)
    assert len(part.text) <= MAX_QUESTION_CHARS
    assert part.text.startswith("The minutes")  # from a sentence's start, not mid-word
    assert message[part.start : part.end] == part.text and part.length == len(message)


def test_a_sign_off_after_the_question_is_kept() -> None:
    message = pasted(6_000) + QUESTION + " Thanks, Sam"
    part = question_part(message)
    assert part.where == "end" and part.text.endswith(QUESTION + " Thanks, Sam")


def test_a_question_first_then_a_pasted_document_is_read_from_the_start() -> None:
    message = QUESTION + " " + pasted(6_000)
    part = question_part(message)
    assert part.where == "start" and part.text.startswith(QUESTION)
    assert len(part.text) == MAX_QUESTION_CHARS


def test_a_question_between_two_pastes_is_read_up_to_it() -> None:
    message = pasted(5_000) + QUESTION + " " + pasted(3_000)
    part = question_part(message)
    assert part.where == "middle" and part.text.endswith(QUESTION)
    assert len(part.text) <= MAX_QUESTION_CHARS


def test_a_long_message_with_no_question_mark_is_read_from_the_start() -> None:
    message = pasted(6_000)
    part = question_part(message)
    assert part.where == "start" and part.text == message[:MAX_QUESTION_CHARS]


def test_a_question_longer_than_the_limit_is_cut_at_a_word() -> None:
    message = "Can I use ChatGPT for " + "posters and " * 600 + "flyers?"
    part = question_part(message)
    assert part.where == "end" and part.text.endswith("flyers?")
    assert part.text.split(" ", 1)[0] in ("posters", "and")  # a whole word
    assert message[part.start - 1] == " " and len(part.text) <= MAX_QUESTION_CHARS


def test_decide_reads_only_the_part_with_the_question() -> None:
    message = pasted(6_000) + QUESTION
    decision = decide(POLICY, message)
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert decision.tool is not None and decision.tool.name == "Midjourney"
    assert decision.question == question_part(message).text
    assert len(decision.question) <= MAX_QUESTION_CHARS


def test_a_megabyte_paste_ends_in_its_question() -> None:
    """The question mark is looked for once from each end, and the rest of the work is
    within the limit: a paste a hundred times longer than the limit costs one scan of it."""
    message = "x " * 500_000 + QUESTION
    part = question_part(message)
    assert part.where == "end" and part.text.endswith(QUESTION)
    assert QUESTION_TAIL < MAX_QUESTION_CHARS


def test_the_cli_reads_the_question_at_the_end(capsys: pytest.CaptureFixture[str]) -> None:
    message = pasted(6_000) + QUESTION
    assert main(["ask", message]) == 0
    captured = capsys.readouterr()
    assert f"the question is {len(message):,} characters" in captured.err
    assert "where the question is, are read" in captured.err
    assert captured.out.startswith("NEEDS APPROVAL") and "Midjourney" in captured.out
