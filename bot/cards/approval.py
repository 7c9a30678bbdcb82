"""The governance board's approval card, and the requester's notices about it.

One card per request lives in the board's channel and is updated in place as the request moves
on. It is posted read-only; `refresh.userIds` makes Teams fetch the approver's view (with the
Approve / Approve with conditions / Ask for more information / Reject actions) for approvers
only, and the bot checks the clicker's identity again at click time, from the authenticated
activity, never from card data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from cardkit.elements import (
    ActionStyle,
    ContainerStyle,
    Element,
    adaptive_card,
    container,
    execute,
    input_text,
    rich_text,
    shorten,
    show_card,
    sub_card,
    submit,
    text_block,
    text_run,
    with_refresh,
)
from forms import verbs
from knowledge import Decision, Policy
from knowledge.decision import use_phrase

from .verdicts import LOOKS

VERB_APPROVE = verbs.APPROVE
VERB_APPROVE_WITH_CONDITIONS = verbs.APPROVE_WITH_CONDITIONS
VERB_MORE_INFO = verbs.MORE_INFO
VERB_REJECT = verbs.REJECT
VERB_REFRESH = verbs.APPROVAL_REFRESH
VERB_ANSWER = verbs.APPROVAL_ANSWER  # the requester's answer to "ask for more information"
BOARD_VERBS = verbs.BOARD

TEXT_LIMIT = 1000  # characters a board member may type into one input
FIELD_LIMIT = 1200
NOTES_SHOWN = 8
LONDON = ZoneInfo("Europe/London")

DECISION_WORDS = {
    "approved": "Approved",
    "approved_with_conditions": "Approved with conditions",
    "rejected": "Rejected",
}
STATUS_WORDS = {
    "pending": "Waiting for a decision",
    "more_info_requested": "Waiting for the requester to answer a question",
}


class RequestLike(Protocol):
    """What the card reads from an approval request (bot.records.models.ApprovalRequest)."""

    reference: str
    created_at: datetime
    requester_name: str
    tool: str
    purpose: str
    data_description: str
    data_classification: str
    expected_output: str
    output_use: str
    justification: str | None
    status: str
    decision: str | None
    decided_at: datetime | None
    conditions: str | None
    comments: str | None


class NoteLike(Protocol):
    created_at: datetime
    author_name: str
    kind: str
    text: str


@dataclass(frozen=True)
class BoardView:
    """Who is looking: approvers get the actions; `decided_by_name` is resolved by the caller."""

    approver: bool
    approver_ids: Sequence[str] = ()
    decided_by_name: str = ""
    notice: str = ""  # one line for the person who clicked ("AR-0001 was already decided")


def when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(LONDON).strftime("%a %d %b %Y, %H:%M").replace(" 0", " ")


def approval_card(
    request: RequestLike,
    notes: Sequence[NoteLike],
    policy: Policy,
    decision: Decision,
    view: BoardView,
) -> Element:
    """The request as the board sees it. `decision` is the engine's answer to the request as
    asked, without the register (so the board sees what the policy itself says)."""
    reference = {"reference": request.reference}
    body = [
        _header(request, view),
        *_fields(request, policy),
        *_policy_view(decision, policy),
        *_history(notes),
        *_outcome(request, view),
    ]
    if view.notice:
        body.insert(1, container([text_block(view.notice, weight="bolder")], style="emphasis"))
    actions = _actions(request.reference) if view.approver and _open(request) else []
    card = adaptive_card(body, actions)
    if _open(request):
        card = with_refresh(card, VERB_REFRESH, reference, view.approver_ids)
    return card


def _open(request: RequestLike) -> bool:
    return request.status in STATUS_WORDS


def _header(request: RequestLike, view: BoardView) -> Element:
    style: ContainerStyle
    if _open(request):
        status, style = STATUS_WORDS[request.status], "warning"
    else:
        status = DECISION_WORDS.get(request.decision or "", "Decided")
        style = "attention" if request.decision == "rejected" else "good"
    lines = [
        text_block(f"Approval request {request.reference}", size="large", weight="bolder"),
        text_block(status, weight="bolder", spacing="none"),
        rich_text(
            text_run("Requested by "),
            text_run(shorten(request.requester_name or "someone", 120), weight="bolder"),
            text_run(f" on {when(request.created_at)}"),
            spacing="none",
        ),
    ]
    if _open(request) and not view.approver:
        lines.append(text_block("Only the board's approvers can decide.", is_subtle=True))
    return container(lines, style=style, bleed=True)


def _field(label: str, value: str | None) -> list[Element]:
    if not value:
        return []
    return [
        text_block(label, weight="bolder", spacing="small"),
        rich_text(text_run(shorten(value, FIELD_LIMIT)), spacing="none"),
    ]


def _classification(policy: Policy, class_id: str) -> str:
    for data_class in policy.document.data_classes:
        if data_class.id == class_id:
            return data_class.label
    return "No sensitive data" if class_id in ("", "none") else class_id


def _fields(request: RequestLike, policy: Policy) -> list[Element]:
    return [
        *_field("Tool", request.tool),
        *_field("Purpose", request.purpose),
        *_field("Data", request.data_description),
        *_field("Data classification", _classification(policy, request.data_classification)),
        *_field("Expected output", request.expected_output),
        *_field("How the output will be used or shared", request.output_use),
        *_field("Business justification", request.justification),
    ]


def _policy_view(decision: Decision, policy: Policy) -> list[Element]:
    look = LOOKS[decision.verdict]
    clauses = ", ".join(f"{c.id} {c.title}" for c in decision.citations[:6])
    items = [
        text_block("What the policy says", weight="bolder"),
        text_block(look.label, weight="bolder", spacing="none"),
        rich_text(text_run(shorten(decision.answer, 600)), spacing="none"),
    ]
    if clauses:
        items.append(rich_text(text_run("Clauses: " + shorten(clauses, 400)), spacing="small"))
    return [container(items, style="emphasis", separator=True, spacing="medium")]


NOTE_KINDS = {
    "board_question": "The board asked",
    "requester_answer": "The requester answered",
}


def _history(notes: Sequence[NoteLike]) -> list[Element]:
    shown = list(notes)[-NOTES_SHOWN:]
    if not shown:
        return []
    items: list[Element] = [text_block("Questions and answers", weight="bolder")]
    for note in shown:
        lead = NOTE_KINDS.get(note.kind, "Note")
        items.append(
            rich_text(
                text_run(f"{lead} ({shorten(note.author_name or 'someone', 80)}, "),
                text_run(f"{when(note.created_at)}): ", is_subtle=True),
                text_run(shorten(note.text, 600)),
                spacing="small",
            )
        )
    return [container(items, separator=True, spacing="medium")]


def _outcome(request: RequestLike, view: BoardView) -> list[Element]:
    if _open(request):
        return []
    words = DECISION_WORDS.get(request.decision or "", "Decided")
    by = view.decided_by_name or "an approver"
    items = [
        rich_text(
            text_run(f"{words} by "),
            text_run(shorten(by, 120), weight="bolder"),
            text_run(f" on {when(request.decided_at)}."),
        )
    ]
    label = "Reason" if request.decision == "rejected" else "Conditions"
    items += _field(label, request.conditions)
    items += _field("Comments", request.comments if request.comments != request.conditions else "")
    return [container(items, separator=True, spacing="medium")]


def _with_input(title: str, verb: str, reference: str, input_id: str, label: str) -> Element:
    card = sub_card(
        [
            input_text(
                input_id,
                label=label,
                max_length=TEXT_LIMIT,
                multiline=True,
                required=True,
                error_message=f"{label} is needed.",
            )
        ]
    )
    style: ActionStyle | None = "destructive" if verb == VERB_REJECT else None
    card["actions"] = [execute(title, verb, {"reference": reference}, style=style)]
    return show_card(title, card)


def _actions(reference: str) -> list[Element]:
    return [
        execute("Approve", VERB_APPROVE, {"reference": reference}, style="positive"),
        _with_input(
            "Approve with conditions",
            VERB_APPROVE_WITH_CONDITIONS,
            reference,
            "conditions",
            "Conditions",
        ),
        _with_input(
            "Ask for more information", VERB_MORE_INFO, reference, "question", "Your question"
        ),
        _with_input("Reject", VERB_REJECT, reference, "reason", "Reason"),
    ]


def question_for_requester_card(reference: str, asked_by: str, question: str) -> Element:
    """Sent to the requester's 1:1 chat: the board's question, and a box to answer it."""
    return question_back_card(
        f"A question about your request {reference}",
        asked_by,
        question,
        submit_data={"verb": VERB_ANSWER, "reference": reference},
        typed=f"answer {reference}: ",
    )


def question_back_card(
    title: str,
    asked_by: str,
    question: str,
    *,
    submit_data: dict[str, Any],
    typed: str,
    word: str = "answer",
) -> Element:
    """The board's question in a person's 1:1 chat, with a box to `word` it (the box's value
    arrives as "answer") and the command that does the same when typed."""
    form = sub_card(
        [
            input_text(
                "answer",
                label=f"Your {word}",
                max_length=TEXT_LIMIT,
                multiline=True,
                required=True,
                error_message=f"Type your {word} first.",
            )
        ]
    )
    form["actions"] = [submit(f"Send {word}", submit_data)]
    return adaptive_card(
        [
            text_block(title, weight="bolder"),
            rich_text(
                text_run(shorten(asked_by or "The board", 120), weight="bolder"),
                text_run(" asks: "),
                text_run(shorten(question, TEXT_LIMIT)),
            ),
            text_block(
                f'{word.capitalize()} below, or type "{typed}" followed by your {word}.',
                is_subtle=True,
            ),
        ],
        [show_card(word.capitalize(), form)],
    )


def decision_notice_text(request: RequestLike, decided_by: str) -> str:
    """What the requester is told in their chat when the board decides."""
    words = DECISION_WORDS.get(request.decision or "", "Decided").lower()
    text = f"Your request {request.reference} to use {request.tool} was {words} by {decided_by}."
    if request.decision == "approved_with_conditions" and request.conditions:
        text += f"\n\nConditions: {request.conditions}"
    elif request.decision == "rejected" and request.conditions:
        text += f"\n\nReason: {request.conditions}"
    if request.decision != "rejected":
        text += "\n\nIt is now in the organisation's register, so my answers about it include it."
    return text


def summary_line(request: RequestLike, now: datetime) -> str:
    """One line for "pending requests" and reminders."""
    days = max(0, (now - request.created_at).days)
    waited = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
    return (
        f"{request.reference}: {request.tool} {use_phrase(shorten(request.purpose, 80))} ({waited})"
    )


def pending_card(requests: Sequence[RequestLike], now: datetime, title: str) -> Element:
    """A list of open requests, oldest first; each line is person-typed text, so TextRuns."""
    if not requests:
        return adaptive_card([text_block("No approval requests are waiting.")])
    lines: list[Element] = [text_block(title, weight="bolder", size="medium")]
    for request in requests[:30]:
        status = STATUS_WORDS.get(request.status, request.status)
        lines.append(rich_text(text_run(summary_line(request, now)), text_run(f" · {status}")))
    if len(requests) > 30:
        lines.append(text_block(f"... and {len(requests) - 30} more.", is_subtle=True))
    return adaptive_card(lines)


def card_data(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
