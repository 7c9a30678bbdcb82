"""Question tables and `policybot kb test`: how an adopter proves a policy encoding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from knowledge import PolicyError, Verdict, load_policy
from knowledge.question_table import load_table, run_table

MINIMAL = Path(__file__).parent / "fixtures" / "minimal.yaml"

GOOD = """\
policy: minimal
questions:
  - q: Can I use ChatGPT to draft an email?
    verdicts: [allowed_with_conditions]
    cites: ["1"]
    category: permitted_use
  - q: Who owns this policy?
    verdicts: [information]
    cites: ["3"]
    category: information
"""

# Row 1 is answered with the wrong clause, row 2 with a yes where the table says no, row 3 is
# right, row 4 accepts either of two verdicts and lists no clause.
MIXED = """\
questions:
  - q: Can I use ChatGPT to draft an email?
    verdicts: [allowed_with_conditions]
    cites: ["3"]
  - q: Can I use ChatGPT to draft a letter?
    verdicts: [needs_approval, prohibited]
    cites: ["2"]
    role: staff
  - q: Can I put a resident's address into ChatGPT?
    verdicts: [prohibited]
    cites: ["2"]
  - q: Can I use Frobnicator?
    verdicts: [needs_approval, prohibited]
"""


def write(tmp_path: Path, text: str, name: str = "table.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_scores_verdicts_clauses_and_false_yes(tmp_path: Path) -> None:
    policy = load_policy(MINIMAL)
    result = run_table(policy, load_table(write(tmp_path, MIXED), policy.sections))
    wrong_clause, false_yes, right, either = result.outcomes
    assert wrong_clause.verdict_right and wrong_clause.clause_right is False
    assert wrong_clause.miss and not wrong_clause.false_yes
    assert not false_yes.verdict_right and false_yes.false_yes
    assert false_yes.clause_right is None  # not scored when the verdict is wrong
    assert right.verdict_right and right.clause_right and not right.miss
    assert either.verdict_right and either.clause_right is None and not either.miss
    total = result.total
    assert (total.asked, total.right, total.cited, total.cited_right) == (4, 3, 2, 1)
    assert [o.question.line for o in result.misses] == [2, 5]
    assert result.by_verdict["needs_approval|prohibited"].right == 1
    assert result.by_role["staff"].asked == 1
    assert result.confusion == {("needs_approval|prohibited", "allowed_with_conditions"): 1}


def test_every_error_in_a_table_is_listed_with_its_line(tmp_path: Path) -> None:
    bad = """\
questions:
  - q: Can I use ChatGPT?
    verdicts: [maybe]
    cites: ["99"]
  - qq: 1
  - just text
  - q: can i use chatgpt?
    verdicts: allowed
"""
    with pytest.raises(PolicyError) as caught:
        load_table(write(tmp_path, bad), load_policy(MINIMAL).sections)
    found = [(issue.line, issue.field, issue.message) for issue in caught.value.issues]
    assert found == [
        (3, "questions[0].verdicts", "unknown verdict 'maybe'"),
        (4, "questions[0].cites", "the policy has no clause '99'"),
        (5, "questions[1].qq", "unknown field"),
        (5, "questions[1].q", "the question is missing or empty"),
        (5, "questions[1].verdicts", "verdicts are missing"),
        (6, "questions[2]", "a row must be a mapping"),
        (7, "questions[3].q", "repeats row 1"),
    ]
    assert str(caught.value).startswith("7 errors in question table")


def test_a_table_without_questions_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="no list of questions"):
        load_table(write(tmp_path, "policy: minimal\n"))


def test_kb_test_passes_when_every_answer_is_right(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "test", str(MINIMAL), str(write(tmp_path, GOOD))]) == 0
    out = capsys.readouterr().out
    assert "right verdict: 2/2 (100.0%)" in out
    assert "false yes:     0" in out
    assert "by clause:" in out and "misses" not in out


def test_kb_test_fails_on_a_miss_and_shows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "test", str(MINIMAL), str(write(tmp_path, MIXED))]) == 1
    out = capsys.readouterr().out
    assert "false yes:     1" in out
    assert "FALSE YES (1):\n  line 5: Can I use ChatGPT to draft a letter?" in out
    assert "expected needs_approval|prohibited citing 2; answered allowed_with_conditions" in out
    assert "misses (1):\n  line 2:" in out
    assert "needs_approval|prohibited -> allowed_with_conditions: 1" in out


def test_kb_test_summary_prints_the_figures_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "test", "--summary", str(MINIMAL), str(write(tmp_path, MIXED))]) == 1
    out = capsys.readouterr().out
    assert "right verdict: 3/4 (75.0%)" in out
    assert "draft a letter" not in out and "by clause" not in out


def test_kb_test_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "test", "--json", str(MINIMAL), str(write(tmp_path, MIXED))]) == 1
    (result,) = json.loads(capsys.readouterr().out)
    assert (result["asked"], result["right"], result["false_yes"]) == (4, 3, 1)
    assert [m["line"] for m in result["misses"]] == [2, 5]
    assert result["misses"][1]["false_yes"] is True


def test_kb_test_bad_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "test", str(MINIMAL), str(write(tmp_path, "questions: [1]\n"))]) == 2
    assert "a row must be a mapping" in capsys.readouterr().err
    assert main(["kb", "test", "nonsense", str(write(tmp_path, GOOD))]) == 2
    assert main(["kb", "test", str(MINIMAL)]) == 2  # no table given, none bundled
    assert "has none bundled" in capsys.readouterr().err


def test_yes_verdicts() -> None:
    from knowledge.question_table import YES

    assert {Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS} == YES
