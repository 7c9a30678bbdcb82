"""Question tables: how an organisation proves its policy encoding before go-live.

A table is a YAML file of questions staff would ask, each with the verdicts a careful reader of
the document would accept and the clauses a right answer rests on (docs/policy-format.md,
"Question tables"). `run_table` answers every question with the engine and scores it:

- the verdict is right when it is one of the accepted verdicts;
- the clause is right when the answer cites at least one of the listed clauses (only scored
  when the verdict is right and the row lists clauses: an `unclear` row usually lists none);
- a **false yes** is an `allowed` or `allowed_with_conditions` answer to a question whose
  accepted verdicts hold no yes: the one error the product must never make.

Pure: reading the table is the only I/O, and it reports every problem with its line, as policy
files do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .decision import Decision
from .engine import decide
from .errors import PolicyError, PolicyIssue
from .policy import Policy
from .schema import Verdict
from .yaml_source import Located, PathKey, issue_at, read_yaml

YES = frozenset({Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS})
_FIELDS = ("q", "verdicts", "cites", "category", "role", "why")
_SUBJECT = "question table"


@dataclass(frozen=True, slots=True)
class TableQuestion:
    text: str
    verdicts: frozenset[Verdict]
    cites: tuple[str, ...]
    line: int | None
    category: str | None = None
    role: str | None = None
    why: str | None = None

    @property
    def yes_is_wrong(self) -> bool:
        return self.verdicts.isdisjoint(YES)


@dataclass(frozen=True)
class QuestionTable:
    source: str
    policy: str | None  # the policy id the table was written for, if it says
    questions: tuple[TableQuestion, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    question: TableQuestion
    decision: Decision

    @property
    def verdict_right(self) -> bool:
        return self.decision.verdict in self.question.verdicts

    @property
    def clause_right(self) -> bool | None:
        """None where the clause is not scored (a wrong verdict, or a row listing none)."""
        if not self.verdict_right or not self.question.cites:
            return None
        cited = {c.id for c in self.decision.citations}
        return not cited.isdisjoint(self.question.cites)

    @property
    def false_yes(self) -> bool:
        return self.decision.verdict in YES and self.question.yes_is_wrong

    @property
    def miss(self) -> bool:
        return not self.verdict_right or self.clause_right is False


@dataclass(frozen=True, slots=True)
class Tally:
    """Right verdicts (and right clauses among them) for one slice of the table."""

    asked: int = 0
    right: int = 0
    cited: int = 0  # rows whose clause was scored
    cited_right: int = 0

    def add(self, outcome: Outcome) -> Tally:
        clause = outcome.clause_right
        return Tally(
            self.asked + 1,
            self.right + outcome.verdict_right,
            self.cited + (clause is not None),
            self.cited_right + bool(clause),
        )


@dataclass(frozen=True)
class TableResult:
    policy_id: str
    source: str
    outcomes: tuple[Outcome, ...]
    by_verdict: dict[str, Tally] = field(default_factory=dict)  # by the first accepted verdict
    by_clause: dict[str, Tally] = field(default_factory=dict)
    by_category: dict[str, Tally] = field(default_factory=dict)
    by_role: dict[str, Tally] = field(default_factory=dict)

    @property
    def total(self) -> Tally:
        tally = Tally()
        for outcome in self.outcomes:
            tally = tally.add(outcome)
        return tally

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.miss]

    @property
    def false_yes(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.false_yes]

    @property
    def confusion(self) -> Counter[tuple[str, str]]:
        """(expected, answered) for every wrong verdict."""
        return Counter(
            (_expected(o.question), o.decision.verdict.value)
            for o in self.outcomes
            if not o.verdict_right
        )


def load_table(path: str | Path, clauses: Iterable[str] | None = None) -> QuestionTable:
    """Read and check a table; raises PolicyError listing every problem with its line. With
    `clauses` (the policy's clause ids), a row citing a clause the policy lacks is an error."""
    located = read_yaml(Path(path))
    known = frozenset(clauses) if clauses is not None else None
    issues: list[PolicyIssue] = []
    data = located.data
    rows = data.get("questions") if isinstance(data, dict) else None
    if not isinstance(rows, list) or not rows:
        where: PathKey = ("questions",) if isinstance(data, dict) else ()
        hint = "a table is a mapping with `questions:`, a list of rows (docs/policy-format.md)"
        raise PolicyError([issue_at(located, where, "no list of questions", hint)], _SUBJECT)
    questions: list[TableQuestion] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        text = row.get("q") if isinstance(row, dict) else None
        key = " ".join(text.lower().split()) if isinstance(text, str) else None
        if key and key in seen:
            where = ("questions", index, "q")
            issues.append(issue_at(located, where, f"repeats row {seen[key] + 1}", "remove one"))
        if key:
            seen.setdefault(key, index)
        question = _question(located, ("questions", index), row, known, issues)
        if question is not None:
            questions.append(question)
    if issues:
        raise PolicyError(sorted(issues, key=lambda i: i.line or 0), _SUBJECT)
    policy = data.get("policy") if isinstance(data, dict) else None
    return QuestionTable(str(path), str(policy) if policy else None, tuple(questions))


def _question(
    located: Located,
    path: PathKey,
    row: Any,
    known: frozenset[str] | None,
    issues: list[PolicyIssue],
) -> TableQuestion | None:
    if not isinstance(row, dict):
        issues.append(issue_at(located, path, "a row must be a mapping", "start it with `- q: `"))
        return None
    found = len(issues)
    for extra in sorted(set(row) - set(_FIELDS)):
        issues.append(
            issue_at(located, (*path, extra), "unknown field", "fields: " + ", ".join(_FIELDS))
        )
    text = row.get("q")
    if not isinstance(text, str) or not text.strip():
        issues.append(issue_at(located, (*path, "q"), "the question is missing or empty"))
    verdicts = _verdicts(located, path, row.get("verdicts"), issues)
    cites = row.get("cites", [])
    if not isinstance(cites, list) or not all(isinstance(c, str | int | float) for c in cites):
        issues.append(issue_at(located, (*path, "cites"), "cites must be a list of clause ids"))
        cites = []
    cites = [str(c) for c in cites]
    if known is not None:
        for clause in cites:
            if clause not in known:
                issues.append(
                    issue_at(
                        located,
                        (*path, "cites"),
                        f"the policy has no clause {clause!r}",
                        'quote clause ids as the document prints them, e.g. "7.2"',
                    )
                )
    if len(issues) > found:
        return None
    line = located.where(path)
    return TableQuestion(
        str(text),
        frozenset(verdicts),
        tuple(cites),
        line[1] if line else None,
        _optional(row, "category"),
        _optional(row, "role"),
        _optional(row, "why"),
    )


def _verdicts(
    located: Located, path: PathKey, value: Any, issues: list[PolicyIssue]
) -> list[Verdict]:
    names = [value] if isinstance(value, str) else value
    hint = "use one or more of: " + ", ".join(v.value for v in Verdict)
    if not isinstance(names, list) or not names:
        issues.append(issue_at(located, (*path, "verdicts"), "verdicts are missing", hint))
        return []
    verdicts = []
    for name in names:
        try:
            verdicts.append(Verdict(str(name)))
        except ValueError:
            issues.append(issue_at(located, (*path, "verdicts"), f"unknown verdict {name!r}", hint))
    return verdicts


def _optional(row: dict[str, Any], key: str) -> str | None:
    value = row.get(key)
    return str(value) if value is not None else None


def run_table(policy: Policy, table: QuestionTable) -> TableResult:
    outcomes = tuple(Outcome(q, decide(policy, q.text)) for q in table.questions)
    by_verdict: dict[str, Tally] = {}
    by_clause: dict[str, Tally] = {}
    by_category: dict[str, Tally] = {}
    by_role: dict[str, Tally] = {}
    for outcome in outcomes:
        question = outcome.question
        _count(by_verdict, _expected(question), outcome)
        for clause in question.cites:
            _count(by_clause, clause, outcome)
        if question.category:
            _count(by_category, question.category, outcome)
        if question.role:
            _count(by_role, question.role, outcome)
    return TableResult(
        policy.id, table.source, outcomes, by_verdict, by_clause, by_category, by_role
    )


def _count(tallies: dict[str, Tally], key: str, outcome: Outcome) -> None:
    tallies[key] = tallies.get(key, Tally()).add(outcome)


def _expected(question: TableQuestion) -> str:
    """The row's verdicts as one label ("needs_approval|prohibited"), in the order of Verdict."""
    return "|".join(v.value for v in Verdict if v in question.verdicts)


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def summary_lines(result: TableResult) -> list[str]:
    total = result.total
    return [
        f"{result.source}: {total.asked} questions against {result.policy_id}",
        f"  right verdict: {total.right}/{total.asked} ({percent(total.right, total.asked)})",
        f"  right clause:  {total.cited_right}/{total.cited} of right verdicts with clauses"
        f" ({percent(total.cited_right, total.cited)})",
        f"  false yes:     {len(result.false_yes)}",
    ]


def report_lines(result: TableResult, summary: bool = False) -> list[str]:
    """The report `policybot kb test` prints; `summary`: the overall figures only (for a
    sealed table, whose misses are not looked at while the engine is being tuned)."""
    lines = summary_lines(result)
    if summary:
        return lines
    for title, tallies in (
        ("by expected verdict", result.by_verdict),
        ("by clause", result.by_clause),
        ("by category", result.by_category),
        ("by role", result.by_role),
    ):
        if tallies:
            lines += ["", f"{title}:", *_tally_lines(tallies)]
    if result.confusion:
        lines += ["", "wrong verdicts (expected -> answered):"]
        lines += [
            f"  {expected} -> {got}: {count}"
            for (expected, got), count in sorted(result.confusion.items(), key=lambda i: -i[1])
        ]
    lines += _miss_lines(result.false_yes, "FALSE YES")
    lines += _miss_lines([o for o in result.misses if not o.false_yes], "misses")
    return lines


def _tally_lines(tallies: dict[str, Tally]) -> list[str]:
    width = max(len(key) for key in tallies)
    lines = []
    for key in sorted(tallies, key=_clause_order):
        t = tallies[key]
        clauses = f"   clause {t.cited_right}/{t.cited}" if t.cited else ""
        lines.append(
            f"  {key:<{width}}  {t.right:>4}/{t.asked:<4} {percent(t.right, t.asked):>6}{clauses}"
        )
    return lines


def _clause_order(key: str) -> tuple[tuple[int, ...], str]:
    parts = key.split(".")
    if all(p.isdigit() for p in parts):
        return tuple(int(p) for p in parts), ""
    return (1_000_000,), key


def _miss_lines(outcomes: Sequence[Outcome], title: str) -> list[str]:
    if not outcomes:
        return []
    lines = ["", f"{title} ({len(outcomes)}):"]
    for o in outcomes:
        q, d = o.question, o.decision
        cited = ", ".join(c.id for c in d.citations) or "nothing"
        expected = _expected(q) + (f" citing {' or '.join(q.cites)}" if q.cites else "")
        lines.append(f"  line {q.line}: {q.text}")
        lines.append(f"      expected {expected}; answered {d.verdict.value} citing {cited}")
    return lines


def result_json(result: TableResult) -> dict[str, Any]:
    """The figures and every miss, for scripts (`policybot kb test --json`)."""

    def tallies(group: dict[str, Tally]) -> dict[str, dict[str, int]]:
        return {
            key: {
                "asked": t.asked,
                "right": t.right,
                "cited": t.cited,
                "cited_right": t.cited_right,
            }
            for key, t in group.items()
        }

    total = result.total
    return {
        "table": result.source,
        "policy": result.policy_id,
        "asked": total.asked,
        "right": total.right,
        "cited": total.cited,
        "cited_right": total.cited_right,
        "false_yes": len(result.false_yes),
        "by_verdict": tallies(result.by_verdict),
        "by_clause": tallies(result.by_clause),
        "by_category": tallies(result.by_category),
        "by_role": tallies(result.by_role),
        "misses": [
            {
                "line": o.question.line,
                "question": o.question.text,
                "expected": sorted(v.value for v in o.question.verdicts),
                "cites": list(o.question.cites),
                "answered": o.decision.verdict.value,
                "cited": [c.id for c in o.decision.citations],
                "false_yes": o.false_yes,
            }
            for o in result.misses
        ],
    }
