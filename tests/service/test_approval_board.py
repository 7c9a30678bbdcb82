"""The board's side of approval requests, end to end over real HTTP: the service on a free
port, Teams-like clients posting activities, the fake Bot Connector receiving cards and
updates. Requests are created through the records layer here (the request dialog has its own
tests and one end-to-end run in test_approval_request_flow.py)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import SERVICE
from bot.devtools.client import Person, TeamsClient, cards_of
from bot.devtools.fake_connector import FakeConnector
from bot.records.approvals import NewApprovalRequest
from bot.records.models import AuditEntry
from bot.settings import Settings
from tests.records.helpers import approval_request

BOARD_CHANNEL = "19:board@thread.tacv2"
APPROVER = Person(name="Alex Approver")
SECOND_APPROVER = Person(name="Bea Approver")
STRANGER = Person(name="Chris Officer")
REQUESTER = Person(name="Sam Requester")


@pytest.fixture
def local_settings(database_url: str) -> Settings:
    """Approvers named in configuration; the outbox polled quickly so retries are quick."""
    return Settings(
        database_url=database_url,
        port=0,
        approvers=frozenset({APPROVER.aad_object_id, SECOND_APPROVER.aad_object_id}),
        outbox_poll_seconds=0.05,
    )


WORDS = frozenset({"text", "title", "value"})


def text_of(node: Any) -> str:
    """Every string in `node`, joined with single spaces (text runs split sentences)."""
    if isinstance(node, dict):
        text = " ".join(
            text_of(v) for k, v in node.items() if isinstance(v, dict | list) or k in WORDS
        )
    elif isinstance(node, list):
        text = " ".join(text_of(v) for v in node)
    else:
        text = node if isinstance(node, str) else ""
    return " ".join(text.split())


def said(reply) -> str:
    """The bot's text replies in a turn (outbox cards may arrive in the same conversation)."""
    return " ".join(a.get("text") or "" for a in reply.activities)


def titles(card: dict[str, Any]) -> list[str]:
    return [action["title"] for action in card.get("actions", [])]


async def registered_board(make_client) -> TeamsClient:
    board = make_client(person=APPROVER, channel_id=BOARD_CHANNEL)
    reply = await board.say("register governance channel")
    assert "Done" in reply.activities[0]["text"]
    return board


async def requester_chat(make_client) -> TeamsClient:
    """The requester's 1:1 chat, known to the bot (as after they used the request dialog)."""
    client = make_client(person=REQUESTER)
    await client.say("hello")
    return client


async def new_request(service, client: TeamsClient, tool: str = "Midjourney") -> str:
    workflows = service.app[SERVICE].workflows
    await workflows.references.save(
        f"user:{REQUESTER.aad_object_id}",
        {
            "bot": {"id": "28:policybot-local"},
            "conversation": {"id": client.conversation_id, "conversationType": "personal"},
            "channelId": "msteams",
            "serviceUrl": client.service_url,
        },
    )
    request = await workflows.approvals.create(
        NewApprovalRequest(
            requester_id=REQUESTER.aad_object_id,
            requester_name=REQUESTER.name,
            tool=tool,
            purpose="make posters for library events",
            data_description="event titles, dates and venues",
            data_classification="public",
            expected_output="poster images",
            output_use="printed and put up in libraries",
        )
    )
    workflows.wake()
    return request.reference


async def board_card(connector: FakeConnector, reference: str) -> dict[str, Any]:
    """The card in the board's channel as Teams shows it now (after any updates)."""

    def in_channel() -> list[dict[str, Any]]:
        return [
            cards_of(a)[0] for a in connector.activities.values()
            if a.get("conversation", {}).get("id", "").startswith(BOARD_CHANNEL)
            and cards_of(a) and f"Approval request {reference}" in text_of(a)
        ]  # fmt: skip

    await connector.wait_for(lambda _: bool(in_channel()))
    [card] = in_channel()
    return card


async def test_a_request_reaches_the_board_read_only_with_actions_for_approvers(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    reference = await new_request(service, await requester_chat(make_client))
    card = await board_card(connector, reference)
    assert "make posters for library events" in text_of(card)
    assert "Needs approval" in text_of(card)  # what the policy itself says about Midjourney
    assert titles(card) == []  # everyone sees it read-only ...
    assert card["refresh"]["action"]["verb"] == "approval.refresh"
    assert card["refresh"]["userIds"] == [APPROVER.id]  # ... approvers seen so far get actions
    refreshed = (await board.execute("approval.refresh", {"reference": reference})).body
    assert titles(refreshed["value"]) == [
        "Approve",
        "Approve with conditions",
        "Ask for more information",
        "Reject",
    ]
    stranger = make_client(person=STRANGER, channel_id=BOARD_CHANNEL)
    as_stranger = (await stranger.execute("approval.refresh", {"reference": reference})).body
    assert titles(as_stranger["value"]) == []


async def test_approval_with_conditions_updates_the_card_tells_the_requester_and_the_register(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    chat = await requester_chat(make_client)
    reference = await new_request(service, chat)
    await board_card(connector, reference)
    reply = await board.execute(
        "approval.approve_with_conditions",
        {"reference": reference, "conditions": "No photos of real people; credit the tool."},
    )
    assert reply.status == 200
    assert reply.body["type"] == "application/vnd.microsoft.card.adaptive"
    assert "Approved with conditions by Alex Approver" in text_of(reply.body["value"])

    await connector.wait_for(lambda got: any(r.action == "update" for r in got))
    card = await board_card(connector, reference)
    assert "Approved with conditions by Alex Approver" in text_of(card)
    assert "refresh" not in card and titles(card) == []

    told = await connector.wait_for_sent(2, chat.conversation_id)  # after "hello"'s reply
    assert f"{reference}" in told[-1]["text"] and "No photos of real people" in told[-1]["text"]

    answer = await chat.say("Can I use Midjourney to make posters?")
    [later] = cards_of(answer.activities[0])
    assert "Allowed with conditions" in text_of(later)
    assert reference in text_of(later) and "No photos of real people" in text_of(later)


async def test_a_non_approver_changes_nothing_is_refused_and_audited(
    service, make_client, connector: FakeConnector
) -> None:
    await registered_board(make_client)
    reference = await new_request(service, await requester_chat(make_client))
    stranger = make_client(person=STRANGER, channel_id=BOARD_CHANNEL)
    reply = await stranger.execute("approval.approve", {"reference": reference})
    assert "Only the board's approvers" in text_of(reply.body)
    workflows = service.app[SERVICE].workflows
    assert (await workflows.approvals.get(reference)).status == "pending"
    # card data cannot smuggle an identity in
    forged = await stranger.execute(
        "approval.approve", {"reference": reference, "approver": APPROVER.aad_object_id}
    )
    assert "Only the board's approvers" in text_of(forged.body)
    async with service.app[SERVICE].engine.connect() as conn:
        refused = (
            await conn.execute(
                select(AuditEntry.actor_ref).where(AuditEntry.action == "approval.action_refused")
            )
        ).all()
    assert refused == [(f"user:{STRANGER.aad_object_id}",)] * 2


async def test_a_double_click_and_two_approvers_at_once_make_exactly_one_decision(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    second = make_client(person=SECOND_APPROVER, channel_id=BOARD_CHANNEL)
    chat = await requester_chat(make_client)
    reference = await new_request(service, chat)
    before = len(connector.sent(chat.conversation_id))
    replies = await asyncio.gather(
        board.execute("approval.approve", {"reference": reference}),
        board.execute("approval.approve", {"reference": reference}),
        second.execute("approval.reject", {"reference": reference, "reason": "Too costly"}),
    )
    assert all(r.status == 200 for r in replies)
    request = await service.app[SERVICE].workflows.approvals.get(reference)
    notices = [text_of(r.body) for r in replies]
    winners = [n for n in notices if "is decided" in n]
    assert len(winners) == 1
    assert sum("Already decided" in n or "already decided" in n for n in notices) == 2
    await connector.wait_for_sent(before + 1, chat.conversation_id)
    await asyncio.sleep(0.3)  # give a wrongly queued second notice time to arrive
    assert len(connector.sent(chat.conversation_id)) == before + 1
    assert request.decision in ("approved", "rejected")


async def test_a_429_from_teams_is_retried_and_the_card_posted_once(
    service, make_client, connector: FakeConnector
) -> None:
    await registered_board(make_client)
    chat = await requester_chat(make_client)
    connector.fail_next(1, status=429, retry_after=0.2)
    reference = await new_request(service, chat)
    await board_card(connector, reference)
    posts = [
        r for r in connector.received
        if r.action == "send" and r.conversation_id.startswith(BOARD_CHANNEL)
    ]  # fmt: skip
    assert len(posts) == 1


async def test_more_information_round_trip_updates_the_card(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    chat = await requester_chat(make_client)
    reference = await new_request(service, chat)
    await board.execute(
        "approval.more_info", {"reference": reference, "question": "Which libraries?"}
    )
    asked = (await connector.wait_for_sent(2, chat.conversation_id))[-1]
    assert "Which libraries?" in text_of(asked)
    [form] = [a for a in cards_of(asked)[0]["actions"] if a["type"] == "Action.ShowCard"]
    data = form["card"]["actions"][0]["data"]
    reply = await chat.submit({**data, "answer": "All twelve branch libraries"})
    assert "Thanks" in reply.activities[0]["text"]

    def answered() -> bool:
        return "All twelve branch libraries" in text_of(connector.activities)

    await connector.wait_for(lambda _: answered())
    card = await board_card(connector, reference)
    assert "Which libraries?" in text_of(card) and "Waiting for a decision" in text_of(card)
    someone_else = make_client(person=STRANGER)
    refused = await someone_else.say(f"answer {reference}: mine now")
    assert "can't find a request" in refused.activities[0]["text"]


async def test_pending_requests_oldest_first_for_approvers_only(
    service, make_client, connector: FakeConnector
) -> None:
    await registered_board(make_client)
    chat = await requester_chat(make_client)
    first = await new_request(service, chat, tool="Midjourney")
    second = await new_request(service, chat, tool="Otter")
    approver_chat = make_client(person=APPROVER)
    listing = text_of((await approver_chat.say("pending requests")).activities)
    assert listing.index(first) < listing.index(second)
    refused = await make_client(person=STRANGER).say("pending requests")
    assert "Only the board's approvers" in refused.activities[0]["text"]
    mine = await chat.say("my requests")
    assert f"{first}: Midjourney (waiting for a decision)" in mine.activities[0]["text"]


async def test_requests_waiting_too_long_are_re_surfaced_in_the_channel_once(
    service, make_client, connector: FakeConnector
) -> None:
    await registered_board(make_client)
    reference = await new_request(service, await requester_chat(make_client))
    await board_card(connector, reference)
    workflows = service.app[SERVICE].workflows
    await workflows.reminders(older_than_days=1e-9)
    await workflows.reminders(older_than_days=1)  # not yet due again
    workflows.wake()

    def reminders() -> list[dict[str, Any]]:
        return [a for a in connector.sent() if "Still waiting for a decision" in text_of(a)]

    await connector.wait_for(lambda _: len(reminders()) >= 1)
    await asyncio.sleep(0.2)
    [reminder] = reminders()
    assert reference in text_of(reminder)
    assert reminder["conversation"]["id"] == BOARD_CHANNEL


async def test_only_an_approver_may_move_the_board_once_it_is_registered(
    service, make_client, connector: FakeConnector
) -> None:
    await registered_board(make_client)
    elsewhere = make_client(person=STRANGER, channel_id="19:random@thread.tacv2")
    reply = await elsewhere.say("register governance channel")
    assert "Only the people IT has named to run the board" in reply.activities[0]["text"]
    personal = await make_client(person=APPROVER).say("register governance channel")
    assert "channel the board uses" in personal.activities[0]["text"]


async def test_requests_made_before_the_board_registers_its_channel_reach_it_afterwards(
    service, make_client, connector: FakeConnector
) -> None:
    reference = await new_request(service, await requester_chat(make_client))
    workflows = service.app[SERVICE].workflows
    await service.app[SERVICE].pump.drain()  # fails for want of a channel ...
    await registered_board(make_client)  # ... and is due again once there is one
    card = await board_card(connector, reference)
    assert "make posters for library events" in text_of(card)
    assert (await workflows.approvals.get(reference)).status == "pending"


async def test_an_approver_cannot_decide_their_own_request(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    workflows = service.app[SERVICE].workflows
    own = await workflows.approvals.create(
        replace(approval_request(APPROVER.aad_object_id), requester_name=APPROVER.name)
    )
    for verb, data in (
        ("approval.approve", {}),
        ("approval.reject", {"reason": "changed my mind"}),
        ("approval.more_info", {"question": "anything?"}),
    ):
        reply = await board.execute(verb, {"reference": own.reference, **data})
        assert "your own request, so another approver must decide it" in text_of(reply.body)
    assert (await workflows.approvals.get(own.reference)).status == "pending"
    second = make_client(person=SECOND_APPROVER, channel_id=BOARD_CHANNEL)
    decided = await second.execute("approval.approve", {"reference": own.reference})
    assert "is decided" in text_of(decided.body)
    async with service.app[SERVICE].engine.connect() as conn:
        refused = (
            await conn.execute(
                select(AuditEntry.actor_ref, AuditEntry.details).where(
                    AuditEntry.action == "approval.action_refused"
                )
            )
        ).all()
    assert [actor for actor, _ in refused] == [f"user:{APPROVER.aad_object_id}"] * 3
    assert all("own_request" in str(details) for _, details in refused)


async def test_decisions_typed_in_the_board_channel_work_like_the_buttons(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    chat = await requester_chat(make_client)
    workflows = service.app[SERVICE].workflows
    first = await new_request(service, chat)
    second_request = await new_request(service, chat, tool="Otter")
    await board_card(connector, first)
    await board_card(connector, second_request)

    stranger = make_client(person=STRANGER, channel_id=BOARD_CHANNEL)
    refused = await stranger.say(f"approve {first}")
    assert "Only the board's approvers" in said(refused)
    unfinished = await board.say(f"reject {second_request}")
    assert f"reject {second_request}: ..." in said(unfinished)

    before = len(connector.sent(chat.conversation_id))
    done = await board.say(f"approve {first} with conditions: credit the tool on every poster")
    assert f"{first} is decided" in said(done)
    rejected = await board.say(f"reject {second_request}: transcripts of residents need a DPIA")
    assert f"{second_request} is decided" in said(rejected)
    again = await board.say(f"approve {first}")
    assert "You already decided this request" in said(again)

    decided = await workflows.approvals.get(first)
    assert decided.decision == "approved_with_conditions"
    assert decided.conditions == "credit the tool on every poster"
    assert (await workflows.approvals.get(second_request)).decision == "rejected"
    # the board's card is updated in place, as after a click, and the requester is told
    await connector.wait_for(lambda _: "credit the tool on every poster" in text_of(
        [a for a in connector.activities.values() if cards_of(a)]
    ))  # fmt: skip
    card = await board_card(connector, first)
    assert "Approved with conditions by Alex Approver" in text_of(card)
    told = await connector.wait_for_sent(before + 2, chat.conversation_id)
    assert "credit the tool on every poster" in " ".join(text_of(t) for t in told[before:])
    async with service.app[SERVICE].engine.connect() as conn:
        refused_rows = (
            await conn.execute(
                select(AuditEntry.actor_ref).where(AuditEntry.action == "approval.action_refused")
            )
        ).all()
        decided_rows = (
            await conn.execute(
                select(AuditEntry.actor_ref).where(AuditEntry.action.like("approval.%decided%"))
            )
        ).all()
    assert refused_rows == [(f"user:{STRANGER.aad_object_id}",)]
    assert len(decided_rows) >= 2
