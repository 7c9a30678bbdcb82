"""The board's side of the AI register, end to end over real HTTP: an approval makes an entry;
the board lists it, opens it, edits it, confirms its review and retires it from Teams; later
answers and "what's approved?" follow; a non-approver changes nothing and is audited; two board
members saving the same card at once keep exactly one change."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.app import SERVICE
from bot.devtools.client import cards_of
from bot.devtools.fake_connector import FakeConnector
from bot.records.models import AuditEntry, utcnow
from bot.records.register import RegisterRepository
from tests.service.test_approval_board import (
    APPROVER,
    BOARD_CHANNEL,
    SECOND_APPROVER,
    STRANGER,
    board_card,
    local_settings,  # noqa: F401 - the approvers named in configuration
    new_request,
    registered_board,
    requester_chat,
    text_of,
)


async def approved_entry(service, make_client, connector: FakeConnector):
    board = await registered_board(make_client)
    chat = await requester_chat(make_client)
    reference = await new_request(service, chat)
    await board_card(connector, reference)
    assert (await board.execute("approval.approve", {"reference": reference})).status == 200
    await connector.wait_for_sent(2, chat.conversation_id)  # told, after "hello"'s reply
    return board, chat, reference


def card_text(reply) -> str:
    return text_of(reply.body["value"]) if isinstance(reply.body, dict) else str(reply.body)


async def test_the_board_lists_opens_edits_reviews_and_retires_an_entry_from_teams(
    service, make_client, connector: FakeConnector
) -> None:
    board, chat, reference = await approved_entry(service, make_client, connector)
    entries = RegisterRepository(service.app[SERVICE].workflows.sessions)
    entry = await entries.get(reference)
    assert (entry.source, entry.tool, entry.status, entry.owner) == (
        "approval", "Midjourney", "approved", "Sam Requester",
    )  # fmt: skip
    answer = await chat.say("Can I use Midjourney to make posters?")
    assert text_of(cards_of(answer.activities[0])[0]).startswith("Allowed")
    staff_list = text_of(cards_of((await chat.say("What's approved?")).activities[0])[0])
    assert "Midjourney : approved to make posters for library events" in staff_list

    listed = await board.say("register entries")
    [register] = cards_of(listed.activities[0])
    assert "The AI register" in text_of(register) and reference in text_of(register)

    opened = await board.execute("register.open", {"reference": reference})
    assert opened.status == 200
    assert f"Register entry {reference}: Midjourney" in card_text(opened)
    assert "Version 1." in card_text(opened)

    edited = await board.execute(
        "register.edit",
        {
            "reference": reference,
            "version": 1,
            "owner": "Libraries team",
            "dpia_status": "done",
            "public_facing": "true",
            "conditions": "Credit the library\nNo photos of real people",
            "decision": "approved_with_conditions",
            "note": "agreed at the November meeting",
        },
    )
    shown = card_text(edited)
    assert "Saved." in shown and "Owner: Libraries team" in shown, shown
    assert "DPIA done" in shown and "Version 2." in shown
    assert f"v2 · {utcnow().day} " in shown and "Alex Approver · edited: " in shown
    assert "agreed at the November meeting" in shown  # the history, behind "History"
    answer = await chat.say("Can I use Midjourney to make posters?")
    later = text_of(cards_of(answer.activities[0])[0])
    assert "Allowed with conditions" in later and "No photos of real people" in later

    reviewed = await board.execute("register.review", {"reference": reference, "version": 2})
    assert "Review confirmed" in card_text(reviewed)
    entry = await entries.get(reference)
    assert entry.next_review == (utcnow() + timedelta(days=365)).date()
    assert entry.dpia_date == utcnow().date()

    for bad, said in (
        ({"next_review": "soon"}, "The next review must be a date."),
        ({"data_classification": "gold"}, "The policy has no data class 'gold'."),
        ({"version": "three"}, "The card does not say which version it showed."),
    ):
        answer = await board.execute("register.edit", {"reference": reference, "version": 3, **bad})
        assert f"{said} Nothing was changed." in card_text(answer), card_text(answer)
    refused = await board.execute("register.retire", {"reference": reference, "version": 3})
    assert "Say why" in card_text(refused)
    retired = await board.execute(
        "register.retire", {"reference": reference, "version": 3, "reason": "licence ended"}
    )
    assert "is retired" in card_text(retired)
    answer = await chat.say("Can I use Midjourney to make posters?")
    later = text_of(cards_of(answer.activities[0])[0])
    assert "Needs approval" in later and "retired that approval" in later
    listed = await chat.say("what's approved?")
    assert "Midjourney" not in text_of(cards_of(listed.activities[0])[0])
    history = await entries.history(reference)
    assert [(h.action, h.actor_name) for h in history] == [
        ("created", APPROVER.name), ("edited", APPROVER.name), ("reviewed", APPROVER.name),
        ("retired", APPROVER.name),
    ]  # fmt: skip
    assert history[1].note == "agreed at the November meeting"


async def test_a_non_approvers_change_is_refused_and_audited(
    service, make_client, connector: FakeConnector
) -> None:
    _, _, reference = await approved_entry(service, make_client, connector)
    stranger = make_client(person=STRANGER, channel_id=BOARD_CHANNEL)
    for verb, data in (
        ("register.edit", {"owner": "me"}),
        ("register.retire", {"reason": "no"}),
        ("register.add", {"tool": "Otter", "decision": "approved"}),
    ):
        reply = await stranger.execute(verb, {"reference": reference, "version": 1, **data})
        assert "Only the board's approvers" in card_text(reply)
    # the card's data cannot lend an identity
    forged = await stranger.execute(
        "register.edit",
        {"reference": reference, "version": 1, "owner": "me", "actor_id": APPROVER.aad_object_id},
    )
    assert "Only the board's approvers" in card_text(forged)
    typed = await stranger.say("register entries")
    assert "Only the board's approvers" in typed.activities[0]["text"]
    entries = RegisterRepository(service.app[SERVICE].workflows.sessions)
    entry = await entries.get(reference)
    assert (entry.version, entry.owner) == (1, "Sam Requester")
    async with service.app[SERVICE].engine.connect() as conn:
        refused = (
            await conn.execute(
                select(AuditEntry.actor_ref, AuditEntry.subject_ref).where(
                    AuditEntry.action == "register.action_refused"
                )
            )
        ).all()
    actor = f"user:{STRANGER.aad_object_id}"
    assert refused == [(actor, f"register:{reference}")] * 2 + [
        (actor, "register:new"), (actor, f"register:{reference}"),
    ]  # fmt: skip


async def test_two_board_members_saving_the_same_card_keep_exactly_one_change(
    service, make_client, connector: FakeConnector
) -> None:
    board, _, reference = await approved_entry(service, make_client, connector)
    second = make_client(person=SECOND_APPROVER, channel_id=BOARD_CHANNEL)
    replies = await asyncio.gather(
        board.execute("register.edit", {"reference": reference, "version": 1, "owner": "IT"}),
        second.execute("register.edit", {"reference": reference, "version": 1, "owner": "HR"}),
    )
    texts = [card_text(reply) for reply in replies]
    assert sum("Saved." in t for t in texts) == 1, texts
    assert sum("since this card was shown" in t for t in texts) == 1, texts
    entries = RegisterRepository(service.app[SERVICE].workflows.sessions)
    assert [h.version for h in await entries.history(reference)] == [1, 2]


async def test_the_board_adds_a_tool_that_came_no_other_way_and_answers_use_it(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    form = await board.say("add to register")
    assert "Add a tool to the register" in text_of(cards_of(form.activities[0])[0])
    missing = await board.execute("register.add", {"tool": "", "decision": "approved"})
    assert "Name the tool. Nothing was added." in card_text(missing)
    unknown = await board.execute(
        "register.add", {"tool": "Otter", "decision": "approved", "data_classification": "gold"}
    )
    assert "The policy has no data class 'gold'. Nothing was added." in card_text(unknown)
    added = await board.execute(
        "register.add",
        {
            "tool": "Otter",
            "purpose": "transcribing team meetings",
            "decision": "pilot",
            "conditions": "Digital team only",
            "data_classification": "none",
            "owner": "Digital team",
        },
    )
    assert "Added as RE-0001." in card_text(added)
    chat = await requester_chat(make_client)
    answer = await chat.say("Can I use Otter to transcribe our team meetings?")
    shown = text_of(cards_of(answer.activities[0])[0])
    assert "Allowed with conditions" in shown and "Only within the pilot" in shown, shown
    opened = await board.say("entry re-0001")
    assert "Register entry RE-0001: Otter" in text_of(cards_of(opened.activities[0])[0])


async def test_the_summarys_buttons_confirm_a_review_or_post_the_entry_leaving_the_summary(
    service, make_client, connector: FakeConnector
) -> None:
    board, _, reference = await approved_entry(service, make_client, connector)
    opened = await board.execute("register.open", {"reference": reference, "from": "summary"})
    assert f"{reference} is below." in card_text(opened)
    [posted] = [c for a in opened.activities for c in cards_of(a)]
    assert f"Register entry {reference}: Midjourney" in text_of(posted)
    confirmed = await board.execute(
        "register.review", {"reference": reference, "version": 1, "from": "summary"}
    )
    assert "Review confirmed" in card_text(confirmed)
    assert confirmed.body.get("type") != "application/vnd.microsoft.card.adaptive"
    again = await board.execute(
        "register.review", {"reference": reference, "version": 1, "from": "summary"}
    )
    assert "since this card was shown" in card_text(again)


async def test_the_board_retires_a_tool_the_policy_lists_and_answers_follow_at_once(
    service, make_client, connector: FakeConnector
) -> None:
    board = await registered_board(make_client)
    entries = RegisterRepository(service.app[SERVICE].workflows.sessions)
    copilot = next(e for e in await entries.entries() if e.tool == "Microsoft Copilot")
    assert (copilot.source, copilot.reference[:3]) == ("policy", "PT-")
    chat = make_client(person=STRANGER)
    question = "Can I use Microsoft Copilot to draft an email to my team?"
    before = text_of(cards_of((await chat.say(question)).activities[0])[0])
    assert before.startswith("Allowed")

    opened = await board.execute("register.open", {"reference": copilot.reference})
    assert "From the policy's own list." in card_text(opened)
    retired = await board.execute(
        "register.retire",
        {"reference": copilot.reference, "version": 1, "reason": "the contract has ended"},
    )
    assert "is retired" in card_text(retired)

    after = text_of(cards_of((await chat.say(question)).activities[0])[0])
    assert "Needs approval" in after, after
    assert "The policy lists Microsoft Copilot, but the board retired it" in after
    listed = text_of(cards_of((await chat.say("what's approved")).activities[0])[0])
    assert "Microsoft Copilot :" not in listed and "ChatGPT" in listed
