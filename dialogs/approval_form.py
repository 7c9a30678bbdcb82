"""The approval request's form: its fields, how each is asked and explained (the policy's own
list of what a request must give), their limits, and the prefill from the question that led to
it. Pure: the dialog (approval_request_dialog.py) drives it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from botbuilder.core import TurnContext

import knowledge
from forms.drafts import ApprovalDraft, SubmittedApproval
from forms.intents import purpose_phrase

from .approval_cards import CANCEL, EDIT, SUBMIT
from .options import Prefill
from .options import strings as _strings
from .options import text as _text
from .prompts import Choice


@dataclass(frozen=True)
class ApprovalPrefill(Prefill):
    """What the question told us; every field optional. `data_classes` are policy data-class
    ids; ids the policy does not know are ignored."""

    tool: str = ""
    purpose: str = ""
    data_classes: tuple[str, ...] = ()
    question: str = ""

    @classmethod
    def from_decision(
        cls, decision: knowledge.Decision, question: str | None = None
    ) -> ApprovalPrefill:
        """The tool's name, the data classes found, and the purpose in the asker's words ("make
        posters for a library event"), or the policy's label for the purpose found."""
        question = decision.question if question is None else question
        tool = decision.tool.name if decision.tool else ""
        purpose = ""
        if decision.tool:
            purpose = purpose_phrase(question, decision.tool.matched) or purpose_phrase(
                question, tool
            )
        if not purpose and decision.purpose:
            purpose = decision.purpose.label
        return cls(tool, purpose, tuple(decision.data), question)

    @classmethod
    def from_card_data(cls, data: Mapping[str, Any], policy: knowledge.Policy) -> ApprovalPrefill:
        """From the answer card's "Request approval" button (bot.cards.actions), whose purpose
        is a policy purpose id."""
        question, tool = _text(data.get("question")), _text(data.get("tool"))
        purpose = purpose_phrase(question, tool)
        found = policy.purposes_by_id.get(_text(data.get("purpose")))
        if not purpose and found:
            purpose = found.label
        classes = data.get("data") or ()
        data_classes = _strings(classes)
        return cls(tool, purpose, data_classes, question)


Submit = Callable[[TurnContext, ApprovalDraft], Awaitable[SubmittedApproval]]


FIELDS = (
    "tool",
    "purpose",
    "data_description",
    "data_classification",
    "expected_output",
    "output_use",
    "justification",
)


class RequestState(TypedDict):
    """What the approval request keeps between turns (plain JSON in storage). A draft value of
    None means "not asked yet"; "" is a skipped justification."""

    request: str  # a key the request's card buttons carry
    question: str  # the question that led to the request
    known: list[str]  # fields filled from the question, shown and not asked
    editing: str | None  # the field being changed from the summary
    draft: dict[str, str | None]  # every field of FIELDS


SKIP_WORDS = frozenset({"skip", "no", "none", "nothing", "n/a", "na", "-", "no thanks", "nope"})


@dataclass(frozen=True, slots=True)
class Question:
    """One field of the request, declared once. `ask` and `why` may name {tool} and
    {approver}. `cues` find the item of the policy's approval.asks_for that the question
    answers (quoted in help); `words` are what a person might type to choose it when editing;
    `limit` is the characters a typed answer may have (the records' tool column holds 200)."""

    label: str
    ask: str
    why: str
    cues: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    limit: int | None = None


QUESTIONS = {
    "tool": Question(
        "Tool",
        "Which AI tool do you want approval for? Give its name, and the supplier if you know it.",
        "I need the name of the AI tool (and its supplier, if you know it), so that {approver} "
        "knows exactly which product they are approving and where your data would go.",
        ("tool", "system", "product"),
        ("name", "which tool", "product"),
        limit=100,
    ),
    "purpose": Question(
        "Purpose",
        'What do you want to use {tool} for? A sentence is enough, for example "make posters '
        'for a library event".',
        "Say what you want to use the tool for, in a sentence. Approval is for a tool and a use "
        "together: the same tool can be fine for one job and not for another.",
        ("purpose", "use it for"),
        ("use", "what for", "purpose of use"),
        limit=500,
    ),
    "data_description": Question(
        "Type of data",
        'What kind of information will you put into it? For example "published reports", '
        '"recordings of meetings with {people}" or "nothing but my own prompts".',
        "Describe, in your own words, the information you would put into the tool. The kind of "
        "data decides the safeguards: personal or confidential information needs more, often a "
        "data protection impact assessment (DPIA).",
        ("data",),
        ("data", "information", "type of data", "kind of data", "data type"),
        limit=300,
    ),
    "data_classification": Question(
        "Data classification",
        "Choose the most sensitive kind of information that would go into {tool}.",
        "Choose the most sensitive kind of information that would go in, from the list or by "
        "its number. The classification tells {approver} which rules and checks apply.",
        ("classification", "sensitive", "data"),
        ("classification", "sensitivity", "how sensitive", "data class"),
    ),
    "expected_output": Question(
        "Expected output",
        'What do you expect {tool} to produce? For example "poster images" or "a summary of '
        'each meeting".',
        "Say what the tool would produce: text, images, a summary, code... The kind of output "
        "decides which risks to check, such as errors, bias or copyright.",
        ("expected output", "comes out"),
        ("output", "result", "what it produces"),
        limit=500,
    ),
    "output_use": Question(
        "How the output will be used or shared",
        'How will the output be used or shared, and who will see it? For example "printed and '
        'displayed in the library" or "emailed to my team".',
        "Say how the output will be used or shared and who will see it. Output that reaches the "
        "public, or that informs decisions about people, needs more care: human review and "
        "saying that AI was used.",
        ("used or distributed", "distributed", "shared", "review the output"),
        ("use of output", "sharing", "shared", "distribution", "who will see it", "used"),
        limit=500,
    ),
    "justification": Question(
        "Business justification",
        "Anything else {approver} should know, such as why you need this tool rather than one "
        'that is already approved? This is optional: type it, or "skip".',
        "Optional: why you need this tool, or the benefit it would bring. It helps {approver} "
        'decide. Type it, or "skip" to leave it out.',
        ("justif", "benefit", "needs and objectives"),
        ("justification", "reason", "why", "business case"),
        limit=1000,
    ),
    "summary": Question(
        "Summary",
        "",
        'Check the details on the summary card. "submit" sends the request to {approver}; '
        '"edit" changes one answer and brings you back here; "cancel" stops and sends nothing.',
    ),
    "edit": Question(
        "Edit",
        "",
        "Choose which answer to change, with a button or by its number. I'll ask only that "
        "question again and then show you the summary.",
    ),
}
# Characters allowed in each typed answer, from the fields above.
LIMITS = {name: q.limit for name, q in QUESTIONS.items() if q.limit is not None}


def summary_choices() -> list[Choice]:
    return [
        Choice(SUBMIT, ("send", "send it", "yes", "confirm", "submit request", "ok")),
        Choice(EDIT, ("change", "amend", "edit an answer")),
        Choice(CANCEL, ("cancel request",)),
    ]


def policy_asks(policy: knowledge.Policy, field: str) -> str:
    """The item of the policy's approval.asks_for that this question answers, or ""."""
    items = policy.document.approval.asks_for
    for cue in QUESTIONS[field].cues if field in QUESTIONS else ():
        for item in items:
            if cue in item.lower():
                return item
    return ""
