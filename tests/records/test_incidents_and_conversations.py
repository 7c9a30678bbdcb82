"""Incidents and conversation references."""

from __future__ import annotations

from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.conversations import GOVERNANCE_KEY, ConversationReferences, user_key
from bot.records.incidents import IncidentRepository, IncidentStatus
from bot.records.models import AuditEntry, OutboxMessage
from tests.records.helpers import incident

Sessions = async_sessionmaker[AsyncSession]


async def test_an_incident_is_recorded_announced_and_audited(session_factory: Sessions) -> None:
    repo = IncidentRepository(session_factory)
    row = await repo.report(incident())
    assert (row.reference, row.status, row.severity) == ("INC-0001", "open", "high")
    closed = await repo.set_status(row.reference, IncidentStatus.CLOSED, actor_id="aad-dpo")
    assert closed.closed_at is not None
    async with session_factory() as session:
        message = (await session.scalars(select(OutboxMessage))).one()
        audit = (await session.scalars(select(AuditEntry).order_by(AuditEntry.seq))).all()
    assert (message.kind, message.payload) == ("incident.reported", {"reference": "INC-0001"})
    assert [a.action for a in audit] == ["incident.reported", "incident.status_changed"]
    assert "Rita" not in str([(a.actor_ref, a.subject_ref, a.details) for a in audit])


async def test_conversation_references_round_trip_and_update(session_factory: Sessions) -> None:
    refs = ConversationReferences(session_factory)
    reference = ConversationReference(
        channel_id="msteams",
        service_url="https://smba.trafficmanager.net/uk/",
        conversation=ConversationAccount(id="19:board@thread.tacv2", is_group=True),
        bot=ChannelAccount(id="28:bot"),
    )
    await refs.save(GOVERNANCE_KEY, reference)
    reference.service_url = "https://smba.trafficmanager.net/emea/"
    await refs.save(GOVERNANCE_KEY, reference)
    loaded = await refs.get(GOVERNANCE_KEY)
    assert loaded.conversation.id == "19:board@thread.tacv2"
    assert loaded.service_url.endswith("/emea/")
    assert await refs.get(user_key("nobody")) is None
