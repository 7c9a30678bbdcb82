"""Two service instances on one real PostgreSQL, each relaying the outbox: a board card is
posted once and then only updated, however the two relays share out the notifications about it
(issue 13: check-then-act in post_or_update_card posted a card twice in 2 of 20 rounds)."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from bot.app import SERVICE
from bot.devtools.client import TeamsClient
from bot.devtools.fake_connector import FakeConnector
from bot.governance.summary import SCHEDULE_NAME
from bot.records.approvals import Decision, NewApprovalRequest
from bot.records.db import create_engine, create_session_factory
from bot.records.schedules import claim_slot
from bot.settings import Settings

from .conftest import running
from .test_approval_board import APPROVER, BOARD_CHANNEL, REQUESTER, said, text_of

ROUNDS = 40

pytestmark = pytest.mark.postgres


@pytest.fixture
def database_url(pg_url: str) -> str:
    return pg_url


async def test_two_relays_post_each_board_card_once_then_only_update_it(
    database_url: str, connector: FakeConnector, http
) -> None:
    settings = Settings(
        database_url=database_url,
        port=0,
        approvers=frozenset({APPROVER.aad_object_id}),
        outbox_poll_seconds=0.02,
    )
    connector.latency = 0.1  # widens the window between "no card yet" and "card saved"
    async with running(settings, 2) as (first, second):
        board = TeamsClient(first.url, connector, http, APPROVER, channel_id=BOARD_CHANNEL)
        assert "Done" in (await board.say("register governance channel")).activities[0]["text"]
        a, b = first.app[SERVICE].workflows, second.app[SERVICE].workflows
        references = []
        for round_ in range(ROUNDS):
            # created on one instance and decided on the other before either relay runs, so
            # the "requested" and "decided" notifications are due together
            request = await a.approvals.create(
                NewApprovalRequest(
                    requester_id=REQUESTER.aad_object_id,
                    requester_name=REQUESTER.name,
                    tool=f"Tool {round_}",
                    purpose="make posters",
                    data_description="event details",
                    data_classification="public",
                    expected_output="posters",
                    output_use="printed",
                )
            )
            await b.approvals.decide(
                request.reference,
                decision=Decision.APPROVED,
                decided_by=APPROVER.aad_object_id,
                decided_by_name=APPROVER.name,
            )
            references.append(request.reference)
            a.wake()
            b.wake()

        def decided_everywhere() -> bool:
            shown = text_of(
                [act for act in connector.activities.values()
                 if act.get("conversation", {}).get("id", "").startswith(BOARD_CHANNEL)]
            )  # fmt: skip
            return all(f"Approval request {r} Approved" in shown for r in references)

        await connector.wait_for(lambda _: decided_everywhere(), timeout=60)
        await asyncio.sleep(0.5)  # a late duplicate would arrive now
        posts = Counter(
            reference
            for received in connector.received
            if received.action == "send" and received.conversation_id.startswith(BOARD_CHANNEL)
            for reference in references
            if f"Approval request {reference}" in text_of(received.activity)
        )
        assert posts == Counter({reference: 1 for reference in references})


async def test_two_instances_delivering_one_card_at_the_same_moment_post_it_once(
    database_url: str, connector: FakeConnector, http
) -> None:
    """The race itself, without leaving it to the relays' timing: both instances are asked to
    show the same subject's card at once, while Teams takes a moment to answer each post."""
    settings = Settings(database_url=database_url, port=0, outbox_poll_seconds=60)
    async with running(settings, 2) as (first, second):
        board = TeamsClient(first.url, connector, http, APPROVER, channel_id=BOARD_CHANNEL)
        assert "Done" in (await board.say("register governance channel")).activities[0]["text"]
        connector.latency = 0.2
        deliveries = [first.app[SERVICE].delivery, second.app[SERVICE].delivery]
        card = {"type": "AdaptiveCard", "version": "1.5", "body": []}
        for round_ in range(5):
            subject = f"approval:AR-{round_:04d}"
            outcomes = await asyncio.gather(
                *(d.post_or_update_card(subject, "governance", card) for d in deliveries),
                return_exceptions=True,
            )
            # one posts; the other is told to come back once the card exists, and then updates
            waiting = [o for o in outcomes if isinstance(o, Exception)]
            assert len(waiting) <= 1 and all("being posted" in str(w) for w in waiting)
            if waiting:
                await deliveries[0].post_or_update_card(subject, "governance", card)
        sends = [
            r for r in connector.received if r.action == "send" and r.activity.get("attachments")
        ]
        assert len(sends) == 5


async def test_submits_of_one_request_split_between_two_instances_make_one_request(
    database_url: str, connector: FakeConnector, http
) -> None:
    from sqlalchemy import func, select

    from bot.devtools.client import Person
    from bot.records.models import ApprovalRequest

    from .test_approval_request_flow import button, last_words

    settings = Settings(database_url=database_url, port=0, outbox_poll_seconds=60)
    async with running(settings, 2) as (first, second):
        person = Person(name="Sam Requester")
        on_first = TeamsClient(first.url, connector, http, person)
        on_second = TeamsClient(second.url, connector, http, person)
        on_second.conversation_id = on_first.conversation_id
        await on_first.say("request approval for Midjourney to make posters for library events")
        await on_first.say("event titles, dates and venues")
        await on_first.say("public")
        for answer in ("poster images", "printed and put up in our libraries", "skip"):
            summary = await on_first.say(answer)
        assert "Check your approval request" in last_words(summary.activities)
        submit = button(summary.activities, "Submit request")
        replies = await asyncio.gather(
            *(client.submit(dict(submit)) for _ in range(3) for client in (on_first, on_second))
        )
        assert all(r.status == 200 for r in replies)
        said = " ".join(last_words(r.activities) for r in replies)
        assert "AR-0001" in said and "AR-0002" not in said
        async with first.app[SERVICE].engine.connect() as conn:
            assert await conn.scalar(select(func.count()).select_from(ApprovalRequest)) == 1


async def test_messages_of_one_conversation_split_between_two_instances_each_get_one_answer(
    database_url: str, connector: FakeConnector, http
) -> None:
    """Each instance runs a conversation's turns one at a time, but two instances can run two of
    its turns at once: the later state write meets an eTag conflict, and must re-read and re-apply
    what its turn changed, not end in an error card that loses the turn's state."""
    import json

    from .test_concurrent_turns import QUESTIONS
    from .test_conversation import interactions

    settings = Settings(database_url=database_url, port=0, outbox_poll_seconds=60)
    async with running(settings, 2) as (first, second):
        on_first = TeamsClient(first.url, connector, http)
        on_second = TeamsClient(second.url, connector, http)
        on_second.conversation_id = on_first.conversation_id
        clients = [on_first, on_second] * (len(QUESTIONS) // 2)
        replies = await asyncio.gather(
            *(
                c.post(c.activity("message", text=q))
                for c, q in zip(clients, QUESTIONS, strict=True)
            )
        )
        assert all(r.status == 200 for r in replies)
        await asyncio.sleep(0.2)
        here = on_first.conversation_id
        sent = [r.activity for r in connector.received if r.conversation_id == here]
        assert "Something went wrong" not in json.dumps(sent)
        assert len(sent) == len(QUESTIONS)
        assert sorted(r["question"] for r in await interactions(first)) == sorted(QUESTIONS)
        # the state of the last write survived: a follow-up is read against a question answered
        follow = await on_second.say("what about Copilot?")
        assert "Copilot" in json.dumps(follow.activities)


async def test_the_weekly_summary_is_posted_once_by_two_instances_and_not_again_after_a_restart(
    database_url: str, connector: FakeConnector, http
) -> None:
    """Both instances' pumps find the week's summary due on their periodic pass; the slot is
    claimed in the database, so one card is posted. Restarted, they find the slot taken."""
    settings = Settings(
        database_url=database_url,
        port=0,
        approvers=frozenset({APPROVER.aad_object_id}),
        outbox_poll_seconds=0.02,  # a periodic pass every 0.3 s
    )

    def summaries() -> list[dict]:
        return [r.activity for r in connector.received if r.action == "send"
                and r.conversation_id.startswith(BOARD_CHANNEL)
                and "Weekly summary" in text_of(r.activity)]  # fmt: skip

    engine = create_engine(database_url)
    try:  # a deployment whose last summary was long ago: this week's is due
        assert await claim_slot(create_session_factory(engine), SCHEDULE_NAME, "2026-W01")
    finally:
        await engine.dispose()
    async with running(settings, 2) as (first, _):
        board = TeamsClient(first.url, connector, http, APPROVER, channel_id=BOARD_CHANNEL)
        assert "Done" in said(await board.say("register governance channel"))
        await connector.wait_for(lambda _: bool(summaries()), timeout=30)
        await asyncio.sleep(1.5)  # several more periodic passes on both instances
    async with running(settings, 2):
        await asyncio.sleep(1.5)
    assert len(summaries()) == 1
