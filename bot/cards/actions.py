"""The buttons on policybot's cards and the data each sends back.

Every button is an Action.Submit whose `data` is a plain dict with a `verb`; the bot handler
imports these verbs. Shapes:

    {"verb": "request_approval", "question": str | None, "tool": str | None,
     "purpose": str | None, "data": [str, ...]}
    {"verb": "report_incident", "question": str | None}
    {"verb": "ask", "text": str}
    {"verb": "help"}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cardkit.elements import Element, submit
from forms import verbs
from knowledge import Decision, Verdict

VERB_REQUEST_APPROVAL = verbs.REQUEST_APPROVAL
VERB_REPORT_INCIDENT = verbs.REPORT_INCIDENT
VERB_ASK = verbs.ASK
VERB_HELP = verbs.HELP

REQUEST_APPROVAL = "Request approval"
REPORT_INCIDENT = "Report an incident"
HELP = "Help"
ASK_WITH_PERSONAL_DATA = "What about with personal data?"
ASK_IF_ANONYMISED = "What if it is anonymised?"
_NOT_PERSONAL = frozenset({"public", "internal"})


def request_approval_data(
    question: str | None = None,
    *,
    tool: str | None = None,
    purpose: str | None = None,
    data: Iterable[str] = (),
) -> dict[str, Any]:
    """What an approval request needs from the answer: the question (as shortened for the
    card), the tool's name, the purpose's id and the data classes found."""
    return {
        "verb": VERB_REQUEST_APPROVAL,
        "question": question,
        "tool": tool,
        "purpose": purpose,
        "data": list(data),
    }


def request_approval_button(
    question: str | None = None,
    *,
    tool: str | None = None,
    purpose: str | None = None,
    data: Iterable[str] = (),
) -> Element:
    fields = request_approval_data(question, tool=tool, purpose=purpose, data=data)
    return submit(REQUEST_APPROVAL, fields, style="positive")


def report_incident_button(question: str | None, *, primary: bool = False) -> Element:
    """`primary` when reporting is the answer's next step (something has already happened)."""
    data = {"verb": VERB_REPORT_INCIDENT, "question": question}
    return submit(REPORT_INCIDENT, data, style="positive" if primary else None)


def ask_button(text: str, title: str | None = None) -> Element:
    """Asks `text` as if typed; the bot reads it as a follow-up to the previous question."""
    return submit(title or text, {"verb": VERB_ASK, "text": text})


def help_button() -> Element:
    return submit(HELP, {"verb": VERB_HELP})


def follow_up_question(decision: Decision) -> str | None:
    """The follow-up worth offering: personal data if none was found, anonymising if some was.
    None for answers that are not about a use (unclear, information)."""
    if decision.verdict in (Verdict.UNCLEAR, Verdict.INFORMATION):
        return None
    # Public or internal information has nothing to anonymise.
    return ASK_IF_ANONYMISED if set(decision.data) - _NOT_PERSONAL else ASK_WITH_PERSONAL_DATA
