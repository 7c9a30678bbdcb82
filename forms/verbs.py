"""Every card verb policybot sends and receives, defined once.

A button's `verb` (Action.Submit data or Action.Execute verb) is how a click finds its route
(bot/routing.py); the cards that put a verb on a button and the routes that read it both import
it from here, so the two cannot drift apart.
"""

from __future__ import annotations

# Staff's answer card and help card
ASK = "ask"
HELP = "help"
REQUEST_APPROVAL = "request_approval"
REPORT_INCIDENT = "report_incident"
INCIDENT_NOT_NOW = "incident_not_now"  # the offer card's "not now"

# Buttons on a dialog's own cards: consumed by the dialog while it runs, stale after it ends
APPROVAL_REPLY = "approval_reply"
INCIDENT_REPLY = "incident_reply"

# The governance board's approval card, and the requester's answer to a question on it
APPROVE = "approval.approve"
APPROVE_WITH_CONDITIONS = "approval.approve_with_conditions"
MORE_INFO = "approval.more_info"
REJECT = "approval.reject"
APPROVAL_REFRESH = "approval.refresh"
APPROVAL_ANSWER = "approval.answer"
BOARD = (APPROVE, APPROVE_WITH_CONDITIONS, MORE_INFO, REJECT)

# The incident card in the board's channel
ACKNOWLEDGE = "incident.acknowledge"
SET_STATUS = "incident.set_status"
INCIDENT_ASK = "incident.ask"
INCIDENT_REFRESH = "incident.refresh"
RESPONDER = (ACKNOWLEDGE, SET_STATUS, INCIDENT_ASK)
