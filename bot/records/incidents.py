"""Incident reports: recorded first, announced to the board in the same transaction, so that a
report made at 5pm on a Friday is never lost between the chat and the channel.

Every change is one transaction holding the change, its audit entry (references only, never what
anyone wrote) and its outbox rows: `incident.card` for the governance channel and for the
security/DPO channel (delivery skips a destination with no channel registered; the card is
posted once and then updated in place), and `incident.reporter_update` for the reporter's chat
when the board acknowledges, changes the status or asks a question.

Board actions are conditional UPDATEs ... RETURNING, as for approvals: when two responders press
"acknowledge" at once exactly one is recorded and the other gets AlreadyAcknowledgedError
carrying who and when; nothing changes an incident once it is closed (IncidentClosedError).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, NoReturn

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import RecordsError
from bot.records import audit, outbox
from bot.records.case_notes import add_note, notes_for
from bot.records.conversations import board_key, user_key
from bot.records.db import changed_rows
from bot.records.models import CaseNote, Incident, utcnow
from bot.records.references import INCIDENT_PREFIX, next_reference

SECURITY_KEY = "security"

# Outbox kinds. Payloads hold references and ids only; the sender reads the rest at send time.
CARD = "incident.card"  # {"reference": "INC-0001"} to governance and security
REPORTER_UPDATE = "incident.reporter_update"  # {"reference", "event", "status", "note_id"}
REMINDER = "incident.reminder"  # {"reference"} to governance: not acknowledged in time


class Severity(StrEnum):
    UNKNOWN = "unknown"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class IncidentStatus(StrEnum):
    OPEN = "open"  # reported, not yet acted on
    INVESTIGATING = "investigating"
    MITIGATED = "mitigated"
    CLOSED = "closed"  # final


OPEN_STATUSES = (IncidentStatus.OPEN, IncidentStatus.INVESTIGATING, IncidentStatus.MITIGATED)
SETTABLE_STATUSES = (IncidentStatus.INVESTIGATING, IncidentStatus.MITIGATED, IncidentStatus.CLOSED)


class NoteKind(StrEnum):
    REPORTER_ADDITION = "reporter_addition"  # "add to INC-0001: ..."
    BOARD_QUESTION = "board_question"
    REPORTER_ANSWER = "reporter_answer"
    STATUS_NOTE = "status_note"


REPORTER_KINDS = (NoteKind.REPORTER_ADDITION, NoteKind.REPORTER_ANSWER)


@dataclass(frozen=True)
class NewIncident:
    """What the reporter told the incident dialog, and who they are (from the activity)."""

    reporter_id: str
    reporter_name: str
    description: str
    tool: str | None = None
    data_involved: str | None = None
    severity: Severity = Severity.UNKNOWN
    conversation_id: str | None = None
    occurred_at: datetime | None = None
    occurred_text: str | None = None
    personal_data: str | None = None  # "yes" | "no" | "not_sure"
    data_kinds: tuple[str, ...] = ()
    data_subjects: str | None = None
    people_affected: str | None = None
    people_affected_count: int | None = None
    actions_taken: str | None = None
    severity_reasons: tuple[str, ...] = ()
    idempotency_key: str | None = None  # the dialog run's: one incident per run
    board: str | None = None  # the board it was routed to; None is the lead board


@dataclass(frozen=True)
class Acknowledgement:
    reference: str
    by_id: str
    by_name: str
    at: datetime | None


@dataclass(frozen=True)
class FinalState:
    reference: str
    status: str
    closed_at: datetime | None
    assigned_name: str | None


class AlreadyAcknowledgedError(RecordsError):
    """Someone else acknowledged the incident first; `acknowledgement` says who and when."""

    def __init__(self, message: str, acknowledgement: Acknowledgement) -> None:
        super().__init__(message)
        self.acknowledgement = acknowledgement


class IncidentClosedError(RecordsError):
    """The incident is closed, which is final; `state` carries how it ended."""

    def __init__(self, message: str, state: FinalState) -> None:
        super().__init__(message)
        self.state = state


class NotReporterError(RecordsError):
    """Only the person who reported an incident may add to it or answer for it."""


class IncidentRepository:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        security_destination: str = SECURITY_KEY,
    ) -> None:
        self._sessions = session_factory
        # one security/DPO channel, shared by every board
        self._security = security_destination

    # -- reporting -------------------------------------------------------------------------
    async def report(self, new: NewIncident) -> Incident:
        """Store the incident with the next INC- reference and put its card on the boards; a
        second report with the same idempotency key returns the first and changes nothing."""
        if new.idempotency_key and (found := await self._by_key(new.idempotency_key)):
            return found
        try:
            return await self._report(new)
        except IntegrityError:
            if new.idempotency_key and (found := await self._by_key(new.idempotency_key)):
                return found
            raise

    async def _by_key(self, key: str) -> Incident | None:
        async with self._sessions() as session:
            query = select(Incident).where(Incident.idempotency_key == key)
            return (await session.scalars(query)).first()

    async def _report(self, new: NewIncident) -> Incident:
        fields: dict[str, Any] = asdict(new)
        fields |= {
            "severity": str(Severity(new.severity)),
            "data_kinds": list(new.data_kinds),
            "severity_reasons": list(new.severity_reasons),
            "reporter_name": new.reporter_name[:200],
        }
        async with self._sessions.begin() as session:
            reference = await next_reference(session, INCIDENT_PREFIX)
            row = Incident(reference=reference, status=IncidentStatus.OPEN, **fields)
            session.add(row)
            await session.flush()
            await self._cards(session, reference)
            await _audit(
                session, new.reporter_id, "incident.reported", reference,
                severity=fields["severity"], personal_data=new.personal_data,
            )  # fmt: skip
        return row

    # -- the board's actions ---------------------------------------------------------------
    async def acknowledge(self, reference: str, *, actor_id: str, actor_name: str = "") -> Incident:
        """Acknowledge and assign to the actor. The same person again changes nothing; anyone
        else afterwards gets AlreadyAcknowledgedError; a closed incident IncidentClosedError."""
        now = utcnow()
        async with self._sessions.begin() as session:
            row = await _update(
                session,
                reference,
                Incident.acknowledged_at.is_(None),
                Incident.status != IncidentStatus.CLOSED,
                acknowledged_at=now,
                assigned_to=actor_id,
                assigned_name=actor_name[:200] or None,
                updated_at=now,
            )
            if row is None:
                return await _unchanged_acknowledgement(session, reference, actor_id)
            await self._cards(session, reference)
            await self._tell_reporter(session, row, "acknowledged")
            await _audit(session, actor_id, "incident.acknowledged", reference)
        return row

    async def set_status(
        self,
        reference: str,
        status: IncidentStatus | str,
        note: str = "",
        *,
        actor_id: str,
        actor_name: str = "",
    ) -> Incident:
        """Move the incident to investigating, mitigated or closed, with an optional note (kept
        as a status_note and passed to the reporter). Acting on an unacknowledged incident
        acknowledges it and assigns it to the actor. Setting the status it already has without
        a note changes nothing. Refused once closed: IncidentClosedError carries how it ended."""
        status = IncidentStatus(status)
        if status not in SETTABLE_STATUSES:
            raise RecordsError(f"status must be one of {', '.join(SETTABLE_STATUSES)}")
        note = note.strip()
        now = utcnow()
        conditions = [Incident.status != IncidentStatus.CLOSED]
        if not note:
            conditions.append(Incident.status != status)
        async with self._sessions.begin() as session:
            row = await _update(
                session, reference, *conditions, **_status_values(status, now, actor_id, actor_name)
            )
            if row is None:
                return await _unchanged_status(session, reference, status)
            note_id = None
            if note:
                added = await add_note(
                    session, _subject(reference), author_id=actor_id, author_name=actor_name,
                    kind=NoteKind.STATUS_NOTE, text=note,
                )  # fmt: skip
                note_id = added.id
            await self._cards(session, reference)
            await self._tell_reporter(session, row, "status_changed", note_id=note_id)
            await _audit(
                session, actor_id, "incident.status_changed", reference,
                status=str(status), note_id=note_id,
            )  # fmt: skip
        return row

    async def ask_reporter(
        self, reference: str, *, asker_id: str, asker_name: str = "", question: str
    ) -> CaseNote:
        """A question from the board to the reporter: kept as a board_question and sent to the
        reporter's chat. Refused once closed."""
        return await self.add_note(
            reference,
            author_id=asker_id,
            author_name=asker_name,
            kind=NoteKind.BOARD_QUESTION,
            text=question,
        )

    async def add_note(
        self,
        reference: str,
        *,
        author_id: str,
        author_name: str = "",
        kind: NoteKind | str,
        text: str,
    ) -> CaseNote:
        """Add to the incident's history and update the boards' cards. The reporter's own kinds
        (reporter_addition, reporter_answer) are refused for anyone but the reporter and are
        kept even after closing, so nothing they remember later is lost; the board's kinds are
        refused once closed and are sent on to the reporter."""
        kind = NoteKind(kind)
        if not text.strip():
            raise RecordsError("the note is empty")
        now = utcnow()
        async with self._sessions.begin() as session:
            if kind in REPORTER_KINDS:
                row = await self._reporters_incident(session, reference, author_id, now)
            else:
                updated = await _update(
                    session, reference, Incident.status != IncidentStatus.CLOSED, updated_at=now
                )
                if updated is None:
                    await _raise_missing_or_closed(session, reference)
                row = updated
            note = await add_note(
                session, _subject(reference), author_id=author_id, author_name=author_name,
                kind=kind, text=text.strip(),
            )  # fmt: skip
            await self._cards(session, reference)
            if kind not in REPORTER_KINDS:
                event = "question" if kind is NoteKind.BOARD_QUESTION else "note"
                await self._tell_reporter(session, row, event, note_id=note.id)
            await _audit(
                session, author_id, "incident.note_added", reference, kind=str(kind),
                note_id=note.id,
            )  # fmt: skip
        return note

    async def record_refusal(
        self, reference: str, *, actor_id: str, verb: str, reason: str = "not_a_responder"
    ) -> None:
        """Someone who may not act pressed a board button: nothing changes, but it is kept."""
        async with self._sessions.begin() as session:
            await _audit(
                session, actor_id, "incident.action_refused", reference, verb=verb[:60],
                reason=reason,
            )  # fmt: skip

    # -- reading ---------------------------------------------------------------------------
    async def get(self, reference: str) -> Incident | None:
        async with self._sessions() as session:
            return await _by_reference(session, reference)

    async def notes(self, reference: str) -> list[CaseNote]:
        """The incident's history, oldest first (newest last)."""
        return await notes_for(self._sessions, _subject(reference))

    async def open_incidents(self) -> list[Incident]:
        """Everything not closed, oldest first (the board's "open incidents")."""
        query = (
            select(Incident)
            .where(Incident.status != IncidentStatus.CLOSED)
            .order_by(Incident.created_at, Incident.id)
        )
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def for_reporter(self, reporter_id: str) -> list[Incident]:
        """One person's reports, newest first ("my incidents")."""
        query = (
            select(Incident).where(Incident.reporter_id == reporter_id).order_by(Incident.id.desc())
        )
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    # -- acknowledgement reminders ---------------------------------------------------------
    async def overdue_acknowledgements(
        self, older_than: timedelta, now: datetime | None = None
    ) -> list[Incident]:
        """Incidents not closed, reported at least `older_than` ago, that nobody has
        acknowledged and nobody was reminded about within `older_than`; oldest first."""
        cutoff = (now or utcnow()) - older_than
        query = (
            select(Incident)
            .where(*_overdue(cutoff), Incident.created_at <= cutoff)
            .order_by(Incident.created_at, Incident.id)
        )
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def mark_reminded(
        self, reference: str, now: datetime | None = None, *, period: timedelta = timedelta(0)
    ) -> bool:
        """Claim the reminder for `reference` and queue it (incident.reminder to governance).
        False, and nothing queued, if it was acknowledged or closed meanwhile or someone was
        reminded within `period` before `now` (pass the `older_than` given to
        overdue_acknowledgements, so two instances never both remind)."""
        now = now or utcnow()
        async with self._sessions.begin() as session:
            claimed = await session.execute(
                update(Incident)
                .where(Incident.reference == reference, *_overdue(now - period))
                .where(or_(Incident.last_reminded_at.is_(None), Incident.last_reminded_at < now))
                .values(last_reminded_at=now)
            )
            if changed_rows(claimed) != 1:
                return False
            board = await session.scalar(
                select(Incident.board).where(Incident.reference == reference)
            )
            await outbox.enqueue(
                session, kind=REMINDER, destination=board_key(board),
                payload={"reference": reference},
            )  # fmt: skip
        return True

    async def remind_overdue(self, older_than: timedelta, now: datetime | None = None) -> list[str]:
        """overdue_acknowledgements then mark_reminded for each: the references reminded."""
        now = now or utcnow()
        due = await self.overdue_acknowledgements(older_than, now)
        return [
            i.reference
            for i in due
            if await self.mark_reminded(i.reference, now, period=older_than)
        ]

    async def set_card_activity_id(self, reference: str, activity_id: str) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(Incident)
                .where(Incident.reference == reference)
                .values(card_activity_id=activity_id)
            )

    # -- helpers ---------------------------------------------------------------------------
    async def redraw_open_cards(self) -> int:
        """Queue a redraw of every open incident's cards (the approvers who see buttons changed)."""
        open_ = await self.open_incidents()
        async with self._sessions.begin() as session:
            for incident in open_:
                await self._cards(session, incident.reference)
        return len(open_)

    async def _cards(self, session: AsyncSession, reference: str) -> None:
        board = await session.scalar(select(Incident.board).where(Incident.reference == reference))
        for destination in (board_key(board), self._security):
            await outbox.enqueue(
                session, kind=CARD, destination=destination, payload={"reference": reference}
            )

    async def _tell_reporter(
        self, session: AsyncSession, row: Incident, event: str, *, note_id: int | None = None
    ) -> None:
        payload: dict[str, Any] = {"reference": row.reference, "event": event}
        payload |= {"status": str(row.status), "note_id": note_id}
        await outbox.enqueue(
            session, kind=REPORTER_UPDATE, destination=user_key(row.reporter_id), payload=payload
        )

    async def _reporters_incident(
        self, session: AsyncSession, reference: str, author_id: str, now: datetime
    ) -> Incident:
        owner = await session.scalar(
            select(Incident.reporter_id).where(Incident.reference == reference)
        )  # a column, not the row: the RETURNING below must not meet a stale copy
        if owner is None:
            raise RecordsError(f"there is no incident {reference}")
        if owner != author_id:
            raise NotReporterError(f"{reference} is not an incident you reported")
        row = await _update(session, reference, updated_at=now)
        assert row is not None
        return row


def _subject(reference: str) -> str:
    return f"incident:{reference}"


def _status_values(
    status: IncidentStatus, now: datetime, actor_id: str, actor_name: str
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "status": status,
        "updated_at": now,
        "acknowledged_at": func.coalesce(Incident.acknowledged_at, now),
        "assigned_to": func.coalesce(Incident.assigned_to, actor_id),
        "assigned_name": func.coalesce(Incident.assigned_name, actor_name[:200] or None),
    }
    if status is IncidentStatus.CLOSED:
        values["closed_at"] = now
    return values


def _overdue(cutoff: datetime) -> tuple[ColumnElement[bool], ...]:
    return (
        Incident.status != IncidentStatus.CLOSED,
        Incident.acknowledged_at.is_(None),
        or_(Incident.last_reminded_at.is_(None), Incident.last_reminded_at <= cutoff),
    )


async def _audit(
    session: AsyncSession, actor_id: str, action: str, reference: str, **details: Any
) -> None:
    await audit.append(
        session,
        actor_ref=user_key(actor_id),
        action=action,
        subject_ref=_subject(reference),
        details={k: v for k, v in details.items() if v is not None},
    )


async def _by_reference(session: AsyncSession, reference: str) -> Incident | None:
    return (
        await session.scalars(select(Incident).where(Incident.reference == reference))
    ).one_or_none()


async def _update(
    session: AsyncSession, reference: str, *conditions: ColumnElement[bool], **values: Any
) -> Incident | None:
    """Apply `values` if every condition holds, atomically; the updated row or None."""
    statement = (
        update(Incident)
        .where(Incident.reference == reference, *conditions)
        .values(**values)
        .returning(Incident)
        .execution_options(synchronize_session=False, populate_existing=True)
    )
    return (await session.scalars(statement)).one_or_none()


async def _unchanged_acknowledgement(
    session: AsyncSession, reference: str, actor_id: str
) -> Incident:
    existing = await _existing(session, reference)
    if existing.acknowledged_at is None:
        raise _closed(existing)
    if existing.assigned_to == actor_id:
        return existing
    by = existing.assigned_name or "someone else"
    raise AlreadyAcknowledgedError(
        f"{reference} was already acknowledged by {by}",
        Acknowledgement(
            reference=reference,
            by_id=str(existing.assigned_to),
            by_name=existing.assigned_name or "",
            at=existing.acknowledged_at,
        ),
    )


async def _unchanged_status(
    session: AsyncSession, reference: str, status: IncidentStatus
) -> Incident:
    existing = await _existing(session, reference)
    if existing.status == IncidentStatus.CLOSED:
        raise _closed(existing)
    return existing  # already `status`, and no note: nothing to record


async def _raise_missing_or_closed(session: AsyncSession, reference: str) -> NoReturn:
    raise _closed(await _existing(session, reference))


async def _existing(session: AsyncSession, reference: str) -> Incident:
    existing = await _by_reference(session, reference)
    if existing is None:
        raise RecordsError(f"there is no incident {reference}")
    return existing


def _closed(row: Incident) -> IncidentClosedError:
    return IncidentClosedError(
        f"{row.reference} is closed",
        FinalState(
            reference=row.reference,
            status=str(row.status),
            closed_at=row.closed_at,
            assigned_name=row.assigned_name,
        ),
    )
