"""Ask the board: the asker's consent card, the board's question card, and what the asker is
told back.

The consent card shows exactly what the board will see (the question, which the asker may edit
to take out personal details, the bot's answer and reading) before anything is shared. The
board's card lives in the governance channel, updated in place like the approval card; its
actions are for approvers only (`refresh.userIds`), and every click is checked again against
the authenticated activity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from cardkit.elements import (
    Element,
    adaptive_card,
    choice_set,
    container,
    execute,
    fact_set,
    input_text,
    input_toggle,
    rich_text,
    shorten,
    show_card,
    sub_card,
    text_block,
    text_run,
    with_refresh,
)
from forms import verbs
from knowledge import Policy, Verdict
from knowledge.register.rulings import as_sentence, short_date

from .approval import NoteLike, question_back_card, when
from .verdicts import LOOKS, verdict_banner

TEXT_LIMIT = 1000
QUESTION_LIMIT = 1000
STATUS_WORDS = {
    "waiting": "Waiting for someone to take it",
    "taken": "Being answered",
    "asked": "Waiting for the asker to reply",
    "answered": "Answered",
}
ANSWER_CHOICES = (
    ("Allowed", "allowed"),
    ("Allowed with conditions", "allowed_with_conditions"),
    ("Needs approval", "needs_approval"),
    ("Not allowed", "prohibited"),
    ("An answer about the policy (no verdict)", "information"),
)
NO_DATA = "none"


class QuestionLike(Protocol):
    """What the cards read from a board question (bot.records.models.BoardQuestion)."""

    reference: str
    created_at: datetime
    asker_name: str
    question: str
    note: str | None
    bot_verdict: str
    bot_answer: str
    bot_reading: dict[str, Any]
    status: str
    taken_by_name: str | None
    answer_verdict: str | None
    answer_text: str | None
    answer_clauses: list[str]
    answered_by_name: str | None
    answered_at: datetime | None
    ruling: bool
    ruling_tool: str | None
    ruling_purpose: str | None
    ruling_data: str | None
    withdrawn_at: datetime | None
    withdrawn_by_name: str | None
    withdrawn_reason: str | None


@dataclass(frozen=True)
class QuestionView:
    """Who is looking: approvers get the actions."""

    approver: bool
    approver_ids: Sequence[str] = ()
    notice: str = ""


def verdict_label(verdict: str | None) -> str:
    try:
        return LOOKS[Verdict(verdict or "")].label
    except ValueError:
        return "Answered"


def reading_facts(reading: dict[str, Any], policy: Policy) -> list[tuple[str, str]]:
    """What the bot read in the question, in the policy's words."""
    labels = {c.id: c.label for c in policy.document.data_classes}
    facts = []
    if reading.get("tool"):
        facts.append(("Tool", str(reading["tool"])))
    if reading.get("purpose"):
        facts.append(("Use", str(reading["purpose"])))
    data = [labels.get(str(d), str(d)) for d in reading.get("data") or []]
    facts.append(("Data", ", ".join(data) if data else "none found"))
    return facts


# -- the asker ---------------------------------------------------------------------------------
def consent_card(
    *,
    question: str,
    verdict: Verdict,
    reading: dict[str, Any],
    policy: Policy,
    answer_key: str,
    notice: str = "",
) -> Element:
    """What will be shared, editable, and the asker's consent: nothing leaves the chat until
    they press Send."""
    board = policy.document.organisation.governance_authority.name
    body: list[Element] = [
        text_block("Ask the board", size="large", weight="bolder", heading=True),
        text_block(
            f"{board[:1].upper()}{board[1:]} will see what is below and your name, so that "
            "they can answer you here. "
            "Take out anything that identifies a person: they don't need it to answer.",
        ),
    ]
    if notice:
        body.append(container([text_block(notice, weight="bolder")], style="warning"))
    body += [
        input_text(
            "question",
            label="Your question",
            value=shorten(question, QUESTION_LIMIT),
            max_length=QUESTION_LIMIT,
            multiline=True,
            required=True,
            error_message="Write the question for the board.",
        ),
        text_block("What I answered", weight="bolder", spacing="medium"),
        fact_set([("Answer", LOOKS[verdict].label), *reading_facts(reading, policy)]),
        input_text(
            "note",
            label="Anything the board should know? (optional)",
            max_length=TEXT_LIMIT,
            multiline=True,
        ),
    ]
    data = {"answer": answer_key}
    return adaptive_card(
        body,
        [
            execute("Send to the board", verbs.ASK_BOARD_SEND, data, style="positive"),
            execute("Cancel", verbs.ASK_BOARD_CANCEL, data),
        ],
    )


def sent_card(reference: str, question: str, policy: Policy, *, again: bool = False) -> Element:
    board = policy.document.organisation.governance_authority.name
    lead = "Already sent" if again else "Sent"
    return adaptive_card(
        [
            text_block(f"{lead} to {board} as {reference}", weight="bolder"),
            rich_text(text_run("You asked: ", is_subtle=True), text_run(question, italic=True)),
            text_block("I'll tell you here when they answer."),
        ]
    )


def cancelled_card() -> Element:
    return adaptive_card([text_block("Not sent: nothing was shared with the board.")])


def board_answer_card(row: QuestionLike, policy: Policy) -> Element:
    """Sent to the asker's chat when the board answers."""
    verdict = Verdict(row.answer_verdict or "information")
    body: list[Element] = [
        verdict_banner(verdict),
        text_block(f"The board answered your question {row.reference}", weight="bolder"),
        rich_text(text_run("You asked: ", is_subtle=True), text_run(row.question, italic=True)),
        rich_text(text_run(as_sentence(shorten(row.answer_text or "", TEXT_LIMIT)))),
    ]
    clauses = _clause_titles(row.answer_clauses, policy)
    if clauses:
        body.append(text_block("Clauses: " + clauses, is_subtle=True))
    by = row.answered_by_name or "an approver"
    body.append(
        text_block(f"Answered by {by} on {short_date(row.answered_at)}.", is_subtle=True)
        if row.answered_at
        else text_block(f"Answered by {by}.", is_subtle=True)
    )
    if row.ruling:
        body.append(
            text_block(
                "The board kept this as a ruling: questions about the same use now get this "
                "answer.",
            )
        )
    return adaptive_card(body)


def board_asks_card(reference: str, asked_by: str, question: str) -> Element:
    """The board's question back, in the asker's chat, with a box to reply."""
    return question_back_card(
        f"The board has a question about {reference}",
        asked_by,
        question,
        submit_data={"verb": verbs.BOARD_QUESTION_REPLY, "reference": reference},
        typed=f"answer {reference}: ",
        word="reply",
    )


# -- the board ---------------------------------------------------------------------------------
def question_card(
    row: QuestionLike, notes: Sequence[NoteLike], policy: Policy, view: QuestionView
) -> Element:
    """The question as the board sees it, with what the bot said; actions for approvers."""
    body: list[Element] = [_header(row, view)]
    if view.notice:
        body.append(container([text_block(view.notice, weight="bolder")], style="emphasis"))
    body += [
        text_block("The question", weight="bolder", spacing="small"),
        rich_text(text_run(shorten(row.question, QUESTION_LIMIT))),
    ]
    if row.note:
        body += [
            text_block("The asker adds", weight="bolder", spacing="small"),
            rich_text(text_run(shorten(row.note, TEXT_LIMIT))),
        ]
    bot = [
        text_block("What policybot answered", weight="bolder"),
        text_block(verdict_label(row.bot_verdict), weight="bolder", spacing="none"),
        rich_text(text_run(shorten(row.bot_answer, 300)), spacing="none"),
        fact_set(reading_facts(row.bot_reading, policy), spacing="small"),
    ]
    body.append(container(bot, style="emphasis", separator=True, spacing="medium"))
    body += _history(notes)
    body += _outcome(row, policy)
    actions: list[Element] = []
    if view.approver and _open(row):
        actions = _open_actions(row, policy)
    elif view.approver and _standing(row):
        actions = [_withdraw_action(row.reference)]
    card = adaptive_card(body, actions)
    if _open(row) or _standing(row):
        card = with_refresh(
            card, verbs.QUESTION_REFRESH, {"reference": row.reference}, view.approver_ids
        )
    return card


def _open(row: QuestionLike) -> bool:
    return row.status != "answered"


def _standing(row: QuestionLike) -> bool:
    return row.ruling and row.withdrawn_at is None


def _header(row: QuestionLike, view: QuestionView) -> Element:
    status = STATUS_WORDS.get(row.status, row.status)
    if row.status == "taken" and row.taken_by_name:
        status = f"Being answered by {row.taken_by_name}"
    lines = [
        text_block(f"Question for the board {row.reference}", size="large", weight="bolder"),
        text_block(status, weight="bolder", spacing="none"),
        rich_text(
            text_run("Asked by "),
            text_run(shorten(row.asker_name or "someone", 120), weight="bolder"),
            text_run(f" on {when(row.created_at)}"),
            spacing="none",
        ),
    ]
    if _open(row) and not view.approver:
        lines.append(text_block("Only the board's approvers can answer.", is_subtle=True))
    return container(lines, style="warning" if _open(row) else "good", bleed=True)


NOTE_KINDS = {"board_question": "The board asked", "asker_reply": "The asker replied"}


def _history(notes: Sequence[NoteLike]) -> list[Element]:
    if not notes:
        return []
    items: list[Element] = [text_block("Questions and replies", weight="bolder")]
    for note in list(notes)[-8:]:
        items.append(
            rich_text(
                text_run(f"{NOTE_KINDS.get(note.kind, 'Note')} ({shorten(note.author_name, 80)}, "),
                text_run(f"{when(note.created_at)}): ", is_subtle=True),
                text_run(shorten(note.text, 600)),
                spacing="small",
            )
        )
    return [container(items, separator=True, spacing="medium")]


def _outcome(row: QuestionLike, policy: Policy) -> list[Element]:
    if _open(row):
        return []
    items: list[Element] = [
        rich_text(
            text_run(f"{verdict_label(row.answer_verdict)}: answered by "),
            text_run(shorten(row.answered_by_name or "an approver", 120), weight="bolder"),
            text_run(f" on {when(row.answered_at)}."),
        ),
        rich_text(
            text_run(as_sentence(shorten(row.answer_text or "", TEXT_LIMIT))), spacing="small"
        ),
    ]
    clauses = _clause_titles(row.answer_clauses, policy)
    if clauses:
        items.append(text_block("Clauses: " + clauses, is_subtle=True))
    if row.ruling:
        items += [
            text_block(
                "Kept as a ruling: later questions about this use get this answer.",
                weight="bolder",
                spacing="small",
            ),
            fact_set(ruling_facts(row, policy), spacing="none"),
        ]
    if row.withdrawn_at is not None:
        why = f": {row.withdrawn_reason}" if row.withdrawn_reason else "."
        by = row.withdrawn_by_name or "an approver"
        items.append(
            text_block(
                f"Ruling withdrawn by {by} on {when(row.withdrawn_at)}{why}",
                weight="bolder",
            )
        )
    return [container(items, separator=True, spacing="medium")]


def ruling_facts(row: QuestionLike, policy: Policy) -> list[tuple[str, str]]:
    return [
        ("Tool", row.ruling_tool or "none named"),
        ("Use", shorten(row.ruling_purpose or "", 300)),
        ("Data", data_label(policy, row.ruling_data)),
    ]


def ruling_scope(row: QuestionLike, policy: Policy) -> str:
    """The ruling's scope on one line, for the list of rulings."""
    return "; ".join(f"{label}: {value}" for label, value in ruling_facts(row, policy))


def data_label(policy: Policy, data_id: str | None) -> str:
    for data_class in policy.document.data_classes:
        if data_class.id == data_id:
            return data_class.label
    return "no personal or sensitive data"


def _clause_titles(ids: Sequence[str], policy: Policy) -> str:
    titles = {s.id: s.title for s in policy.document.sections}
    return ", ".join(f"{i} {titles[i]}" if i in titles else i for i in ids)


def _open_actions(row: QuestionLike, policy: Policy) -> list[Element]:
    reference = {"reference": row.reference}
    actions: list[Element] = []
    if row.status == "waiting":
        actions.append(execute("I'll answer this", verbs.TAKE_QUESTION, reference))
    actions.append(show_card("Answer", _answer_form(row, policy)))
    ask = sub_card(
        [
            input_text(
                "question",
                label="Your question to the asker",
                max_length=TEXT_LIMIT,
                multiline=True,
                required=True,
                error_message="Your question is needed.",
            )
        ]
    )
    ask["actions"] = [execute("Send question", verbs.ASK_ASKER, reference)]
    actions.append(show_card("Ask them", ask))
    return actions


def _answer_form(row: QuestionLike, policy: Policy) -> Element:
    """The board's answer: a verdict, a short text, the clauses; and whether to keep it as a
    ruling, for which use (prefilled with what the bot read)."""
    sections = [(f"{s.id} {shorten(s.title, 60)}", s.id) for s in policy.document.sections]
    data_choices = [("No personal or sensitive data", NO_DATA)] + [
        (c.label, c.id) for c in policy.document.data_classes
    ]
    reading = row.bot_reading
    form = sub_card(
        [
            choice_set(
                "verdict",
                ANSWER_CHOICES,
                label="Answer",
                required=True,
                error_message="Choose the answer.",
            ),
            input_text(
                "text",
                label="Why, in a sentence or two (the asker reads this)",
                max_length=TEXT_LIMIT,
                multiline=True,
                required=True,
                error_message="Say why.",
            ),
            choice_set("clauses", sections, label="Clauses it rests on", multi_select=True),
            input_toggle(
                "ruling",
                "Keep as a ruling: answer later questions about this use the same way",
            ),
            input_text(
                "ruling_tool",
                label="Ruling: tool (empty for no tool named)",
                value=str(reading.get("tool") or ""),
                max_length=200,
            ),
            input_text(
                "ruling_purpose",
                label="Ruling: the use it covers",
                value=shorten(row.question, 300),
                max_length=300,
            ),
            choice_set(
                "ruling_data",
                data_choices,
                label="Ruling: the most sensitive data it covers",
                value=most_sensitive(reading, policy),
            ),
        ]
    )
    form["actions"] = [
        execute(
            "Send answer", verbs.ANSWER_QUESTION, {"reference": row.reference}, style="positive"
        )
    ]
    return form


def most_sensitive(reading: dict[str, Any], policy: Policy) -> str:
    """The data class the bot read that comes last in the policy's list (the policies list
    them from least to most sensitive), or none."""
    order = [c.id for c in policy.document.data_classes]
    found = [str(d) for d in reading.get("data") or [] if str(d) in order and d != "public"]
    return max(found, key=order.index) if found else NO_DATA


def _withdraw_action(reference: str) -> Element:
    form = sub_card(
        [input_text("reason", label="Why withdraw it?", max_length=TEXT_LIMIT, multiline=True)]
    )
    form["actions"] = [
        execute(
            "Withdraw ruling", verbs.WITHDRAW_RULING, {"reference": reference}, style="destructive"
        )
    ]
    return show_card("Withdraw ruling", form)


def rulings_card(rows: Sequence[QuestionLike], policy: Policy) -> Element:
    """The board's standing rulings, oldest first, each with who made it, when and why."""
    if not rows:
        return adaptive_card([text_block("The board has no standing rulings.")])
    items: list[Element] = [text_block("Standing rulings", weight="bolder", size="medium")]
    for row in rows[:30]:
        answered = short_date(row.answered_at) if row.answered_at else ""
        items.append(
            rich_text(
                text_run(f"{row.reference} ", weight="bolder"),
                text_run(f"{verdict_label(row.answer_verdict)} ({answered}, "),
                text_run(shorten(row.answered_by_name or "an approver", 80)),
                text_run("). "),
                text_run(shorten(ruling_scope(row, policy), 300)),
                text_run(". Why: " + shorten(row.answer_text or "", 300)),
                spacing="small",
            )
        )
    items.append(text_block('To withdraw one, type "withdraw BQ-0001: why".', is_subtle=True))
    return adaptive_card(items)
