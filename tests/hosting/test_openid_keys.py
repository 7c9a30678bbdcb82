"""OpenIdKeySource against a real local metadata server: caching, rotation, rate limit, outages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from bot.hosting import AuthenticationError, OpenIdKeySource, SigningKeysUnavailableError

from .conftest import FakeClock
from .fakes import IdentityProvider, RsaKey, serve


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def keys(idp: IdentityProvider, http: aiohttp.ClientSession, clock: FakeClock) -> OpenIdKeySource:
    return OpenIdKeySource(idp.metadata_url, lambda: http, clock=clock)


async def test_keys_are_fetched_once_and_cached(
    keys: OpenIdKeySource, idp: IdentityProvider, signing_key: RsaKey
) -> None:
    first = await keys.get_key("key-1")
    second = await keys.get_key("key-1")

    assert first is second
    assert first.endorsements == {"msteams", "webchat"}
    assert (
        first.public_key.public_numbers() == signing_key.private_key.public_key().public_numbers()
    )
    assert idp.metadata_requests == 1


async def test_keys_are_refreshed_after_a_day(
    keys: OpenIdKeySource, idp: IdentityProvider, clock: FakeClock
) -> None:
    await keys.get_key("key-1")
    clock.advance(24 * 60 * 60)

    await keys.get_key("key-1")

    assert idp.metadata_requests == 2


async def test_concurrent_unknown_keys_share_one_refresh(
    keys: OpenIdKeySource, idp: IdentityProvider, clock: FakeClock, rotated_key: RsaKey
) -> None:
    await keys.get_key("key-1")
    idp.jwks = [rotated_key.jwk()]
    clock.advance(10 * 60)

    found = await asyncio.gather(*(keys.get_key("key-2") for _ in range(10)))

    assert {key.kid for key in found} == {"key-2"}
    assert idp.metadata_requests == 2


async def test_unknown_key_after_refresh_is_an_authentication_error(
    keys: OpenIdKeySource, idp: IdentityProvider, clock: FakeClock
) -> None:
    await keys.get_key("key-1")
    clock.advance(10 * 60)

    with pytest.raises(AuthenticationError, match="unknown signing key"):
        await keys.get_key("never-published")
    with pytest.raises(AuthenticationError):
        await keys.get_key("never-published-either")
    assert idp.metadata_requests == 2


async def test_the_interval_counts_from_the_last_fetch(
    keys: OpenIdKeySource, idp: IdentityProvider, clock: FakeClock, rotated_key: RsaKey
) -> None:
    await keys.get_key("key-1")  # fetched at t=0
    idp.jwks = [rotated_key.jwk()]
    clock.advance(4 * 60)
    with pytest.raises(AuthenticationError):
        await keys.get_key("key-2")  # too soon after the first fetch: no refresh
    clock.advance(60)

    assert (await keys.get_key("key-2")).kid == "key-2"
    assert idp.metadata_requests == 2


@pytest.fixture
async def broken_idp() -> AsyncIterator[str]:
    async def fail(request: web.Request) -> web.Response:
        return web.Response(status=503)

    app = web.Application()
    app.router.add_get("/.well-known/openidconfiguration", fail)
    async with serve(app) as url:
        yield f"{url}/.well-known/openidconfiguration"


async def test_no_keys_at_all_is_unavailable_not_unauthenticated(
    broken_idp: str, http: aiohttp.ClientSession
) -> None:
    keys = OpenIdKeySource(broken_idp, lambda: http)

    with pytest.raises(SigningKeysUnavailableError):
        await keys.get_key("key-1")


async def test_failed_refresh_keeps_the_cached_keys(
    keys: OpenIdKeySource, idp: IdentityProvider, clock: FakeClock
) -> None:
    await keys.get_key("key-1")
    idp.base_url = "http://127.0.0.1:1"  # the metadata server is gone
    keys._metadata_url = idp.metadata_url
    clock.advance(24 * 60 * 60)

    assert (await keys.get_key("key-1")).kid == "key-1"


@pytest.mark.parametrize(
    "jwk_change",
    [
        {"kty": "EC"},
        {"use": "enc"},
        {"kid": None},
        {"n": 12345},
        {"e": None},
        {"endorsements": "msteams"},
    ],
)
async def test_unusable_keys_in_the_set_are_skipped(
    keys: OpenIdKeySource,
    idp: IdentityProvider,
    signing_key: RsaKey,
    rotated_key: RsaKey,
    jwk_change: dict[str, object],
) -> None:
    odd = {**rotated_key.jwk(), **jwk_change}
    idp.jwks = [odd, signing_key.jwk()]

    assert (await keys.get_key("key-1")).kid == "key-1"
    with pytest.raises(AuthenticationError):
        await keys.get_key("key-2")


async def test_own_session_is_opened_on_use_and_closed(
    idp: IdentityProvider, clock: FakeClock
) -> None:
    keys = OpenIdKeySource(idp.metadata_url, clock=clock)

    assert (await keys.get_key("key-1")).kid == "key-1"
    await keys.close()
