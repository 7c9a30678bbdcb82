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

import asyncio
import contextlib
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bot.devtools.client import Person, TeamsClient
from bot.devtools.fake_connector import FakeConnector

from .knowledge_bench import QUESTIONS

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
    url: str, connector: FakeConnector, conversations: int, turns: int, paced: bool
) -> tuple[list[float], list[float], float]:
    """Reply and turn latencies in ms (each sorted) and the wall time of the timed part."""
    replies: list[float] = []
    latencies: list[float] = []
    limits = aiohttp.TCPConnector(limit=conversations)
    async with aiohttp.ClientSession(connector=limits) as session:
        clients = [TeamsClient(url, connector, session, Person()) for _ in range(conversations)]

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

        warm_up = clients[:WARM_UP_CONVERSATIONS]
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


async def measure(name: str, command: list[str], env: dict[str, str], port: int) -> list[dict]:
    connector = FakeConnector()
    await connector.start()
    process = start_server(command, env)
    url = f"http://127.0.0.1:{port}"
    rows = []
    try:
        await wait_ready(url, process)
        for paced in (True, False):
            cpu_before = cpu_seconds(process.pid)
            replies, samples, elapsed = await load(
                url, connector, CONVERSATIONS, TURNS_PER_CONVERSATION, paced
            )
            cpu_after = cpu_seconds(process.pid)
            all_turns = len(samples) + WARM_UP_CONVERSATIONS * TURNS_PER_CONVERSATION
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
        process.terminate()
        process.wait(timeout=30)
        await connector.stop()
    return rows


async def run() -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        env = {
            "POLICYBOT_PORT": str(port),
            "POLICYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}",
            "POLICYBOT_LOG_LEVEL": "WARNING",
        }
        policybot = [str(Path(sys.executable).with_name("policybot")), "serve"]
        results += await measure("policybot", policybot, env, port)
        port = free_port()
        echo = [sys.executable, "-m", "bench.echo_bot", "--port", str(port)]
        results += await measure(ECHO, echo, {}, port)
        port = free_port()
        results += await measure(CARD_ECHO, [*echo[:-1], str(port), "--card"], {}, port)
    return results


ECHO = "echo bot (baseline)"
CARD_ECHO = "echo with our card"


def main() -> None:
    print(
        f"HTTP turns: {CONVERSATIONS} concurrent conversations x {TURNS_PER_CONVERSATION} turns;"
        " server in its own process on SQLite.\n"
        f"paced: each person pauses {THINK_SECONDS[0]}-{THINK_SECONDS[1]} s between messages;"
        " saturated: no pauses (the throughput limit).\n"
        "reply: request to reply received at the connector; turn: request to the POST's"
        " response (the whole turn, state and records saved)"
    )
    results = asyncio.run(run())
    print(
        f"{'bot':<22}{'load':<11}{'turns/s':>9}{'reply p50':>11}{'reply p99':>11}"
        f"{'turn p50':>10}{'turn p99':>10}{'n':>6}{'CPU ms/turn':>13}"
    )
    for r in results:
        cpu = "n/a" if r["cpu_ms"] is None else f"{r['cpu_ms']:.2f}"
        print(
            f"{r['name']:<22}{r['load']:<11}{r['turns_per_s']:>9,.0f}{r['reply_p50']:>11.1f}"
            f"{r['reply_p99']:>11.1f}{r['p50']:>10.1f}{r['p99']:>10.1f}{r['n']:>6}{cpu:>13}"
        )
    for load in ("paced", "saturated"):
        rows = {r["name"]: r for r in results if r["load"] == load}
        ours = rows["policybot"]
        for baseline in (ECHO, CARD_ECHO):
            print(f"{load}: policybot / {baseline}: {_ratios(ours, rows[baseline])}")


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
