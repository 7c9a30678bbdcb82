"""POST /api/messages: check the request, then hand the activity to the adapter.

We do not use the SDK's `CloudAdapter.process`: it answers every invoke (Adaptive Card
Action.Execute) with HTTP 500, because it serialises the already-serialised invoke body a second
time (botbuilder/integration/aiohttp/cloud_adapter.py, `process`, around line 106), and it answers
authentication failures with 500 as well.

Checks run in this order, each before anything the bot does, so a refused request never reaches
bot logic, state or the database, and nothing is ever sent to a forged serviceUrl:

    415 Content-Type is not application/json
    413 Content-Length, or the body actually read, is over settings.max_body_bytes
    400 not JSON, not an object, not an Activity, or no string `type` / `serviceUrl`, or a field
        the bot reads of the wrong type, or an id unfit for a URL or header (activity_fields)
    401 no valid Bot Connector token (outside local mode)
    503 the signing keys could not be fetched (Bot Framework retries)
    403 the tenant is not in settings.allowed_tenants (when that is non-empty)
    403 the serviceUrl host is not allowed

Request bodies and user text are never logged.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from http import HTTPStatus
from typing import Any

from aiohttp import web
from botbuilder.core import CloudAdapterBase, InvokeResponse, TurnContext
from botbuilder.core.serializer_helper import serializer_helper
from botbuilder.schema import Activity
from botframework.connector.auth import AuthenticateRequestResult
from msrest.serialization import Model

from bot.errors import PolicybotError
from bot.settings import Settings

from .activity_fields import FieldError, check_fields, storable, tolerated
from .auth import BotFrameworkAuthenticator
from .errors import AuthenticationError, BodyTooLargeError, SigningKeysUnavailableError
from .limits import read_at_most
from .service_url import is_allowed_service_url

__all__ = ["MessagesHandler", "add_messages_route", "is_allowed_service_url"]

logger = logging.getLogger(__name__)

BotLogic = Callable[[TurnContext], Awaitable[None]]
MESSAGES_PATH = "/api/messages"


class RequestRefused(PolicybotError):
    """Control flow inside this module: the request is answered with `status`."""

    def __init__(self, status: HTTPStatus, error: str) -> None:
        super().__init__(error)
        self.status = status
        self.error = error

    def response(self) -> web.Response:
        headers = {"WWW-Authenticate": "Bearer"} if self.status == HTTPStatus.UNAUTHORIZED else None
        return web.json_response({"error": self.error}, status=self.status, headers=headers)


class MessagesHandler:
    """The aiohttp handler for Bot Framework activities; see the module docstring for the order."""

    def __init__(
        self,
        adapter: CloudAdapterBase,
        bot_logic: BotLogic,
        settings: Settings,
        authenticator: BotFrameworkAuthenticator,
    ) -> None:
        self._adapter = adapter
        self._bot_logic = bot_logic
        self._settings = settings
        self._authenticator = authenticator

    async def handle(self, request: web.Request) -> web.StreamResponse:
        try:
            body = await self._read_json(request)
            activity = _activity(body)
            auth = await self._authenticate(request, activity)
            self._check_tenant(body)
            self._check_service_url(activity)
        except RequestRefused as refused:
            return refused.response()
        try:
            invoke_response = await self._adapter.process_activity(auth, activity, self._bot_logic)
            return _response(invoke_response)
        except Exception:
            # on_turn_error handles the bot's own errors; this is what escaped it.
            logger.exception("activity of type %s could not be processed", _loggable(activity.type))
            return web.json_response({"error": "internal error"}, status=500)

    async def _read_json(self, request: web.Request) -> dict[str, Any]:
        if request.content_type != "application/json":
            raise RequestRefused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "expected application/json")
        limit = self._settings.max_body_bytes
        too_large = RequestRefused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "body too large")
        if request.content_length is not None and request.content_length > limit:
            raise too_large
        try:
            raw = await read_at_most(request.content, limit)
        except BodyTooLargeError:
            raise too_large from None
        try:
            body = json.loads(raw)
        except (ValueError, RecursionError):
            raise RequestRefused(HTTPStatus.BAD_REQUEST, "body is not JSON") from None
        if not isinstance(body, dict):
            raise RequestRefused(HTTPStatus.BAD_REQUEST, "body is not a JSON object")
        return tolerated(storable(body))

    async def _authenticate(
        self, request: web.Request, activity: Activity
    ) -> AuthenticateRequestResult:
        try:
            return await self._authenticator.authenticate_request(
                request.headers.get("Authorization"), activity
            )
        except AuthenticationError as exc:
            logger.warning("refused an activity: %s", exc.reason)
            raise RequestRefused(HTTPStatus.UNAUTHORIZED, "unauthorized") from None
        except SigningKeysUnavailableError:
            logger.exception("could not check a token: no signing keys")
            raise RequestRefused(HTTPStatus.SERVICE_UNAVAILABLE, "try again later") from None

    def _check_tenant(self, body: Mapping[str, Any]) -> None:
        allowed = self._settings.allowed_tenants
        if not allowed:
            return
        tenants = activity_tenant_ids(body)
        if not tenants or not tenants <= allowed:
            logger.warning("refused an activity from tenant(s) %s", _loggable(sorted(tenants)))
            raise RequestRefused(HTTPStatus.FORBIDDEN, "tenant not allowed")

    def _check_service_url(self, activity: Activity) -> None:
        settings = self._settings
        if not is_allowed_service_url(
            activity.service_url, settings.allowed_service_url_hosts, local_mode=settings.local_mode
        ):
            url = _loggable(activity.service_url)
            logger.warning("refused an activity with serviceUrl %s", url)
            raise RequestRefused(HTTPStatus.FORBIDDEN, "serviceUrl not allowed")


def add_messages_route(
    app: web.Application,
    handler: MessagesHandler | Callable[[web.Request], Awaitable[web.StreamResponse]],
) -> None:
    """POST /api/messages (aiohttp answers 405 to other methods), to a handler or to a function
    that finds one (the service builds its handler at start-up, after the route is added)."""
    handle = handler.handle if isinstance(handler, MessagesHandler) else handler
    app.router.add_post(MESSAGES_PATH, handle)


def activity_tenant_ids(body: Mapping[str, Any]) -> frozenset[str]:
    """Every tenant id the activity names, lower-cased: Teams puts it in channelData.tenant.id and
    conversation.tenantId. Read from the JSON because the SDK's ConversationAccount maps
    `tenant_id` to "tenantID" and so drops Teams' "tenantId"."""
    found = (
        _get(body, "channelData", "tenant", "id"),
        _get(body, "conversation", "tenantId"),
    )
    return frozenset(value.strip().lower() for value in found if isinstance(value, str) and value)


def _activity(body: dict[str, Any]) -> Activity:
    for name in ("type", "serviceUrl"):
        if not isinstance(body.get(name), str) or not body[name]:
            raise RequestRefused(HTTPStatus.BAD_REQUEST, f"activity has no {name}")
    try:
        check_fields(body)
    except FieldError as exc:
        raise RequestRefused(HTTPStatus.BAD_REQUEST, str(exc)) from None
    try:
        return Activity().deserialize(body)
    except Exception:  # msrest raises DeserializationError, and worse for odd shapes
        raise RequestRefused(HTTPStatus.BAD_REQUEST, "body is not an activity") from None


def _response(invoke_response: InvokeResponse | None) -> web.Response:
    if invoke_response is None:
        return web.Response(status=HTTPStatus.OK)
    status = int(invoke_response.status or HTTPStatus.OK)
    body = invoke_response.body
    if body is None:
        return web.Response(status=status)
    if isinstance(body, Model):
        body = serializer_helper(body)
    return web.json_response(body, status=status)


def _get(body: Mapping[str, Any], *path: str) -> object:
    value: object = body
    for name in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(name)
    return value


def _loggable(value: object, limit: int = 200) -> str:
    """repr() escapes control characters; the cut keeps a hostile value from flooding the log."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."
