"""What the engine returns: a verdict with its reasons, clauses, duties and next step."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .schema import Verdict

# The DESIGN.md JSON names each reason's effect with a verb rather than the verdict.
EFFECTS = {
    Verdict.ALLOWED: "allow",
    Verdict.ALLOWED_WITH_CONDITIONS: "allow_with_conditions",
    Verdict.NEEDS_APPROVAL: "require_approval",
    Verdict.PROHIBITED: "forbid",
}


@dataclass(frozen=True, slots=True)
class Citation:
    id: str
    title: str


@dataclass(frozen=True, slots=True)
class Reason:
    rule: str
    verdict: Verdict
    text: str
    cites: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    obligations: tuple[str, ...] = ()
    instead: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "effect": EFFECTS[self.verdict],
            "text": self.text,
            "cites": list(self.cites),
        }


@dataclass(frozen=True, slots=True)
class ToolFound:
    name: str
    status: str
    matched: str
    score: float
    listed: bool
    category: str | None
    id: str | None


@dataclass(frozen=True, slots=True)
class PurposeFound:
    id: str
    label: str
    score: float


@dataclass(frozen=True, slots=True)
class Duty:
    id: str
    label: str
    text: str
    cites: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Choice:
    """A quick reply to a clarifying question: the button's `title`, and the `text` it sends,
    worded as a follow-up so that the answer is read with the question it answers."""

    title: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"title": self.title, "text": self.text}


@dataclass(frozen=True, slots=True)
class RegisterNote:
    """The approval-register entry that shaped a decision (see knowledge.register)."""

    reference: str  # "AR-0001"
    decision: str  # "approved" | "approved_with_conditions" | "rejected"
    covers: bool  # the entry covers this tool, purpose and data; false: a new request is needed

    def to_json(self) -> dict[str, Any]:
        return {"reference": self.reference, "decision": self.decision, "covers": self.covers}


@dataclass(frozen=True)
class Decision:
    policy_id: str
    policy_version: str
    question: str
    verdict: Verdict
    answer: str
    tool: ToolFound | None = None
    purpose: PurposeFound | None = None
    data: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    reasons: tuple[Reason, ...] = ()
    conditions: tuple[str, ...] = ()
    obligations: tuple[Duty, ...] = ()
    citations: tuple[Citation, ...] = ()
    next_step: str | None = None
    instead: str | None = None
    clarifying_question: str | None = None
    choices: tuple[Choice, ...] = ()  # quick replies to the clarifying question, when few
    follow_up_of: tuple[str, ...] = ()  # the earlier questions this one was read with
    register: RegisterNote | None = None  # the approval-register entry that contributed

    def with_thread(self, earlier: tuple[str, ...]) -> Decision:
        return replace(self, follow_up_of=earlier)

    @property
    def rule_ids(self) -> list[str]:
        """The rules that decided the verdict: those at the winning strictness."""
        return [r.rule for r in self.reasons if r.verdict == self.verdict]

    def to_json(self) -> dict[str, Any]:
        return {
            "policy": {"id": self.policy_id, "version": self.policy_version},
            "question": self.question,
            "verdict": self.verdict.value,
            "answer": self.answer,
            "tool": _tool_json(self.tool),
            "purpose": {"id": self.purpose.id, "label": self.purpose.label}
            if self.purpose
            else None,
            "data": list(self.data),
            "reasons": [r.to_json() for r in self.reasons],
            "rule_ids": self.rule_ids,
            "conditions": list(self.conditions),
            "obligations": [f"{d.label}: {d.text}" for d in self.obligations],
            "citations": [{"id": c.id, "title": c.title} for c in self.citations],
            "next_step": self.next_step,
            "clarifying_question": self.clarifying_question,
            "choices": [choice.to_json() for choice in self.choices],
            "follow_up_of": list(self.follow_up_of),
            "register": self.register.to_json() if self.register else None,
        }


def _tool_json(tool: ToolFound | None) -> dict[str, Any] | None:
    if tool is None:
        return None
    return {
        "name": tool.name,
        "status": tool.status,
        "matched": tool.matched,
        "score": tool.score,
        "listed": tool.listed,
    }
