"""Logging that keeps personal data out.

Our own modules never log message text. Some libraries do at DEBUG: aiosqlite logs every SQL
call with its parameters (the question people asked), msrest logs HTTP bodies (the replies), and
SQLAlchemy's echo logs statements and parameters. They are held at WARNING whatever
POLICYBOT_LOG_LEVEL says.
"""

from __future__ import annotations

import logging

DATA_LOGGERS = (
    "aiosqlite",
    "asyncpg",
    "sqlalchemy.engine",
    "sqlalchemy.pool",
    "msrest",
    "msal",
    "urllib3",
    "botframework.connector",
)


def quiet_data_loggers() -> None:
    for name in DATA_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
