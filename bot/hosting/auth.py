"""Our own validation of the Bot Connector's bearer token, and the SDK result built from it.

Why not the SDK's: it turns every failure (bad signature, unknown key, malformed token) into an
exception the aiohttp integration answers with HTTP 500; it refetches keys only once a day; and it
fetches them with blocking `requests` calls inside the event loop. This module raises
AuthenticationError with a reason instead, so the handler can answer 401.

The rules are Bot Framework's for tokens from the channel ("Authenticate requests from the Bot
Connector service"): a Bearer JWT signed with RS256 by a key from the OpenID metadata, endorsed
for the activity's channel, `iss` equal to the channel token issuer, `aud` equal to our app id,
`exp`/`nbf` within a five-minute clock skew, and a `serviceurl` claim equal to the activity's
serviceUrl. The same rules apply to MultiTenant and SingleTenant bots.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
)

from bot.errors import ConfigurationError
from bot.settings import Settings

from .adapter import create_bot_framework_authentication
from .connectors import ConnectorClientPool, TurnConnectorFactory
from .errors import AuthenticationError
from .openid_keys import OpenIdKeySource, SigningKey

__all__ = [
    "AuthenticationError",
    "BotFrameworkAuthenticator",
    "OpenIdKeySource",
    "create_authenticator",
]

logger = logging.getLogger(__name__)

CLOCK_SKEW = 5 * 60  # seconds; the leeway Bot Framework specifies for exp and nbf
ALGORITHM = "RS256"

_JWT_REASONS: tuple[tuple[type[jwt.PyJWTError], str], ...] = (
    (jwt.ExpiredSignatureError, "token expired"),
    (jwt.ImmatureSignatureError, "token not yet valid"),
    (jwt.InvalidAudienceError, "wrong audience"),
    (jwt.InvalidIssuerError, "wrong issuer"),
    (jwt.InvalidSignatureError, "bad signature"),
    (jwt.MissingRequiredClaimError, "required claim missing"),
    (jwt.DecodeError, "malformed token"),
)


class BotFrameworkAuthenticator:
    """Checks inbound requests; in local mode (no app id) accepts them as the SDK's anonymous
    caller.

    `bot_framework_authentication` should be the adapter's (`adapter.bot_framework_authentication`)
    so that outbound connector clients use the same credentials; by default one is built from
    `settings`.
    """

    def __init__(
        self,
        settings: Settings,
        key_source: OpenIdKeySource | None,
        *,
        bot_framework_authentication: BotFrameworkAuthentication | None = None,
        clock_skew: int = CLOCK_SKEW,
    ) -> None:
        if key_source is None and not settings.local_mode:
            raise ConfigurationError("MicrosoftAppId is set, so a signing key source is needed")
        self._settings = settings
        self._keys = key_source
        self.connector_clients = ConnectorClientPool()
        self._sdk_auth = bot_framework_authentication or create_bot_framework_authentication(
            settings
        )
        self._clock_skew = clock_skew

    async def close(self) -> None:
        """Close the outbound clients and the key source's own HTTP session."""
        await self.connector_clients.close()
        if self._keys is not None:
            await self._keys.close()

    async def authenticate(self, auth_header: str | None, activity: Activity) -> ClaimsIdentity:
        """The caller's verified claims; raises AuthenticationError (only) on any failure.

        SigningKeysUnavailableError also escapes: that is our outage, not a bad token.
        """
        if self._settings.local_mode:
            return anonymous_identity()
        if self._keys is None:  # unreachable after __init__; keeps type checkers honest
            raise AuthenticationError("no key source")
        token = _bearer_token(auth_header)
        key = await self._keys.get_key(_key_id(token))
        claims = self._decode(token, key)
        _check_endorsement(key, activity.channel_id)
        if claims.get(AuthenticationConstants.SERVICE_URL_CLAIM) != activity.service_url:
            raise AuthenticationError("serviceurl claim does not match the activity")
        return ClaimsIdentity(claims, True)

    async def authenticate_request(
        self, auth_header: str | None, activity: Activity
    ) -> AuthenticateRequestResult:
        """What `CloudAdapterBase.process_activity` takes instead of the raw header.

        Its connector factory hands out clients from `connector_clients`, kept across turns.
        """
        identity = await self.authenticate(auth_header, activity)
        result = AuthenticateRequestResult()
        result.claims_identity = identity
        result.audience = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
        # As the SDK does: no caller id when authentication is off, the public cloud's otherwise.
        result.caller_id = (
            None if self._settings.local_mode else CallerIdConstants.public_azure_channel.value
        )
        result.connector_factory = TurnConnectorFactory(
            self._sdk_auth.create_connector_factory(identity), self.connector_clients
        )
        return result

    def _decode(self, token: str, key: SigningKey) -> dict[str, Any]:
        try:
            return jwt.decode(
                token,
                key.public_key,
                algorithms=[ALGORITHM],
                audience=self._settings.app_id,
                issuer=self._settings.token_issuer,
                leeway=self._clock_skew,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthenticationError(_reason(exc)) from None
        except (ValueError, TypeError):  # anything odd inside a token that parsed as JWT
            raise AuthenticationError("malformed token") from None


def create_authenticator(
    settings: Settings,
    *,
    bot_framework_authentication: BotFrameworkAuthentication | None = None,
) -> BotFrameworkAuthenticator:
    """An authenticator whose key source fetches from settings.openid_metadata_url with its own
    HTTP session (opened on first use; call `close()` at shutdown). None is needed in local mode.

    Pass the adapter's `bot_framework_authentication` so that both share one credentials factory.
    """
    keys = None if settings.local_mode else OpenIdKeySource(settings.openid_metadata_url)
    return BotFrameworkAuthenticator(
        settings, keys, bot_framework_authentication=bot_framework_authentication
    )


def anonymous_identity() -> ClaimsIdentity:
    """The identity the SDK itself gives a request when authentication is disabled.

    See `_jwt_token_validation_authenticate_request` in the SDK's
    _parameterized_bot_framework_authentication.py: no claims, authenticated, type "anonymous".
    With no `aud`/`appid` claim the connector factory asks the credential factory for app id
    None, which (app id unset) returns empty credentials,
    so replies to a loopback serviceUrl go out without a token.
    """
    return ClaimsIdentity({}, True, AuthenticationConstants.ANONYMOUS_AUTH_TYPE)


def _bearer_token(auth_header: str | None) -> str:
    if not auth_header:
        raise AuthenticationError("no Authorization header")
    scheme, _, token = auth_header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise AuthenticationError("Authorization is not a Bearer token")
    return token


def _key_id(token: str) -> str:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise AuthenticationError("malformed token") from None
    if header.get("alg") != ALGORITHM:
        raise AuthenticationError("token is not signed with RS256")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise AuthenticationError("token has no key id")
    return kid


def _check_endorsement(key: SigningKey, channel_id: str | None) -> None:
    """A key that lists endorsements may only sign for those channels (as the SDK checks)."""
    if key.endorsements and channel_id and channel_id not in key.endorsements:
        raise AuthenticationError("signing key is not endorsed for this channel")


def _reason(exc: jwt.PyJWTError) -> str:
    for error_type, reason in _JWT_REASONS:
        if isinstance(exc, error_type):
            return reason
    return "invalid token"
