"""The card sent when policybot is installed: what it is, what it does, how to reach a person."""

from __future__ import annotations

from typing import Literal

from cardkit.elements import (
    Element,
    adaptive_card,
    container,
    rich_text,
    shorten,
    text_block,
    text_run,
)
from knowledge import Policy

from .actions import help_button, report_incident_button, request_approval_button

GREETING = "Hello, I'm policybot"


def welcome_card(policy: Policy) -> Element:
    """Says plainly that this is an automated assistant, not generative AI, and which policy it
    answers from, so nobody mistakes its answers for a person's or a chatbot's."""
    body = [
        _banner(GREETING),
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


# -- the team welcome: what the board needs to know when policybot is added to a team ----------

Registrars = Literal["named", "local user", "nobody"]
BoardChannel = Literal["none", "here", "elsewhere"]

TEAM_GREETING = "policybot has joined this team"
BOARD_COMMANDS = (
    "approve AR-0002",
    "reject AR-0002: reason",
    "acknowledge INC-0001",
    "pending requests",
)
REGISTER_COMMAND = "register governance channel"
WHO_REGISTERS = {
    "named": (
        "One of the people IT has named to run the board: the administrators and approvers in "
        "POLICYBOT_ADMINS or POLICYBOT_APPROVERS. They type this in the channel:"
    ),
    "local user": (
        "Nobody is named in POLICYBOT_ADMINS or POLICYBOT_APPROVERS, so in this local trial the "
        "local user (you) can. Type this in the channel:"
    ),
    "nobody": (
        "Nobody yet: IT must first name the board's administrators in POLICYBOT_ADMINS (or its "
        "approvers in POLICYBOT_APPROVERS). Then one of them types this in the channel:"
    ),
}
BOARD_NOW = {
    "none": "No channel is registered for the board yet.",
    "here": "This channel is the board's channel: its cards come here.",
    "elsewhere": "The board uses another channel now; registering this one sends new cards here.",
}


def team_welcome_card(
    policy: Policy, *, registrars: Registrars, board: BoardChannel, bot_name: str = "policybot"
) -> Element:
    """Posted in the channel when policybot is added to a team. The people there are most likely
    the governance board (staff ask in a 1:1 chat), so it says what a channel can be for, who
    may make it the board's and the exact command. `bot_name` is the name Teams gave the bot
    in the activity, so the commands show the mention as people will type it."""
    mention = f"@{shorten(bot_name, 60) or 'policybot'} "
    body = [
        _banner(TEAM_GREETING),
        rich_text(
            text_run(
                "I'm an automated assistant, not generative AI. I answer staff questions from "
            ),
            text_run(policy.document.title, weight="bolder"),
            text_run(" and pass approval requests and incident reports to "),
            text_run(policy.document.organisation.governance_authority.name, weight="bolder"),
            text_run("."),
        ),
        text_block(
            "What this channel can be used for", weight="bolder", heading=True, separator=True
        ),
        text_block(
            "The governance board: once the channel is registered, approval requests and "
            "incident reports arrive in it as cards. Board members decide there with the "
            "card's buttons, or by typing commands that mention me:",
            spacing="small",
        ),
        *[_command(mention + command) for command in BOARD_COMMANDS],
        text_block("Who can register it, and how", weight="bolder", heading=True, separator=True),
        text_block(WHO_REGISTERS[registrars], spacing="small"),
        _command(mention + REGISTER_COMMAND),
        text_block(BOARD_NOW[board], weight="bolder", spacing="small"),
        text_block(
            "Staff can ask me about the policy here by mentioning me. Approval requests and "
            "incident reports are made in a private chat with me, as they may hold personal data.",
            is_subtle=True,
            separator=True,
        ),
    ]
    return adaptive_card(body)


def _command(text: str) -> Element:
    """A command as typed: monospace, shown as written (a TextRun is never markdown)."""
    return rich_text(text_run(text, font_type="monospace", weight="bolder"), spacing="small")


def _banner(title: str) -> Element:
    """The welcome's title on its band: the staff and the team welcome open the same way."""
    return container(
        [text_block(title, size="large", weight="bolder", heading=True)],
        style="emphasis",
        bleed=True,
    )
