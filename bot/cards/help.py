"""The help card: example questions to press, the commands, and how to reach a person; and the
prompt for "ask" sent with no question."""

from __future__ import annotations

from cardkit.elements import (
    Element,
    action_set,
    adaptive_card,
    fact_set,
    rich_text,
    text_block,
    text_run,
)
from knowledge import Policy

from .actions import ask_button, report_incident_button, request_approval_button
from .welcome import reach_a_person

EXAMPLES = (
    "Can I use ChatGPT to draft an email?",
    "Can I put someone's personal details into Copilot?",
)
COMMANDS = (
    ("help", "show this card"),
    ("request approval", "ask for approval to use AI in a way that needs it"),
    ("report an incident", "tell the right people that something has gone wrong"),
    ("my requests", "see the approval requests you have made"),
    ("what's approved", "the AI tools you may use, and their conditions"),
)


def help_card(policy: Policy) -> Element:
    """Two general examples and the policy's first FAQ, so the examples fit the policy in use."""
    body = [
        text_block("How to use policybot", size="large", weight="bolder", heading=True),
        text_block("Ask a question in your own words. For example (press one to ask it):"),
        action_set([ask_button(question) for question in example_questions(policy)]),
        *every_time(policy),
        text_block("Commands", weight="bolder", heading=True, separator=True),
        text_block("Type one of these at any time:", spacing="small"),
        fact_set(COMMANDS),
        *reach_a_person(policy),
    ]
    actions = [request_approval_button(), report_incident_button(None)]
    return adaptive_card(body, actions)


EVERY_TIME = "Every time you use AI"


def every_time(policy: Policy) -> list[Element]:
    """The duties the policy attaches to every use: said here once, not on every answer card
    (which names only the duties particular to the use asked about)."""
    duties = [policy.duties[d] for d in policy.document.always_obligations if d in policy.duties]
    if not duties:
        return []
    lines = [
        rich_text(
            text_run("•  "),
            text_run(duty.label, weight="bolder"),
            text_run(": " + duty.text),
            text_run(f"  ({', '.join(duty.cites)})" if duty.cites else "", is_subtle=True),
            spacing="small",
        )
        for duty in duties
    ]
    return [text_block(EVERY_TIME, weight="bolder", heading=True, separator=True), *lines]


def example_questions(policy: Policy) -> list[str]:
    faqs = policy.document.faqs
    return [*EXAMPLES, faqs[0].question] if faqs else list(EXAMPLES)


ASK_HEADING = "What would you like to ask?"


def ask_prompt_card(policy: Policy, *, mention: str | None = None) -> Element:
    """The answer to "ask" sent on its own, as Teams sends it when the command is picked from
    its list: what to type, an example, and the examples as buttons. `mention` is the bot's
    name in a channel or group chat, where a question must start with @name to reach it."""
    example = EXAMPLES[0]
    typed = f"@{mention} {example}" if mention else example
    body = [
        text_block(ASK_HEADING, size="medium", weight="bolder", heading=True),
        text_block(
            "Type your question in your own words: the AI tool, and what you want to use it "
            "for. For example:",
            spacing="small",
        ),
        rich_text(text_run(typed, weight="bolder"), spacing="small"),
        text_block("Or press one of these to ask it:", spacing="medium"),
        action_set([ask_button(question) for question in example_questions(policy)]),
    ]
    return adaptive_card(body)
