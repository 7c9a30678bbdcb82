"""`policybot teams-package`: the zip an administrator uploads to Teams to install the bot.

The zip holds manifest.json, color.png and outline.png at its root. The manifest is built from
infra/teams/manifest.template.json (shipped in the package as bot/teams_app), whose placeholder
values ("{{BOT_APP_ID}}", ...) are replaced as whole JSON strings, never by editing text, so what
a user passes cannot change its structure. The developer links (website, privacy notice, terms of
use) come from the options or the template, and are refused while they still lead to an example
domain: Teams shows them to staff.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import uuid
import zipfile
from collections.abc import Mapping
from importlib import metadata, resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .errors import PolicybotError

TEMPLATE = "manifest.template.json"
# The assets are committed in infra/teams, beside the script that draws the icons; a checkout (the
# editable install) reads them there. A wheel has no infra/: it carries them as package data
# (bot/teams_app links to them), installed unpacked, so a real directory either way.
_CHECKOUT_ASSETS = Path(__file__).resolve().parents[1] / "infra" / "teams"
_PACKAGED_ASSETS = Path(str(resources.files("bot") / "teams_app"))
ASSETS = _CHECKOUT_ASSETS if (_CHECKOUT_ASSETS / TEMPLATE).is_file() else _PACKAGED_ASSETS
ICONS = ("color.png", "outline.png")
DEFAULT_NAME = "policybot"
DEFAULT_OUTPUT = "policybot-teams-app.zip"
FULL_NAME_SUFFIX = ": AI use policy assistant"
# Fixed for ever: the Teams app id is uuid5(this, bot app id), so re-packaging the same bot gives
# the same Teams app, which Teams then treats as an update rather than a second app.
TEAMS_APP_ID_NAMESPACE = uuid.UUID("6f0c1d52-3b7e-4c8a-9a55-2f4e8b1c0d73")
GUID = re.compile(r"^[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
SEMVER = re.compile(r"^(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)\.(?:0|[1-9][0-9]*)$")
SHORT_NAME_MAX = 30  # Teams' limit on name.short
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same input gives the same bytes
# The manifest's developer links, which Teams shows to staff on the app's About page: (field,
# option that sets it, what it should lead to).
DEVELOPER_URLS = (
    ("websiteUrl", "--website-url", "your page about the bot, or your support page"),
    ("privacyUrl", "--privacy-url", "your privacy notice covering the bot"),
    ("termsOfUseUrl", "--terms-url", "your terms of use for the bot"),
)
# Domains reserved for examples (RFC 2606, RFC 6761): a link to one leads staff nowhere.
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "example")
URL_MAX = 2048  # the Teams schema's limit


class TeamsPackageError(PolicybotError):
    """An argument or asset for the Teams app package is wrong; the message says how to mend it."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "teams-package",
        help="write the Teams app package (manifest.json and icons in a zip)",
        description="Write the zip to upload in Teams (Apps > Manage your apps > Upload an app).",
    )
    parser.add_argument(
        "--app-id", required=True, help="the bot's Microsoft App ID (a GUID, as MicrosoftAppId)"
    )
    parser.add_argument(
        "--teams-app-id", help="the Teams app id (a GUID; default: derived from --app-id)"
    )
    parser.add_argument(
        "--name", default=DEFAULT_NAME, help=f"short name (default: {DEFAULT_NAME})"
    )
    parser.add_argument("--version", help="app version X.Y.Z (default: the installed policybot's)")
    for field, option, meaning in DEVELOPER_URLS:
        parser.add_argument(
            option,
            metavar="URL",
            dest=_dest(option),
            help=f"{meaning}, an https:// address (the manifest's developer.{field}; "
            "default: the template's, refused if it is still a placeholder)",
        )
    parser.add_argument(
        "--allow-placeholder-urls",
        action="store_true",
        help="package even if a developer link is still an example.org placeholder (for a test "
        "tenant only: staff see these links)",
    )
    parser.add_argument(
        "--output", default=DEFAULT_OUTPUT, help=f"zip file to write (default: ./{DEFAULT_OUTPUT})"
    )
    parser.add_argument(
        "--assets",
        type=Path,
        default=ASSETS,
        help=f"directory with {TEMPLATE} and the icons (default: {ASSETS})",
    )
    parser.set_defaults(func=run_teams_package)


def _dest(option: str) -> str:
    return option.removeprefix("--").replace("-", "_")


def run_teams_package(args: argparse.Namespace) -> int:
    try:
        app_id = parse_guid(args.app_id, "--app-id", "the bot's Microsoft App ID")
        teams_app_id = (
            parse_guid(args.teams_app_id, "--teams-app-id", "the Teams app id")
            if args.teams_app_id
            else default_teams_app_id(app_id)
        )
        template = load_template(args.assets)
        urls = {
            field: getattr(args, _dest(option))
            for field, option, _ in DEVELOPER_URLS
            if getattr(args, _dest(option)) is not None
        }
        manifest = build_manifest(
            app_id,
            teams_app_id,
            args.name,
            args.version or installed_version(),
            template,
            developer_urls=urls,
            allow_placeholder_urls=args.allow_placeholder_urls,
        )
        path = write_package(Path(args.output), manifest, args.assets)
    except TeamsPackageError as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 2
    placeholders = placeholder_urls(manifest)
    if placeholders:
        print(
            "policybot: warning: the package links to placeholder pages "
            f"({', '.join(placeholders)}); upload it to a test tenant only",
            file=sys.stderr,
        )
    print(f"wrote {path} (Teams app {teams_app_id}, bot {app_id}, version {manifest['version']})")
    return 0


def parse_guid(value: str, option: str, meaning: str) -> str:
    """The GUID in lower case, so that case differences give the same derived Teams app id."""
    value = value.strip()
    if not GUID.match(value) or uuid.UUID(value).int == 0:
        raise TeamsPackageError(
            f"{option} must be {meaning}, a GUID such as 9f2c4e1a-0b3d-4c5e-8f7a-1b2c3d4e5f60; "
            f"got {value!r}"
        )
    return value.lower()


def default_teams_app_id(app_id: str) -> str:
    return str(uuid.uuid5(TEAMS_APP_ID_NAMESPACE, app_id.lower()))


def installed_version() -> str:
    try:
        return metadata.version("policybot")
    except metadata.PackageNotFoundError as exc:
        raise TeamsPackageError("policybot is not installed; pass --version X.Y.Z") from exc


def load_template(assets: Path = ASSETS) -> dict[str, Any]:
    path = assets / TEMPLATE
    try:
        template: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return template
    except FileNotFoundError as exc:
        raise TeamsPackageError(f"{path} is missing; pass --assets DIR (see infra/teams)") from exc
    except json.JSONDecodeError as exc:
        raise TeamsPackageError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from exc


def build_manifest(
    app_id: str,
    teams_app_id: str,
    name: str,
    version: str,
    template: Mapping[str, Any] | None = None,
    *,
    developer_urls: Mapping[str, str] | None = None,
    allow_placeholder_urls: bool = False,
) -> dict[str, Any]:
    """The Teams manifest: the template with its placeholders filled and `developer_urls`
    (`{"privacyUrl": ...}`) replacing the template's links. Pure but for reading the default
    template when none is given. Raises TeamsPackageError on a name Teams would refuse (empty or
    over 30 characters), a version that is not X.Y.Z, which Teams requires, or, unless allowed,
    a developer link left on an example domain."""
    name = name.strip()
    if not 0 < len(name) <= SHORT_NAME_MAX:
        raise TeamsPackageError(f"--name must be 1 to {SHORT_NAME_MAX} characters; got {name!r}")
    if not SEMVER.match(version):
        raise TeamsPackageError(f"the version must be X.Y.Z for Teams; got {version!r}")
    values = {
        "{{BOT_APP_ID}}": app_id,
        "{{TEAMS_APP_ID}}": teams_app_id,
        "{{SHORT_NAME}}": name,
        "{{FULL_NAME}}": name + FULL_NAME_SUFFIX,
        "{{VERSION}}": version,
    }
    filled: dict[str, Any] = _fill(load_template() if template is None else template, values)
    if developer_urls:
        developer = filled.setdefault("developer", {})
        for field, option, meaning in DEVELOPER_URLS:
            if field in developer_urls:
                developer[field] = parse_url(developer_urls[field], option, meaning)
    left = placeholder_urls(filled)
    if left and not allow_placeholder_urls:
        raise TeamsPackageError(_placeholder_message(filled["developer"], left))
    return filled


def parse_url(value: str, option: str, meaning: str) -> str:
    value = value.strip()
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # such as an unclosed IPv6 bracket
        host = None
    if not host or parts.scheme.lower() != "https" or len(value) > URL_MAX:
        raise TeamsPackageError(
            f"{option} must be {meaning}, an https:// address of at most {URL_MAX} characters; "
            f"got {value!r}"
        )
    return value


def placeholder_urls(manifest: Mapping[str, Any]) -> list[str]:
    """The developer fields whose link is on an example domain, as the manifest names them."""
    developer = manifest.get("developer")
    if not isinstance(developer, Mapping):
        return []
    return [
        f"developer.{field}"
        for field, _, _ in DEVELOPER_URLS
        if isinstance(developer.get(field), str) and _is_placeholder(developer[field])
    ]


def _is_placeholder(url: str) -> bool:
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        return False  # not a link at all; the Teams schema check is what catches that
    return any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS)


def _placeholder_message(developer: Mapping[str, Any], fields: list[str]) -> str:
    lines = [
        f"  {option} URL: {meaning} (developer.{field} is {developer[field]!r})"
        for field, option, meaning in DEVELOPER_URLS
        if f"developer.{field}" in fields
    ]
    return (
        "the Teams app would link staff to placeholder pages (Teams shows these links on the "
        "app's About page); give\n"
        + "\n".join(lines)
        + f"\nor set them in a copy of {TEMPLATE} used with --assets. "
        "--allow-placeholder-urls packages them anyway, for a test tenant only."
    )


def _fill(node: Any, values: Mapping[str, str]) -> Any:
    if isinstance(node, Mapping):
        return {key: _fill(value, values) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(item, values) for item in node]
    if isinstance(node, str) and node.startswith("{{") and node.endswith("}}"):
        if node not in values:
            raise TeamsPackageError(f"{TEMPLATE} has an unknown placeholder {node}")
        return values[node]
    return node


def write_package(path: Path, manifest: Mapping[str, Any], assets: Path = ASSETS) -> Path:
    """Write the zip atomically (a half-written package never replaces a good one); return path.
    Entries carry a fixed timestamp, so the same manifest and icons give the same bytes."""
    icons = {icon: _read_asset(assets / icon) for icon in ICONS}
    document = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    path = path.expanduser()
    try:
        fd, temporary = tempfile.mkstemp(prefix=".teams-package-", dir=path.parent)
    except OSError as exc:
        raise TeamsPackageError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "wb") as file, zipfile.ZipFile(file, "w") as archive:
            _add(archive, "manifest.json", document.encode("utf-8"))
            for name, data in icons.items():
                _add(archive, name, data)
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600; the package is no secret
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise TeamsPackageError(f"cannot write {path}: {exc.strerror}") from exc
    return path


def _read_asset(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise TeamsPackageError(
            f"{path} is missing; run infra/teams/make_icons.py or pass --assets DIR"
        ) from exc


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)
