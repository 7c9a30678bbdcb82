"""The service on a free loopback port, a fake Bot Connector, and a Teams-like client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.app import create_app
from bot.devtools.client import Person, TeamsClient
from bot.devtools.fake_connector import FakeConnector
from bot.settings import Settings


class RunningService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app: web.Application | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> RunningService:
        self.app = create_app(self.settings)
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"
        return self

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()
            self._runner = None


@asynccontextmanager
async def running(settings: Settings, count: int = 1) -> AsyncIterator[list[RunningService]]:
    """`count` instances of the service on one database, each with its own outbox relay."""
    instances = [RunningService(settings) for _ in range(count)]
    try:
        for instance in instances:
            await instance.start()
        yield instances
    finally:
        for instance in instances:
            await instance.stop()


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'policybot.sqlite3'}"


@pytest.fixture
def local_settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, port=0)


@pytest.fixture
async def service(local_settings: Settings) -> AsyncIterator[RunningService]:
    running = await RunningService(local_settings).start()
    yield running
    await running.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def make_client(
    service: RunningService, connector: FakeConnector, http: aiohttp.ClientSession
) -> Callable[..., TeamsClient]:
    def make(**kwargs) -> TeamsClient:
        return TeamsClient(service.url, connector, http, kwargs.pop("person", Person()), **kwargs)

    return make
