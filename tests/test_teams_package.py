"""`policybot teams-package`: the zip Teams accepts, checked against Microsoft's own schema."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import struct
import uuid
import zipfile
import zlib
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft7Validator, validators

from bot.cli import main
from bot.teams_package import ASSETS, TeamsPackageError, build_manifest

ROOT = Path(__file__).parents[1]
SCHEMAS = ROOT / "tests" / "schemas" / "teams"
APP_ID = "9f2c4e1a-0b3d-4c5e-8f7a-1b2c3d4e5f60"
OTHER_APP_ID = "3b1d7c55-8e2f-4a61-b0c9-7d4e2f1a9c08"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PERSONAL_COMMANDS = ["help", "ask", "request approval", "report an incident", "my requests"]
TEAM_COMMANDS = [
    *PERSONAL_COMMANDS,
    "pending requests",
    "summary",
    "rulings",
    "register governance channel",
]
WEBSITE = "https://intranet.borough.gov.uk/policybot"
# An adopter's own pages: the template's example.org placeholders are refused.
URLS = [
    *("--website-url", WEBSITE),
    *("--privacy-url", "https://www.borough.gov.uk/privacy/policybot"),
    *("--terms-url", "https://intranet.borough.gov.uk/policybot/terms"),
]


def package(tmp_path: Path, *extra: str, app_id: str = APP_ID, name: str = "app.zip") -> Path:
    output = tmp_path / name
    argv = ["teams-package", "--app-id", app_id, "--output", str(output), *URLS, *extra]
    assert main(argv) == 0
    return output


def manifest_in(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


def schema_for(manifest: dict[str, Any]) -> dict[str, Any]:
    path = SCHEMAS / f"v{manifest['manifestVersion']}" / "MicrosoftTeams.schema.json"
    assert path.exists(), f"vendor the schema for manifestVersion (see {SCHEMAS}/README.md)"
    return json.loads(path.read_text(encoding="utf-8"))


def manifest_validator(schema: dict[str, Any]) -> Draft4Validator:
    """The validator the schema's $schema names (draft-04), plus the `const` and `if`/`then` it
    also uses; draft-04 would silently skip them, Microsoft's ajv-draft-04 enforces them. The
    schema is checked against the draft-04 meta-schema without formats: one pattern uses the
    ECMAScript `\\p{L}`, which Python's `re` cannot compile (it is under `extensions`, unused)."""
    assert validators.validator_for(schema) is Draft4Validator
    assert list(Draft4Validator(Draft4Validator.META_SCHEMA).iter_errors(schema)) == []
    keywords = {name: Draft7Validator.VALIDATORS[name] for name in ("const", "if")}
    validator = validators.extend(Draft4Validator, keywords)
    return validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


@pytest.fixture
def manifest(tmp_path: Path) -> dict[str, Any]:
    return manifest_in(package(tmp_path))


def test_manifest_is_valid_against_the_official_schema(manifest: dict[str, Any]) -> None:
    schema = schema_for(manifest)
    errors = [
        f"{list(e.absolute_path)}: {e.message}"
        for e in manifest_validator(schema).iter_errors(manifest)
    ]
    assert errors == []
    version = manifest["manifestVersion"]
    assert manifest["$schema"] == (
        f"https://developer.microsoft.com/json-schemas/teams/v{version}/MicrosoftTeams.schema.json"
    )


def test_vendored_schema_is_the_newest_stable_one() -> None:
    versions = [p.name for p in SCHEMAS.iterdir() if p.is_dir()]
    assert len(versions) == 1, "keep only the schema the manifest uses"
    template = json.loads((ASSETS / "manifest.template.json").read_text(encoding="utf-8"))
    assert versions == [f"v{template['manifestVersion']}"]
    assert (SCHEMAS / "LICENSE").read_text().count("MIT License") == 1


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (["manifestVersion"], "1.29"),  # `const`, which plain draft-04 would not check
        (["id"], "policybot"),
        (["bots", 0, "botId"], "not-a-guid"),
        (["bots", 0, "scopes"], ["everyone"]),
        (["accentColor"], "blue"),
        (["name", "short"], "x" * 31),
        (["description", "short"], "x" * 81),
        (["developer", "unexpected"], "field"),
    ],
    ids=["version", "id", "botId", "scopes", "accentColor", "long-name", "long-text", "extra"],
)
def test_the_schema_check_can_fail(manifest: dict[str, Any], where: list[Any], value: Any) -> None:
    broken = copy.deepcopy(manifest)
    *parents, last = where
    node = broken
    for key in parents:
        node = node[key]
    node[last] = value
    assert not manifest_validator(schema_for(manifest)).is_valid(broken)


def test_zip_holds_the_manifest_and_icons_at_its_root(tmp_path: Path) -> None:
    with zipfile.ZipFile(package(tmp_path)) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        assert archive.testzip() is None
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("color.png") == (ASSETS / "color.png").read_bytes()
    assert manifest["icons"] == {"color": "color.png", "outline": "outline.png"}


def test_ids_and_version_are_filled_in(manifest: dict[str, Any]) -> None:
    assert manifest["bots"][0]["botId"] == APP_ID
    assert GUID.match(manifest["id"]) and manifest["id"] != APP_ID
    assert manifest["version"] == metadata.version("policybot")
    assert manifest["name"]["short"] == "policybot"
    assert manifest["name"]["full"].startswith("policybot: ")
    assert "{{" not in json.dumps(manifest)


def test_it_says_what_it_is(manifest: dict[str, Any]) -> None:
    full = manifest["description"]["full"]
    assert "automated assistant" in full and "not generative AI" in full
    assert "AI-use policy" in manifest["description"]["short"]
    assert manifest["developer"]["websiteUrl"] == WEBSITE


def test_packaging_again_gives_the_same_teams_app(tmp_path: Path) -> None:
    first = package(tmp_path, name="first.zip")
    second = package(tmp_path, app_id=APP_ID.upper(), name="second.zip")
    other = package(tmp_path, app_id=OTHER_APP_ID, name="other.zip")
    assert manifest_in(first)["id"] == manifest_in(second)["id"] != manifest_in(other)["id"]
    assert first.read_bytes() == second.read_bytes()


def test_options_override_the_defaults(tmp_path: Path) -> None:
    teams_app_id = str(uuid.uuid4())
    path = package(
        tmp_path, "--teams-app-id", teams_app_id, "--name", "Ask AI Policy", "--version", "2.3.4"
    )
    manifest = manifest_in(path)
    assert manifest["id"] == teams_app_id
    assert manifest["name"] == {
        "short": "Ask AI Policy",
        "full": "Ask AI Policy: AI use policy assistant",
    }
    assert manifest["version"] == "2.3.4"
    assert manifest_validator(schema_for(manifest)).is_valid(manifest)


def test_default_output_is_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["teams-package", "--app-id", APP_ID, *URLS]) == 0
    assert zipfile.is_zipfile(tmp_path / "policybot-teams-app.zip")
    assert "policybot-teams-app.zip" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == ["policybot-teams-app.zip"]


def test_bot_scopes_and_commands(manifest: dict[str, Any]) -> None:
    (bot,) = manifest["bots"]
    assert bot["scopes"] == ["personal", "team", "groupChat"]
    assert bot["supportsFiles"] is False and bot["isNotificationOnly"] is False
    commands = {
        tuple(c["scopes"]): [k["title"] for k in c["commands"]] for c in bot["commandLists"]
    }
    assert commands == {
        ("personal",): PERSONAL_COMMANDS,
        ("team",): TEAM_COMMANDS,
        ("groupChat",): PERSONAL_COMMANDS,
    }
    ask = next(k for k in bot["commandLists"][0]["commands"] if k["title"] == "ask")
    assert "Can I use ChatGPT to draft an email?" in ask["description"]


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "nope",
        "9f2c4e1a0b3d4c5e8f7a1b2c3d4e5f60",
        "{9f2c4e1a-0b3d-4c5e-8f7a-1b2c3d4e5f60}",
        "9f2c4e1a-0b3d-4c5e-8f7a-1b2c3d4e5f6g",
        "00000000-0000-0000-0000-000000000000",
    ],
)
def test_a_bad_app_id_is_a_clear_error(
    bad: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "app.zip"
    assert main(["teams-package", "--app-id", bad, "--output", str(output)]) == 2
    err = capsys.readouterr().err
    assert "--app-id must be the bot's Microsoft App ID, a GUID" in err
    assert repr(bad) in err
    assert not output.exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--teams-app-id", "policybot", "--teams-app-id must be the Teams app id, a GUID"),
        ("--name", "x" * 31, "--name must be 1 to 30 characters"),
        ("--name", "  ", "--name must be 1 to 30 characters"),
        ("--version", "0.1.0.dev1", "the version must be X.Y.Z"),
        ("--version", "1.0", "the version must be X.Y.Z"),
    ],
)
def test_other_bad_input_is_a_clear_error(
    option: str, value: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["teams-package", "--app-id", APP_ID, "--output", str(tmp_path / "app.zip")]
    assert main([*argv, option, value]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_output_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "missing" / "app.zip"
    assert main(["teams-package", "--app-id", APP_ID, "--output", str(output), *URLS]) == 2
    assert f"cannot write {output}" in capsys.readouterr().err


def test_missing_assets_are_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["teams-package", "--app-id", APP_ID, "--assets", str(tmp_path)]
    assert main([*argv, "--output", str(tmp_path / "app.zip")]) == 2
    assert "manifest.template.json is missing" in capsys.readouterr().err


def test_build_manifest_fills_only_whole_placeholders() -> None:
    template = {"id": "{{TEAMS_APP_ID}}", "bots": [{"botId": "{{BOT_APP_ID}}"}], "x": "a {{b}}"}
    built = build_manifest(APP_ID, OTHER_APP_ID, "policybot", "1.0.0", template)
    assert built == {"id": OTHER_APP_ID, "bots": [{"botId": APP_ID}], "x": "a {{b}}"}
    assert template["id"] == "{{TEAMS_APP_ID}}"
    with pytest.raises(TeamsPackageError, match=r"unknown placeholder \{\{APP_ID\}\}"):
        build_manifest(APP_ID, OTHER_APP_ID, "policybot", "1.0.0", {"id": "{{APP_ID}}"})


# --- icons -------------------------------------------------------------------------------------


def read_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGBA rows of an 8-bit RGBA PNG, every scanline filter undone."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = {}, 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        chunks[kind] = chunks.get(kind, b"") + data[offset + 8 : offset + 8 + length]
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, colour, interlace) == (8, 6, 0), "expected 8-bit RGBA, not interlaced"
    raw = zlib.decompress(chunks[b"IDAT"])
    stride, rows, previous = width * 4, [], bytes(width * 4)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        previous = unfilter(line[0], bytearray(line[1:]), previous)
        rows.append(previous)
    return width, height, rows


def unfilter(kind: int, line: bytearray, above: bytes) -> bytes:
    for i in range(len(line)):
        left = line[i - 4] if i >= 4 else 0
        up, corner = above[i], above[i - 4] if i >= 4 else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            line[i] = (line[i] + paeth(left, up, corner)) & 0xFF
    return bytes(line)


def paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def pixels(rows: list[bytes]) -> list[tuple[int, ...]]:
    return [tuple(row[i : i + 4]) for row in rows for i in range(0, len(row), 4)]


@pytest.mark.parametrize(("name", "size"), [("color.png", 192), ("outline.png", 32)])
def test_icons_are_pngs_of_the_size_teams_requires(tmp_path: Path, name: str, size: int) -> None:
    with zipfile.ZipFile(package(tmp_path)) as archive:
        data = archive.read(name)
    assert data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (size, size)
    width, height, rows = read_png(data)
    assert (width, height, len(rows)) == (size, size, size)


def test_outline_icon_is_white_on_transparent() -> None:
    found = pixels(read_png((ASSETS / "outline.png").read_bytes())[2])
    assert {rgba[:3] for rgba in found if rgba[3]} == {(255, 255, 255)}
    alphas = {rgba[3] for rgba in found}
    assert 0 in alphas and 255 in alphas


def test_colour_icon_is_opaque_and_in_colour() -> None:
    found = pixels(read_png((ASSETS / "color.png").read_bytes())[2])
    assert {rgba[3] for rgba in found} == {255}
    assert len({rgba[:3] for rgba in found if len(set(rgba[:3])) > 1}) > 1


def test_committed_icons_are_what_make_icons_draws(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_icons", ASSETS / "make_icons.py")
    assert spec and spec.loader
    make_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_icons)
    assert make_icons.main(tmp_path) == 0
    for name in ("color.png", "outline.png"):
        drawn = read_png((tmp_path / name).read_bytes())
        assert drawn == read_png((ASSETS / name).read_bytes()), f"run make_icons.py ({name})"
