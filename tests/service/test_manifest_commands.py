"""Every command the Teams manifest lists does what it says (issue 14). Picked from Teams' command
list, a command is sent bare ("ask", with an @mention in a channel or group chat) before the
person types anything more; each is sent so, through the running service, in each scope the
manifest lists it for, and must get its own reply, never "Not sure what you mean"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.cards.help import ASK_HEADING
from bot.cards.verdicts import LOOKS
from bot.devtools.client import Person, Reply, TeamsClient, cards_of
from bot.settings import Settings
from knowledge import Verdict

MANIFEST = Path(__file__).parents[2] / "infra" / "teams" / "manifest.template.json"
BOARD_MEMBER = Person(name="Alex Approver")
CHANNEL = "19:governance-board@thread.tacv2"
GROUP_CHAT = "19:library-team-chat@thread.v2"
PRIVATELY = "Let's do that privately"
UNCLEAR = LOOKS[Verdict.UNCLEAR].label  # "Not sure what you mean"

# What each command's reply says first, by scope ("*": any scope).
EXPECTED: dict[str, dict[str, str]] = {
    "help": {"*": "How to use policybot"},
    "ask": {"*": ASK_HEADING},
    "request approval": {"personal": "Request approval", "*": PRIVATELY},
    "report an incident": {"personal": "Report an incident", "*": PRIVATELY},
    "my requests": {"*": "You have no approval requests"},
    "pending requests": {"*": "No approval requests are waiting."},
    "summary": {"*": "Summary on demand"},
    "rulings": {"*": "The board has no standing rulings."},
    "register governance channel": {"team": "Done: approval requests and incident reports"},
}


def manifest_commands() -> list[tuple[str, str]]:
    bot = json.loads(MANIFEST.read_text("utf-8"))["bots"][0]
    return [
        (scope, command["title"])
        for listed in bot["commandLists"]
        for scope in listed["scopes"]
        for command in listed["commands"]
    ]


@pytest.fixture
def local_settings(database_url: str) -> Settings:
    """The person at the keyboard is a named approver, so board commands answer them."""
    return Settings(
        database_url=database_url, port=0, approvers=frozenset({BOARD_MEMBER.aad_object_id})
    )


class GroupChatClient(TeamsClient):
    """A group chat: like a channel, the bot hears only messages that @mention it."""

    def activity(self, kind: str, **fields: Any) -> dict[str, Any]:
        activity = super().activity(kind, **fields)
        activity["conversation"].update(conversationType="groupChat", isGroup=True)
        return activity

    async def say(self, text: str) -> Reply:
        mention = {
            "type": "mention",
            "text": "<at>policybot</at>",
            "mentioned": {"id": self.activity("message")["recipient"]["id"], "name": "policybot"},
        }
        message = self.activity("message", text=f"<at>policybot</at> {text}", entities=[mention])
        return await self.post(message)


def client_for(scope: str, make_client: Any, service: Any, connector: Any, http: Any) -> Any:
    if scope == "personal":
        return make_client(person=BOARD_MEMBER)
    if scope == "team":
        return make_client(person=BOARD_MEMBER, channel_id=CHANNEL)
    client = GroupChatClient(service.url, connector, http, BOARD_MEMBER)
    client.conversation_id = GROUP_CHAT
    return client


def first_words(reply: Reply) -> list[str]:
    """What each reply activity says first: its text, or its card's first TextBlock."""
    said = []
    for activity in reply.activities:
        if activity.get("text"):
            said.append(activity["text"])
        for card in cards_of(activity):
            said.append(next(_text_blocks(card), ""))
    return said


def _text_blocks(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get("type") == "TextBlock":
            yield node["text"]
        for value in node.values():
            yield from _text_blocks(value)
    elif isinstance(node, list):
        for value in node:
            yield from _text_blocks(value)


def test_the_manifest_lists_commands_in_every_scope() -> None:
    scopes = {scope for scope, _ in manifest_commands()}
    assert scopes == {"personal", "team", "groupChat"}
    missing = {title for _, title in manifest_commands()} - set(EXPECTED)
    assert not missing, f"say in EXPECTED what these manifest commands answer: {missing}"


@pytest.mark.parametrize(
    ("scope", "command"), manifest_commands(), ids=[f"{s}:{c}" for s, c in manifest_commands()]
)
async def test_each_command_sent_bare_does_what_it_says(
    scope: str, command: str, make_client, service, connector, http
) -> None:
    client = client_for(scope, make_client, service, connector, http)
    reply = await client.say(command)
    assert reply.status == 200
    said = first_words(reply)
    assert said, f"no reply to {command!r} in {scope}"
    assert not any(UNCLEAR in json.dumps(a) for a in reply.activities), said
    expected = EXPECTED[command].get(scope, EXPECTED[command].get("*"))
    assert expected is not None, f"{command!r} is not expected in {scope}"
    assert said[0].startswith(expected), said


async def test_ask_with_its_question_is_answered(make_client) -> None:
    """Typed after the command, the question is answered as if "ask" were not there."""
    reply = await make_client().say("ask Can I use ChatGPT to draft an email?")
    answer = json.dumps(reply.activities)
    assert "Allowed with conditions" in answer and UNCLEAR not in answer


async def test_bare_ask_in_a_channel_shows_how_to_mention(make_client) -> None:
    reply = await make_client(channel_id=CHANNEL).say("ask")
    [card] = cards_of(reply.activities[0])
    assert "@policybot Can I use ChatGPT to draft an email?" in json.dumps(card)
