"""Without POLICYBOT_APPROVERS the approvers are the members of the registered governance team,
asked of Teams (here the fake Bot Connector's roster) at the moment of each click."""

from __future__ import annotations

import pytest

from bot.app import SERVICE
from bot.devtools.fake_connector import FakeConnector
from bot.settings import Settings

from .test_approval_board import (
    APPROVER,
    BOARD_CHANNEL,
    STRANGER,
    board_card,
    new_request,
    registered_board,
    requester_chat,
    text_of,
)


@pytest.fixture
def local_settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, port=0, outbox_poll_seconds=0.05)


async def test_team_members_decide_and_others_are_refused_at_click_time(
    service, make_client, connector: FakeConnector
) -> None:
    connector.members[BOARD_CHANNEL] = [APPROVER.account()]
    board = await registered_board(make_client)  # the first registration needs no board yet
    reference = await new_request(service, await requester_chat(make_client))
    await board_card(connector, reference)

    stranger = make_client(person=STRANGER, channel_id=BOARD_CHANNEL)
    refused = await stranger.execute("approval.approve", {"reference": reference})
    assert "Only the board's approvers" in text_of(refused.body)

    connector.members[BOARD_CHANNEL] = []  # removed from the team since the card was posted
    removed = await board.execute("approval.approve", {"reference": reference})
    assert "Only the board's approvers" in text_of(removed.body)

    connector.members[BOARD_CHANNEL] = [APPROVER.account()]
    approved = await board.execute("approval.approve", {"reference": reference})
    assert "Approved by Alex Approver" in text_of(approved.body)
    assert (await service.app[SERVICE].workflows.approvals.get(reference)).decision == "approved"


async def test_a_team_member_sees_the_queue_from_their_own_chat(
    service, make_client, connector: FakeConnector
) -> None:
    """The team's roster is asked for the team, not for the conversation the command came from
    (the SDK's TeamsInfo.get_team_member asks about the turn's own conversation: from a 1:1
    chat, the person is always "a member", or never)."""
    connector.members[BOARD_CHANNEL] = [APPROVER.account()]
    await registered_board(make_client)
    reference = await new_request(service, await requester_chat(make_client))
    own_chat = make_client(person=APPROVER)
    connector.members[own_chat.conversation_id] = [STRANGER.account()]
    assert reference in text_of((await own_chat.say("pending requests")).activities)
    stranger_chat = make_client(person=STRANGER)
    connector.members[stranger_chat.conversation_id] = [STRANGER.account()]
    refused = await stranger_chat.say("pending requests")
    assert "Only the board's approvers" in text_of(refused.activities)
