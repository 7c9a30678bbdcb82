"""The AI register's records: entries made by decisions, the board's changes with their history,
exactly one of two changes from the same version, and approvals moved in by the migration."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import RecordsError
from bot.records.approvals import ApprovalRepository, Decision
from bot.records.db import create_engine, create_session_factory
from bot.records.migrate import current_revisions, head_revisions, upgrade
from bot.records.models import (
    ApprovalRequest,
    AuditEntry,
    RegisterChange,
    RegisterRecord,
    utcnow,
)
from bot.records.register import (
    NewEntry,
    RegisterConflictError,
    RegisterRepository,
)
from tests.records.helpers import approval_request

Sessions = async_sessionmaker[AsyncSession]
BOARD = "aad-board-1"


async def _decided(session_factory: Sessions, decision: Decision, conditions: str | None = None):
    approvals = ApprovalRepository(session_factory)
    request = await approvals.create(approval_request())
    return await approvals.decide(
        request.reference,
        decision=decision,
        decided_by=BOARD,
        decided_by_name="Bea Board",
        conditions=conditions,
    )


async def test_a_decision_makes_its_entry_in_the_same_transaction(session_factory: Sessions):
    decided = await _decided(session_factory, Decision.APPROVED_WITH_CONDITIONS, "Check output")
    rejected = await _decided(session_factory, Decision.REJECTED, "Not secure")
    register = RegisterRepository(session_factory)

    entries = await register.entries()

    assert [e.reference for e in entries] == [decided.reference, rejected.reference]
    entry = entries[0]
    assert (entry.source, entry.tool, entry.purpose, entry.decision, entry.conditions) == (
        "approval", "Copilot", "Summarise committee minutes", "approved_with_conditions",
        "Check output",
    )  # fmt: skip
    assert (entry.owner, entry.owner_id) == ("Ada Requester", "aad-requester-1")
    assert entry.decided_at == decided.decided_at and entry.decided_by == BOARD
    assert entry.next_review == (decided.decided_at + timedelta(days=365)).date()
    assert (entry.status, entry.version) == ("approved_with_conditions", 1)
    assert entries[1].status == "rejected"
    (created,) = await register.history(decided.reference)
    assert (created.action, created.actor_id, created.version) == ("created", BOARD, 1)
    assert created.snapshot["conditions"] == "Check output"


async def test_a_request_still_open_has_no_entry(session_factory: Sessions) -> None:
    await ApprovalRepository(session_factory).create(approval_request())
    assert await RegisterRepository(session_factory).entries() == []


async def test_the_board_adds_edits_reviews_and_retires_with_history(session_factory: Sessions):
    register = RegisterRepository(session_factory)
    added = await register.add(
        NewEntry(
            tool="Otter",
            purpose="transcribing team meetings",
            decision="pilot",
            conditions="Digital team only",
            owner="Digital team",
            assessments={"dpia_status": "done", "dpia_date": date(2026, 11, 2)},
        ),
        actor_id=BOARD,
        actor_name="Bea Board",
    )
    assert (added.reference, added.source, added.status) == ("RE-0001", "board", "pilot")
    assert added.next_review == (utcnow() + timedelta(days=365)).date()

    edited = await register.edit(
        added.reference,
        version=1,
        actor_id=BOARD,
        changes={"decision": "approved_with_conditions", "public_facing": True},
        note="pilot went well",
    )
    assert (edited.version, edited.decision, edited.public_facing) == (
        2, "approved_with_conditions", True,
    )  # fmt: skip
    reviewed = await register.confirm_review(added.reference, version=2, actor_id=BOARD)
    assert reviewed.last_reviewed_at is not None and reviewed.version == 3
    retired = await register.retire(
        added.reference, version=3, actor_id=BOARD, reason="replaced by Copilot transcripts"
    )
    assert retired.status == "retired"
    assert retired.retired_reason == "replaced by Copilot transcripts"

    history = await register.history(added.reference)
    assert [h.action for h in history] == ["created", "edited", "reviewed", "retired"]
    assert history[1].changes["decision"] == ["pilot", "approved_with_conditions"]
    assert history[1].changes["public_facing"] == [False, True]
    assert history[1].note == "pilot went well"
    assert history[3].snapshot["retired_reason"] == "replaced by Copilot transcripts"
    async with session_factory() as session:
        audit = (await session.scalars(select(AuditEntry).order_by(AuditEntry.seq))).all()
    assert [a.action for a in audit] == [
        "register.created", "register.edited", "register.reviewed", "register.retired",
    ]  # fmt: skip
    # References and field names only: never the owner or anything else typed in.
    assert all("Digital team" not in str(a.details) for a in audit)
    assert audit[1].details == {"version": 2, "fields": [
        "decided_at", "decided_by", "decided_by_name", "decision", "public_facing",
    ]}  # fmt: skip


async def test_a_withdrawn_entry_leaves_the_register_but_keeps_its_history(
    session_factory: Sessions,
) -> None:
    decided = await _decided(session_factory, Decision.APPROVED)
    register = RegisterRepository(session_factory)
    await register.withdraw(decided.reference, version=1, actor_id=BOARD, reason="wrong tool")
    assert await register.entries() == []
    (kept,) = await register.entries(include_withdrawn=True)
    assert kept.status == "withdrawn"
    with pytest.raises(RegisterConflictError, match="withdrawn"):
        await register.edit(decided.reference, version=2, actor_id=BOARD, changes={"owner": "x"})
    assert [h.action for h in await register.history(decided.reference)] == [
        "created", "withdrawn",
    ]  # fmt: skip


async def test_bad_changes_are_refused_with_every_reason(session_factory: Sessions) -> None:
    register = RegisterRepository(session_factory)
    with pytest.raises(RecordsError) as caught:
        await register.add(
            NewEntry(tool=" ", purpose="x", decision="maybe", data_classification=""),
            actor_id=BOARD,
        )
    assert str(caught.value) == (
        "name the tool; the decision must be one of approved, approved_with_conditions, pilot, "
        "rejected; say what data it covers ('none' for no sensitive data)"
    )
    decided = await _decided(session_factory, Decision.REJECTED, "Not secure")
    with pytest.raises(RecordsError, match="withdraw it instead"):
        await register.retire(decided.reference, version=1, actor_id=BOARD, reason="old")
    with pytest.raises(RecordsError, match="cannot be edited: version"):
        await register.edit(decided.reference, version=1, actor_id=BOARD, changes={"version": 9})
    with pytest.raises(RecordsError, match="must state the conditions"):
        await register.edit(
            decided.reference,
            version=1,
            actor_id=BOARD,
            changes={"decision": "approved_with_conditions", "conditions": ""},
        )
    with pytest.raises(RecordsError, match="dpia_status must be one of"):
        await register.edit(
            decided.reference, version=1, actor_id=BOARD, changes={"dpia_status": "sorted"}
        )
    with pytest.raises(RecordsError, match="after today"):
        await register.confirm_review(
            decided.reference, version=1, actor_id=BOARD, next_review=utcnow().date()
        )
    with pytest.raises(RecordsError, match="RE-0404"):
        await register.retire("RE-0404", version=1, actor_id=BOARD, reason="gone")
    assert (await register.get(decided.reference)).version == 1  # nothing was kept


async def test_an_edit_from_an_old_version_is_refused_with_the_entry_as_it_is(
    session_factory: Sessions,
) -> None:
    decided = await _decided(session_factory, Decision.APPROVED)
    register = RegisterRepository(session_factory)
    await register.edit(decided.reference, version=1, actor_id=BOARD, changes={"owner": "IT"})
    with pytest.raises(RegisterConflictError) as caught:
        await register.edit(decided.reference, version=1, actor_id="aad-2", changes={"owner": "HR"})
    assert (caught.value.current.owner, caught.value.current.version) == ("IT", 2)


@pytest.mark.postgres
async def test_two_board_members_changing_an_entry_at_once_keep_exactly_one(pg_url: str) -> None:
    """Two instances, each its own connection pool, change the same entry from the same
    version again and again: each time exactly one change is kept, with one history row."""
    engines = [create_engine(pg_url), create_engine(pg_url)]
    factories = [create_session_factory(engine) for engine in engines]
    registers = [RegisterRepository(factory) for factory in factories]
    try:
        decided = await _decided(factories[0], Decision.APPROVED)
        reference = decided.reference
        for version in range(1, 16):
            results = await asyncio.gather(
                registers[0].edit(
                    reference, version=version, actor_id="aad-1", changes={"owner": f"A{version}"}
                ),
                registers[1].retire(reference, version=version, actor_id="aad-2", reason="old")
                if version == 15
                else registers[1].edit(
                    reference, version=version, actor_id="aad-2", changes={"owner": f"B{version}"}
                ),
                return_exceptions=True,
            )
            kept = [r for r in results if isinstance(r, RegisterRecord)]
            refused = [r for r in results if isinstance(r, RegisterConflictError)]
            assert (len(kept), len(refused)) == (1, 1), results
            assert refused[0].current.version == version + 1
        history = await registers[0].history(reference)
        assert [h.version for h in history] == list(range(1, 17))
        final = await registers[1].get(reference)
        assert final is not None and final.version == 16
        async with factories[0]() as session:
            changes = await session.scalar(
                select(func.count()).where(AuditEntry.action.like("register.%"))
            )
        assert changes == 15
    finally:
        for engine in engines:
            await engine.dispose()


async def _decided_by_the_release_before(session_factory: Sessions, count: int) -> list[str]:
    """Requests decided as the release before the register decided them: no entry made."""
    approvals = ApprovalRepository(session_factory)
    made = []
    for _ in range(count):
        request = await approvals.create(approval_request())
        made.append(request.reference)
    async with session_factory.begin() as session:
        await session.execute(
            update(ApprovalRequest).values(
                status="decided", decision="approved", decided_by=BOARD, decided_at=utcnow()
            )
        )
    return made


async def test_requests_decided_without_an_entry_get_theirs_once(session_factory: Sessions):
    references = await _decided_by_the_release_before(session_factory, 2)
    register = RegisterRepository(session_factory)
    assert await register.backfill() == 2
    assert await register.backfill() == 0
    entries = await register.entries()
    assert [(e.reference, e.decision, e.source) for e in entries] == [
        (reference, "approved", "approval") for reference in references
    ]
    (made,) = await register.history(references[0])
    assert (made.action, made.actor_id) == ("migrated", "system:register-backfill")


@pytest.mark.postgres
async def test_two_instances_backfilling_at_once_make_each_entry_once(pg_url: str) -> None:
    engines = [create_engine(pg_url), create_engine(pg_url)]
    factories = [create_session_factory(engine) for engine in engines]
    try:
        references = await _decided_by_the_release_before(factories[0], 12)
        made = await asyncio.gather(*(RegisterRepository(f).backfill() for f in factories))
        assert sum(made) == 12, made
        entries = await RegisterRepository(factories[1]).entries()
        assert sorted(e.reference for e in entries) == references
        async with factories[0]() as session:
            rows = await session.scalar(select(func.count()).select_from(RegisterChange))
        assert rows == 12
    finally:
        for engine in engines:
            await engine.dispose()


# --- The migration moves today's approvals into the register ------------------------------------

_REQUEST = (
    "INSERT INTO approval_requests (reference, created_at, updated_at, requester_id, "
    "requester_name, tool, purpose, data_description, data_classification, expected_output, "
    "output_use, status, decision, decided_by, decided_by_name, decided_at, conditions) VALUES "
    "(:reference, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, :requester, 'Ada Requester', :tool, "
    ":purpose, 'minutes', :data, 'summary', 'team', :status, :decision, :by, 'Bea Board', "
    ":decided_at, :conditions)"
)


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def test_the_migration_moves_every_decided_approval_into_the_register(
    database: str, empty_database_url: str, request: pytest.FixtureRequest
) -> None:
    url = empty_database_url if database == "sqlite" else request.getfixturevalue("pg_empty_url")
    engine = create_engine(url)
    decided_at = utcnow().replace(microsecond=0) - timedelta(days=400)
    requests = [
        ("AR-0001", "Midjourney", "posters", "none", "decided", "approved_with_conditions",
         decided_at, "Credit AI images"),
        ("AR-0002", "Otter", "minutes", "personal", "decided", "rejected",
         decided_at + timedelta(days=3), "No DPIA"),
        ("AR-0003", "Claude", "letters", "none", "pending", None, None, None),
        ("AR-0004", "chat gpt", "adverts", "", "decided", "approved",
         decided_at + timedelta(days=5), None),
    ]  # fmt: skip
    try:
        await upgrade(engine, "0005")
        async with engine.begin() as conn:
            for ref, tool, purpose, data, status, decision, at, conditions in requests:
                if database == "sqlite" and at is not None:
                    at = at.replace(tzinfo=None)  # naive UTC, as the records layer stores it
                await conn.execute(
                    text(_REQUEST),
                    {
                        "reference": ref, "requester": f"aad-{ref}", "tool": tool,
                        "purpose": purpose, "data": data, "status": status,
                        "decision": decision, "by": BOARD if decision else None,
                        "decided_at": at, "conditions": conditions,
                    },
                )  # fmt: skip
        await upgrade(engine)
        assert await current_revisions(engine) == head_revisions()
        register = RegisterRepository(create_session_factory(engine))
        entries = await register.entries()
        moved = [
            (e.reference, e.tool, e.purpose, e.data_classification, e.decision, e.decided_at,
             e.conditions)
            for e in entries
        ]  # fmt: skip
        assert moved == [
            ("AR-0001", "Midjourney", "posters", "none", "approved_with_conditions", decided_at,
             "Credit AI images"),
            ("AR-0002", "Otter", "minutes", "personal", "rejected",
             decided_at + timedelta(days=3), "No DPIA"),
            ("AR-0004", "chat gpt", "adverts", "none", "approved",
             decided_at + timedelta(days=5), None),
        ]  # fmt: skip
        first = entries[0]
        assert (first.source, first.owner, first.owner_id, first.decided_by) == (
            "approval", "Ada Requester", "aad-AR-0001", BOARD,
        )  # fmt: skip
        # A year after the decision: overdue already, so the first reminder will show it.
        assert first.next_review == (decided_at + timedelta(days=365)).date()
        (migrated,) = await register.history("AR-0001")
        assert (migrated.action, migrated.version) == ("migrated", 1)
        assert migrated.snapshot["decided_at"] == decided_at.isoformat()
        # The moved entries are live: the board can change them like any other.
        edited = await register.edit("AR-0001", version=1, actor_id=BOARD, changes={"owner": "IT"})
        assert edited.version == 2
        async with engine.connect() as conn:
            history_rows = await conn.scalar(select(func.count()).select_from(RegisterChange))
        assert history_rows == 4
    finally:
        await engine.dispose()


# --- The policy's own tools are entries too -----------------------------------------------------


async def test_each_tool_the_policy_approves_gets_one_entry(session_factory: Sessions) -> None:
    from knowledge import load_policy

    policy = load_policy("socitm-template")
    register = RegisterRepository(session_factory)
    assert await register.sync_policy_tools(policy) == 7
    assert await register.sync_policy_tools(policy) == 0  # a restart makes none again
    entries = await register.entries()
    assert [(e.reference, e.tool, e.source, e.source_ref) for e in entries][:2] == [
        ("PT-0001", "ChatGPT", "policy", "chatgpt"), ("PT-0002", "Claude", "policy", "claude"),
    ]  # fmt: skip
    copilot = next(e for e in entries if e.tool == "Microsoft Copilot")
    assert copilot.decision == "approved_with_conditions" and copilot.conditions
    with pytest.raises(RecordsError, match="the policy decides decision"):
        await register.edit(
            copilot.reference, version=1, actor_id=BOARD, changes={"decision": "approved"}
        )
    edited = await register.edit(
        copilot.reference,
        version=1,
        actor_id=BOARD,
        changes={"owner": "ICT", "dpia_status": "done"},
    )
    assert edited.version == 2
    await register.withdraw(copilot.reference, version=2, actor_id=BOARD, reason="duplicate")
    assert await register.sync_policy_tools(policy) == 0  # withdrawn is not made again


@pytest.mark.postgres
async def test_two_instances_starting_at_once_make_each_policy_entry_once(pg_url: str) -> None:
    from knowledge import load_policy

    policy = load_policy("socitm-template")
    engines = [create_engine(pg_url), create_engine(pg_url)]
    try:
        made = await asyncio.gather(
            *(RegisterRepository(create_session_factory(e)).sync_policy_tools(policy)
              for e in engines * 2)
        )  # fmt: skip
        assert sum(made) == 7, made
        entries = await RegisterRepository(create_session_factory(engines[0])).entries()
        assert len(entries) == 7 and len({e.source_ref for e in entries}) == 7
    finally:
        for engine in engines:
            await engine.dispose()


async def test_a_new_policy_version_brings_its_tools_entries_up_to_date(
    session_factory: Sessions, tmp_path
) -> None:
    from knowledge import load_policy

    register = RegisterRepository(session_factory)
    assert await register.sync_policy_tools(load_policy("socitm-template")) == 7
    changed = tmp_path / "changed.yaml"
    changed.write_text(
        "schema_version: 1\nid: socitm-template\nextends: socitm-template\ntitle: T\n"
        "version: '3'\ntools:\n  - id: chatgpt\n    conditions: [Only for drafting.]\n",
        encoding="utf-8",
    )
    assert await register.sync_policy_tools(load_policy(changed)) == 1
    assert await register.sync_policy_tools(load_policy(changed)) == 0
    chatgpt = next(e for e in await register.entries() if e.source_ref == "chatgpt")
    assert (chatgpt.conditions, chatgpt.version) == ("Only for drafting.", 2)
    last = (await register.history(chatgpt.reference))[-1]
    assert (last.action, last.actor_id, last.note) == (
        "edited", "system:policy", "the policy socitm-template (3) says so",
    )  # fmt: skip
    assert set(last.changes) == {"conditions"}
