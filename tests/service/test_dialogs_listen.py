"""Dialogs that listen (issue 14): a question typed where the request or report waited for an
answer is recognised and offered ("Answer it now?"), answered without losing the dialog, or taken
as the answer when the person says so; over real HTTP."""

from __future__ import annotations

from bot.devtools.client import Person

from .test_approval_request_flow import button, last_words

QUESTION = "Can I use Gemini to draft an email to a resident?"
ASKED_PURPOSE = "What do you want to use"


async def start_request(client) -> str:
    opening = await client.say("request approval for Midjourney")
    words = last_words(opening.activities)
    assert ASKED_PURPOSE in words, words
    return words


async def test_a_question_typed_mid_request_is_offered_answered_and_the_request_kept(
    make_client,
) -> None:
    client = make_client(person=Person(name="Sam Requester"))
    await start_request(client)
    offer = await client.say(QUESTION)
    words = last_words(offer.activities)
    assert "That looks like a question about the policy" in words
    assert "Your request is kept" in words
    assert ASKED_PURPOSE not in words  # not taken as the purpose

    answered = await client.submit(button(offer.activities, "Answer it now"))
    words = last_words(answered.activities)
    assert "Gemini" in words  # the answer card, about the question asked
    assert "Back to where you were:" in words and ASKED_PURPOSE in words  # the step again

    carried_on = await client.say("making posters for library events")
    assert "What kind of information" in last_words(carried_on.activities)


async def test_a_question_can_be_the_answer_after_all(make_client) -> None:
    client = make_client(person=Person(name="Sam Requester"))
    await start_request(client)
    offer = await client.say("Can it make posters for the library?")
    taken = await client.submit(button(offer.activities, "No, that's my answer"))
    assert "What kind of information" in last_words(taken.activities)


async def test_a_quick_reply_pressed_mid_dialog_is_answered_not_refused(make_client) -> None:
    client = make_client()
    answer = await client.say("Can I use ChatGPT to draft an email?")
    await start_request(client)
    replies = await client.submit(button(answer.activities, "What about with personal data?"))
    words = last_words(replies.activities)
    assert "isn't part of this request" not in words
    assert "Back to where you were:" in words and ASKED_PURPOSE in words


async def test_a_question_typed_mid_report_is_offered_too(make_client) -> None:
    client = make_client()
    await client.say("report an incident")
    offer = await client.say("who approves new AI tools?")
    words = last_words(offer.activities)
    assert "That looks like a question about the policy" in words
    assert "Your report is kept" in words


async def test_an_answer_is_not_mistaken_for_a_question(make_client) -> None:
    client = make_client(person=Person(name="Sam Requester"))
    await start_request(client)
    replies = await client.say("to make posters for library events, is that ok")
    assert "That looks like a question" not in last_words(replies.activities)
