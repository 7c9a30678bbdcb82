"""The approval request's cards: the opening, each choice, the summary and the confirmation.

Built from cardkit.elements as plain JSON. Fixed wording goes in TextBlocks; everything a
person typed or a policy's author wrote goes in TextRuns (shown as written, never markdown) or
in a button's title. Every button is an Action.Submit whose data is

    {"verb": "approval_reply", "request": <request id>, "field": <question>, "choice": <value>}

so the dialog can tell a button on the current card from one on an earlier card.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cardkit.elements import (
    Element,
    action_set,
    adaptive_card,
    choice_set,
    rich_text,
    shorten,
    submit,
    text_block,
    text_run,
)
from forms import verbs
from knowledge import Policy
from knowledge.schema import DataClass

from .card_parts import Row, cut, fitted, row_block
from .prompts import Choice

VERB = verbs.APPROVAL_REPLY
# Teams refuses a message over about 28 KB; the rest of the activity needs some of that.
# Tried in turn until a card fits CARD_BUDGET: no limit first, so ordinary answers are shown whole.
TEXT_LIMITS = (None, 300, 100, 40)
BUTTON_TITLE = 40

SUBMIT, EDIT, CANCEL = "submit", "edit", "cancel"
CHOSEN = "chosen"  # the Continue button's choice: the one picked is in the card's input
CLASSIFICATION_INPUT = "classification"
NONE = "none"  # data_classification when nothing sensitive goes in and the policy has no class
NOTHING_SENSITIVE = "nothing personal, confidential or sensitive"


@dataclass(frozen=True, slots=True)
class Option:
    """A choice: `title` on its button, `detail` (if any) in the numbered list above them."""

    choice: str
    title: str
    detail: str = ""


def reply_data(request: str, field: str, choice: str) -> dict[str, str]:
    return {"verb": VERB, "request": request, "field": field, "choice": choice}


def intro_card(
    approver: str, question: str, known: Sequence[Row], asks_for: Sequence[str]
) -> Element:
    """What the request is, who decides, and what we already know from the question."""

    def build(limit: int | None) -> Element:
        body = [
            text_block("Request approval", heading=True, weight="bolder", size="medium"),
            rich_text(
                text_run("This request goes to "),
                text_run(cut(approver, limit)),
                text_run(", who decides. I'll ask only for what I don't know yet."),
            ),
        ]
        if question:
            body.append(
                rich_text(text_run("You asked: ", is_subtle=True), text_run(cut(question, limit)))
            )
        if known:
            body.append(text_block("From your question", weight="bolder", spacing="medium"))
            body += [row_block(row, limit) for row in known]
        if asks_for:
            body.append(text_block("The policy asks for", weight="bolder", spacing="medium"))
            body += [
                rich_text(text_run("•  "), text_run(cut(item, limit)), spacing="small")
                for item in asks_for
            ]
        body.append(
            text_block(
                'Type "help" at any step to see why it is asked, or "cancel" to stop.',
                is_subtle=True,
                spacing="medium",
            )
        )
        return adaptive_card(body)

    return fitted(build, TEXT_LIMITS)


def choice_card(
    heading: str,
    lead: Iterable[Element],
    options: Sequence[Option],
    *,
    request: str,
    field: str,
    numbered: bool = True,
) -> Element:
    """A question answered by a button, one button per row (Teams shows at most six buttons in a
    row). `lead` is rich text under the heading; with `numbered`, options are listed with their
    numbers and details so they can be typed."""
    lead = list(lead)
    # The list is worth showing only if it says more than the buttons do.
    listed = numbered and any(o.detail.lower() not in ("", o.title.lower()) for o in options)

    def build(limit: int | None) -> Element:
        body = [text_block(heading, heading=True, weight="bolder"), *lead]
        for n, option in enumerate(options, 1):
            if listed:
                body.append(
                    rich_text(
                        text_run(f"{n}. ", weight="bolder"),
                        text_run(cut(option.detail or option.title, limit)),
                        spacing="small",
                    )
                )
        for n, option in enumerate(options, 1):
            title = shorten(option.title, BUTTON_TITLE)
            button = submit(f"{n}. {title}" if numbered else title, _data(option))
            body.append(action_set([button], spacing="small"))
        return adaptive_card(body)

    def _data(option: Option) -> dict[str, str]:
        return reply_data(request, field, option.choice)

    return fitted(build, TEXT_LIMITS)


def classification_card(
    heading: str, lead: Iterable[Element], options: Sequence[Option], *, request: str, field: str
) -> Element:
    """The kinds of information as one list, each whole and numbered (so it can be typed),
    least sensitive first; Continue sends the one picked. Buttons would cut the longer kinds
    short, and a list above them would say everything twice."""

    def whole(option: Option) -> str:
        text = option.detail or option.title  # a policy's label: "personal data (e.g. ...)"
        return text[:1].upper() + text[1:]

    choices = [(f"{n}. {whole(o)}", o.choice) for n, o in enumerate(options, 1)]
    body = [
        text_block(heading, heading=True, weight="bolder"),
        *lead,
        choice_set(
            CLASSIFICATION_INPUT,
            choices,
            label="The most sensitive kind that would go in",
            expanded=True,
            required=True,
            error_message="Choose one, or type its number.",
        ),
    ]
    return adaptive_card(body, [submit("Continue", reply_data(request, field, CHOSEN))])


def summary_card(approver: str, rows: Sequence[Row], *, request: str) -> Element:
    """Everything the request will say, with Submit, Edit an answer and Cancel."""

    def build(limit: int | None) -> Element:
        body = [
            text_block("Check your approval request", heading=True, weight="bolder", size="medium"),
            rich_text(text_run("It will go to "), text_run(cut(approver, limit)), text_run(".")),
            *[row_block(row, limit) for row in rows],
            text_block('Or type "submit", "edit" or "cancel".', is_subtle=True, spacing="medium"),
        ]
        actions = [
            submit("Submit request", reply_data(request, "summary", SUBMIT), style="positive"),
            submit("Edit an answer", reply_data(request, "summary", EDIT)),
            submit("Cancel", reply_data(request, "summary", CANCEL)),  # it keeps the draft
        ]
        return adaptive_card(body, actions)

    return fitted(build, TEXT_LIMITS)


def submitted_card(reference: str, decided_by: str, next_steps: str, tool: str) -> Element:
    """The confirmation: the reference to quote, who decides, and what happens next."""

    def build(limit: int | None) -> Element:
        body = [
            text_block("Approval request sent", heading=True, weight="bolder"),
            rich_text(
                text_run("Your request to use "),
                text_run(cut(tool, limit)),
                text_run(" has the reference "),
                text_run(reference, weight="bolder"),
                text_run(". Quote it if you ask about the request."),
            ),
            row_block(Row("Who decides", decided_by), limit),
            row_block(Row("What happens next", next_steps), limit),
            text_block(
                "Don't use the tool for this work until you hear that it is approved.",
                spacing="medium",
            ),
        ]
        return adaptive_card(body)

    return fitted(build, TEXT_LIMITS)


def classification_options(policy: Policy) -> list[tuple[Option, Choice]]:
    """The policy's own data classes as choices, least sensitive first: its public class as
    "Only public information" (or, if it has none, a "None of these" choice worth NONE), then
    internal, other business information, and personal data, the kinds that imply most last."""
    classes = policy.document.data_classes
    public = next((c for c in classes if _is_public(c.id)), None)

    def sensitivity(data_class: DataClass) -> tuple[bool, bool, int, bool]:
        special = "sensitive" in data_class.id or "special" in data_class.id
        implied = len(policy.implied.get(data_class.id, ()))
        return (data_class.personal, special, implied, data_class.id != "internal")

    others = sorted((c for c in classes if c is not public), key=sensitivity)
    nothing = ("none", "none of these", "nothing sensitive", "no sensitive data", "public only")
    if public is not None:
        head = _head(public.label)
        option = Option(
            public.id,
            f"Only {head[0].lower()}{head[1:]}",
            f"{public.label} only: {NOTHING_SENSITIVE}",
        )
        found = [(option, Choice(public.id, (public.label, head, *nothing)))]
    else:
        option = Option(NONE, "None of these", f"None of these: {NOTHING_SENSITIVE}")
        found = [(option, Choice(NONE, nothing))]
    found += [
        (Option(c.id, _head(c.label), c.label), Choice(c.id, (c.label, _head(c.label))))
        for c in others
    ]
    return found


def _is_public(class_id: str) -> bool:
    return class_id == "public" or class_id.startswith("public_")


def _head(label: str) -> str:
    """ "sensitive personal data (e.g. ...)" as a button title: "Sensitive personal data"."""
    head = label.split(" (", 1)[0].strip() or label
    return head[0].upper() + head[1:]
