"""Outbound clients for the Bot Connector, kept across turns.

The SDK creates a ConnectorClient (with its own HTTP session and a msrest configuration that
takes milliseconds to build) on every turn and never closes it, so sockets pile up and each turn
pays for a new client. `ConnectorClientPool` keeps one client per service URL and audience for
the life of the service and closes them at shutdown; `TurnConnectorFactory` hands the pool's
clients to the SDK. The SDK also creates Entra ID credentials afresh for every client, each with
an empty MSAL token cache, so every turn would fetch a new token (a blocking call in the event
loop); `CachingCredentialsFactory` hands out the same credentials object for the same request.

The pool also owns the `ConnectorSender` that posts replies for its clients over one aiohttp
session (see outbound.py); the adapter finds it through the turn's connector factory.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable

from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import ConnectorFactory, ServiceClientCredentialsFactory
from msrest.authentication import Authentication

from .outbound import ConnectorSender

logger = logging.getLogger(__name__)


class ConnectorClientPool:
    """At most `size` clients, least recently used closed first."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._clients: OrderedDict[tuple[str, str | None], ConnectorClient] = OrderedDict()
        self._lock = asyncio.Lock()
        self.sender = ConnectorSender()

    async def get(
        self, key: tuple[str, str | None], make: Callable[[], Awaitable[ConnectorClient]]
    ) -> ConnectorClient:
        async with self._lock:
            client = self._clients.get(key)
            if client is None:
                client = await make()
                self._clients[key] = client
                while len(self._clients) > self._size:
                    _, oldest = self._clients.popitem(last=False)
                    await _close(oldest)
            self._clients.move_to_end(key)
            return client

    def __len__(self) -> int:
        return len(self._clients)

    async def close(self) -> None:
        clients, self._clients = list(self._clients.values()), OrderedDict()
        for client in clients:
            await _close(client)
        await self.sender.close()


class TurnConnectorFactory(ConnectorFactory):
    """What the SDK asks for clients during a turn; answers from the shared pool."""

    def __init__(self, inner: ConnectorFactory, pool: ConnectorClientPool) -> None:
        self._inner = inner
        self._pool = pool

    @property
    def sender(self) -> ConnectorSender:
        """Posts replies for the clients this factory hands out."""
        return self._pool.sender

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        return await self._pool.get(
            (service_url, audience), lambda: self._inner.create(service_url, audience)
        )


async def _close(client: ConnectorClient) -> None:
    try:
        await client.__aexit__(None, None, None)  # msrest's async clients have no close()
    except Exception:  # a failed close must not turn shutdown or a handled turn into an error
        logger.warning("could not close a connector client", exc_info=True)


class CachingCredentialsFactory(ServiceClientCredentialsFactory):
    """One credentials object (and so one MSAL token cache) per app id, scope and endpoint."""

    def __init__(self, inner: ServiceClientCredentialsFactory) -> None:
        self._inner = inner
        self._cache: dict[tuple[str, str, str, bool], Authentication] = {}

    async def is_valid_app_id(self, app_id: str) -> bool:
        return bool(await self._inner.is_valid_app_id(app_id))

    async def is_authentication_disabled(self) -> bool:
        return bool(await self._inner.is_authentication_disabled())

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
