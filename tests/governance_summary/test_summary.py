"""The board's weekly summary: when it is due (UK time, across clock changes and year ends),
its figures against a seeded database, queued once across restarts and instances, and drawn
by the outbox's handler."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cards.summary import summary_card
from bot.errors import ConfigurationError
from bot.governance.boards import Board, Boards
from bot.governance.summary import (
    SCHEDULE_NAME,
    SUMMARY,
    OpenIncident,
    SummarySchedule,
    ToolDemand,
    WaitingBoardQuestion,
    WaitingRequest,
    WeeklySummary,
    gather,
    schedule_from_settings,
    scope_of,
    week_slot,
)
from bot.notify.summary_notice import SummaryNotices
from bot.records.db import create_engine, create_session_factory
from bot.records.migrate import upgrade
from bot.records.models import (
    ApprovalRequest,
    AuditEntry,
    Incident,
    OutboxMessage,
    ScheduledRun,
    utcnow,
)
from bot.records.outbox import Notification, PermanentDeliveryError
from bot.records.register import NewEntry, RegisterRepository
from bot.records.schedules import claim_slot
from bot.settings import Settings
from knowledge import load_policy
from knowledge.when import LONDON
from tests.cards.card_checks import assert_valid_card, elements

from .seed import BOARD_TEXTS, EXPECTED_BY_VERDICT, NOW, POLICY, START, seed

Sessions = async_sessionmaker[AsyncSession]
MONDAY_9 = SummarySchedule(weekday=0, hour=9)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- when it is due -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "slot"),
    [
        # Monday 7 December 2026 is in ISO week 50; London is on GMT
        (utc(2026, 12, 7, 8, 59, 59), "2026-W49"),
        (utc(2026, 12, 7, 9, 0), "2026-W50"),
        (utc(2026, 12, 7, 9, 0, 1), "2026-W50"),
        (utc(2026, 12, 13, 23, 59), "2026-W50"),  # Sunday night: still this week's
        (utc(2026, 12, 14, 8, 0), "2026-W50"),  # next Monday before the hour
        (utc(2026, 12, 14, 9, 0), "2026-W51"),
    ],
)
def test_the_slot_is_this_weeks_from_the_hour_and_last_weeks_before(
    now: datetime, slot: str
) -> None:
    assert MONDAY_9.slot_due(now) == slot


def test_the_hour_is_uk_time_in_summer() -> None:
    # Monday 1 June 2026: 09:00 BST is 08:00 UTC
    assert MONDAY_9.slot_due(utc(2026, 6, 1, 7, 59)) == "2026-W22"
    assert MONDAY_9.slot_due(utc(2026, 6, 1, 8, 0)) == "2026-W23"


def test_the_hour_follows_the_clocks_across_both_changes() -> None:
    # Clocks go forward on Sunday 29 March 2026 and back on Sunday 25 October 2026.
    sunday_9 = SummarySchedule(weekday=6, hour=9)
    assert sunday_9.due_at(utc(2026, 3, 29, 0, 0).date()) == utc(2026, 3, 29, 8, 0)  # BST
    assert sunday_9.slot_due(utc(2026, 3, 29, 7, 59)) == "2026-W12"
    assert sunday_9.slot_due(utc(2026, 3, 29, 8, 0)) == "2026-W13"
    assert sunday_9.due_at(utc(2026, 10, 25, 0, 0).date()) == utc(2026, 10, 25, 9, 0)  # GMT
    assert sunday_9.slot_due(utc(2026, 10, 25, 8, 59)) == "2026-W42"
    assert sunday_9.slot_due(utc(2026, 10, 25, 9, 0)) == "2026-W43"
    # the hour the clocks skip (01:00 on 29 March) is taken as 02:00 BST, once, not missed
    sunday_1 = SummarySchedule(weekday=6, hour=1)
    assert sunday_1.due_at(utc(2026, 3, 29, 0, 0).date()) == utc(2026, 3, 29, 1, 0)
    assert sunday_1.slot_due(utc(2026, 3, 29, 0, 59)) == "2026-W12"
    assert sunday_1.slot_due(utc(2026, 3, 29, 1, 0)) == "2026-W13"
    # the hour that happens twice (01:00 on 25 October) is due at the first of the two
    assert sunday_1.due_at(utc(2026, 10, 25, 0, 0).date()) == utc(2026, 10, 25, 0, 0)


def test_the_local_day_decides_near_midnight() -> None:
    # 23:30 UTC on Sunday 31 May 2026 is 00:30 BST on Monday 1 June: Monday's midnight slot
    monday_0 = SummarySchedule(weekday=0, hour=0)
    assert monday_0.slot_due(utc(2026, 5, 31, 22, 59)) == "2026-W22"
    assert monday_0.slot_due(utc(2026, 5, 31, 23, 30)) == "2026-W23"


def test_slots_follow_iso_years_and_sort_as_strings() -> None:
    # Friday 1 January 2027 is in ISO week 53 of 2026; Monday 4 January 2027 starts 2027-W01
    friday_17 = SummarySchedule(weekday=4, hour=17)
    assert friday_17.slot_due(utc(2027, 1, 1, 16, 59)) == "2026-W52"
    assert friday_17.slot_due(utc(2027, 1, 1, 17, 0)) == "2026-W53"
    assert MONDAY_9.slot_due(utc(2027, 1, 4, 8, 0)) == "2026-W53"
    assert MONDAY_9.slot_due(utc(2027, 1, 4, 9, 0)) == "2027-W01"
    # Monday 29 December 2025 starts 2026-W01
    assert MONDAY_9.slot_due(utc(2025, 12, 29, 9, 0)) == "2026-W01"
    assert MONDAY_9.slot_due(utc(2025, 12, 29, 8, 0)) == "2025-W52"
    weeks = [week_slot((utc(2026, 1, 5, 12) + timedelta(weeks=n)).date()) for n in range(60)]
    assert weeks == sorted(weeks) and len(set(weeks)) == 60
    assert weeks[:2] == ["2026-W02", "2026-W03"] and "2026-W09" < "2026-W10"


def test_each_configured_day_and_hour() -> None:
    for weekday in range(7):
        for hour in (0, 9, 23):
            schedule = SummarySchedule(weekday=weekday, hour=hour)
            due = schedule.due_at(NOW.date())  # winter: UTC is London time
            assert (due.weekday(), due.hour, due.minute) == (weekday, hour, 0)
            assert schedule.slot_due(due) == week_slot(due.date())
            assert schedule.slot_due(due - timedelta(seconds=1)) == week_slot(
                (due - timedelta(days=7)).date()
            )
    with pytest.raises(ValueError, match="weekday"):
        SummarySchedule(weekday=7, hour=9)
    with pytest.raises(ValueError, match="hour"):
        SummarySchedule(weekday=0, hour=24)
    with pytest.raises(ValueError, match="aware"):
        MONDAY_9.slot_due(datetime(2026, 12, 7, 9, 0))


# --- settings ---------------------------------------------------------------------------------


def test_the_summary_settings_default_to_monday_at_nine() -> None:
    settings = Settings.from_env({})
    assert (settings.summary_day, settings.summary_hour) == (0, 9)
    assert schedule_from_settings(settings.summary_day, settings.summary_hour) == MONDAY_9


@pytest.mark.parametrize(
    ("day", "expected"),
    [("friday", 4), ("Fri", 4), (" SUNDAY ", 6), ("tue", 1), ("", 0), ("off", None), ("OFF", None)],
)
def test_the_summary_day_is_read_by_name(day: str, expected: int | None) -> None:
    settings = Settings.from_env({"POLICYBOT_SUMMARY_DAY": day, "POLICYBOT_SUMMARY_HOUR": "17"})
    assert (settings.summary_day, settings.summary_hour) == (expected, 17)
    schedule = schedule_from_settings(settings.summary_day, settings.summary_hour)
    assert schedule is None if expected is None else schedule == SummarySchedule(expected, 17)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"POLICYBOT_SUMMARY_DAY": "someday"}, "monday, tuesday, wednesday, .*sunday.*or off"),
        ({"POLICYBOT_SUMMARY_DAY": "2"}, "POLICYBOT_SUMMARY_DAY must be one of"),
        ({"POLICYBOT_SUMMARY_HOUR": "24"}, "POLICYBOT_SUMMARY_HOUR must be a whole hour 0-23"),
        ({"POLICYBOT_SUMMARY_HOUR": "-1"}, "0-23"),
        ({"POLICYBOT_SUMMARY_HOUR": "9am"}, "0-23"),
    ],
)
def test_a_bad_summary_setting_stops_the_start(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env(env)


def test_the_summary_settings_are_documented() -> None:
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert "`POLICYBOT_SUMMARY_DAY`" in readme and "`POLICYBOT_SUMMARY_HOUR`" in readme


# --- the figures ----------------------------------------------------------------------------


async def test_the_figures_match_the_seeded_week(session_factory: Sessions) -> None:
    await seed(session_factory)
    figures = await gather(session_factory, None, NOW)
    assert (figures.start, figures.until) == (START, NOW)
    assert dict(figures.questions_by_verdict) == EXPECTED_BY_VERDICT
    assert figures.questions_total == 19
    assert figures.unmet_tools == (
        ToolDemand("Midjourney", 3),  # "midjourney" counted with it, shown as most spelt it
        ToolDemand("Character.AI", 2),
        ToolDemand("DeepSeek", 1),  # listed, but the policy wants it approved first
        ToolDemand("Grammarly", 1),  # allowed by its category, but not on the list
        ToolDemand("Otter", 1),  # the question the register's approval covered is not counted
    )
    assert figures.requests_waiting == 2
    assert figures.oldest_request_days == pytest.approx(9 + 1 / 24)
    assert figures.oldest_requests == (
        WaitingRequest("AR-0001", "pending", pytest.approx(9 + 1 / 24)),  # type: ignore[arg-type]
        WaitingRequest("AR-0002", "more_info_requested", 2.0),
    )
    assert figures.incidents_open_total == 3
    assert figures.incidents_open == (
        OpenIncident("INC-0001", "high", "open", NOW - timedelta(days=1)),
        OpenIncident("INC-0003", "low", "mitigated", None),
        OpenIncident("INC-0002", "low", "investigating", NOW + timedelta(days=2)),
    )
    assert figures.board_questions_total == 3
    assert figures.board_questions_waiting == (
        WaitingBoardQuestion("BQ-0003", "asked", 5.0, BOARD_TEXTS["BQ-0003"]),
        WaitingBoardQuestion("BQ-0001", "waiting", 3.0, BOARD_TEXTS["BQ-0001"]),
        WaitingBoardQuestion("BQ-0002", "taken", 1.0, BOARD_TEXTS["BQ-0002"]),
    )
    assert figures.not_right_votes == 4
    assert dict(figures.not_right_by_verdict) == {
        "allowed": 1, "needs_approval": 2, "prohibited": 1,
    }  # fmt: skip
    assert figures.right_votes == 3


async def test_the_figures_can_be_limited_to_one_policy(session_factory: Sessions) -> None:
    await seed(session_factory)
    figures = await gather(session_factory, POLICY, NOW)
    assert dict(figures.questions_by_verdict) == {**EXPECTED_BY_VERDICT, "information": 1}
    assert (figures.questions_total, figures.not_right_votes, figures.right_votes) == (18, 3, 3)
    assert dict(figures.not_right_by_verdict) == {"needs_approval": 2, "prohibited": 1}


async def test_a_shorter_window_and_an_empty_database(session_factory: Sessions) -> None:
    empty = await gather(session_factory, None, NOW)
    assert (empty.questions_total, empty.unmet_tools, empty.requests_waiting) == (0, (), 0)
    assert (empty.oldest_request_days, empty.incidents_open, empty.board_questions_waiting) == (
        None, (), (),
    )  # fmt: skip
    assert (empty.not_right_votes, empty.right_votes) == (0, 0)
    await seed(session_factory)
    day = await gather(session_factory, None, NOW, days=1)
    assert dict(day.questions_by_verdict) == {
        "allowed": 3, "needs_approval": 1, "prohibited": 2, "unclear": 1, "information": 2,
    }  # fmt: skip
    assert day.unmet_tools == (ToolDemand("Character.AI", 2), ToolDemand("Midjourney", 1))


# --- queuing it once ------------------------------------------------------------------------


async def _summaries(sessions: Sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == SUMMARY)
        return list((await session.scalars(query.order_by(OutboxMessage.id))).all())


BASELINE = "2026-W48"  # a deployment that has been running: its last summary a while ago


async def deployed(sessions: Sessions) -> None:
    assert await claim_slot(sessions, SCHEDULE_NAME, BASELINE)


async def test_the_weekly_summary_is_queued_once_per_week(session_factory: Sessions) -> None:
    await deployed(session_factory)
    weekly = WeeklySummary(session_factory, MONDAY_9)
    assert await weekly.run_if_due(NOW) == "2026-W50"
    assert await weekly.run_if_due(NOW + timedelta(minutes=1)) is None
    assert await weekly.run_if_due(NOW + timedelta(days=6)) is None
    (queued,) = await _summaries(session_factory)
    assert (queued.destination, queued.payload) == (
        "governance", {"slot": "2026-W50", "until": NOW.isoformat(), "board": None},
    )  # fmt: skip
    assert await weekly.run_if_due(NOW + timedelta(days=7)) == "2026-W51"
    assert [m.payload["slot"] for m in await _summaries(session_factory)] == [
        "2026-W50", "2026-W51",
    ]  # fmt: skip
    async with session_factory() as session:
        audit = (await session.scalars(select(AuditEntry).order_by(AuditEntry.seq))).all()
    assert [(a.actor_ref, a.action, a.subject_ref, a.details) for a in audit][1:] == [
        ("system:schedule", "schedule.weekly-summary", "schedule:weekly-summary",
         {"slot": "2026-W50"}),
        ("system:schedule", "schedule.weekly-summary", "schedule:weekly-summary",
         {"slot": "2026-W51"}),
    ]  # fmt: skip


async def test_a_restart_does_not_post_the_week_again(session_factory: Sessions) -> None:
    await deployed(session_factory)
    assert await WeeklySummary(session_factory, MONDAY_9).run_if_due(NOW) == "2026-W50"
    restarted = WeeklySummary(session_factory, MONDAY_9)  # a new process, same database
    assert await restarted.run_if_due(NOW + timedelta(hours=2)) is None
    assert len(await _summaries(session_factory)) == 1


async def test_an_instance_down_across_the_hour_posts_once_when_back(
    session_factory: Sessions,
) -> None:
    await deployed(session_factory)
    assert await WeeklySummary(session_factory, MONDAY_9).run_if_due(NOW) == "2026-W50"
    # down from Sunday to Tuesday: Monday 14 December's hour passed while nothing ran
    back = WeeklySummary(session_factory, MONDAY_9)
    tuesday = NOW + timedelta(days=8, hours=3)
    assert await back.run_if_due(tuesday) == "2026-W51"
    assert await back.run_if_due(tuesday + timedelta(minutes=1)) is None
    assert await WeeklySummary(session_factory, MONDAY_9).run_if_due(tuesday) is None
    payloads = [m.payload for m in await _summaries(session_factory)]
    assert payloads[-1] == {"slot": "2026-W51", "until": tuesday.isoformat(), "board": None}
    assert len(payloads) == 2
    # down for three weeks: the missed weeks are not posted one by one, only the latest
    later = NOW + timedelta(days=29)
    assert await WeeklySummary(session_factory, MONDAY_9).run_if_due(later) == "2027-W01"
    assert len(await _summaries(session_factory)) == 3


async def test_a_new_deployment_posts_its_first_summary_at_the_next_hour(
    session_factory: Sessions,
) -> None:
    """Not the moment it first starts: a board that has just set the bot up would get an empty
    "weekly" summary at once. Its first check only records where it starts."""
    weekly = WeeklySummary(session_factory, MONDAY_9)
    assert await weekly.run_if_due(NOW - timedelta(hours=1)) is None
    assert await _summaries(session_factory) == []
    assert await weekly.run_if_due(NOW - timedelta(minutes=1)) is None
    assert await weekly.run_if_due(NOW) == "2026-W50"
    assert len(await _summaries(session_factory)) == 1


async def test_a_claim_that_rolls_back_leaves_the_week_due(session_factory: Sessions) -> None:
    await deployed(session_factory)
    weekly = WeeklySummary(session_factory, MONDAY_9)

    async def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the outbox write failed")

    weekly._enqueue = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        await weekly.run_if_due(NOW)
    async with session_factory() as session:
        run = await session.get(ScheduledRun, SCHEDULE_NAME)
        assert run is not None and run.last_slot == BASELINE
    assert await WeeklySummary(session_factory, MONDAY_9).run_if_due(NOW) == "2026-W50"
    assert len(await _summaries(session_factory)) == 1


async def test_off_means_no_weekly_post_but_on_demand_works(session_factory: Sessions) -> None:
    weekly = WeeklySummary(session_factory, None)
    assert await weekly.run_if_due(NOW) is None
    slot = await weekly.post_now(NOW)
    assert slot == "on-demand-2026-12-07T09:00:00.000000+00:00"
    second = await weekly.post_now(NOW + timedelta(seconds=1), board="swale")
    (first, again) = await _summaries(session_factory)
    assert first.payload == {"slot": slot, "until": NOW.isoformat(), "board": None}
    assert first.destination == "governance"
    assert (again.payload["slot"], again.payload["board"]) == (second, "swale")
    assert again.destination == "governance:swale"
    async with session_factory() as session:
        assert await session.get(ScheduledRun, SCHEDULE_NAME) is None


async def test_on_demand_does_not_use_up_the_week(session_factory: Sessions) -> None:
    await deployed(session_factory)
    weekly = WeeklySummary(session_factory, MONDAY_9)
    await weekly.post_now(NOW)
    assert await weekly.run_if_due(NOW) == "2026-W50"
    assert len(await _summaries(session_factory)) == 2


# --- two instances on PostgreSQL --------------------------------------------------------------


async def _instance_checks(url: str, rounds: int, at: datetime) -> list[str | None]:
    """One instance: its own engine and pool, checking many times at once."""
    engine = create_engine(url, pool_size=5, max_overflow=5)
    try:
        weekly = WeeklySummary(create_session_factory(engine), MONDAY_9)
        return list(await asyncio.gather(*(weekly.run_if_due(at) for _ in range(rounds))))
    finally:
        await engine.dispose()


def _in_a_thread(url: str, rounds: int, at: datetime, results: list[list[str | None]]) -> None:
    """An instance with an event loop of its own, as another process would have."""
    results.append(asyncio.run(_instance_checks(url, rounds, at)))


@pytest.mark.postgres
async def test_instances_on_postgresql_queue_the_week_once(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        await deployed(create_session_factory(engine))
    finally:
        await engine.dispose()
    for week, at in enumerate((NOW, NOW + timedelta(days=7, minutes=3))):
        in_threads: list[list[str | None]] = []
        threads = [
            threading.Thread(target=_in_a_thread, args=(pg_url, 10, at, in_threads))
            for _ in range(2)
        ]
        for thread in threads:
            thread.start()
        here = await asyncio.gather(*(_instance_checks(pg_url, 10, at) for _ in range(2)))
        for thread in threads:
            await asyncio.to_thread(thread.join)
        outcomes = [slot for results in (*here, *in_threads) for slot in results]
        assert len(outcomes) == 40
        assert [slot for slot in outcomes if slot] == [f"2026-W{50 + week}"]
    engine = create_engine(pg_url)
    try:
        sessions = create_session_factory(engine)
        assert [m.payload["slot"] for m in await _summaries(sessions)] == ["2026-W50", "2026-W51"]
        async with sessions() as session:
            actions = await session.scalar(
                select(func.count()).select_from(AuditEntry)
                .where(AuditEntry.action == "schedule.weekly-summary")
            )  # fmt: skip
        assert actions == 3  # the baseline and the two weeks
    finally:
        await engine.dispose()


# --- several boards (docs/boards.md) ------------------------------------------------------------

SWALE = Board("swale", "Swale AI board", frozenset({"aad-s"}), frozenset({"t-swale"}))
BOARDS = Boards(Board(None, "the GenAI governance authority"), [SWALE])


async def _route(sessions: Sessions) -> None:
    """AR-0001 and INC-0002 were Swale's; AR-0002 went to a board since taken out of the file."""
    async with sessions.begin() as session:
        for model, reference, board in (
            (ApprovalRequest, "AR-0001", "swale"),
            (Incident, "INC-0002", "swale"),
            (ApprovalRequest, "AR-0002", "gone"),
        ):
            await session.execute(
                update(model).where(model.reference == reference).values(board=board)
            )


async def test_each_board_sees_its_own_queue_and_the_lead_the_rest(
    session_factory: Sessions,
) -> None:
    await seed(session_factory)
    await _route(session_factory)
    lead = await gather(session_factory, None, NOW, scope=scope_of(BOARDS, None))
    assert [r.reference for r in lead.oldest_requests] == ["AR-0002"]
    assert [i.reference for i in lead.incidents_open] == ["INC-0001", "INC-0003"]
    assert lead.questions_total == sum(EXPECTED_BY_VERDICT.values()) and not lead.board_name
    swale = await gather(session_factory, None, NOW, scope=scope_of(BOARDS, "swale"))
    assert [r.reference for r in swale.oldest_requests] == ["AR-0001"]
    assert [i.reference for i in swale.incidents_open] == ["INC-0002"]
    # the deployment-wide sections are the lead board's
    assert (swale.questions_total, swale.board_questions_total, swale.reviews_due_total) == (
        0, 0, 0,
    )  # fmt: skip
    assert swale.board_name == "Swale AI board"
    everyone = await gather(session_factory, None, NOW)  # one board: everything, as before
    assert everyone.requests_waiting == 2 and everyone.incidents_open_total == 3


async def test_each_board_gets_one_card_a_week_in_its_own_channel(
    session_factory: Sessions,
) -> None:
    await seed(session_factory)
    await _route(session_factory)
    await deployed(session_factory)
    weekly = WeeklySummary(session_factory, MONDAY_9, [None, "swale"])
    assert await weekly.run_if_due(NOW) == "2026-W50"
    assert await weekly.run_if_due(NOW + timedelta(hours=1)) is None
    queued = await _summaries(session_factory)
    assert [(m.destination, m.payload["board"]) for m in queued] == [
        ("governance", None), ("governance:swale", "swale"),
    ]  # fmt: skip
    delivery = FakeDelivery()
    notices = SummaryNotices(delivery, session_factory, load_policy(POLICY), boards=BOARDS)  # type: ignore[arg-type]
    for message in queued:
        await notices.summary(
            Notification(message.id, SUMMARY, message.destination, message.payload, 1)
        )
    swale = delivery.cards[("summary:2026-W50", "governance:swale")]
    assert_valid_card(swale)
    words = _words(swale)
    assert "What waits for Swale AI board, as at Mon 7 Dec 2026, 09:00." in words
    assert "AR-0001" in words and "INC-0002" in words
    assert "AR-0002" not in words and "Unmet demand" not in words and "BQ-0003" not in words
    lead = _words(delivery.cards[("summary:2026-W50", "governance")])
    assert "AR-0002" in lead and "AR-0001" not in lead and "BQ-0003" in lead


def _words(card: dict[str, Any]) -> str:
    """The card's text as read: each block on its own, a rich text's runs joined as shown."""
    found = []
    for element in elements(card):
        if element.get("type") == "TextBlock":
            found.append(str(element.get("text", "")))
        elif element.get("type") == "RichTextBlock":
            found.append("".join(str(run.get("text", "")) for run in element["inlines"]))
    return " | ".join(found)


# --- the outbox's handler ---------------------------------------------------------------------


class FakeDelivery:
    def __init__(self) -> None:
        self.cards: dict[tuple[str, str], dict[str, Any]] = {}
        self.calls: list[tuple[str, str]] = []

    async def post_or_update_card(
        self, subject_ref: str, destination: str, card: dict[str, Any]
    ) -> str:
        self.calls.append((subject_ref, destination))
        self.cards[(subject_ref, destination)] = card
        return "activity-1"


def _notification(payload: dict[str, Any], id_: int = 1) -> Notification:
    return Notification(id=id_, kind=SUMMARY, destination="governance", payload=payload, attempt=1)


async def test_the_handler_draws_the_weeks_card_and_a_retry_updates_it(
    session_factory: Sessions,
) -> None:
    await seed(session_factory)
    delivery = FakeDelivery()
    notices = SummaryNotices(delivery, session_factory, load_policy(POLICY))  # type: ignore[arg-type]
    handler = notices.handlers()[SUMMARY]
    payload = {"slot": "2026-W50", "until": NOW.isoformat()}
    await handler(_notification(payload))
    await handler(_notification(payload))  # a retry after a lost answer from Teams
    assert delivery.calls == [("summary:2026-W50", "governance")] * 2
    card = delivery.cards[("summary:2026-W50", "governance")]
    text = str(card)
    assert "Weekly summary: 30 Nov to 7 Dec 2026" in text
    assert "Midjourney" in text and "BQ-0003" in text and "QTEXT" not in text


async def test_the_handler_titles_an_on_demand_summary(session_factory: Sessions) -> None:
    delivery = FakeDelivery()
    weekly = WeeklySummary(session_factory, None)
    slot = await weekly.post_now(NOW)
    (queued,) = await _summaries(session_factory)
    notices = SummaryNotices(delivery, session_factory, load_policy(POLICY))  # type: ignore[arg-type]
    await notices.summary(_notification(queued.payload))
    ((subject, _),) = delivery.calls
    assert subject == f"summary:{slot}"
    assert "Summary on demand: 30 Nov to 7 Dec 2026" in str(delivery.cards[(subject, "governance")])


@pytest.mark.parametrize(
    "payload",
    [{}, {"slot": "2026-W50"}, {"slot": "2026-W50", "until": "last week"},
     {"slot": "2026-W50", "until": "2026-12-07T09:00:00"}, {"slot": "", "until": "x"}],
)  # fmt: skip
async def test_the_handler_gives_up_on_a_malformed_payload(
    session_factory: Sessions, payload: dict[str, Any]
) -> None:
    notices = SummaryNotices(FakeDelivery(), session_factory, load_policy(POLICY))  # type: ignore[arg-type]
    with pytest.raises(PermanentDeliveryError):
        await notices.summary(_notification(payload))


# --- register reviews (docs/register.md) ------------------------------------------------------


async def _register_with_reviews(sessions: Sessions, today: date) -> dict[str, str]:
    """Entries whose reviews are overdue, near, far, and two no longer in force; by name."""
    entries = RegisterRepository(sessions)
    made = {}
    for name, review in (
        ("Far", today + timedelta(days=200)),
        ("Overdue", today - timedelta(days=40)),
        ("Soon", today + timedelta(days=12)),
        ("Retired", today - timedelta(days=5)),
        ("Withdrawn", today - timedelta(days=5)),
    ):
        new = NewEntry(tool=name, purpose="notes", decision="approved", next_review=review)
        added = await entries.add(new, actor_id="aad-board")
        made[name] = added.reference
    await entries.retire(made["Retired"], version=1, actor_id="aad-board", reason="old")
    await entries.withdraw(made["Withdrawn"], version=1, actor_id="aad-board", reason="error")
    return made


def _review_lines(card: dict[str, Any]) -> list[str]:
    [section] = [
        e
        for e in card["body"]
        if e.get("items") and e["items"][0].get("text") == "Register reviews due"
    ]
    return [
        "".join(run["text"] for run in item["inlines"])
        for item in section["items"]
        if item.get("type") == "RichTextBlock"
    ]


async def test_register_reviews_due_are_in_the_summary_with_one_click_to_confirm(
    session_factory: Sessions,
) -> None:
    now = utcnow()
    today = now.astimezone(LONDON).date()
    made = await _register_with_reviews(session_factory, today)
    figures = await gather(session_factory, POLICY, now + timedelta(minutes=1))
    assert [(r.reference, r.tool) for r in figures.reviews_due] == [
        (made["Overdue"], "Overdue"), (made["Soon"], "Soon"),
    ]  # fmt: skip
    card = summary_card(figures, "Mid-Kent")
    assert_valid_card(card)
    overdue = today - timedelta(days=40)
    soon = today + timedelta(days=12)
    assert _review_lines(card) == [
        f"{made['Overdue']} Overdue · overdue since {overdue.day} {overdue:%b %Y}",
        f"{made['Soon']} Soon · due {soon.day} {soon:%b %Y}",
    ]
    confirm = [
        e for e in elements(card)
        if e.get("type") == "Action.Execute" and e["verb"] == "register.review"
    ]  # fmt: skip
    assert confirm[0]["data"] == {
        "reference": made["Overdue"], "from": "summary", "version": 1, "verb": "register.review",
    }  # fmt: skip

    await RegisterRepository(session_factory).confirm_review(
        made["Overdue"], version=1, actor_id="aad-board"
    )
    later = await gather(session_factory, POLICY, now + timedelta(minutes=2))
    assert [r.tool for r in later.reviews_due] == ["Soon"]


async def test_a_review_due_while_every_instance_was_down_is_in_the_summary_after_a_restart(
    tmp_path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/records.sqlite3"
    engine = create_engine(url)
    await upgrade(engine)
    sessions = create_session_factory(engine)
    await deployed(sessions)
    made = await _register_with_reviews(sessions, utcnow().astimezone(LONDON).date())
    await engine.dispose()  # every instance stops; the summary's hour passes meanwhile

    engine = create_engine(url)  # back: a new process on the same database
    try:
        sessions = create_session_factory(engine)
        back = utcnow()
        slot = await WeeklySummary(sessions, MONDAY_9).run_if_due(back)
        assert slot is not None
        assert await WeeklySummary(sessions, MONDAY_9).run_if_due(back) is None
        (queued,) = await _summaries(sessions)
        delivery = FakeDelivery()
        notices = SummaryNotices(delivery, sessions, load_policy(POLICY))  # type: ignore[arg-type]
        await notices.summary(_notification(queued.payload))
        [card] = delivery.cards.values()
        assert [line.split(" ·")[0] for line in _review_lines(card)] == [
            f"{made['Overdue']} Overdue", f"{made['Soon']} Soon",
        ]  # fmt: skip
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_two_instances_on_postgresql_remind_the_board_of_a_review_once(pg_url: str) -> None:
    engine = create_engine(pg_url)
    try:
        sessions = create_session_factory(engine)
        await deployed(sessions)
        made = await _register_with_reviews(sessions, utcnow().astimezone(LONDON).date())
    finally:
        await engine.dispose()
    at = utcnow()
    in_threads: list[list[str | None]] = []
    thread = threading.Thread(target=_in_a_thread, args=(pg_url, 10, at, in_threads))
    thread.start()
    here = await _instance_checks(pg_url, 10, at)
    await asyncio.to_thread(thread.join)
    assert len([slot for slot in (*here, *in_threads[0]) if slot]) == 1
    engine = create_engine(pg_url)
    try:
        sessions = create_session_factory(engine)
        (queued,) = await _summaries(sessions)
        delivery = FakeDelivery()
        notices = SummaryNotices(delivery, sessions, load_policy(POLICY))  # type: ignore[arg-type]
        await notices.summary(_notification(queued.payload))
        [card] = delivery.cards.values()
        assert sum(made["Overdue"] in line for line in _review_lines(card)) == 1
    finally:
        await engine.dispose()
