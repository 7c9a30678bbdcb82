"""On a fresh setup the board can decide at once (issue 13): every configured approver is in the
card's refresh.userIds, looked up in the governance team's roster when the card is posted, even
when none of them has clicked anything yet and the channel was registered by an administrator."""

from __future__ import annotations

import pytest

from bot.devtools.fake_connector import FakeConnector
from bot.settings import Settings

from .conftest import running
from .test_approval_board import (
    APPROVER,
    BOARD_CHANNEL,
    REQUESTER,
    SECOND_APPROVER,
    board_card,
    new_request,
    requester_chat,
    text_of,
)
from .test_who_governs import ADMIN, admin_only


@pytest.fixture
def local_settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        port=0,
        admins=frozenset({ADMIN.aad_object_id}),
        approvers=frozenset({APPROVER.aad_object_id, SECOND_APPROVER.aad_object_id}),
        outbox_poll_seconds=0.05,
    )


async def test_every_configured_approver_gets_the_buttons_before_anyone_has_clicked(
    service, make_client, connector: FakeConnector
) -> None:
    connector.members[BOARD_CHANNEL] = [APPROVER.account(), SECOND_APPROVER.account()]
    admin = make_client(person=ADMIN, channel_id=BOARD_CHANNEL)
    assert "Done" in (await admin.say("register governance channel")).activities[0]["text"]
    reference = await new_request(service, await requester_chat(make_client))
    card = await board_card(connector, reference)
    assert card["refresh"]["userIds"] == sorted([APPROVER.id, SECOND_APPROVER.id])
    # and so the second approver, who has never spoken to the bot, can decide straight away
    second = make_client(person=SECOND_APPROVER, channel_id=BOARD_CHANNEL)
    refreshed = await second.execute("approval.refresh", {"reference": reference})
    assert "Approve" in text_of(refreshed.body)


async def test_cards_posted_before_an_approver_was_known_are_redrawn_for_them(
    service, make_client, connector: FakeConnector
) -> None:
    from bot.app import SERVICE

    connector.members[BOARD_CHANNEL] = [APPROVER.account()]  # the second is not in the team yet
    admin = make_client(person=ADMIN, channel_id=BOARD_CHANNEL)
    await admin.say("register governance channel")
    chat = await requester_chat(make_client)
    first = await new_request(service, chat)
    assert (await board_card(connector, first))["refresh"]["userIds"] == [APPROVER.id]

    connector.members[BOARD_CHANNEL].append(SECOND_APPROVER.account())  # joins the team
    service.app[SERVICE].directory._next_try.clear()  # as if the retry pause had passed
    await new_request(service, chat, tool="Otter")  # the next card looks again

    both = sorted([APPROVER.id, SECOND_APPROVER.id])

    def redrawn(_) -> bool:
        cards = [
            a for a in connector.activities.values() if f"Approval request {first}" in text_of(a)
        ]
        return bool(cards) and cards[0]["attachments"][0]["content"]["refresh"]["userIds"] == both

    await connector.wait_for(redrawn)
    updates = [r for r in connector.received if r.action == "update"]
    assert updates, "the first card is updated in place, not posted again"


@pytest.fixture
def team_settings(database_url: str) -> Settings:
    return admin_only(database_url)


async def test_approvers_from_team_membership_are_read_from_the_roster_when_a_card_is_posted(
    team_settings: Settings, connector: FakeConnector, http
) -> None:
    from bot.devtools.client import TeamsClient

    connector.members[BOARD_CHANNEL] = [APPROVER.account(), SECOND_APPROVER.account()]
    async with running(team_settings) as (service,):
        admin = TeamsClient(service.url, connector, http, ADMIN, channel_id=BOARD_CHANNEL)
        assert "Done" in (await admin.say("register governance channel")).activities[0]["text"]
        chat = TeamsClient(service.url, connector, http, REQUESTER)
        await chat.say("hello")
        reference = await new_request(service, chat)
        card = await board_card(connector, reference)
        assert card["refresh"]["userIds"] == sorted([APPROVER.id, SECOND_APPROVER.id])


async def test_an_approver_first_known_by_a_message_gets_the_buttons_on_open_cards(
    team_settings: Settings, connector: FakeConnector, http
) -> None:
    from bot.devtools.client import TeamsClient

    async with running(team_settings) as (service,):
        admin = TeamsClient(service.url, connector, http, ADMIN, channel_id=BOARD_CHANNEL)
        await admin.say("register governance channel")
        chat = TeamsClient(service.url, connector, http, REQUESTER)
        await chat.say("hello")
        reference = await new_request(service, chat)  # the team's roster is empty: nobody known
        assert "refresh" not in await board_card(connector, reference)

        connector.members[BOARD_CHANNEL] = [APPROVER.account()]  # joins, then speaks up
        board = TeamsClient(service.url, connector, http, APPROVER, channel_id=BOARD_CHANNEL)
        await board.say("pending requests")

        def redrawn(_) -> bool:
            cards = [a for a in connector.activities.values()
                     if f"Approval request {reference}" in text_of(a)]  # fmt: skip
            content = cards[0]["attachments"][0]["content"] if cards else {}
            return content.get("refresh", {}).get("userIds") == [APPROVER.id]

        await connector.wait_for(redrawn)
