"""The offer to report, when a message tells of something that has gone wrong."""

from __future__ import annotations

from cardkit.elements import (
    Element,
    adaptive_card,
    rich_text,
    shorten,
    submit,
    text_block,
    text_run,
)
from forms import verbs
from knowledge import Decision

from .actions import VERB_REPORT_INCIDENT

VERB_NOT_NOW = verbs.INCIDENT_NOT_NOW


def incident_offer_card(decision: Decision) -> Element:
    """Calm and short: what was heard, that reporting is the right thing, and two buttons."""
    heard = [text_run("What I heard: "), text_run(shorten(decision.question, 300), italic=True)]
    body = [
        text_block("It sounds like something may have gone wrong", weight="bolder", size="medium"),
        rich_text(*heard),
        text_block(
            "Reporting it quickly is the right thing to do, and it is about putting things "
            "right, not blame. It takes a few minutes; I'll fill in what you've told me already.",
            spacing="small",
        ),
    ]
    actions = [
        submit(
            "Report it now",
            {"verb": VERB_REPORT_INCIDENT, "question": decision.question[:1000]},
            style="positive",
        ),
        submit("Not now", {"verb": VERB_NOT_NOW}),
    ]
    return adaptive_card(body, actions)
