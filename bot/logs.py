"""Logging that keeps personal data out.

Our own modules never log message text. Some libraries do at DEBUG: aiosqlite logs every SQL
call with its parameters (the question people asked), msrest logs HTTP bodies (the replies), and
SQLAlchemy's echo logs statements and parameters. They are held at WARNING whatever
POLICYBOT_LOG_LEVEL says.

As a second line, `install_log_redaction()` (called once at process start) replaces email
addresses, UK phone numbers, NHS numbers, National Insurance numbers and postcodes in every log
record's final message, its formatted exception and its stack with a marker such as
"[email redacted]". It works through the log record factory, so it covers loggers created
later, %-style arguments, and exceptions whose message quotes what a person typed (a
database error echoing a parameter). Detection is knowledge.identifiers', the same that tells
the bot a question carries an identifier.

`JsonLinesFormatter` writes a record as one JSON object on one line (`policybot serve
--log-format json`, for a container's log collector). It formats the record the redaction has
already fixed, so JSON lines carry no more than text lines do.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from knowledge.identifiers import find_identifiers

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
MARKERS = {
    "email": "[email redacted]",
    "phone": "[phone redacted]",
    "nhs_number": "[NHS number redacted]",
    "ni_number": "[NI number redacted]",
    "postcode": "[postcode redacted]",
    "street_address": "[address redacted]",
}
_INSTALLED = "_policybot_redacts"
_FORMATTER = logging.Formatter()


def quiet_data_loggers() -> None:
    for name in DATA_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def redact(text: str) -> str:
    """`text` with every identifier knowledge.identifiers finds replaced by its marker."""
    matches = find_identifiers(text)
    if not matches:
        return text
    parts, last = [], 0
    for match in matches:
        parts += [text[last : match.start], MARKERS[match.kind]]
        last = match.end
    parts.append(text[last:])
    return "".join(parts)


def install_log_redaction() -> None:
    """Redact every log record from now on, whichever logger makes it. Safe to call twice."""
    current = logging.getLogRecordFactory()
    if getattr(current, _INSTALLED, False):
        return

    def redacting_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        redact_record(record)
        return record

    setattr(redacting_factory, _INSTALLED, True)
    logging.setLogRecordFactory(redacting_factory)


def redact_record(record: logging.LogRecord) -> None:
    """Fix the record's final message (arguments merged in) and pre-format its exception, both
    redacted; the standard Formatter prints `exc_text` when it is set."""
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: logging reports it when the record is emitted
        return
    record.msg, record.args = redact(message), ()
    if record.exc_info and record.exc_info[0] is not None:
        record.exc_text = redact(_FORMATTER.formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)


class JsonLinesFormatter(logging.Formatter):
    """A record as one JSON object: time (UTC, ISO 8601), level, logger and message, and the
    exception or stack when there is one. ASCII-escaped, so a line separator inside a message
    (U+2028, which some readers split on) cannot break the one-object-per-line promise."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:  # redact_record sets it, when installed
            record.exc_text = redact(self.formatException(record.exc_info))
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry)
