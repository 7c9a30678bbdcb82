"""Load a policy: read YAML (following `extends`), fill template placeholders, validate the
schema and every cross-reference, and report all problems at once with file and line."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .errors import PolicyError, PolicyIssue, UnknownPolicyError
from .merge import merge_located
from .schema import PolicyDocument
from .validate import check_references
from .yaml_source import Located, PathKey, issue_at, read_yaml

BUNDLED_DIR = Path(__file__).parent / "policies"
QUESTIONS_DIR = BUNDLED_DIR / "questions"
DEFAULT_POLICY = "socitm-template"
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_MAX_EXTENDS_DEPTH = 5


def bundled_ids() -> list[str]:
    return sorted(path.stem for path in BUNDLED_DIR.glob("*.yaml"))


def bundled_tables(policy_id: str) -> list[Path]:
    """The question tables a bundled policy ships with (`policybot kb test`): tuning, sealed,
    hold-out, then the later writers' splits, each written later and kept apart to measure how
    the engine generalises (docs/engine-measurements.md)."""
    splits = (
        *("tune", "sealed", "holdout", "pilot", "pairs"),
        *("consequences", "chat", "edges", "newstarters", "tester", "launch", "walkthroughs"),
        *("behalf", "jargon", "dictated", "hypotheticals", "everyday", "mixed", "services"),
        *("buried", "media", "roles", "month2"),
    )
    order = {split: rank for rank, split in enumerate(splits)}

    def key(path: Path) -> tuple[int, tuple[str, int]]:
        # later months by number ("month10" after "month9"), whatever their names sort as
        split = path.name.split(".")[-2]
        stem = split.rstrip("0123456789")
        return order.get(split, len(order)), (stem, int(split[len(stem) :] or 0))

    return sorted(QUESTIONS_DIR.glob(f"{policy_id}.*.yaml"), key=key)


def resolve_policy_path(ref: str | Path, relative_to: Path | None = None) -> Path:
    """A bundled id ("mid-kent"), a sibling file's id (for `extends`), or a path."""
    text = str(ref)
    if relative_to is not None and "/" not in text:
        sibling = relative_to.parent / f"{text}.yaml"
        if sibling.is_file():
            return sibling
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]*", text) and (BUNDLED_DIR / f"{text}.yaml").is_file():
        return BUNDLED_DIR / f"{text}.yaml"
    path = Path(text).expanduser()
    if path.is_file():
        return path
    if _looks_like_a_path(text):
        # Someone who typed a path mistyped the path; the list of bundled ids would not help.
        problem = "not a file" if path.exists() else "no such file"
        raise UnknownPolicyError(f"{problem}: {text}")
    raise UnknownPolicyError(
        f"no policy called {text!r}: give a path to a policy YAML file or one of the bundled "
        f"ids: {', '.join(bundled_ids())}"
    )


def _looks_like_a_path(text: str) -> bool:
    return "/" in text or os.sep in text or text.lower().endswith((".yaml", ".yml"))


def load_document(ref: str | Path) -> PolicyDocument:
    """Parse and validate a policy; raises PolicyError listing every problem found."""
    located, issues = _read_with_extends(resolve_policy_path(ref), depth=0)
    complete = not issues
    issues.extend(_fill_placeholders(located))
    document = None
    try:
        document = PolicyDocument.model_validate(located.data)
    except ValidationError as exc:
        issues.extend(_schema_issues(exc, located, complete=complete))
    issues.extend(check_references(located, complete=complete))
    if issues:
        raise PolicyError(sorted(issues, key=lambda i: (i.file, i.line or 0)))
    assert document is not None
    return document


def _read_with_extends(path: Path, depth: int) -> tuple[Located, list[PolicyIssue]]:
    """The policy merged onto the chain it extends, and what kept any of that chain from being
    read. A broken `extends` does not stop here: the result is then as much of the chain as
    could be read, so that the file's own errors are listed in the same run as the `extends`
    one rather than only after it is mended."""
    located = read_yaml(path)
    if not isinstance(located.data, dict):
        raise PolicyError(
            [PolicyIssue(str(path), 1, "(file)", "a policy must be a mapping of fields")]
        )
    parent = located.data.get("extends")
    if not parent:
        return located, []
    if depth >= _MAX_EXTENDS_DEPTH:
        return located, [
            issue_at(located, ("extends",), "too many levels of extends (a cycle?)", "")
        ]
    try:
        parent_path = resolve_policy_path(str(parent), relative_to=path)
        base, problems = _read_with_extends(parent_path, depth + 1)
    except UnknownPolicyError as exc:
        return located, [issue_at(located, ("extends",), str(exc), "")]
    except PolicyError as exc:
        # the extended file's own problems (not YAML, unreadable), already located in it
        return located, list(exc.issues)
    return merge_located(base, located), problems


def _placeholder_values(data: dict[str, Any]) -> dict[str, str]:
    found = data.get("organisation")
    org: dict[str, Any] = found if isinstance(found, dict) else {}

    def name_of(key: str, fallback: str) -> str:
        value = org.get(key)
        return str(value.get("name")) if isinstance(value, dict) and value.get("name") else fallback

    return {
        "organisation": str(org.get("name") or "the organisation"),
        "authority": name_of("governance_authority", "the GenAI governance authority"),
        "approver": name_of(
            "approver", name_of("governance_authority", "the governance authority")
        ),
        "dpo": name_of("dpo", "the data protection officer"),
        "security_team": name_of("security_team", "the IT security team"),
    }


def _fill_placeholders(located: Located) -> list[PolicyIssue]:
    """Template clauses say {authority} where the document says "[insert GenAI authority ...]";
    an adopter's organisation settings fill them, so nothing is ever invented."""
    if not isinstance(located.data, dict):
        return []
    values = _placeholder_values(located.data)
    issues: list[PolicyIssue] = []

    def fill(value: Any, path: PathKey) -> Any:
        if isinstance(value, dict):
            return {k: fill(v, (*path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [fill(v, (*path, i)) for i, v in enumerate(value)]
        if not isinstance(value, str) or "{" not in value:
            return value
        for name in _PLACEHOLDER.findall(value):
            if name not in values:
                hint = "known placeholders: " + ", ".join(f"{{{k}}}" for k in values)
                issues.append(issue_at(located, path, f"unknown placeholder {{{name}}}", hint))
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), value)

    organisation = located.data.get("organisation")
    located.data = fill({k: v for k, v in located.data.items() if k != "organisation"}, ())
    if organisation is not None:
        located.data["organisation"] = organisation
    return issues


def _schema_issues(
    exc: ValidationError, located: Located, *, complete: bool = True
) -> list[PolicyIssue]:
    return [
        issue_at(located, tuple(error["loc"]), _message(error), _hint(error))
        for error in exc.errors(include_url=False)
        if complete or not _could_be_inherited(error)
    ]


def _could_be_inherited(error: ErrorDetails) -> bool:
    """Without the policy it extends, an adopter's file is a set of changes: a field it leaves
    out may be inherited, and `remove: true` drops an inherited item."""
    kind = error["type"]
    return kind == "missing" or (kind == "extra_forbidden" and error["loc"][-1:] == ("remove",))


def _message(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind in {"literal_error", "enum"} and error["loc"]:
        return f"unknown {error['loc'][-1]} {error.get('input')!r}"
    return str(error["msg"])


def _hint(error: ErrorDetails) -> str:
    kind = error["type"]
    field = str(error["loc"][-1]) if error["loc"] else ""
    if kind == "missing":
        return f"add `{field}:` here (see docs/policy-format.md)"
    if kind == "extra_forbidden":
        return "remove it or correct its spelling (see docs/policy-format.md for the fields)"
    if kind in {"literal_error", "enum"}:
        expected = (error.get("ctx") or {}).get("expected", "")
        return f"use one of: {expected}" if expected else "use one of the documented values"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return "check the value's type: lists start with '- ', text may need quotes"
    return ""
