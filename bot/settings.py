"""Service settings: read once from the environment at start, checked, then passed around.

Bot Framework names its settings as its own samples do (`MicrosoftAppId`, ...); ours carry the
`POLICYBOT_` prefix. Every setting is documented in README.md.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
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
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SUMMARY_OFF = "off"


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


def _id_set(value: str) -> frozenset[str]:
    return frozenset(part.strip().lower() for part in value.split(",") if part.strip())


def _port(variable: str, value: str, default: int) -> int:
    port = _positive_int(variable, value, default)
    if port > 65535:
        raise ConfigurationError(f"{variable} must be 1-65535, not {value!r}")
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


def _positive_float(name: str, value: str, default: float) -> float:
    value = value.strip()
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number, not {value!r}") from None
    if not number > 0 or number == float("inf"):
        raise ConfigurationError(f"{name} must be a positive number, not {value!r}")
    return number


NO_SECRET = Secret("")


# How a setting is read from its environment variable: (variable name, raw text, default) to the
# value, or ConfigurationError naming the variable.
Cast = Callable[[str, str, Any], Any]


def setting(variable: str, cast: Cast, default: Any) -> Any:
    """A field read from `variable` by `cast`, falling back to `default`: each setting's name,
    reading and default are written once, here, for both the dataclass and `from_env`."""
    return field(default=default, metadata={"variable": variable, "cast": cast})


def _text(variable: str, raw: str, default: str) -> str:
    return raw.strip() or default


def _secret(variable: str, raw: str, default: Secret) -> Secret:
    return Secret(raw) if raw else default


def _ids(variable: str, raw: str, default: frozenset[str]) -> frozenset[str]:
    return _id_set(raw) or default


def _hosts(variable: str, raw: str, default: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_id_set(raw)) or default


def _weekday_or_off(variable: str, raw: str, default: int | None) -> int | None:
    """A day of the week (0 = Monday), by name or its first three letters; None for "off"."""
    value = raw.strip().lower()
    if not value:
        return default
    if value == SUMMARY_OFF:
        return None
    for index, day in enumerate(WEEKDAYS):
        if value in (day, day[:3]):
            return index
    raise ConfigurationError(
        f"{variable} must be one of {', '.join(WEEKDAYS)} (or their first three letters), "
        f"or {SUMMARY_OFF}; not {raw!r}"
    )


def _hour(variable: str, raw: str, default: int) -> int:
    value = raw.strip()
    if not value:
        return default
    try:
        hour = int(value)
    except ValueError:
        raise ConfigurationError(f"{variable} must be a whole hour 0-23, not {raw!r}") from None
    if not 0 <= hour <= 23:
        raise ConfigurationError(f"{variable} must be a whole hour 0-23, not {raw!r}")
    return hour


@dataclass(frozen=True)
class Settings:
    app_id: str = setting("MicrosoftAppId", _text, "")
    app_password: Secret = setting("MicrosoftAppPassword", _secret, NO_SECRET)
    app_type: str = setting("MicrosoftAppType", _text, "MultiTenant")
    app_tenant_id: str = setting("MicrosoftAppTenantId", _text, "")
    openid_metadata_url: str = setting(
        "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL", _text, DEFAULT_OPENID_METADATA_URL
    )
    token_issuer: str = setting("TO_BOT_FROM_CHANNEL_TOKEN_ISSUER", _text, DEFAULT_TOKEN_ISSUER)
    policy: str = setting("POLICYBOT_POLICY", _text, "socitm-template")
    database_url: str = setting("POLICYBOT_DATABASE_URL", _text, "")
    host: str = setting("POLICYBOT_HOST", _text, "127.0.0.1")
    port: int = setting("POLICYBOT_PORT", _port, 3978)
    allowed_tenants: frozenset[str] = setting("POLICYBOT_ALLOWED_TENANTS", _ids, frozenset())
    approvers: frozenset[str] = setting("POLICYBOT_APPROVERS", _ids, frozenset())
    admins: frozenset[str] = setting("POLICYBOT_ADMINS", _ids, frozenset())
    # a YAML file of the boards besides the lead one (bot.governance.boards)
    boards_file: str = setting("POLICYBOT_BOARDS", _text, "")
    service_url_hosts: tuple[str, ...] = setting(
        "POLICYBOT_SERVICE_URL_HOSTS", _hosts, DEFAULT_SERVICE_URL_HOSTS
    )
    max_body_bytes: int = setting("POLICYBOT_MAX_BODY_BYTES", _positive_int, DEFAULT_MAX_BODY_BYTES)
    upgrade_database: bool = False  # command-line flags, not environment
    dangerously_allow_unauthenticated: bool = False
    governance_channel_id: str = setting("POLICYBOT_GOVERNANCE_CHANNEL_ID", _text, "")
    governance_team_id: str = setting("POLICYBOT_GOVERNANCE_TEAM_ID", _text, "")
    security_channel_id: str = setting("POLICYBOT_SECURITY_CHANNEL_ID", _text, "")
    teams_service_url: str = setting(
        "POLICYBOT_TEAMS_SERVICE_URL", _text, DEFAULT_TEAMS_SERVICE_URL
    )
    outbox_poll_seconds: float = setting("POLICYBOT_OUTBOX_POLL_SECONDS", _positive_float, 2.0)
    approval_reminder_days: float = setting(
        "POLICYBOT_APPROVAL_REMINDER_DAYS", _positive_float, 3.0
    )
    incident_ack_hours: float = setting("POLICYBOT_INCIDENT_ACK_HOURS", _positive_float, 4.0)
    # The board's weekly summary, in UK time: the day (0 = Monday; None when "off", which leaves
    # only the on-demand `summary`) and the hour.
    summary_day: int | None = setting("POLICYBOT_SUMMARY_DAY", _weekday_or_off, 0)
    summary_hour: int = setting("POLICYBOT_SUMMARY_HOUR", _hour, 9)

    @property
    def local_mode(self) -> bool:
        """No credentials: the SDK would accept anything, so we serve loopback only."""
        return not self.app_id

    @property
    def allowed_service_url_hosts(self) -> tuple[str, ...]:
        return LOCAL_SERVICE_URL_HOSTS if self.local_mode else self.service_url_hosts

    @classmethod
    def from_env(cls, env: Mapping[str, str], **overrides: object) -> Settings:
        values = {
            f.name: f.metadata["cast"](f.metadata["variable"], env.get(variable, ""), f.default)
            for f in fields(cls)
            if (variable := f.metadata.get("variable"))
        }
        settings = _replace(cls(**values), overrides)
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
        if self.boards_file and not self.approvers:
            # every board names its approvers: a team's roster could not tell the boards apart
            raise ConfigurationError(
                "POLICYBOT_BOARDS needs POLICYBOT_APPROVERS: with several boards, the lead "
                "board's approvers are named too"
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
