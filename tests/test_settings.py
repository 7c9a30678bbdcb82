"""Settings are read once, checked, and refuse what would be unsafe."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.errors import ConfigurationError
from bot.settings import DEFAULT_SERVICE_URL_HOSTS, LOCAL_SERVICE_URL_HOSTS, Settings


def test_defaults_are_local_mode_on_loopback() -> None:
    settings = Settings.from_env({})
    assert settings.local_mode
    assert (settings.host, settings.port, settings.policy) == ("127.0.0.1", 3978, "socitm-template")
    assert settings.allowed_service_url_hosts == LOCAL_SERVICE_URL_HOSTS


def test_credentials_switch_local_mode_off_and_the_secret_never_shows() -> None:
    settings = Settings.from_env({"MicrosoftAppId": "app", "MicrosoftAppPassword": "s3cr3t-value"})
    assert not settings.local_mode
    assert settings.allowed_service_url_hosts == DEFAULT_SERVICE_URL_HOSTS
    assert "s3cr3t-value" not in repr(settings) and "s3cr3t-value" not in str(settings)
    assert settings.app_password.reveal() == "s3cr3t-value"


def test_lists_are_parsed_and_lower_cased() -> None:
    settings = Settings.from_env(
        {
            "POLICYBOT_ALLOWED_TENANTS": " ABC-1 , def-2,,",
            "POLICYBOT_APPROVERS": "X",
            "POLICYBOT_ADMINS": "Ada, bob ",
        }
    )
    assert settings.allowed_tenants == {"abc-1", "def-2"}
    assert settings.approvers == {"x"}
    assert settings.admins == {"ada", "bob"}


def test_workflow_timings_and_channels_are_read() -> None:
    settings = Settings.from_env(
        {
            "MicrosoftAppId": "app",
            "MicrosoftAppPassword": "p",
            "POLICYBOT_GOVERNANCE_CHANNEL_ID": "19:board@thread.tacv2",
            "POLICYBOT_GOVERNANCE_TEAM_ID": "19:team@thread.tacv2",
            "POLICYBOT_OUTBOX_POLL_SECONDS": "0.5",
            "POLICYBOT_APPROVAL_REMINDER_DAYS": "5",
            "POLICYBOT_INCIDENT_ACK_HOURS": "2",
        }
    )
    assert settings.governance_channel_id == "19:board@thread.tacv2"
    assert settings.governance_team_id == "19:team@thread.tacv2"
    assert settings.teams_service_url == "https://smba.trafficmanager.net/teams/"
    assert (settings.outbox_poll_seconds, settings.approval_reminder_days) == (0.5, 5.0)
    assert settings.incident_ack_hours == 2.0


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"MicrosoftAppId": "app"}, "MicrosoftAppPassword is empty"),
        (
            {
                "MicrosoftAppId": "app",
                "MicrosoftAppPassword": "p",
                "MicrosoftAppType": "SingleTenant",
            },
            "needs MicrosoftAppTenantId",
        ),
        ({"MicrosoftAppType": "Personal"}, "MicrosoftAppType must be one of"),
        ({"POLICYBOT_PORT": "http"}, "POLICYBOT_PORT must be a whole number"),
        ({"POLICYBOT_PORT": "70000"}, "POLICYBOT_PORT must be 1-65535"),
        ({"POLICYBOT_MAX_BODY_BYTES": "0"}, "at least 1"),
        ({"POLICYBOT_HOST": "0.0.0.0"}, "refusing to listen on 0.0.0.0 without credentials"),
        ({"POLICYBOT_OUTBOX_POLL_SECONDS": "soon"}, "must be a number"),
        ({"POLICYBOT_APPROVAL_REMINDER_DAYS": "-1"}, "must be a positive number"),
        ({"POLICYBOT_INCIDENT_ACK_HOURS": "nan"}, "must be a positive number"),
        ({"POLICYBOT_GOVERNANCE_CHANNEL_ID": "19:x@thread.tacv2"}, "need MicrosoftAppId"),
    ],
)
def test_contradictions_stop_the_start(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env(env)


def test_non_loopback_without_credentials_needs_the_dangerous_flag() -> None:
    settings = Settings.from_env(
        {"POLICYBOT_HOST": "0.0.0.0"}, dangerously_allow_unauthenticated=True
    )
    assert settings.local_mode and settings.host == "0.0.0.0"
    assert Settings.from_env({"POLICYBOT_HOST": "::1"}).host == "::1"


def test_serve_refuses_a_public_address_in_local_mode(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MicrosoftAppId", raising=False)
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "--dangerously-allow-unauthenticated" in capsys.readouterr().err


def test_serve_refuses_a_broken_policy(
    tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema_version: 1\nid: broken\n")
    monkeypatch.setenv("POLICYBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    assert main(["serve", "--policy", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "cannot serve policy" in err and "required field is missing" in err


def test_serve_says_when_its_port_is_taken(
    tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    monkeypatch.setenv("POLICYBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_serve_freezes_what_it_built_at_start_out_of_the_collectors_sight(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full collection walks every tracked object (about 170,000 once the policy, SQLAlchemy
    and the SDK are loaded: ~55 ms on the event loop) unless they are frozen after start."""
    import asyncio
    import gc

    from aiohttp import web

    from bot import service_cli

    started: list[web.Application] = []
    monkeypatch.setenv("POLICYBOT_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}")
    monkeypatch.setattr(web, "run_app", lambda app, **_: started.append(app))
    assert main(["serve"]) == 0
    (app,) = started
    assert app.on_startup[-1] is service_cli.freeze_startup_objects  # after the records are up
    try:
        asyncio.run(service_cli.freeze_startup_objects(app))
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_each_setting_is_declared_once_with_its_variable_and_default() -> None:
    from dataclasses import fields
    from pathlib import Path

    from bot.settings import Settings

    assert Settings.from_env({}) == Settings()  # the defaults are the dataclass's, not a copy
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    variables = [f.metadata["variable"] for f in fields(Settings) if "variable" in f.metadata]
    assert len(variables) == len(set(variables)) == 25
    assert [v for v in variables if v not in readme] == []
