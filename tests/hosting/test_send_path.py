"""Our reply path (send_path.py, outbound.py, activity_json.py) against the SDK's own.

The same bot runs behind the SDK's CloudAdapter and behind ours, over real HTTP(S) to the same
fake Bot Connector; what reaches the connector, what the bot gets back and what the channel's
request is answered with must be identical.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from botbuilder.core import (
    ActivityHandler,
    CardFactory,
    InvokeResponse,
    MessageFactory,
    TurnContext,
)
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    Attachment,
    CardAction,
    ChannelAccount,
    ConversationAccount,
    Entity,
    Mention,
    SuggestedActions,
)
from botbuilder.schema.teams import TeamsChannelData, TenantInfo
from botframework.connector import models
from botframework.connector.aio import ConnectorClient
from hypothesis import given, settings
from hypothesis import strategies as st
from msrest.authentication import BasicTokenAuthentication
from msrest.exceptions import ClientRequestError, SerializationError
from msrest.serialization import Serializer
from msrest.universal_http.requests import ClientRetryPolicy
from urllib3.exceptions import MaxRetryError, NewConnectionError

from bot.hosting import (
    BotFrameworkAuthenticator,
    MessagesHandler,
    OpenIdKeySource,
    add_messages_route,
    anonymous_identity,
    create_adapter,
    create_bot_framework_authentication,
)
from bot.hosting.activity_json import activity_json
from bot.hosting.connectors import ConnectorClientPool
from bot.hosting.outbound import ConnectorSender, _backoff
from bot.hosting.sdk_patches import pass_plain_json_through_msrest
from bot.hosting.send_path import PolicybotCloudAdapter, outgoing_copy
from bot.settings import Secret, Settings

from .conftest import MAX_BODY_BYTES, Answer
from .fakes import (
    APP_ID,
    ISSUER,
    TENANT,
    FakeConnector,
    IdentityProvider,
    RsaKey,
    StaticTokenCredentials,
    StaticTokenCredentialsFactory,
    message,
    serve,
)

CARD = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "body": [
        {"type": "TextBlock", "text": "Needs approval", "wrap": True, "style": "heading"},
        {
            "type": "RichTextBlock",
            "inlines": [{"type": "TextRun", "text": "•  “Résumé” – 😀 \u2028 <at>x</at>"}],
        },
    ],
    "actions": [{"type": "Action.Submit", "title": "Ask", "data": {"verb": "ask", "n": 1.5}}],
}
COMPARED_HEADERS = ("authorization", "content-type", "accept", "x-ms-conversation-id", "user-agent")


class RepliesBot(ActivityHandler):
    """Sends what policybot sends (cards, text, mentions) and a few things it might."""

    def __init__(self) -> None:
        self.results: list[Any] = []

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        try:
            self.results.append(await self._reply(turn_context))
        except Exception as exc:  # compared between the two paths
            response = getattr(exc, "response", None)
            self.results.append(
                (
                    type(exc).__name__,
                    str(exc),
                    getattr(response, "status_code", None),
                    type(response).__name__,
                    dict(getattr(response, "headers", {}) or {}).get("Retry-After"),
                )
            )

    async def _reply(self, turn_context: TurnContext) -> list[Any]:
        card = MessageFactory.attachment(CardFactory.adaptive_card(copy.deepcopy(CARD)))
        user = turn_context.activity.from_property
        mention = Mention(mentioned=user, text="<at>Sam</at>", type="mention")
        hello = MessageFactory.text("Hello <at>Sam</at>, “quoted” ✓")
        hello.entities = [mention]
        sent = [await turn_context.send_activity(card), await turn_context.send_activity(hello)]
        sent += await turn_context.send_activities(
            [
                MessageFactory.text("one", speak="one"),
                Activity(type=ActivityTypes.typing),
                MessageFactory.suggested_actions(
                    [CardAction(type="imBack", title="Yes", value="yes")], "Pick one"
                ),
            ]
        )
        await turn_context.send_trace_activity("trace", {"n": 1})
        extra = Activity(
            type="message",
            text="with channel data",
            channel_data={"notification": {"alert": True}},
            timestamp=dt.datetime(2026, 11, 26, 9, 30, 1, 250000, tzinfo=dt.UTC),
            summary="a summary",
        )
        sent.append(await turn_context.send_activity(extra))
        # The caller's own activities are not changed by sending them.
        unchanged = (card.conversation, card.reply_to_id, hello.recipient, extra.service_url)
        return [[r.id if r else None for r in sent], unchanged, turn_context.responded]

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        await turn_context.send_activity("Working on it")
        return InvokeResponse(
            status=200,
            body={
                "statusCode": 200,
                "type": "application/vnd.microsoft.activity.message",
                "value": "Done",
            },
        )


@dataclass
class Bots:
    """One bot behind each adapter, both replying to the same fake connector."""

    http: aiohttp.ClientSession
    connector: FakeConnector
    urls: dict[str, str]
    bots: dict[str, RepliesBot]
    fast_sends: list[str]

    async def post(self, path: str, activity: dict[str, Any], token: str) -> Answer:
        headers = {"Authorization": f"Bearer {token}"}
        url = f"{self.urls[path]}/api/messages"
        async with self.http.post(url, json=activity, headers=headers) as response:
            return Answer(response.status, response.headers, await response.read())

    async def both(self, activity: dict[str, Any], token: str) -> dict[str, Any]:
        """Each path's answer, connector traffic and bot results, the connector reset between."""
        seen = {}
        for path in ("sdk", "ours"):
            self.connector.received.clear()
            self.fast_sends.clear()
            answer = await self.post(path, activity, token)
            seen[path] = {
                "status": answer.status,
                "body": _without_trace_times(answer.body),
                "content_type": answer.headers.get("Content-Type"),
                "received": [
                    (
                        r.path,
                        r.activity,
                        {name: r.headers.get(name) for name in COMPARED_HEADERS},
                    )
                    for r in self.connector.received
                ],
                "results": list(self.bots[path].results),
                "fast_sends": len(self.fast_sends),
            }
            self.bots[path].results.clear()
        return seen


def _without_trace_times(body: bytes) -> bytes:
    """Trace activities are stamped with the time they were made: the one thing that differs."""
    if not body.startswith(b'{"activities"'):
        return body
    replies = json.loads(body)
    for activity in replies["activities"]:
        if activity["type"] == "trace":
            activity["timestamp"] = "(time)"
    return json.dumps(replies).encode()


def _start(
    adapter: CloudAdapter, settings: Settings, keys: OpenIdKeySource, bot: ActivityHandler
) -> web.Application:
    authenticator = BotFrameworkAuthenticator(
        settings, keys, bot_framework_authentication=adapter.bot_framework_authentication
    )
    app = web.Application()
    add_messages_route(app, MessagesHandler(adapter, bot.on_turn, settings, authenticator))
    app.on_cleanup.append(lambda _: authenticator.close())
    return app


@pytest.fixture
async def bots(
    http: aiohttp.ClientSession,
    idp: IdentityProvider,
    connector: FakeConnector,
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Bots]:
    settings = Settings(
        app_id=APP_ID,
        app_password=Secret("not-used-by-the-fake-credentials"),
        openid_metadata_url=idp.metadata_url,
        token_issuer=ISSUER,
        allowed_tenants=frozenset({TENANT}),
        service_url_hosts=("127.0.0.1",),
        max_body_bytes=MAX_BODY_BYTES,
    )
    fast_sends: list[str] = []
    original_send = ConnectorSender.send

    async def counting_send(self: ConnectorSender, client: Any, activity: Activity) -> Any:
        fast_sends.append(activity.type)
        return await original_send(self, client, activity)

    monkeypatch.setattr(ConnectorSender, "send", counting_send)
    credentials = StaticTokenCredentialsFactory()
    ours = create_adapter(settings, credentials_factory=credentials)
    assert isinstance(ours, PolicybotCloudAdapter)
    sdk_auth = create_bot_framework_authentication(settings, credentials_factory=credentials)
    sdk = CloudAdapter(sdk_auth)
    bots = {"sdk": RepliesBot(), "ours": RepliesBot()}
    keys = OpenIdKeySource(settings.openid_metadata_url, lambda: http)
    async with (
        serve(_start(sdk, settings, keys, bots["sdk"])) as sdk_url,
        serve(_start(ours, settings, keys, bots["ours"])) as our_url,
    ):
        yield Bots(http, connector, {"sdk": sdk_url, "ours": our_url}, bots, fast_sends)


def _same(seen: dict[str, Any]) -> None:
    sdk, ours = seen["sdk"], seen["ours"]
    assert sdk["fast_sends"] == 0
    assert ours["status"] == sdk["status"]
    assert ours["body"] == sdk["body"]
    assert ours["content_type"] == sdk["content_type"]
    assert ours["received"] == sdk["received"]
    assert ours["results"] == sdk["results"]


async def test_replies_reach_the_connector_exactly_as_the_sdk_sends_them(
    bots: Bots, signing_key: RsaKey
) -> None:
    service_url = bots.connector.service_url
    activity = message(service_url, "can I use ChatGPT?", locale="en-GB")

    seen = await bots.both(activity, signing_key.token(service_url))

    _same(seen)
    ours = seen["ours"]
    assert ours["status"] == 200
    assert ours["fast_sends"] == 6  # card, mention, "one", typing, suggested actions, channel data
    assert len(ours["received"]) == 6  # the trace is never sent
    path, card_activity, headers = ours["received"][0]
    assert path == f"/v3/conversations/a:conversation-1/activities/{activity['id']}"
    assert card_activity["attachments"][0]["content"] == CARD
    assert headers["x-ms-conversation-id"] == "a:conversation-1"
    mention = ours["received"][1][1]["entities"][0]
    assert mention == {
        "mentioned": {"id": "29:user", "aadObjectId": "aad-user-1"},
        "text": "<at>Sam</at>",
        "type": "mention",
    }
    ids, unchanged, responded = ours["results"][0]
    assert ids == [f"reply-{n}" for n in range(1, 7)]
    assert unchanged == (None, None, None, None)
    assert responded is True


async def test_a_channel_message_with_a_mention_is_answered_the_same(
    bots: Bots, signing_key: RsaKey
) -> None:
    service_url = bots.connector.service_url
    activity = message(
        service_url,
        "<at>policybot</at> hello",
        conversation={"id": "19:channel@thread.tacv2;messageid=1", "conversationType": "channel"},
        entities=[
            {
                "type": "mention",
                "text": "<at>policybot</at>",
                "mentioned": {"id": f"28:{APP_ID}", "name": "policybot"},
            }
        ],
        channelData={"tenant": {"id": TENANT}, "channel": {"id": "19:channel@thread.tacv2"}},
    )

    seen = await bots.both(activity, signing_key.token(service_url))

    _same(seen)
    assert seen["ours"]["received"][0][0].startswith(
        "/v3/conversations/19:channel@thread.tacv2;messageid=1/activities/"
    )


async def test_invoke_responses_and_replies_during_an_invoke_are_the_same(
    bots: Bots, signing_key: RsaKey
) -> None:
    service_url = bots.connector.service_url
    activity = message(
        service_url,
        type="invoke",
        name="adaptiveCard/action",
        text=None,
        value={"action": {"type": "Action.Execute", "verb": "ask", "data": {"text": "hi"}}},
    )

    seen = await bots.both(activity, signing_key.token(service_url))

    _same(seen)
    ours = seen["ours"]
    assert ours["status"] == 200
    assert ours["fast_sends"] == 1  # the invoke response is the HTTP answer, never posted
    assert [r[1]["text"] for r in ours["received"]] == ["Working on it"]
    assert ours["body"] == (
        b'{"statusCode": 200, "type": "application/vnd.microsoft.activity.message", '
        b'"value": "Done"}'
    )


async def test_expect_replies_buffers_the_same_activities(bots: Bots, signing_key: RsaKey) -> None:
    service_url = bots.connector.service_url
    activity = message(service_url, "buffered", deliveryMode="expectReplies")

    seen = await bots.both(activity, signing_key.token(service_url))

    _same(seen)
    assert seen["ours"]["received"] == []
    replies = json.loads(seen["ours"]["body"])["activities"]
    assert [a["type"] for a in replies] == ["message"] * 3 + [
        "typing",
        "message",
        "trace",
        "message",
    ]
    assert replies[0]["attachments"][0]["content"] == CARD


@pytest.mark.parametrize(
    ("status", "headers"), [(429, {"Retry-After": "7"}), (503, {}), (403, {}), (404, {})]
)
async def test_connector_errors_reach_the_bot_as_the_sdks_errors(
    bots: Bots, signing_key: RsaKey, status: int, headers: dict[str, str]
) -> None:
    service_url = bots.connector.service_url
    activity = message(service_url, "fail please")
    bots.connector.fail_with = [(status, headers)]
    token = signing_key.token(service_url)

    bots.connector.received.clear()
    sdk = (await bots.post("sdk", activity, token), list(bots.bots["sdk"].results))
    bots.connector.fail_with = [(status, headers)]
    sdk_requests = len(bots.connector.received)
    bots.connector.received.clear()
    ours = (await bots.post("ours", activity, token), list(bots.bots["ours"].results))

    assert len(bots.connector.received) == sdk_requests == 1  # a POST is not retried on status
    assert ours[0].status == sdk[0].status == 200
    assert ours[1] == sdk[1]
    name, _, response_status, response_type, retry_after = ours[1][0]
    assert (name, response_status, response_type) == ("ErrorResponseException", status, "Response")
    assert retry_after == headers.get("Retry-After")


async def test_a_client_it_does_not_accept_goes_the_sdks_way(
    bots: Bots, signing_key: RsaKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ConnectorSender, "accepts", staticmethod(lambda client: False))
    service_url = bots.connector.service_url

    seen = await bots.both(message(service_url, "declined"), signing_key.token(service_url))

    assert seen["ours"]["fast_sends"] == 0
    assert seen["ours"]["received"] == seen["sdk"]["received"]
    assert len(seen["ours"]["received"]) == 6


# --- ConnectorSender on its own -------------------------------------------------------------


def _client(url: str, **config: Any) -> ConnectorClient:
    client = ConnectorClient(StaticTokenCredentials(app_id=APP_ID), base_url=url)
    for name, value in config.items():
        setattr(client.config, name, value)
    return client


def _reply(text: str = "hi") -> Activity:
    return Activity(
        type="message",
        text=text,
        conversation=ConversationAccount(id="a:1"),
        reply_to_id="in-1",
        from_property=ChannelAccount(id="28:bot"),
    )


def test_it_accepts_only_clients_configured_as_the_sdk_configures_them() -> None:
    assert ConnectorSender.accepts(_client("https://smba.trafficmanager.net/emea/"))
    assert not ConnectorSender.accepts(object())
    proxied = _client("https://smba.trafficmanager.net/emea/")
    proxied.config.proxies.add("https", "http://proxy:3128")
    assert not ConnectorSender.accepts(proxied)
    other_credentials = ConnectorClient(
        BasicTokenAuthentication({"access_token": "t"}), "https://x"
    )
    assert not ConnectorSender.accepts(other_credentials)
    with_cert = _client("https://smba.trafficmanager.net/emea/")
    with_cert.config.connection.cert = "/etc/client.pem"
    assert not ConnectorSender.accepts(with_cert)


async def test_an_unreachable_connector_is_retried_as_urllib3_would_then_fails_alike() -> None:
    with socket.socket() as probe:  # a port that was just free: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/"
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    sender = ConnectorSender(sleep=sleep)
    client = _client(url)
    try:
        with pytest.raises(ClientRequestError):
            await sender.send(client, _reply())
    finally:
        await sender.close()
    assert slept == _urllib3_backoffs()

    client.config.retry_policy.backoff_factor = 0  # the SDK would really sleep 4.8 s
    with pytest.raises(ClientRequestError):
        await client.conversations.reply_to_activity("a:1", "in-1", _reply())


def _urllib3_backoffs() -> list[float]:
    """The sleeps urllib3 itself makes between connection attempts under msrest's policy."""
    retry, sleeps = ClientRetryPolicy().policy, []
    while True:
        try:
            retry = retry.increment("POST", "/", error=NewConnectionError(None, "refused"))
        except MaxRetryError:
            return sleeps
        sleeps.append(retry.get_backoff_time())


def test_backoff_matches_urllib3() -> None:
    policy = ClientRetryPolicy().policy
    assert [_backoff(policy, n) for n in (1, 2, 3)] == _urllib3_backoffs() == [0.0, 1.6, 3.2]


async def test_a_certificate_it_does_not_trust_is_refused_like_requests_refuses_it(
    connector: FakeConnector, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")  # the fixture's self-signed certificate is now unknown
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    sender = ConnectorSender(sleep=sleep)
    client = _client(connector.service_url)
    try:
        with pytest.raises(ClientRequestError):
            await sender.send(client, _reply())
    finally:
        await sender.close()
    client.config.retry_policy.backoff_factor = 0
    with pytest.raises(ClientRequestError):
        await client.conversations.reply_to_activity("a:1", "in-1", _reply())
    assert connector.received == []


async def test_replies_go_through_the_proxy_requests_would_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HTTP_PROXY points at the fake connector, which records the proxied request as a proxy
    would see it; the SDK's `requests` and our sender must make the same request of it."""
    proxy = FakeConnector()
    async with serve(proxy.app()) as proxy_url:
        monkeypatch.setenv("HTTP_PROXY", proxy_url.replace("http://", "http://user:pw@"))
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        client = _client("http://connector.invalid/")
        await client.conversations.reply_to_activity("a:1", "in-1", _reply())
        sender = ConnectorSender()
        try:
            await sender.send(client, _reply())
        finally:
            await sender.close()
    theirs, ours = proxy.received
    assert ours.path == theirs.path == "/v3/conversations/a:1/activities/in-1"
    for name in ("host", "proxy-authorization", "authorization", "x-ms-conversation-id"):
        assert ours.headers.get(name) == theirs.headers.get(name), name
    assert ours.headers["proxy-authorization"].startswith("Basic ")
    assert ours.activity == theirs.activity


def test_no_proxy_and_changed_variables_are_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    from requests.utils import get_environ_proxies, select_proxy

    sender = ConnectorSender()
    urls = (
        "https://smba.trafficmanager.net/emea/v3/conversations/a/activities",
        "http://127.0.0.1:9/v3",
    )
    for environment in (
        {},
        {"HTTPS_PROXY": "http://proxy.example:3128"},
        {"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "trafficmanager.net"},
        {"http_proxy": "http://other:8080", "no_proxy": "example.org"},
    ):
        for name in (
            "HTTPS_PROXY",
            "HTTP_PROXY",
            "NO_PROXY",
            "https_proxy",
            "http_proxy",
            "no_proxy",
        ):
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        for url in urls:
            assert sender.proxy_for(url) == select_proxy(url, get_environ_proxies(url))


async def test_the_pool_closes_its_senders_session(connector: FakeConnector) -> None:
    pool = ConnectorClientPool()
    client = _client(connector.service_url)
    response = await pool.sender.send(client, _reply())
    assert response is not None and response.id == "reply-1"
    session = pool.sender._session
    assert session is not None and not session.closed
    await pool.close()
    assert session.closed


# --- outgoing_copy and the user token client ------------------------------------------------


def test_outgoing_copy_leaves_the_callers_activity_and_lists_alone() -> None:
    original = MessageFactory.attachment(CardFactory.adaptive_card({"type": "AdaptiveCard"}))
    original.entities = [Entity(type="clientInfo")]
    out = outgoing_copy(original)
    out.attachments.append(Attachment(content_type="x"))
    out.entities.clear()
    TurnContext.apply_conversation_reference(
        out, TurnContext.get_conversation_reference(Activity().deserialize(message("http://x/")))
    )
    assert len(original.attachments) == 1 and len(original.entities) == 1
    assert original.conversation is None and original.reply_to_id is None
    assert out.attachments[0] is original.attachments[0]  # the card itself is shared, not copied


async def test_user_token_clients_are_kept_per_app_id() -> None:
    auth = create_bot_framework_authentication(Settings())
    anonymous = anonymous_identity()
    first = await auth.create_user_token_client(anonymous)
    assert await auth.create_user_token_client(anonymous) is first


# --- activity_json against msrest ------------------------------------------------------------

_SERIALIZER = Serializer({k: v for k, v in models.__dict__.items() if isinstance(v, type)})
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
_TEXT = st.text(max_size=20)
_MAYBE = st.none() | _TEXT


class _Str(str):
    pass


_ACCOUNTS = st.builds(
    ChannelAccount, id=_MAYBE, name=_MAYBE, aad_object_id=_MAYBE, role=st.none() | st.just("bot")
)
_CONVERSATIONS = st.builds(
    ConversationAccount,
    id=_MAYBE,
    is_group=st.none() | st.booleans(),
    conversation_type=_MAYBE,
    tenant_id=_MAYBE,
)
_ENTITIES = st.one_of(
    st.builds(Mention, mentioned=_ACCOUNTS, text=_MAYBE, type=st.just("mention")),
    st.builds(Entity, type=_MAYBE),
    st.none(),
)
_ODD: dict[str, st.SearchStrategy[Any]] = {
    # Shapes msrest handles its own way; activity_json must hand them to msrest.
    "conversation": st.fixed_dictionaries({"id": _TEXT, "tenantId": _TEXT}),
    "text": _TEXT.map(_Str),
    "channel_data": st.builds(TeamsChannelData, tenant=st.builds(TenantInfo, id=_TEXT)),
    "timestamp": st.just("2026-11-26T09:30:00Z"),
    "history_disclosed": st.just("yes"),
    "attachments": st.just([{"contentType": "x", "content": {}}]),
}


@st.composite
def activities(draw: st.DrawFn) -> tuple[Activity, bool]:
    """An activity, and whether it holds any of the _ODD shapes."""
    when = st.datetimes(
        min_value=dt.datetime(1970, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
        timezones=st.just(dt.UTC),
    )
    activity = Activity(
        type=draw(st.sampled_from([None, "message", ActivityTypes.message, ActivityTypes.typing])),
        id=draw(_MAYBE),
        text=draw(_MAYBE),
        speak=draw(_MAYBE),
        input_hint=draw(st.none() | st.just("acceptingInput")),
        locale=draw(_MAYBE),
        service_url=draw(_MAYBE),
        channel_id=draw(_MAYBE),
        reply_to_id=draw(_MAYBE),
        from_property=draw(st.none() | _ACCOUNTS),
        recipient=draw(st.none() | _ACCOUNTS),
        conversation=draw(st.none() | _CONVERSATIONS),
        attachments=draw(
            st.none()
            | st.lists(
                st.none() | st.builds(Attachment, content_type=_MAYBE, content=_JSON), max_size=3
            )
        ),
        entities=draw(st.none() | st.lists(_ENTITIES, max_size=3)),
        channel_data=draw(_JSON),
        value=draw(_JSON),
        timestamp=draw(st.none() | when),
        history_disclosed=draw(st.none() | st.booleans()),
        listen_for=draw(st.none() | st.lists(_MAYBE, max_size=3)),
        suggested_actions=draw(
            st.none()
            | st.builds(
                SuggestedActions,
                to=st.lists(_TEXT, max_size=2),
                actions=st.lists(
                    st.builds(CardAction, type=_MAYBE, title=_MAYBE, value=_JSON), max_size=2
                ),
            )
        ),
    )
    odd = draw(st.lists(st.sampled_from(sorted(_ODD)), max_size=2, unique=True))
    for name in odd:
        setattr(activity, name, draw(_ODD[name]))
    return activity, bool(odd)


class _NoMsrest(Serializer):
    def body(self, data: Any, data_type: str, **kwargs: Any) -> Any:
        raise AssertionError("activity_json handed an ordinary activity to msrest")


def _outcome(serialize: Callable[[], Any]) -> Any:
    try:
        return serialize()
    except SerializationError as exc:
        return ("raised", type(exc).__name__)


@settings(max_examples=300, deadline=None)
@given(activities())
def test_activity_json_is_what_msrest_builds(drawn: tuple[Activity, bool]) -> None:
    """Ordinary activities never reach msrest; odd ones do, and come out as msrest makes them."""
    activity, odd = drawn
    pass_plain_json_through_msrest()  # as create_adapter leaves msrest
    fallback = _SERIALIZER if odd else _NoMsrest()
    ours = _outcome(lambda: activity_json(copy.deepcopy(activity), fallback))
    theirs = _outcome(lambda: _SERIALIZER.body(copy.deepcopy(activity), "Activity"))
    assert ours == theirs
