"""Incident reporting end to end over real HTTP: a person tells the bot what went wrong, is
offered a report, answers a few questions (surviving a restart halfway), and the board's
channels get the card; responders act on it and the reporter hears back. Nothing the reporter
typed reaches the application logs."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import SERVICE
from bot.devtools.client import Person, TeamsClient, cards_of
from bot.devtools.fake_connector import FakeConnector
from bot.records.models import AuditEntry
from bot.settings import Settings
from tests.service.conftest import RunningService

from .test_approval_board import APPROVER, BOARD_CHANNEL, SECOND_APPROVER, STRANGER, text_of

SECURITY_CHANNEL = "19:security@thread.tacv2"
EMAIL = "jo.resident@example.org"
PASTED = f"I accidentally pasted a resident's email {EMAIL} into ChatGPT"
REPORTER = Person(name="Rita Reporter")


@pytest.fixture
def local_settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        port=0,
        approvers=frozenset({APPROVER.aad_object_id, SECOND_APPROVER.aad_object_id}),
        outbox_poll_seconds=0.05,
    )


def words(reply) -> str:
    return " ".join(text_of(a) for a in reply.activities)


def button(reply, title: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Submit" and title in node.get("title", ""):
                found.append(node["data"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(reply.activities)
    assert found, f"no button {title!r} in {words(reply)}"
    return found[-1]


async def register(make_client, kind: str, channel: str) -> TeamsClient:
    client = make_client(person=APPROVER, channel_id=channel)
    reply = await client.say(f"register {kind} channel")
    assert "Done" in reply.activities[0]["text"]
    return client


async def incident_card(connector: FakeConnector, reference: str, channel: str) -> dict:
    def in_channel() -> list[dict[str, Any]]:
        return [
            cards_of(a)[0] for a in connector.activities.values()
            if a.get("conversation", {}).get("id", "").startswith(channel)
            and cards_of(a) and reference in text_of(a)
        ]  # fmt: skip

    await connector.wait_for(lambda _: bool(in_channel()))
    [card] = in_channel()
    return card


async def report_personal_data_incident(client: TeamsClient, restart=None) -> str:
    offer = await client.say(PASTED)
    assert "It sounds like something may have gone wrong" in words(offer)
    intro = await client.submit(button(offer, "Report it now"))
    said = words(intro)
    assert "potential personal data breach" in said and "72 hours" in said
    assert "don't delete anything" in said
    assert "Which AI tool" not in said  # ChatGPT was heard, not asked again
    confirm = await client.say("about an hour ago")
    assert "Is that right?" in words(confirm)
    if restart is not None:
        await restart(client)
    await client.say("yes")
    await client.say("one resident")  # one person: "how many?" is not asked
    summary = await client.say("deleted the chat and told my manager")
    assert "Severity: high" in words(summary)
    done = await client.submit(button(summary, "Submit report"))
    said = words(done)
    assert "INC-0001" in said
    return said


async def test_a_personal_data_report_reaches_both_channels_and_survives_a_restart(
    local_settings: Settings,
    service: RunningService,
    make_client,
    connector: FakeConnector,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    await register(make_client, "governance", BOARD_CHANNEL)
    await register(make_client, "security", SECURITY_CHANNEL)
    restarted: list[RunningService] = []

    async def restart(client: TeamsClient) -> None:
        await service.stop()
        restarted.append(await RunningService(local_settings).start())
        client.bot_url = restarted[0].url + "/api/messages"

    try:
        said = await report_personal_data_incident(make_client(person=REPORTER), restart)
        assert "the GenAI governance authority" in said
        assert "data protection officer" in said.lower()  # a DPO channel is registered
        for channel in (BOARD_CHANNEL, SECURITY_CHANNEL):
            card = await incident_card(connector, "INC-0001", channel)
            shown = text_of(card)
            assert EMAIL in shown and "high" in shown.lower()
            assert "ICO" in shown and "deleted the chat and told my manager" in shown
            assert card.get("actions") is None  # read-only until a responder refreshes
    finally:
        for running in restarted:
            await running.stop()
    assert EMAIL not in caplog.text and "resident's email" not in caplog.text


async def test_no_personal_data_means_no_breach_wording_and_no_deadline(
    make_client, connector: FakeConnector
) -> None:
    await register(make_client, "governance", BOARD_CHANNEL)
    client = make_client(person=REPORTER)
    offer = await client.say("copilot made up a figure that went into a committee report")
    intro = await client.submit(button(offer, "Report it now"))
    assert "breach" not in words(intro)
    confirm = await client.say("yesterday afternoon")
    assert "in the afternoon. Is that right?" in words(confirm)
    involved = await client.say("yes")
    assert "Was any personal, sensitive or confidential information involved?" in words(involved)
    count = await client.say("no")
    assert "how many people" in words(count) and "breach" not in words(count)
    await client.say("not sure")
    summary = await client.say("nothing yet")
    assert "Check your report" in words(summary)
    done = await client.submit(button(summary, "Submit report"))
    assert "INC-0001" in words(done)
    card = await incident_card(connector, "INC-0001", BOARD_CHANNEL)
    assert "ICO" not in text_of(card) and "committee report" in text_of(card)


async def test_responders_act_the_reporter_hears_back_and_others_are_refused(
    service: RunningService, make_client, connector: FakeConnector
) -> None:
    board = await register(make_client, "governance", BOARD_CHANNEL)
    reporter = make_client(person=REPORTER)
    await report_personal_data_incident(reporter)
    await incident_card(connector, "INC-0001", BOARD_CHANNEL)
    before = len(connector.sent(reporter.conversation_id))

    stranger = make_client(person=STRANGER, channel_id=BOARD_CHANNEL)
    refused = await stranger.execute("incident.acknowledge", {"reference": "INC-0001"})
    assert "Only the board's responders" in text_of(refused.body)

    second = make_client(person=SECOND_APPROVER, channel_id=BOARD_CHANNEL)
    first_ack, second_ack = await asyncio.gather(
        board.execute("incident.acknowledge", {"reference": "INC-0001"}),
        second.execute("incident.acknowledge", {"reference": "INC-0001"}),
    )
    notices = text_of(first_ack.body) + " | " + text_of(second_ack.body)
    assert notices.count("acknowledged and assigned to you") == 1
    assert notices.count("Already acknowledged by") == 1

    winner = board if "assigned to you" in text_of(first_ack.body) else second
    changed = await winner.execute(
        "incident.set_status",
        {"reference": "INC-0001", "status": "investigating", "note": "Asked OpenAI to delete it"},
    )
    assert "now investigating" in text_of(changed.body)
    asked = await winner.execute(
        "incident.ask", {"reference": "INC-0001", "question": "Was it your work account?"}
    )
    assert "sent to the reporter" in text_of(asked.body)

    told = await connector.wait_for_sent(before + 3, reporter.conversation_id)
    news = " ".join(text_of(a) for a in told[before:])
    assert "picked up by" in news and "Investigating" in news and "Asked OpenAI" in news
    assert "Was it your work account?" in news

    answered = await reporter.say("answer INC-0001: yes, my work account")
    assert "added to INC-0001" in answered.activities[0]["text"]
    added = await reporter.say("add to INC-0001: I also pasted her phone number")
    assert "added to INC-0001" in added.activities[0]["text"]
    not_yours = await make_client(person=STRANGER).say("add to INC-0001: hello")
    assert "can't find a report INC-0001 of yours" in not_yours.activities[0]["text"]

    await connector.wait_for(lambda _: "phone number" in text_of(connector.activities))
    card = await incident_card(connector, "INC-0001", BOARD_CHANNEL)
    assert "yes, my work account" in text_of(card) and "Investigating" in text_of(card)

    async with service.app[SERVICE].engine.connect() as conn:
        refusals = (
            await conn.execute(
                select(AuditEntry.actor_ref).where(AuditEntry.action.like("incident.%refused"))
            )
        ).all()
    assert refusals == [(f"user:{STRANGER.aad_object_id}",)]


async def test_open_incidents_for_responders_only(make_client, connector: FakeConnector) -> None:
    await register(make_client, "governance", BOARD_CHANNEL)
    await report_personal_data_incident(make_client(person=REPORTER))
    listing = await make_client(person=APPROVER).say("open incidents")
    assert "INC-0001: high severity, open, not acknowledged" in listing.activities[0]["text"]
    refused = await make_client(person=STRANGER).say("open incidents")
    assert "Only the board's responders" in refused.activities[0]["text"]


async def test_unacknowledged_incidents_are_re_surfaced(
    service: RunningService, make_client, connector: FakeConnector
) -> None:
    await register(make_client, "governance", BOARD_CHANNEL)
    await report_personal_data_incident(make_client(person=REPORTER))
    workflows = service.app[SERVICE].workflows
    await workflows.reminders(older_than_days=1, incident_ack_hours=1e-9)

    def reminders() -> list[dict[str, Any]]:
        return [a for a in connector.sent(BOARD_CHANNEL) if "nobody has acknowledged" in text_of(a)]

    await connector.wait_for(lambda _: bool(reminders()))
    assert "INC-0001" in text_of(reminders()[0])


async def test_a_responder_cannot_handle_an_incident_they_reported(
    service: RunningService, make_client, connector: FakeConnector
) -> None:
    await register(make_client, "governance", BOARD_CHANNEL)
    # an approver reports from their own chat, then tries to handle it on the board
    await report_personal_data_incident(make_client(person=APPROVER))
    await incident_card(connector, "INC-0001", BOARD_CHANNEL)
    board = make_client(person=APPROVER, channel_id=BOARD_CHANNEL)
    for verb, data in (
        ("incident.acknowledge", {}),
        ("incident.set_status", {"status": "closed", "note": "sorted"}),
    ):
        reply = await board.execute(verb, {"reference": "INC-0001", **data})
        assert "You reported INC-0001, so another responder must handle it" in text_of(reply.body)
    incident = await service.app[SERVICE].workflows.incidents.get("INC-0001")
    assert incident.status == "open" and not incident.assigned_name
    second = make_client(person=SECOND_APPROVER, channel_id=BOARD_CHANNEL)
    taken = await second.execute("incident.acknowledge", {"reference": "INC-0001"})
    assert "acknowledged and assigned to you" in text_of(taken.body)
    async with service.app[SERVICE].engine.connect() as conn:
        refusals = (
            await conn.execute(
                select(AuditEntry.actor_ref).where(AuditEntry.action.like("incident.%refused"))
            )
        ).all()
    assert refusals == [(f"user:{APPROVER.aad_object_id}",)] * 2


async def test_incident_actions_typed_in_the_board_channel_work_like_the_buttons(
    service: RunningService, make_client, connector: FakeConnector
) -> None:
    await register(make_client, "governance", BOARD_CHANNEL)
    reporter = make_client(person=REPORTER)
    await report_personal_data_incident(reporter)
    await incident_card(connector, "INC-0001", BOARD_CHANNEL)
    before = len(connector.sent(reporter.conversation_id))
    board = make_client(person=APPROVER, channel_id=BOARD_CHANNEL)
    taken = await board.say("acknowledge INC-0001")
    assert "acknowledged and assigned to you" in words(taken)
    unclear = await board.say("status INC-0001 sorted")
    assert "investigating|mitigated|closed" in words(unclear)
    moved = await board.say("status INC-0001 mitigated: chat deleted and OpenAI asked to remove it")
    assert "now mitigated" in words(moved)
    refused = await make_client(person=STRANGER, channel_id=BOARD_CHANNEL).say(
        "status INC-0001 closed: nothing to see"
    )
    assert "Only the board's responders" in words(refused)
    incident = await service.app[SERVICE].workflows.incidents.get("INC-0001")
    assert incident.status == "mitigated" and incident.assigned_name == APPROVER.name
    told = await connector.wait_for_sent(before + 2, reporter.conversation_id)
    news = " ".join(text_of(a) for a in told[before:])
    assert "picked up by" in news and "chat deleted" in news
    await connector.wait_for(lambda _: "chat deleted and OpenAI" in text_of(connector.activities))
    card = await incident_card(connector, "INC-0001", BOARD_CHANNEL)
    assert "Mitigated" in text_of(card)


async def test_with_no_board_channel_the_reporter_is_told_nobody_has_seen_it(
    service: RunningService, make_client, connector: FakeConnector
) -> None:
    reporter = make_client(person=REPORTER)
    done = await report_personal_data_incident(reporter)
    assert "Report saved: nobody has been told yet" in done and "Report sent" not in done
    added = await reporter.say("add to INC-0001: I also pasted her phone number")
    assert "nobody has seen it yet" in words(added) and "the board can see it" not in words(added)
