"""The project's exceptions (one error policy, see STYLE.md). The root class lives in
knowledge/ because that is the bottom layer; bot/ adds the service-side subclasses."""

from knowledge.errors import PolicybotError

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

    def __init__(self, message: str, decision: object | None = None) -> None:
        super().__init__(message)
        self.decision = decision
