"""Turns of one conversation arriving together (issue 13): ten messages at once each get one
answer and no false error card, and five Submits of one request make one request."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import func, select

from bot.app import SERVICE
from bot.devtools.client import Person, cards_of
from bot.devtools.fake_connector import FakeConnector
from bot.records.models import ApprovalRequest
from tests.service.conftest import RunningService

from .test_approval_request_flow import button, last_words
from .test_conversation import interactions

QUESTIONS = [f"Can I use ChatGPT to draft the {topic} newsletter?" for topic in (
    "spring", "summer", "autumn", "winter", "parks", "libraries", "waste", "housing", "leisure",
    "planning",
)]  # fmt: skip


async def test_ten_messages_at_once_get_ten_answers_and_no_error(
    make_client, service: RunningService, connector: FakeConnector
) -> None:
    client = make_client()
    activities = [client.activity("message", text=q) for q in QUESTIONS]
    replies = await asyncio.gather(*(client.post(a) for a in activities))
    assert all(r.status == 200 for r in replies)
    await asyncio.sleep(0.2)
    sent = [r.activity for r in connector.received if r.conversation_id == client.conversation_id]
    assert len(sent) == 10
    assert "Something went wrong" not in json.dumps(sent)
    assert sorted(r["question"] for r in await interactions(service)) == sorted(QUESTIONS)
    # the thread was kept: a follow-up is read against the last question answered
    follow = await client.say("what about Copilot?")
    assert "Copilot" in json.dumps(follow.activities)


async def test_five_submits_of_one_request_at_once_make_one_request(
    make_client, service: RunningService, connector: FakeConnector
) -> None:
    client = make_client(person=Person(name="Sam Requester"))
    await client.say("request approval for Midjourney to make posters for library events")
    await client.say("event titles, dates and venues")
    kinds = await client.say("public")
    for answer in ("poster images", "printed and put up in our libraries", "skip"):
        summary = await client.say(answer)
    assert "Check your approval request" in last_words(summary.activities), last_words(
        kinds.activities
    )
    submit = button(summary.activities, "Submit request")
    replies = await asyncio.gather(*(client.submit(dict(submit)) for _ in range(5)))
    assert all(r.status == 200 for r in replies)
    said = " ".join(last_words(r.activities) for r in replies)
    assert said.count("AR-0001") >= 1 and "AR-0002" not in said
    assert "Something went wrong" not in said
    async with service.app[SERVICE].engine.connect() as conn:
        assert await conn.scalar(select(func.count()).select_from(ApprovalRequest)) == 1
    assert not [c for r in replies for a in r.activities for c in cards_of(a) if "error" in str(c)]
