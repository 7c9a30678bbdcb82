"""What the register holds: the board's decisions as entries, a question's use, and an entry
compiled against a policy (the module docstring of knowledge.register says what they mean)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

APPROVED = "approved"
APPROVED_WITH_CONDITIONS = "approved_with_conditions"
PILOT = "pilot"  # approved for a trial: a yes within the pilot's scope and conditions
REJECTED = "rejected"
DECISIONS = (APPROVED, APPROVED_WITH_CONDITIONS, PILOT, REJECTED)
RETIRED = "retired"  # what a note says of an approval the board has since retired
REGISTER_RULE = "register:"  # reason rule ids: "register:AR-0001"
NO_DATA = "none"  # data_classification for "no sensitive data"
PUBLIC = "public"  # the data class id the reader itself treats as public information


@dataclass(frozen=True)
class RegisterEntry:
    """One decision of the governance board on the use of a tool: an approval request's, or
    an entry the board added to its register. An approval the board later retired stays in the
    register, with `retired_at`: it no longer approves anything, and answers say so."""

    reference: str  # "AR-0001"
    tool: str  # as the requester named it: "Midjourney", "Otter.ai", "chat gpt"
    purpose: str  # the requester's words: "making posters for library events"
    data_classification: str  # a data class id of the policy, or "none"
    decision: str  # "approved" | "approved_with_conditions" | "rejected"
    conditions: str | None  # the conditions (approved_with_conditions) or the reason (rejected)
    decided_at: datetime  # aware; shown in UTC
    retired_at: datetime | None = None  # aware: when the board ended the approval
    retired_reason: str | None = None
    # The entry for a tool the policy itself lists: retiring it ends the policy's own
    # permission for every use and data, until a new request is approved.
    from_policy: bool = False

    def __post_init__(self) -> None:
        if self.decision not in DECISIONS:
            raise ValueError(f"{self.reference}: decision must be one of {DECISIONS}")
        for moment in (self.decided_at, self.retired_at):
            if moment is not None and (moment.tzinfo is None or moment.utcoffset() is None):
                raise ValueError(f"{self.reference}: its dates must be timezone-aware (UTC)")
        if self.retired_at is not None and self.decision == REJECTED:
            raise ValueError(f"{self.reference}: only an approval can be retired")
        if not self.reference.strip() or not self.tool.strip():
            raise ValueError("a register entry needs a reference and a tool")

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


@dataclass(frozen=True, slots=True)
class Use:
    """What a question asks to do with its tool, as far as the register cares."""

    words: frozenset[str]  # purpose concepts
    purposes: frozenset[str]  # policy purpose ids the engine recognised
    data: frozenset[str]  # data classes, after negations

    @property
    def named(self) -> bool:
        return bool(self.words or self.purposes)


@dataclass(frozen=True, slots=True)
class CompiledEntry:
    """An entry compiled against the policy."""

    entry: RegisterEntry
    tool_key: str
    tool_name: str
    words: frozenset[str]  # purpose words
    weight: float  # their total weight
    purposes: frozenset[str]
    covers: frozenset[str]  # data classes an approval at this classification covers
    refused: frozenset[str] | None  # data classes a rejection reaches; None: all data

    @property
    def named(self) -> bool:
        """False: an approval (or refusal) for any use of the tool."""
        return bool(self.words or self.purposes)

    @property
    def decision(self) -> str:
        return self.entry.decision

    @property
    def reference(self) -> str:
        return self.entry.reference

    @property
    def retired(self) -> bool:
        return self.entry.retired
