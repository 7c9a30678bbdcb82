"""Defects of botbuilder 4.17 that bot/hosting works around, each shown on the SDK itself (so that
we notice when an upgrade fixes one) and then handled by our code.

The "handled" halves of the token defects live in test_messages.py and test_openid_keys.py.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator
from types import SimpleNamespace

import aiohttp
import pytest
from aiohttp import web
from botbuilder.core import ActivityHandler, TurnContext
from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.auth.jwt_token_extractor import _OpenIdMetadata
from hypothesis import given
from hypothesis import strategies as st

from bot.hosting.connectors import ConnectorClientPool
from bot.settings import Settings

from .conftest import Service, start_bot
from .fakes import EchoBot, FakeConnector, RsaKey, action_execute, message, serve


@pytest.fixture
async def sdk_route() -> AsyncIterator[str]:
    """The SDK's own CloudAdapter.process behind /api/messages, authentication disabled."""
    adapter = CloudAdapter(
        ConfigurationBotFrameworkAuthentication(SimpleNamespace(APP_ID="", APP_PASSWORD=""))
    )
    bot = EchoBot()

    async def route(request: web.Request) -> web.Response:
        return await adapter.process(request, bot)

    app = web.Application()
    app.router.add_post("/api/messages", route)
    async with serve(app) as url:
        yield f"{url}/api/messages"


async def test_sdk_process_answers_every_action_execute_with_500(
    sdk_route: str, http: aiohttp.ClientSession, local_service: Service
) -> None:
    activity = action_execute("http://127.0.0.1:1/")
    async with http.post(sdk_route, json=activity) as sdk_response:
        assert sdk_response.status == 500  # serializer_helper applied to an already plain dict

    ours = await local_service.post(action_execute(local_service.connector.service_url))
    assert ours.status == 200


async def test_sdk_process_answers_a_garbage_token_with_500(http: aiohttp.ClientSession) -> None:
    adapter = CloudAdapter(
        ConfigurationBotFrameworkAuthentication(SimpleNamespace(APP_ID="bot", APP_PASSWORD="pw"))
    )

    async def route(request: web.Request) -> web.Response:
        return await adapter.process(request, EchoBot())

    app = web.Application()
    app.router.add_post("/api/messages", route)
    async with serve(app) as url:
        headers = {"Authorization": "Bearer not-a-jwt"}
        activity = message("https://smba.trafficmanager.net/emea/")
        async with http.post(f"{url}/api/messages", json=activity, headers=headers) as response:
            assert response.status == 500  # ours: 401, see test_garbage_tokens_are_401


async def test_sdk_key_cache_raises_on_an_unknown_key_id(signing_key: RsaKey) -> None:
    metadata = _OpenIdMetadata("https://login.botframework.com/unused")
    metadata.keys = [signing_key.jwk()]
    metadata.last_updated = dt.datetime.now()

    with pytest.raises(IndexError):  # no refresh: a rotated key fails for up to a day
        await metadata.get("key-rotated")


def test_sdk_drops_the_teams_conversation_tenant_id() -> None:
    activity = Activity().deserialize(message("https://smba.trafficmanager.net/emea/"))

    assert activity.conversation.tenant_id is None  # mapped to "tenantID", Teams sends "tenantId"


async def test_outbound_credentials_are_created_once_not_per_turn(
    service: Service, signing_key: RsaKey
) -> None:
    service_url = service.connector.service_url
    for text in ("one", "two", "three"):
        assert (await service.post(message(service_url, text), signing_key.token(service_url))).ok

    assert len(service.connector.received) == 3
    assert service.credentials is not None
    assert service.credentials.created == 1


async def test_connector_clients_are_kept_across_turns_not_rebuilt(
    service: Service, signing_key: RsaKey
) -> None:
    """The SDK builds a new client (and socket) every turn and never closes it; ours keeps one
    per service URL, so three turns share one connection. (Closing at shutdown is checked by
    every test's teardown: an unclosed socket is a ResourceWarning, and warnings fail tests.)"""
    service_url = service.connector.service_url
    for _ in range(3):
        assert (await service.post(message(service_url), signing_key.token(service_url))).ok
    assert len(service.connector.received) == 3
    assert len(service.connector.connections) == 1


class _Client:
    def __init__(self) -> None:
        self.closed = False

    async def __aexit__(self, *exc_info: object) -> None:
        self.closed = True


async def test_connector_client_pool_closes_the_least_recently_used() -> None:
    pool = ConnectorClientPool(size=2)
    made: list[_Client] = []

    async def make() -> _Client:
        made.append(_Client())
        return made[-1]

    first = await pool.get(("https://a", None), make)
    await pool.get(("https://b", None), make)
    assert await pool.get(("https://a", None), make) is first  # reused, and now most recent
    await pool.get(("https://c", None), make)  # evicts b, the least recently used
    assert [c.closed for c in made] == [False, True, False]
    await pool.close()
    assert all(c.closed for c in made) and len(pool) == 0


class FailingBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        raise RuntimeError("the bot broke")


@pytest.mark.parametrize("with_turn_error_handler", [False, True])
async def test_bot_errors_never_leak_details_or_user_text(
    http: aiohttp.ClientSession,
    caplog: pytest.LogCaptureFixture,
    with_turn_error_handler: bool,
) -> None:
    handled: list[Exception] = []

    async def on_turn_error(context: TurnContext, error: Exception) -> None:
        handled.append(error)

    settings = Settings()
    connector = FakeConnector()
    handler = on_turn_error if with_turn_error_handler else None
    async with (
        serve(connector.app()) as connector_url,
        serve(start_bot(settings, None, FailingBot(), on_turn_error=handler)) as url,
    ):
        service = Service(url, http, EchoBot(), connector, settings)
        with caplog.at_level(logging.DEBUG):
            answer = await service.post(message(f"{connector_url}/", "my secret question"))

    if with_turn_error_handler:
        assert answer.status == 200
        assert [str(error) for error in handled] == ["the bot broke"]
    else:
        assert answer.status == 500
        assert answer.json() == {"error": "internal error"}
        assert "the bot broke" in caplog.text  # logged, with its traceback
    assert b"broke" not in answer.body
    assert "my secret question" not in caplog.text


def test_msrest_retry_policy_speed_up_keeps_the_same_policy() -> None:
    from msrest.universal_http.requests import ClientRetryPolicy

    from bot.hosting.sdk_patches import speed_up_msrest_retry_policy

    safe = [i for i in range(500) if i != 408] + [501, 505]  # msrest's own definition
    speed_up_msrest_retry_policy()
    assert isinstance(ClientRetryPolicy.safe_codes, frozenset)
    assert ClientRetryPolicy().policy.status_forcelist == [i for i in range(999) if i not in safe]


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=40,
)


@given(_JSON)
def test_plain_json_passes_through_msrest_unchanged(value: object) -> None:
    from msrest.serialization import Serializer

    from bot.hosting.sdk_patches import pass_plain_json_through_msrest

    pass_plain_json_through_msrest()
    msrest_own = Serializer.serialize_object.msrest_original
    serializer = Serializer()
    assert Serializer.serialize_object(serializer, value) == msrest_own(serializer, value)


def test_what_is_not_plain_json_still_takes_msrests_path() -> None:
    import datetime

    from msrest.serialization import Serializer

    from bot.hosting.sdk_patches import is_plain_json, pass_plain_json_through_msrest

    pass_plain_json_through_msrest()
    when = datetime.datetime(2026, 11, 26, 9, 30, tzinfo=datetime.UTC)
    value = {"at": when, "n": [1, {"deep": when}]}
    assert not is_plain_json(value)
    serialized = Serializer().serialize_object(value)
    assert serialized["at"] == "2026-11-26T09:30:00.000Z"
    assert serialized["n"][1]["deep"] == "2026-11-26T09:30:00.000Z"
