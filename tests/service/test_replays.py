"""A message delivered again (Teams retries a turn whose first delivery timed out) is answered
and recorded once, even when the copies arrive at the same moment, on one instance or two."""

from __future__ import annotations

import asyncio

import pytest

from bot.app import SERVICE
from bot.devtools.client import Person, TeamsClient
from bot.devtools.fake_connector import FakeConnector
from bot.settings import Settings

from .conftest import RunningService, running
from .test_conversation import interactions


async def test_forty_copies_of_one_message_at_once_are_answered_once(
    make_client, service: RunningService, connector: FakeConnector
) -> None:
    client = make_client()
    activity = client.activity("message", text="Can I use ChatGPT to draft emails?")
    replies = await asyncio.gather(*(client.post(dict(activity)) for _ in range(40)))
    assert all(r.status == 200 for r in replies)
    await asyncio.sleep(0.2)
    answers = [r for r in connector.received if r.conversation_id == client.conversation_id]
    assert len(answers) == 1
    assert [row["question"] for row in await interactions(service)] == [
        "Can I use ChatGPT to draft emails?"
    ]
    # a new message (a new id) in the same conversation is answered as usual
    again = await client.say("Can I use ChatGPT to draft emails?")
    assert len(again.activities) == 1


async def test_a_turn_that_failed_is_answered_when_it_is_delivered_again(
    make_client, service: RunningService, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client()
    activity = client.activity("message", text="Can I use Copilot to draft emails?")
    bot = service.app[SERVICE].bot
    original = bot.on_message_activity

    async def broken(turn_context):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(bot, "on_message_activity", broken)
    await client.post(dict(activity))
    monkeypatch.setattr(bot, "on_message_activity", original)
    retried = await client.post(dict(activity))
    assert any("Copilot" in str(a) for a in retried.activities)


@pytest.mark.postgres
async def test_copies_split_between_two_instances_are_answered_once(
    pg_url: str, connector: FakeConnector, http
) -> None:
    settings = Settings(database_url=pg_url, port=0)
    async with running(settings, 2) as (first, second):
        client = TeamsClient(first.url, connector, http, Person())
        activity = client.activity("message", text="Can I use ChatGPT to draft emails?")
        other = TeamsClient(second.url, connector, http, client.person)
        other.conversation_id = client.conversation_id
        await asyncio.gather(*(c.post(dict(activity)) for _ in range(10) for c in (client, other)))
        await asyncio.sleep(0.2)
        answers = [r for r in connector.received if r.conversation_id == client.conversation_id]
        assert len(answers) == 1
        assert len(await interactions(first)) == 1
