"""Tables of the records layer (SQLAlchemy 2 typed declarative).

Timestamps are stored in UTC. SQLite has no time-zone type, so `UTCDateTime` stores naive UTC
and hands back aware datetimes on both databases; code never compares naive with aware.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-increments an INTEGER PRIMARY KEY, not a BIGINT one.
BigId = BigInteger().with_variant(Integer(), "sqlite")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every database; naive input is refused rather than guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the records layer; use an aware UTC one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Interaction(Base):
    """One question and the verdict given; kept for audit, FOI and subject access requests."""

    __tablename__ = "interactions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[str] = mapped_column(String(200), index=True)
    conversation_id: Mapped[str] = mapped_column(String(500))
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    verdict: Mapped[str] = mapped_column(String(40))
    rule_ids: Mapped[list[str]] = mapped_column(default=list)
    policy_id: Mapped[str] = mapped_column(String(200))
    policy_version: Mapped[str] = mapped_column(String(200))
    decision: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    # The key the answer card's buttons carry ("Right", "Ask the board"): a random token, so a
    # card never exposes the row's id and a forged key finds nothing.
    answer_key: Mapped[str | None] = mapped_column(String(32), unique=True, default=None)

    # "Newest first" is the board's and the FOI officer's default view; id breaks ties.
    __table_args__ = (Index("ix_interactions_created_at_id", "created_at", "id"),)


class Counter(Base):
    """Named counters behind human-friendly references (AR-0001, INC-0001)."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class ApprovalRequest(Base):
    """A request to use a tool the policy says needs authorising, and the board's decision."""

    __tablename__ = "approval_requests"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # the dialog run that submitted it: a second Submit of the run finds this record
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    requester_id: Mapped[str] = mapped_column(String(200), index=True)
    requester_name: Mapped[str] = mapped_column(String(200), default="")
    conversation_id: Mapped[str | None] = mapped_column(String(500), default=None)
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL"), default=None
    )
    tool: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text)
    data_description: Mapped[str] = mapped_column(Text)
    data_classification: Mapped[str] = mapped_column(String(100))
    expected_output: Mapped[str] = mapped_column(Text)
    output_use: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(30), default="pending", index=True)
    decision: Mapped[str | None] = mapped_column(String(40), default=None)
    decided_by: Mapped[str | None] = mapped_column(String(200), default=None)
    decided_by_name: Mapped[str | None] = mapped_column(String(200), default=None)
    decided_at: Mapped[datetime | None] = mapped_column(default=None)
    conditions: Mapped[str | None] = mapped_column(Text, default=None)
    comments: Mapped[str | None] = mapped_column(Text, default=None)
    card_activity_id: Mapped[str | None] = mapped_column(String(200), default=None)
    justification: Mapped[str | None] = mapped_column(Text, default=None)
    last_reminded_at: Mapped[datetime | None] = mapped_column(default=None)
    # the board it was routed to (bot.governance.boards); None is the lead board
    board: Mapped[str | None] = mapped_column(String(60), default=None)


class Incident(Base):
    """A reported incident (for example personal data pasted into a public AI tool)."""

    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    # the dialog run that submitted it: a second Submit of the run finds this record
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    reporter_id: Mapped[str] = mapped_column(String(200), index=True)
    reporter_name: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text)
    tool: Mapped[str | None] = mapped_column(String(200), default=None)
    data_involved: Mapped[str | None] = mapped_column(Text, default=None)
    severity: Mapped[str] = mapped_column(String(20), default="unknown")
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    closed_at: Mapped[datetime | None] = mapped_column(default=None)
    card_activity_id: Mapped[str | None] = mapped_column(String(200), default=None)
    conversation_id: Mapped[str | None] = mapped_column(String(500), default=None)
    occurred_at: Mapped[datetime | None] = mapped_column(default=None)
    occurred_text: Mapped[str | None] = mapped_column(Text, default=None)
    # "yes" | "no" | "not_sure": what the reporter said, kept even when unsure
    personal_data: Mapped[str | None] = mapped_column(String(10), default=None)
    data_kinds: Mapped[list[str]] = mapped_column(default=list)
    data_subjects: Mapped[str | None] = mapped_column(Text, default=None)
    people_affected: Mapped[str | None] = mapped_column(Text, default=None)
    people_affected_count: Mapped[int | None] = mapped_column(Integer, default=None)
    actions_taken: Mapped[str | None] = mapped_column(Text, default=None)
    severity_reasons: Mapped[list[str]] = mapped_column(default=list)
    assigned_to: Mapped[str | None] = mapped_column(String(200), default=None)
    assigned_name: Mapped[str | None] = mapped_column(String(200), default=None)
    acknowledged_at: Mapped[datetime | None] = mapped_column(default=None)
    last_reminded_at: Mapped[datetime | None] = mapped_column(default=None)
    # the board it was routed to (bot.governance.boards); None is the lead board
    board: Mapped[str | None] = mapped_column(String(60), default=None)


class CaseNote(Base):
    """A line in the history of an approval request or incident: a question from the board,
    the requester's answer, a reporter's later addition, a status note. Holds what people
    wrote, so it is shown only in governance cards and to the person concerned."""

    __tablename__ = "case_notes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    subject_ref: Mapped[str] = mapped_column(String(300), index=True)  # "approval:AR-0001"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    author_id: Mapped[str] = mapped_column(String(200))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)


class PostedCard(Base):
    """A card the bot posted about a subject in a destination (the board's channel, the
    security channel), so that later news updates it in place instead of posting again."""

    __tablename__ = "posted_cards"
    subject_ref: Mapped[str] = mapped_column(String(300), primary_key=True)
    destination: Mapped[str] = mapped_column(String(300), primary_key=True)
    activity_id: Mapped[str] = mapped_column(String(200))
    reference: Mapped[dict[str, Any]] = mapped_column()
    posted_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnswerVote(Base):
    """A person's "Right" / "Not right" on one answer: kept for the board's figures, never shown
    to other staff. One per person and answer; a second tap changes it."""

    __tablename__ = "answer_votes"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    answer_key: Mapped[str] = mapped_column(String(32))
    user_id: Mapped[str] = mapped_column(String(200))
    vote: Mapped[str] = mapped_column(String(20))  # "right" | "not_right"
    comment: Mapped[str | None] = mapped_column(Text, default=None)  # what was wrong, if said
    verdict: Mapped[str] = mapped_column(String(40))  # the answer's verdict, for the counts
    policy_id: Mapped[str] = mapped_column(String(200))

    __table_args__ = (Index("uq_answer_votes_answer_key_user_id", "answer_key", "user_id",
                            unique=True),)  # fmt: skip


class BoardQuestion(Base):
    """A question a person sent to the governance board with their consent (BQ-0001): what
    they agreed to share, the bot's answer to it, and the board's answer. An answer kept as a
    ruling (`ruling`) overlays later answers until it is withdrawn."""

    __tablename__ = "board_questions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    asker_id: Mapped[str] = mapped_column(String(200), index=True)
    asker_name: Mapped[str] = mapped_column(String(200), default="")
    conversation_id: Mapped[str | None] = mapped_column(String(500), default=None)
    answer_key: Mapped[str | None] = mapped_column(String(32), default=None)
    question: Mapped[str] = mapped_column(Text)  # as the asker agreed to share it
    note: Mapped[str | None] = mapped_column(Text, default=None)
    policy_id: Mapped[str] = mapped_column(String(200))
    policy_version: Mapped[str] = mapped_column(String(200))
    bot_verdict: Mapped[str] = mapped_column(String(40))
    bot_answer: Mapped[str] = mapped_column(Text, default="")
    # what the bot read: {"tool": name|None, "purpose": label|None, "data": [ids]}
    bot_reading: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # "waiting" | "taken" | "asked" (the board asked the asker back) | "answered"
    status: Mapped[str] = mapped_column(String(20), default="waiting", index=True)
    taken_by: Mapped[str | None] = mapped_column(String(200), default=None)
    taken_by_name: Mapped[str | None] = mapped_column(String(200), default=None)
    taken_at: Mapped[datetime | None] = mapped_column(default=None)
    answer_verdict: Mapped[str | None] = mapped_column(String(40), default=None)
    answer_text: Mapped[str | None] = mapped_column(Text, default=None)
    answer_clauses: Mapped[list[str]] = mapped_column(default=list)
    answered_by: Mapped[str | None] = mapped_column(String(200), default=None)
    answered_by_name: Mapped[str | None] = mapped_column(String(200), default=None)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    # Kept as a ruling: its scope, read like an approval's (tool, purpose words, data class)
    ruling: Mapped[bool] = mapped_column(default=False)
    ruling_tool: Mapped[str | None] = mapped_column(String(200), default=None)
    ruling_purpose: Mapped[str | None] = mapped_column(Text, default=None)
    ruling_data: Mapped[str | None] = mapped_column(String(100), default=None)
    withdrawn_at: Mapped[datetime | None] = mapped_column(default=None)
    withdrawn_by: Mapped[str | None] = mapped_column(String(200), default=None)
    withdrawn_by_name: Mapped[str | None] = mapped_column(String(200), default=None)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, default=None)
    last_reminded_at: Mapped[datetime | None] = mapped_column(default=None)


class RegisterRecord(Base):
    """One entry of the AI register (docs/register.md): a tool, the use it covers, the board's
    decision on it and what the policies ask to be kept about it. Made by a decision on an
    approval request (the entry takes its AR- reference) or added by the board (RE-); changed
    only through bot.records.register, each change a new `version` with its history row."""

    __tablename__ = "register_entries"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "approval" (an AR- request's decision) | "board" (added from Teams) | "ruling" | "policy"
    source: Mapped[str] = mapped_column(String(20))
    # what in the source it is: the policy's tool id for a "policy" entry
    source_ref: Mapped[str | None] = mapped_column(String(200), default=None)
    tool: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    data_classification: Mapped[str] = mapped_column(String(100), default="none")
    # "approved" | "approved_with_conditions" | "pilot" | "rejected" (knowledge.register)
    decision: Mapped[str] = mapped_column(String(40))
    conditions: Mapped[str | None] = mapped_column(Text, default=None)  # or a rejection's reason
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(200), default=None)
    decided_by_name: Mapped[str | None] = mapped_column(String(200), default=None)
    owner: Mapped[str] = mapped_column(String(200), default="")  # a person or a team
    owner_id: Mapped[str | None] = mapped_column(String(200), default=None)  # a person's id
    description: Mapped[str | None] = mapped_column(Text, default=None)
    # Assessments: "not_needed" | "needed" | "in_progress" | "done", with the date it was done
    dpia_status: Mapped[str] = mapped_column(String(20), default="needed")
    dpia_date: Mapped[date | None] = mapped_column(Date, default=None)
    eqia_status: Mapped[str] = mapped_column(String(20), default="needed")
    eqia_date: Mapped[date | None] = mapped_column(Date, default=None)
    risk_status: Mapped[str] = mapped_column(String(20), default="needed")
    risk_date: Mapped[date | None] = mapped_column(Date, default=None)
    next_review: Mapped[date] = mapped_column(Date, index=True)
    last_reviewed_at: Mapped[datetime | None] = mapped_column(default=None)
    # What a transparency record (ATRS) is drafted for
    public_facing: Mapped[bool] = mapped_column(default=False)
    decision_influencing: Mapped[bool] = mapped_column(default=False)
    retired_at: Mapped[datetime | None] = mapped_column(default=None)
    retired_reason: Mapped[str | None] = mapped_column(Text, default=None)
    # Withdrawn: made in error and taken out of the register; kept, with its history
    withdrawn_at: Mapped[datetime | None] = mapped_column(default=None)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text, default=None)

    # one entry for each tool the policy lists (NULLs differ, so other entries are not bound)
    __table_args__ = (
        Index("uq_register_entries_source_source_ref", "source", "source_ref", unique=True),
    )

    @property
    def status(self) -> str:
        """The status the register shows: the decision, unless retired or withdrawn since."""
        if self.withdrawn_at is not None:
            return "withdrawn"
        return "retired" if self.retired_at is not None else self.decision


class RegisterChange(Base):
    """One change to a register entry, kept for ever: who, when, what (field: [before, after])
    and the entry as it was afterwards. One row per version, so two changes made from the same
    version cannot both be kept."""

    __tablename__ = "register_history"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[str] = mapped_column(String(200))
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    # "created" | "edited" | "reviewed" | "retired" | "withdrawn" | "migrated"
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    snapshot: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str | None] = mapped_column(Text, default=None)

    __table_args__ = (
        Index("uq_register_history_reference_version", "reference", "version", unique=True),
    )


class PolicyAcknowledgement(Base):
    """A person asked whether they have read a version of the policy, and when they said they
    had (bot.records.acknowledgements): one row per person and version, so the question is put
    once however many questions arrive at once."""

    __tablename__ = "policy_acknowledgements"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(200))
    policy_id: Mapped[str] = mapped_column(String(200))
    policy_version: Mapped[str] = mapped_column(String(200))
    asked_at: Mapped[datetime] = mapped_column(default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (
        Index(
            "uq_policy_acknowledgements_user_id_policy_id_policy_version",
            "user_id",
            "policy_id",
            "policy_version",
            unique=True,
        ),
    )


class ScheduledRun(Base):
    """The last run of a periodic job that must happen once across instances (the weekly
    summary): claimed with a conditional update on `last_slot`."""

    __tablename__ = "scheduled_runs"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    last_slot: Mapped[str] = mapped_column(String(40))  # the slot run last: "2026-W49"
    ran_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConversationRecord(Base):
    """A serialised Bot Framework ConversationReference, for proactive messages.

    `key` is "governance" for the board's channel or "user:<id>" for a requester's 1:1 chat.
    """

    __tablename__ = "conversation_references"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    reference: Mapped[dict[str, Any]] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OutboxMessage(Base):
    """A notification to send, written in the same transaction as the change it announces."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(100))
    destination: Mapped[str] = mapped_column(String(300))
    payload: Mapped[dict[str, Any]] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    claimed_until: Mapped[datetime | None] = mapped_column(default=None)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)


class AuditEntry(Base):
    """One link of the append-only, hash-chained audit log. Holds references, never names."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_ref: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(100))
    subject_ref: Mapped[str] = mapped_column(String(300))
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class StoredState(Base):
    """Bot Framework state (ConversationState, UserState) behind DatabaseStorage."""

    __tablename__ = "bot_state"
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    etag: Mapped[str] = mapped_column(String(64))
    # Text, not JSON: jsonpickle's back-references depend on key order, which JSONB would lose.
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class SeenActivity(Base):
    """An incoming activity already handled, by a hash of where it came from and its id: Teams
    delivers a turn again when the first delivery timed out, and it must be answered once."""

    __tablename__ = "seen_activities"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
