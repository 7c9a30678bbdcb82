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
