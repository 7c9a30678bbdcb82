"""Service settings: read once from the environment at start, checked, then passed around.

Bot Framework names its settings as its own samples do (`MicrosoftAppId`, ...); ours carry the
`POLICYBOT_` prefix. Every setting is documented in README.md.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import ConfigurationError

DEFAULT_OPENID_METADATA_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_TOKEN_ISSUER = "https://api.botframework.com"
# Teams and Bot Framework service hosts; a forged serviceUrl elsewhere must never get our token.
DEFAULT_SERVICE_URL_HOSTS = ("smba.trafficmanager.net", "*.botframework.com")
LOCAL_SERVICE_URL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
DEFAULT_MAX_BODY_BYTES = 256 * 1024
DEFAULT_TEAMS_SERVICE_URL = "https://smba.trafficmanager.net/teams/"
APP_TYPES = ("MultiTenant", "SingleTenant", "UserAssignedMSI")


class Secret:
    """A value that never shows itself in a repr, a log line or a traceback."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    __str__ = __repr__


@dataclass(frozen=True)
class Settings:
    app_id: str = ""
    app_password: Secret = field(default_factory=lambda: Secret(""))
    app_type: str = "MultiTenant"
    app_tenant_id: str = ""
    openid_metadata_url: str = DEFAULT_OPENID_METADATA_URL
    token_issuer: str = DEFAULT_TOKEN_ISSUER
    policy: str = "socitm-template"
    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 3978
    allowed_tenants: frozenset[str] = frozenset()
    approvers: frozenset[str] = frozenset()
    service_url_hosts: tuple[str, ...] = DEFAULT_SERVICE_URL_HOSTS
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    upgrade_database: bool = False
    dangerously_allow_unauthenticated: bool = False
    governance_channel_id: str = ""
    governance_team_id: str = ""
    security_channel_id: str = ""
    teams_service_url: str = DEFAULT_TEAMS_SERVICE_URL
    outbox_poll_seconds: float = 2.0
    approval_reminder_days: float = 3.0
    incident_ack_hours: float = 4.0

    @property
    def local_mode(self) -> bool:
        """No credentials: the SDK would accept anything, so we serve loopback only."""
        return not self.app_id

    @property
    def allowed_service_url_hosts(self) -> tuple[str, ...]:
        return LOCAL_SERVICE_URL_HOSTS if self.local_mode else self.service_url_hosts

    @classmethod
    def from_env(cls, env: Mapping[str, str], **overrides: object) -> Settings:
        settings = cls(
            app_id=env.get("MicrosoftAppId", "").strip(),
            app_password=Secret(env.get("MicrosoftAppPassword", "")),
            app_type=env.get("MicrosoftAppType", "").strip() or "MultiTenant",
            app_tenant_id=env.get("MicrosoftAppTenantId", "").strip(),
            openid_metadata_url=env.get("TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL", "").strip()
            or DEFAULT_OPENID_METADATA_URL,
            token_issuer=env.get("TO_BOT_FROM_CHANNEL_TOKEN_ISSUER", "").strip()
            or DEFAULT_TOKEN_ISSUER,
            policy=env.get("POLICYBOT_POLICY", "").strip() or "socitm-template",
            database_url=env.get("POLICYBOT_DATABASE_URL", "").strip(),
            host=env.get("POLICYBOT_HOST", "").strip() or "127.0.0.1",
            port=_port(env.get("POLICYBOT_PORT", "")),
            allowed_tenants=_id_set(env.get("POLICYBOT_ALLOWED_TENANTS", "")),
            approvers=_id_set(env.get("POLICYBOT_APPROVERS", "")),
            service_url_hosts=tuple(_id_set(env.get("POLICYBOT_SERVICE_URL_HOSTS", "")))
            or DEFAULT_SERVICE_URL_HOSTS,
            max_body_bytes=_positive_int(
                "POLICYBOT_MAX_BODY_BYTES",
                env.get("POLICYBOT_MAX_BODY_BYTES", ""),
                DEFAULT_MAX_BODY_BYTES,
            ),
            governance_channel_id=env.get("POLICYBOT_GOVERNANCE_CHANNEL_ID", "").strip(),
            governance_team_id=env.get("POLICYBOT_GOVERNANCE_TEAM_ID", "").strip(),
            security_channel_id=env.get("POLICYBOT_SECURITY_CHANNEL_ID", "").strip(),
            teams_service_url=env.get("POLICYBOT_TEAMS_SERVICE_URL", "").strip()
            or DEFAULT_TEAMS_SERVICE_URL,
            outbox_poll_seconds=_positive_float(env, "POLICYBOT_OUTBOX_POLL_SECONDS", 2.0),
            approval_reminder_days=_positive_float(env, "POLICYBOT_APPROVAL_REMINDER_DAYS", 3.0),
            incident_ack_hours=_positive_float(env, "POLICYBOT_INCIDENT_ACK_HOURS", 4.0),
        )
        settings = _replace(settings, overrides)
        settings.check()
        return settings

    def check(self) -> None:
        """Refuse contradictory settings before anything starts."""
        if self.database_url:  # said now, not as a traceback from the first database call
            from .records.db import parse_database_url

            parse_database_url(self.database_url)
        if self.app_type not in APP_TYPES:
            raise ConfigurationError(
                f"MicrosoftAppType must be one of {', '.join(APP_TYPES)}, not {self.app_type!r}"
            )
        if self.app_id and self.app_type != "MultiTenant" and not self.app_tenant_id:
            raise ConfigurationError(f"MicrosoftAppType={self.app_type} needs MicrosoftAppTenantId")
        if self.app_id and self.app_type != "UserAssignedMSI" and not self.app_password:
            raise ConfigurationError("MicrosoftAppId is set but MicrosoftAppPassword is empty")
        if (self.governance_channel_id or self.security_channel_id) and self.local_mode:
            raise ConfigurationError(
                "POLICYBOT_GOVERNANCE_CHANNEL_ID/POLICYBOT_SECURITY_CHANNEL_ID name Teams "
                "channels, which need MicrosoftAppId; in local mode register a channel by typing "
                '"register governance channel" in it instead'
            )
        if (
            self.local_mode
            and not is_loopback(self.host)
            and not (self.dangerously_allow_unauthenticated)
        ):
            raise ConfigurationError(
                f"refusing to listen on {self.host} without credentials: set MicrosoftAppId and "
                "MicrosoftAppPassword, or listen on 127.0.0.1, or (never in production) pass "
                "--dangerously-allow-unauthenticated"
            )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _replace(settings: Settings, overrides: Mapping[str, Any]) -> Settings:
    return replace(settings, **{k: v for k, v in overrides.items() if v is not None})


def _id_set(value: str) -> frozenset[str]:
    return frozenset(part.strip().lower() for part in value.split(",") if part.strip())


def _port(value: str) -> int:
    if not value.strip():
        return 3978
    port = _positive_int("POLICYBOT_PORT", value, 3978)
    if port > 65535:
        raise ConfigurationError(f"POLICYBOT_PORT must be 1-65535, not {value!r}")
    return port


def _positive_int(name: str, value: str, default: int) -> int:
    if not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from None
    if number < 1:
        raise ConfigurationError(f"{name} must be at least 1, not {value!r}")
    return number


def _positive_float(env: Mapping[str, str], name: str, default: float) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number, not {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise ConfigurationError(f"{name} must be a positive number, not {value!r}")
    return number
