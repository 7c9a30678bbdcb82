"""A fake Bot Connector: the Teams side of the wire, served over real HTTP on loopback.

The bot replies by calling the Bot Connector REST API at the activity's `serviceUrl`. This server
answers those calls the way the service does (ids for new activities, updates in place) and keeps
what it received, so tests, `policybot chat` and the HTTP benchmark can see what a person in
Teams would see. It can also misbehave on purpose (HTTP 429 or 5xx for the next N calls) to test
delivery retries.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from aiohttp import web


@dataclass
class Received:
    """One call the bot made: what it did, where, and the activity it sent."""

    method: str
    action: str  # "send", "reply", "update", "delete", "create_conversation", "members"
    conversation_id: str
    activity_id: str | None
    activity: dict[str, Any] = field(default_factory=dict)
    authorization: str | None = None
    at: float = field(default_factory=time.perf_counter)  # when it arrived (perf_counter clock)


@dataclass
class Failure:
    status: int
    retry_after: float | None = None


class FakeConnector:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.activities: dict[str, dict[str, Any]] = {}  # id -> latest version, as Teams shows it
        self.members: dict[str, list[dict[str, Any]]] = {}  # conversation id -> members
        self.member_failures: list[int] = []  # statuses the next roster lookups answer with
        self.latency = 0.0  # seconds each send or update takes, as a busy Bot Connector's do
        self._failures: list[Failure] = []
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.url = ""

    # -- control -------------------------------------------------------------------------
    def fail_next(self, count: int, status: int = 429, retry_after: float | None = None) -> None:
        self._failures.extend(Failure(status, retry_after) for _ in range(count))

    def sent(self, conversation_id: str | None = None) -> list[dict[str, Any]]:
        """Activities the bot posted (sends and replies), oldest first."""
        return [
            r.activity
            for r in self.received
            if r.action in ("send", "reply")
            and (conversation_id is None or r.conversation_id == conversation_id)
        ]

    async def wait_for(
        self, predicate: Callable[[list[Received]], bool], timeout: float = 10.0
    ) -> list[Received]:
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: predicate(self.received)), timeout
            )
        return self.received

    async def wait_for_sent(
        self, count: int, conversation_id: str | None = None, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        await self.wait_for(lambda _: len(self.sent(conversation_id)) >= count, timeout)
        return self.sent(conversation_id)

    # -- server --------------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/v3/conversations", self._conversations)
        app.router.add_route("*", "/v3/conversations/{rest:.*}", self._conversation)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0][1]
        self.url = f"http://{host}:{bound}/"
        return self.url

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    # -- handlers ------------------------------------------------------------------------
    async def _conversations(self, request: web.Request) -> web.Response:
        if (failure := self._take_failure()) is not None:
            return _failure_response(failure)
        params = await request.json() if request.can_read_body else {}
        conversation_id = f"a:fake-{next(self._ids)}"
        self.members[conversation_id] = list(params.get("members") or [])
        await self._record(
            Received(
                request.method,
                "create_conversation",
                conversation_id,
                None,
                params,
                request.headers.get("Authorization"),
            )
        )
        return web.json_response({"id": conversation_id, "serviceUrl": self.url})

    async def _conversation(self, request: web.Request) -> web.Response:
        parts = [unquote(p) for p in request.match_info["rest"].split("/")]
        conversation_id, rest = parts[0], parts[1:]
        if rest[:1] == ["members"]:
            return self._members(conversation_id, rest[1:])
        if (failure := self._take_failure()) is not None:
            return _failure_response(failure)
        activity_id = rest[1] if len(rest) > 1 else None
        body = await request.json() if request.can_read_body else {}
        if self.latency:
            await asyncio.sleep(self.latency)
        action = _action(request.method, activity_id)
        if action in ("send", "reply"):
            activity_id = f"act-{next(self._ids)}"
        if activity_id and action != "delete":
            self.activities[activity_id] = {**body, "id": activity_id}
        elif activity_id:
            self.activities.pop(activity_id, None)
        auth = request.headers.get("Authorization")
        await self._record(
            Received(request.method, action, conversation_id, activity_id, body, auth)
        )
        return web.json_response({"id": activity_id or ""})

    def _members(self, conversation_id: str, rest: list[str]) -> web.Response:
        if self.member_failures:
            status = self.member_failures.pop(0)
            return web.json_response({"error": {"code": "ServiceError"}}, status=status)
        members = self.members.get(conversation_id, [])
        if not rest:
            return web.json_response(members)
        wanted = rest[0]
        for member in members:
            if wanted in (member.get("id"), member.get("aadObjectId")):
                return web.json_response(member)
        return web.json_response({"error": {"code": "MemberNotFound"}}, status=404)

    def _take_failure(self) -> Failure | None:
        return self._failures.pop(0) if self._failures else None

    async def _record(self, received: Received) -> None:
        async with self._changed:
            self.received.append(received)
            self._changed.notify_all()


def _action(method: str, activity_id: str | None) -> str:
    if method == "POST":
        return "reply" if activity_id else "send"
    return {"PUT": "update", "DELETE": "delete"}.get(method, method.lower())


def _failure_response(failure: Failure) -> web.Response:
    headers = {"Retry-After": f"{failure.retry_after:g}"} if failure.retry_after is not None else {}
    return web.json_response(
        {"error": {"code": "Throttled"}}, status=failure.status, headers=headers
    )
