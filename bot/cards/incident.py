"""The board's incident card: one per incident in the governance channel (and in the security or
DPO channel when there is one), updated in place as the incident moves on.

Everything a person wrote (what happened, whose data, notes) goes in TextRuns, shown as written.
Responders get Action.Execute buttons, each with an Action.Submit fallback carrying the same verb
and reference; the bot checks the clicker's identity from the authenticated activity at click
time, never from card data. `refresh.userIds` makes Teams fetch the responder's view for the
named responders; everyone else sees the card as posted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from cardkit.elements import (
    Element,
    adaptive_card,
    card_size,
    choice_set,
    container,
    execute,
    input_text,
    rich_text,
    shorten,
    show_card,
    sub_card,
    text_block,
    text_run,
    with_refresh,
)
from forms import verbs
from knowledge import Policy
from knowledge.when import LONDON

VERB_ACKNOWLEDGE = verbs.ACKNOWLEDGE
VERB_SET_STATUS = verbs.SET_STATUS
VERB_ASK = verbs.INCIDENT_ASK
VERB_REFRESH = verbs.INCIDENT_REFRESH
RESPONDER_VERBS = verbs.RESPONDER

ICO_DEADLINE = timedelta(hours=72)
BUDGET = 26 * 1024  # bytes, as card_size counts them; Teams refuses 28 KB
FIELD_LIMIT = 1200
NOTE_LIMIT = 800
NOTES_SHOWN = 8
INPUT_LIMIT = 1000

STATUS_WORDS = {
    "open": "Reported",
    "investigating": "Investigating",
    "mitigated": "Mitigated",
    "closed": "Closed",
}
STATUS_CHOICES = (
    ("Investigating", "investigating"),
    ("Mitigated", "mitigated"),
    ("Closed (final)", "closed"),
)
SEVERITY_STYLES = {"critical": "attention", "high": "attention", "medium": "warning"}
PERSONAL_WORDS = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}
KIND_WORDS = {
    "personal": "personal details",
    "special_category": "special category or sensitive data",
    "children": "children's or pupils' data",
    "confidential": "confidential information",
}
NOTE_WORDS = {
    "reporter_addition": "The reporter added",
    "board_question": "Question to the reporter",
    "reporter_answer": "The reporter answered",
    "status_note": "Status note",
}


class IncidentLike(Protocol):
    """What the card reads from an incident (bot.records.models.Incident)."""

    reference: str
    created_at: datetime
    reporter_name: str
    description: str
    tool: str | None
    severity: str
    severity_reasons: list[str]
    status: str
    closed_at: datetime | None
    occurred_text: str | None
    personal_data: str | None
    data_kinds: list[str]
    data_subjects: str | None
    people_affected: str | None
    actions_taken: str | None
    assigned_name: str | None
    acknowledged_at: datetime | None


class NoteLike(Protocol):
    created_at: datetime
    author_name: str
    kind: str
    text: str


def london(moment: datetime) -> str:
    """ "Sat 28 Nov 2026, 15:42" in UK time."""
    local = moment.astimezone(LONDON)
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}"


def ico_deadline(incident: IncidentLike) -> datetime | None:
    """72 hours from the report (the organisation's awareness) when personal data is, or may
    be, involved; None otherwise."""
    if incident.personal_data not in ("yes", "not_sure"):
        return None
    return incident.created_at + ICO_DEADLINE


def incident_card(
    incident: IncidentLike,
    notes: Sequence[NoteLike],
    policy: Policy,
    *,
    responder_view: bool,
    responder_ids: Sequence[str] = (),
    now: datetime,
    notice: str = "",
) -> Element:
    """The incident as the board sees it. `notice` is one line for the responder who clicked
    ("Already acknowledged by ..."). Long text is cut until the card fits Teams' limit."""
    field_limit, note_limit, shown = FIELD_LIMIT, NOTE_LIMIT, NOTES_SHOWN
    while True:
        body = [
            _header(incident, now),
            *_notice(notice),
            *_severity(incident),
            *_breach(incident, policy, now),
            *_fields(incident, field_limit),
            *_history(notes, note_limit, shown),
        ]
        card = adaptive_card(body, _actions(incident) if responder_view else [])
        card = with_refresh(card, VERB_REFRESH, {"reference": incident.reference}, responder_ids)
        if card_size(card) <= BUDGET or field_limit < 40:
            return card
        field_limit, note_limit, shown = field_limit // 2, note_limit // 2, max(shown // 2, 1)


def _header(incident: IncidentLike, now: datetime) -> Element:
    closed = incident.status == "closed"
    style = "good" if closed else SEVERITY_STYLES.get(incident.severity, "emphasis")
    status = STATUS_WORDS.get(incident.status, incident.status)
    lines = [
        text_block(f"Incident {incident.reference}", size="large", weight="bolder"),
        text_block(f"{status} · severity {incident.severity}", weight="bolder", spacing="none"),
        rich_text(
            text_run("Reported by "),
            text_run(shorten(incident.reporter_name or "someone", 120), weight="bolder"),
            text_run(f" on {london(incident.created_at)}"),
            spacing="none",
        ),
        _handled_by(incident, now),
    ]
    if closed and incident.closed_at is not None:
        lines.append(text_block(f"Closed on {london(incident.closed_at)}", spacing="none"))
    return container(lines, style=style, bleed=True)  # type: ignore[arg-type]


def _handled_by(incident: IncidentLike, now: datetime) -> Element:
    if incident.acknowledged_at is None:
        waiting = _duration(now - incident.created_at)
        return text_block(f"Not acknowledged yet (reported {waiting} ago)", spacing="none")
    return rich_text(
        text_run("Acknowledged and assigned to "),
        text_run(shorten(incident.assigned_name or "a responder", 120), weight="bolder"),
        text_run(f" on {london(incident.acknowledged_at)}"),
        spacing="none",
    )


def _duration(span: timedelta) -> str:
    minutes = max(int(span.total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = minutes // 60
    if hours <= 72:  # the ICO window is counted in hours
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{hours // 24} days"


def _notice(notice: str) -> list[Element]:
    if not notice:
        return []
    return [container([rich_text(text_run(notice, weight="bolder"))], style="emphasis")]


def _severity(incident: IncidentLike) -> list[Element]:
    items = [text_block(f"Severity: {incident.severity}", weight="bolder")]
    for reason in incident.severity_reasons[:8]:
        items.append(rich_text(text_run("• " + shorten(reason, 200)), spacing="none"))
    return [container(items, spacing="medium")]


def _breach(incident: IncidentLike, policy: Policy, now: datetime) -> list[Element]:
    deadline = ico_deadline(incident)
    if deadline is None:
        return []
    dpo = policy.document.organisation.dpo
    who = dpo.name if dpo else "the data protection officer"
    left = deadline - now
    remaining = f"{_duration(left)} left" if left > timedelta(0) else "this time has passed"
    may = "is" if incident.personal_data == "yes" else "may be"
    items = [
        # the attention band says it; the words are in the default colour (red on the band's
        # pink was 3.6:1 in Teams' light theme: tests/cards/test_contrast.py)
        text_block("Possible personal data breach", weight="bolder"),
        text_block(
            f"Personal data {may} involved. If the breach is reportable, the ICO must be told "
            f"within 72 hours of the organisation becoming aware: by {london(deadline)} "
            f"({remaining}).",
            spacing="none",
        ),
        rich_text(text_run(f"Deciding whether to report it: {who}."), spacing="none"),
    ]
    return [container(items, style="attention", spacing="medium")]


def _field(label: str, value: str | None, limit: int) -> list[Element]:
    if not value:
        return []
    return [
        text_block(label, weight="bolder", spacing="small"),
        rich_text(text_run(shorten(value, limit)), spacing="none"),
    ]


def _fields(incident: IncidentLike, limit: int) -> list[Element]:
    kinds = ", ".join(KIND_WORDS[k] for k in incident.data_kinds if k in KIND_WORDS)
    personal = PERSONAL_WORDS.get(incident.personal_data or "", "Not asked")
    return [
        *_field("What happened", incident.description, limit),
        *_field("Tool", incident.tool, 200),
        *_field("When it happened", incident.occurred_text, 200),
        text_block(f"Personal data involved: {personal}", weight="bolder", spacing="small"),
        *([text_block(f"Kind: {kinds}", spacing="none")] if kinds else []),
        *_field("Whose data", incident.data_subjects, limit),
        *_field("How many people", incident.people_affected, 200),
        *_field("What has been done so far", incident.actions_taken, limit),
    ]


def _history(notes: Sequence[NoteLike], limit: int, shown: int) -> list[Element]:
    if not notes:
        return []
    items = [text_block("History", weight="bolder")]
    if len(notes) > shown:
        earlier = len(notes) - shown
        items.append(text_block(f"{earlier} earlier notes are in the records.", is_subtle=True))
    for note in notes[-shown:]:
        items += [
            rich_text(
                text_run(NOTE_WORDS.get(note.kind, "Note"), weight="bolder"),
                text_run(f" · {london(note.created_at)} · "),
                text_run(shorten(note.author_name or "someone", 120)),
                spacing="small",
            ),
            rich_text(text_run(shorten(note.text, limit)), spacing="none"),
        ]
    return [container(items, separator=True, spacing="medium")]


def _actions(incident: IncidentLike) -> list[Element]:
    if incident.status == "closed":
        return []
    reference = {"reference": incident.reference}
    actions = []
    if incident.acknowledged_at is None:
        actions.append(
            execute("Acknowledge and assign to me", VERB_ACKNOWLEDGE, reference, style="positive")
        )
    status = sub_card(
        [
            choice_set(
                "status",
                STATUS_CHOICES,
                label="New status",
                expanded=True,
                required=True,
                error_message="Choose a status",
            ),
            input_text(
                "note",
                label="Note (the reporter is told the new status and this note)",
                max_length=INPUT_LIMIT,
                multiline=True,
            ),
        ]
    )
    status["actions"] = [execute("Save status", VERB_SET_STATUS, reference)]
    question = sub_card(
        [
            input_text(
                "question",
                label="Question for the reporter",
                max_length=INPUT_LIMIT,
                multiline=True,
                required=True,
                error_message="Type the question",
            )
        ]
    )
    question["actions"] = [execute("Send question", VERB_ASK, reference)]
    return [*actions, show_card("Set status", status), show_card("Ask the reporter", question)]
