"""The board's weekly summary card: counts for the week and what waits for the board.

Counts only, never a question asked of the bot nor anyone's name. Two kinds of text come from
outside this package and so go in TextRuns, shown as written: tool names (read from staff's
questions) and the questions people chose to send to the board, which they agreed to share
with it. References, severities and statuses are ours.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.governance.summary import SummaryFigures
from cardkit.elements import (
    Element,
    action_set,
    adaptive_card,
    card_size,
    container,
    execute,
    fact_set,
    rich_text,
    shorten,
    text_block,
    text_run,
)
from forms import verbs
from knowledge.when import LONDON

from .approval import STATUS_WORDS as REQUEST_STATUS_WORDS
from .incident import BUDGET, london
from .incident import STATUS_WORDS as INCIDENT_STATUS_WORDS

VERDICT_WORDS = {
    "allowed": "Allowed",
    "allowed_with_conditions": "Allowed with conditions",
    "needs_approval": "Needs approval",
    "prohibited": "Not allowed",
    "unclear": "Couldn't tell",
    "information": "About the policy",
}
BOARD_STATUS_WORDS = {
    "waiting": "Waiting",
    "taken": "Taken by a board member",
    "asked": "Waiting for the asker to answer",
}
SERIOUS = ("high", "critical")  # severities shown on an attention band
TOOL_LIMIT = 80
QUESTION_LIMIT = 200
POLICY_LIMIT = 200
NONE = "None"


def summary_card(figures: SummaryFigures, policy_name: str, *, on_demand: bool = False) -> Element:
    """The summary as the board sees it; the lists are cut further if the card would not fit
    Teams' limit (it fits with the lists `gather` returns, whatever people wrote)."""
    shown = max(
        len(figures.board_questions_waiting),
        len(figures.incidents_open),
        len(figures.reviews_due),
        1,
    )
    while True:
        body = [_header(figures, policy_name, on_demand)]
        if figures.board_name:  # another board's: its own queue; the rest is the lead board's
            body += [_requests(figures), _incidents(figures, shown)]
        else:
            body += [
                _questions(figures),
                _unmet(figures),
                _requests(figures),
                _incidents(figures, shown),
                _board(figures, shown),
                _votes(figures),
                _reviews(figures, shown),
                *_acknowledgements(figures),
            ]
        card = adaptive_card(body)
        if card_size(card) <= BUDGET or shown == 1:
            return card
        shown = max(shown // 2, 1)


def title(figures: SummaryFigures, *, on_demand: bool) -> str:
    """ "Weekly summary: 27 Nov to 4 Dec 2026", the window's first and last days in UK time."""
    first, last = figures.start.astimezone(LONDON), figures.until.astimezone(LONDON)
    start = f"{first.day} {first:%b}" + (f" {first.year}" if first.year != last.year else "")
    kind = "Summary on demand" if on_demand else "Weekly summary"
    return f"{kind}: {start} to {last.day} {last:%b %Y}"


def _header(figures: SummaryFigures, policy_name: str, on_demand: bool) -> Element:
    window = f"{_plural(_days(figures), 'day')} to {london(figures.until)}"
    if figures.board_name:
        about = rich_text(
            text_run("What waits for "),
            text_run(shorten(figures.board_name, POLICY_LIMIT), weight="bolder"),
            text_run(f", as at {london(figures.until)}."),
            spacing="none",
        )
    else:
        about = rich_text(
            text_run("Answers from "),
            text_run(shorten(policy_name, POLICY_LIMIT), weight="bolder"),
            text_run(f", in the {window}."),
            spacing="none",
        )
    lines = [text_block(title(figures, on_demand=on_demand), size="large", weight="bolder"), about]
    return container(lines, style="emphasis", bleed=True)


def _section(heading: str, items: list[Element]) -> Element:
    return container(
        [text_block(heading, weight="bolder"), *(items or [_none()])],
        separator=True,
        spacing="medium",
    )


def _days(figures: SummaryFigures) -> int:
    return round((figures.until - figures.start).total_seconds() / 86400)


def _none() -> Element:
    return text_block(NONE, is_subtle=True, spacing="none")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _age(days: float) -> str:
    return "less than a day" if days < 1 else _plural(int(days), "day")


def _verdict(verdict: str) -> str:
    return VERDICT_WORDS.get(verdict, verdict.replace("_", " ").capitalize())


def _questions(figures: SummaryFigures) -> Element:
    if not figures.questions_total:
        return _section("Questions", [])
    counts = figures.questions_by_verdict
    known = [(VERDICT_WORDS[v], str(counts.get(v, 0))) for v in VERDICT_WORDS]
    other = [(_verdict(v), str(n)) for v, n in sorted(counts.items()) if v not in VERDICT_WORDS]
    facts = [("All questions", str(figures.questions_total)), *known, *other]
    return _section("Questions", [fact_set(facts, spacing="small")])


def _unmet(figures: SummaryFigures) -> Element:
    items: list[Element] = []
    if figures.unmet_tools:
        items.append(
            text_block(
                "Tools asked about that are not on the policy's list or not approved by it.",
                is_subtle=True,
                spacing="none",
            )
        )
    for demand in figures.unmet_tools:
        items.append(
            rich_text(
                text_run(shorten(demand.name, TOOL_LIMIT), weight="bolder"),
                text_run(f": {_plural(demand.count, 'question')}"),
                spacing="small",
            )
        )
    return _section("Unmet demand", items)


def _requests(figures: SummaryFigures) -> Element:
    if not figures.requests_waiting:
        return _section("Requests waiting", [])
    facts = [("Waiting", str(figures.requests_waiting))]
    if figures.oldest_request_days is not None:
        facts.append(("Oldest", _age(figures.oldest_request_days)))
    items: list[Element] = [fact_set(facts, spacing="small")]
    for request in figures.oldest_requests:  # oldest first
        status = REQUEST_STATUS_WORDS.get(request.status, request.status)
        items.append(
            text_block(
                f"{request.reference} waiting {_age(request.age_days)} · {status}", spacing="small"
            )
        )
    items += _more(figures.requests_waiting, len(figures.oldest_requests))
    return _section("Requests waiting", items)


def _deadline(deadline: datetime | None, until: datetime) -> str:
    if deadline is None:
        return ""
    if deadline <= until:
        return f" · ICO deadline {london(deadline)}: overdue"
    return f" · ICO deadline {london(deadline)}"


def _incidents(figures: SummaryFigures, shown: int) -> Element:
    if not figures.incidents_open_total:
        return _section("Incidents open", [])
    items: list[Element] = [
        fact_set([("Open", str(figures.incidents_open_total))], spacing="small")
    ]
    for incident in figures.incidents_open[:shown]:
        status = INCIDENT_STATUS_WORDS.get(incident.status, incident.status)
        line = text_block(
            f"{incident.reference} · severity {incident.severity} · {status}"
            + _deadline(incident.ico_deadline, figures.until),
            spacing="small",
        )
        # the words carry the state; the band makes a serious one stand out
        serious = incident.ico_deadline is not None or incident.severity in SERIOUS
        items.append(container([line], style="attention") if serious else line)
    items += _more(figures.incidents_open_total, min(shown, len(figures.incidents_open)))
    return _section("Incidents open", items)


def _more(total: int, shown: int) -> list[Element]:
    if total <= shown:
        return []
    return [text_block(f"... and {total - shown} more.", is_subtle=True, spacing="small")]


def _board(figures: SummaryFigures, shown: int) -> Element:
    if not figures.board_questions_total:
        return _section("Questions for the board", [])
    items: list[Element] = [
        fact_set([("Not answered yet", str(figures.board_questions_total))], spacing="small")
    ]
    for question in figures.board_questions_waiting[:shown]:
        status = BOARD_STATUS_WORDS.get(question.status, question.status)
        items += [
            rich_text(
                text_run(question.reference, weight="bolder"),
                text_run(f" · {status} · sent {_age(question.age_days)} ago"),
                spacing="small",
            ),
            # what the asker agreed to share with the board, as they wrote it
            rich_text(text_run(shorten(question.question, QUESTION_LIMIT)), spacing="none"),
        ]
    items += _more(figures.board_questions_total, min(shown, len(figures.board_questions_waiting)))
    return _section("Questions for the board", items)


def _reviews(figures: SummaryFigures, shown: int) -> Element:
    """Register entries due for review, each a click from confirmed (the next review a period
    later) or opened, to retire or change it."""
    if not figures.reviews_due_total:
        return _section("Register reviews due", [])
    today = figures.until.astimezone(LONDON).date()
    items: list[Element] = []
    for review in figures.reviews_due[:shown]:
        when = f"{review.next_review.day} {review.next_review:%b %Y}"
        late = review.next_review < today
        # "from": the press answers with a notice (or posts the entry below), never replacing
        # the summary in place
        key = {"reference": review.reference, "from": "summary"}
        items += [
            rich_text(
                text_run(review.reference, weight="bolder"),
                text_run(" "),
                text_run(shorten(review.tool, TOOL_LIMIT)),
                text_run(f" · {'overdue since' if late else 'due'} {when}"),
                spacing="small",
            ),
            action_set(
                [
                    execute(
                        "Confirm review",
                        verbs.REGISTER_REVIEW,
                        {**key, "version": review.version},
                    ),
                    execute("Open", verbs.REGISTER_OPEN, key),
                ],
                spacing="none",
            ),
        ]
    items += _more(figures.reviews_due_total, min(shown, len(figures.reviews_due)))
    return _section("Register reviews due", items)


def _acknowledgements(figures: SummaryFigures) -> list[Element]:
    """How many people have said they read this version of the policy: only when it asks."""
    counts = figures.acknowledgements
    if counts is None:
        return []
    items: list[Element] = [
        rich_text(text_run("Version: "), text_run(shorten(counts.policy_version, 80)),
                  spacing="small"),
    ]  # fmt: skip
    if counts.asked:
        share = round(100 * counts.acknowledged / counts.asked)
        facts = [
            ("Asked", str(counts.asked)),
            ("Said they had read it", f"{counts.acknowledged} ({share}%)"),
        ]
        items.append(fact_set(facts, spacing="small"))
    return [_section("Policy read", items if counts.asked else [])]


def _votes(figures: SummaryFigures) -> Element:
    heading = 'Answers voted "not right"'
    if not (figures.not_right_votes or figures.right_votes):
        return _section(heading, [])
    facts = [("Not right", str(figures.not_right_votes)), ("Right", str(figures.right_votes))]
    items: list[Element] = [fact_set(facts, spacing="small")]
    if figures.not_right_by_verdict:
        items.append(
            text_block(
                "Not right, by the answer's verdict: " + _by_verdict(figures.not_right_by_verdict),
                spacing="small",
            )
        )
    return _section(heading, items)


def _by_verdict(counts: Mapping[str, int]) -> str:
    order = {verdict: rank for rank, verdict in enumerate(VERDICT_WORDS)}
    ranked = sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    return ", ".join(f"{_verdict(verdict)} {count}" for verdict, count in ranked)
