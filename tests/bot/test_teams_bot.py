"""PolicyBot's behaviour turn by turn, on botbuilder's core TestAdapter (no HTTP, no database):
MemoryStorage for state and a tracking fake for the interaction records."""

from __future__ import annotations

from typing import Any

import pytest
from botbuilder.core import ConversationState, MemoryStorage
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    ChannelAccount,
    ConversationAccount,
    Entity,
)

from bot.teams_bot import PolicyBot, clean, incident_route_text
from knowledge import load_policy

POLICY = load_policy("socitm-template")
ADAPTIVE = "application/vnd.microsoft.card.adaptive"


class TrackingInteractions:
    """Stands in for InteractionRepository: keeps what would have been recorded."""

    def __init__(self) -> None:
        self.recorded: list[Any] = []

    async def record(self, new: Any) -> Any:
        self.recorded.append(new)
        return new

    async def record_deferred(self) -> None:
        """Nothing is deferred here: record() keeps everything at once."""


@pytest.fixture
def interactions() -> TrackingInteractions:
    return TrackingInteractions()


@pytest.fixture
def adapter(interactions: TrackingInteractions) -> TestAdapter:
    state = ConversationState(MemoryStorage())
    bot = PolicyBot(POLICY, state, interactions)  # type: ignore[arg-type]
    template = Activity(
        channel_id="msteams",
        service_url="https://smba.trafficmanager.net/uk/",
        from_property=ChannelAccount(id="29:user", name="Sam", aad_object_id="aad-user-1"),
        recipient=ChannelAccount(id="28:bot", name="policybot"),
        conversation=ConversationAccount(id="a:conversation"),
    )
    return TestAdapter(bot.on_turn, template)


def card(activity: Activity) -> dict[str, Any]:
    [attachment] = activity.attachments
    assert attachment.content_type == ADAPTIVE
    return attachment.content


def texts(node: Any) -> str:
    """Every string in a card, joined: enough to look for words."""
    if isinstance(node, dict):
        return " ".join(texts(v) for v in node.values())
    if isinstance(node, list):
        return " ".join(texts(v) for v in node)
    return node if isinstance(node, str) else ""


async def say(adapter: TestAdapter, activity: Activity | str) -> list[Activity]:
    before = len(adapter.activity_buffer)
    await adapter.receive_activity(activity)
    return adapter.activity_buffer[before:]


async def test_a_question_is_answered_with_a_card_and_recorded(
    adapter: TestAdapter, interactions: TrackingInteractions
) -> None:
    [reply] = await say(adapter, "Can I use Midjourney to make a poster?")
    rendered = texts(card(reply))
    assert "Needs approval" in rendered and "Midjourney" in rendered
    [record] = interactions.recorded
    assert record.user_id == "aad-user-1"
    assert record.verdict == "needs_approval"
    assert record.decision["tool"]["name"] == "Midjourney"


async def test_follow_ups_use_the_conversation_thread(adapter: TestAdapter) -> None:
    await say(adapter, "Can I use ChatGPT to draft emails?")
    [reply] = await say(adapter, "what about with Copilot?")
    rendered = texts(card(reply))
    assert "Copilot" in rendered and "Allowed with conditions" in rendered


async def test_the_bots_mention_is_taken_out(adapter: TestAdapter) -> None:
    activity = Activity(
        type=ActivityTypes.message,
        text="<at>policybot</at> Can I use Claude to write code?",
        # As the Bot Connector delivers it: a generic Entity, as deserialised from the wire.
        entities=[
            Entity().deserialize(
                {
                    "type": "mention",
                    "text": "<at>policybot</at>",
                    "mentioned": {"id": "28:bot", "name": "policybot"},
                }
            )
        ],
    )
    [reply] = await say(adapter, activity)
    assert "<at>" not in texts(card(reply))
    assert "Claude" in texts(card(reply))


@pytest.mark.parametrize("message", ["help", "Hi!", "", "   "])
async def test_help(adapter: TestAdapter, message: str) -> None:
    [reply] = await say(adapter, Activity(type=ActivityTypes.message, text=message))
    assert "Request approval" in texts(card(reply))


async def test_card_buttons(adapter: TestAdapter, interactions: TrackingInteractions) -> None:
    [ask] = await say(
        adapter, Activity(type="message", value={"verb": "ask", "text": "who owns this policy?"})
    )
    assert "About the policy" in texts(card(ask))
    [approval] = await say(
        adapter, Activity(type="message", value={"verb": "request_approval", "tool": "Otter"})
    )
    assert "the GenAI governance authority" in approval.text and "Otter" in approval.text
    [incident] = await say(adapter, Activity(type="message", value={"verb": "report_incident"}))
    assert "Don't delete anything" in incident.text
    [unknown] = await say(adapter, Activity(type="message", value={"verb": "launch_missiles"}))
    assert "Request approval" in texts(card(unknown))  # the help card
    assert len(interactions.recorded) == 1  # only the question was a question


async def test_action_execute_reads_the_action_as_a_dict(adapter: TestAdapter) -> None:
    """botbuilder 4.17.1 hands `value.action` over as a plain dict; `.verb` would raise."""
    invoke = Activity(
        type=ActivityTypes.invoke,
        name="adaptiveCard/action",
        value={
            "action": {
                "type": "Action.Execute",
                "verb": "ask",
                "data": {"text": "Can I use Gemini?"},
            }
        },
    )
    replies = await say(adapter, invoke)
    response = next(a for a in replies if a.type == "invokeResponse")
    assert response.value.status == 200
    assert response.value.body["statusCode"] == 200
    assert any(a.attachments for a in replies if a.type == "message")
    bad = Activity(type=ActivityTypes.invoke, name="adaptiveCard/action", value={"action": {}})
    response = next(a for a in await say(adapter, bad) if a.type == "invokeResponse")
    assert response.value.status == 400


async def test_welcome_once_when_the_bot_joins(adapter: TestAdapter) -> None:
    joined = Activity(
        type=ActivityTypes.conversation_update,
        members_added=[ChannelAccount(id="28:bot"), ChannelAccount(id="29:user")],
        channel_data={"tenant": {"id": "tenant-1"}},
    )
    [welcome] = await say(adapter, joined)
    assert "not generative AI" in texts(card(welcome))
    assert await say(adapter, joined) == []
    someone_else = Activity(
        type=ActivityTypes.conversation_update,
        members_added=[ChannelAccount(id="29:other")],
        channel_data={"tenant": {"id": "tenant-1"}},
    )
    assert await say(adapter, someone_else) == []


def test_clean_removes_control_characters_mentions_and_excess() -> None:
    assert clean("<at>policybot</at>  can\x00 I\x1b use\tit?") == "can I use it?"
    assert len(clean("x" * 10_000)) == 4000


def test_the_incident_route_says_an_honest_mistake_carries_no_penalty_once() -> None:
    # Mid-Kent's flag says it; its route text no longer says it as well
    text = incident_route_text(load_policy("mid-kent"))
    assert text.lower().count("no penalty") == 1
    assert "Attempting to conceal an incident is misconduct." in text
