"""The router: one list of routes in priority order, read from one `Turn`. Submit and Execute
reach the same routes; without workflows their routes are not there at all."""

from __future__ import annotations

from typing import Any

import pytest
from botbuilder.core import ConversationState, MemoryStorage
from botbuilder.schema import Activity, ActivityTypes, ConversationAccount

from bot.routing import Router, Turn, read_turn
from bot.teams_bot import PolicyBot
from bot.workflows import Workflows
from forms import verbs
from knowledge import load_policy

POLICY = load_policy("socitm-template")


def bot(with_workflows: bool) -> PolicyBot:
    workflows = None
    if with_workflows:
        # Routing needs only the workflows' methods; nothing here reaches a repository.
        parts: dict[str, Any] = dict.fromkeys(
            ("approvals", "board", "authority", "channels", "references", "register",
             "sessions", "incidents", "incident_board", "questions", "question_board",
             "followups", "weekly", "entries",
         "register_board", "acknowledgements"),
        )  # fmt: skip
        workflows = Workflows(POLICY, **parts)
    return PolicyBot(POLICY, ConversationState(MemoryStorage()), None, workflows)  # type: ignore[arg-type]


def message(text: str = "", value: dict[str, Any] | None = None, personal: bool = True) -> Activity:
    kind = "personal" if personal else "channel"
    return Activity(
        type=ActivityTypes.message,
        text=text,
        value=value,
        conversation=ConversationAccount(id="a:1", conversation_type=kind),
    )


def execute(verb: str, data: dict[str, Any]) -> Activity:
    return Activity(
        type=ActivityTypes.invoke,
        name="adaptiveCard/action",
        value={"action": {"type": "Action.Execute", "verb": verb, "data": data}},
        conversation=ConversationAccount(id="a:1", conversation_type="channel"),
    )


@pytest.mark.parametrize(
    ("verb", "route"),
    [
        (verbs.APPROVE, "approval board"),
        (verbs.APPROVAL_REFRESH, "approval board"),
        (verbs.ACKNOWLEDGE, "incident board"),
        (verbs.REQUEST_APPROVAL, "request approval"),
        (verbs.HELP, "help button"),
        ("made.up", "unknown button"),
    ],
)
def test_submit_and_execute_reach_the_same_route(verb: str, route: str) -> None:
    router = bot(with_workflows=True).router
    data = {"reference": "AR-0001"}
    submitted = read_turn(message(value={"verb": verb, **data}, personal=False))
    executed = read_turn(execute(verb, data))
    assert (submitted.verb, dict(submitted.data)) == (executed.verb, dict(executed.data))
    assert router.first(submitted) == router.first(executed) == route


def test_the_priority_order_is_one_list() -> None:
    names = bot(with_workflows=True).router.names
    assert names.index("approval board") < names.index("dialog") < names.index("ask button")
    assert names.index("unknown button") < names.index("my requests") < names.index("help")
    assert names.index("help") < names.index("report command")
    assert names[-1] == "question"


def test_a_board_click_is_never_taken_as_a_dialog_answer() -> None:
    turn = Turn(verb=verbs.REJECT, data={"reference": "AR-1"}, dialog_running=True, personal=True)
    assert bot(with_workflows=True).router.first(turn) == "approval board"


@pytest.mark.parametrize(
    ("text", "route"),
    [
        ("My requests!", "my requests"),
        ("answer AR-0001: it is for the housing team", "answer a request"),
        ("register governance channel", "register channel"),
        ("help", "help"),
        ("report an incident", "report command"),
        ("I want to use Otter for our team meetings", "approval wanted"),
        ("Can I use ChatGPT to draft a press release?", "question"),
    ],
)
def test_typed_messages(text: str, route: str) -> None:
    assert bot(with_workflows=True).router.first(read_turn(message(text))) == route


def test_without_workflows_their_routes_are_not_registered() -> None:
    names = bot(with_workflows=False).router.names
    assert not {"approval board", "incident board", "dialog", "my requests"} & set(names)
    assert {"approval route", "incident route", "question"} <= set(names)
    board_click = read_turn(execute(verbs.APPROVE, {"reference": "AR-1"}))
    assert bot(with_workflows=False).router.first(board_click) == "unknown button"


def test_the_edge_cleans_the_text_once() -> None:
    turn = read_turn(message("<at>policybot</at>  My\x07 Requests? "))
    assert (turn.text, turn.command) == ("My Requests?", "my requests")


def test_a_route_name_is_registered_once() -> None:
    router = Router()
    router.add("question", lambda t: True, lambda *_: None)  # type: ignore[arg-type,return-value]
    with pytest.raises(ValueError, match="already registered"):
        router.add("question", lambda t: True, lambda *_: None)  # type: ignore[arg-type,return-value]
