"""Added to a team, policybot greets the board in the channel (issue 14): what the channel can be
used for, who may register it and the exact command. A 1:1 chat still gets the staff welcome,
and a group chat too; each conversation is greeted once."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from bot.cards.welcome import GREETING, TEAM_GREETING
from bot.devtools.client import BOT_ID, Person, Reply, TeamsClient, cards_of
from bot.settings import Settings

from .conftest import RunningService, running

GENERAL = "19:general-library-services@thread.tacv2"  # a team's General channel: the team's id
OTHER_CHANNEL = "19:ai-questions@thread.tacv2"
ADMIN = Person(name="Ada Admin")


def team_install(client: TeamsClient) -> dict[str, Any]:
    """What Teams sends when the bot is added to a team: a conversationUpdate in the General
    channel, with only the bot in membersAdded and the team named in channelData."""
    activity = client.activity("conversationUpdate", membersAdded=[{"id": BOT_ID}])
    activity["channelData"].update(
        eventType="teamMemberAdded", team={"id": client.channel_id, "name": "Library services"}
    )
    return activity


def the_card(reply: Reply) -> dict[str, Any]:
    cards = [card for activity in reply.activities for card in cards_of(activity)]
    assert len(cards) == 1, reply.activities
    return cards[0]


def text(card: dict[str, Any]) -> str:
    return json.dumps(card, ensure_ascii=False)


async def test_a_team_install_greets_the_board_once(make_client) -> None:
    client = make_client(channel_id=GENERAL)
    welcome = text(the_card(await client.post(team_install(client))))
    assert TEAM_GREETING in welcome and GREETING not in welcome  # not the staff welcome
    assert "What this channel can be used for" in welcome
    assert "approval requests and incident reports arrive in it as cards" in welcome
    for command in (
        "@policybot approve AR-0002",
        "@policybot reject AR-0002: reason",
        "@policybot acknowledge INC-0001",
        "@policybot register governance channel",
    ):
        assert command in welcome
    # local mode with nobody named in POLICYBOT_ADMINS or POLICYBOT_APPROVERS: the local user
    assert "in this local trial the local user (you) can" in welcome
    assert "No channel is registered for the board yet." in welcome
    assert "request_approval" not in welcome  # the staff buttons belong in a 1:1 chat
    again = await client.post(client.activity("installationUpdate", action="add"))
    assert again.activities == []
    assert (await client.post(team_install(client))).activities == []


async def test_install_events_arriving_together_give_one_team_welcome(make_client) -> None:
    client = make_client(channel_id=GENERAL)
    replies = await asyncio.gather(
        client.post(client.activity("installationUpdate", action="add")),
        client.post(team_install(client)),
    )
    assert sum(len(reply.activities) for reply in replies) == 1


async def test_the_welcome_says_whether_the_board_is_here_or_elsewhere(make_client) -> None:
    board = make_client(channel_id=GENERAL)
    assert "Done" in (await board.say("register governance channel")).activities[0]["text"]
    here = text(the_card(await board.post(team_install(board))))
    assert "This channel is the board's channel" in here
    other = make_client(channel_id=OTHER_CHANNEL)
    elsewhere = text(the_card(await other.post(team_install(other))))
    assert "The board uses another channel now" in elsewhere


async def test_chats_still_get_the_staff_welcome(make_client) -> None:
    personal = text(the_card(await make_client().install()))
    assert GREETING in personal and TEAM_GREETING not in personal
    group = make_client()
    group.conversation_id = "19:library-team-chat@thread.v2"
    added = group.activity("conversationUpdate", membersAdded=[{"id": BOT_ID}])
    added["conversation"].update(conversationType="groupChat", isGroup=True)
    welcome = text(the_card(await group.post(added)))
    assert GREETING in welcome and TEAM_GREETING not in welcome


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        (
            {"admins": frozenset({ADMIN.aad_object_id})},
            "the administrators and approvers in POLICYBOT_ADMINS or POLICYBOT_APPROVERS",
        ),
        (
            {"approvers": frozenset({ADMIN.aad_object_id})},
            "the administrators and approvers in POLICYBOT_ADMINS or POLICYBOT_APPROVERS",
        ),
    ],
    ids=["admins", "approvers"],
)
async def test_the_welcome_names_who_may_register_from_configuration(
    database_url: str, connector, http, named: dict[str, Any], expected: str
) -> None:
    settings = Settings(database_url=database_url, port=0, **named)
    async with running(settings) as [service]:
        client = TeamsClient(service.url, connector, http, ADMIN, channel_id=GENERAL)
        welcome = text(the_card(await client.post(team_install(client))))
    assert expected in welcome
    assert "local trial" not in welcome


async def test_the_bots_own_name_is_used_in_the_commands(
    service: RunningService, make_client
) -> None:
    client = make_client(channel_id=GENERAL)
    activity = team_install(client)
    activity["recipient"]["name"] = "AI Policy Helper"
    welcome = text(the_card(await client.post(activity)))
    assert "@AI Policy Helper register governance channel" in welcome
