"""A message longer than the engine reads, over real HTTP: the question at its end is the one
answered, and the person is told the message was long and which part was read (issue 14.4)."""

from __future__ import annotations

import json

from bot.devtools.client import cards_of
from knowledge import MAX_QUESTION_CHARS

from .test_conversation import interactions

# A pasted meeting note, then the question: no tool, use or data of its own to answer.
PASTED = (
    "Here is the note from last week's team meeting, pasted below so you have the context. "
    "We talked about the rota for the spring term, the dates of the two training days and "
    "the new layout of the second floor. Everyone agreed the kitchen needs a clean rota too. "
)
QUESTION = "Can I use Midjourney to make posters for the library open day?"


def long_message() -> str:
    text = PASTED * (5_950 // len(PASTED) + 1)
    return text + QUESTION


async def test_the_question_at_the_end_of_a_long_message_is_answered(make_client, service) -> None:
    message = long_message()
    assert 6_000 <= len(message) <= 6_300 and QUESTION not in message[:MAX_QUESTION_CHARS]

    reply = await make_client().say(message)

    assert reply.status == 200
    notice, answer = reply.activities  # the notice first, so the answer is read knowing it
    said = notice["text"]
    assert f"Your message was {len(message):,} characters" in said
    assert "the last" in said and "where your question is" in said
    card = json.dumps(cards_of(answer))
    assert "Midjourney" in card and "NEEDS APPROVAL" in card.upper()
    [recorded] = await interactions(service)
    assert recorded["verdict"] == "needs_approval"
    assert recorded["question"].endswith(QUESTION)
    assert len(recorded["question"]) <= MAX_QUESTION_CHARS


async def test_a_long_message_with_its_question_first_is_read_from_the_start(
    make_client, service
) -> None:
    message = QUESTION + " " + PASTED * 30

    reply = await make_client().say(message)

    notice, answer = reply.activities
    assert f"I read only the first {MAX_QUESTION_CHARS:,}" in notice["text"]
    assert "Midjourney" in json.dumps(cards_of(answer))
    [recorded] = await interactions(service)
    assert recorded["question"].startswith(QUESTION)


async def test_a_message_within_the_limit_gets_no_notice(make_client) -> None:
    reply = await make_client().say(QUESTION)
    [answer] = reply.activities
    assert cards_of(answer)


async def test_a_long_account_of_an_incident_says_it_was_read_from_its_start(make_client) -> None:
    """Told of an incident at length, the bot offers the report and says how much it read."""
    client = make_client()
    story = "I accidentally pasted a resident's email into ChatGPT." + " It was long." * 500
    reply = await client.say(story)
    words = " ".join(a.get("text") or "" for a in reply.activities)
    assert f"Your message was {len(story):,} characters" in words
    assert f"only the first {MAX_QUESTION_CHARS:,}" in words
