"""A database seeded with a known week, shared by the summary's figure and card tests.

Every question asked of the bot and every person's name is distinctive (QTEXT-..., the
Quattlebaums), so a test can show none of them reaches the card; the questions sent to the
board (BOARDQ-...) may, since the askers agreed to share them with the board."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.models import AnswerVote, ApprovalRequest, BoardQuestion, Incident, Interaction

# Monday 7 December 2026, 09:00 in London (GMT): the summary's window is the week before.
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
START = NOW - timedelta(days=7)
POLICY = "mid-kent"
NAMES = ("Zebedee Quattlebaum", "Philomena Quattlebaum", "Ignatius Quattlebaum")
BOARD_TEXTS = {
    "BQ-0001": "BOARDQ-1 Is it fine to use Gemini for translating leaflets into Polish?",
    "BQ-0002": "BOARDQ-2 Can the planning team use Copilot on draft committee reports?",
    "BQ-0003": "BOARDQ-3 Does the ban on public chatbots cover DeepL for press releases?",
    "BQ-0004": "BOARDQ-4 Already answered: may we use Otter in public meetings?",
}


def tool(name: str, status: str, listed: bool) -> dict[str, Any]:
    return {"name": name, "status": status, "matched": name, "score": 100.0, "listed": listed}


# (verdict, tool, register, created_at, policy_id): the interactions the figures count
ROWS: list[tuple[str, dict[str, Any] | None, dict[str, Any] | None, datetime, str]] = [
    *[("allowed", tool("ChatGPT", "approved", True), None, NOW - timedelta(days=1), POLICY)] * 3,
    # an unlisted tool the policy's category allows is still not on the list: unmet demand
    ("allowed", tool("Grammarly", "approved", False), None, NOW - timedelta(days=2), POLICY),
    ("allowed", None, None, START, POLICY),  # the window's first moment is in it
    *[("allowed_with_conditions", tool("Microsoft Copilot", "approved_with_conditions", True),
       None, NOW - timedelta(days=3), POLICY)] * 2,
    ("needs_approval", tool("Midjourney", "requires_approval", False), None,
     NOW - timedelta(days=1), POLICY),
    ("needs_approval", tool("Midjourney", "requires_approval", False), None,
     NOW - timedelta(days=2), POLICY),
    ("needs_approval", tool("midjourney", "requires_approval", False), None,
     NOW - timedelta(days=4), POLICY),
    ("needs_approval", tool("DeepSeek", "requires_approval", True), None,
     NOW - timedelta(days=5), POLICY),
    # covered by an approval in the register: the board has met this demand
    ("needs_approval", tool("Otter", "requires_approval", False),
     {"reference": "AR-0009", "decision": "approved", "covers": True},
     NOW - timedelta(days=2), POLICY),
    # a rejection leaves the demand unmet
    ("needs_approval", tool("Otter", "requires_approval", False),
     {"reference": "AR-0010", "decision": "rejected", "covers": True},
     NOW - timedelta(days=2), POLICY),
    ("needs_approval", tool("Zapier AI", "requires_approval", False), None,
     NOW - timedelta(days=6), POLICY),  # sixth of the tools tied at 1: cut by the top 5
    *[("prohibited", tool("Character.AI", "prohibited", True), None,
       NOW - timedelta(hours=5), POLICY)] * 2,
    ("unclear", None, None, NOW - timedelta(hours=1), POLICY),
    ("information", None, None, NOW - timedelta(minutes=1), POLICY),
    ("information", None, None, NOW - timedelta(days=1), "other-policy"),
    # outside the window: before it, and at its end (the end is not in it)
    ("needs_approval", tool("Midjourney", "requires_approval", False), None,
     START - timedelta(seconds=1), POLICY),
    ("prohibited", tool("Character.AI", "prohibited", True), None, NOW, POLICY),
]  # fmt: skip

QUESTION_TEXTS = [
    f"QTEXT-{index} can {NAMES[index % 3]} use this tool for the Hartley case?"
    for index in range(len(ROWS))
]

EXPECTED_BY_VERDICT = {
    "allowed": 5,
    "allowed_with_conditions": 2,
    "needs_approval": 7,
    "prohibited": 2,
    "unclear": 1,
    "information": 2,
}


def _decision(verdict: str, found: dict[str, Any] | None, register: Any, question: str) -> Any:
    if found is None and verdict == "information":
        return None  # some answers store no decision at all
    # the engine's whole Decision.to_json() holds the question: the summary must not read it
    return {"verdict": verdict, "question": question, "answer": f"Answer to {question}",
            "tool": found, "register": register}  # fmt: skip


async def seed(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        for index, (verdict, found, register, at, policy) in enumerate(ROWS):
            question = QUESTION_TEXTS[index]
            session.add(
                Interaction(
                    created_at=at,
                    user_id=f"aad-{NAMES[index % 3]}",
                    conversation_id="19:chat",
                    question=question,
                    answer=f"Answer to {question}",
                    verdict=verdict,
                    policy_id=policy,
                    policy_version="2026-11",
                    decision=_decision(verdict, found, register, question),
                )
            )
        for reference, status, age in (
            ("AR-0001", "pending", timedelta(days=9, hours=1)),
            ("AR-0002", "more_info_requested", timedelta(days=2)),
            ("AR-0003", "decided", timedelta(days=20)),
            ("AR-0004", "pending", -timedelta(hours=1)),  # made after the window's end
        ):
            session.add(
                ApprovalRequest(
                    reference=reference, created_at=NOW - age, updated_at=NOW - age,
                    requester_id="aad-zq", requester_name=NAMES[0], tool="Midjourney",
                    purpose="QTEXT-purpose posters for the Hartley case",
                    data_description="QTEXT-data", data_classification="public",
                    expected_output="posters", output_use="printed", status=status,
                )
            )  # fmt: skip
        for reference, status, personal, age in (
            ("INC-0001", "open", "yes", timedelta(days=4)),  # ICO deadline passed
            ("INC-0002", "investigating", "not_sure", timedelta(days=1)),
            ("INC-0003", "mitigated", "no", timedelta(days=2)),
            ("INC-0004", "closed", "yes", timedelta(days=3)),
        ):
            session.add(
                Incident(
                    reference=reference, created_at=NOW - age, updated_at=NOW - age,
                    reporter_id="aad-pq", reporter_name=NAMES[1],
                    description=f"QTEXT-incident {NAMES[2]} pasted an address",
                    severity="high" if personal == "yes" else "low", status=status,
                    personal_data=personal, data_subjects=f"QTEXT-subjects {NAMES[2]}",
                )
            )  # fmt: skip
        for reference, status, age in (
            ("BQ-0001", "waiting", timedelta(days=3)),
            ("BQ-0002", "taken", timedelta(days=1)),
            ("BQ-0003", "asked", timedelta(days=5)),
            ("BQ-0004", "answered", timedelta(days=6)),
        ):
            session.add(
                BoardQuestion(
                    reference=reference, created_at=NOW - age, updated_at=NOW - age,
                    asker_id="aad-iq", asker_name=NAMES[2], question=BOARD_TEXTS[reference],
                    note=f"QTEXT-note from {NAMES[2]}", policy_id=POLICY,
                    policy_version="2026-11", bot_verdict="unclear",
                    bot_answer="QTEXT-bot-answer", taken_by_name=NAMES[0] if status != "waiting"
                    else None, status=status,
                )
            )  # fmt: skip
        votes = [
            ("not_right", "needs_approval", NOW - timedelta(days=1), POLICY),
            ("not_right", "needs_approval", NOW - timedelta(days=2), POLICY),
            ("not_right", "prohibited", NOW - timedelta(days=3), POLICY),
            ("right", "allowed", NOW - timedelta(days=1), POLICY),
            ("right", "allowed", NOW - timedelta(days=2), POLICY),
            ("right", "allowed_with_conditions", NOW - timedelta(days=2), POLICY),
            ("not_right", "allowed", NOW - timedelta(days=1), "other-policy"),
            ("not_right", "allowed", NOW - timedelta(days=10), POLICY),  # before the window
        ]
        for index, (vote, verdict, at, policy) in enumerate(votes):
            session.add(
                AnswerVote(
                    created_at=at, updated_at=at, answer_key=f"key{index}", user_id="aad-zq",
                    vote=vote, comment=f"QTEXT-comment {NAMES[0]}", verdict=verdict,
                    policy_id=policy,
                )
            )  # fmt: skip
