"""The answer card: the verdict, why, and what to do, at a glance; the rest under Details."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cardkit.elements import (
    Element,
    Spacing,
    action_set,
    adaptive_card,
    card_size,
    container,
    rich_text,
    shorten,
    text_block,
    text_run,
    toggle_visibility,
)
from knowledge import Decision, Policy, Verdict
from knowledge.decision import Citation, Duty, Reason, use_phrase
from knowledge.register import REGISTER_RULE

from .actions import (
    ask_button,
    follow_up_question,
    help_button,
    report_incident_button,
    request_approval_button,
)
from .feedback import FeedbackView, ask_board_button, feedback_section
from .verdicts import verdict_banner

SHOW_CLAUSES = "Show clause text"
# A bullet shares its text's run (one run, not two, per item: ~0.5 KB less JSON per card); only
# a duty keeps it apart, so that the bullet is not bold with the duty's label.
BULLET = "•  "

MAX_ACTIONS = 6
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
    Limits(question=1000, answer=2000, text=600, items=8, name=120, clause=400, clauses=8),
    Limits(question=400, answer=1000, text=300, items=5, name=80, clause=240, clauses=5),
    Limits(question=100, answer=250, text=100, items=2, name=40, clause=0, clauses=2),
)


def answer_card(
    decision: Decision, policy: Policy, feedback: FeedbackView | None = None
) -> Element:
    """The decision as an Adaptive Card 1.5. Long questions and long policy text are shortened
    (at a word, with an ellipsis) until the card is under CARD_BUDGET bytes. With `feedback`
    (an answer the bot recorded) the card asks "Was this right?" and offers the board."""
    for limits in LIMITS:
        card = build_answer_card(decision, policy, limits, feedback)
        if card_size(card) <= CARD_BUDGET:
            break
    return card


DETAILS = "Details"
DETAILS_ID = "details"
CLAUSE_TEXT_ID = "clause-text"
# What the first view holds besides the verdict and the reason: the conditions of a yes (it is
# only a yes while they hold), each shortened to a line or two.
FIRST_VIEW_CONDITIONS = 3
FIRST_VIEW_TEXT = 240


def build_answer_card(
    decision: Decision, policy: Policy, limits: Limits, feedback: FeedbackView | None = None
) -> Element:
    """First view: the verdict, one sentence saying why with its clause, what to do (the
    conditions of a yes, the way round a no, who to ask) and the next steps as buttons.
    Everything else is under Details, and nothing is said twice."""
    question = shorten(decision.question, limits.question)
    first, later = _first_view(decision, policy, limits)
    shown = " ".join(run_texts_of(first))
    followed = _followed(decision, limits)
    asked = [] if followed else [_asked(question)]
    details = [*asked, *later, *_details(decision, policy, limits, shown)]
    body = [verdict_banner(decision.verdict, decision.doubt is not None), *followed, *first]
    if details:
        body.append(container(details, id=DETAILS_ID, hidden=True, spacing="medium"))
    actions = _actions(decision, policy, question, limits, bool(details))
    if feedback is not None:
        if feedback.can_ask_board and decision.verdict == Verdict.UNCLEAR:
            # the bot could not tell: a person who can is the next step, so it leads
            feedback = replace(feedback, board_in_actions=True)
            actions.insert(0, ask_board_button(feedback.answer_key, prominent=True))
        body.append(feedback_section(feedback))
    # Teams shows at most six of a card's actions (its host config's maxActions); the last,
    # "Report an incident" when it is not the answer's next step, is also on the help card.
    return adaptive_card(body, actions[:MAX_ACTIONS])


def _first_view(
    decision: Decision, policy: Policy, limits: Limits
) -> tuple[list[Element], list[Element]]:
    """What is seen before Details, and what of the same kind waits under it."""
    if decision.verdict in (Verdict.INFORMATION, Verdict.UNCLEAR):
        # the answer is the content: what the policy says, or the question asked back
        return [_paragraph(shorten(decision.answer, limits.answer))], []
    deciding = _deciding(decision)
    head, rest = split_first_sentence(_said(decision, deciding[0]) if deciding else decision.answer)
    first = [_paragraph(shorten(head, limits.text), cites=deciding[0].cites if deciding else ())]
    later: list[Element] = []
    if rest:
        later.append(_paragraph(shorten(rest, limits.text), spacing="small"))
    others = [r for r in decision.reasons if r not in deciding[:1]][: limits.items]
    later += [_bullet(_said(decision, r), limits, cites=r.cites) for r in others]
    if later:
        later.insert(0, _heading("Why"))
    conditions = [shorten(c, FIRST_VIEW_TEXT) for c in decision.conditions[:FIRST_VIEW_CONDITIONS]]
    if decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS and conditions:
        first += [_lead("As long as:"), *(_bullet(c, limits) for c in conditions)]
        extra = decision.conditions[FIRST_VIEW_CONDITIONS : limits.items]
        if extra:
            later += [_heading("More conditions"), *(_bullet(c, limits) for c in extra)]
    if decision.verdict == Verdict.NEEDS_APPROVAL:
        who = f"Who approves: {shorten(policy.approver_name, limits.name)}"
        if contact := policy.approver_contact:  # as the policy gives it, e.g. an email address
            who += f" ({shorten(contact, limits.name)})"
        first.append(_paragraph(who + "."))
    if decision.instead:
        first.append(_paragraph("Instead: " + shorten(decision.instead, FIRST_VIEW_TEXT)))
    return first, later


def _deciding(decision: Decision) -> list[Reason]:
    """The reasons that decided, the board's first when it is the reason: a board ruling that
    answered the question, then the approval register. The board's approval leads any yes it
    took part in, as it leads the answer (a purpose with conditions may be what decided "yes,
    with conditions"; the approval is why it is a yes)."""
    deciding = [r for r in decision.reasons if r.verdict == decision.verdict]
    ruling = decision.ruling
    ruled = [r for r in deciding if ruling is not None and r.rule == ruling.rule]
    register = [
        r
        for r in decision.reasons
        if r.rule.startswith(REGISTER_RULE) and (r in deciding or _board_approval(decision, r))
    ]
    lead = [*ruled, *register]
    return [*lead, *(r for r in deciding if r not in lead)]


def _said(decision: Decision, reason: Reason) -> str:
    """A reason as the card says it: the board's approval of this use in the register's own
    terms ("Approved by the board in AR-0001 to make posters ..."), any other as written."""
    note = decision.register
    if note is None or not _board_approval(decision, reason):
        return reason.text
    use = use_phrase(note.purpose) if note.purpose else f"for any use of {note.tool}"
    parts = [f"Approved by the board in {note.reference} {use}", note.data]
    parts.append(f"on {note.decided}" if note.decided else "")
    return ", ".join(part for part in parts if part) + "."


_YES = (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS)


def _board_approval(decision: Decision, reason: Reason) -> bool:
    """`reason` is the register's approval of this use, and the answer is a yes (under a
    stricter verdict, or the policy's own prohibition of the tool, the approval is told as the
    register words it: "..., but that approval does not lift this")."""
    note = decision.register
    return (
        note is not None
        and note.approves
        and reason.rule == REGISTER_RULE + note.reference
        and reason.verdict in _YES
        and decision.verdict in _YES
    )


def _asked(question: str) -> Element:
    """What was asked, for a card read away from the chat (forwarded, or scrolled back to)."""
    return rich_text(text_run("You asked: ", is_subtle=True), text_run(question, italic=True))


def _followed(decision: Decision, limits: Limits) -> list[Element]:
    """A follow-up (a quick reply among them) shows the question it follows, so that "yes, a
    person makes the decision" is read with what it answers."""
    if not decision.follow_up_of:
        return []
    earlier = shorten(decision.follow_up_of[-1], limits.question)
    question = shorten(decision.question, limits.question)
    return [
        rich_text(
            text_run("You asked: ", is_subtle=True),
            text_run(earlier, italic=True),
            text_run(" then: ", is_subtle=True),
            text_run(question, italic=True),
        )
    ]


def _actions(
    decision: Decision, policy: Policy, question: str, limits: Limits, details: bool
) -> list[Element]:
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
    if details:
        actions.append(toggle_visibility(DETAILS, DETAILS_ID))
    if not incident_first:
        actions.append(report_incident_button(question))
    return actions


def _details(decision: Decision, policy: Policy, limits: Limits, shown: str) -> list[Element]:
    """Duties for this use (not those of every use), what the answer was read from, the
    clauses with their text on demand, and the policy it came from."""
    n = limits.items
    every_time = set(policy.document.always_obligations)
    duties = [d for d in decision.obligations if d.id not in every_time][:n]
    clauses = [
        _bullet(_clause_label(c), limits, short=True) for c in decision.citations[: limits.clauses]
    ]
    texts = _clause_texts(decision.citations, policy, limits, shown)
    if texts:
        clauses.append(
            action_set([toggle_visibility(SHOW_CLAUSES, CLAUSE_TEXT_ID)], spacing="small")
        )
        clauses.append(container(texts, id=CLAUSE_TEXT_ID, hidden=True, spacing="small"))
    read_as = _recognised(decision, policy, limits)
    if decision.verdict in (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS) and every_time:
        duties_note = [
            rich_text(
                text_run('The duties for every use of AI are on the help card: type "help".'),
                spacing="small",
            )
        ]
    else:
        duties_note = []
    return [
        *_section("Your duties for this use", [_duty(duty, limits) for duty in duties]),
        *duties_note,
        *_section("Read as", read_as),
        *_section("Policy clauses", clauses),
        _source(policy, limits),
    ]


def _recognised(decision: Decision, policy: Policy, limits: Limits) -> list[Element]:
    """What the answer was read from: the tool, the use and the data, so a misreading shows."""
    lines: list[tuple[str, str]] = []
    if decision.tool:
        lines.append(("Tool: ", decision.tool.name + _standing(decision)))
    if decision.purpose:
        lines.append(("Use: ", decision.purpose.label))
    if decision.data:
        labels = [_data_label(policy, data_id) for data_id in decision.data]
        lines.append(("Data: ", ", ".join(labels)))
    risk = decision.read_as
    if risk is not None:  # a statistical reading: say so, and from which words
        words = ", ".join(f'"{w}"' for w in risk.words)
        lines.append(("Risk: ", risk.label + (f" (read from the words {words})" if words else "")))
    under = decision.read_under
    if under is not None and under.clause in policy.sections:  # likewise
        words = ", ".join(f'"{w}"' for w in under.words)
        clause = f"{under.clause} ({policy.sections[under.clause].title})"
        said = f" (read from the words {words})" if words else ""
        lines.append(("Refused under: ", clause + said))
    return [
        rich_text(
            text_run(label, is_subtle=True), text_run(shorten(value, limits.name)), spacing="small"
        )
        for label, value in lines
    ]


def _standing(decision: Decision) -> str:
    """What the tool line adds: that the board approved this use, or that the policy does not
    list the tool (a tool the board approved is not "not listed": the register lists it)."""
    note = decision.register
    if note is not None and any(_board_approval(decision, r) for r in decision.reasons):
        return f" (approved by the board in {note.reference})"
    return "" if decision.tool is None or decision.tool.listed else " (not listed in the policy)"


def _data_label(policy: Policy, data_id: str) -> str:
    data_class = policy.data_classes.get(data_id)
    return data_class.label if data_class else data_id.replace("_", " ")


def _section(heading: str, paragraphs: list[Element]) -> list[Element]:
    return [_heading(heading), *paragraphs] if paragraphs else []


def _heading(text: str) -> Element:
    return text_block(text, weight="bolder", heading=True, spacing="medium")


def _lead(text: str) -> Element:
    return text_block(text, spacing="small")


def _paragraph(
    text: str, *, cites: tuple[str, ...] = (), spacing: Spacing | None = "medium"
) -> Element:
    runs = [text_run(text)]
    if cites:
        runs.append(text_run(f"  ({', '.join(cites)})", is_subtle=True))
    return rich_text(*runs, spacing=spacing)


def _bullet(
    text: str, limits: Limits, *, short: bool = False, cites: tuple[str, ...] = ()
) -> Element:
    runs = [text_run(BULLET + shorten(text, limits.name if short else limits.text))]
    if cites:
        runs.append(text_run(f"  ({', '.join(cites)})", is_subtle=True))
    return rich_text(*runs, spacing="small")


# A sentence ends at ". ", "? " or "! " before a capital, a digit or a bracket, but not after an
# abbreviation ("e.g. ChatGPT") or inside a clause number ("7.3").
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)(?<=[.?!])\s+(?=[A-Z0-9(\"'])")


def split_first_sentence(text: str) -> tuple[str, str]:
    """The first sentence of `text`, and the rest (empty when there is one sentence)."""
    parts = _SENTENCE_END.split(text.strip(), maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


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
    """ "7.2 Prohibited uses"; a clause numbered by its name ("AI misuse") is shown once, and
    so is a title that names its citation ("Board ruling BQ-0001, 3 Dec 2026")."""
    if not citation.title or citation.title == citation.id:
        return citation.id
    if re.search(rf"(?<![\w.]){re.escape(citation.id)}(?!\w)", citation.title):
        return citation.title
    return f"{citation.id} {citation.title}"


def _clause_texts(
    citations: tuple[Citation, ...], policy: Policy, limits: Limits, shown: str
) -> list[Element]:
    """Each cited clause's passage, unless the first view already says it (an answer about
    the policy is often the clause itself)."""
    if limits.clause <= 0:
        return []
    sections = {section.id: section for section in policy.document.sections}
    elements: list[Element] = []
    for citation in citations[: limits.clauses]:
        section = sections.get(citation.id)
        if section is None or not section.text.strip():
            continue
        if split_first_sentence(" ".join(section.text.split()))[0] in shown:
            continue
        # the clause's number leads its passage: the title is in the list just above
        elements.append(
            rich_text(
                text_run(citation.id + "  ", weight="bolder"),
                text_run(shorten(section.text, limits.clause)),
                spacing="small",
            )
        )
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


def run_texts_of(elements: list[Element]) -> list[str]:
    """The words of these elements' text runs and blocks, in order."""
    found: list[str] = []
    for element in elements:
        if element.get("type") == "TextBlock":
            found.append(element["text"])
        found += [run["text"] for run in element.get("inlines", ())]
        found += run_texts_of(element.get("items", []))
    return found
