"""Policy acknowledgement end to end over real HTTP, for a policy that turns it on: the first
question's answer comes first, then "have you read it?" once; "I've read it" is kept against
the signed-in person; the board's summary shows the rate; a policy that does not ask never does."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.devtools.client import Person, cards_of
from bot.devtools.fake_connector import FakeConnector
from bot.settings import Settings
from tests.service.test_approval_board import APPROVER, BOARD_CHANNEL, text_of

READER = Person(name="Rae Reader")
ASKS = """\
schema_version: 1
id: asks-borough
extends: socitm-template
title: Asks Borough GenAI policy
version: "2026-12"
organisation:
  name: Asks Borough Council
  governance_authority: {name: the Asks Borough AI Board}
  approver: {name: the Asks Borough AI Board}
acknowledgement:
  enabled: true
  link: https://intranet.example.gov.uk/ai-policy
  cites: ["17"]
"""


@pytest.fixture
def local_settings(database_url: str, tmp_path: Path) -> Settings:
    policy = tmp_path / "asks-borough.yaml"
    policy.write_text(ASKS, encoding="utf-8")
    return Settings(
        database_url=database_url,
        port=0,
        policy=str(policy),
        approvers=frozenset({APPROVER.aad_object_id}),
    )


def cards(reply) -> list[dict]:
    return [card for activity in reply.activities for card in cards_of(activity)]


async def test_the_first_answer_is_followed_once_by_have_you_read_it(
    service, make_client, connector: FakeConnector
) -> None:
    chat = make_client(person=READER)
    first = await chat.say("Can I use ChatGPT to draft an email to my team?")
    answer, asked = cards(first)
    assert text_of(answer).startswith("Allowed with conditions")  # the answer comes first
    assert "The policy you work under" in text_of(asked)
    assert "Asks Borough GenAI policy" in text_of(asked)
    [read, done] = asked["actions"]
    assert (read["type"], read["url"]) == (
        "Action.OpenUrl", "https://intranet.example.gov.uk/ai-policy",
    )  # fmt: skip
    assert done["data"] == {
        "policy_id": "asks-borough", "policy_version": "2026-12", "verb": "policy.acknowledge",
    }  # fmt: skip
    second = await chat.say("Can I use ChatGPT to summarise a published report?")
    assert len(cards(second)) == 1  # asked once

    pressed = await chat.execute("policy.acknowledge", done["data"])
    assert pressed.status == 200
    assert "recorded that you have read" in text_of(pressed.body["value"])
    forged = await chat.execute(
        "policy.acknowledge", {"policy_id": "another-policy", "policy_version": "1"}
    )
    assert forged.status == 400

    board = make_client(person=APPROVER, channel_id=BOARD_CHANNEL)
    summary = await board.say("summary")
    [card] = cards(summary)
    shown = text_of(card)
    assert "Policy read" in shown and "Version: 2026-12" in shown
    assert "Asked 1" in shown and "Said they had read it 1 (100%)" in shown
