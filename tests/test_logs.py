"""Log redaction: identifiers never reach a log line, whatever logger or argument carries them."""

from __future__ import annotations

import io
import json
import logging
import re
import sys
import uuid
from collections.abc import Iterator

import pytest

from bot.cli import main
from bot.errors import ConfigurationError
from bot.logs import JsonLinesFormatter, install_log_redaction, quiet_data_loggers, redact
from bot.service_cli import log_format_from


@pytest.fixture
def log() -> Iterator[io.StringIO]:
    """Redaction installed, and a handler on the root logger writing formatted lines to a
    buffer; the original record factory and handlers are restored afterwards."""
    factory = logging.getLogRecordFactory()
    root = logging.getLogger()
    level = root.level
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    install_log_redaction()
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        logging.setLogRecordFactory(factory)


@pytest.mark.parametrize(
    ("value", "marker"),
    [
        ("jo.bloggs@maidstone.gov.uk", "[email redacted]"),
        ("07700 900123", "[phone redacted]"),
        ("+44 (0)1622 602000", "[phone redacted]"),
        ("020 7946 0018", "[phone redacted]"),
        ("943 476 5919", "[NHS number redacted]"),
        ("AB 12 34 56 C", "[NI number redacted]"),
        ("ME15 6JQ", "[postcode redacted]"),
        ("22 Brook Lane", "[address redacted]"),
    ],
)
def test_each_kind_is_redacted_from_arguments_and_from_the_message(
    log: io.StringIO, value: str, marker: str
) -> None:
    logger = logging.getLogger(f"policybot.test.{uuid.uuid4().hex}")  # created after install
    logger.warning("lookup failed for %s", value)
    logger.warning(f"lookup failed for {value} again")
    lines = log.getvalue().splitlines()
    assert lines[0].endswith(f"lookup failed for {marker}")
    assert lines[1].endswith(f"lookup failed for {marker} again")
    assert value not in log.getvalue()


def test_an_exception_message_with_personal_data_is_redacted(log: io.StringIO) -> None:
    logger = logging.getLogger("policybot.test.exceptions")
    try:
        raise ValueError("no resident with email sam@example.org at SW1A 1AA")
    except ValueError:
        logger.exception("turn failed ref=%s", "ERR-0A1B2C3D")
    output = log.getvalue()
    assert "turn failed ref=ERR-0A1B2C3D" in output
    assert "Traceback (most recent call last)" in output
    assert "ValueError: no resident with email [email redacted] at [postcode redacted]" in output
    assert "sam@example.org" not in output and "SW1A 1AA" not in output


def test_stack_info_is_redacted(log: io.StringIO) -> None:
    """The stack shows source lines; this one carries an address in its comment."""
    logging.getLogger("policybot.test.stack").warning("slow", stack_info=True)  # sam@example.org
    output = log.getvalue()
    assert "Stack (most recent call last)" in output and "# [email redacted]" in output
    assert "sam@example.org" not in output


IDS = [
    "AR-0001 and INC-0042 decided",
    "turn failed ref=ERR-0A1B2C3D activity=message/-",
    f"outbox {uuid.UUID('123e4567-e89b-12d3-a456-426614174000')} claimed by relay",
    "serving on http://127.0.0.1:3978/api/messages (port 3978)",
    "answered verdict=needs_approval rules=unlisted-tool,tool:chatgpt follow_up=False",
    "took 12.5 ms, 1000 rows, attempt 3 of 10, retrying in 2.0s",
    "policy mid-kent version 2024-09 loaded at 2026-11-26 15:42:01",
]


@pytest.mark.parametrize("message", IDS)
def test_ordinary_words_and_ids_are_untouched(log: io.StringIO, message: str) -> None:
    logging.getLogger("policybot.test.ids").warning("%s", message)
    assert log.getvalue().rstrip("\n").endswith(message)
    assert redact(message) == message


def test_installing_twice_wraps_once(log: io.StringIO) -> None:
    factory = logging.getLogRecordFactory()
    install_log_redaction()
    assert logging.getLogRecordFactory() is factory


def test_a_bad_format_string_is_left_for_logging_to_report(log: io.StringIO) -> None:
    record = logging.getLogRecordFactory()("x", logging.INFO, __file__, 1, "%d", ("x",), None)
    assert (record.msg, record.args) == ("%d", ("x",))


def test_data_loggers_are_held_at_warning() -> None:
    logger = logging.getLogger("aiosqlite")
    level = logger.level
    try:
        quiet_data_loggers()
        assert logger.level == logging.WARNING
    finally:
        logger.setLevel(level)


def test_every_identifier_kind_has_a_marker() -> None:
    """A kind without a marker would make redaction itself raise inside logging."""
    from bot.logs import MARKERS
    from knowledge.identifiers import IDENTIFIER_KINDS

    assert set(MARKERS) == set(IDENTIFIER_KINDS)


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """As `log`, with the JSON lines formatter `policybot serve --log-format json` uses."""
    factory = logging.getLogRecordFactory()
    root = logging.getLogger()
    level = root.level
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(JsonLinesFormatter())
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    install_log_redaction()
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        logging.setLogRecordFactory(factory)


def json_entries(buffer: io.StringIO) -> list[dict[str, str]]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


def test_a_json_line_has_time_level_logger_and_message(json_log: io.StringIO) -> None:
    logging.getLogger("policybot.test.json").warning("outbox %s claimed", "AR-0001")
    (entry,) = json_entries(json_log)
    assert entry.keys() == {"time", "level", "logger", "message"}
    assert (entry["level"], entry["logger"]) == ("WARNING", "policybot.test.json")
    assert entry["message"] == "outbox AR-0001 claimed"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["time"])


def test_json_lines_are_redacted_like_text_lines(json_log: io.StringIO) -> None:
    logger = logging.getLogger("policybot.test.json.redacted")
    logger.warning("lookup failed for %s", "jo.bloggs@maidstone.gov.uk")
    try:
        raise ValueError("no resident at SW1A 1AA, phone 07700 900123")
    except ValueError:
        logger.exception("turn failed ref=%s", "ERR-0A1B2C3D")
    logger.warning("slow", stack_info=True)  # sam@example.org
    first, second, third = json_entries(json_log)
    assert first["message"] == "lookup failed for [email redacted]"
    assert second["message"] == "turn failed ref=ERR-0A1B2C3D"
    assert second["exception"].endswith(
        "ValueError: no resident at [postcode redacted], phone [phone redacted]"
    )
    assert "# [email redacted]" in third["stack"]
    output = json_log.getvalue()
    for value in ("jo.bloggs", "SW1A 1AA", "07700 900123", "sam@example.org"):
        assert value not in output


def test_a_json_line_stays_one_line_whatever_the_message_holds(json_log: io.StringIO) -> None:
    logging.getLogger("policybot.test.json.lines").warning('a\nb\r\nc\u2028d\u2029e "q" \\')
    assert len(json_log.getvalue().splitlines()) == 1  # splitlines also splits at U+2028
    (entry,) = json_entries(json_log)
    assert entry["message"] == 'a\nb\r\nc\u2028d\u2029e "q" \\'


def test_the_json_formatter_redacts_an_exception_the_factory_did_not_see() -> None:
    try:
        raise ValueError("mail sam@example.org")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    entry = json.loads(JsonLinesFormatter().format(record))
    assert entry["exception"].endswith("ValueError: mail [email redacted]")


def test_the_log_format_comes_from_the_option_then_the_environment() -> None:
    assert log_format_from(None, {}) == "text"
    assert log_format_from(None, {"POLICYBOT_LOG_FORMAT": " JSON "}) == "json"
    assert log_format_from("text", {"POLICYBOT_LOG_FORMAT": "json"}) == "text"
    with pytest.raises(ConfigurationError, match="POLICYBOT_LOG_FORMAT must be text or json"):
        log_format_from(None, {"POLICYBOT_LOG_FORMAT": "yaml"})


def test_serve_refuses_an_unknown_log_format(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYBOT_LOG_FORMAT", "xml")
    assert main(["serve"]) == 2
    assert "POLICYBOT_LOG_FORMAT must be text or json, not 'xml'" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["serve", "--log-format", "xml"])
    assert "invalid choice: 'xml'" in capsys.readouterr().err
