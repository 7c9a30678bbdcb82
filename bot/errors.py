"""The project's exceptions: one root, `PolicybotError`, which lives in knowledge/ because that is
the bottom layer; bot/ adds the service-side subclasses. A command line that meets one prints its
message and exits non-zero; a turn that fails is logged and answered with a reference
(bot/turn_errors.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.errors import PolicybotError

if TYPE_CHECKING:  # the records model imports this module
    from bot.records.approvals import DecisionOutcome

__all__ = [
    "AlreadyDecidedError",
    "ConfigurationError",
    "PolicybotError",
    "RecordsError",
]


class ConfigurationError(PolicybotError):
    """Settings are missing or contradictory; raised at start-up, never mid-conversation."""


class RecordsError(PolicybotError):
    """A records-layer operation could not be completed."""


class AlreadyDecidedError(RecordsError):
    """Someone else decided this request first; carries what was decided."""

    def __init__(self, message: str, decision: DecisionOutcome | None = None) -> None:
        super().__init__(message)
        self.decision = decision


class RosterUnavailableError(PolicybotError):
    """Teams could not be asked who is in the governance team (not: the person is not in it)."""
