"""`policybot` as a command line tool should be: quiet when its reader goes away, exact about
where a policy error is, plain about a missing file, complete when `extends` fails, careful with
the Teams package's links, and helpful about every option (issue 14, point 8)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import EXIT_CLOSED_PIPE, build_parser, main
from bot.records.db import create_engine, create_session_factory
from bot.records.migrate import upgrade
from bot.records.models import Interaction
from bot.teams_package import ASSETS, placeholder_urls
from knowledge import PolicyError, load_document
from knowledge.errors import PolicyIssue
from tests.records.helpers import interaction

ROOT = Path(__file__).parents[1]
MINIMAL = ROOT / "tests" / "knowledge" / "fixtures" / "minimal.yaml"
ENTRY = Path(sys.executable).with_name("policybot")
APP_ID = "9f2c4e1a-0b3d-4c5e-8f7a-1b2c3d4e5f60"
WEBSITE = "https://intranet.borough.gov.uk/policybot"
PRIVACY = "https://www.borough.gov.uk/privacy/policybot"
TERMS = "https://intranet.borough.gov.uk/policybot/terms"


def line_of(path: Path, needle: str, after: int = 0) -> int:
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if number > after and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def issues_of(path: Path) -> list[PolicyIssue]:
    with pytest.raises(PolicyError) as caught:
        load_document(path)
    return caught.value.issues


# --- 1. a reader that goes away ----------------------------------------------------------------


def entry_env(**extra: str) -> dict[str, str]:
    """The environment for the installed entry point, with Python's default buffering: output
    that fits the buffer is then only written at exit, the case that used to end in "Exception
    ignored ... BrokenPipeError" (PYTHONUNBUFFERED, set in some shells and CI, hides it)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return {**env, **extra}


def into_closed_pipe(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the installed `policybot` with stdout a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [str(ENTRY), *argv],
            stdin=subprocess.DEVNULL,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
    finally:
        os.close(write)


def reading_one_line(
    *argv: str, env: dict[str, str], stdin: Path | None = None
) -> tuple[str, int, str]:
    """Run the installed `policybot`, read one line of its output, then close the pipe."""
    with open(stdin or os.devnull, "rb") as source:
        process = subprocess.Popen(
            [str(ENTRY), *argv],
            stdin=source,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert process.stdout is not None and process.stderr is not None
        first = process.stdout.readline().decode()
        process.stdout.close()
        err = process.stderr.read().decode()
        process.stderr.close()
        status = process.wait(timeout=300)
    return first, status, err


def assert_quiet(status: int, err: str) -> None:
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert "Exception ignored" not in err, err
    assert status == EXIT_CLOSED_PIPE, err


def test_jsonl_answers_into_a_pipe_closed_after_the_first_line(tmp_path: Path) -> None:
    questions = tmp_path / "questions.txt"
    questions.write_text("".join(f"Can I use ChatGPT to draft letter {n}?\n" for n in range(2000)))
    first, status, err = reading_one_line(
        "ask", "--policy", str(MINIMAL), "--jsonl", env=entry_env(), stdin=questions
    )
    assert json.loads(first)["question"] == "Can I use ChatGPT to draft letter 0?"
    assert_quiet(status, err)


@pytest.mark.parametrize(
    "argv",
    [
        ["ask", "--policy", str(MINIMAL), "Can I use ChatGPT?"],
        ["ask", "--policy", str(MINIMAL), "--json", "Can I use ChatGPT?"],
        ["kb", "validate", str(MINIMAL)],
        ["--help"],
    ],
    ids=["ask", "ask-json", "kb-validate", "help"],
)
def test_output_written_at_exit_into_a_closed_pipe_is_no_traceback(argv: list[str]) -> None:
    run = into_closed_pipe(*argv, env=entry_env())
    assert_quiet(run.returncode, run.stderr)


async def _seed_interactions(url: str, count: int) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
        async with create_session_factory(engine).begin() as session:
            for n in range(count):
                session.add(Interaction(**interaction(question=f"question {n}").__dict__))
    finally:
        await engine.dispose()


@pytest.mark.parametrize("rows", [3, 3000], ids=["fits-the-buffer", "streamed"])
def test_records_export_into_a_closed_pipe(tmp_path: Path, rows: int) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path}/records.sqlite3"
    asyncio.run(_seed_interactions(url, rows))
    env = entry_env(POLICYBOT_DATABASE_URL=url)
    run = into_closed_pipe("records", "export", "interactions", env=env)
    assert_quiet(run.returncode, run.stderr)
    # nothing reached a reader, so nothing may be reported as exported
    assert "Exported" not in run.stderr
    header, status, err = reading_one_line(
        "records", "export", "interactions", "--format", "csv", env=env
    )
    assert header.startswith("id,created_at,")
    if rows > 1000:  # more than the pipe holds: the reader leaving is noticed mid-export
        assert_quiet(status, err)
    else:
        assert (status, err.strip()) == (0, f"Exported {rows} interactions.")


# --- 2. errors named as the adopter's own file numbers them -----------------------------------

ADOPTER = """\
schema_version: 1
id: adopter
extends: {parent}
title: Adopter
version: '1'
tools:
  - id: brand-new
    name: Brand New
    category: procured_tool
    cites: ["4"]
  - id: second-new
    name: Second New
    category: no_such_category
    cites: ["4"]
"""


def test_validate_names_the_adopters_own_position_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adopter = tmp_path / "adopter.yaml"
    adopter.write_text(ADOPTER.format(parent="socitm-template"))
    line = line_of(adopter, "category: no_such_category")
    assert main(["kb", "validate", str(adopter)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{adopter}: 1 error in policy\n")
    assert f"{adopter}:{line}: tools[1].category: unknown tool category 'no_such_category'" in out
    [issue] = issues_of(adopter)
    assert (issue.file, issue.line, issue.field) == (str(adopter), line, "tools[1].category")


def test_an_inherited_item_changed_by_the_adopter_is_named_by_the_adopters_position(
    tmp_path: Path,
) -> None:
    adopter = tmp_path / "adopter.yaml"
    adopter.write_text(
        "schema_version: 1\nid: adopter\nextends: socitm-template\ntitle: A\nversion: '1'\n"
        "tools:\n  - id: brand-new\n    name: Brand New\n    category: procured_tool\n"
        "  - id: m365-copilot\n    status: maybe\n"
    )
    [issue] = issues_of(adopter)
    assert (issue.line, issue.field) == (line_of(adopter, "status: maybe"), "tools[1].status")


def test_a_repeated_id_points_at_the_first_in_the_same_file(tmp_path: Path) -> None:
    adopter = tmp_path / "adopter.yaml"
    adopter.write_text(
        ADOPTER.format(parent="socitm-template")
        .replace("second-new", "brand-new")
        .replace("no_such_category", "procured_tool")
    )
    [issue] = issues_of(adopter)
    first = line_of(adopter, "- id: brand-new")
    assert issue.field == "tools[1].id"
    assert issue.line == line_of(adopter, "- id: brand-new", after=first)
    assert issue.message == f"id 'brand-new' is used twice (first at tools[0], line {first})"


def test_an_error_in_the_extended_file_is_named_by_that_files_position(tmp_path: Path) -> None:
    """The adopter drops the base's first tool, so the base's tools[1] is the merged tools[0]:
    the error still names tools[1] of the base, where its author will look."""
    base = tmp_path / "base.yaml"
    base.write_text(
        MINIMAL.read_text().replace(
            "\nunlisted_tool:",
            "\n  - {id: broken, name: Broken, category: nowhere, cites: ['1']}\nunlisted_tool:",
        )
    )
    adopter = tmp_path / "adopter.yaml"
    adopter.write_text(
        "schema_version: 1\nid: adopter\nextends: base\ntitle: A\nversion: '1'\n"
        "tools:\n  - {id: chatgpt, remove: true}\n"
    )
    [issue] = issues_of(adopter)
    assert (issue.file, issue.line) == (str(base), line_of(base, "category: nowhere"))
    assert issue.field == "tools[1].category"


def test_positions_survive_a_chain_of_extends(tmp_path: Path) -> None:
    """top extends middle extends the template: each file's second tool is named tools[1]."""
    middle = tmp_path / "middle.yaml"
    middle.write_text(
        ADOPTER.format(parent="socitm-template")
        .replace("id: adopter", "id: middle")
        .replace("no_such_category", "x")
    )
    top = tmp_path / "top.yaml"
    top.write_text(
        ADOPTER.format(parent="middle")
        .replace("id: adopter", "id: top")
        .replace("brand-new", "third-new")
        .replace("Brand New", "Third New")
        .replace("second-new", "fourth-new")
        .replace("Second New", "Fourth New")
    )
    issues = issues_of(top)
    assert [(i.file, i.line, i.field) for i in issues] == [
        (str(middle), line_of(middle, "category: x"), "tools[1].category"),
        (str(top), line_of(top, "category: no_such_category"), "tools[1].category"),
    ]


# --- 3. a path that is not there ---------------------------------------------------------------


@pytest.mark.parametrize("ref", ["x.yaml", "X.YML", "policies/adopter", "./adopter"])
def test_a_missing_file_is_named_as_a_missing_file(
    ref: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["kb", "validate", ref]) == 1
    assert capsys.readouterr().out == f"no such file: {ref}\n"
    assert main(["ask", "--policy", ref, "Can I use ChatGPT?"]) == 2
    assert capsys.readouterr().err == f"policybot: no such file: {ref}\n"


def test_a_directory_is_not_a_policy_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "validate", f"{tmp_path}/"]) == 1
    assert capsys.readouterr().out == f"not a file: {tmp_path}/\n"


def test_a_bare_name_still_lists_the_bundled_policies(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["kb", "validate", "nonsense"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("no policy called 'nonsense': ")
    assert "socitm-template" in out and "mid-kent" in out


# --- 4. a broken `extends` hides nothing ------------------------------------------------------

BROKEN_PARENT = """\
schema_version: 1
id: adopter
extends: {parent}
title: Adopter
version: '1'
tools:
  - id: m365-copilot
    status: maybe
  - id: brand-new
    name: Brand New
    colour: green
    category: procured_tool
    cites: ["4"]
  - id: claude
    remove: true
rules:
  - id: adopter-rule
    verdict: banned
    when: {{tools: [brand-new]}}
    text: Ask {{nobody}}.
"""


def test_an_unknown_extends_is_listed_with_every_error_of_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    adopter = tmp_path / "adopter.yaml"
    adopter.write_text(BROKEN_PARENT.format(parent="nope-template"))
    assert main(["kb", "validate", str(adopter)]) == 1
    out = capsys.readouterr().out
    assert "5 errors in policy" in out
    # What only the missing policy could supply (the fields an override leaves out, clause
    # "4", the category, `remove`) is not reported: those would be false alarms.
    assert [(i.line, i.field, i.message) for i in issues_of(adopter)] == [
        (3, "extends", "no policy called 'nope-template': give a path to a policy YAML file or "
         "one of the bundled ids: mid-kent, oadby-wigston, school-model, socitm-template"),
        (line_of(adopter, "status: maybe"), "tools[0].status", "unknown status 'maybe'"),
        (line_of(adopter, "colour: green"), "tools[1].colour", "unknown field"),
        (line_of(adopter, "verdict: banned"), "rules[0].verdict", "unknown verdict 'banned'"),
        (line_of(adopter, "text: Ask"), "rules[0].text", "unknown placeholder {nobody}"),
    ]  # fmt: skip


def test_the_same_file_with_a_known_extends_has_the_same_errors(tmp_path: Path) -> None:
    adopter = tmp_path / "adopter.yaml"
    adopter.write_text(BROKEN_PARENT.format(parent="socitm-template"))
    assert [i.field for i in issues_of(adopter)] == [
        "tools[0].status",
        "tools[1].colour",
        "rules[0].verdict",
        "rules[0].text",
    ]


def test_an_extended_file_that_is_not_yaml_is_listed_with_the_files_own_errors(
    tmp_path: Path,
) -> None:
    (tmp_path / "base.yaml").write_text("schema_version: 1\nsections: [unclosed\n")
    adopter = tmp_path / "adopter.yaml"
    adopter.write_text(BROKEN_PARENT.format(parent="base"))
    issues = issues_of(adopter)
    assert [(Path(i.file).name, i.field) for i in issues] == [
        ("adopter.yaml", "tools[0].status"),
        ("adopter.yaml", "tools[1].colour"),
        ("adopter.yaml", "rules[0].verdict"),
        ("adopter.yaml", "rules[0].text"),
        ("base.yaml", "(syntax)"),
    ]


def test_an_extends_cycle_is_listed_with_the_files_own_errors(tmp_path: Path) -> None:
    (tmp_path / "other.yaml").write_text(
        "schema_version: 1\nid: other\nextends: adopter\ntitle: O\nversion: '1'\n"
    )
    adopter = tmp_path / "adopter.yaml"
    adopter.write_text(BROKEN_PARENT.format(parent="other"))
    messages = [i.message for i in issues_of(adopter)]
    assert any("too many levels of extends" in m for m in messages)
    assert "unknown verdict 'banned'" in messages


# --- 5. the Teams package's links --------------------------------------------------------------


def teams_package(tmp_path: Path, *extra: str) -> tuple[int, Path]:
    output = tmp_path / "app.zip"
    return main(["teams-package", "--app-id", APP_ID, "--output", str(output), *extra]), output


def manifest_in(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as archive:
        manifest: dict[str, object] = json.loads(archive.read("manifest.json"))
        return manifest


def test_placeholder_links_are_refused_naming_the_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = teams_package(tmp_path)
    assert status == 2 and not output.exists()
    err = capsys.readouterr().err
    for option in ("--website-url URL", "--privacy-url URL", "--terms-url URL"):
        assert option in err
    assert "https://example.org/policybot/privacy" in err
    assert "--allow-placeholder-urls" in err and "--assets" in err


def test_only_the_links_still_missing_are_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = teams_package(tmp_path, "--privacy-url", PRIVACY)
    assert status == 2
    err = capsys.readouterr().err
    assert "--website-url URL" in err and "--terms-url URL" in err
    assert "--privacy-url" not in err


def test_the_links_given_are_the_links_packaged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = ["--website-url", WEBSITE, "--privacy-url", PRIVACY, "--terms-url", TERMS]
    status, output = teams_package(tmp_path, *urls)
    assert status == 0
    assert manifest_in(output)["developer"] == {
        "name": "Your organisation",
        "websiteUrl": WEBSITE,
        "privacyUrl": PRIVACY,
        "termsOfUseUrl": TERMS,
    }
    assert capsys.readouterr().err == ""


def test_placeholders_can_be_packaged_when_asked_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = teams_package(tmp_path, "--allow-placeholder-urls")
    assert status == 0
    developer = manifest_in(output)["developer"]
    assert isinstance(developer, dict) and "example.org" in developer["privacyUrl"]
    captured = capsys.readouterr()
    assert "warning" in captured.err and "developer.privacyUrl" in captured.err
    assert captured.out.startswith(f"wrote {output}")


@pytest.mark.parametrize(
    "url", ["http://intranet.borough.gov.uk/privacy", "intranet.borough.gov.uk/privacy", "https://"]
)
def test_a_link_that_is_not_https_is_refused(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = teams_package(
        tmp_path, "--website-url", WEBSITE, "--privacy-url", url, "--terms-url", TERMS
    )
    assert status == 2 and not output.exists()
    assert "--privacy-url must be your privacy notice covering the bot, an https:// address" in (
        capsys.readouterr().err
    )


@pytest.fixture
def own_assets(tmp_path: Path) -> Path:
    assets = tmp_path / "assets"
    shutil.copytree(ASSETS, assets)
    return assets


def test_a_placeholder_in_an_own_template_is_refused_too(
    own_assets: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = own_assets / "manifest.template.json"
    data = json.loads(template.read_text())
    data["developer"].update(
        websiteUrl=WEBSITE, privacyUrl="https://policybot.EXAMPLE.com./privacy", termsOfUseUrl=TERMS
    )
    template.write_text(json.dumps(data))
    status, _ = teams_package(tmp_path, "--assets", str(own_assets))
    assert status == 2
    err = capsys.readouterr().err
    assert "--privacy-url URL" in err and "--terms-url" not in err


@pytest.mark.parametrize(
    ("url", "placeholder"),
    [
        ("https://example.org/x", True),
        ("https://www.example.com/x", True),
        ("https://intranet.example/x", True),
        ("https://notexample.org/x", False),
        ("https://example.org.uk/x", False),
        ("https://council.gov.uk/example.org", False),
    ],
)
def test_what_counts_as_a_placeholder(url: str, placeholder: bool) -> None:
    found = placeholder_urls({"developer": {"privacyUrl": url}})
    assert found == (["developer.privacyUrl"] if placeholder else [])


# --- 6. help on everything ---------------------------------------------------------------------


def commands(
    parser: argparse.ArgumentParser,
    path: tuple[str, ...] = ("policybot",),
    listed_as: str | None = None,
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser, str | None]]:
    """Every (sub)command: its words, its parser, and the help its parent lists it with."""
    yield path, parser, listed_as
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {choice.dest: choice.help for choice in action._choices_actions}
            for name, subparser in action.choices.items():
                yield from commands(subparser, (*path, name), helps.get(name))


def test_every_command_and_argument_has_help() -> None:
    missing = []
    for path, parser, help_text in commands(build_parser()):
        if len(path) > 1 and not (help_text or "").strip():
            missing.append(" ".join(path))
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            text = (action.help or "").strip()
            name = "/".join(action.option_strings) or action.metavar or action.dest
            if not text or text == argparse.SUPPRESS:
                missing.append(f"{' '.join(path)} {name}")
            elif text.startswith("default"):
                missing.append(f"{' '.join(path)} {name}: says the default, not what it is")
    assert missing == []


def test_every_command_explains_itself_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    for path, parser, _ in commands(build_parser()):
        assert (parser.description or "").strip(), " ".join(path)
        with pytest.raises(SystemExit) as exited:
            main([*path[1:], "--help"])
        assert exited.value.code == 0
        assert capsys.readouterr().out.startswith(f"usage: {' '.join(path)}")
