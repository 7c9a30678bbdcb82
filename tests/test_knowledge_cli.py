"""`policybot ask` and `policybot kb validate` as a person uses them."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).parents[1]
MINIMAL = ROOT / "tests" / "knowledge" / "fixtures" / "minimal.yaml"


def test_ask_prints_a_readable_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--policy", str(MINIMAL), "Can I use ChatGPT to draft an email?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ALLOWED WITH CONDITIONS: ")
    assert "Clauses: 1 Tools" in out
    assert "Review the output" in out


def test_ask_says_when_the_safety_net_asks_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--policy", "socitm-template", "Can AI compose the letter?"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ONE QUESTION FIRST: I can't say yes to this as it's put. Words like \"")
    assert 'Reply: "yes: it includes personal information about someone" / ' in out


def test_ask_json_is_the_design_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--policy", str(MINIMAL), "--json", "can i use", "chatgtp?"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["question"] == "can i use chatgtp?"
    assert data["tool"]["name"] == "ChatGPT"
    assert data["verdict"] == "allowed_with_conditions"


def test_policy_defaults_to_environment_then_template(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLICYBOT_POLICY", "oadby-wigston")
    main(["ask", "--json", "who approves new tools?"])
    assert json.loads(capsys.readouterr().out)["policy"]["id"] == "oadby-wigston"
    monkeypatch.delenv("POLICYBOT_POLICY")
    main(["ask", "--json", "who approves new tools?"])
    assert json.loads(capsys.readouterr().out)["policy"]["id"] == "socitm-template"


def test_bad_policy_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--policy", "nonsense", "Can I use ChatGPT?"]) == 2
    err = capsys.readouterr().err
    assert "no policy called 'nonsense'" in err
    assert "socitm-template" in err and "school-model" in err


def test_jsonl_answers_each_line_in_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = ["Can I use ChatGPT?", "", "Can I use Midjourney?", "who owns this policy?"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(questions) + "\n"))
    assert main(["ask", "--policy", str(MINIMAL), "--jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["question"] for r in rows] == questions
    assert [r["verdict"] for r in rows] == [
        "allowed_with_conditions",
        "unclear",
        "needs_approval",
        "information",
    ]


def test_interactive_prompt_answers_until_an_empty_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Can I use Gemeni?\n\n"))
    assert main(["ask", "--policy", str(MINIMAL), "--interactive"]) == 0
    out = capsys.readouterr().out
    assert "Minimal test policy" in out
    assert "NEEDS APPROVAL" in out and "Gemini" in out


def test_validate_lists_every_error_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        MINIMAL.read_text()
        .replace('cites: ["2"]}', 'cites: ["8"]}', 1)
        .replace("verdict: prohibited", "verdict: banned")
    )
    assert main(["kb", "validate", str(MINIMAL), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{MINIMAL}: OK" in out
    assert "2 errors in policy" in out
    assert f"{bad}:" in out and "unknown section '8'" in out and "unknown verdict 'banned'" in out


def test_console_script_reads_stdin_lines() -> None:
    script = Path(sys.executable).with_name("policybot")
    result = subprocess.run(
        [str(script), "ask", "--policy", "mid-kent", "--jsonl"],
        input="Can I use ChatGPT?\nwho do I report an AI incident to?\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["policy"]["id"] for r in rows] == ["mid-kent", "mid-kent"]
    assert rows[0]["tool"]["name"] == "ChatGPT"


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`policybot kb test ... | head` through the installed entry point: the pipe closing early
    ends the command quietly."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    entry = Path(sys.executable).with_name("policybot")
    if not entry.exists():
        entry = Path(shutil.which("policybot") or "policybot")
    # twenty tables print some 140 KB, twice what a pipe holds, so the write after `head` has
    # gone must meet the closed pipe; every bundled table would only take longer
    root = Path(__file__).parents[1] / "knowledge/policies/questions"
    tables = sorted(str(p) for p in root.glob("socitm-template.month[12]?.yaml"))
    assert len(tables) == 20
    reader = subprocess.Popen(["head", "-n", "1"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    run = subprocess.run(
        [str(entry), "kb", "test", "socitm-template", *tables],
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
        check=False,
    )
    assert reader.stdin is not None
    reader.stdin.close()
    reader.wait(timeout=30)
    assert "Traceback" not in run.stderr
    assert run.returncode in (0, 141)
