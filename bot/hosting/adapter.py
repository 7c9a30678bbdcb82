"""The SDK's CloudAdapter, configured from our Settings, with the reply path of send_path.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    ConfigurationServiceClientCredentialFactory,
)
from botbuilder.schema import CallerIdConstants
from botframework.connector.auth import (
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ServiceClientCredentialsFactory,
    UserTokenClient,
)

from bot.settings import Settings

from .connectors import CachingCredentialsFactory
from .sdk_patches import pass_plain_json_through_msrest, speed_up_msrest_retry_policy
from .send_path import PolicybotCloudAdapter


@dataclass(frozen=True)
class SdkConfiguration:
    """The attribute names ConfigurationBotFrameworkAuthentication reads with getattr.

    Passing the OpenID metadata URL or token issuer switches the SDK to its "parameterized"
    authentication, which then needs every endpoint spelled out: left unset, the login URL is None
    and token requests go to no authority at all. So the public-cloud values are given here.
    """

    APP_ID: str
    APP_PASSWORD: str = field(repr=False)
    APP_TYPE: str
    APP_TENANTID: str
    TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL: str
    TO_BOT_FROM_CHANNEL_TOKEN_ISSUER: str
    TO_CHANNEL_FROM_BOT_LOGIN_URL: str
    TO_CHANNEL_FROM_BOT_OAUTH_SCOPE: str = AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
    OAUTH_URL: str = AuthenticationConstants.OAUTH_URL
    TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL: str = (
        AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
    )
    CALLER_ID: str = CallerIdConstants.public_azure_channel.value
    VALIDATE_AUTHORITY: bool = True


def sdk_configuration(settings: Settings) -> SdkConfiguration:
    """In local mode the app type is forced to MultiTenant: the SDK's credential factory raises a
    bare Exception for SingleTenant or UserAssignedMSI without an app id, and MultiTenant with no
    app id is its "authentication disabled" (empty credentials) case."""
    tenant = settings.app_tenant_id if settings.app_type == "SingleTenant" else ""
    login_tenant = tenant or AuthenticationConstants.DEFAULT_CHANNEL_AUTH_TENANT
    return SdkConfiguration(
        APP_ID=settings.app_id,
        APP_PASSWORD=settings.app_password.reveal(),
        APP_TYPE="MultiTenant" if settings.local_mode else settings.app_type,
        APP_TENANTID=settings.app_tenant_id,
        TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL=settings.openid_metadata_url,
        TO_BOT_FROM_CHANNEL_TOKEN_ISSUER=settings.token_issuer,
        TO_CHANNEL_FROM_BOT_LOGIN_URL=(
            AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX + login_tenant
        ),
    )


class KeptUserTokenClients(ConfigurationBotFrameworkAuthentication):
    """The SDK builds a UserTokenClient (a msrest client, ~0.15 ms) for every turn, for sign-in
    prompts policybot never shows. One per app id is kept instead; like the connector clients,
    it holds no per-turn state, and its credentials come from the same caching factory."""

    MAX_KEPT = 16

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._user_token_clients: dict[str | None, UserTokenClient] = {}

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        app_id = _app_id(claims_identity)
        client = self._user_token_clients.get(app_id)
        if client is None:
            client = await super().create_user_token_client(claims_identity)
            if len(self._user_token_clients) >= self.MAX_KEPT:
                self._user_token_clients.clear()
            self._user_token_clients[app_id] = client
        return client


def _app_id(claims_identity: ClaimsIdentity) -> str | None:
    """The app id the SDK makes the client for (_BuiltinBotFrameworkAuthentication.get_app_id)."""
    app_id = claims_identity.get_claim_value(AuthenticationConstants.AUDIENCE_CLAIM)
    if app_id is None:
        app_id = claims_identity.get_claim_value(AuthenticationConstants.APP_ID_CLAIM)
    return str(app_id) if app_id is not None else None


def create_bot_framework_authentication(
    settings: Settings, *, credentials_factory: ServiceClientCredentialsFactory | None = None
) -> BotFrameworkAuthentication:
    """`credentials_factory` replaces the one built from the app id and password (tests use it to
    avoid a real Entra ID token endpoint). Either way it is wrapped in a CachingCredentialsFactory
    so that the MSAL token cache outlives a turn."""
    configuration = sdk_configuration(settings)
    inner = credentials_factory or ConfigurationServiceClientCredentialFactory(configuration)
    return KeptUserTokenClients(configuration, credentials_factory=CachingCredentialsFactory(inner))


def create_adapter(
    settings: Settings, *, credentials_factory: ServiceClientCredentialsFactory | None = None
) -> CloudAdapter:
    """A CloudAdapter for outbound calls and `process_activity`.

    Do not route requests to its `process` method: that answers every invoke with HTTP 500 and
    every authentication failure with 500 too. Use messages.MessagesHandler. The caller sets
    `adapter.on_turn_error`.
    """
    speed_up_msrest_retry_policy()
    pass_plain_json_through_msrest()
    return PolicybotCloudAdapter(
        create_bot_framework_authentication(settings, credentials_factory=credentials_factory)
    )
