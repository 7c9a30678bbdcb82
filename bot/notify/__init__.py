"""Proactive messages: the board's cards and the requester's and reporter's notices, delivered
from the records layer's outbox so that a Teams outage or a 429 means a later retry, never a
lost or doubled message."""
