"""The board's weekly summary: when it is due, the figures it shows, and queuing it once.

The summary is due once a week at a day and hour of UK time. Each week is a slot ("2026-W49",
the ISO week, zero-padded so slots sort as strings); the slot due at a moment is the latest one
whose hour has passed, so an instance that was down at the hour posts on its first check after
it is back, and a missed week is never posted twice. Claiming the slot and queuing the card are
one transaction (bot.records.schedules), so with several instances exactly one posts it.

The figures are counts, references and tool names (as the answers named them). The only text
a person wrote that they include is the questions people chose to send to the board, which they
agreed to share with it: never a question asked of the bot, and never anyone's name.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Integer, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cards.incident import ICO_DEADLINE
from bot.records import outbox, schedules
from bot.records.approvals import OPEN_STATUSES as REQUEST_OPEN
from bot.records.board_questions import OPEN_STATUSES
from bot.records.conversations import board_key
from bot.records.incidents import OPEN_STATUSES as INCIDENT_OPEN
from bot.records.models import (
    AnswerVote,
    ApprovalRequest,
    BoardQuestion,
    Incident,
    Interaction,
    PolicyAcknowledgement,
    RegisterRecord,
    utcnow,
)
from cardkit.elements import shorten
from knowledge import Policy
from knowledge.when import LONDON

from .boards import Boards

SUMMARY = "board.summary"  # outbox kind: {"slot": "2026-W49" | "on-demand-...", "until": iso}
SCHEDULE_NAME = "weekly-summary"
ON_DEMAND_PREFIX = "on-demand-"
WINDOW_DAYS = 7

TOP_TOOLS = 5
REQUESTS_SHOWN = 5
INCIDENTS_SHOWN = 20
BOARD_QUESTIONS_SHOWN = 10
REVIEWS_SHOWN = 10
# A register entry whose review falls within this many days of the summary is shown as due.
REVIEW_AHEAD_DAYS = 30
QUESTION_LIMIT = 200

# A tool whose status is one of these was allowed by the policy itself: not unmet demand.
APPROVED_TOOL_STATUSES = frozenset({"approved", "approved_with_conditions"})
BOARD_OPEN = OPEN_STATUSES  # a board question not yet answered
PERSONAL_DATA_MAYBE = ("yes", "not_sure")  # as bot.cards.incident.ico_deadline reads it


@dataclass(frozen=True)
class SummarySchedule:
    """The weekly hour: `weekday` 0 (Monday) to 6, `hour` 0-23, in `zone` (UK time)."""

    weekday: int
    hour: int
    zone: ZoneInfo = field(default=LONDON)

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0-6, not {self.weekday}")
        if not 0 <= self.hour <= 23:
            raise ValueError(f"hour must be 0-23, not {self.hour}")

    def due_at(self, day_in_week: date) -> datetime:
        """The moment (UTC) the summary of the ISO week holding `day_in_week` falls due."""
        monday = day_in_week - timedelta(days=day_in_week.weekday())
        local = datetime.combine(monday + timedelta(days=self.weekday), time(self.hour))
        # zoneinfo resolves the hour itself across a clock change: in the spring gap the hour
        # that does not exist is read with the winter offset (01:00 is 02:00 BST), and in the
        # autumn the first of the two 01:00s counts.
        return local.replace(tzinfo=self.zone).astimezone(UTC)

    def slot_due(self, now: datetime) -> str:
        """The latest slot whose hour has passed at `now` (aware): this week's once the
        configured day and hour have come, the previous week's before."""
        if now.tzinfo is None:
            raise ValueError("slot_due needs an aware datetime")
        today = now.astimezone(self.zone).date()
        # Compared in UTC: aware datetimes sharing a tzinfo compare by wall clock, which is
        # wrong across a clock change.
        if now.astimezone(UTC) < self.due_at(today):
            today -= timedelta(days=7)
        return week_slot(today)


def week_slot(day: date) -> str:
    """ "2026-W05": the ISO year and zero-padded week, so slots sort as strings."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def schedule_from_settings(day: int | None, hour: int) -> SummarySchedule | None:
    """Settings.summary_day / summary_hour as a schedule; None when the weekly post is off."""
    return None if day is None else SummarySchedule(day, hour)


@dataclass(frozen=True)
class ToolDemand:
    name: str  # as most questions spelt it
    count: int


@dataclass(frozen=True)
class WaitingRequest:
    reference: str
    status: str
    age_days: float


@dataclass(frozen=True)
class OpenIncident:
    reference: str
    severity: str
    status: str
    ico_deadline: datetime | None  # when personal data is, or may be, involved


@dataclass(frozen=True)
class WaitingBoardQuestion:
    reference: str
    status: str
    age_days: float
    question: str  # as the asker agreed to share it with the board, shortened


@dataclass(frozen=True)
class ReviewDue:
    """A register entry whose next review is past or near (docs/register.md)."""

    reference: str
    tool: str  # as the register names it
    status: str
    next_review: date
    version: int  # the card's "Confirm review" names it, as the entry's own card does


@dataclass(frozen=True)
class AcknowledgementCount:
    policy_version: str
    asked: int
    acknowledged: int


@dataclass(frozen=True)
class BoardScope:
    """Whose queue a summary shows. The lead board's (`board` None) is every record routed to
    no board or to one since taken out of the boards file (`others` are the boards there now);
    another board's is its own records only, without the deployment-wide sections (questions,
    the register, board questions), which are the lead board's (docs/boards.md)."""

    board: str | None = None
    others: frozenset[str] = frozenset()
    name: str = ""  # the board's name, on its card; "" for the lead board

    def where(self, column: Any) -> Any:
        if self.board is not None:
            return column == self.board
        return column.is_(None) | column.not_in(sorted(self.others)) if self.others else None


def scope_of(boards: Boards, board: str | None) -> BoardScope:
    """The scope of `board`'s summary; one since taken out of the file is the lead board's."""
    found = boards.get(board)
    others = frozenset(str(b.id) for b in boards.others)
    return BoardScope(found.id, others, "" if found.lead else found.name)


@dataclass(frozen=True)
class SummaryFigures:
    """What the summary card shows: the window's counts and what waits at its end (`until`)."""

    start: datetime
    until: datetime
    questions_by_verdict: Mapping[str, int]
    questions_total: int
    unmet_tools: tuple[ToolDemand, ...]
    requests_waiting: int
    oldest_request_days: float | None
    oldest_requests: tuple[WaitingRequest, ...]
    incidents_open_total: int
    incidents_open: tuple[OpenIncident, ...]
    board_questions_total: int
    board_questions_waiting: tuple[WaitingBoardQuestion, ...]
    not_right_votes: int
    not_right_by_verdict: Mapping[str, int]
    right_votes: int
    reviews_due_total: int = 0
    reviews_due: tuple[ReviewDue, ...] = ()
    # asked, and said they had read it, for the policy version; None when it does not ask
    acknowledgements: AcknowledgementCount | None = None
    # another board's summary: its name, and only its requests and incidents are gathered
    board_name: str = ""


async def gather(
    sessions: async_sessionmaker[AsyncSession],
    policy_id: str | None,
    now: datetime,
    days: int = WINDOW_DAYS,
    *,
    acknowledged: tuple[str, str] | None = None,
    scope: BoardScope | None = None,
) -> SummaryFigures:
    """The figures for the `days` before `now`. `policy_id` limits the questions and votes to
    answers from that policy (None: every answer). What waits (requests, incidents, board
    questions) is as it stands now, leaving out anything raised after `now`. `acknowledged`,
    (policy id, version) when the policy asks staff whether they have read it, adds how many
    were asked about that version and how many said they had, as of `now`. `scope` limits the
    requests and incidents to one board's (None: every board's)."""
    if now.tzinfo is None:
        raise ValueError("gather needs an aware datetime")
    until = now.astimezone(UTC)
    start = until - timedelta(days=days)
    scope = scope or BoardScope()
    async with sessions() as session:
        requests_total, requests = await _waiting_requests(session, until, scope)
        incidents_total, incidents = await _open_incidents(session, until, scope)
        if scope.board is not None:  # another board's: its queue only
            return _queue_only(start, until, scope, requests_total, requests, incidents_total,
                               incidents)  # fmt: skip
        by_verdict = await _questions_by_verdict(session, policy_id, start, until)
        tools = await _unmet_tools(session, policy_id, start, until)
        board_total, board = await _board_questions(session, until)
        votes = await _votes(session, policy_id, start, until)
        reviews_total, reviews = await _reviews_due(session, until)
        reads = await _acknowledgements(session, acknowledged, until) if acknowledged else None
    oldest = requests[0].age_days if requests else None
    not_right = {verdict: n for (vote, verdict), n in votes.items() if vote == "not_right"}
    return SummaryFigures(
        start=start,
        until=until,
        questions_by_verdict=by_verdict,
        questions_total=sum(by_verdict.values()),
        unmet_tools=tools,
        requests_waiting=requests_total,
        oldest_request_days=oldest,
        oldest_requests=requests,
        incidents_open_total=incidents_total,
        incidents_open=incidents,
        board_questions_total=board_total,
        board_questions_waiting=board,
        not_right_votes=sum(not_right.values()),
        not_right_by_verdict=dict(sorted(not_right.items())),
        right_votes=sum(n for (vote, _), n in votes.items() if vote == "right"),
        reviews_due_total=reviews_total,
        reviews_due=reviews,
        acknowledgements=reads,
    )


def _queue_only(
    start: datetime,
    until: datetime,
    scope: BoardScope,
    requests_total: int,
    requests: tuple[WaitingRequest, ...],
    incidents_total: int,
    incidents: tuple[OpenIncident, ...],
) -> SummaryFigures:
    return SummaryFigures(
        start=start,
        until=until,
        questions_by_verdict={},
        questions_total=0,
        unmet_tools=(),
        requests_waiting=requests_total,
        oldest_request_days=requests[0].age_days if requests else None,
        oldest_requests=requests,
        incidents_open_total=incidents_total,
        incidents_open=incidents,
        board_questions_total=0,
        board_questions_waiting=(),
        not_right_votes=0,
        not_right_by_verdict={},
        right_votes=0,
        board_name=scope.name or str(scope.board),
    )


def _in_window(column: Any, start: datetime, until: datetime) -> Any:
    return (column >= start) & (column < until)


async def _questions_by_verdict(
    session: AsyncSession, policy_id: str | None, start: datetime, until: datetime
) -> dict[str, int]:
    query = (
        select(Interaction.verdict, func.count())
        .where(_in_window(Interaction.created_at, start, until))
        .group_by(Interaction.verdict)
    )
    if policy_id is not None:
        query = query.where(Interaction.policy_id == policy_id)
    return {verdict: int(n) for verdict, n in await session.execute(query)}


async def _unmet_tools(
    session: AsyncSession, policy_id: str | None, start: datetime, until: datetime
) -> tuple[ToolDemand, ...]:
    # Only the decision's "tool" and "register" parts are read (JSON paths, on SQLite and
    # PostgreSQL alike), never the question the decision also holds; streamed, as a busy week
    # has thousands of answers.
    query = select(Interaction.decision["tool"], Interaction.decision["register"]).where(
        _in_window(Interaction.created_at, start, until)
    )
    if policy_id is not None:
        query = query.where(Interaction.policy_id == policy_id)
    spellings: dict[str, Counter[str]] = {}
    result = await session.stream(query.execution_options(yield_per=500))
    async for tool, register in result:
        if (name := unmet_tool(tool, register)) is not None:
            spellings.setdefault(name.casefold(), Counter())[name] += 1
    return top_tools(spellings.values(), TOP_TOOLS)


def unmet_tool(tool: Any, register: Any) -> str | None:
    """The tool's name when an answer showed demand the board has not met: the tool is not on
    the policy's list, or the policy does not approve it; and no approval in the register
    covered the question. By what the answer said at the time."""
    if not isinstance(tool, dict) or not isinstance(name := tool.get("name"), str):
        return None
    name = " ".join(name.split())
    if not name:
        return None
    approved = isinstance(register, dict) and register.get("covers") is True
    if approved and register.get("decision") not in ("rejected", "retired"):
        return None
    unlisted = tool.get("listed") is False
    return name if unlisted or tool.get("status") not in APPROVED_TOOL_STATUSES else None


def top_tools(spellings: Iterable[Counter[str]], limit: int) -> tuple[ToolDemand, ...]:
    """Each tool (its spellings counted together) by the number of questions, most first; the
    name shown is the spelling most questions used. Ties go alphabetically, so it is stable."""
    merged = [
        ToolDemand(min(names.items(), key=lambda item: (-item[1], item[0]))[0], names.total())
        for names in spellings
    ]
    merged.sort(key=lambda demand: (-demand.count, demand.name.casefold()))
    return tuple(merged[:limit])


def _age_days(since: datetime, until: datetime) -> float:
    return max((until - since).total_seconds(), 0.0) / 86400


def acknowledged(policy: Policy) -> tuple[str, str] | None:
    """What `gather` counts acknowledgements of: the policy's current version, if it asks."""
    return (policy.id, policy.version) if policy.document.acknowledgement.enabled else None


async def _acknowledgements(
    session: AsyncSession, policy: tuple[str, str], until: datetime
) -> AcknowledgementCount:
    policy_id, version = policy
    this = (
        (PolicyAcknowledgement.policy_id == policy_id)
        & (PolicyAcknowledgement.policy_version == version)
        & (PolicyAcknowledgement.asked_at < until)
    )
    read = (PolicyAcknowledgement.acknowledged_at < until).cast(Integer)
    asked, acknowledged = (
        await session.execute(select(func.count(), func.coalesce(func.sum(read), 0)).where(this))
    ).one()
    return AcknowledgementCount(version, int(asked), int(acknowledged))


async def _reviews_due(session: AsyncSession, until: datetime) -> tuple[int, tuple[ReviewDue, ...]]:
    """Entries still in force whose review is past or within REVIEW_AHEAD_DAYS of `until`,
    the most overdue first. Read from the register each time a summary is made, so a review
    missed while every instance was down is shown by the next summary, and one confirmed
    since leaves it."""
    horizon = until.astimezone(LONDON).date() + timedelta(days=REVIEW_AHEAD_DAYS)
    due = (
        (RegisterRecord.next_review <= horizon)
        & RegisterRecord.retired_at.is_(None)
        & RegisterRecord.withdrawn_at.is_(None)
        & (RegisterRecord.created_at < until)
    )
    total = await session.scalar(select(func.count()).select_from(RegisterRecord).where(due))
    rows = await session.scalars(
        select(RegisterRecord)
        .where(due)
        .order_by(RegisterRecord.next_review, RegisterRecord.id)
        .limit(REVIEWS_SHOWN)
    )
    shown = tuple(
        ReviewDue(row.reference, row.tool, row.status, row.next_review, row.version) for row in rows
    )
    return int(total or 0), shown


async def _waiting_requests(
    session: AsyncSession, until: datetime, scope: BoardScope
) -> tuple[int, tuple[WaitingRequest, ...]]:
    waiting = ApprovalRequest.status.in_(REQUEST_OPEN) & (ApprovalRequest.created_at < until)
    if (mine := scope.where(ApprovalRequest.board)) is not None:
        waiting = waiting & mine
    total = await session.scalar(select(func.count()).select_from(ApprovalRequest).where(waiting))
    rows = await session.execute(
        select(ApprovalRequest.reference, ApprovalRequest.status, ApprovalRequest.created_at)
        .where(waiting)
        .order_by(ApprovalRequest.created_at, ApprovalRequest.id)
        .limit(REQUESTS_SHOWN)
    )
    shown = tuple(
        WaitingRequest(reference, status, _age_days(created, until))
        for reference, status, created in rows
    )
    return int(total or 0), shown


async def _open_incidents(
    session: AsyncSession, until: datetime, scope: BoardScope
) -> tuple[int, tuple[OpenIncident, ...]]:
    open_ = Incident.status.in_(INCIDENT_OPEN) & (Incident.created_at < until)
    if (mine := scope.where(Incident.board)) is not None:
        open_ = open_ & mine
    total = await session.scalar(select(func.count()).select_from(Incident).where(open_))
    rows = await session.execute(
        select(
            Incident.reference,
            Incident.severity,
            Incident.status,
            Incident.personal_data,
            Incident.created_at,
        )
        .where(open_)
        .order_by(Incident.created_at, Incident.id)
        .limit(INCIDENTS_SHOWN)
    )
    shown = tuple(
        OpenIncident(
            reference,
            severity,
            status,
            created + ICO_DEADLINE if personal in PERSONAL_DATA_MAYBE else None,
        )
        for reference, severity, status, personal, created in rows
    )
    return int(total or 0), shown


async def _board_questions(
    session: AsyncSession, until: datetime
) -> tuple[int, tuple[WaitingBoardQuestion, ...]]:
    waiting = BoardQuestion.status.in_(BOARD_OPEN) & (BoardQuestion.created_at < until)
    total = await session.scalar(select(func.count()).select_from(BoardQuestion).where(waiting))
    rows = await session.execute(
        select(
            BoardQuestion.reference,
            BoardQuestion.status,
            BoardQuestion.created_at,
            BoardQuestion.question,
        )
        .where(waiting)
        .order_by(BoardQuestion.created_at, BoardQuestion.id)
        .limit(BOARD_QUESTIONS_SHOWN)
    )
    shown = tuple(
        WaitingBoardQuestion(
            reference, status, _age_days(created, until), shorten(question, QUESTION_LIMIT)
        )
        for reference, status, created, question in rows
    )
    return int(total or 0), shown


async def _votes(
    session: AsyncSession, policy_id: str | None, start: datetime, until: datetime
) -> dict[tuple[str, str], int]:
    query = (
        select(AnswerVote.vote, AnswerVote.verdict, func.count())
        .where(_in_window(AnswerVote.created_at, start, until))
        .group_by(AnswerVote.vote, AnswerVote.verdict)
    )
    if policy_id is not None:
        query = query.where(AnswerVote.policy_id == policy_id)
    return {(vote, verdict): int(n) for vote, verdict, n in await session.execute(query)}


class WeeklySummary:
    """Queues the boards' summaries: weekly when due (`run_if_due`, called from the periodic
    pass of every instance), one per board in its channel, and on demand (`post_now`). The card
    itself is drawn when the outbox delivers it (bot.notify.summary_notice)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        schedule: SummarySchedule | None,
        boards: Iterable[str | None] = (None,),
    ) -> None:
        self._sessions = sessions
        self.schedule = schedule  # None: the weekly post is off
        self._boards = tuple(boards)  # None is the lead board

    async def run_if_due(self, now: datetime | None = None) -> str | None:
        """Queue this week's summaries if its hour has passed and no instance has queued them
        yet; returns the slot queued, or None."""
        if self.schedule is None:
            return None
        now = now or utcnow()
        slot = self.schedule.slot_due(now)
        last = await schedules.last_slot(self._sessions, SCHEDULE_NAME)
        if last is not None and last >= slot:
            return None  # the usual case, every pass: a read, no write transaction
        async with self._sessions.begin() as session:
            if not await schedules.claim(session, SCHEDULE_NAME, slot):
                return None  # another instance claimed it between the read and the claim
            if last is None:
                # A new deployment: the week already begun is its starting point, and the
                # first summary comes at the next configured hour, not the moment it starts.
                return None
            # one claim for the week, one card per board: all or none, in one transaction
            for board in self._boards:
                await self._enqueue(session, slot, now, board)
        return slot

    async def post_now(self, now: datetime | None = None, board: str | None = None) -> str:
        """Queue a summary of the last seven days now, in `board`'s channel; returns its slot
        (each on-demand summary is a card of its own, never an update of the weekly one)."""
        now = now or utcnow()
        slot = ON_DEMAND_PREFIX + now.astimezone(UTC).isoformat(timespec="microseconds")
        async with self._sessions.begin() as session:
            await self._enqueue(session, slot, now, board)
        return slot

    @staticmethod
    async def _enqueue(session: AsyncSession, slot: str, now: datetime, board: str | None) -> None:
        payload = {"slot": slot, "until": now.astimezone(UTC).isoformat(), "board": board}
        await outbox.enqueue(session, kind=SUMMARY, destination=board_key(board), payload=payload)
