"""A running bot service between a fake identity provider and a fake Bot Connector.

The connector serves HTTPS with a self-signed certificate (outside local mode the bot sends only to
https serviceUrls); replies go out through ConnectorSender (and, on the SDK's path, `requests`),
both of which trust it via REQUESTS_CA_BUNDLE.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from botbuilder.core import ActivityHandler, TurnContext
from botframework.connector.auth import ServiceClientCredentialsFactory

from bot.hosting import (
    BotFrameworkAuthenticator,
    MessagesHandler,
    OpenIdKeySource,
    add_messages_route,
    create_adapter,
)
from bot.settings import Secret, Settings

from .fakes import (
    APP_ID,
    ISSUER,
    TENANT,
    EchoBot,
    FakeConnector,
    IdentityProvider,
    RsaKey,
    StaticTokenCredentialsFactory,
    serve,
    write_tls_files,
)

MAX_BODY_BYTES = 8 * 1024

OnTurnError = Callable[[TurnContext, Exception], Awaitable[None]]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Service:
    """The bot under test and everything around it."""

    url: str
    http: aiohttp.ClientSession
    bot: EchoBot
    connector: FakeConnector
    settings: Settings
    idp: IdentityProvider | None = None
    clock: FakeClock = field(default_factory=FakeClock)
    credentials: StaticTokenCredentialsFactory | None = None

    async def post(self, activity: Any, token: str | None = None, **kwargs: Any) -> Answer:
        """POST `activity` as JSON, or `data=` as it is; `token` goes in as a Bearer token."""
        headers = kwargs.pop("headers", {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if "data" not in kwargs:
            kwargs["json"] = activity
        async with self.http.post(f"{self.url}/api/messages", headers=headers, **kwargs) as resp:
            return Answer(resp.status, resp.headers, await resp.read())


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def ok(self) -> bool:
        return self.status == 200

    def json(self) -> Any:
        assert self.headers["Content-Type"].startswith("application/json")
        return json.loads(self.body)


@pytest.fixture(scope="session")
def signing_key() -> RsaKey:
    return RsaKey.generate("key-1")


@pytest.fixture(scope="session")
def impostor_key() -> RsaKey:
    """Claims the real key's id but is a different key: its signatures must not verify."""
    return RsaKey.generate("key-1")


@pytest.fixture(scope="session")
def rotated_key() -> RsaKey:
    return RsaKey.generate("key-2")


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_context(tls_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    cert, key = tls_files
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def idp(signing_key: RsaKey) -> AsyncIterator[IdentityProvider]:
    provider = IdentityProvider(jwks=[signing_key.jwk(endorsements=["msteams", "webchat"])])
    async with serve(provider.app()) as url:
        provider.base_url = url
        yield provider


@pytest.fixture
async def connector(tls_context: ssl.SSLContext) -> AsyncIterator[FakeConnector]:
    fake = FakeConnector()
    async with serve(fake.app(), tls_context) as url:
        fake.base_url = url
        yield fake


def start_bot(
    settings: Settings,
    key_source: OpenIdKeySource | None,
    bot: ActivityHandler,
    credentials: ServiceClientCredentialsFactory | None = None,
    on_turn_error: OnTurnError | None = None,
) -> web.Application:
    adapter = create_adapter(settings, credentials_factory=credentials)
    adapter.on_turn_error = on_turn_error
    authenticator = BotFrameworkAuthenticator(
        settings, key_source, bot_framework_authentication=adapter.bot_framework_authentication
    )
    app = web.Application()
    add_messages_route(app, MessagesHandler(adapter, bot.on_turn, settings, authenticator))
    # The authenticator owns the connector clients kept across turns: close them with the app.
    app.on_cleanup.append(lambda _: authenticator.close())
    return app


@pytest.fixture
async def service(
    http: aiohttp.ClientSession, idp: IdentityProvider, connector: FakeConnector
) -> AsyncIterator[Service]:
    settings = Settings(
        app_id=APP_ID,
        app_password=Secret("not-used-by-the-fake-credentials"),
        openid_metadata_url=idp.metadata_url,
        token_issuer=ISSUER,
        allowed_tenants=frozenset({TENANT}),
        service_url_hosts=("127.0.0.1",),
        max_body_bytes=MAX_BODY_BYTES,
    )
    settings.check()
    clock = FakeClock()
    keys = OpenIdKeySource(settings.openid_metadata_url, lambda: http, clock=clock)
    bot, credentials = EchoBot(), StaticTokenCredentialsFactory()
    async with serve(start_bot(settings, keys, bot, credentials)) as url:
        yield Service(url, http, bot, connector, settings, idp, clock, credentials)


@pytest.fixture
async def local_service(http: aiohttp.ClientSession) -> AsyncIterator[Service]:
    """Local mode: no app id, loopback only; the connector is plain http on 127.0.0.1."""
    settings = Settings(max_body_bytes=MAX_BODY_BYTES)
    settings.check()
    connector, bot = FakeConnector(), EchoBot()
    async with (
        serve(connector.app()) as connector_url,
        serve(start_bot(settings, None, bot)) as url,
    ):
        connector.base_url = connector_url
        yield Service(url, http, bot, connector, settings)
