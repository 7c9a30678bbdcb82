"""The incident report's cards: the opening, each choice, the kinds of data, the summary, the
offer to carry on with a draft, and the confirmation.

Built from cardkit.elements as plain JSON. Fixed wording goes in TextBlocks; everything a
person typed goes in TextRuns (shown as written, never markdown). Every button is an
Action.Submit whose data is

    {"verb": "incident_reply", "report": <report id>, "field": <question>, "choice": <value>}

so the dialog can tell a button on the current card from one on an earlier card. The kinds of
data card is a multi-select list whose "Continue" button adds {"kinds": "personal,children"}.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cardkit.elements import (
    ContainerStyle,
    Element,
    action_set,
    adaptive_card,
    choice_set,
    container,
    rich_text,
    submit,
    text_block,
    text_run,
)
from forms import verbs

from .card_parts import Row, fitted, row_block

VERB = verbs.INCIDENT_REPLY
KINDS_INPUT = "kinds"
TEXT_LIMITS = (None, 400, 120, 40)
SUBMIT, EDIT, CANCEL = "submit", "edit", "cancel"
CONTINUE, START_AGAIN = "continue", "start_again"
SEVERITY_STYLES: dict[str, ContainerStyle] = {
    "critical": "attention",
    "high": "attention",
    "medium": "warning",
}


@dataclass(frozen=True, slots=True)
class Option:
    choice: str
    title: str


def reply_data(report: str, field: str, choice: str) -> dict[str, str]:
    return {"verb": VERB, "report": report, "field": field, "choice": choice}


def intro_card(lines: Sequence[str], known: Sequence[Row]) -> Element:
    """What happens now (one paragraph per line; they may quote the policy, so TextRuns) and
    what we already know."""

    def build(limit: int | None) -> Element:
        body = [text_block("Report an incident", heading=True, weight="bolder", size="medium")]
        body += [rich_text(text_run(line), spacing="small") for line in lines]
        if known:
            body.append(text_block("From what you said", weight="bolder", spacing="medium"))
            body += [row_block(row, limit) for row in known]
        body.append(
            text_block(
                'Type "help" at any step to see why it is asked, or "cancel" to stop: I\'ll keep '
                "what you've told me.",
                is_subtle=True,
                spacing="medium",
            )
        )
        return adaptive_card(body)

    return fitted(build, TEXT_LIMITS)


def choice_card(
    question: str, options: Sequence[Option], *, report: str, field: str, hint: str = ""
) -> Element:
    """A question answered by a button (or by typing the button's words)."""
    body = [text_block(question, weight="bolder")]
    if hint:
        body.append(text_block(hint, is_subtle=True, spacing="small"))
    buttons = [submit(o.title, reply_data(report, field, o.choice)) for o in options]
    body.append(action_set(buttons, spacing="small"))
    return adaptive_card(body)


def kinds_card(
    question: str, options: Sequence[Option], *, report: str, field: str, hint: str
) -> Element:
    """A multi-select list; its Continue button sends the ticked values as "kinds"."""
    numbered = [(f"{n}. {o.title}", o.choice) for n, o in enumerate(options, 1)]
    body = [
        text_block(question, weight="bolder"),
        {
            **choice_set(KINDS_INPUT, numbered, label="Choose any that apply", expanded=True),
            "isMultiSelect": True,
        },
        text_block(hint, is_subtle=True, spacing="small"),
    ]
    return adaptive_card(body, [submit("Continue", reply_data(report, field, "chosen"))])


def resume_card(rows: Sequence[Row], *, report: str, saved: str) -> Element:
    """The offer to carry on with an unfinished report."""

    def build(limit: int | None) -> Element:
        body = [
            text_block("You started a report earlier", weight="bolder", size="medium"),
            text_block(f"Saved {saved}. Continue it, or start again?", spacing="small"),
            *[row_block(row, limit) for row in rows],
        ]
        actions = [
            submit("Continue it", reply_data(report, "resume", CONTINUE), style="positive"),
            submit("Start again", reply_data(report, "resume", START_AGAIN)),
        ]
        return adaptive_card(body, actions)

    return fitted(build, TEXT_LIMITS)


def summary_card(
    rows: Sequence[Row], severity: str, reasons: Iterable[str], *, report: str
) -> Element:
    """Everything the report will say, the severity with why, then Submit / Change / Cancel."""
    reasons = list(reasons)

    def build(limit: int | None) -> Element:
        level = [
            text_block(f"Severity: {severity}", weight="bolder"),
            text_block("Worked out from your answers, because:", spacing="none", is_subtle=True),
            *[rich_text(text_run(f"•  {reason}"), spacing="none") for reason in reasons],
        ]
        body = [
            text_block("Check your report", heading=True, weight="bolder", size="medium"),
            *[row_block(row, limit) for row in rows],
            container(level, style=SEVERITY_STYLES.get(severity, "emphasis"), spacing="medium"),
            text_block(
                'Or type "submit", "change" or "cancel". Cancelling keeps your answers for later.',
                is_subtle=True,
                spacing="medium",
            ),
        ]
        actions = [
            submit("Submit report", reply_data(report, "summary", SUBMIT), style="positive"),
            submit("Change an answer", reply_data(report, "summary", EDIT)),
            submit("Cancel", reply_data(report, "summary", CANCEL)),  # it keeps the draft
        ]
        return adaptive_card(body, actions)

    return fitted(build, TEXT_LIMITS)


def submitted_card(reference: str, lines: Sequence[str], *, told: bool = True) -> Element:
    """The confirmation: the reference to quote and what happens next (the lines name who was
    told, as the bot and the policy put it, so TextRuns). Headed "sent" only when someone was."""
    heading = "Report sent" if told else "Report saved: nobody has been told yet"
    body = [
        # amber on white is hard to read: a report nobody has seen is headed in the plain colour
        text_block(
            heading, heading=True, weight="bolder"
        ),  # default colour: legible in every theme
        rich_text(
            text_run("Your reference is "),
            text_run(reference, weight="bolder"),
            text_run(". Quote it if you contact anyone about this."),
        ),
        *[rich_text(text_run(line), spacing="small") for line in lines],
    ]
    return adaptive_card(body)
