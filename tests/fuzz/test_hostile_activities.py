"""Every field of an activity distrusted (issue 13): activities with hostile or wrong-typed
fields, drawn by hypothesis, sent over real HTTP to the running service. None may get a 5xx
(except the SDK's 501 for an invoke it does not know), none may crash a turn (no "turn failed"
logged), and an answered question with unstorable text is still recorded."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text as sql

from bot.app import SERVICE
from bot.devtools.client import BOT_ID, Person
from bot.devtools.fake_connector import FakeConnector
from bot.settings import Settings
from tests.service.conftest import RunningService

PERSON = Person(name="Fuzz Person")


@dataclass
class Live:
    run: Callable[[Coroutine[Any, Any, Any]], Any]
    service: RunningService
    connector: FakeConnector
    session: aiohttp.ClientSession
    errors: list[logging.LogRecord] = field(default_factory=list)

    def post(self, body: Any) -> int:
        async def send() -> int:
            url = self.service.url + "/api/messages"
            async with self.session.post(url, json=body) as response:
                await response.read()
                return response.status

        return int(self.run(send()))


class _Errors(logging.Handler):
    def __init__(self, into: list[logging.LogRecord]) -> None:
        super().__init__(logging.ERROR)
        self.into = into

    def emit(self, record: logging.LogRecord) -> None:
        self.into.append(record)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """One service for all examples, on an event loop of its own (hypothesis runs sync)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, loop).result(60)

    database = tmp_path_factory.mktemp("fuzz") / "policybot.sqlite3"
    connector = FakeConnector()
    run(connector.start())
    service = RunningService(
        Settings(database_url=f"sqlite+aiosqlite:///{database}", port=0, outbox_poll_seconds=0.2)
    )
    run(service.start())

    async def open_session() -> aiohttp.ClientSession:
        return aiohttp.ClientSession()

    session = run(open_session())
    errors: list[logging.LogRecord] = []
    handler = _Errors(errors)
    logging.getLogger().addHandler(handler)
    try:
        yield Live(run, service, connector, session, errors)
    finally:
        logging.getLogger().removeHandler(handler)
        run(session.close())
        run(service.stop())
        run(connector.stop())
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
        loop.close()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
HOSTILE_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(categories=["Cs", "Cc", "Zs", "So"]), max_size=20),  # lone surrogates
    st.sampled_from(
        ["", " ", "help", "cancel", "approve AR-0001", "register governance channel", "\u0000",
         "Can I use ChatGPT to draft emails?", "add to INC-0001: x", "\ud83d"]
    ),
)  # fmt: skip
IDS = st.one_of(st.text(min_size=1, max_size=30), st.sampled_from(["a:1", "19:x;messageid=1"]))


def _account(person: bool) -> st.SearchStrategy[Any]:
    good = PERSON.account() if person else {"id": BOT_ID, "name": "policybot"}
    return st.one_of(
        st.just(good),
        st.none(),
        st.builds(lambda i: {**good, "id": i}, IDS),
        st.builds(lambda n: {**good, "name": n}, JSON),
        st.builds(lambda a: {**good, "aadObjectId": a}, JSON),
        JSON,
    )


MENTION = {"type": "mention", "text": "<at>policybot</at>", "mentioned": {"id": BOT_ID}}
ENTITIES = st.one_of(
    st.none(),
    st.just([MENTION]),
    st.lists(st.one_of(st.just({"type": "mention"}), st.none(), JSON,
                       st.builds(lambda m: {"type": "mention", "mentioned": m}, JSON)), max_size=3),
    JSON,
)  # fmt: skip
CONVERSATION = st.one_of(
    st.just({"id": "a:fuzz", "conversationType": "personal"}),
    st.just({"id": "19:fuzz@thread.tacv2", "conversationType": "channel", "isGroup": True}),
    st.none(),
    st.builds(lambda i: {"id": i, "conversationType": "personal"}, IDS),
    st.builds(lambda t: {"id": "a:fuzz", "conversationType": t}, JSON),
    JSON,
)
VALUES = st.one_of(
    st.none(),
    JSON,
    st.builds(lambda v, d: {"verb": v, **(d if isinstance(d, dict) else {})},
              st.sampled_from(["ask", "help", "approval.approve", "incident.acknowledge",
                               "approval_reply", "incident_reply", "request_approval"]), JSON),
    st.builds(lambda v, d: {"action": {"type": "Action.Execute", "verb": v, "data": d}},
              st.sampled_from(["approval.approve", "approval.refresh", "incident.set_status",
                               "nonsense"]), JSON),
)  # fmt: skip


@st.composite
def activities(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["message", "message", "invoke", "conversationUpdate", "typing"]))
    body: dict[str, Any] = {
        "type": kind,
        "id": draw(st.one_of(IDS, st.none(), st.integers())),
        "channelId": "msteams",
        "serviceUrl": "http://127.0.0.1:9/",  # never called: replies go to the fake connector
        "from": draw(_account(person=True)),
        "recipient": draw(_account(person=False)),
        "conversation": draw(CONVERSATION),
        "channelData": draw(st.one_of(st.just({"tenant": {"id": "t"}}), JSON)),
        "locale": "en-GB",
    }
    if kind == "message":
        body["text"] = draw(st.one_of(HOSTILE_TEXT, JSON))
        body["entities"] = draw(ENTITIES)
        body["value"] = draw(VALUES)
    elif kind == "invoke":
        body["name"] = draw(st.sampled_from(["adaptiveCard/action", "task/fetch", "x"]))
        body["value"] = draw(VALUES)
    for name in draw(st.lists(st.sampled_from(sorted(body)), max_size=2)):
        body.pop(name, None)  # fields missing altogether
    return body


@settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(activities())
def test_hostile_activities_get_a_4xx_or_a_normal_answer_never_a_crash(
    live: Live, body: dict[str, Any]
) -> None:
    body["serviceUrl"] = live.connector.url  # local mode allows loopback
    before = len(live.errors)
    status = live.post(body)
    assert status < 500 or (status == 501 and body.get("type") == "invoke"), (status, body)
    assert live.errors[before:] == [], [r.getMessage() for r in live.errors[before:]]


def test_a_question_with_a_lone_surrogate_is_answered_and_recorded(live: Live) -> None:
    body = {
        "type": "message",
        "id": "surrogate-1",
        "channelId": "msteams",
        "serviceUrl": live.connector.url,
        "from": PERSON.account(),
        "recipient": {"id": BOT_ID, "name": "policybot"},
        "conversation": {"id": "a:surrogate", "conversationType": "personal"},
        "text": "Can I use ChatGPT to draft emails? \ud83d",
    }
    assert live.post(body) == 200

    async def recorded() -> list[str]:
        async with live.service.app[SERVICE].engine.connect() as conn:
            rows = await conn.execute(sql("SELECT question FROM interactions"))
            return [row[0] for row in rows]

    assert any(q.startswith("Can I use ChatGPT to draft emails?") for q in live.run(recorded()))


def _message(**fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "message",
        "id": "m-1",
        "channelId": "msteams",
        "from": PERSON.account(),
        "recipient": {"id": BOT_ID, "name": "policybot"},
        "conversation": {"id": "a:findings", "conversationType": "personal"},
        "text": "Can I use ChatGPT to draft emails?",
    }
    for name, value in fields.items():
        if value is _MISSING:
            body.pop(name)
        else:
            body[name] = value
    return body


_MISSING = object()


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"text": 42}, 400),
        ({"entities": [{"type": "mention"}]}, 200),  # tolerated: a mention naming nobody
        ({"entities": [None]}, 400),
        ({"from": None}, 400),
        ({"recipient": None}, 400),
        ({"conversation": _MISSING}, 400),
        ({"channelData": "team"}, 400),
        ({"conversation": {"id": "a:1\r\nX-Injected: yes"}}, 400),
        ({"id": "m-1\x00"}, 400),
        ({"text": "Can I use ChatGPT? \udc00"}, 200),  # made storable, answered
    ],
)
def test_each_hostile_field_found_in_the_drill(
    live: Live, fields: dict[str, Any], status: int
) -> None:
    body = _message(**fields)
    body["serviceUrl"] = live.connector.url
    if "id" not in fields:
        body["id"] = f"finding-{sorted(fields)}-{status}-{len(live.connector.received)}"
    before = len(live.errors)
    assert live.post(body) == status
    assert live.errors[before:] == []
