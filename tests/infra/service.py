"""The service's side of the deployment files: which environment variables it reads, which of
them production needs, and the arguments `policybot serve` accepts. Read from the code, so that
a setting renamed in bot/ fails the infra tests instead of leaving a template that sets nothing.
"""

from __future__ import annotations

import ast
import re
from dataclasses import fields
from pathlib import Path

from bot.settings import Settings

ROOT = Path(__file__).parents[2]

# Environment variables of ours are named POLICYBOT_*; the Bot Framework ones are in Settings.
OUR_PREFIX = re.compile(r"^POLICYBOT_[A-Z0-9_]+$")

# Read by a library the service uses, not by a setting of ours; each with where it is read.
READ_BY_LIBRARIES = {
    # asyncpg's connect_utils: the CA file for ssl=verify-full (the URL's ?ssl=...).
    "PGSSLROOTCERT": ("asyncpg.connect_utils", "PGSSLROOTCERT"),
}

# What a production instance must be given (the upgrade is a command-line flag, see below).
REQUIRED_IN_PRODUCTION = {
    "MicrosoftAppId",
    "MicrosoftAppType",
    "MicrosoftAppTenantId",
    "POLICYBOT_DATABASE_URL",
    "POLICYBOT_HOST",
}
# Only for SingleTenant: a managed identity has no password.
PASSWORD = "MicrosoftAppPassword"
UPGRADE_FLAG = "--upgrade-database"


def settings_variables() -> set[str]:
    """The variables declared in bot/settings.py's one registry of settings."""
    return {f.metadata["variable"] for f in fields(Settings) if "variable" in f.metadata}


def variables_named_in_code() -> set[str]:
    """Every POLICYBOT_* name that appears as a whole string in bot/ (os.environ.get("..."), or
    a constant such as LOG_FORMAT_ENV = "..."): a name the code can read. A name in a template
    that appears nowhere in the code is a typo or a setting that no longer exists."""
    names: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and OUR_PREFIX.match(node.value):
                names.add(node.value)
    return names


def service_variables() -> set[str]:
    return settings_variables() | variables_named_in_code()


def serve_arguments(args: list[str]) -> object:
    """What `policybot serve ARGS` makes of the arguments (SystemExit on one it does not know)."""
    from bot.cli import build_parser

    return build_parser().parse_args(["serve", *args])
