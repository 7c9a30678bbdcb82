"""The team welcome in a real deployment with nobody named to run the board (credentials set, so
not local mode): nobody can register a channel yet, and the card says what IT must do. The
running service is always in local mode in tests, so this is driven on the TestAdapter."""

from __future__ import annotations

from typing import Any

from botbuilder.core import ConversationState, MemoryStorage
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount

from bot.cards.welcome import TEAM_GREETING
from bot.governance.authority import Authority
from bot.teams_bot import PolicyBot
from bot.workflows import Workflows
from knowledge import load_policy

from .test_teams_bot import TrackingInteractions, card, texts

POLICY = load_policy("socitm-template")


class NoBoardYet:
    """Stands in for Channels: no channel registered."""

    async def reference(self, destination: str) -> None:
        return None


def deployed_bot(admins: frozenset[str] = frozenset()) -> PolicyBot:
    parts: dict[str, Any] = dict.fromkeys(
        ("approvals", "board", "references", "register", "sessions", "incidents",
         "incident_board", "questions", "question_board", "followups", "weekly", "entries",
         "register_board", "acknowledgements"),
    )  # fmt: skip
    channels: Any = NoBoardYet()
    authority = Authority(frozenset(), channels, parts["references"], admins=admins)
    workflows = Workflows(POLICY, authority=authority, channels=channels, **parts)
    state = ConversationState(MemoryStorage())
    return PolicyBot(POLICY, state, TrackingInteractions(), workflows)  # type: ignore[arg-type]


async def welcome_in_a_team(bot: PolicyBot) -> str:
    adapter = TestAdapter(bot.on_turn)
    added = Activity(
        type=ActivityTypes.conversation_update,
        channel_id="msteams",
        from_property=ChannelAccount(id="29:installer", aad_object_id="aad-installer"),
        recipient=ChannelAccount(id="28:bot", name="policybot"),
        conversation=ConversationAccount(id="19:general@thread.tacv2", conversation_type="channel"),
        members_added=[ChannelAccount(id="28:bot")],
        channel_data={"tenant": {"id": "t"}, "team": {"id": "19:general@thread.tacv2"},
                      "eventType": "teamMemberAdded"},
    )  # fmt: skip
    await adapter.receive_activity(added)
    [welcome] = adapter.activity_buffer
    return texts(card(welcome))


async def test_with_nobody_named_the_welcome_says_what_it_needs() -> None:
    welcome = await welcome_in_a_team(deployed_bot())
    assert TEAM_GREETING in welcome
    assert "Nobody yet: IT must first name the board's administrators in" in welcome
    assert "local trial" not in welcome


async def test_with_an_administrator_named_the_welcome_says_who() -> None:
    welcome = await welcome_in_a_team(deployed_bot(admins=frozenset({"aad-admin"})))
    assert "the administrators and approvers in POLICYBOT_ADMINS or POLICYBOT_APPROVERS" in welcome
