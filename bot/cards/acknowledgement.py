"""The one question staff are asked once per policy version, when the policy turns it on: this
is the policy you work under; have you read it? (docs/register.md, "Policy acknowledgement")."""

from __future__ import annotations

from cardkit.elements import (
    Element,
    adaptive_card,
    execute,
    open_url,
    rich_text,
    shorten,
    text_block,
    text_run,
)
from forms import verbs
from knowledge import Policy


def acknowledgement_card(policy: Policy) -> Element:
    body = [
        text_block("The policy you work under", weight="bolder"),
        rich_text(
            text_run(shorten(policy.document.title, 200), weight="bolder"),
            text_run(f" (version: {shorten(policy.version, 60)})", is_subtle=True),
            spacing="small",
        ),
        text_block(
            "Have you read it? Your answer is kept for the governance board. It never changes "
            "or holds back an answer.",
            spacing="small",
        ),
    ]
    actions = []
    link = policy.document.acknowledgement.link
    if link:
        actions.append(open_url("Read the policy", link))
    data = {"policy_id": policy.id, "policy_version": policy.version}
    actions.append(execute("I've read it", verbs.ACKNOWLEDGE_POLICY, data, style="positive"))
    return adaptive_card(body, actions)


def acknowledged_card(policy: Policy) -> Element:
    """What replaces the card once the person has said so."""
    return adaptive_card(
        [
            rich_text(
                text_run("Thank you: recorded that you have read "),
                text_run(shorten(policy.document.title, 200), weight="bolder"),
                text_run(f" (version: {shorten(policy.version, 60)})."),
            )
        ]
    )
