"""The two instances of infra/compose.yaml, run as two `policybot serve` processes on the test
PostgreSQL with the file's own settings, sharing one board: a request made across both is made
once, its card posted once, the board's clicks on both decide it once, and after both restart
together a waiting request is reminded once.

What differs from the file, and why: the database URL is the test server's; the instances listen
on loopback without Bot Framework credentials (local mode), because the fake Bot Connector
cannot issue Entra ID tokens, so the authenticated path is tested elsewhere (tests/hosting, the
image test); and the approvers, the outbox poll and, after the restart, the reminder age are set
so that the test takes seconds, not days.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from bot.devtools.client import Person, TeamsClient
from bot.devtools.fake_connector import FakeConnector, Received

from ..service.test_approval_board import APPROVER, BOARD_CHANNEL, SECOND_APPROVER, text_of
from ..service.test_approval_request_flow import button, last_words
from .test_compose import BOTS, DOT_ENV, command, environment

pytestmark = pytest.mark.postgres

CREDENTIALS = ("MicrosoftAppId", "MicrosoftAppPassword", "MicrosoftAppType", "MicrosoftAppTenantId")
REMINDER_AGE = 6.0  # seconds
POLICYBOT = str(Path(sys.executable).with_name("policybot"))


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Instance:
    """One compose service as a process: its environment and command from the file."""

    def __init__(self, name: str, database_url: str, log_dir: Path, **extra: str) -> None:
        env = environment(BOTS[name], DOT_ENV)
        for variable in CREDENTIALS:
            env.pop(variable)
        self.port = _free_port()
        env |= {
            "POLICYBOT_DATABASE_URL": database_url,
            "POLICYBOT_HOST": "127.0.0.1",
            "POLICYBOT_PORT": str(self.port),
            "POLICYBOT_APPROVERS": f"{APPROVER.aad_object_id},{SECOND_APPROVER.aad_object_id}",
            "POLICYBOT_OUTBOX_POLL_SECONDS": "0.1",
            **extra,
        }
        self.args = [POLICYBOT, "serve", *command(BOTS[name])]
        self.env = {**os.environ, **env}
        self.log = log_dir / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(self.args, env=self.env, stdout=log, stderr=log)

    async def ready(self, http: aiohttp.ClientSession, timeout: float = 60) -> None:
        assert self.process is not None
        for _ in range(int(timeout / 0.2)):
            assert self.process.poll() is None, self.log.read_text()
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"http://127.0.0.1:{self.port}/readyz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.2)
        raise AssertionError(f"not ready: {self.log.read_text()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            assert self.process.wait(timeout=30) == 0, self.log.read_text()


@contextlib.asynccontextmanager
async def compose_up(
    database_url: str, http: aiohttp.ClientSession, log_dir: Path, **extra: str
) -> AsyncIterator[tuple[Instance, Instance]]:
    """bot1 (which migrates) first, bot2 once bot1 is healthy: the file's depends_on order."""
    first = Instance("bot1", database_url, log_dir, **extra)
    second = Instance("bot2", database_url, log_dir, **extra)
    try:
        first.start()
        await first.ready(http)
        second.start()
        await second.ready(http)
        yield first, second
    finally:
        for instance in (first, second):
            instance.stop()


def board_posts(connector: FakeConnector, words: str) -> list[Received]:
    """New activities (not updates) in the board's channel that say `words`."""
    return [
        r
        for r in connector.received
        if r.action != "update"
        and r.conversation_id.startswith(BOARD_CHANNEL)
        and words in text_of(r.activity)
    ]


async def request_across_both(first: Instance, second: Instance, connector, http, tool: str):
    """One person's request dialog, its turns alternating between the instances, and its
    Submit clicked three times on each at once."""
    person = Person(name="Sam Requester")
    clients = [TeamsClient(i.url, connector, http, person) for i in (first, second)]
    clients[1].conversation_id = clients[0].conversation_id
    steps = [
        f"request approval for {tool} to make posters for library events",
        "event titles, dates and venues",
        "public",
        "poster images",
        "printed and put up in our libraries",
        "skip",
    ]
    for index, step in enumerate(steps):
        summary = await clients[index % 2].say(step)
    assert "Check your approval request" in last_words(summary.activities)
    submit = button(summary.activities, "Submit request")
    replies = await asyncio.gather(*(c.submit(dict(submit)) for _ in range(3) for c in clients))
    assert all(r.status == 200 for r in replies)
    return clients[0], " ".join(last_words(r.activities) for r in replies)


async def test_two_compose_instances_share_one_board_exactly_once(
    pg_url: str, tmp_path: Path
) -> None:
    connector = FakeConnector()
    await connector.start()
    try:
        async with aiohttp.ClientSession() as http:
            async with compose_up(pg_url, http, tmp_path) as (first, second):
                board = TeamsClient(first.url, connector, http, APPROVER, channel_id=BOARD_CHANNEL)
                registered = await board.say("register governance channel")
                assert "Done" in last_words(registered.activities)

                requester, said = await request_across_both(
                    first, second, connector, http, "Midjourney"
                )
                assert "AR-0001" in said and "AR-0002" not in said
                await connector.wait_for(
                    lambda _: bool(board_posts(connector, "Approval request AR-0001"))
                )

                # the board clicks on both instances at once: two approves and a reject
                boards = [
                    TeamsClient(i.url, connector, http, who, channel_id=BOARD_CHANNEL)
                    for i, who in ((first, APPROVER), (second, APPROVER), (second, SECOND_APPROVER))
                ]
                told_before = len(connector.sent(requester.conversation_id))
                clicks = await asyncio.gather(
                    boards[0].execute("approval.approve", {"reference": "AR-0001"}),
                    boards[1].execute("approval.approve", {"reference": "AR-0001"}),
                    boards[2].execute(
                        "approval.reject", {"reference": "AR-0001", "reason": "Too costly"}
                    ),
                )
                assert all(c.status == 200 for c in clicks)
                answers = [text_of(c.body) for c in clicks]
                assert sum("is decided" in a for a in answers) == 1, answers
                assert sum("lready decided" in a for a in answers) == 2, answers
                await connector.wait_for_sent(told_before + 1, requester.conversation_id)

                # a second request, left waiting for the reminders after the restart
                _, said = await request_across_both(first, second, connector, http, "Canva")
                made = time.monotonic()
                assert "AR-0002" in said and "AR-0003" not in said
                await connector.wait_for(
                    lambda _: bool(board_posts(connector, "Approval request AR-0002"))
                )
                await asyncio.sleep(1.0)  # a wrongly duplicated post or notice has time to come
                assert len(board_posts(connector, "Approval request AR-0001")) == 1
                assert len(board_posts(connector, "Approval request AR-0002")) == 1
                assert len(connector.sent(requester.conversation_id)) == told_before + 1

            # both restart together, with requests overdue after REMINDER_AGE: each instance's
            # first periodic pass (as its outbox pump starts) looks for waiting requests at once.
            # A reminder is due again only REMINDER_AGE after the last, which must therefore be
            # longer than the two instances' start-ups are apart.
            reminded = {"POLICYBOT_APPROVAL_REMINDER_DAYS": f"{REMINDER_AGE / 86400:.8f}"}
            await asyncio.sleep(max(0.0, made + REMINDER_AGE + 0.5 - time.monotonic()))
            restarted = [Instance(n, pg_url, tmp_path, **reminded) for n in ("bot1", "bot2")]
            try:
                for instance in restarted:
                    instance.start()
                for instance in restarted:
                    await instance.ready(http)

                def reminders() -> list[Received]:
                    return board_posts(connector, "Still waiting for a decision")

                await connector.wait_for(lambda _: bool(reminders()), timeout=20)
                await asyncio.sleep(1.5)  # the other instance's pass has run by now
                [reminder] = reminders()
                assert "AR-0002" in text_of(reminder.activity)
                assert "AR-0001" not in text_of(reminder.activity)  # decided: never reminded
            finally:
                for instance in restarted:
                    instance.stop()
    finally:
        await connector.stop()
