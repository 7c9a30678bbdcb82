"""The whole service (create_app) with credentials: every client mistake gets its 4xx, never a
500, and refused requests never reach the bot or the database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.app import SERVICE
from bot.settings import Secret, Settings
from tests.hosting.fakes import APP_ID, ISSUER, TENANT, IdentityProvider, RsaKey, serve

from .conftest import RunningService

SERVICE_URL = "https://smba.trafficmanager.net/uk/"


@pytest.fixture(scope="module")
def key() -> RsaKey:
    return RsaKey.generate("service-key")


@pytest.fixture
async def secured(key: RsaKey, tmp_path: Path) -> AsyncIterator[RunningService]:
    provider = IdentityProvider(jwks=[key.jwk(endorsements=["msteams"])])
    async with serve(provider.app()) as url:
        provider.base_url = url
        settings = Settings(
            app_id=APP_ID,
            app_password=Secret("unused: nothing here sends"),
            openid_metadata_url=provider.metadata_url,
            token_issuer=ISSUER,
            allowed_tenants=frozenset({TENANT}),
            database_url=f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
            max_body_bytes=4096,
        )
        settings.check()
        running = await RunningService(settings).start()
        yield running
        await running.stop()


def activity(tenant: str = TENANT, service_url: str = SERVICE_URL) -> dict:
    return {
        "type": "message",
        "id": "1",
        "text": "Can I use ChatGPT?",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": "29:user", "aadObjectId": "aad-user"},
        "recipient": {"id": "28:bot"},
        "conversation": {"id": "a:chat", "tenantId": tenant},
        "channelData": {"tenant": {"id": tenant}},
    }


async def post(service: RunningService, body, headers=None, data=None) -> int:
    async with aiohttp.ClientSession() as session:
        kwargs = {"data": data} if data is not None else {"json": body}
        async with session.post(
            service.url + "/api/messages", headers=headers or {}, **kwargs
        ) as response:
            return response.status


async def interaction_count(service: RunningService) -> int:
    from sqlalchemy import text

    async with service.app[SERVICE].engine.connect() as connection:
        return (await connection.execute(text("SELECT count(*) FROM interactions"))).scalar_one()


async def test_every_refusal_has_its_status_and_touches_nothing(
    secured: RunningService, key: RsaKey
) -> None:
    bearer = {"Authorization": "Bearer " + key.token(SERVICE_URL)}
    other_key = RsaKey.generate("service-key")  # same kid, different key: a forgery
    cases = [
        (await post(secured, activity()), 401),  # no token
        (await post(secured, activity(), {"Authorization": "Bearer nonsense"}), 401),
        (
            await post(
                secured, activity(), {"Authorization": "Bearer " + other_key.token(SERVICE_URL)}
            ),
            401,
        ),
        (
            await post(
                secured, activity(), {"Authorization": "Bearer " + key.token(SERVICE_URL, exp=1)}
            ),
            401,
        ),
        (
            await post(
                secured,
                activity(),
                {"Authorization": "Bearer " + key.token(SERVICE_URL, aud="someone-else")},
            ),
            401,
        ),
        (await post(secured, activity(tenant="99999999-0000-0000-0000-000000000000"), bearer), 403),
        (
            await post(
                secured,
                activity(service_url="https://attacker.example/"),
                {"Authorization": "Bearer " + key.token("https://attacker.example/")},
            ),
            403,
        ),
        (
            await post(
                secured, None, {**bearer, "Content-Type": "application/json"}, data=b"{not json"
            ),
            400,
        ),
        (
            await post(
                secured, None, {**bearer, "Content-Type": "application/json"}, data=b"[1, 2]"
            ),
            400,
        ),
        (await post(secured, None, {**bearer, "Content-Type": "text/plain"}, data=b"hello"), 415),
        (await post(secured, {**activity(), "text": "x" * 10_000}, bearer), 413),
    ]
    assert [got for got, _ in cases] == [expected for _, expected in cases]
    assert await interaction_count(secured) == 0
