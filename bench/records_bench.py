"""Records benchmarks: interaction writes on SQLite and PostgreSQL, and listing the newest 50
interactions out of 1,000,000.

Run with `.venv/bin/python -m bench.records_bench` (or `make bench`). PostgreSQL is a throwaway
server started with tests/pg.py, durable (fsync on), so the write figures mean something; without
PostgreSQL binaries those figures are skipped with a message.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.records.db import create_engine, create_session_factory
from bot.records.interactions import InteractionRepository, NewInteraction
from bot.records.migrate import upgrade

WRITES = 2000
BIG_TABLE_ROWS = 1_000_000
LIST_RUNS = 50

NEWEST_50 = (
    "SELECT * FROM interactions ORDER BY created_at DESC, id DESC LIMIT 50"
)  # fmt: skip

# Server-side generation: far faster than shipping a million rows from Python.
PG_FILL = """
INSERT INTO interactions (created_at, user_id, conversation_id, question, answer, verdict,
                          rule_ids, policy_id, policy_version)
SELECT now() - (g * interval '1 second'), 'aad-user-' || (g % 5000), '19:chat-' || (g % 5000),
       'Can I use tool ' || g || ' to draft letters to residents?', 'Not until it is authorised.',
       'needs_approval', '["unlisted-tool"]', 'socitm-template', '2024-01'
FROM generate_series(1, :rows) AS g
"""
SQLITE_FILL = """
WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < :rows)
INSERT INTO interactions (created_at, user_id, conversation_id, question, answer, verdict,
                          rule_ids, policy_id, policy_version)
SELECT strftime('%Y-%m-%d %H:%M:%f', 'now', '-' || n || ' seconds'), 'aad-user-' || (n % 5000),
       '19:chat-' || (n % 5000), 'Can I use tool ' || n || ' to draft letters to residents?',
       'Not until it is authorised.', 'needs_approval', '["unlisted-tool"]', 'socitm-template',
       '2024-01'
FROM g
"""


def _new_interaction(i: int) -> NewInteraction:
    return NewInteraction(
        user_id=f"aad-user-{i % 50}",
        conversation_id=f"19:chat-{i % 50}",
        question=f"Can I use Copilot to summarise meeting {i}?",
        verdict="allowed_with_conditions",
        policy_id="socitm-template",
        policy_version="2024-01",
        answer="Yes, if no personal data is included and you review the output.",
        rule_ids=["copilot-approved", "no-personal-data"],
        decision={"verdict": "allowed_with_conditions", "citations": ["5.4", "7.2"]},
    )


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def bench_writes(engine: AsyncEngine, n: int = WRITES) -> dict[str, float]:
    """Sequential writes, one transaction each, as the bot records each answered question."""
    repo = InteractionRepository(create_session_factory(engine))
    for i in range(20):  # warm the pool and caches
        await repo.record(_new_interaction(i))
    latencies = []
    started = time.perf_counter()
    for i in range(n):
        t0 = time.perf_counter()
        await repo.record(_new_interaction(i))
        latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    return {
        "writes_per_second": n / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * _percentile(latencies, 0.99),
    }


async def bench_newest_50(engine: AsyncEngine, rows: int = BIG_TABLE_ROWS) -> dict[str, Any]:
    """Fill the table to `rows` and time InteractionRepository.newest(50)."""
    t0 = time.perf_counter()
    async with engine.begin() as conn:
        fill = PG_FILL if engine.dialect.name == "postgresql" else SQLITE_FILL
        await conn.execute(text(fill), {"rows": rows})
        await conn.execute(text("ANALYZE interactions" if fill is PG_FILL else "ANALYZE"))
    fill_seconds = time.perf_counter() - t0
    repo = InteractionRepository(create_session_factory(engine))
    timings = []
    for _ in range(LIST_RUNS + 5):
        t0 = time.perf_counter()
        assert len(await repo.newest(50)) == 50
        timings.append(time.perf_counter() - t0)
    timings = timings[5:]
    return {
        "rows": await repo.count(),
        "fill_seconds": fill_seconds,
        "p50_ms": 1000 * statistics.median(timings),
        "p99_ms": 1000 * _percentile(timings, 0.99),
        "plan": await _plan(engine),
    }


async def _plan(engine: AsyncEngine) -> str:
    explain = (
        "EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) "
        if engine.dialect.name == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    async with engine.connect() as conn:
        rows = (await conn.execute(text(explain + NEWEST_50))).all()
    return "\n".join(str(row[-1]) for row in rows)


async def _bench_database(url: str) -> dict[str, Any]:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        return {"writes": await bench_writes(engine), "newest_50": await bench_newest_50(engine)}
    finally:
        await engine.dispose()


def _start_postgres() -> tuple[Any, str] | None:
    from tests.pg import TemporaryPostgres, find_bindir, with_database

    bindir = find_bindir()
    if bindir is None:
        return None
    server = TemporaryPostgres(bindir, durable=True)
    admin_url = server.start()
    asyncio.run(create_database(admin_url, "policybot_bench"))
    return server, with_database(admin_url, "policybot_bench")


async def create_database(admin_url: str, name: str) -> None:
    """An empty database `name` on the server at `admin_url` (the benchmarks' own)."""
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(f"CREATE DATABASE {name}"))
    finally:
        await engine.dispose()


def run() -> dict[str, Any]:
    """All figures, as a dict: {"sqlite": {...}, "postgresql": {...} or None}."""
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="policybot-bench-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
        results["sqlite"] = asyncio.run(_bench_database(url))
    started = _start_postgres()
    if started is None:
        results["postgresql"] = None
        return results
    server, url = started
    try:
        results["postgresql"] = asyncio.run(_bench_database(url))
    finally:
        server.stop()
    return results


def report(results: dict[str, Any]) -> str:
    lines = ["Records benchmark"]
    for name, figures in results.items():
        if figures is None:
            lines.append(f"  {name}: skipped (no PostgreSQL binaries; install `postgresql`)")
            continue
        w, n = figures["writes"], figures["newest_50"]
        lines.append(
            f"  {name}: interaction writes {w['writes_per_second']:.0f}/s "
            f"(p50 {w['p50_ms']:.2f} ms, p99 {w['p99_ms']:.2f} ms, {WRITES} sequential commits)"
        )
        lines.append(
            f"  {name}: newest 50 of {n['rows']:,} interactions: p50 {n['p50_ms']:.2f} ms, "
            f"p99 {n['p99_ms']:.2f} ms over {LIST_RUNS} runs (fill {n['fill_seconds']:.1f} s)"
        )
        lines.extend(f"      {line}" for line in n["plan"].splitlines())
    return "\n".join(lines)


def main() -> int:
    print(report(run()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
