"""A person talking to the running service over real HTTP, as Teams would carry it."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from bot.app import SERVICE
from bot.devtools.client import Person, cards_of
from bot.devtools.fake_connector import FakeConnector
from bot.records.db import create_engine

from .conftest import RunningService


def only_card(activities: list[dict[str, Any]]) -> dict[str, Any]:
    cards = [card for activity in activities for card in cards_of(activity)]
    assert len(cards) == 1, activities
    return cards[0]


def submit_data(card: dict[str, Any]) -> list[dict[str, Any]]:
    """The data of every Action.Submit anywhere in the card."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Submit":
                found.append(node.get("data") or {})
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


async def interactions(service: RunningService) -> list[dict[str, Any]]:
    engine = service.app[SERVICE].engine
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT question, verdict, user_id, decision FROM interactions ORDER BY id")
        )
        return [dict(row._mapping) for row in rows]


async def test_install_gets_one_welcome_that_says_what_the_bot_is(make_client) -> None:
    client = make_client()
    first = await client.install()
    assert first.status == 200
    welcome = json.dumps(only_card(first.activities))
    assert "not generative AI" in welcome
    assert "the GenAI governance authority" in welcome  # how to reach a person
    again = await client.post(client.activity("installationUpdate", action="add"))
    assert again.activities == []  # Teams sends both events; people see one welcome


async def test_install_events_arriving_together_give_one_welcome(make_client) -> None:
    """Teams (and the Agents Playground) send installationUpdate and conversationUpdate at the
    same moment; their turns run concurrently."""
    client = make_client()
    replies = await asyncio.gather(
        client.post(client.activity("installationUpdate", action="add")), client.install()
    )
    assert sum(len(reply.activities) for reply in replies) == 1


async def test_question_gets_an_answer_card_and_is_recorded(
    make_client, service: RunningService, caplog: pytest.LogCaptureFixture
) -> None:
    person = Person(name="Jo Bloggs")
    client = make_client(person=person)
    question = "Can I use Copilot to summarise a resident's complaint from jo@example.org?"
    with caplog.at_level(logging.DEBUG):
        reply = await client.say(question)
    assert reply.status == 200
    card = only_card(reply.activities)
    rendered = json.dumps(card)
    assert "Needs approval" in rendered and "7.2" in rendered
    assert any(d.get("verb") == "request_approval" for d in submit_data(card))
    [row] = await interactions(service)
    assert row["question"] == question
    assert row["verdict"] == "needs_approval"
    assert row["user_id"] == person.aad_object_id
    # Personal data never reaches the application log.
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for secret in ("jo@example.org", "resident", "Jo Bloggs", "Copilot"):
        assert secret not in logged


async def test_follow_ups_are_answered_against_the_previous_question(make_client) -> None:
    client = make_client()
    first = only_card((await client.say("Can I use ChatGPT to draft emails?")).activities)
    assert "ChatGPT" in json.dumps(first)
    copilot = json.dumps(only_card((await client.say("what about with Copilot?")).activities))
    assert "Copilot" in copilot and "Allowed with conditions" in copilot
    address = json.dumps(
        only_card((await client.say("and if it includes a resident's address?")).activities)
    )
    assert "Needs approval" in address


async def test_follow_up_button_asks_the_next_question(make_client) -> None:
    client = make_client()
    card = only_card((await client.say("Can I use ChatGPT to draft emails?")).activities)
    [follow_up] = [d for d in submit_data(card) if d.get("verb") == "ask"]
    answer = json.dumps(only_card((await client.submit(follow_up)).activities))
    # "What about with personal data?" on a named public chatbot: no, without authorisation
    assert "Not allowed" in answer


async def test_invoke_round_trip_returns_its_real_status_and_body(make_client) -> None:
    client = make_client()
    reply = await client.execute("ask", {"text": "Can I use Gemini to brainstorm ideas?"})
    assert reply.status == 200
    assert reply.body["statusCode"] == 200
    assert reply.body["type"] == "application/vnd.microsoft.activity.message"
    assert "Allowed" in json.dumps(only_card(reply.activities))
    unknown = await client.execute("no_such_verb")
    assert unknown.status == 400 and unknown.body["statusCode"] == 400


async def test_channel_mentions_are_stripped(make_client) -> None:
    client = make_client(channel_id="19:governance@thread.tacv2")
    card = only_card((await client.say("Can I use Claude to write code?")).activities)
    assert "Claude" in json.dumps(card)
    assert "<at>" not in json.dumps(card)


async def test_help_and_empty_messages_get_the_help_card(make_client) -> None:
    client = make_client()
    for text_ in ("help", "  ", "hi"):
        card = json.dumps(only_card((await client.say(text_)).activities))
        assert "request approval" in card.lower()


async def test_a_restart_in_the_middle_of_a_conversation_keeps_its_thread(
    local_settings, connector: FakeConnector, http
) -> None:
    from bot.devtools.client import TeamsClient

    first = await RunningService(local_settings).start()
    client = TeamsClient(first.url, connector, http, Person())
    await client.say("Can I use ChatGPT to draft emails?")
    await first.stop()
    second = await RunningService(local_settings).start()
    try:
        client.bot_url = second.url + "/api/messages"
        card = json.dumps(only_card((await client.say("what about with Copilot?")).activities))
        assert "Copilot" in card and "Allowed with conditions" in card
        rows = await interactions(second)
        assert [r["verdict"] for r in rows] == ["allowed_with_conditions"] * 2
        assert json.loads(rows[1]["decision"])["follow_up_of"] == [
            "Can I use ChatGPT to draft emails?"
        ]
    finally:
        await second.stop()


async def test_a_failing_turn_gives_a_reference_and_keeps_the_thread(
    make_client, service: RunningService, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    client = make_client()
    await client.say("Can I use ChatGPT to draft emails?")
    bot = service.app[SERVICE].bot

    async def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(bot.interactions, "record", broken)
    with caplog.at_level(logging.ERROR):
        reply = await client.say("what about with Copilot?")
    assert reply.status == 200
    rendered = json.dumps(reply.activities)
    reference = next(r.getMessage() for r in caplog.records if "ref=ERR-" in r.getMessage())
    ref = reference.split("ref=")[1].split()[0]
    assert ref in rendered
    monkeypatch.undo()
    card = json.dumps(
        only_card((await client.say("and if it includes a resident's address?")).activities)
    )
    assert "Copilot" in card and "Needs approval" in card


async def test_health_and_readiness(service: RunningService, http) -> None:
    async with http.get(service.url + "/healthz") as response:
        assert response.status == 200
    async with http.get(service.url + "/readyz") as response:
        body = await response.json()
        assert response.status == 200 and body["database"] == "ok"
        assert body["policy"].startswith("socitm-template")
    running = service.app[SERVICE]
    healthy = running.engine
    running.engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:9/nothing")
    try:
        async with http.get(service.url + "/readyz") as response:
            assert response.status == 503
            assert (await response.json())["database"] == "unreachable"
    finally:
        await running.engine.dispose()
        running.engine = healthy


async def test_readiness_holds_traffic_while_the_schema_is_behind_but_not_when_newer(
    service: RunningService, http
) -> None:
    """An instance whose database is behind its release (started before `policybot db upgrade`
    ran) is not ready; one whose database a newer release has migrated keeps serving."""
    async with http.get(service.url + "/readyz") as response:
        assert (await response.json())["migrations"] == "current"
    engine = service.app[SERVICE].engine
    assert engine is not None
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    async with http.get(service.url + "/readyz") as response:
        body = await response.json()
        assert response.status == 503 and body["migrations"].startswith("behind")
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    async with http.get(service.url + "/readyz") as response:
        body = await response.json()
        assert response.status == 200 and body["migrations"].startswith("newer")


async def test_a_question_costs_one_transaction_holding_record_and_state(
    make_client, service: RunningService
) -> None:
    client = make_client()
    await client.say("Can I use ChatGPT to draft emails?")  # the conversation's state now exists
    pump = service.app[SERVICE].pump
    assert pump is not None
    while not pump.periodic_passes:  # its housekeeping (purging old replays) commits too
        await asyncio.sleep(0.01)
    commits: list[int] = []

    def count(connection) -> None:
        commits.append(1)

    # Every engine in the process (the service's and the SQLite writer's), so that a write
    # moved to another connection still counts.
    event.listen(Engine, "commit", count)
    try:
        await client.say("what about with Copilot?")
    finally:
        event.remove(Engine, "commit", count)
    # the message claimed as answered once (a retried delivery is not answered again); then
    # state read from memory, state and record written together
    assert len(commits) == 2
    assert [r["verdict"] for r in await interactions(service)] == ["allowed_with_conditions"] * 2


async def test_the_record_is_kept_when_the_state_write_fails(
    make_client, service: RunningService, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = make_client()
    storage = service.app[SERVICE].bot.conversation_state._storage

    async def refuse(changes):
        raise RuntimeError("disk full")

    monkeypatch.setattr(storage, "write", refuse)
    reply = await client.say("Can I use Midjourney for a poster?")
    assert reply.status == 200  # the person is told something went wrong, with a reference
    assert [r["verdict"] for r in await interactions(service)] == ["needs_approval"]
