"""The card sent when policybot is installed: what it is, what it does, how to reach a person."""

from __future__ import annotations

from cardkit.elements import Element, adaptive_card, container, rich_text, text_block, text_run
from knowledge import Policy

from .actions import help_button, report_incident_button, request_approval_button

GREETING = "Hello, I'm policybot"


def welcome_card(policy: Policy) -> Element:
    """Says plainly that this is an automated assistant, not generative AI, and which policy it
    answers from, so nobody mistakes its answers for a person's or a chatbot's."""
    body = [
        container(
            [text_block(GREETING, size="large", weight="bolder", heading=True)],
            style="emphasis",
            bleed=True,
        ),
        rich_text(
            text_run("I'm an automated assistant, not generative AI. I answer from "),
            text_run(policy.document.title, weight="bolder"),
            text_run(", by matching your question to the policy's own rules and clauses."),
        ),
        text_block("What I can do", weight="bolder", heading=True, separator=True),
        _bullet("Answer questions such as \u201cCan I use ChatGPT to draft an email?\u201d"),
        _bullet("Help you request approval for a use of AI that needs it."),
        _bullet("Take a report of an incident, such as personal data put into an AI tool."),
        *reach_a_person(policy),
    ]
    actions = [help_button(), request_approval_button(), report_incident_button(None)]
    return adaptive_card(body, actions)


def reach_a_person(policy: Policy) -> list[Element]:
    """The policy's governance authority, with its contact details when the policy gives any."""
    authority = policy.document.organisation.governance_authority
    runs = [
        text_run("For anything I can't answer, ask "),
        text_run(authority.name, weight="bolder"),
    ]
    if authority.contact:
        runs += [text_run(": "), text_run(authority.contact)]
    return [
        text_block("Talk to a person", weight="bolder", heading=True, separator=True),
        rich_text(*runs, text_run(".")),
    ]


def _bullet(text: str) -> Element:
    return rich_text(text_run("•  " + text), spacing="small")
