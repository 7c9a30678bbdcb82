"""Outbound clients the SDK opens for a turn, and closes never.

The SDK creates a ConnectorClient (with its own `requests` session) on every turn and does not
close it, so keep-alive sockets to the Bot Connector pile up until the garbage collector finds
them. `TurnConnectorFactory` remembers what it created so that the handler closes it when the turn
ends. It also creates Entra ID credentials afresh for every client, each with an empty MSAL token
cache, so every turn would fetch a new token (a blocking call in the event loop);
`CachingCredentialsFactory` hands out the same credentials object for the same request.
"""

from __future__ import annotations

import logging

from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import ConnectorFactory, ServiceClientCredentialsFactory
from msrest.authentication import Authentication

logger = logging.getLogger(__name__)


class TurnConnectorFactory(ConnectorFactory):
    """Wraps the SDK's factory for one turn; `close()` closes every client it made."""

    def __init__(self, inner: ConnectorFactory) -> None:
        self._inner = inner
        self._clients: list[ConnectorClient] = []

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        client = await self._inner.create(service_url, audience)
        self._clients.append(client)
        return client

    async def close(self) -> None:
        clients, self._clients = self._clients, []
        for client in clients:
            try:
                await client.__aexit__(None, None, None)  # msrest's async clients have no close()
            except Exception:  # a failed close must not turn a handled turn into an error
                logger.warning("could not close a connector client", exc_info=True)


class CachingCredentialsFactory(ServiceClientCredentialsFactory):
    """One credentials object (and so one MSAL token cache) per app id, scope and endpoint."""

    def __init__(self, inner: ServiceClientCredentialsFactory) -> None:
        self._inner = inner
        self._cache: dict[tuple[str, str, str, bool], Authentication] = {}

    async def is_valid_app_id(self, app_id: str) -> bool:
        return await self._inner.is_valid_app_id(app_id)

    async def is_authentication_disabled(self) -> bool:
        return await self._inner.is_authentication_disabled()

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> Authentication:
        key = (app_id, oauth_scope, login_endpoint, validate_authority)
        credentials = self._cache.get(key)
        if credentials is None:
            credentials = await self._inner.create_credentials(
                app_id, oauth_scope, login_endpoint, validate_authority
            )
            self._cache[key] = credentials
        return credentials
