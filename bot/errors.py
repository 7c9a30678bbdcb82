"""The project's root exception and its few subclasses (one error policy, see STYLE.md)."""


class PolicybotError(Exception):
    """Base class for errors policybot raises on purpose."""


class ConfigurationError(PolicybotError):
    """Settings are missing or contradictory; raised at start-up, never mid-conversation."""


class RecordsError(PolicybotError):
    """A records-layer operation could not be completed."""


class AlreadyDecidedError(RecordsError):
    """Someone else decided this request first; carries what was decided."""

    def __init__(self, message: str, decision: object | None = None) -> None:
        super().__init__(message)
        self.decision = decision
