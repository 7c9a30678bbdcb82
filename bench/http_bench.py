"""HTTP benchmark: N concurrent simulated Teams conversations against the running service and
a fake Bot Connector, and the same load against an echo bot on the same stack as the baseline.

Each server runs in its own process (as in production) and the load generator and fake
connector in this one. Two times are taken per turn:
- reply: from the POST to /api/messages until the bot's reply reached the connector, which is
  when the person in Teams sees the answer (the issue's "request to reply received");
- turn: until the POST's own response, which the Bot Framework protocol sends only when the
  whole turn is over, including what the bot does after replying (saving state, records).
The server's CPU time per turn (Linux: from /proc) is shown beside the timings: it is what a
turn costs, whatever else the machine is doing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp

from bot.devtools.client import Person, TeamsClient
from bot.devtools.fake_connector import FakeConnector

from .knowledge_bench import QUESTIONS
from .records_bench import create_database

CONVERSATIONS = 50
TURNS_PER_CONVERSATION = 20
WARM_UP_CONVERSATIONS = 5  # run through once before timing; their turns are not timed
# People read the answer before they type again: 0.5-1.5 s between a person's messages.
THINK_SECONDS = (0.5, 1.5)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def wait_ready(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}")
            with contextlib.suppress(aiohttp.ClientError):  # not listening yet: try again
                async with session.get(url + "/readyz") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.2)
    raise RuntimeError("server did not become ready")


def start_server(command: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of process `pid` so far; None where /proc is not available."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def load(
    urls: list[str], connector: FakeConnector, conversations: int, turns: int, paced: bool
) -> tuple[list[float], list[float], float]:
    """Reply and turn latencies in ms (each sorted) and the wall time of the timed part, with
    `conversations` conversations on each server in `urls`."""
    replies: list[float] = []
    latencies: list[float] = []
    limits = aiohttp.TCPConnector(limit=conversations * len(urls))
    async with aiohttp.ClientSession(connector=limits) as session:
        clients = [
            TeamsClient(url, connector, session, Person())
            for url in urls
            for _ in range(conversations)
        ]

        async def converse(index: int, client: TeamsClient) -> None:
            if paced:  # people start at different moments, not in lockstep
                await asyncio.sleep(random.uniform(0, THINK_SECONDS[1]))
            for turn in range(turns):
                question = QUESTIONS[(index + turn) % len(QUESTIONS)]
                started = time.perf_counter()
                reply = await client.say(question)
                latencies.append((time.perf_counter() - started) * 1000)
                if reply.status != 200 or not reply.activities:
                    raise RuntimeError(f"turn failed: HTTP {reply.status}")
                replies.append((reply.arrived[0] - started) * 1000)
                if paced:
                    await asyncio.sleep(random.uniform(*THINK_SECONDS))

        # the first conversations of every server, so each instance is warm
        warm_up = [c for i, c in enumerate(clients) if i % conversations < WARM_UP_CONVERSATIONS]
        await asyncio.gather(*(converse(i, c) for i, c in enumerate(warm_up)))
        latencies.clear()
        replies.clear()
        started = time.perf_counter()
        await asyncio.gather(*(converse(i, c) for i, c in enumerate(clients)))
        elapsed = time.perf_counter() - started
    return sorted(replies), sorted(latencies), elapsed


def p(samples: list[float], q: float) -> float:
    """The q-quantile of sorted samples (nearest rank)."""
    return samples[max(0, round(q * len(samples)) - 1)]


async def measure(name: str, servers: list[tuple[list[str], dict[str, str], int]]) -> list[dict]:
    """Rows for one bot: each server is (command, environment, port). With several servers (one
    bot, several instances) each gets CONVERSATIONS conversations of its own."""
    connector = FakeConnector()
    await connector.start()
    processes = [start_server(command, env) for command, env, _ in servers]
    urls = [f"http://127.0.0.1:{port}" for _, _, port in servers]
    rows = []
    try:
        for url, process in zip(urls, processes, strict=True):
            await wait_ready(url, process)
        for paced in (True, False):
            cpu_before = _total_cpu(processes)
            replies, samples, elapsed = await load(
                urls, connector, CONVERSATIONS, TURNS_PER_CONVERSATION, paced
            )
            cpu_after = _total_cpu(processes)
            all_turns = len(samples) + len(urls) * WARM_UP_CONVERSATIONS * TURNS_PER_CONVERSATION
            cpu_ms = (
                None
                if cpu_before is None or cpu_after is None
                else (cpu_after - cpu_before) * 1000 / all_turns
            )
            rows.append(
                {
                    "name": name,
                    "load": "paced" if paced else "saturated",
                    "turns_per_s": len(samples) / elapsed,
                    "reply_p50": p(replies, 0.5),
                    "reply_p99": p(replies, 0.99),
                    "p50": p(samples, 0.5),
                    "p99": p(samples, 0.99),
                    "n": len(samples),
                    "cpu_ms": cpu_ms,
                }
            )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        await connector.stop()
    return rows


def _total_cpu(processes: list[subprocess.Popen]) -> float | None:
    times = [cpu_seconds(process.pid) for process in processes]
    return None if None in times else sum(t for t in times if t is not None)


async def run(bots: tuple[str, ...] = ()) -> list[dict]:
    """Every row, or only those of the bots named in `bots`."""
    results = []
    policybot = [str(Path(sys.executable).with_name("policybot")), "serve"]
    quiet = {"POLICYBOT_LOG_LEVEL": "WARNING"}

    def wanted(name: str) -> bool:
        return not bots or name in bots

    def instance(database_url: str) -> tuple[list[str], dict[str, str], int]:
        port = free_port()
        env = {**quiet, "POLICYBOT_PORT": str(port), "POLICYBOT_DATABASE_URL": database_url}
        return [*policybot, "--upgrade-database"], env, port

    with tempfile.TemporaryDirectory() as folder:
        if wanted(SQLITE):
            sqlite_url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
            results += await measure(SQLITE, [instance(sqlite_url)])
    if wanted(POSTGRES) or wanted(POSTGRES_TWO):
        async with temporary_postgres() as postgres_url:
            if postgres_url is None:
                print("PostgreSQL rows skipped: no PostgreSQL binaries (install `postgresql`)")
            else:
                if wanted(POSTGRES):
                    results += await measure(POSTGRES, [instance(postgres_url)])
                if wanted(POSTGRES_TWO):
                    two = [instance(postgres_url), instance(postgres_url)]
                    results += await measure(POSTGRES_TWO, two)
    echo = [sys.executable, "-m", "bench.echo_bot", "--port"]
    if wanted(ECHO):
        port = free_port()
        results += await measure(ECHO, [([*echo, str(port)], {}, port)])
    if wanted(CARD_ECHO):
        port = free_port()
        results += await measure(CARD_ECHO, [([*echo, str(port), "--card"], {}, port)])
    return results


@contextlib.asynccontextmanager
async def temporary_postgres() -> AsyncIterator[str | None]:
    """A fresh durable PostgreSQL database for the run (None without PostgreSQL binaries)."""
    from tests.pg import TemporaryPostgres, find_bindir, with_database

    bindir = find_bindir()
    if bindir is None:
        yield None
        return
    server = TemporaryPostgres(bindir, durable=True)
    try:
        admin_url = server.start()
        await create_database(admin_url, "policybot_http_bench")
        yield with_database(admin_url, "policybot_http_bench")
    finally:
        server.stop()


SQLITE = "policybot"
POSTGRES = "policybot on PostgreSQL"
POSTGRES_TWO = "policybot on PG, 2 inst."
ECHO = "echo bot (baseline)"
CARD_ECHO = "echo with our card"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.http_bench")
    parser.add_argument(
        "--only", action="append", default=[], choices=BOTS, help="run only this bot's rows"
    )
    bots = tuple(parser.parse_args(argv).only)
    print(
        f"HTTP turns: {CONVERSATIONS} concurrent conversations per instance x"
        f" {TURNS_PER_CONVERSATION} turns; each server in its own process.\n"
        f"paced: each person pauses {THINK_SECONDS[0]}-{THINK_SECONDS[1]} s between messages;"
        " saturated: no pauses (the throughput limit).\n"
        "reply: request to reply received at the connector; turn: request to the POST's"
        " response (the whole turn, state and records saved). CPU: the bot processes' own\n"
        "(PostgreSQL's server processes are not counted)."
    )
    results = asyncio.run(run(bots))
    print(
        f"{'bot':<26}{'load':<11}{'turns/s':>9}{'reply p50':>11}{'reply p99':>11}"
        f"{'turn p50':>10}{'turn p99':>10}{'n':>6}{'CPU ms/turn':>13}"
    )
    for r in results:
        cpu = "n/a" if r["cpu_ms"] is None else f"{r['cpu_ms']:.2f}"
        print(
            f"{r['name']:<26}{r['load']:<11}{r['turns_per_s']:>9,.0f}{r['reply_p50']:>11.1f}"
            f"{r['reply_p99']:>11.1f}{r['p50']:>10.1f}{r['p99']:>10.1f}{r['n']:>6}{cpu:>13}"
        )
    for load in ("paced", "saturated"):
        rows = {r["name"]: r for r in results if r["load"] == load}
        for ours, base in (
            (SQLITE, ECHO),
            (SQLITE, CARD_ECHO),
            (POSTGRES, SQLITE),
            (POSTGRES_TWO, SQLITE),
        ):
            if ours in rows and base in rows:
                print(f"{load}: {ours} / {base}: {_ratios(rows[ours], rows[base])}")


BOTS = (SQLITE, POSTGRES, POSTGRES_TWO, ECHO, CARD_ECHO)


def _ratios(ours: dict, base: dict) -> str:
    cpu = (
        ""
        if ours["cpu_ms"] is None or base["cpu_ms"] is None
        else f", server CPU per turn x{ours['cpu_ms'] / base['cpu_ms']:.2f}"
    )
    return (
        f"reply p50 x{ours['reply_p50'] / base['reply_p50']:.2f},"
        f" reply p99 x{ours['reply_p99'] / base['reply_p99']:.2f},"
        f" turn p50 x{ours['p50'] / base['p50']:.2f},"
        f" throughput x{ours['turns_per_s'] / base['turns_per_s']:.2f}{cpu}"
    )


if __name__ == "__main__":
    main()
