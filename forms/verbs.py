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

# "Was this right?" on the answer card (Action.Execute: the card thanks the person in place)
VOTE_RIGHT = "feedback.right"
VOTE_NOT_RIGHT = "feedback.not_right"
VOTE_COMMENT = "feedback.comment"
VOTES = (VOTE_RIGHT, VOTE_NOT_RIGHT, VOTE_COMMENT)

# "Ask the board": the asker's consent card, and the asker's reply to the board's question back
ASK_BOARD = "board_question.start"
ASK_BOARD_SEND = "board_question.send"
ASK_BOARD_CANCEL = "board_question.cancel"
ASKER = (ASK_BOARD, ASK_BOARD_SEND, ASK_BOARD_CANCEL)
BOARD_QUESTION_REPLY = "board_question.reply"

# The board's question card in the governance channel
TAKE_QUESTION = "board_question.take"
ASK_ASKER = "board_question.ask"
ANSWER_QUESTION = "board_question.answer"
WITHDRAW_RULING = "board_question.withdraw"
QUESTION_REFRESH = "board_question.refresh"
QUESTION_BOARD = (TAKE_QUESTION, ASK_ASKER, ANSWER_QUESTION, WITHDRAW_RULING)

# The AI register's cards in the board's channel (docs/register.md): open an entry, change it
REGISTER_OPEN = "register.open"
REGISTER_ADD = "register.add"
REGISTER_EDIT = "register.edit"
REGISTER_REVIEW = "register.review"
REGISTER_RETIRE = "register.retire"
REGISTER_WITHDRAW = "register.withdraw"
REGISTER_BOARD = (
    REGISTER_OPEN,
    REGISTER_ADD,
    REGISTER_EDIT,
    REGISTER_REVIEW,
    REGISTER_RETIRE,
    REGISTER_WITHDRAW,
)

# "Have you read the policy?" after a person's first question under a new policy version
ACKNOWLEDGE_POLICY = "policy.acknowledge"
