"""docs/deploy.md: every shell command in it is either in a block marked `# needs Azure` or run
here, as written, through the installed `policybot` entry point; the tests it cites exist and
run on PostgreSQL; the README points at it."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .service import ROOT

DOC = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
AZURE_MARK = "# needs Azure"
# Commands the doc's local blocks may run: policybot's own subcommands that touch nothing
# outside the working directory they are run in here.
LOCAL_SUBCOMMANDS = {"teams-package", "kb", "ask"}
# What the Azure steps leave in the shell for the local ones, given test values here.
FROM_AZURE = {"BOT_APP_ID": "9f2c4e1a-0b3d-4c5e-8f7a-1b2c3d4e5f60"}


def shell_blocks() -> list[list[str]]:
    return [block.splitlines() for block in re.findall(r"```sh\n(.*?)```", DOC, re.DOTALL)]


def commands(lines: list[str]) -> list[str]:
    """Logical command lines: comments and blank lines dropped, `\\` continuations joined."""
    joined: list[str] = []
    pending = ""
    for line in lines:
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        joined.append(" ".join(pending.split()))
        pending = ""
    assert not pending, f"a continuation with nothing after it: {pending!r}"
    return joined


def is_marked(lines: list[str]) -> bool:
    first = next((line.strip() for line in lines if line.strip()), "")
    return first == AZURE_MARK


def local_commands() -> list[str]:
    return [c for block in shell_blocks() if not is_marked(block) for c in commands(block)]


def test_the_doc_has_both_kinds_of_block_and_every_mark_is_the_same() -> None:
    blocks = shell_blocks()
    assert any(is_marked(b) for b in blocks) and any(not is_marked(b) for b in blocks)
    for block in blocks:
        marks = [line.strip() for line in block if line.strip().startswith("# needs")]
        assert marks in ([], [AZURE_MARK]), marks
        if is_marked(block):  # the mark is not a way to keep a local command out of the tests
            assert any(c.startswith(("az ", "curl ", "podman ")) or "$(az " in c
                       for c in commands(block)), block  # fmt: skip


def test_every_unmarked_command_is_one_this_test_can_run() -> None:
    found = local_commands()
    assert found, "no local command left to run"
    for command in found:
        words = command.split()
        assert words[0] == "policybot" and words[1] in LOCAL_SUBCOMMANDS, (
            f"mark its block {AZURE_MARK!r}, or make it runnable here: {command}"
        )


@pytest.mark.parametrize("command", local_commands())
def test_each_unmarked_command_runs_as_written(command: str, tmp_path: Path) -> None:
    bin_dir = Path(sys.executable).parent
    assert (bin_dir / "policybot").is_file(), "the installed entry point"
    env = {
        **os.environ,
        **FROM_AZURE,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "POLICYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'records.sqlite3'}",
    }
    done = subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    if command.startswith("policybot teams-package"):
        with zipfile.ZipFile(tmp_path / "policybot-teams-app.zip") as package:
            manifest = json.loads(package.read("manifest.json"))
        assert manifest["bots"][0]["botId"] == FROM_AZURE["BOT_APP_ID"]
        assert manifest["developer"]["privacyUrl"].startswith("https://www.example-council")


def test_the_tests_it_cites_exist_and_run_on_postgresql() -> None:
    cited = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", DOC)
    assert len(cited) >= 10
    for path, name in cited:
        source = (ROOT / path).read_text(encoding="utf-8")
        tree = ast.parse(source)
        functions = {
            node.name: node
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        assert name in functions, f"{path}::{name}"
        function = functions[name]
        marked = (
            "pytest.mark.postgres" in source.split(f"def {name}", 1)[0].rsplit("\n\n", 1)[-1]
            or "pytestmark = pytest.mark.postgres" in source
        )
        arguments = {a.arg for a in function.args.args}
        assert marked or arguments & {"pg_url", "pg_empty_url"}, f"{path}::{name}"


def test_the_paths_it_names_exist() -> None:
    for path in re.findall(r"`((?:infra|docs|tests|bot)/[\w./-]+?)(?:::\w+)?`", DOC):
        assert (ROOT / path).exists(), path


def test_the_readme_points_at_it_just_before_development() -> None:
    deploying = README.split("\n## Deploying\n", 1)[1].split("\n## ", 1)
    assert deploying[1].startswith("Development")
    assert "`docs/deploy.md`" in deploying[0] and "`infra/compose.yaml`" in deploying[0]
