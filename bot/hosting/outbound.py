"""Posting a turn's replies to the Bot Connector over aiohttp, the way the SDK's client would.

The SDK posts each reply through msrest, which validates and re-serialises the activity and then
hands the request to `requests` on a worker thread: about 1.1 ms of CPU a reply, most of it
thread hand-off and `requests` itself. `ConnectorSender` sends the same request from the event
loop with one shared aiohttp session:

- the same URL (msrest's own `format_url` on the client's serviceUrl, so only a serviceUrl the
  request checks let through is ever posted to), the same headers (Accept, Content-Type,
  x-ms-conversation-id, the client's User-Agent, and Authorization from the client's own
  credentials), and the same JSON (`activity_json`, held equal to msrest's by a property test);
- the same outcome: a ResourceResponse deserialised by the client's own Deserializer, and for any
  status but 200/201/202 the SDK's `ErrorResponseException` whose `.response` is a
  `requests.Response`, as on the SDK's path, so callers reading status and Retry-After see no
  difference; transport failures raise msrest's `ClientRequestError`, as there;
- the same retries: msrest's urllib3 policy (three retries, backoff factor 0.8) applies to a
  POST only when the connection could not be made (refused, unresolvable, TLS failure, connect
  timeout), never after the request may have reached the server, and never on a status;
- the same trust: certificates are checked against REQUESTS_CA_BUNDLE or CURL_CA_BUNDLE when set,
  as `requests` does, otherwise against certifi's bundle; the proxy is the one `requests` picks
  from the environment (HTTPS_PROXY, NO_PROXY...); the connect and read timeouts are the
  client's (100 s).

Two differences, both deliberate: a redirect is not followed (the Bot Connector API never
redirects, and a redirect is a way to take the bot's token elsewhere), so it comes back as an
ErrorResponseException; and ~/.netrc is never read (requests would put a netrc password for the
connector's host in place of the bot's token). aiohttp's own `trust_env` is off for that reason,
and because it reads netrc and the proxy variables on a worker thread for every request.

Clients configured in any other way (custom proxies, client certificates, hooks, credentials
that are not the SDK's AppCredentials) are declined by `accepts`, and the SDK sends as before.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import ssl
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import certifi
import requests
from botbuilder.schema import Activity, ResourceResponse
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import AppCredentials
from botframework.connector.models import ErrorResponseException
from msrest.exceptions import ClientRequestError
from msrest.universal_http import ClientRequest
from msrest.universal_http.async_requests import AsyncRequestsClientResponse
from msrest.universal_http.requests import default_session_configuration_callback
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers, get_environ_proxies, select_proxy
from yarl import URL

from .activity_json import activity_json

__all__ = ["ConnectorSender"]

logger = logging.getLogger(__name__)

SUCCESS = (200, 201, 202)
# What urllib3 counts as "the connection could not be made", which it retries even for a POST.
CONNECT_ERRORS: tuple[type[BaseException], ...] = (
    aiohttp.ClientConnectorError,
    aiohttp.ConnectionTimeoutError,
)
TRANSPORT_ERRORS: tuple[type[BaseException], ...] = (aiohttp.ClientError, asyncio.TimeoutError)

Sleep = Callable[[float], Awaitable[None]]
PROXY_VARIABLES = tuple(
    name
    for base in ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
    for name in (base, base.upper())
)


class _SignedHeaders:
    """Stands in for the requests.Session that AppCredentials.signed_session signs."""

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}


class ConnectorSender:
    """Sends activities for ConnectorClients it `accepts`; owns one aiohttp session (opened on
    first use; `close()` at shutdown)."""

    def __init__(self, *, sleep: Sleep = asyncio.sleep) -> None:
        self._session: aiohttp.ClientSession | None = None
        self._ssl: dict[Any, ssl.SSLContext | bool] = {}
        self._proxies: dict[tuple[str, str, tuple[str | None, ...]], str | None] = {}
        self._sleep = sleep

    async def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    @staticmethod
    def accepts(client: object) -> bool:
        """True for a ConnectorClient configured as the SDK configures it."""
        if not isinstance(client, ConnectorClient):
            return False
        config = client.config
        return (
            isinstance(config.credentials, AppCredentials)
            and getattr(config, "custom_pipeline", None) is None
            and not config.proxies.proxies
            and config.proxies.use_env_settings
            and config.connection.cert is None
            and not config.hooks
            and config.session_configuration_callback is default_session_configuration_callback
        )

    async def send(self, client: ConnectorClient, activity: Activity) -> ResourceResponse | None:
        """What `client.conversations.reply_to_activity` (when the activity has a replyToId) or
        `send_to_conversation` returns for `activity`, and the same errors."""
        operations = client.conversations
        serialize = operations._serialize
        conversation_id = activity.conversation.id
        path = {"conversationId": serialize.url("conversation_id", conversation_id, "str")}
        if activity.reply_to_id:
            template = operations.reply_to_activity.metadata["url"]
            path["activityId"] = serialize.url("activity_id", activity.reply_to_id, "str")
        else:
            template = operations.send_to_conversation.metadata["url"]
        url = operations._client.format_url(template, **path)
        config = client.config
        headers = {
            **config.headers,
            "Accept": "application/json",
            "Content-Type": "application/json; charset=utf-8",
            "x-ms-conversation-id": conversation_id,
            "User-Agent": config.user_agent,
        }
        signed = _SignedHeaders()
        config.credentials.signed_session(signed)
        headers.update(signed.headers)
        body = json.dumps(activity_json(activity, serialize), separators=(",", ":")).encode()
        response = await self._post(client, url, headers, body)
        if response.status_code not in SUCCESS:
            raise ErrorResponseException(operations._deserialize, response)
        return operations._deserialize("ResourceResponse", response)

    async def _post(
        self, client: ConnectorClient, url: str, headers: dict[str, str], body: bytes
    ) -> AsyncRequestsClientResponse:
        connection = client.config.connection
        timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=connection.timeout, sock_read=connection.timeout
        )
        retry = client.config.retry_policy.policy
        retries_left = _connect_retries(retry)
        failures = 0
        proxy = self.proxy_for(url)
        proxy_headers = _proxy_headers(proxy)
        while True:
            try:
                async with self._http().post(
                    url,
                    data=body,
                    headers=headers,
                    timeout=timeout,
                    ssl=self._ssl_for(connection.verify),
                    proxy=proxy,
                    proxy_headers=proxy_headers,
                    allow_redirects=False,
                ) as answer:
                    content = await answer.read()
                    return _msrest_response(url, answer, content)
            except CONNECT_ERRORS as exc:
                failures += 1
                if retries_left <= 0:
                    raise ClientRequestError("Error occurred in request.", exc) from exc
                retries_left -= 1
                delay = _backoff(retry, failures)
                logger.info("could not connect to the Bot Connector; retrying in %.1f s", delay)
                await self._sleep(delay)
            except TRANSPORT_ERRORS as exc:
                raise ClientRequestError("Error occurred in request.", exc) from exc

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession()
        return self._session

    def proxy_for(self, url: str) -> str | None:
        """The proxy `requests` would use for `url` given the environment (None: direct);
        remembered per scheme, host and proxy variables, since working it out takes ~0.15 ms."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc, tuple(os.environ.get(n) for n in PROXY_VARIABLES))
        try:
            return self._proxies[key]
        except KeyError:
            proxy = select_proxy(url, get_environ_proxies(url))
            if len(self._proxies) >= 256:
                self._proxies.clear()
            self._proxies[key] = proxy
            return proxy

    def _ssl_for(self, verify: Any) -> ssl.SSLContext | bool:
        """requests' rule: verify=False trusts anything; a path is a CA file or folder; True
        means REQUESTS_CA_BUNDLE, else CURL_CA_BUNDLE, else certifi."""
        if verify is False:
            return False
        if verify is True:
            verify = (
                os.environ.get("REQUESTS_CA_BUNDLE")
                or os.environ.get("CURL_CA_BUNDLE")
                or certifi.where()
            )
        context = self._ssl.get(verify)
        if context is None:
            if os.path.isdir(verify):
                context = ssl.create_default_context(capath=verify)
            else:
                context = ssl.create_default_context(cafile=verify)
            self._ssl[verify] = context
        return context


def _proxy_headers(proxy: str | None) -> dict[str, str] | None:
    """Credentials in the proxy's URL go to the proxy, as requests sends them."""
    auth = aiohttp.BasicAuth.from_url(URL(proxy)) if proxy else None
    return {"Proxy-Authorization": auth.encode()} if auth else None


def _connect_retries(retry: Any) -> int:
    """How many times urllib3's Retry lets a failed connection be tried again."""
    if retry.total is False:
        return 0
    limits = [n for n in (retry.total, retry.connect) if type(n) is int]
    return max(0, min(limits)) if limits else 0


def _backoff(retry: Any, failures: int) -> float:
    """urllib3's Retry.get_backoff_time after `failures` consecutive errors (no jitter)."""
    if failures <= 1:
        return 0.0
    return float(max(0.0, min(retry.backoff_max, retry.backoff_factor * (2 ** (failures - 1)))))


def _msrest_response(
    url: str, answer: aiohttp.ClientResponse, content: bytes
) -> AsyncRequestsClientResponse:
    """The response as msrest's requests driver hands it on: a requests.Response inside."""
    raw = requests.Response()
    raw.status_code = answer.status
    raw.headers = CaseInsensitiveDict(answer.headers)
    raw.reason = answer.reason or ""
    raw.url = url
    raw._content = content
    raw.encoding = get_encoding_from_headers(raw.headers)
    return AsyncRequestsClientResponse(ClientRequest("POST", url), raw)
