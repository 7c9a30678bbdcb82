"""Incidents (reporting, the board's atomic actions, notes, reminders); conversation references."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import RecordsError
from bot.records.conversations import GOVERNANCE_KEY, ConversationReferences, user_key
from bot.records.db import create_engine, create_session_factory
from bot.records.incidents import (
    CARD,
    REMINDER,
    REPORTER_UPDATE,
    AlreadyAcknowledgedError,
    IncidentClosedError,
    IncidentRepository,
    IncidentStatus,
    NewIncident,
    NotReporterError,
    Severity,
)
from bot.records.models import AuditEntry, OutboxMessage, utcnow
from tests.records.helpers import incident

Sessions = async_sessionmaker[AsyncSession]
REPORTER = "aad-reporter-1"
SECRET = "Mrs Example of 1 Acacia Avenue"  # stands for what people write: never in the audit


def full_incident(reporter: str = REPORTER) -> NewIncident:
    return NewIncident(
        reporter_id=reporter,
        reporter_name="Rita Reporter",
        description=f"Pasted {SECRET}'s email into ChatGPT",
        tool="ChatGPT",
        severity=Severity.HIGH,
        conversation_id="a:1:1chat",
        occurred_at=datetime(2026, 11, 25, 15, 0, tzinfo=UTC),
        occurred_text="yesterday at 3pm",
        personal_data="yes",
        data_kinds=("personal",),
        data_subjects="one resident",
        people_affected="one",
        people_affected_count=1,
        actions_taken="Deleted the chat",
        severity_reasons=("personal data went into a public AI tool: high",),
    )


async def outbox_rows(sessions: Sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def audit_rows(sessions: Sessions) -> list[AuditEntry]:
    async with sessions() as session:
        return list((await session.scalars(select(AuditEntry).order_by(AuditEntry.seq))).all())


def sent(rows: list[OutboxMessage]) -> list[tuple[str, str]]:
    return [(row.kind, row.destination) for row in rows]


BOTH_CARDS = [(CARD, "governance"), (CARD, "security")]


async def test_a_report_is_stored_with_what_the_dialog_collected_and_put_on_both_boards(
    session_factory: Sessions,
) -> None:
    repo = IncidentRepository(session_factory)
    row = await repo.report(full_incident())
    assert (row.reference, row.status, row.severity) == ("INC-0001", "open", "high")
    stored = await repo.get("INC-0001")
    assert stored is not None
    assert stored.occurred_at == datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
    assert (stored.personal_data, stored.data_kinds, stored.people_affected_count) == (
        "yes", ["personal"], 1,
    )  # fmt: skip
    assert stored.severity_reasons == ["personal data went into a public AI tool: high"]
    rows = await outbox_rows(session_factory)
    assert sent(rows) == BOTH_CARDS
    assert all(r.payload == {"reference": "INC-0001"} for r in rows)
    [entry] = await audit_rows(session_factory)
    assert (entry.action, entry.actor_ref, entry.subject_ref) == (
        "incident.reported", user_key(REPORTER), "incident:INC-0001",
    )  # fmt: skip
    assert entry.details == {"severity": "high", "personal_data": "yes"}


async def test_acknowledging_assigns_once_and_tells_the_reporter(session_factory: Sessions):
    repo = IncidentRepository(session_factory)
    await repo.report(full_incident())
    row = await repo.acknowledge("INC-0001", actor_id="aad-dpo", actor_name="Dee DPO")
    assert (row.assigned_to, row.assigned_name) == ("aad-dpo", "Dee DPO")
    assert row.acknowledged_at is not None and row.status == "open"
    rows = await outbox_rows(session_factory)
    assert sent(rows[2:]) == [*BOTH_CARDS, (REPORTER_UPDATE, user_key(REPORTER))]
    assert rows[-1].payload == {
        "reference": "INC-0001", "event": "acknowledged", "status": "open", "note_id": None,
    }  # fmt: skip
    again = await repo.acknowledge("INC-0001", actor_id="aad-dpo", actor_name="Dee DPO")
    assert again.acknowledged_at == row.acknowledged_at
    assert len(await outbox_rows(session_factory)) == len(rows)  # the same person: a no-op
    with pytest.raises(AlreadyAcknowledgedError) as caught:
        await repo.acknowledge("INC-0001", actor_id="aad-other", actor_name="Olly Other")
    ack = caught.value.acknowledgement
    assert (ack.by_id, ack.by_name, ack.at) == ("aad-dpo", "Dee DPO", row.acknowledged_at)
    assert [a.action for a in await audit_rows(session_factory)] == [
        "incident.reported", "incident.acknowledged",
    ]  # fmt: skip


async def test_status_changes_keep_their_note_and_closed_is_final(session_factory: Sessions):
    repo = IncidentRepository(session_factory)
    await repo.report(full_incident())
    row = await repo.set_status(
        "INC-0001", IncidentStatus.INVESTIGATING, "Asked OpenAI to delete it",
        actor_id="aad-sec", actor_name="Sam Security",
    )  # fmt: skip
    assert row.status == "investigating"
    assert (row.assigned_to, row.acknowledged_at is not None) == ("aad-sec", True)  # implied
    [note] = await repo.notes("INC-0001")
    assert (note.kind, note.text, note.author_name) == (
        "status_note", "Asked OpenAI to delete it", "Sam Security",
    )  # fmt: skip
    last = (await outbox_rows(session_factory))[-1]
    assert (last.kind, last.destination) == (REPORTER_UPDATE, user_key(REPORTER))
    assert last.payload == {
        "reference": "INC-0001", "event": "status_changed", "status": "investigating",
        "note_id": note.id,
    }  # fmt: skip

    count = len(await outbox_rows(session_factory))
    same = await repo.set_status("INC-0001", "investigating", actor_id="aad-sec")
    assert same.status == "investigating"
    assert len(await outbox_rows(session_factory)) == count  # nothing new to say

    closed = await repo.set_status("INC-0001", "closed", "Deleted", actor_id="aad-dpo")
    assert closed.closed_at is not None and closed.assigned_to == "aad-sec"  # stays assigned
    for attempt in (
        repo.set_status("INC-0001", "mitigated", actor_id="aad-dpo"),
        repo.set_status("INC-0001", "closed", "again", actor_id="aad-dpo"),
        repo.ask_reporter("INC-0001", asker_id="aad-dpo", question="Anything else?"),
    ):
        with pytest.raises(IncidentClosedError) as caught:
            await attempt
        assert caught.value.state.status == "closed"
        assert caught.value.state.closed_at == closed.closed_at
    with pytest.raises(RecordsError, match="status must be"):
        await repo.set_status("INC-0001", "open", actor_id="aad-dpo")


async def test_closing_an_unacknowledged_incident_acknowledges_it_for_the_closer(
    session_factory: Sessions,
) -> None:
    repo = IncidentRepository(session_factory)
    await repo.report(full_incident())
    await repo.set_status("INC-0001", "closed", actor_id="aad-dpo", actor_name="Dee")
    # set_status acknowledged it for Dee, so Dee again is a no-op and anyone else is told who.
    assert (await repo.acknowledge("INC-0001", actor_id="aad-dpo")).status == "closed"
    with pytest.raises(AlreadyAcknowledgedError):
        await repo.acknowledge("INC-0001", actor_id="aad-sec")


async def test_questions_go_to_the_reporter_and_their_answers_and_additions_are_kept(
    session_factory: Sessions,
) -> None:
    repo = IncidentRepository(session_factory)
    await repo.report(full_incident())
    question = await repo.ask_reporter(
        "INC-0001", asker_id="aad-dpo", asker_name="Dee DPO", question="Which account was it?"
    )
    assert question.kind == "board_question"
    last = (await outbox_rows(session_factory))[-3:]
    assert sent(last) == [*BOTH_CARDS, (REPORTER_UPDATE, user_key(REPORTER))]
    assert last[-1].payload["event"] == "question" and last[-1].payload["note_id"] == question.id
    await repo.add_note(
        "INC-0001", author_id=REPORTER, author_name="Rita", kind="reporter_answer",
        text="My work account",
    )  # fmt: skip
    with pytest.raises(NotReporterError):
        await repo.add_note(
            "INC-0001", author_id="aad-stranger", kind="reporter_addition", text="Not mine"
        )
    with pytest.raises(RecordsError, match="empty"):
        await repo.add_note("INC-0001", author_id=REPORTER, kind="reporter_addition", text=" ")
    with pytest.raises(ValueError):
        await repo.add_note("INC-0001", author_id=REPORTER, kind="gossip", text="x")
    await repo.set_status("INC-0001", "closed", actor_id="aad-dpo")
    # Something remembered after closing is still kept, and the board's card shows it.
    before = len(await outbox_rows(session_factory))
    await repo.add_note(
        "INC-0001", author_id=REPORTER, kind="reporter_addition", text=f"Also {SECRET}'s phone"
    )
    assert sent((await outbox_rows(session_factory))[before:]) == BOTH_CARDS
    notes = await repo.notes("INC-0001")
    assert [n.kind for n in notes] == ["board_question", "reporter_answer", "reporter_addition"]
    with pytest.raises(RecordsError, match="INC-0404"):
        await repo.add_note("INC-0404", author_id=REPORTER, kind="reporter_addition", text="x")


async def test_the_audit_holds_references_and_never_what_anyone_wrote(session_factory: Sessions):
    repo = IncidentRepository(session_factory)
    await repo.report(full_incident())
    await repo.acknowledge("INC-0001", actor_id="aad-dpo", actor_name="Dee DPO")
    await repo.set_status("INC-0001", "investigating", f"Phoned {SECRET}", actor_id="aad-dpo")
    await repo.ask_reporter("INC-0001", asker_id="aad-dpo", question=f"Was {SECRET} told?")
    await repo.add_note("INC-0001", author_id=REPORTER, kind="reporter_answer", text=SECRET)
    await repo.record_refusal("INC-0001", actor_id="aad-stranger", verb="incident.acknowledge")
    entries = await audit_rows(session_factory)
    assert [e.action for e in entries] == [
        "incident.reported", "incident.acknowledged", "incident.status_changed",
        "incident.note_added", "incident.note_added", "incident.action_refused",
    ]  # fmt: skip
    written = str([(e.actor_ref, e.subject_ref, e.details) for e in entries])
    assert SECRET not in written and "Rita" not in written and "Dee" not in written
    payloads = str([r.payload for r in await outbox_rows(session_factory)])
    assert SECRET not in payloads


async def test_lists_open_oldest_first_and_the_reporters_newest_first(session_factory: Sessions):
    repo = IncidentRepository(session_factory)
    for reporter in (REPORTER, "aad-someone", REPORTER):
        await repo.report(full_incident(reporter))
    await repo.set_status("INC-0002", "closed", actor_id="aad-dpo")
    await repo.set_status("INC-0003", "mitigated", actor_id="aad-dpo")
    assert [i.reference for i in await repo.open_incidents()] == ["INC-0001", "INC-0003"]
    assert [i.reference for i in await repo.for_reporter(REPORTER)] == ["INC-0003", "INC-0001"]


async def test_overdue_acknowledgements_are_resurfaced_once_per_period(session_factory: Sessions):
    repo = IncidentRepository(session_factory)
    first = await repo.report(full_incident())
    acknowledged = await repo.report(full_incident())
    await repo.acknowledge(acknowledged.reference, actor_id="aad-dpo")
    third = await repo.report(full_incident())
    now, hour = utcnow(), timedelta(hours=1)
    assert await repo.overdue_acknowledgements(hour, now) == []
    later = now + 2 * hour
    due = await repo.overdue_acknowledgements(hour, later)
    assert [i.reference for i in due] == [first.reference, third.reference]
    assert await repo.mark_reminded(first.reference, later, period=hour)
    assert not await repo.mark_reminded(first.reference, later, period=hour)  # claimed once
    assert not await repo.mark_reminded(acknowledged.reference, later, period=hour)
    assert [i.reference for i in await repo.overdue_acknowledgements(hour, later)] == [
        third.reference
    ]
    assert await repo.remind_overdue(hour, later + timedelta(minutes=30)) == [third.reference]
    assert await repo.remind_overdue(hour, later + 2 * hour) == [first.reference, third.reference]
    reminders = [r for r in await outbox_rows(session_factory) if r.kind == REMINDER]
    assert [(r.destination, r.payload["reference"]) for r in reminders] == [
        ("governance", "INC-0001"), ("governance", "INC-0003"), ("governance", "INC-0001"),
        ("governance", "INC-0003"),
    ]  # fmt: skip


async def test_unknown_incidents_are_refused(session_factory: Sessions) -> None:
    repo = IncidentRepository(session_factory)
    with pytest.raises(RecordsError, match="INC-0404"):
        await repo.acknowledge("INC-0404", actor_id="a")
    with pytest.raises(RecordsError, match="INC-0404"):
        await repo.set_status("INC-0404", "closed", actor_id="a")
    with pytest.raises(RecordsError, match="INC-0404"):
        await repo.ask_reporter("INC-0404", asker_id="a", question="?")
    assert await repo.get("INC-0404") is None


async def test_the_older_builder_still_reports(session_factory: Sessions) -> None:
    row = await IncidentRepository(session_factory).report(incident())
    assert (row.severity, row.personal_data, row.data_kinds) == ("high", None, [])


async def test_two_responders_acknowledging_at_once_record_exactly_one(database_url: str):
    engines = [create_engine(database_url), create_engine(database_url)]
    repos = [IncidentRepository(create_session_factory(engine)) for engine in engines]
    try:
        for _ in range(10):
            row = await repos[0].report(full_incident())
            results = await asyncio.gather(
                repos[0].acknowledge(row.reference, actor_id="aad-a", actor_name="A"),
                repos[1].acknowledge(row.reference, actor_id="aad-b", actor_name="B"),
                return_exceptions=True,
            )
            losers = [r for r in results if isinstance(r, AlreadyAcknowledgedError)]
            winners = [r for r in results if not isinstance(r, BaseException)]
            assert (len(winners), len(losers)) == (1, 1), results
            assert losers[0].acknowledgement.by_id == winners[0].assigned_to
            stored = await repos[1].get(row.reference)
            assert stored is not None and stored.assigned_to == winners[0].assigned_to
        async with create_session_factory(engines[0])() as session:
            acknowledged = await session.scalar(
                select(func.count()).where(AuditEntry.action == "incident.acknowledged")
            )
        assert acknowledged == 10
    finally:
        for engine in engines:
            await engine.dispose()


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
