"""Incident reports: recorded first, announced to the board in the same transaction, so that a
report made at 5pm on a Friday is never lost between the chat and the channel."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import RecordsError
from bot.records import audit, outbox
from bot.records.conversations import GOVERNANCE_KEY, user_key
from bot.records.models import Incident, utcnow
from bot.records.references import INCIDENT_PREFIX, next_reference


class Severity(StrEnum):
    UNKNOWN = "unknown"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class IncidentStatus(StrEnum):
    OPEN = "open"
    TRIAGED = "triaged"
    CLOSED = "closed"


@dataclass(frozen=True)
class NewIncident:
    reporter_id: str
    reporter_name: str
    description: str
    tool: str | None = None
    data_involved: str | None = None
    severity: Severity = Severity.UNKNOWN


class IncidentRepository:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        governance_destination: str = GOVERNANCE_KEY,
    ) -> None:
        self._sessions = session_factory
        self._governance = governance_destination

    async def report(self, new: NewIncident) -> Incident:
        """Store the incident with the next INC- reference and announce it to the board."""
        fields = asdict(new) | {"severity": str(Severity(new.severity))}
        async with self._sessions.begin() as session:
            reference = await next_reference(session, INCIDENT_PREFIX)
            row = Incident(reference=reference, **fields)
            session.add(row)
            await session.flush()
            await outbox.enqueue(
                session,
                kind="incident.reported",
                destination=self._governance,
                payload={"reference": reference},
            )
            await audit.append(
                session,
                actor_ref=user_key(new.reporter_id),
                action="incident.reported",
                subject_ref=f"incident:{reference}",
                details={"severity": fields["severity"]},
            )
        return row

    async def get(self, reference: str) -> Incident | None:
        async with self._sessions() as session:
            query = select(Incident).where(Incident.reference == reference)
            return (await session.scalars(query)).one_or_none()

    async def set_status(
        self,
        reference: str,
        status: IncidentStatus,
        *,
        actor_id: str,
        severity: Severity | None = None,
    ) -> Incident:
        """Move the incident on (triage, close); the change is audited."""
        status = IncidentStatus(status)
        now = utcnow()
        values: dict[str, object] = {"status": status, "updated_at": now}
        if severity is not None:
            values["severity"] = Severity(severity)
        if status is IncidentStatus.CLOSED:
            values["closed_at"] = now
        async with self._sessions.begin() as session:
            statement = (
                update(Incident)
                .where(Incident.reference == reference)
                .values(**values)
                .returning(Incident)
                .execution_options(synchronize_session=False)
            )
            row = (await session.scalars(statement)).one_or_none()
            if row is None:
                raise RecordsError(f"there is no incident {reference}")
            await audit.append(
                session,
                actor_ref=user_key(actor_id),
                action="incident.status_changed",
                subject_ref=f"incident:{reference}",
                details={"status": str(status), "severity": row.severity},
            )
        return row

    async def set_card_activity_id(self, reference: str, activity_id: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(Incident)
                .where(Incident.reference == reference)
                .values(card_activity_id=activity_id)
            )
