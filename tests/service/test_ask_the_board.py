"""Ask the board, end to end over real HTTP: a question, "Ask the board" and its consent step,
the card in the governance channel, an approver's answer by button and by typing, the asker
told, a ruling answering the same question later with its citation, the ruling withdrawn and
the policy answering again; a non-approver refused, an approver's own question refused; and
"Was this right?" votes recorded and exported."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import SERVICE
from bot.devtools.client import Person, TeamsClient, cards_of
from bot.devtools.fake_connector import FakeConnector
from bot.records.export import export
from bot.records.models import AnswerVote, AuditEntry
from bot.settings import Settings
from forms import verbs
from tests.cards.card_checks import assert_valid_card
from tests.service.test_approval_board import (
    APPROVER,
    BOARD_CHANNEL,
    SECOND_APPROVER,
    STRANGER,
    registered_board,
    said,
    text_of,
    titles,
)

ASKER = Person(name="Sam Asker")
QUESTION = "Can I use Gamma to make slides for a team briefing?"


@pytest.fixture
def local_settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        port=0,
        approvers=frozenset({APPROVER.aad_object_id, SECOND_APPROVER.aad_object_id}),
        outbox_poll_seconds=0.05,
    )


def answer_of(reply) -> dict[str, Any]:
    [card] = [c for a in reply.activities for c in cards_of(a)]
    return card


def buttons(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every Action.Execute / Submit on the card, in its actions and its body, by title."""
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("Action.Execute", "Action.Submit") and "title" in node:
                found.setdefault(node["title"], node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def input_values(card: dict[str, Any]) -> dict[str, Any]:
    """What Teams sends for the card's inputs left as they are: their prefilled values."""
    found: dict[str, Any] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input.") and "value" in node:
                found[node["id"]] = node["value"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card.get("body", []))
    return found


def rulings_in(reply) -> str:
    """The reply to "rulings" (a card update from the outbox may arrive in the same turn)."""
    [shown] = [text_of(a) for a in reply.activities if "rulings" in text_of(a)]
    return shown


async def press(client: TeamsClient, card: dict[str, Any], title: str, **inputs: Any):
    """Press a button as Teams does: the action's data with the card's inputs merged in."""
    action = buttons(card)[title]
    return await client.execute(action["verb"], {**input_values(card), **action["data"], **inputs})


async def ask_the_board(client: TeamsClient, question: str, **inputs: Any) -> str:
    """Ask, press "Ask the board", send the consent card; the new question's reference."""
    card = answer_of(await client.say(question))
    consent = (await press(client, card, "Ask the board")).body["value"]
    assert_valid_card(consent)
    sent = (await press(client, consent, "Send to the board", **inputs)).body["value"]
    reference = text_of(sent).split(" as ")[1].split()[0]
    assert reference.startswith("BQ-")
    return reference


async def question_card(
    connector: FakeConnector, reference: str, containing: str = ""
) -> dict[str, Any]:
    """The question's card in the board's channel, once it shows `containing` (the outbox
    updates it a moment after the change)."""

    def in_channel() -> list[dict[str, Any]]:
        return [
            cards_of(a)[0] for a in connector.activities.values()
            if a.get("conversation", {}).get("id", "").startswith(BOARD_CHANNEL)
            and cards_of(a) and f"Question for the board {reference}" in text_of(a)
            and containing in text_of(a)
        ]  # fmt: skip

    await connector.wait_for(lambda _: bool(in_channel()))
    [card] = in_channel()
    return card


async def test_a_question_goes_to_the_board_with_consent_and_its_ruling_answers_it_later(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    chat = make_client(person=ASKER)
    card = answer_of(await chat.say(QUESTION))
    assert "Needs approval" in text_of(card)
    assert {"Ask the board", "Right", "Not right"} <= set(buttons(card))

    # the consent step shows what will be shared, editable, and shares nothing until sent
    consent = (await press(chat, card, "Ask the board")).body["value"]
    assert "Ask the board" in text_of(consent) and QUESTION in text_of(consent)
    assert "Gamma" in text_of(consent)  # the bot's reading
    workflows = service.app[SERVICE].workflows
    assert await workflows.questions.open_questions() == []
    edited = QUESTION.replace("a team briefing", "our team briefing")
    sent = await press(chat, consent, "Send to the board", question=edited, note="Urgent")
    reference = text_of(sent.body["value"]).split(" as ")[1].split()[0]
    assert reference == "BQ-0001"
    again = await press(chat, consent, "Send to the board", question=edited)
    assert "Already sent" in text_of(again.body["value"])  # a double click sends once

    # the board's card: what was shared, the bot's answer and reading, the asker
    posted = await question_card(connector, reference)
    assert_valid_card(posted)
    assert edited in text_of(posted) and "Urgent" in text_of(posted)
    assert "Sam Asker" in text_of(posted) and "Needs approval" in text_of(posted)
    assert titles(posted) == [] and posted["refresh"]["userIds"] == [APPROVER.id]
    view = (await board.execute(verbs.QUESTION_REFRESH, {"reference": reference})).body["value"]
    assert titles(view) == ["I'll answer this", "Answer", "Ask them"]

    # a non-approver cannot answer, and card data cannot say who they are
    stranger = make_client(person=STRANGER, channel_id=BOARD_CHANNEL)
    refused = await stranger.execute(
        verbs.ANSWER_QUESTION,
        {"reference": reference, "verdict": "allowed", "text": "fine",
         "approver": APPROVER.aad_object_id},
    )  # fmt: skip
    assert "Only the board's approvers" in text_of(refused.body)
    assert (await workflows.questions.get(reference)).status == "waiting"

    taken = await board.execute(verbs.TAKE_QUESTION, {"reference": reference})
    assert "Being answered by Alex Approver" in text_of(taken.body["value"])
    answered = await board.execute(
        verbs.ANSWER_QUESTION,
        {
            "reference": reference,
            "verdict": "allowed_with_conditions",
            "text": "Gamma is fine for slides with no personal data; check every slide.",
            "clauses": "",
            "ruling": "true",
            "ruling_tool": "Gamma",
            "ruling_purpose": "make slides for a team briefing",
            "ruling_data": "none",
        },
    )
    assert "Allowed with conditions: answered by Alex Approver" in text_of(answered.body["value"])
    assert "Kept as a ruling" in text_of(answered.body["value"])

    # the asker is told in their chat, with the board's answer as a card
    told = await connector.wait_for(
        lambda _: any("The board answered your question" in text_of(a)
                      for a in connector.sent(chat.conversation_id))
    )  # fmt: skip
    assert told
    [notice] = [a for a in connector.sent(chat.conversation_id)
                if "The board answered your question" in text_of(a)]  # fmt: skip
    assert_valid_card(cards_of(notice)[0])
    assert "check every slide" in text_of(notice)

    # the same use asked again is answered from the ruling, citing it
    later = answer_of(await chat.say("Could I use gamma to make slides for the team briefing?"))
    assert "Allowed with conditions" in text_of(later)
    assert "Board ruling BQ-0001" in text_of(later)
    # another use of the tool is not covered
    other = answer_of(await chat.say("Can I use Gamma to summarise residents' complaints?"))
    assert "Board ruling" not in text_of(other)

    # the board lists and withdraws it; the policy answers again
    listed = rulings_in(await board.say("rulings"))
    assert reference in listed and "Alex Approver" in listed and "check every slide" in listed
    withdrawn = await board.say(f"withdraw {reference}: the policy now lists Gamma")
    assert "withdrawn" in said(withdrawn)
    after = answer_of(await chat.say("Could I use gamma to make slides for the team briefing?"))
    assert "Board ruling" not in text_of(after) and "Needs approval" in text_of(after)
    assert "no standing rulings" in rulings_in(await board.say("rulings"))

    async with service.app[SERVICE].engine.connect() as conn:
        actions = [a for (a,) in (await conn.execute(select(AuditEntry.action))).all()]
    for action in ("board_question.asked", "board_question.taken", "board_question.answered",
                   "board_question.ruling_withdrawn", "board_question.action_refused"):  # fmt: skip
        assert action in actions


async def test_the_board_answers_by_typing_and_the_asker_replies_to_a_question_back(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    chat = make_client(person=ASKER)
    reference = await ask_the_board(chat, "Can I use Perplexity to research funding bids?")
    await question_card(connector, reference)
    asked = await board.say(f"ask {reference}: which funder is it?")
    assert "sent to the asker" in said(asked)
    await connector.wait_for(
        lambda _: any("which funder is it?" in text_of(a)
                      for a in connector.sent(chat.conversation_id))
    )  # fmt: skip
    replied = await chat.say(f"answer {reference}: the Arts Council")
    assert "Thanks" in said(replied)
    usage = await board.say(f"answer {reference} allowed")
    assert "Type: answer" in said(usage)
    typed = await board.say(f"answer {reference} not allowed: bids hold confidential figures")
    assert "is answered" in said(typed)
    row = await service.app[SERVICE].workflows.questions.get(reference)
    assert row.answer_verdict == "prohibited" and not row.ruling
    card = await question_card(connector, reference, "Not allowed: answered by")
    assert "the Arts Council" in text_of(card) and "which funder is it?" in text_of(card)
    twice = await board.say(f"answer {reference} allowed: changed my mind")
    assert "Already answered" in said(twice) or "already answered" in (said(twice))


async def test_an_approver_cannot_answer_their_own_question(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    own_chat = make_client(person=APPROVER)
    reference = await ask_the_board(own_chat, QUESTION)
    await question_card(connector, reference)
    reply = await board.say(f"answer {reference} allowed: fine by me")
    assert "your own question" in said(reply)
    assert (await service.app[SERVICE].workflows.questions.get(reference)).status == "waiting"


async def test_ask_the_board_is_only_in_a_personal_chat_and_only_for_ones_own_answer(
    service, make_client, connector: FakeConnector
) -> None:
    chat = make_client(person=ASKER)
    card = answer_of(await chat.say(QUESTION))
    other = make_client(person=STRANGER)
    refused = await press(other, card, "Ask the board")
    assert "Only the person who asked" in text_of(refused.body)
    channel = make_client(person=ASKER, channel_id="19:general@thread.tacv2")
    in_channel = answer_of(await channel.say(QUESTION))
    assert "Ask the board" not in buttons(in_channel)
    forged = await channel.execute(
        verbs.ASK_BOARD, {"answer": buttons(card)["Right"]["data"]["answer"]}
    )
    assert "privately" in text_of(forged.body)


async def test_votes_thank_in_place_are_recorded_and_exported(
    service, make_client, connector: FakeConnector
) -> None:
    chat = make_client(person=ASKER)
    card = answer_of(await chat.say(QUESTION))
    right = (await press(chat, card, "Right")).body["value"]
    assert_valid_card(right)
    assert "Thanks: noted." in text_of(right) and "Needs approval" in text_of(right)
    changed = (await press(chat, card, "Not right")).body["value"]
    assert "Thanks for saying" in text_of(changed) and "Ask the board" in buttons(changed)
    commented = (await press(chat, changed, "Send", comment="Gamma is on the list now")).body
    assert "the board will see" in text_of(commented["value"])
    stranger = make_client(person=STRANGER)
    assert "Only the person who asked" in text_of((await press(stranger, card, "Right")).body)

    service_ = service.app[SERVICE]
    async with service_.engine.connect() as conn:
        votes = (await conn.execute(select(AnswerVote.vote, AnswerVote.comment))).all()
    assert votes == [("not_right", "Gamma is on the list now")]
    out = io.StringIO()
    sessions = service_.workflows.sessions
    assert await export(sessions, "feedback", "csv", out) == 1
    assert "not_right" in out.getvalue() and "needs_approval" in out.getvalue()


async def test_the_summary_on_demand_is_for_approvers_and_shows_no_staff_question_text(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    chat = make_client(person=ASKER)
    private = "Can I use ChatGPT to rewrite the Zanzibar depot rota?"
    answer_of(await chat.say(private))
    reference = await ask_the_board(chat, QUESTION)
    refused = await make_client(person=STRANGER).say("summary")
    assert "Only the board's approvers" in said(refused)
    reply = await board.say("summary")
    [shown] = [text_of(a) for a in reply.activities if "Summary on demand" in text_of(a)]
    assert reference in shown and QUESTION in shown  # shared with the board by its asker
    assert "Zanzibar" not in shown and "Sam Asker" not in shown
    assert "Gamma" in shown  # an unlisted tool asked about: demand the board has not met


async def test_two_approvers_answering_at_once_give_one_answer_and_one_notice(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    second = make_client(person=SECOND_APPROVER, channel_id=BOARD_CHANNEL)
    chat = make_client(person=ASKER)
    reference = await ask_the_board(chat, QUESTION)
    await question_card(connector, reference)
    answer = {"reference": reference, "text": "Fine for slides.", "ruling": "false"}
    replies = await asyncio.gather(
        board.execute(verbs.ANSWER_QUESTION, {**answer, "verdict": "allowed"}),
        board.execute(verbs.ANSWER_QUESTION, {**answer, "verdict": "allowed"}),
        second.execute(verbs.ANSWER_QUESTION, {**answer, "verdict": "prohibited"}),
    )
    notices = [r.body["value"] for r in replies]
    assert sum("is answered" in text_of(n) for n in notices) == 1
    assert sum("lready answered" in text_of(n) for n in notices) == 2

    def told() -> list[dict[str, Any]]:
        return [a for a in connector.sent(chat.conversation_id)
                if "The board answered your question" in text_of(a)]  # fmt: skip

    await connector.wait_for(lambda _: bool(told()))
    await asyncio.sleep(0.3)  # a wrongly queued second notice would arrive now
    assert len(told()) == 1
