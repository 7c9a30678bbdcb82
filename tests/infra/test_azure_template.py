"""infra/azure/main.bicep, read without the Bicep compiler (tests/infra/bicep.py says how): the
resource types and API versions are the ones checked against Microsoft's documentation and
listed in docs/deploy.md; the container gets every setting production needs and nothing the
service does not read; the environment it builds is one the service accepts; the probes and
arguments are ones Container Apps and `policybot serve` accept; the docs use only outputs and
parameters the template has."""

from __future__ import annotations

import importlib
import inspect
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.settings import APP_TYPES, Settings

from . import bicep
from .service import (
    PASSWORD,
    READ_BY_LIBRARIES,
    REQUIRED_IN_PRODUCTION,
    ROOT,
    UPGRADE_FLAG,
    serve_arguments,
    service_variables,
)

TEMPLATE_PATH = ROOT / "infra" / "azure" / "main.bicep"
TEMPLATE = bicep.read(TEMPLATE_PATH)
DEPLOY_DOC = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
EXAMPLE_PARAMETERS = ROOT / "infra" / "azure" / "main.parameters.example.json"

# Each checked against Microsoft's template reference (docs/deploy.md gives the pages): a
# released (non-preview) API version that has the properties the template sets. Changing a
# version means checking it again, here and in docs/deploy.md's table.
CHECKED_VERSIONS = {
    ("Microsoft.ManagedIdentity/userAssignedIdentities", "2023-01-31"),
    ("Microsoft.ContainerRegistry/registries", "2023-07-01"),
    ("Microsoft.Authorization/roleAssignments", "2022-04-01"),
    ("Microsoft.OperationalInsights/workspaces", "2023-09-01"),
    ("Microsoft.App/managedEnvironments", "2024-03-01"),
    ("Microsoft.App/containerApps", "2024-03-01"),
    ("Microsoft.DBforPostgreSQL/flexibleServers", "2024-08-01"),
    ("Microsoft.DBforPostgreSQL/flexibleServers/databases", "2024-08-01"),
    ("Microsoft.DBforPostgreSQL/flexibleServers/firewallRules", "2024-08-01"),
    ("Microsoft.BotService/botServices", "2022-09-15"),
    ("Microsoft.BotService/botServices/channels", "2022-09-15"),
}

# Container Apps' probe limits (Microsoft.App ContainerAppProbe): the compiler types these as
# plain ints, so a value Azure refuses would only show at deployment.
PROBE_LIMITS = {
    "failureThreshold": (1, 10),
    "initialDelaySeconds": (1, 60),
    "periodSeconds": (1, 240),
    "timeoutSeconds": (1, 240),
    "successThreshold": (1, 10),
}

# Values for what only Azure knows at deployment time.
APP_ID = "9f2c4e1a-0b3d-4c5e-8f7a-1b2c3d4e5f60"
TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"
AZURE_VALUES = {
    "identity.properties.clientId": APP_ID,
    "microsoftAppId": APP_ID,
    "tenant().tenantId": TENANT_ID,
    "postgres.properties.fullyQualifiedDomainName": "policybot-pg-abc.postgres.database.azure.com",
    # every character a URL would otherwise misread
    "postgresAdminPassword": "p@ss:w/rd#1?x%20+&=y",
    "microsoftAppPassword": "client-secret~value",
}


def doc_resource_table() -> set[tuple[str, str]]:
    section = DEPLOY_DOC.split("### Resource types and API versions", 1)[1].split("\n### ", 1)[0]
    return set(re.findall(r"^\| `([\w./]+)` \| `([\w-]+)` \|", section, re.MULTILINE))


def test_every_resource_type_and_api_version_is_one_checked_and_listed_in_the_docs() -> None:
    used = {(r.type, r.api_version) for r in TEMPLATE.resources}
    assert used == CHECKED_VERSIONS
    assert doc_resource_table() == CHECKED_VERSIONS
    assert not [version for _, version in used if "preview" in version]


def test_the_container_is_given_every_setting_production_needs() -> None:
    names = TEMPLATE.env_names()
    # fail-safe: were a setting renamed in bot/, the template must follow
    assert REQUIRED_IN_PRODUCTION | {PASSWORD} <= service_variables()
    always = {e.name for e in TEMPLATE.env if e.list_name == "serviceEnv"}
    assert always >= REQUIRED_IN_PRODUCTION
    assert PASSWORD in names
    secret = {e.name: e for e in TEMPLATE.env if e.kind == "secretRef"}
    assert {"POLICYBOT_DATABASE_URL", PASSWORD} <= secret.keys()
    assert serve_arguments(container_args()).upgrade_database
    assert UPGRADE_FLAG in container_args()


def test_the_container_is_given_nothing_the_service_does_not_read() -> None:
    unknown = TEMPLATE.env_names() - service_variables() - READ_BY_LIBRARIES.keys()
    assert unknown == set(), f"not read by the service (a typo?): {sorted(unknown)}"
    names = [e.name for e in TEMPLATE.env]
    assert len(names) == len(set(names)), "a variable is set twice"


@pytest.mark.parametrize("variable", sorted(READ_BY_LIBRARIES))
def test_a_variable_read_by_a_library_is_read_by_it(variable: str) -> None:
    module, needle = READ_BY_LIBRARIES[variable]
    assert needle in inspect.getsource(importlib.import_module(module))


def test_every_env_list_reaches_the_container_and_every_secret_it_names_exists() -> None:
    env_line = next(line.strip() for line in TEMPLATE.lines if line.strip().startswith("env:"))
    for list_name in {e.list_name for e in TEMPLATE.env}:
        assert list_name in env_line
    declared = set(re.findall(r"\{ name: '([a-z0-9-]+)', value: ", TEMPLATE.text))
    assert {e.expression.strip("'") for e in TEMPLATE.env if e.kind == "secretRef"} <= declared
    assert "secrets: secrets" in TEMPLATE.text


def container_args() -> list[str]:
    block = TEMPLATE.block("          args: [")
    return re.findall(r"'([^']*)'", block)


def test_the_image_entry_point_is_serve_so_the_arguments_are_appended_to_it() -> None:
    containerfile = (ROOT / "infra" / "container" / "Containerfile").read_text(encoding="utf-8")
    entrypoint = re.findall(r"^ENTRYPOINT\s+(\[.*\])\s*$", containerfile, re.MULTILINE)
    assert [json.loads(e) for e in entrypoint] == [["policybot", "serve"]]
    assert "command:" not in TEMPLATE.text, "a command would replace the image's entry point"


def evaluate(expression: str, values: dict[str, str]) -> str:
    """The value of the few kinds of Bicep expression the environment uses: a string, a number,
    string(x), uriComponent(x), '${...}' interpolation, a parameter's default, a var, or one of
    `values` (what Azure provides). Anything else raises, naming the expression."""
    expression = expression.strip()
    if expression in values:
        return values[expression]
    if re.fullmatch(r"-?\d+", expression):
        return expression
    if match := re.fullmatch(r"'([^']*)'", expression):
        return re.sub(r"\$\{([^}]*)\}", lambda m: evaluate(m.group(1), values), match.group(1))
    if match := re.fullmatch(r"(string|uriComponent)\((.+)\)", expression):
        inner = evaluate(match.group(2), values)
        return inner if match.group(1) == "string" else quote(inner, safe="!*'()")
    if match := re.fullmatch(r"([\w =.'-]+?) \? (.+?) : (.+)", expression):
        condition, then, otherwise = match.groups()
        return evaluate(then if holds(condition, values) else otherwise, values)
    if (param := TEMPLATE.params.get(expression)) and param.default is not None:
        return evaluate(param.default, values)
    if expression in TEMPLATE.vars:
        return evaluate(TEMPLATE.vars[expression], values)
    raise ValueError(f"cannot evaluate {expression!r}: add it to AZURE_VALUES")


def holds(condition: str, values: dict[str, str]) -> bool:
    """`x == 'text'`, or a var that is one."""
    condition = TEMPLATE.vars.get(condition.strip(), condition).strip()
    match = re.fullmatch(r"(\w+) == '([^']*)'", condition)
    if not match:
        raise ValueError(f"cannot evaluate the condition {condition!r}")
    return evaluate(match.group(1), values) == match.group(2)


def container_environment(app_type: str) -> dict[str, str]:
    """The environment the container gets with the parameters' defaults, as main.bicep builds
    it: secrets resolved, empty optional entries left out, the password only for SingleTenant."""
    values = {**AZURE_VALUES, "microsoftAppType": app_type}
    secrets = {"database-url": "databaseUrl", "microsoft-app-password": "microsoftAppPassword"}
    env: dict[str, str] = {}
    for entry in TEMPLATE.env:
        if entry.list_name == "passwordEnv" and app_type == "UserAssignedMSI":
            continue
        if entry.kind == "secretRef":
            value = evaluate(secrets[entry.expression.strip("'")], values)
        else:
            value = evaluate(entry.expression, values)
        if entry.list_name == "optionalEnv" and not value:
            continue
        env[entry.name] = value
    return env


@pytest.mark.parametrize("app_type", ["SingleTenant", "UserAssignedMSI"])
def test_the_service_accepts_the_environment_the_template_builds(app_type: str) -> None:
    from bot.service_cli import log_format_from

    env = container_environment(app_type)
    settings = Settings.from_env(env, upgrade_database=True)
    assert not settings.local_mode
    assert (settings.app_id, settings.app_type, settings.app_tenant_id) == (
        APP_ID,
        app_type,
        TENANT_ID,
    )
    assert (settings.host, settings.port) == ("0.0.0.0", 3978)
    assert settings.allowed_tenants == {TENANT_ID}  # this tenant only, by default
    assert bool(settings.app_password) == (app_type == "SingleTenant")
    assert log_format_from(None, env) == "json"
    assert env.get("PGSSLROOTCERT") == "/etc/ssl/certs/ca-certificates.crt"


def test_the_database_url_the_template_builds_reaches_asyncpg_intact() -> None:
    from bot.records.db import create_engine, parse_database_url

    url = container_environment("SingleTenant")["POLICYBOT_DATABASE_URL"]
    assert parse_database_url(url).drivername == "postgresql+asyncpg"
    engine = create_engine(url)
    try:
        _, options = engine.dialect.create_connect_args(engine.url)
    finally:
        engine.sync_engine.dispose()
    assert options == {
        "host": AZURE_VALUES["postgres.properties.fullyQualifiedDomainName"],
        "port": 5432,
        "user": "policybot",
        "password": AZURE_VALUES["postgresAdminPassword"],
        "database": "policybot",
        "ssl": "verify-full",
    }


def test_a_managed_identity_bot_gets_the_sdks_managed_identity_credentials() -> None:
    """As far as it can be taken without Azure: the SDK's credential factory for the settings
    the template gives a UserAssignedMSI bot is its managed-identity one, for that client id."""
    from botbuilder.integration.aiohttp import ConfigurationServiceClientCredentialFactory
    from botframework.connector.auth import ManagedIdentityServiceClientCredentialsFactory

    from bot.hosting.adapter import sdk_configuration

    settings = Settings.from_env(container_environment("UserAssignedMSI"))
    factory = ConfigurationServiceClientCredentialFactory(sdk_configuration(settings))
    inner = factory._inner
    assert isinstance(inner, ManagedIdentityServiceClientCredentialsFactory)
    assert inner.app_id == APP_ID


def allowed_values(param: str) -> list[str]:
    match = re.search(
        r"@allowed\(\[([^\]]*)\]\)\s*\n(?:@[^\n]*\n)*param\s+" + re.escape(param) + r"\s",
        TEMPLATE.text,
    )
    assert match, f"no @allowed for {param}"
    return re.findall(r"'([^']*)'", match.group(1))


def test_the_bot_is_single_tenant_or_a_managed_identity_never_multi_tenant() -> None:
    assert allowed_values("microsoftAppType") == ["SingleTenant", "UserAssignedMSI"]
    assert set(allowed_values("microsoftAppType")) <= set(APP_TYPES)
    bot = TEMPLATE.block("resource bot ")
    assert "kind: 'azurebot'" in bot and "location: 'global'" in bot
    properties = TEMPLATE.block("var botProperties")
    assert "msaAppType: microsoftAppType" in properties
    assert "msaAppId: botAppId" in properties
    assert "msaAppMSIResourceId: identity.id" in bot


def test_the_bots_endpoint_is_the_services_messages_route_over_https() -> None:
    from bot.hosting.messages import MESSAGES_PATH

    properties = TEMPLATE.block("var botProperties")
    assert f"endpoint: 'https://${{app.properties.configuration.ingress.fqdn}}{MESSAGES_PATH}'" in (
        properties
    )
    assert TEMPLATE.outputs["messagingEndpoint"] == "bot.properties.endpoint"


def test_the_teams_channel_is_enabled() -> None:
    channel = TEMPLATE.block("resource teamsChannel ")
    assert "channelName: 'MsTeamsChannel'" in channel
    assert "isEnabled: true" in channel
    assert "parent: bot" in channel


def test_https_ingress_to_the_services_port_and_at_least_two_replicas() -> None:
    app = TEMPLATE.block("resource app ")
    ingress = TEMPLATE.block("      ingress: {")
    assert "external: true" in ingress and "allowInsecure: false" in ingress
    assert "targetPort: port" in ingress
    assert TEMPLATE.vars["port"] == str(Settings().port)
    assert "minReplicas: replicas" in app and "maxReplicas: replicas" in app
    replicas = TEMPLATE.params["replicas"]
    assert replicas.default is not None and int(replicas.default) >= 2
    assert "@minValue(2)" in TEMPLATE.text.split("param replicas", 1)[0].rsplit("param ", 1)[1]


def probes() -> dict[str, dict[str, str]]:
    block = TEMPLATE.block("          probes: [")
    found: dict[str, dict[str, str]] = {}
    for chunk in block.split("type: '")[1:]:
        kind = chunk.split("'", 1)[0]
        found[kind] = dict(re.findall(r"(\w+): ([^\s{}]+)", chunk.split("'", 1)[1]))
    return found


def test_probes_ask_the_health_routes_within_container_apps_limits() -> None:
    from bot.app import create_app

    found = probes()
    assert set(found) == {"Startup", "Liveness", "Readiness"}
    assert {kind: probe["path"] for kind, probe in found.items()} == {
        "Startup": "'/healthz'",
        "Liveness": "'/healthz'",
        "Readiness": "'/readyz'",
    }
    routes = {
        resource.canonical for resource in create_app(Settings()).router.resources()
    }  # the service's own routes, not a copy of their names
    assert {"/healthz", "/readyz"} <= routes
    for kind, probe in found.items():
        assert probe["port"] == "port", kind
        for field, (low, high) in PROBE_LIMITS.items():
            if field in probe:
                assert low <= int(probe[field]) <= high, (kind, field, probe[field])


def test_secrets_are_secure_parameters_and_no_output_carries_one() -> None:
    for name in ("microsoftAppPassword", "postgresAdminPassword"):
        assert "secure" in TEMPLATE.params[name].decorators, name
    for name, expression in TEMPLATE.outputs.items():
        assert not re.search(r"password|secret|databaseUrl|listKeys", expression, re.I), name


def test_every_output_the_docs_read_exists_and_the_ones_they_need() -> None:
    read = set(re.findall(r"outputs\.(\w+)", DEPLOY_DOC))
    assert read and read <= TEMPLATE.outputs.keys()
    assert {"messagingEndpoint", "containerAppFqdn", "botAppId", "postgresHost"} <= (
        TEMPLATE.outputs.keys()
    )
    section = DEPLOY_DOC.split("### Outputs", 1)[1].split("\n### ", 1)[0]
    assert set(re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE)) == TEMPLATE.outputs.keys()


def test_every_parameter_is_documented_and_the_docs_pass_only_real_ones() -> None:
    section = DEPLOY_DOC.split("### Parameters", 1)[1].split("\n### ", 1)[0]
    assert set(re.findall(r"^\| `(\w+)` \|", section, re.MULTILINE)) == TEMPLATE.params.keys()
    passed = set(re.findall(r"(?:^|\s)(\w+)=\S", deploy_commands()))
    passed -= {"RG", "LOCATION", "ACR", "APP_ID", "APP_PASSWORD", "PG_PASSWORD", "ADMINS"}
    passed -= {"BOT_APP_ID", "APP_FQDN", "APP_NAME"}
    assert passed and passed <= TEMPLATE.params.keys()
    required = {p.name for p in TEMPLATE.params.values() if p.required}
    assert required <= passed


def deploy_commands() -> str:
    return "\n".join(
        block
        for block in re.findall(r"```sh\n(.*?)```", DEPLOY_DOC, re.DOTALL)
        if "az deployment group create" in block
    )


def test_the_example_parameter_file_names_only_parameters_and_no_secret() -> None:
    parameters = json.loads(EXAMPLE_PARAMETERS.read_text(encoding="utf-8"))["parameters"]
    assert parameters.keys() <= TEMPLATE.params.keys()
    secure = {p.name for p in TEMPLATE.params.values() if "secure" in p.decorators}
    assert not parameters.keys() & secure
    for name, entry in parameters.items():
        kind = TEMPLATE.params[name].type
        assert isinstance(entry["value"], int if kind == "int" else str), name


def test_the_reader_sees_what_it_is_meant_to(tmp_path: Path) -> None:
    """The regular expressions, on a small template of each construct."""
    sample = tmp_path / "sample.bicep"
    sample.write_text(
        "@description('a // not a comment')\n@allowed([\n  'a'\n])\nparam kind string = 'a'\n"
        "@secure()\nparam secret string\n"
        "resource thing 'Microsoft.Foo/bars@2024-01-01' = { // a comment\n}\n"
        "resource old 'Microsoft.Foo/bars/bazs@2023-01-01-preview' existing = {\n}\n"
        "var someEnv = [\n  { name: 'A_B', value: kind }\n  { name: 'C', secretRef: 'c' }\n]\n"
        "output where string = thing.id\n",
        encoding="utf-8",
    )
    template = bicep.read(sample)
    assert [(r.type, r.api_version, r.existing) for r in template.resources] == [
        ("Microsoft.Foo/bars", "2024-01-01", False),
        ("Microsoft.Foo/bars/bazs", "2023-01-01-preview", True),
    ]
    assert template.params["kind"].decorators == {"description", "allowed"}
    assert template.params["secret"].required and "secure" in template.params["secret"].decorators
    assert [(e.name, e.kind) for e in template.env] == [("A_B", "value"), ("C", "secretRef")]
    assert template.outputs == {"where": "thing.id"}
