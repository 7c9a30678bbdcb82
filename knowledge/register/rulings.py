"""What the register says about one question, and its wording: the reasons that replace or join
the tool's, and the sentences staff read ("AR-0001 approved Midjourney only for posters ...")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from ..decision import Citation, Reason, RegisterNote, use_phrase
from ..policy import Policy
from ..schema import Verdict
from .entries import (
    APPROVED,
    APPROVED_WITH_CONDITIONS,
    PILOT,
    PUBLIC,
    REGISTER_RULE,
    REJECTED,
    RETIRED,
    CompiledEntry,
)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DECISION_WORDS = {
    APPROVED: "approved",
    APPROVED_WITH_CONDITIONS: "approved with conditions",
    PILOT: "approved for a pilot",
    REJECTED: "rejected",
}
_CONDITION_SPLIT = re.compile(r"\s*(?:\n|;)\s*")
_BULLET = re.compile(r"^(?:[-*\u2022]|\d+[.)])\s+")


@dataclass(frozen=True, eq=False)
class Ruling:
    """What the register says about one question: the entry that applies (or, when none
    covers the question, the newest entry for its tool) and whether it covers the use."""

    entry: CompiledEntry
    covered: bool
    other_use: bool  # not covered because the purpose differs
    beyond: tuple[str, ...]  # the question's data classes an approval does not cover
    policy: Policy

    @property
    def reference(self) -> str:
        return self.entry.reference

    @property
    def approves(self) -> bool:
        """A covering approval: the use is approved as far as the register goes."""
        return self.covered and self.entry.decision != REJECTED and not self.entry.retired

    @property
    def note(self) -> RegisterNote:
        decision = RETIRED if self.entry.retired else self.entry.decision
        return RegisterNote(self.reference, decision, self.covered)

    @property
    def citation(self) -> Citation:
        entry = self.entry.entry
        words = _DECISION_WORDS[entry.decision]
        title = f"Approval register: {self.entry.tool_name}, {words} {short_date(entry.decided_at)}"
        if entry.retired_at is not None:
            title += f", retired {short_date(entry.retired_at)}"
        return Citation(entry.reference, title)

    def reasons(self, tool_reason: Reason) -> list[Reason]:
        """The tool's contribution with the register applied: `tool_reason` replaced, kept,
        or kept with a register reason after it (see the module docstring)."""
        entry = self.entry
        blocked = tool_reason.verdict == Verdict.NEEDS_APPROVAL
        if not self.covered:
            if not blocked:  # the policy already permits or prohibits the tool
                return [tool_reason]
            return [tool_reason, self._reason(Verdict.NEEDS_APPROVAL, self._gap_text())]
        if entry.decision == REJECTED:
            rejected = self._reason(Verdict.PROHIBITED, self._rejected_text())
            return [rejected] if blocked else [tool_reason, rejected]
        if entry.retired:
            # The approval has ended: the tool needs approval again, as the policy says; where
            # the policy itself permits or prohibits the tool, that stands as it did before,
            # unless the entry is the policy's own listing, which the board has taken back.
            if tool_reason.verdict == Verdict.PROHIBITED:
                return [tool_reason]
            if not (blocked or entry.entry.from_policy):
                return [tool_reason]
            return [self._reason(Verdict.NEEDS_APPROVAL, self._retired_text())]
        conditions = []
        if entry.decision in (APPROVED_WITH_CONDITIONS, PILOT):
            conditions = board_conditions(entry.entry.conditions)
        if entry.decision == PILOT:
            conditions.append(f"Only within the pilot the board approved in {entry.reference}.")
        if tool_reason.verdict == Verdict.PROHIBITED:
            text = (
                f"{self._approved()}, but an approval cannot override the policy's own "
                f"prohibition of {entry.tool_name}."
            )
            return [tool_reason, self._reason(Verdict.PROHIBITED, text)]
        if not blocked:
            verdict = Verdict.ALLOWED_WITH_CONDITIONS if conditions else Verdict.ALLOWED
            return [tool_reason, self._reason(verdict, self._approved() + ".", conditions)]
        # The approval answers "this tool must be authorised first"; the policy's own conditions
        # and duties on the tool still travel with it.
        conditions = [*tool_reason.conditions, *conditions]
        verdict = Verdict.ALLOWED_WITH_CONDITIONS if conditions else Verdict.ALLOWED
        return [self._reason(verdict, self._approved() + ".", conditions, tool_reason.obligations)]

    def overridden_text(self) -> str:
        """For an answer decided by something stricter than a covered approval."""
        return f"{self._approved()}, but that approval does not lift this."

    def _reason(
        self,
        verdict: Verdict,
        text: str,
        conditions: Sequence[str] = (),
        obligations: Sequence[str] = (),
    ) -> Reason:
        return Reason(
            f"{REGISTER_RULE}{self.reference}",
            verdict,
            text,
            (self.reference,),
            tuple(dict.fromkeys(conditions)),
            tuple(obligations),
        )

    def _scope(self, only: bool = False) -> str:
        entry = self.entry.entry
        purpose = entry.purpose.strip().rstrip(".")
        name = self.entry.tool_name
        scope = f"{name} {'only ' if only else ''}{use_phrase(purpose)}" if purpose else name
        return f"{scope} {data_phrase(self.policy, entry.data_classification)}"

    def _approved(self) -> str:
        entry = self.entry.entry
        what = f"a pilot of {self._scope()}" if entry.decision == PILOT else self._scope()
        return f"{entry.reference} approved {what} on {short_date(entry.decided_at)}"

    def _retired_text(self) -> str:
        entry = self.entry.entry
        assert entry.retired_at is not None
        reason = entry.retired_reason
        why = f": {as_sentence(reason)}" if reason and reason.strip() else "."
        when = short_date(entry.retired_at)
        name = self.entry.tool_name
        if entry.from_policy:
            return (
                f"The policy lists {name}, but the board retired it on {when} ({entry.reference})"
                f"{why} Using {name} now needs a new request."
            )
        return (
            f"{self._approved()}, but the board retired that approval on {when}{why} Using "
            f"{name} now needs a new request."
        )

    def _why(self) -> str:
        reason = self.entry.entry.conditions
        return f": {as_sentence(reason)}" if reason and reason.strip() else "."

    def _rejected_text(self) -> str:
        entry = self.entry.entry
        return (
            f"{entry.reference} was rejected on {short_date(entry.decided_at)}{self._why()} "
            f"The request was to use {self._scope()}."
        )

    def _gap_text(self) -> str:
        entry = self.entry.entry
        if entry.decision == REJECTED:
            return (
                f"{entry.reference}, a request to use {self._scope()}, was rejected on "
                f"{short_date(entry.decided_at)}{self._why()} This is not the use that was "
                "refused, so it needs its own request."
            )
        if entry.retired:
            return self._retired_text()
        labels = ", ".join(self.policy.data_classes[d].label for d in self.beyond)
        if self.other_use and labels:
            gap = f"this is a different use and involves {labels}, so it needs a new request."
        elif labels:
            gap = f"this involves {labels}, so it needs a new request."
        else:
            gap = "any other use needs a new request."
        return f"{entry.reference} approved {self._scope(only=self.other_use)}; {gap}"


def data_phrase(policy: Policy, classification: str) -> str:
    data_class = policy.data_classes.get(classification)
    if data_class is None:
        return "with no personal or sensitive data"
    if classification == PUBLIC:
        return f"with {data_class.label} only"
    return f"with {data_class.label}"


def board_conditions(text: str | None) -> list[str]:
    """The board's conditions, one per line or semicolon, bullets removed."""
    parts = (_BULLET.sub("", part.strip()) for part in _CONDITION_SPLIT.split(text or ""))
    return [as_sentence(part) for part in parts if part]


def as_sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def short_date(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return f"{utc.day} {_MONTHS[utc.month - 1]} {utc.year}"
