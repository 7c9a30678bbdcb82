"""The records commands, run through `policybot`'s own entry point on a temporary SQLite file."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.cli import main
from bot.records.approvals import ApprovalRepository, Decision
from bot.records.db import create_engine, create_session_factory
from bot.records.incidents import IncidentRepository
from bot.records.migrate import upgrade
from bot.records.models import Interaction
from tests.records.helpers import approval_request, incident, interaction

NOW = datetime.now(UTC)


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path}/cli.sqlite3"
    monkeypatch.setenv("POLICYBOT_DATABASE_URL", url)
    return url


async def _seed(url: str) -> None:
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    await upgrade(engine)
    async with sessions.begin() as session:
        for age_days, question in [(400, "=cmd|' /C calc'!A0"), (10, "new"), (1, "newest")]:
            row = Interaction(**interaction(question=question).__dict__)
            row.created_at = NOW - timedelta(days=age_days)
            session.add(row)
    approval = await ApprovalRepository(sessions).create(approval_request())
    await ApprovalRepository(sessions).decide(
        approval.reference, decision=Decision.APPROVED, decided_by="aad-approver"
    )
    reported = await IncidentRepository(sessions).report(incident())
    await IncidentRepository(sessions).add_note(
        reported.reference,
        author_id=reported.reporter_id,
        kind="reporter_addition",
        text="I also pasted her phone number",
    )
    await engine.dispose()


async def _execute(url: str, statement: str) -> list:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            result = await conn.execute(text(statement))
            return list(result) if result.returns_rows else []
    finally:
        await engine.dispose()


def test_db_upgrade_then_current(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "current"]) == 1
    assert "Behind" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "upgraded" in capsys.readouterr().out
    assert main(["db", "current"]) == 0
    assert "Up to date." in capsys.readouterr().out


def test_purge_removes_old_interactions_only_and_is_audited(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed(db_url))
    assert main(["records", "purge", "--older-than", "30"]) == 0
    out = capsys.readouterr().out
    assert "Removed 1 interaction, 0 votes on answers and 0 answered board questions" in out
    assert "kept" in out
    questions = asyncio.run(_execute(db_url, "SELECT question FROM interactions ORDER BY id"))
    assert [q for (q,) in questions] == ["new", "newest"]
    kept = asyncio.run(
        _execute(db_url, "SELECT (SELECT count(*) FROM approval_requests), "
                 "(SELECT count(*) FROM incidents)")
    )  # fmt: skip
    assert kept == [(1, 1)]
    [(details,)] = asyncio.run(
        _execute(db_url, "SELECT details FROM audit_log WHERE action = 'records.purge'")
    )
    assert json.loads(details)["removed"] == 1
    assert main(["audit", "verify"]) == 0


def test_purge_refuses_a_non_positive_age(db_url: str) -> None:
    with pytest.raises(SystemExit):
        main(["records", "purge", "--older-than", "0"])


def test_audit_verify_reports_tampering_with_status_1(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed(db_url))
    assert main(["audit", "verify"]) == 0
    assert "4 entries verified" in capsys.readouterr().out
    asyncio.run(_execute(db_url, "DROP TRIGGER audit_log_no_update"))
    asyncio.run(_execute(db_url, "UPDATE audit_log SET subject_ref = 'approval:AR-0999' "
                         "WHERE seq = 2"))  # fmt: skip
    assert main(["audit", "verify"]) == 1
    assert "BROKEN at entry 2" in capsys.readouterr().err


def test_export_interactions_as_csv_since_a_date(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed(db_url))
    since = (NOW - timedelta(days=30)).date().isoformat()
    assert main(["records", "export", "interactions", "--format", "csv", "--since", since]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert [r["question"] for r in rows] == ["new", "newest"]
    assert json.loads(rows[0]["rule_ids"]) == ["unlisted-tool"]
    assert "Exported 2 interactions" in captured.err


def test_csv_export_defuses_spreadsheet_formulas(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed(db_url))
    assert main(["records", "export", "interactions"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["question"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["conversation_id"] == "19:chat"


@pytest.mark.parametrize("what", ["requests", "incidents", "notes"])
def test_export_requests_and_incidents_as_jsonl(
    what: str, db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed(db_url))
    target = tmp_path / f"{what}.jsonl"
    assert main(["records", "export", what, "--format", "jsonl", "-o", str(target)]) == 0
    [record] = [json.loads(line) for line in target.read_text().splitlines()]
    if what == "requests":
        assert (record["reference"], record["decision"]) == ("AR-0001", "approved")
        assert record["decided_at"].startswith(str(NOW.year))
        assert record["board"] is None  # the lead board's (docs/boards.md)
    elif what == "notes":
        assert (record["subject_ref"], record["kind"]) == ("incident:INC-0001", "reporter_addition")
        assert record["text"] == "I also pasted her phone number"
    else:
        assert (record["reference"], record["severity"]) == ("INC-0001", "high")
        assert "personal_data" in record and "actions_taken" in record
        assert record["board"] is None


def test_a_postgres_database_that_is_behind_is_refused_with_a_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("POLICYBOT_DATABASE_URL", "mysql://nowhere/db")
    assert main(["records", "export", "incidents"]) == 2
    assert "postgresql+asyncpg" in capsys.readouterr().err


async def _seed_register(url: str) -> None:
    from bot.records.register import NewEntry, RegisterRepository

    await _seed(url)  # AR-0001, approved
    engine = create_engine(url)
    try:
        entries = RegisterRepository(create_session_factory(engine))
        new = NewEntry(tool='=HYPERLINK("x")', purpose="posters", decision="pilot", owner="IT")
        added = await entries.add(new, actor_id="aad-board")
        await entries.withdraw(added.reference, version=1, actor_id="aad-board", reason="typo")
        await entries.add(
            NewEntry(tool="Otter", purpose="minutes", decision="approved_with_conditions",
                     conditions="Digital team only", public_facing=True),
            actor_id="aad-board",
        )  # fmt: skip
    finally:
        await engine.dispose()


def test_register_export_as_csv_and_json(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    asyncio.run(_seed_register(db_url))
    assert main(["register", "export"]) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out)))
    assert [(r["reference"], r["tool"], r["status"]) for r in rows] == [
        ("AR-0001", "Copilot", "approved"), ("RE-0002", "Otter", "approved_with_conditions"),
    ]  # fmt: skip
    assert rows[1]["public_facing"] == "True" and rows[1]["next_review"][:4].isdigit()
    assert "decided_by" not in rows[0] and "owner_id" not in rows[0]  # no Entra ids
    assert "Exported 2 register entries." in captured.err

    target = tmp_path / "register.json"
    assert main(["register", "export", "--format", "json", "--withdrawn", "-o", str(target)]) == 0
    document = json.loads(target.read_text())
    statuses = [(e["reference"], e["status"]) for e in document["entries"]]
    assert statuses == [
        ("AR-0001", "approved"), ("RE-0001", "withdrawn"), ("RE-0002", "approved_with_conditions"),
    ]  # fmt: skip
    assert document["entries"][1]["withdrawn_reason"] == "typo"
    assert main(["register", "export", "--withdrawn"]) == 0
    withdrawn = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))[1]
    assert withdrawn["tool"] == '\'=HYPERLINK("x")'  # a formula defused for spreadsheets
