"""Signing keys of the Bot Connector service, from its OpenID metadata, with a safe refresh.

The SDK's own cache (botframework/connector/auth/jwt_token_extractor.py, `_OpenIdMetadata`) keeps
keys for 24 hours and raises IndexError on a key id it has not seen, so a key rotation by
Microsoft would break the bot for up to a day. Here an unknown key id causes one refresh, at most
one per `min_refresh_interval`, shared by every request waiting at that moment; a token whose key
is still unknown afterwards is refused.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey
from jwt import PyJWTError
from jwt.algorithms import RSAAlgorithm

from .errors import AuthenticationError, BodyTooLargeError, SigningKeysUnavailableError
from .limits import read_at_most

logger = logging.getLogger(__name__)

MIN_REFRESH_INTERVAL = 5 * 60.0  # seconds between refreshes caused by unknown key ids
MAX_KEY_AGE = 24 * 60 * 60.0  # seconds; Bot Framework asks for a daily refresh
FETCH_TIMEOUT = 10.0  # seconds per document
MAX_DOCUMENT_BYTES = 1024 * 1024

_FETCH_ERRORS = (
    aiohttp.ClientError,
    asyncio.TimeoutError,
    BodyTooLargeError,
    ValueError,  # includes json.JSONDecodeError and UnicodeDecodeError
    KeyError,
    TypeError,
)


@dataclass(frozen=True)
class SigningKey:
    """One RSA key from the key set. `endorsements` is empty when the key makes no claims."""

    kid: str
    public_key: RSAPublicKey
    endorsements: frozenset[str]


class OpenIdKeySource:
    """Fetches the metadata document (for its `jwks_uri`), then the key set, and caches the keys.

    `session_factory` is called for every fetch and must return an open aiohttp session that the
    caller owns and closes (for example `lambda: app[HTTP_SESSION]`). Without one, the source
    opens its own session on first use and `close()` closes it. `clock` is monotonic seconds,
    injectable for tests.
    """

    def __init__(
        self,
        metadata_url: str,
        session_factory: Callable[[], aiohttp.ClientSession] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        min_refresh_interval: float = MIN_REFRESH_INTERVAL,
        max_age: float = MAX_KEY_AGE,
        timeout: float = FETCH_TIMEOUT,
    ) -> None:
        self._metadata_url = metadata_url
        self._session_factory = session_factory or self._own_session
        self._session: aiohttp.ClientSession | None = None
        self._clock = clock
        self._min_refresh_interval = min_refresh_interval
        self._max_age = max_age
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None
        self._attempted_at: float | None = None
        self._attempts = 0
        self._lock = asyncio.Lock()

    async def get_key(self, kid: str) -> SigningKey:
        """The key with this id; refreshes once when it is unknown and the interval allows.

        Raises AuthenticationError for a key id that is still unknown, and
        SigningKeysUnavailableError when no keys could ever be fetched.
        """
        if self._is_stale():
            await self._refresh(self._attempts)
        if not self._keys:
            raise SigningKeysUnavailableError(f"no signing keys from {self._metadata_url}")
        key = self._keys.get(kid)
        if key is None and (self._lock.locked() or self._may_refresh()):
            await self._refresh(self._attempts)
            key = self._keys.get(kid)
        if key is None:
            raise AuthenticationError("unknown signing key id")
        return key

    async def close(self) -> None:
        """Close the session this source opened itself; a caller's session is left alone."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _own_session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    def _is_stale(self) -> bool:
        if self._fetched_at is None:
            return True
        return self._clock() - self._fetched_at >= self._max_age and self._may_refresh()

    def _may_refresh(self) -> bool:
        if self._attempted_at is None:
            return True
        return self._clock() - self._attempted_at >= self._min_refresh_interval

    async def _refresh(self, seen_attempts: int) -> None:
        """Fetch once; callers that queued behind a fetch in progress use its result instead."""
        async with self._lock:
            if self._attempts != seen_attempts:
                return
            self._attempted_at = self._clock()
            try:
                keys = await self._fetch_keys()
            except _FETCH_ERRORS as exc:
                logger.warning(
                    "could not refresh signing keys from %s (%s); keeping %d cached keys",
                    self._metadata_url,
                    type(exc).__name__,
                    len(self._keys),
                )
                return
            finally:
                self._attempts += 1
            self._keys = keys
            self._fetched_at = self._clock()

    async def _fetch_keys(self) -> dict[str, SigningKey]:
        metadata = await self._get_json(self._metadata_url)
        jwks_uri = metadata["jwks_uri"]
        if not isinstance(jwks_uri, str):
            raise TypeError("jwks_uri is not a string")
        jwks = await self._get_json(jwks_uri)
        keys = [_signing_key(jwk) for jwk in jwks["keys"]]
        found = {key.kid: key for key in keys if key is not None}
        logger.info("fetched %d signing keys from %s", len(found), jwks_uri)
        return found

    async def _get_json(self, url: str) -> Mapping[str, Any]:
        session = self._session_factory()
        async with session.get(url, timeout=self._timeout, allow_redirects=False) as response:
            response.raise_for_status()
            body = await read_at_most(response.content, MAX_DOCUMENT_BYTES)
        document = json.loads(body)
        if not isinstance(document, dict):
            raise TypeError(f"{url} did not return a JSON object")
        return document


def _signing_key(jwk: object) -> SigningKey | None:
    """A usable RSA signature key, or None for anything else in the set (skipped, not fatal)."""
    if not isinstance(jwk, dict) or jwk.get("kty") != "RSA" or jwk.get("use", "sig") != "sig":
        return None
    kid = jwk.get("kid")
    endorsements = jwk.get("endorsements", [])
    if not isinstance(kid, str) or not kid or not isinstance(endorsements, list):
        return None
    try:
        key = RSAAlgorithm.from_jwk(jwk)
    except (PyJWTError, ValueError, TypeError, KeyError):
        return None
    if isinstance(key, RSAPrivateKey):
        key = key.public_key()
    return SigningKey(kid, key, frozenset(e for e in endorsements if isinstance(e, str)))
