"""The README a newcomer reads first: the two commands first, a first ten minutes, what the
Playground cannot show, and only paths this repository has (a clone has no ../shared)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_come_first() -> None:
    first = README.split("```sh", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in first.strip().splitlines()] == [
        ["make", "run"],
        ["make", "test"],
    ]


def test_a_first_ten_minutes_and_what_the_playground_cannot_show() -> None:
    steps = README.split("## Your first ten minutes", 1)[1].split("\n## ", 1)[0]
    for thing in ("policybot chat", "question", "Request approval", "Report it now", "Playground"):
        assert thing in steps, thing
    assert "**What the Playground cannot show.**" in steps
    assert "user-specific views" in steps


def test_it_names_only_paths_a_clone_has() -> None:
    assert "../shared" not in README
    for path in re.findall(
        r"`((?:knowledge|docs|infra|tests|bot|dialogs|forms)/[\w./-]+)`", README
    ):
        assert (ROOT / path.rstrip("/")).exists(), path


def test_the_source_documents_are_in_the_repository() -> None:
    sources = ROOT / "knowledge" / "policies" / "sources"
    for policy in ROOT.joinpath("knowledge", "policies").glob("*.yaml"):
        assert (sources / f"{policy.stem}.txt").is_file(), policy.stem
    policies = ROOT.joinpath("knowledge", "policies").glob("*.yaml")
    assert not [p.name for p in policies if "shared/seeds" in p.read_text(encoding="utf-8")]
