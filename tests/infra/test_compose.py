"""infra/compose.yaml: two instances of the image on one PostgreSQL, the first migrating, both
with credentials (0.0.0.0 is never served unauthenticated), and only settings the service
reads. No container engine is needed: the file is read as YAML (anchors and merge keys
resolved, as Compose does) and its `${...}` references are interpolated here."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from bot.errors import ConfigurationError
from bot.records.db import parse_database_url
from bot.settings import Settings

from .service import ROOT, UPGRADE_FLAG, serve_arguments, service_variables

COMPOSE_PATH = ROOT / "infra" / "compose.yaml"
COMPOSE: dict[str, Any] = yaml.safe_load(COMPOSE_PATH.read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
BOTS = {name: s for name, s in SERVICES.items() if "build" in s}
DOT_ENV = {
    "MicrosoftAppId": "9f2c4e1a-0b3d-4c5e-8f7a-1b2c3d4e5f60",
    "MicrosoftAppPassword": "a-client-secret",
    "MicrosoftAppTenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47",
    "POSTGRES_PASSWORD": "throwaway",
}
REFERENCE = re.compile(r"\$\{(\w+)(?::\?([^}]*))?\}")


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's `${NAME}` and `${NAME:?message}` (the latter stops Compose when NAME is unset or
    empty): only the forms compose.yaml uses."""

    def substitute(match: re.Match[str]) -> str:
        name, message = match.groups()
        if message is not None and not env.get(name):
            raise LookupError(f"{name}: {message}")
        return env.get(name, "")

    return REFERENCE.sub(substitute, value)


def environment(service: dict[str, Any], env: dict[str, str]) -> dict[str, str]:
    return {name: interpolate(str(value), env) for name, value in service["environment"].items()}


def command(service: dict[str, Any]) -> list[str]:
    return list(service.get("command") or [])


def test_two_bot_instances_of_the_image_and_postgresql_16_with_a_healthcheck() -> None:
    assert len(BOTS) == 2
    for bot in BOTS.values():
        assert bot["build"] == {"context": "..", "dockerfile": "infra/container/Containerfile"}
        context = COMPOSE_PATH.parent / bot["build"]["context"]
        assert (context / bot["build"]["dockerfile"]).is_file()
    postgres = SERVICES["postgres"]
    assert postgres["image"].split("/")[-1] == "postgres:16"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert set(SERVICES) == {"postgres", *BOTS}


def test_both_instances_share_one_postgresql_database() -> None:
    urls = {name: environment(bot, DOT_ENV)["POLICYBOT_DATABASE_URL"] for name, bot in BOTS.items()}
    assert len(set(urls.values())) == 1
    url = parse_database_url(next(iter(urls.values())))
    assert url.drivername == "postgresql+asyncpg" and url.host == "postgres"
    postgres_env = SERVICES["postgres"]["environment"]
    assert (url.username, url.database) == (
        postgres_env["POSTGRES_USER"],
        postgres_env["POSTGRES_DB"],
    )
    assert url.password == interpolate(postgres_env["POSTGRES_PASSWORD"], DOT_ENV)
    for bot in BOTS.values():
        assert bot["depends_on"]["postgres"] == {"condition": "service_healthy"}


def test_only_one_instance_migrates_and_the_other_waits_for_it() -> None:
    migrating = [
        name for name, bot in BOTS.items() if serve_arguments(command(bot)).upgrade_database
    ]
    assert len(migrating) == 1
    (first,) = migrating
    (second,) = set(BOTS) - {first}
    assert UPGRADE_FLAG not in command(BOTS[second])
    assert BOTS[second]["depends_on"][first] == {"condition": "service_healthy"}
    assert "/healthz" in " ".join(BOTS[first]["healthcheck"]["test"])


def test_every_variable_given_to_the_instances_is_one_the_service_reads() -> None:
    for name, bot in BOTS.items():
        unknown = set(bot["environment"]) - service_variables()
        assert unknown == set(), (name, sorted(unknown))


@pytest.mark.parametrize("name", sorted(BOTS))
def test_each_instance_starts_with_the_credentials_from_dot_env(name: str) -> None:
    bot = BOTS[name]
    args = serve_arguments(command(bot))
    assert not args.dangerously_allow_unauthenticated
    settings = Settings.from_env(environment(bot, DOT_ENV), upgrade_database=args.upgrade_database)
    assert not settings.local_mode
    assert (settings.host, settings.port) == ("0.0.0.0", 3978)


@pytest.mark.parametrize("missing", sorted(DOT_ENV))
def test_compose_stops_before_starting_anything_without_a_credential(missing: str) -> None:
    env = {k: v for k, v in DOT_ENV.items() if k != missing}
    for bot in BOTS.values():
        with pytest.raises(LookupError, match=f"{missing}: set {missing} in infra/.env"):
            environment(bot, env)


def test_without_compose_s_guard_the_service_itself_would_refuse_0_0_0_0() -> None:
    env = environment(next(iter(BOTS.values())), DOT_ENV)
    env.pop("MicrosoftAppId")
    env.pop("MicrosoftAppPassword")
    with pytest.raises(ConfigurationError, match=r"refusing to listen on 0\.0\.0\.0"):
        Settings.from_env(env)


def test_the_ports_are_published_on_loopback_only() -> None:
    published = [port for bot in BOTS.values() for port in bot["ports"]]
    assert sorted(published) == ["127.0.0.1:3978:3978", "127.0.0.1:3979:3978"]
