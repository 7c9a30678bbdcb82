"""Delivery to stored conversations over real HTTP against the fake Bot Connector."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.devtools.fake_connector import FakeConnector
from bot.hosting import create_adapter
from bot.notify.delivery import NoConversation, TeamsDelivery, retry_after_seconds
from bot.records.conversations import ConversationReferences
from bot.records.db import create_engine, create_session_factory
from bot.records.migrate import prepare_database
from bot.records.outbox import PermanentDeliveryError, RetryableDeliveryError
from bot.records.posted_cards import PostedCards
from bot.settings import Settings

CARD = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "v1"}]}


@pytest.fixture
async def delivery(tmp_path: Path, connector: FakeConnector) -> AsyncIterator[TeamsDelivery]:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'd.sqlite3'}")
    await prepare_database(engine, upgrade_requested=False)
    sessions = create_session_factory(engine)
    references = ConversationReferences(sessions)
    await references.save(
        "governance",
        {
            "bot": {"id": "28:bot"},
            "conversation": {"id": "19:board@thread.tacv2", "conversationType": "channel"},
            "channelId": "msteams",
            "serviceUrl": connector.url,
        },
    )
    yield TeamsDelivery(create_adapter(Settings()), "", references, PostedCards(sessions))
    await engine.dispose()


async def test_a_card_is_posted_once_then_updated_in_place(
    delivery: TeamsDelivery, connector: FakeConnector
) -> None:
    first = await delivery.post_or_update_card("approval:AR-0001", "governance", CARD)
    v2 = {**CARD, "body": [{"type": "TextBlock", "text": "v2"}]}
    second = await delivery.post_or_update_card("approval:AR-0001", "governance", v2)
    assert first == second and first
    assert [r.action for r in connector.received] == ["send", "update"]
    shown = connector.activities[first]["attachments"][0]["content"]
    assert shown["body"][0]["text"] == "v2"


async def test_429_is_retryable_with_retry_after_and_5xx_retryable(
    delivery: TeamsDelivery, connector: FakeConnector
) -> None:
    connector.fail_next(1, status=429, retry_after=7)
    with pytest.raises(RetryableDeliveryError) as caught:
        await delivery.post_or_update_card("approval:AR-0001", "governance", CARD)
    assert caught.value.retry_after == 7
    connector.fail_next(1, status=503)
    with pytest.raises(RetryableDeliveryError):
        await delivery.post_or_update_card("approval:AR-0001", "governance", CARD)
    await delivery.post_or_update_card("approval:AR-0001", "governance", CARD)
    assert len(connector.sent()) == 1


async def test_a_missing_conversation_is_permanent(delivery: TeamsDelivery) -> None:
    with pytest.raises(NoConversation):
        await delivery.post_or_update_card("incident:INC-0001", "security", CARD)
    assert issubclass(NoConversation, PermanentDeliveryError)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("12", 12.0), ("0", 0.0), ("junk", None), ("", None), ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0)],
)
def test_retry_after_reads_seconds_and_dates(header: str, seconds: float | None) -> None:
    assert retry_after_seconds({"Retry-After": header} if header else {}) == seconds


async def test_a_configured_channel_can_be_posted_to(
    tmp_path: Path, connector: FakeConnector
) -> None:
    from bot.governance.channels import Channels

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'c.sqlite3'}")
    await prepare_database(engine, upgrade_requested=False)
    sessions = create_session_factory(engine)
    references = ConversationReferences(sessions)
    channels = Channels(references)
    await channels.configure(
        "governance",
        channel_id="19:configured@thread.tacv2",
        team_id="19:team@thread.tacv2",
        service_url=connector.url,
        bot_id="28:app",
        tenant_id="tenant-1",
    )
    delivery = TeamsDelivery(create_adapter(Settings()), "", references, PostedCards(sessions))
    await delivery.post_or_update_card("approval:AR-0001", "governance", CARD)
    [received] = connector.received
    assert received.conversation_id == "19:configured@thread.tacv2"
    assert await channels.team_id() == "19:team@thread.tacv2"
    await engine.dispose()
