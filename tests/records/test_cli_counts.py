"""The records commands count in words that agree with the number: "Exported 1 request",
"Exported 2 requests" (issue 14.5)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.cli import main
from bot.records.approvals import ApprovalRepository
from bot.records.cli import counted
from bot.records.db import create_engine, create_session_factory
from bot.records.migrate import upgrade
from tests.records.helpers import approval_request


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path}/counts.sqlite3"
    monkeypatch.setenv("POLICYBOT_DATABASE_URL", url)
    return url


async def _requests(url: str, count: int) -> None:
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    await upgrade(engine)
    for _ in range(count):
        await ApprovalRepository(sessions).create(approval_request())
    await engine.dispose()


@pytest.mark.parametrize(
    ("count", "said"),
    [(0, "Exported 0 requests."), (1, "Exported 1 request."), (2, "Exported 2 requests.")],
)
def test_export_counts_requests_in_agreement(
    count: int, said: str, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_requests(db_url, count))
    assert main(["records", "export", "requests", "-o", str(tmp_path / "out.csv")]) == 0
    assert capsys.readouterr().err.strip() == said


def test_an_empty_audit_log_and_a_purge_of_one_count_in_agreement(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_requests(db_url, 1))  # one request: one audit entry
    assert main(["audit", "verify"]) == 0
    assert "Audit log intact: 1 entry verified." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("count", "one", "many", "said"),
    [
        (1, "interaction", None, "1 interaction"),
        (3, "interaction", None, "3 interactions"),
        (1, "entry", "entries", "1 entry"),
        (0, "entry", "entries", "0 entries"),
        (1, "note", None, "1 note"),
        (2, "incident", None, "2 incidents"),
    ],
)
def test_counted(count: int, one: str, many: str | None, said: str) -> None:
    assert counted(count, one, many) == said
