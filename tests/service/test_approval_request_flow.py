"""A request from question to the board's channel, end to end over real HTTP: the answer card's
"Request approval" button, the request dialog, a restart in the middle, the reference, and the
card in the governance channel."""

from __future__ import annotations

import json
from typing import Any

from bot.devtools.client import Person, TeamsClient, cards_of
from bot.devtools.fake_connector import FakeConnector
from tests.service.conftest import RunningService

from .test_approval_board import BOARD_CHANNEL, board_card, registered_board, text_of


def submit_data(card: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Submit":
                found.append(node["data"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def last_words(activities: list[dict[str, Any]]) -> str:
    return " ".join(text_of(a) for a in activities)


def button(activities: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """The data of the button called `title` on the newest card."""
    for activity in reversed(activities):
        for card in cards_of(activity):
            for action in _actions(card):
                if title in action.get("title", ""):
                    return action["data"]
    raise AssertionError(f"no button {title!r} in {last_words(activities)}")


def _actions(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        own = [node] if node.get("type") == "Action.Submit" else []
        return own + [a for v in node.values() for a in _actions(v)]
    if isinstance(node, list):
        return [a for v in node for a in _actions(v)]
    return []


async def test_from_the_answer_card_to_a_reference_and_the_boards_card(
    local_settings, connector: FakeConnector, service: RunningService, make_client
) -> None:
    await registered_board(make_client)
    requester = Person(name="Sam Requester")
    client = make_client(person=requester)
    answer = await client.say("Can I use Midjourney to make posters for a library event?")
    [request] = [d for d in submit_data(cards_of(answer.activities[0])[0])
                 if d.get("verb") == "request_approval"]  # fmt: skip
    opening = await client.submit(request)
    words = last_words(opening.activities)
    assert "Midjourney" in words and "make posters for a library event" in words
    assert "Which AI tool" not in words and "What do you want to use" not in words

    kinds = await client.say("event titles, dates and venues")
    assert "How sensitive is that information?" in last_words(kinds.activities)
    # the kinds are one list on the card: Continue sends the one picked
    picked = {**button(kinds.activities, "Continue"), "classification": "public"}
    output = await client.submit(picked)
    assert "What do you expect Midjourney to produce?" in last_words(output.activities)

    # the service restarts in the middle of the dialog: nothing the requester said is lost
    await service.stop()
    restarted = await RunningService(local_settings).start()
    try:
        client.bot_url = restarted.url + "/api/messages"
        use = await client.say("poster images")
        assert "How will the output be used or shared" in last_words(use.activities)
        why = await client.say("printed and put up in our libraries")
        summary = await client.say("skip")
        assert "Check your approval request" in last_words(summary.activities)
        assert "event titles, dates and venues" in last_words(summary.activities)
        sent = await client.submit(button(summary.activities, "Submit request"))
        assert "AR-0001" in last_words(sent.activities)
        assert why.status == 200
        card = await board_card(connector, "AR-0001")
        assert "printed and put up in our libraries" in text_of(card)
        assert "Sam Requester" in text_of(card) and "Midjourney" in text_of(card)
        mine = await client.say("my requests")
        assert "AR-0001: Midjourney (waiting for a decision)" in mine.activities[0]["text"]
        assert BOARD_CHANNEL not in json.dumps(mine.activities)
    finally:
        await restarted.stop()


async def test_request_approval_typed_starts_the_dialog_with_what_it_said(make_client) -> None:
    client: TeamsClient = make_client()
    reply = await client.say("I want to use Otter for meeting notes")
    words = last_words(reply.activities)
    assert "Request approval" in words and "Otter" in words and "meeting notes" in words
    cancelled = await client.say("cancel")
    assert "nothing was sent" in last_words(cancelled.activities)
    assert "Can I" not in last_words(cancelled.activities)


async def test_the_dialog_is_not_run_in_a_channel(make_client) -> None:
    channel = make_client(channel_id="19:general@thread.tacv2")
    reply = await channel.say("request approval for Midjourney")
    assert "privately" in reply.activities[0]["text"]
