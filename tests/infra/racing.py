"""Run in a process of its own (multiprocessing's spawn), as a replica is: start the records the
way `policybot serve --upgrade-database` does, all processes released at the same moment."""

from __future__ import annotations

import asyncio
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier


def start_like_a_replica(url: str, start_line: Barrier, outcomes: Queue) -> None:  # type: ignore[type-arg]
    asyncio.run(_start(url, start_line, outcomes))


async def _start(url: str, start_line: Barrier, outcomes: Queue) -> None:  # type: ignore[type-arg]
    from alembic.util import CommandError
    from sqlalchemy.exc import DBAPIError

    from bot.errors import ConfigurationError
    from bot.records.db import create_engine
    from bot.records.migrate import current_revisions, known_revisions, prepare_database

    engine = create_engine(url)
    try:
        # connected and the migration scripts read before the start line, so all race the DDL
        known_revisions()
        await current_revisions(engine)
        start_line.wait(timeout=60)
        try:
            await prepare_database(engine, upgrade_requested=True)
        except (DBAPIError, CommandError, ConfigurationError) as exc:
            # the database refused this one's upgrade: the replica exits and is restarted
            outcomes.put(("refused", type(exc).__name__))
        except Exception as exc:  # anything else is a finding
            outcomes.put(("unexpected", repr(exc)))
        else:
            outcomes.put(("started", ""))
    finally:
        await engine.dispose()
