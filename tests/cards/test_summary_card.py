"""The board's weekly summary card: valid and within Teams' limit, in the issue's order, counts
and references only (never a question asked of the bot nor a person's name), with the questions
sent to the board shown as their askers wrote them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cards.summary import summary_card, title
from bot.governance.summary import (
    OpenIncident,
    SummaryFigures,
    ToolDemand,
    WaitingBoardQuestion,
    WaitingRequest,
    gather,
)
from knowledge import load_policy
from tests.governance_summary.seed import (
    BOARD_TEXTS,
    NAMES,
    NOW,
    POLICY,
    QUESTION_TEXTS,
    seed,
)

from .card_checks import assert_valid_card, misplaced, run_texts, strings

Sessions = async_sessionmaker[AsyncSession]
POLICY_TITLE = load_policy(POLICY).document.title
MARKDOWN = "**Jo** [click](https://evil.example) <at>all</at> # heading"
HEADINGS = [
    "Questions",
    "Unmet demand",
    "Requests waiting",
    "Incidents open",
    "Questions for the board",
    'Answers voted "not right"',
    "Register reviews due",  # the AI register's (docs/register.md), after the week's figures
]

EMPTY = SummaryFigures(
    start=NOW - timedelta(days=7),
    until=NOW,
    questions_by_verdict={},
    questions_total=0,
    unmet_tools=(),
    requests_waiting=0,
    oldest_request_days=None,
    oldest_requests=(),
    incidents_open_total=0,
    incidents_open=(),
    board_questions_total=0,
    board_questions_waiting=(),
    not_right_votes=0,
    not_right_by_verdict={},
    right_votes=0,
)


def texts(card: dict) -> list[str]:
    return [text for _, text in strings(card)]


def section_headings(card: dict) -> list[str]:
    return [section["items"][0]["text"] for section in card["body"][1:]]


async def test_the_seeded_week_makes_a_valid_card_without_questions_or_names(
    session_factory: Sessions,
) -> None:
    await seed(session_factory)
    card = summary_card(await gather(session_factory, None, NOW), POLICY_TITLE)
    assert_valid_card(card)
    dumped = json.dumps(card, ensure_ascii=False)
    # no question asked of the bot, nor any of its parts, nor any person's name or id
    assert [q for q in QUESTION_TEXTS if q in dumped] == []
    assert "QTEXT" not in dumped and "Hartley" not in dumped
    assert [name for name in NAMES if name in dumped] == []
    assert "Quattlebaum" not in dumped and "aad-" not in dumped
    # the questions people sent to the board are there, with their references
    for reference in ("BQ-0001", "BQ-0002", "BQ-0003"):
        assert reference in dumped and BOARD_TEXTS[reference] in run_texts(card)
    assert "BQ-0004" not in dumped and BOARD_TEXTS["BQ-0004"] not in dumped  # answered


async def test_the_seeded_week_reads_in_the_issues_order(session_factory: Sessions) -> None:
    await seed(session_factory)
    card = summary_card(await gather(session_factory, None, NOW), POLICY_TITLE)
    assert card["body"][0]["items"][0]["text"] == "Weekly summary: 30 Nov to 7 Dec 2026"
    assert section_headings(card) == HEADINGS
    shown = " | ".join(texts(card))
    assert POLICY_TITLE in run_texts(card)
    facts = {
        fact["title"]: fact["value"]
        for section in card["body"][1:]
        for item in section["items"]
        if item["type"] == "FactSet"
        for fact in item["facts"]
    }
    assert facts == {
        "All questions": "19",
        "Allowed": "5",
        "Allowed with conditions": "2",
        "Needs approval": "7",
        "Not allowed": "2",
        "Couldn't tell": "1",
        "About the policy": "2",
        "Waiting": "2",
        "Oldest": "9 days",
        "Open": "3",
        "Not answered yet": "3",
        "Not right": "4",
        "Right": "3",
    }
    assert run_texts(card).count("Midjourney") == 1 and ": 3 questions" in run_texts(card)
    assert "Zapier AI" not in shown  # sixth of the tools tied at one question
    assert "AR-0001 waiting 9 days · Waiting for a decision" in texts(card)
    assert "AR-0002 waiting 2 days · Waiting for the requester to answer a question" in shown
    assert "INC-0001 · severity high · Reported · ICO deadline Sun 6 Dec 2026, 09:00: overdue" in (
        shown
    )
    assert "INC-0002 · severity low · Investigating · ICO deadline Wed 9 Dec 2026, 09:00" in shown
    assert "INC-0003 · severity low · Mitigated" in texts(card)
    assert ", in the 7 days to Mon 7 Dec 2026, 09:00." in run_texts(card)
    assert " · Waiting for the asker to answer · sent 5 days ago" in run_texts(card)
    assert "Not right, by the answer's verdict: Allowed 1, Needs approval 2, Not allowed 1" in shown


def test_people_and_tools_text_is_never_markdown() -> None:
    figures = replace(
        EMPTY,
        unmet_tools=(ToolDemand(MARKDOWN, 2),),
        board_questions_total=1,
        board_questions_waiting=(WaitingBoardQuestion("BQ-0001", "waiting", 2.5, MARKDOWN),),
    )
    card = summary_card(figures, MARKDOWN)
    assert_valid_card(card)
    assert misplaced(card, "evil.example") == []
    assert run_texts(card).count(MARKDOWN) == 3


def test_an_empty_week_says_none_in_each_section() -> None:
    card = summary_card(EMPTY, POLICY_TITLE)
    assert_valid_card(card)
    assert section_headings(card) == HEADINGS
    for section in card["body"][1:]:
        assert [item.get("text") for item in section["items"][1:]] == ["None"]


def test_titles_across_a_year_end_and_on_demand() -> None:
    figures = replace(EMPTY, start=datetime(2026, 12, 28, 9, tzinfo=UTC),
                      until=datetime(2027, 1, 4, 9, tzinfo=UTC))  # fmt: skip
    assert title(figures, on_demand=False) == "Weekly summary: 28 Dec 2026 to 4 Jan 2027"
    summer = replace(EMPTY, start=datetime(2026, 6, 24, 23, 30, tzinfo=UTC),
                     until=datetime(2026, 7, 1, 23, 30, tzinfo=UTC))  # fmt: skip
    # 23:30 UTC is 00:30 the next day in UK summer time
    assert title(summer, on_demand=True) == "Summary on demand: 25 Jun to 2 Jul 2026"
    card = summary_card(summer, POLICY_TITLE, on_demand=True)
    assert card["body"][0]["items"][0]["text"] == "Summary on demand: 25 Jun to 2 Jul 2026"


def test_ages_in_words() -> None:
    figures = replace(
        EMPTY,
        requests_waiting=2,
        oldest_request_days=1.5,
        oldest_requests=(WaitingRequest("AR-0007", "pending", 1.5),
                         WaitingRequest("AR-0008", "pending", 0.2)),
    )  # fmt: skip
    shown = " | ".join(texts(summary_card(figures, POLICY_TITLE)))
    assert "AR-0007 waiting 1 day · Waiting for a decision" in shown
    assert "AR-0008 waiting less than a day" in shown


def test_the_fullest_card_fits_teams_limit() -> None:
    long = "word " * 2000
    figures = replace(
        EMPTY,
        questions_by_verdict={"allowed": 10**6, "some_new_verdict": 3},
        questions_total=10**6 + 3,
        unmet_tools=tuple(ToolDemand(long, 10**5 - n) for n in range(5)),
        requests_waiting=500,
        oldest_request_days=400.0,
        oldest_requests=tuple(WaitingRequest(f"AR-{n:05d}", "pending", 400.0) for n in range(5)),
        incidents_open_total=300,
        incidents_open=tuple(
            OpenIncident(f"INC-{n:05d}", "critical", "investigating", NOW + timedelta(hours=n))
            for n in range(20)
        ),
        board_questions_total=250,
        board_questions_waiting=tuple(
            WaitingBoardQuestion(f"BQ-{n:05d}", "asked", 30.0, "é" * 200) for n in range(10)
        ),
        not_right_votes=9999,
        not_right_by_verdict={"allowed": 9999},
        right_votes=1,
    )
    card = summary_card(figures, long)
    assert_valid_card(card)
    shown = " | ".join(texts(card))
    assert "Some new verdict" in shown
    assert "... and 280 more." in shown and "... and 240 more." in shown
    assert "... and 495 more." in shown and "Oldest=400 days" not in shown


def test_long_lists_are_cut_until_the_card_fits() -> None:
    figures = replace(
        EMPTY,
        incidents_open_total=2000,
        incidents_open=tuple(
            OpenIncident(f"INC-{n:05d}", "high", "open", NOW - timedelta(hours=n))
            for n in range(2000)
        ),
        board_questions_total=2000,
        board_questions_waiting=tuple(
            WaitingBoardQuestion(f"BQ-{n:05d}", "waiting", 3.0, "why " * 500) for n in range(2000)
        ),
    )
    card = summary_card(figures, POLICY_TITLE)
    assert_valid_card(card)
    shown = [text for text in texts(card) if text.startswith("INC-")]
    assert 0 < len(shown) < 2000
    assert f"... and {2000 - len(shown)} more." in texts(card)
    assert all(len(text) <= 200 for text in run_texts(card) if text.startswith("why"))
