"""The AI register: what is approved, for what, until when (docs/register.md).

An entry is made by the board's decision on an approval request, in the same transaction as the
decision (`entry_from_approval`), or added by the board. Every change goes through
`RegisterRepository` and names the version it was made from: one conditional UPDATE ... WHERE
version = the one the editor saw, so of two edits made from the same card exactly one is kept and
the other gets `RegisterConflictError` with the entry as it now is. Each kept change writes a
history row (who, when, each field before and after, the entry afterwards) and an audit entry
(references and field names only, never the values: an owner's name is personal data).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import object_session

from bot.errors import RecordsError
from bot.records import audit
from bot.records.conditional import update_or_find
from bot.records.conversations import user_key
from bot.records.db import dialect_insert
from bot.records.models import ApprovalRequest, RegisterChange, RegisterRecord, utcnow
from bot.records.references import next_reference
from knowledge import Policy, Verdict
from knowledge.register import APPROVED_WITH_CONDITIONS, DECISIONS, REJECTED

REGISTER_PREFIX = "RE"
POLICY_TOOL_PREFIX = "PT"  # an entry for a tool the policy itself lists
SYNC_ACTOR = "system:policy"
# The review period when the policy sets none: the template reviews every GenAI system at least
# annually (16).
REVIEW_PERIOD = timedelta(days=365)
ASSESSMENT_STATUSES = ("not_needed", "needed", "in_progress", "done")
SOURCES = ("approval", "board", "ruling", "policy")
BACKFILL_ACTOR = "system:register-backfill"
# The fields a board member may change with `edit` (retiring, withdrawing and reviewing are
# their own actions, each with what it needs).
EDITABLE = frozenset(
    {
        "tool",
        "purpose",
        "data_classification",
        "decision",
        "conditions",
        "owner",
        "description",
        "dpia_status",
        "dpia_date",
        "eqia_status",
        "eqia_date",
        "risk_status",
        "risk_date",
        "next_review",
        "public_facing",
        "decision_influencing",
    }
)
# What the policy itself decides about a tool it lists: the board retires the entry instead.
POLICY_DECIDES = frozenset({"tool", "purpose", "data_classification", "decision", "conditions"})
_SNAPSHOT = (*sorted(EDITABLE), "decided_at", "owner_id", "source", "source_ref", "retired_at")
_SNAPSHOT += ("retired_reason",)
_SNAPSHOT += ("withdrawn_at", "withdrawn_reason", "last_reviewed_at")


class RegisterConflictError(RecordsError):
    """The entry changed (or was withdrawn) since the version the change was made from."""

    def __init__(self, message: str, current: RegisterRecord) -> None:
        super().__init__(message)
        # Taken out of its session, loaded: the rollback this error causes must not expire it.
        if (session := object_session(current)) is not None:
            session.expunge(current)
        self.current = current


@dataclass(frozen=True)
class NewEntry:
    """An entry the board adds itself: a tool in use that never came through a request."""

    tool: str
    purpose: str
    decision: str
    data_classification: str = "none"
    conditions: str | None = None
    owner: str = ""
    description: str | None = None
    assessments: dict[str, Any] = field(default_factory=dict)  # dpia_status, dpia_date, ...
    next_review: date | None = None
    public_facing: bool = False
    decision_influencing: bool = False


def snapshot(row: RegisterRecord) -> dict[str, Any]:
    """The entry's fields as JSON: what a history row keeps of it."""
    return {name: _json(getattr(row, name)) for name in _SNAPSHOT}


async def entry_from_approval(
    session: AsyncSession, request: ApprovalRequest, review_period: timedelta = REVIEW_PERIOD
) -> RegisterRecord:
    """The register entry a decision on `request` makes, inside the decision's transaction, so
    that a decided request always has its entry and an undecided one never does."""
    row = RegisterRecord(**_from_approval(request, review_period))
    session.add(row)
    await session.flush()
    actor = request.decided_by or "system"
    await _history(session, row, actor, request.decided_by_name or "", "created", {}, None)
    return row


def _from_approval(request: ApprovalRequest, review_period: timedelta) -> dict[str, Any]:
    assert request.decision is not None and request.decided_at is not None
    return {
        "reference": request.reference,
        "source": "approval",
        "tool": request.tool,
        "purpose": request.purpose,
        "data_classification": request.data_classification or "none",
        "decision": request.decision,
        "conditions": request.conditions,
        "decided_at": request.decided_at,
        "decided_by": request.decided_by,
        "decided_by_name": request.decided_by_name,
        "owner": request.requester_name,
        "owner_id": request.requester_id,
        "next_review": (request.decided_at + review_period).date(),
    }


class RegisterRepository:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        review_period: timedelta = REVIEW_PERIOD,
    ) -> None:
        self._sessions = session_factory
        self.review_period = review_period

    async def backfill(self) -> int:
        """Give every decided approval request without an entry its entry, and say how many.
        During a rolling upgrade the release before the register still decides requests after
        migration 0006 has moved the decided ones; each instance runs this on start and with
        each refresh, and of two running it at once one inserts each entry and the other finds
        it there."""
        has_entry = select(RegisterRecord.id).where(
            RegisterRecord.reference == ApprovalRequest.reference
        )
        query = (
            select(ApprovalRequest)
            .where(ApprovalRequest.status == "decided", ApprovalRequest.decided_at.is_not(None))
            .where(~has_entry.exists())
            .order_by(ApprovalRequest.id)
        )
        made = 0
        async with self._sessions.begin() as session:
            for request in (await session.scalars(query)).all():
                insert = dialect_insert(session)(RegisterRecord).values(
                    **_from_approval(request, self.review_period)
                )
                statement = insert.on_conflict_do_nothing(index_elements=["reference"])
                inserted = await session.scalar(statement.returning(RegisterRecord.id))
                if inserted is None:
                    continue  # another instance made it first
                row = await session.get_one(RegisterRecord, inserted)
                note = "made for a request decided before this release ran"
                await _history(session, row, BACKFILL_ACTOR, "", "migrated", {}, note)
                made += 1
        return made

    async def sync_policy_tools(self, policy: Policy) -> int:
        """Give each tool the policy lists as approved an entry of its own (source "policy",
        PT- references), so the board keeps its owner, assessments and reviews like any other
        and can retire it, and bring an entry up to date when a new version of the policy names
        or conditions the tool differently; says how many were made or brought up to date. Run
        on start: an entry once made is never made again (a withdrawn one included), and of two
        instances starting at once one makes (or updates) each."""
        made = 0
        now = utcnow()
        for tool in policy.document.tools:
            status = policy.tool_status(tool)
            if status.verdict not in (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS):
                continue
            category = policy.categories[tool.category]
            conditions = "\n".join(tool.conditions or category.conditions) or None
            said = {"tool": tool.name, "decision": str(status), "conditions": conditions}
            async with self._sessions.begin() as session:
                known = (
                    await session.scalars(
                        select(RegisterRecord).where(
                            RegisterRecord.source == "policy", RegisterRecord.source_ref == tool.id
                        )
                    )
                ).one_or_none()
                if known is not None:
                    made += await self._follow_policy(session, known, said, policy)
                    continue
                values = {
                    "reference": await next_reference(session, POLICY_TOOL_PREFIX),
                    "source": "policy",
                    "source_ref": tool.id,
                    **said,
                    "purpose": "",
                    "data_classification": "none",
                    "decided_at": now,
                    "owner": "",
                    "description": tool.text or None,
                    "next_review": (now + self.review_period).date(),
                }
                statement = dialect_insert(session)(RegisterRecord).values(**values)
                statement = statement.on_conflict_do_nothing(
                    index_elements=["source", "source_ref"]
                )
                inserted = await session.scalar(statement.returning(RegisterRecord.id))
                if inserted is None:
                    continue  # another instance made it first
                row = await session.get_one(RegisterRecord, inserted)
                note = f"listed by the policy {policy.id} ({policy.version})"
                await _history(session, row, SYNC_ACTOR, "", "created", {}, note)
                made += 1
        return made

    async def _follow_policy(
        self,
        session: AsyncSession,
        entry: RegisterRecord,
        said: dict[str, Any],
        policy: Policy,
    ) -> int:
        """1 if the entry of a tool the policy lists was brought up to what the policy now says
        of it, else 0 (already so, withdrawn, or changed by someone at that moment)."""
        values = {k: v for k, v in said.items() if getattr(entry, k) != v}
        if not values or entry.withdrawn_at is not None:
            return 0
        note = f"the policy {policy.id} ({policy.version}) says so"
        try:
            await self._change(
                session, entry, entry.version, SYNC_ACTOR, "", "edited", values, note
            )
        except RegisterConflictError:
            return 0  # a board member's change won; the next start brings it up to date
        return 1

    async def entries(self, *, include_withdrawn: bool = False) -> list[RegisterRecord]:
        """The register, oldest decision first (the order the engine reads it in)."""
        query = select(RegisterRecord).order_by(RegisterRecord.decided_at, RegisterRecord.id)
        if not include_withdrawn:
            query = query.where(RegisterRecord.withdrawn_at.is_(None))
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def get(self, reference: str) -> RegisterRecord | None:
        async with self._sessions() as session:
            query = select(RegisterRecord).where(RegisterRecord.reference == reference)
            return (await session.scalars(query)).one_or_none()

    async def history(self, reference: str) -> list[RegisterChange]:
        query = (
            select(RegisterChange)
            .where(RegisterChange.reference == reference)
            .order_by(RegisterChange.version)
        )
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def add(self, new: NewEntry, *, actor_id: str, actor_name: str = "") -> RegisterRecord:
        values = _checked(
            {
                "tool": new.tool,
                "purpose": new.purpose,
                "decision": new.decision,
                "data_classification": new.data_classification,
                "conditions": new.conditions,
                "owner": new.owner,
                "description": new.description,
                "public_facing": new.public_facing,
                "decision_influencing": new.decision_influencing,
                **new.assessments,
            }
        )
        now = utcnow()
        async with self._sessions.begin() as session:
            row = RegisterRecord(
                reference=await next_reference(session, REGISTER_PREFIX),
                source="board",
                decided_at=now,
                decided_by=actor_id,
                decided_by_name=actor_name[:200] or None,
                next_review=new.next_review or (now + self.review_period).date(),
                created_at=now,
                updated_at=now,
                **values,
            )
            session.add(row)
            await session.flush()
            await _history(session, row, actor_id, actor_name, "created", {}, None)
            await _audit(session, row, actor_id, "created", sorted(values))
        return row

    async def edit(
        self,
        reference: str,
        *,
        version: int,
        actor_id: str,
        actor_name: str = "",
        changes: dict[str, Any],
        note: str | None = None,
    ) -> RegisterRecord:
        """Change fields of a live entry (`EDITABLE`); a new decision is dated now."""
        unknown = set(changes) - EDITABLE
        if unknown:
            raise RecordsError(f"these cannot be edited: {', '.join(sorted(unknown))}")
        async with self._sessions.begin() as session:
            before = await _live(session, reference)
            if before.source == "policy":
                changed = {
                    k for k in POLICY_DECIDES & set(changes) if getattr(before, k) != changes[k]
                }
                if changed:
                    raise RecordsError(
                        f"the policy decides {', '.join(sorted(changed))} of {reference}; "
                        "retire the entry to take the tool back"
                    )
            merged = {name: getattr(before, name) for name in EDITABLE} | changes
            _checked(merged)
            values = {k: v for k, v in changes.items() if getattr(before, k) != v}
            if not values:  # nothing to keep: the entry stays at its version
                if before.version != version:
                    raise RegisterConflictError(f"{reference} was changed by someone else", before)
                return before
            if "decision" in values or "conditions" in values:
                values |= {"decided_at": utcnow(), "decided_by": actor_id}
                values["decided_by_name"] = actor_name[:200] or None
            if values.get("decision") == REJECTED and before.retired_at is not None:
                raise RecordsError(f"{reference} is retired: it cannot become a rejection")
            return await self._change(
                session, before, version, actor_id, actor_name, "edited", values, note
            )

    async def confirm_review(
        self,
        reference: str,
        *,
        version: int,
        actor_id: str,
        actor_name: str = "",
        next_review: date | None = None,
        note: str | None = None,
    ) -> RegisterRecord:
        """The board reviewed the entry: it stands, and comes round again after the review
        period (or on `next_review`)."""
        now = utcnow()
        upcoming = next_review or (now + self.review_period).date()
        if upcoming <= now.date():
            raise RecordsError("the next review must be after today")
        values = {"next_review": upcoming, "last_reviewed_at": now}
        async with self._sessions.begin() as session:
            before = await _live(session, reference)
            return await self._change(
                session, before, version, actor_id, actor_name, "reviewed", values, note
            )

    async def retire(
        self, reference: str, *, version: int, actor_id: str, actor_name: str = "", reason: str
    ) -> RegisterRecord:
        """End an approval: later answers say the tool needs approval again, and why."""
        if not reason.strip():
            raise RecordsError("say why the approval is retired")
        async with self._sessions.begin() as session:
            before = await _live(session, reference)
            if before.decision == REJECTED:
                raise RecordsError(f"{reference} is a rejection: withdraw it instead")
            if before.retired_at is not None:
                raise RecordsError(f"{reference} was already retired")
            values = {"retired_at": utcnow(), "retired_reason": reason.strip()}
            return await self._change(
                session, before, version, actor_id, actor_name, "retired", values, None
            )

    async def withdraw(
        self, reference: str, *, version: int, actor_id: str, actor_name: str = "", reason: str
    ) -> RegisterRecord:
        """Take an entry made in error out of the register: answers no longer read it; it and
        its history are kept."""
        if not reason.strip():
            raise RecordsError("say why the entry is withdrawn")
        async with self._sessions.begin() as session:
            before = await _live(session, reference)
            values = {"withdrawn_at": utcnow(), "withdrawn_reason": reason.strip()}
            return await self._change(
                session, before, version, actor_id, actor_name, "withdrawn", values, None
            )

    async def record_refusal(self, reference: str, *, actor_id: str, verb: str) -> None:
        """Someone who may not govern tried to change the register: nothing changes, but the
        attempt is kept."""
        async with self._sessions.begin() as session:
            await audit.append(
                session,
                actor_ref=user_key(actor_id),
                action="register.action_refused",
                subject_ref=f"register:{reference}",
                details={"verb": verb[:60], "reason": "not_an_approver"},
            )

    async def _change(
        self,
        session: AsyncSession,
        before: RegisterRecord,
        version: int,
        actor_id: str,
        actor_name: str,
        action: str,
        values: dict[str, Any],
        note: str | None,
    ) -> RegisterRecord:
        reference = before.reference
        changes = {k: [_json(getattr(before, k)), _json(v)] for k, v in values.items()}
        # The RETURNING below must give the row as changed, not this copy from the same session.
        session.expunge(before)
        row, current = await update_or_find(
            session,
            RegisterRecord,
            reference,
            RegisterRecord.version == version,
            RegisterRecord.withdrawn_at.is_(None),
            missing=f"there is no register entry {reference}",
            **values,
            version=version + 1,
            updated_at=utcnow(),
        )
        if current is not None:
            raise RegisterConflictError(
                f"{reference} was changed by someone else (now version {current.version})",
                current,
            )
        assert row is not None
        await _history(session, row, actor_id, actor_name, action, changes, note)
        await _audit(session, row, actor_id, action, sorted(values))
        return row


async def _live(session: AsyncSession, reference: str) -> RegisterRecord:
    query = select(RegisterRecord).where(RegisterRecord.reference == reference)
    row = (await session.scalars(query)).one_or_none()
    if row is None:
        raise RecordsError(f"there is no register entry {reference}")
    if row.withdrawn_at is not None:
        raise RegisterConflictError(f"{reference} was withdrawn", row)
    return row


async def _history(
    session: AsyncSession,
    row: RegisterRecord,
    actor_id: str,
    actor_name: str,
    action: str,
    changes: dict[str, Any],
    note: str | None,
) -> None:
    session.add(
        RegisterChange(
            reference=row.reference,
            version=row.version,
            actor_id=actor_id,
            actor_name=actor_name[:200],
            action=action,
            changes=changes,
            snapshot=snapshot(row),
            note=note,
        )
    )
    await session.flush()


async def _audit(
    session: AsyncSession, row: RegisterRecord, actor_id: str, action: str, fields: list[str]
) -> None:
    await audit.append(
        session,
        actor_ref=user_key(actor_id),
        action=f"register.{action}",
        subject_ref=f"register:{row.reference}",
        details={"version": row.version, "fields": fields},
    )


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    """`values` if they make a valid entry; otherwise RecordsError saying every problem."""
    problems = []
    if not str(values.get("tool") or "").strip():
        problems.append("name the tool")
    decision = values.get("decision")
    if decision not in DECISIONS:
        problems.append(f"the decision must be one of {', '.join(DECISIONS)}")
    said = str(values.get("conditions") or "").strip()
    if decision == APPROVED_WITH_CONDITIONS and not said:
        problems.append("an approval with conditions must state the conditions")
    if decision == REJECTED and not said:
        problems.append("a rejection must give its reason")
    if not str(values.get("data_classification") or "").strip():
        problems.append("say what data it covers ('none' for no sensitive data)")
    for kind in ("dpia", "eqia", "risk"):
        status = values.get(f"{kind}_status", "needed")
        if status not in ASSESSMENT_STATUSES:
            problems.append(f"{kind}_status must be one of {', '.join(ASSESSMENT_STATUSES)}")
        when = values.get(f"{kind}_date")
        if when is not None and not isinstance(when, date):
            problems.append(f"{kind}_date must be a date")
    upcoming = values.get("next_review")
    if upcoming is not None and not isinstance(upcoming, date):
        problems.append("next_review must be a date")
    if problems:
        raise RecordsError("; ".join(problems))
    return values


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
