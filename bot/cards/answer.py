"""The answer card: verdict banner, plain answer, reasons, duties, clauses and next steps."""

from __future__ import annotations

from dataclasses import dataclass

from cardkit.elements import (
    Element,
    adaptive_card,
    card_size,
    rich_text,
    shorten,
    show_card,
    sub_card,
    text_block,
    text_run,
)
from knowledge import Decision, Policy, Verdict
from knowledge.decision import Citation, Duty, Reason

from .actions import (
    ask_button,
    follow_up_question,
    help_button,
    report_incident_button,
    request_approval_button,
)
from .verdicts import verdict_banner

SHOW_CLAUSES = "Show clause text"
# A bullet shares its text's run (one run, not two, per item: ~0.5 KB less JSON per card); only
# a duty keeps it apart, so that the bullet is not bold with the duty's label.
BULLET = "•  "

# Teams refuses a message over about 28 KB; the rest of the activity needs some of that.
CARD_BUDGET = 24 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Characters (not bytes) allowed for each piece of a card, and how many pieces."""

    question: int
    answer: int
    text: int  # each condition, reason, duty and "instead"
    items: int  # conditions, reasons and duties, each
    name: int  # each tool name, label, clause title and the policy's title
    clause: int  # each clause's text under "Show clause text"; 0 leaves the clause text out
    clauses: int


# Tried in turn until the card fits CARD_BUDGET; the last fits whatever the policy says.
LIMITS = (
    Limits(question=1000, answer=2000, text=600, items=8, name=120, clause=800, clauses=8),
    Limits(question=400, answer=1000, text=300, items=5, name=80, clause=300, clauses=5),
    Limits(question=100, answer=250, text=100, items=2, name=40, clause=0, clauses=2),
)


def answer_card(decision: Decision, policy: Policy) -> Element:
    """The decision as an Adaptive Card 1.5. Long questions and long policy text are shortened
    (at a word, with an ellipsis) until the card is under CARD_BUDGET bytes."""
    for limits in LIMITS:
        card = build_answer_card(decision, policy, limits)
        if card_size(card) <= CARD_BUDGET:
            break
    return card


def build_answer_card(decision: Decision, policy: Policy, limits: Limits) -> Element:
    question = shorten(decision.question, limits.question)
    body = [
        verdict_banner(decision.verdict),
        _asked(decision, question, limits),
        rich_text(text_run(shorten(decision.answer, limits.answer)), spacing="medium"),
        *_recognised(decision, policy, limits),
        *_details(decision, limits),
        _source(policy, limits),
    ]
    return adaptive_card(body, _actions(decision, policy, question, limits))


def _asked(decision: Decision, question: str, limits: Limits) -> Element:
    """What was asked; for a follow-up (a quick reply among them), the question it follows
    first, so that "yes, a person makes the decision" is shown with what it answers."""
    runs = [text_run("You asked: ", is_subtle=True)]
    if decision.follow_up_of:
        earlier = shorten(decision.follow_up_of[-1], limits.question)
        runs += [text_run(earlier, italic=True), text_run(" then: ", is_subtle=True)]
    return rich_text(*runs, text_run(question, italic=True))


def _actions(decision: Decision, policy: Policy, question: str, limits: Limits) -> list[Element]:
    incident_first = decision.next_step == "report_incident"
    actions: list[Element] = []
    if decision.verdict == Verdict.NEEDS_APPROVAL:
        actions.append(
            request_approval_button(
                question,
                tool=shorten(decision.tool.name, limits.name) if decision.tool else None,
                purpose=decision.purpose.id if decision.purpose else None,
                data=decision.data,
            )
        )
    if incident_first:
        actions.append(report_incident_button(question, primary=True))
    if decision.choices:  # quick replies to the clarifying question, read as its follow-ups
        actions += [ask_button(choice.text, choice.title) for choice in decision.choices]
    elif follow_up := follow_up_question(decision):
        actions.append(ask_button(follow_up))
    elif decision.verdict == Verdict.UNCLEAR:
        actions.append(help_button())
    if clauses := _clause_texts(decision.citations, policy, limits):
        actions.append(show_card(SHOW_CLAUSES, sub_card(clauses)))
    if not incident_first:
        actions.append(report_incident_button(question))
    return actions


def _details(decision: Decision, limits: Limits) -> list[Element]:
    """Conditions, reasons, alternative, duties and clauses, each under its own heading."""
    n = limits.items
    instead = [decision.instead] if decision.instead else []
    return [
        *_section("Conditions", [_bullet(text, limits) for text in decision.conditions[:n]]),
        *_section("Why", [_reason(reason, limits) for reason in decision.reasons[:n]]),
        *_section("What you could do instead", [_bullet(text, limits) for text in instead]),
        *_section("Your duties", [_duty(duty, limits) for duty in decision.obligations[:n]]),
        *_section(
            "Policy clauses",
            [
                _bullet(_clause_label(c), limits, short=True)
                for c in decision.citations[: limits.clauses]
            ],
        ),
    ]


def _recognised(decision: Decision, policy: Policy, limits: Limits) -> list[Element]:
    """What the answer was read from: the tool, the use and the data, so a misreading shows."""
    lines: list[tuple[str, str]] = []
    if decision.tool:
        listed = "" if decision.tool.listed else " (not listed in the policy)"
        lines.append(("Tool: ", decision.tool.name + listed))
    if decision.purpose:
        lines.append(("Use: ", decision.purpose.label))
    if decision.data:
        labels = [_data_label(policy, data_id) for data_id in decision.data]
        lines.append(("Data: ", ", ".join(labels)))
    return [
        rich_text(
            text_run(label, is_subtle=True), text_run(shorten(value, limits.name)), spacing="small"
        )
        for label, value in lines
    ]


def _data_label(policy: Policy, data_id: str) -> str:
    data_class = policy.data_classes.get(data_id)
    return data_class.label if data_class else data_id.replace("_", " ")


def _section(heading: str, paragraphs: list[Element]) -> list[Element]:
    if not paragraphs:
        return []
    title = text_block(heading, weight="bolder", heading=True, spacing="medium", separator=True)
    return [title, *paragraphs]


def _bullet(text: str, limits: Limits, *, short: bool = False) -> Element:
    text = shorten(text, limits.name if short else limits.text)
    return rich_text(text_run(BULLET + text), spacing="small")


def _reason(reason: Reason, limits: Limits) -> Element:
    runs = [text_run(BULLET + shorten(reason.text, limits.text))]
    if reason.cites:
        runs.append(text_run(f"  ({', '.join(reason.cites)})", is_subtle=True))
    return rich_text(*runs, spacing="small")


def _duty(duty: Duty, limits: Limits) -> Element:
    runs = [
        text_run(BULLET),
        text_run(shorten(duty.label, limits.name), weight="bolder"),
        text_run(": " + shorten(duty.text, limits.text)),
    ]
    if duty.cites:
        runs.append(text_run(f"  ({', '.join(duty.cites)})", is_subtle=True))
    return rich_text(*runs, spacing="small")


def _clause_label(citation: Citation) -> str:
    """ "7.2 Prohibited uses"; a clause numbered by its name ("AI misuse") is shown once."""
    if not citation.title or citation.title == citation.id:
        return citation.id
    return f"{citation.id} {citation.title}"


def _clause_texts(citations: tuple[Citation, ...], policy: Policy, limits: Limits) -> list[Element]:
    if limits.clause <= 0:
        return []
    sections = {section.id: section for section in policy.document.sections}
    elements: list[Element] = []
    for citation in citations[: limits.clauses]:
        section = sections.get(citation.id)
        if section is None or not section.text.strip():
            continue
        label = shorten(_clause_label(citation), limits.name)
        elements.append(rich_text(text_run(label, weight="bolder")))
        elements.append(rich_text(text_run(shorten(section.text, limits.clause)), spacing="none"))
    return elements


def _source(policy: Policy, limits: Limits) -> Element:
    document = policy.document
    title = shorten(f"{document.title} (version {document.version})", limits.name)
    return rich_text(
        text_run("Answered from ", is_subtle=True),
        text_run(title, is_subtle=True),
        spacing="medium",
        separator=True,
    )
