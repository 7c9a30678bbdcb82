"""Errors of the knowledge layer. `PolicybotError` is the project's root exception; it lives
here because knowledge/ is the bottom layer and bot/ re-exports it."""

from __future__ import annotations

from dataclasses import dataclass


class PolicybotError(Exception):
    """Base class for errors policybot raises on purpose."""


@dataclass(frozen=True, slots=True)
class PolicyIssue:
    """One problem in a policy file, located so that an administrator can mend it."""

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class PolicyError(PolicybotError):
    """A policy could not be loaded; `issues` holds every problem found, not just the first."""

    def __init__(self, issues: list[PolicyIssue], subject: str = "policy") -> None:
        self.issues = issues
        count = len(issues)
        summary = f"{count} error{'s' if count != 1 else ''} in {subject}"
        super().__init__(summary + "\n" + "\n".join(str(issue) for issue in issues))


class UnknownPolicyError(PolicybotError):
    """The policy id or path names nothing we can load."""
