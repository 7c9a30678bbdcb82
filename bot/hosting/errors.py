"""Why an inbound request was refused. Each maps to one HTTP status in messages.py."""

from __future__ import annotations

from bot.errors import PolicybotError


class AuthenticationError(PolicybotError):
    """The request's bearer token is missing or not a valid Bot Connector token (HTTP 401).

    `reason` is short, free of token contents and safe to log.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SigningKeysUnavailableError(PolicybotError):
    """The OpenID metadata or its key set could not be fetched and no keys are cached (HTTP 503).

    Our outage, not the caller's fault: Bot Framework retries a 503.
    """


class BodyTooLargeError(PolicybotError):
    """A request or response body went over its byte limit while being read."""
