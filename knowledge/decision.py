"""What the engine returns: a verdict with its reasons, clauses, duties and next step."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .clause_reader import ClauseReading
from .risk_reader import RiskReading
from .safety_net import Doubt
from .schema import Verdict
from .verdict_reader import Opinion

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
    # "approved" | "approved_with_conditions" | "pilot" | "rejected" | "retired" (an approval
    # the board has since ended)
    decision: str
    covers: bool  # the entry covers this tool, purpose and data; false: a new request is needed
    tool: str = ""  # the tool as the register names it: "Midjourney"
    purpose: str = ""  # the requester's words: "make posters for library events"; "": any use
    data: str = ""  # "with no personal or sensitive data"
    decided: str = ""  # "26 Nov 2026"

    @property
    def approves(self) -> bool:
        """An approval that covers the question: the board allowed this use."""
        return self.covers and self.decision not in ("rejected", "retired")

    def to_json(self) -> dict[str, Any]:
        return {"reference": self.reference, "decision": self.decision, "covers": self.covers}


RULING_RULE = "ruling:"  # reason rule ids: "ruling:BQ-0001"


@dataclass(frozen=True, slots=True)
class RulingNote:
    """The board ruling that covered a decision's question (see knowledge.register.board)."""

    reference: str  # "BQ-0001"
    verdict: Verdict  # the board's verdict; the decision's may be stricter (the policy prohibits)
    decided: str  # "3 Dec 2026"
    # Only a ruling that covers the question's tool, use and data is ever named, so this is
    # true; it is kept so that the note reads as `RegisterNote` does.
    covers: bool = True

    @property
    def rule(self) -> str:
        """The rule id of the ruling's reason: "ruling:BQ-0001"."""
        return f"{RULING_RULE}{self.reference}"

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "verdict": self.verdict.value,
            "decided": self.decided,
            "covers": self.covers,
        }


# Verbs a use is said with: "make posters", "summarise a complaint". A purpose starting with
# one reads "to make posters"; any other reads "for posters", "for making posters".
_VERBS_OF_USE = """
adapt analyse analyze answer assess automate brainstorm build calculate caption categorise
categorize chat check classify clean code collate compare compile complete compose convert
correct create critique debug decide design detect develop differentiate do draft draw edit
evaluate explain extract find fix format forecast generate get grade help highlight identify
illustrate improve interpret label make manage map mark moderate monitor note organise
organize outline paraphrase personalise plan predict prepare present prioritise prioritize
process produce proofread publish put rank read record redact refine reformat rephrase reply
research respond review rewrite run schedule score screen search send set share shortlist
simplify sort spot structure suggest summarise summarize support tailor take test tidy track
transcribe translate triage turn update upload use verify visualise visualize write
"""
_USE_VERBS = frozenset(_VERBS_OF_USE.split())


def use_phrase(purpose: str) -> str:
    """A purpose in the person's words as it follows a tool's name: "make posters" gives "to
    make posters", "posters for the library" and "making posters" give "for ...". A verb that
    is also a noun reads as the noun before "of" ("review of the policy")."""
    words = purpose.strip().rstrip(".").split()
    said_to = bool(words) and words[0].lower() == "to"
    words = words[1:] if said_to else words
    if not words:
        return ""
    first = words[0].lower()
    verb = first in _USE_VERBS and not (len(words) > 1 and words[1].lower() == "of")
    return ("to " if said_to or verb else "for ") + " ".join(words)


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
    ruling: RulingNote | None = None  # the board ruling that covered the question
    doubt: Doubt | None = None  # the safety net's, when it turned a yes into a question
    # the risk reader's, when it turned a doubted yes into a no (knowledge.risk_reader)
    read_as: RiskReading | None = None
    # the verdict reader's, when its second opinion changed the answer (knowledge.verdict_reader)
    opinion: Opinion | None = None
    # the refusal reader's, when the clause it read decided a refusal (knowledge.clause_reader)
    read_under: ClauseReading | None = None

    def with_thread(self, earlier: tuple[str, ...]) -> Decision:
        return replace(self, follow_up_of=earlier)

    @property
    def rule_ids(self) -> list[str]:
        """The rules that decided the verdict: those at the winning strictness. Where a board
        ruling decided, the policy's reasons at its verdict are context, not the decision; only
        the policy's prohibitions decide beside a prohibiting ruling."""
        deciding = [r.rule for r in self.reasons if r.verdict == self.verdict]
        ruling = self.ruling
        if ruling is not None and ruling.rule in deciding and self.verdict != Verdict.PROHIBITED:
            return [ruling.rule]
        return deciding

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
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
        if self.ruling is not None:  # absent, not null: a ruling is rare, and older readers
            data["ruling"] = self.ruling.to_json()  # of the JSON never see the key
        if self.doubt is not None:  # likewise
            data["doubt"] = {"probability": self.doubt.probability, "words": list(self.doubt.words)}
        if self.opinion is not None:  # likewise
            data["second_opinion"] = {
                "verdict": self.opinion.verdict,
                "probability": self.opinion.probability,
                "words": list(self.opinion.words),
                "against_yes": self.opinion.against_yes,
            }
        if self.read_as is not None:  # likewise
            data["read_as"] = {
                "kind": self.read_as.kind,
                "label": self.read_as.label,
                "probability": self.read_as.probability,
                "words": list(self.read_as.words),
            }
        if self.read_under is not None:  # likewise
            data["read_under"] = {
                "clause": self.read_under.clause,
                "probability": self.read_under.probability,
                "words": list(self.read_under.words),
            }
        return data


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
