"""`policybot ask`, `policybot kb validate` and `policybot kb test`: the decision engine from a
terminal."""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import TextIO

from knowledge import (
    DEFAULT_POLICY,
    MAX_QUESTION_CHARS,
    Decision,
    Policy,
    PolicyError,
    UnknownPolicyError,
    Verdict,
    decide,
    load_document,
    load_policy,
)
from knowledge.engine import question_part
from knowledge.loader import bundled_tables
from knowledge.question_table import load_table, report_lines, result_json, run_table

_BANNERS = {
    Verdict.ALLOWED: "ALLOWED",
    Verdict.ALLOWED_WITH_CONDITIONS: "ALLOWED WITH CONDITIONS",
    Verdict.NEEDS_APPROVAL: "NEEDS APPROVAL",
    Verdict.PROHIBITED: "PROHIBITED",
    Verdict.UNCLEAR: "NOT SURE WHAT YOU MEAN",
    Verdict.INFORMATION: "INFORMATION",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ask = subparsers.add_parser("ask", help="answer a question from the policy")
    ask.add_argument("question", nargs="*", help="the question (omit with --jsonl)")
    ask.add_argument(
        "--policy",
        default=None,
        help=f"bundled id or YAML path (default: $POLICYBOT_POLICY, then {DEFAULT_POLICY})",
    )
    mode = ask.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print the decision as JSON")
    mode.add_argument("--jsonl", action="store_true", help="read one question per line from stdin")
    mode.add_argument("--interactive", action="store_true", help="ask at a prompt until EOF")
    ask.set_defaults(func=run_ask)

    kb = subparsers.add_parser("kb", help="knowledge-base tools").add_subparsers(
        dest="kb_command", metavar="KB_COMMAND", required=True, help="the tool to run"
    )
    validate = kb.add_parser(
        "validate",
        help="check policy files; list every error",
        description=(
            "Check each policy and list every error with its file, line and field, the field "
            "numbered as that file writes it (also for a policy that extends another). The exit "
            "status is 1 if any policy has an error."
        ),
    )
    validate.add_argument(
        "files", nargs="+", metavar="FILE", help="policy YAML file or bundled policy id"
    )
    validate.set_defaults(func=run_validate)
    test = kb.add_parser(
        "test",
        help="answer a question table against a policy; exit 1 on any miss",
        description=(
            "Answer every question of each table and print the figures per verdict, clause, "
            "category and role, the misses and any false yes. With no table, a bundled policy "
            "runs its own tables. The exit status is 1 if any answer is wrong."
        ),
    )
    test.add_argument("policy", metavar="POLICY", help="bundled id or path to a policy YAML file")
    test.add_argument("tables", nargs="*", metavar="QUESTIONS.yaml", help="question tables")
    test.add_argument("--summary", action="store_true", help="print the overall figures only")
    test.add_argument("--json", action="store_true", help="print the results as JSON")
    test.set_defaults(func=run_test)


def policy_ref(explicit: str | None) -> str:
    return explicit or os.environ.get("POLICYBOT_POLICY") or DEFAULT_POLICY


def run_ask(args: argparse.Namespace) -> int:
    try:
        policy = load_policy(policy_ref(args.policy))
    except (UnknownPolicyError, PolicyError) as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 2
    if args.jsonl:
        return _ask_jsonl(policy, sys.stdin, sys.stdout)
    if args.interactive:
        return _ask_interactive(policy, sys.stdin, sys.stdout)
    question = " ".join(args.question).strip()
    if not question:
        print("policybot: ask needs a question (or --jsonl / --interactive)", file=sys.stderr)
        return 2
    decision = decide(policy, capped(question))
    if args.json:
        print(json.dumps(decision.to_json(), ensure_ascii=False, indent=2))
    else:
        print(render_text(decision, policy))
    return 0


def _ask_jsonl(policy: Policy, source: TextIO, sink: TextIO) -> int:
    """One JSON object per input line, in order; a blank line still gets its (unclear) answer so
    that output line N always answers input line N."""
    for line in source:
        decision = decide(policy, capped(line.rstrip("\r\n")))
        sink.write(json.dumps(decision.to_json(), ensure_ascii=False) + "\n")
    sink.flush()
    return 0


def _ask_interactive(policy: Policy, source: TextIO, sink: TextIO) -> int:
    sink.write(
        f"policybot: answering from {policy.document.title} ({policy.id}, {policy.version}).\n"
        "Ask a question about using AI at work; an empty line or Ctrl-D quits.\n"
    )
    while True:
        sink.write("\n> ")
        sink.flush()
        line = source.readline()
        if not line.strip():
            sink.write("\n")
            return 0
        sink.write(render_text(decide(policy, capped(line.strip())), policy) + "\n")


def capped(question: str) -> str:
    """The question as the bot would take it: at most MAX_QUESTION_CHARS characters, the part
    where the question is (knowledge.engine.question_part), with a note on stderr when it was
    longer, so that nothing is cut silently."""
    part = question_part(question)
    if part.where == "all":
        return question
    read = {
        "start": f"only the first {len(part.text):,} are read",
        "end": f"only the last {len(part.text):,}, where the question is, are read",
        "middle": f"only the {len(part.text):,} ending at the last question mark are read",
    }[part.where]
    print(
        f"policybot: the question is {part.length:,} characters (at most "
        f"{MAX_QUESTION_CHARS:,} are read); {read}",
        file=sys.stderr,
    )
    return part.text


# A tool's status in the policy, in words (the JSON output keeps the values).
_STATUS_WORDS = {
    "approved": "approved",
    "approved_with_conditions": "approved with conditions",
    "requires_approval": "needs approval first",
    "prohibited": "prohibited",
}


def render_text(decision: Decision, policy: Policy | None = None) -> str:
    """The decision for a person at a terminal: words, never the engine's ids; data classes
    by the policy's labels when `policy` is given."""
    # The safety net's question: the person was clear, the engine unsure a yes is safe.
    banner = "ONE QUESTION FIRST" if decision.doubt else _BANNERS[decision.verdict]
    lines = [f"{banner}: {decision.answer}"]
    found = []
    if decision.tool:
        status = _STATUS_WORDS.get(decision.tool.status, decision.tool.status.replace("_", " "))
        listed = "" if decision.tool.listed else "not listed in the policy, "
        found.append(f"tool {decision.tool.name} ({listed}{status})")
    if decision.purpose:
        found.append(f"purpose {decision.purpose.label}")
    if decision.data:
        found.append("data " + ", ".join(_data_label(d, policy) for d in decision.data))
    if decision.read_as:
        found.append(f"risk {decision.read_as.label} (a statistical reading)")
    if decision.read_under:
        found.append(f"refused under clause {decision.read_under.clause} (a statistical reading)")
    if found:
        lines.append("Read as: " + "; ".join(found))
    if decision.reasons:
        lines.append("Why:")
        lines += [f"  - {r.text} [{', '.join(r.cites)}]" for r in decision.reasons]
    if decision.obligations:
        lines.append("Your duties:")
        lines += [f"  - {d.label}: {d.text}" for d in decision.obligations]
    if decision.citations:
        lines.append("Clauses: " + "; ".join(f"{c.id} {c.title}" for c in decision.citations))
    if decision.choices:
        lines.append("Reply: " + " / ".join(f'"{c.text}"' for c in decision.choices))
    if decision.next_step:
        lines.append("Next step: " + decision.next_step.replace("_", " "))
    return "\n".join(lines)


def _data_label(data_id: str, policy: Policy | None) -> str:
    data_class = policy.data_classes.get(data_id) if policy else None
    return data_class.label if data_class else data_id.replace("_", " ")


def run_validate(args: argparse.Namespace) -> int:
    failed = 0
    for ref in args.files:
        try:
            document = load_document(ref)
        except UnknownPolicyError as exc:
            print(exc)  # it names the file or id already
            failed += 1
        except PolicyError as exc:
            print(f"{ref}: {exc}")
            failed += 1
        else:
            print(
                f"{ref}: OK ({document.id} {document.version}: {len(document.sections)} clauses,"
                f" {len(document.tools)} tools, {len(document.purposes)} purposes,"
                f" {len(document.rules)} rules)"
            )
    return 1 if failed else 0


def run_test(args: argparse.Namespace) -> int:
    try:
        policy = load_policy(args.policy)
        paths = args.tables or [str(p) for p in bundled_tables(policy.id)]
        if not paths:
            print(
                f"policybot: no question table given, and {policy.id} has none bundled",
                file=sys.stderr,
            )
            return 2
        tables = [load_table(path, policy.sections) for path in paths]
    except (UnknownPolicyError, PolicyError) as exc:
        print(f"policybot: {exc}", file=sys.stderr)
        return 2
    results = [run_table(policy, table) for table in tables]
    if args.json:
        print(json.dumps([result_json(r) for r in results], ensure_ascii=False, indent=2))
    else:
        for index, result in enumerate(results):
            if index:
                print()
            print("\n".join(report_lines(result, summary=args.summary)))
    return 1 if any(r.misses for r in results) else 0
