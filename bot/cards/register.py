"""What staff see of the AI register: "what's approved?" lists the tools they may use under
their policy, short, with each tool's conditions one click away ("Details")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Protocol

from cardkit.elements import (
    Element,
    adaptive_card,
    choice_set,
    container,
    execute,
    input_date,
    input_text,
    input_toggle,
    rich_text,
    shorten,
    show_card,
    sub_card,
    text_block,
    text_run,
    toggle_visibility,
)
from forms import verbs
from knowledge import Policy, Verdict
from knowledge.decision import use_phrase
from knowledge.register.rulings import board_conditions, data_phrase, short_date

DETAILS_ID = "approved-details"
MAX_LISTED = 15
_LIVE = ("approved", "approved_with_conditions", "pilot")
_STANDING = {
    "approved": "approved",
    "approved_with_conditions": "approved with conditions",
    "pilot": "pilot",
}


class EntryLike(Protocol):
    """A register entry as this card reads it (bot.records.models.RegisterRecord)."""

    @property
    def reference(self) -> str: ...
    @property
    def tool(self) -> str: ...
    @property
    def purpose(self) -> str: ...
    @property
    def data_classification(self) -> str: ...
    @property
    def conditions(self) -> str | None: ...
    @property
    def decided_at(self) -> datetime: ...
    @property
    def status(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def source_ref(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Approved:
    """One line of the list: a tool and what it may be used for."""

    name: str
    standing: str  # "approved", "approved with conditions", "pilot"
    scope: str  # "", or "for making posters ... with public information only"
    source: str  # "the policy" or "AR-0001, 26 Nov 2026"
    conditions: tuple[str, ...]


def approved_tools(policy: Policy, entries: Sequence[EntryLike]) -> list[Approved]:
    """The policy's own approved tools (but those the board has retired), then the board's live
    approvals and pilots, newest first (retired, withdrawn and rejected entries are not
    approvals)."""
    retired = {e.source_ref for e in entries if e.source == "policy" and e.status == "retired"}
    listed = []
    for tool in policy.document.tools:
        status = policy.tool_status(tool)
        if status.verdict not in (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS):
            continue
        if tool.id in retired:
            continue
        category = policy.categories[tool.category]
        conditions = tuple(tool.conditions or category.conditions)
        standing = "approved with conditions" if conditions else "approved"
        listed.append(Approved(tool.name, standing, "", "the policy", conditions))
    live = [entry for entry in entries if entry.status in _LIVE and entry.source != "policy"]
    for entry in sorted(live, key=lambda e: e.decided_at, reverse=True):
        purpose = entry.purpose.strip().rstrip(".")
        scope = " ".join(
            part
            for part in (use_phrase(purpose) if purpose else "",
                         data_phrase(policy, entry.data_classification))
            if part
        )  # fmt: skip
        listed.append(
            Approved(
                entry.tool,
                _STANDING[entry.status],
                scope,
                f"{entry.reference}, {short_date(entry.decided_at)}",
                tuple(board_conditions(entry.conditions)),
            )
        )
    return listed


def approved_card(policy: Policy, entries: Sequence[EntryLike]) -> Element:
    tools = approved_tools(policy, entries)
    body: list[Element] = [
        text_block("Approved AI tools", size="medium", weight="bolder", heading=True),
    ]
    if not tools:
        body.append(
            text_block(
                "No AI tool is approved here yet: the policy names none of its own, and the "
                "board has approved none. Ask about the tool you have in mind, or type "
                '"request approval".'
            )
        )
        return adaptive_card(body)
    shown = tools[:MAX_LISTED]
    for item in shown:
        runs = [text_run("•  "), text_run(shorten(item.name, 80), weight="bolder")]
        runs.append(text_run(f": {item.standing}"))
        if item.scope:
            runs.append(text_run(f" {shorten(item.scope, 160)}"))
        runs.append(text_run(f"  ({item.source})", is_subtle=True))
        body.append(rich_text(*runs, spacing="small"))
    if len(tools) > MAX_LISTED:
        more = len(tools) - MAX_LISTED
        body.append(text_block(f"And {more} more: ask about a tool by name.", is_subtle=True))
    # Tools under the same conditions are told together: a policy often gives one set to several.
    grouped: dict[tuple[str, ...], list[str]] = {}
    for item in shown:
        if item.conditions:
            grouped.setdefault(item.conditions, []).append(item.name)
    details = [_details(names, conditions) for conditions, names in grouped.items()]
    if details:
        body.append(container(details, id=DETAILS_ID, hidden=True, spacing="medium"))
    body.append(
        text_block(
            'Not on the list? Ask about the tool by name, or type "request approval".',
            is_subtle=True,
            separator=True,
        )
    )
    actions = [toggle_visibility("Details", DETAILS_ID)] if details else []
    return adaptive_card(body, actions)


def _details(names: Sequence[str], conditions: Sequence[str]) -> Element:
    """Tools' conditions: the policy's or the board's words, so text runs (never markdown)."""
    title = ", ".join(shorten(name, 80) for name in names)
    lines = [rich_text(text_run(title, weight="bolder"), spacing="medium")]
    lines += [
        rich_text(text_run("•  "), text_run(shorten(condition, 300)), spacing="small")
        for condition in conditions
    ]
    return container(lines)


# --- The board's view: the register as a list, one entry with its form, and a new entry -------

ASSESSMENTS = (("dpia", "DPIA"), ("eqia", "EqIA"), ("risk", "Risk assessment"))
ASSESSMENT_CHOICES = (
    ("Not needed", "not_needed"),
    ("Needed", "needed"),
    ("In progress", "in_progress"),
    ("Done", "done"),
)
DECISION_CHOICES = (
    ("Approved", "approved"),
    ("Approved with conditions", "approved_with_conditions"),
    ("Pilot", "pilot"),
    ("Rejected", "rejected"),
)
STATUS_WORDS = {
    **_STANDING,
    "rejected": "rejected",
    "retired": "retired",
    "withdrawn": "withdrawn",
}
TEXT_LIMIT = 1000
MAX_BOARD_LISTED = 40


class BoardEntry(EntryLike, Protocol):
    """A register entry as the board's cards read it (bot.records.models.RegisterRecord)."""

    @property
    def version(self) -> int: ...
    @property
    def owner(self) -> str: ...
    @property
    def decision(self) -> str: ...
    @property
    def decided_by_name(self) -> str | None: ...
    @property
    def next_review(self) -> date: ...
    @property
    def last_reviewed_at(self) -> datetime | None: ...
    @property
    def public_facing(self) -> bool: ...
    @property
    def decision_influencing(self) -> bool: ...
    @property
    def retired_at(self) -> datetime | None: ...
    @property
    def retired_reason(self) -> str | None: ...
    @property
    def withdrawn_reason(self) -> str | None: ...


def register_list_card(entries: Sequence[BoardEntry], policy: Policy, today: date) -> Element:
    """The whole register for the board: each entry's status and next review, those due first,
    and a way to open one."""
    body: list[Element] = [text_block("The AI register", size="medium", weight="bolder")]
    live = [e for e in entries if e.status != "withdrawn"]
    add = show_card("Add a tool", _with_add(sub_card(_add_fields(policy))))
    if not live:
        body.append(text_block("The register is empty."))
        return adaptive_card(body, [add])
    due = sorted(live, key=lambda e: (e.status == "retired", e.next_review, e.reference))
    for entry in due[:MAX_BOARD_LISTED]:
        runs = [
            text_run(f"{entry.reference}  ", weight="bolder"),
            text_run(shorten(entry.tool, 80)),
        ]
        runs.append(text_run(f": {STATUS_WORDS[entry.status]}"))
        if entry.status != "retired":
            runs.append(_review_run(entry.next_review, today))
        body.append(rich_text(*runs, spacing="small"))
    if len(due) > MAX_BOARD_LISTED:
        body.append(text_block(f"And {len(due) - MAX_BOARD_LISTED} more.", is_subtle=True))
    choices = [(f"{e.reference} {shorten(e.tool, 60)}", e.reference) for e in due]
    body.append(choice_set("reference", choices, label="Open an entry", value=due[0].reference))
    return adaptive_card(body, [execute("Open", verbs.REGISTER_OPEN, {}), add])


class ChangeLike(Protocol):
    """A row of an entry's history (bot.records.models.RegisterChange)."""

    @property
    def version(self) -> int: ...
    @property
    def changed_at(self) -> datetime: ...
    @property
    def actor_name(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def changes(self) -> dict[str, Any]: ...
    @property
    def note(self) -> str | None: ...


HISTORY_ID = "register-history"
HISTORY_SHOWN = 10


def entry_card(
    entry: BoardEntry,
    policy: Policy,
    today: date,
    notice: str = "",
    history: Sequence[ChangeLike] = (),
) -> Element:
    """One entry, for the board: what it covers, its standing, assessments and review, its
    history behind "History", and (for an entry still in force) the form to change it, confirm
    its review, retire or withdraw it. Everyone in the channel sees the buttons; who may press
    them is checked at each press."""
    body: list[Element] = []
    if notice:
        body.append(_notice(notice))
    body.append(
        rich_text(
            text_run(f"Register entry {entry.reference}: ", weight="bolder"),
            text_run(shorten(entry.tool, 80), weight="bolder"),
        )
    )
    body += _entry_lines(entry, policy, today)
    shown = [_change_line(change) for change in list(history)[::-1][:HISTORY_SHOWN]]
    if shown:
        body.append(container(shown, id=HISTORY_ID, hidden=True, spacing="medium"))
    past = [toggle_visibility("History", HISTORY_ID)] if shown else []
    if entry.status in ("withdrawn", "retired"):
        return adaptive_card(body, past)
    key = {"reference": entry.reference, "version": entry.version}
    actions = [show_card("Edit", _edit_form(entry, policy, key))]
    actions.append(execute("Confirm review", verbs.REGISTER_REVIEW, key))
    if entry.decision != "rejected":
        actions.append(show_card("Retire", _reason_form("Retire", verbs.REGISTER_RETIRE, key)))
    actions.append(show_card("Withdraw", _reason_form("Withdraw", verbs.REGISTER_WITHDRAW, key)))
    return adaptive_card(body, [*actions, *past])


def _change_line(change: ChangeLike) -> Element:
    """ "v2 · 5 Dec 2026 · Megan Bowen · edited: owner, DPIA status · agreed at the meeting" """
    when = short_date(change.changed_at)
    what = change.action
    if change.changes:
        fields = ", ".join(_FIELD_WORDS.get(k, k.replace("_", " ")) for k in change.changes)
        what += f": {fields}"
    runs = [text_run(f"v{change.version} · {when} · ", is_subtle=True)]
    runs.append(text_run(shorten(change.actor_name or "the system", 80)))
    runs.append(text_run(f" · {what}"))
    if change.note:
        runs.append(text_run(f" · {shorten(change.note, 200)}", italic=True))
    return rich_text(*runs, spacing="small")


_FIELD_WORDS = {
    "dpia_status": "DPIA",
    "dpia_date": "DPIA date",
    "eqia_status": "EqIA",
    "eqia_date": "EqIA date",
    "risk_status": "risk assessment",
    "risk_date": "risk assessment date",
    "data_classification": "data",
    "decided_at": "decision date",
    "decided_by": "decided by",
    "decided_by_name": "decided by",
}


def add_entry_card(policy: Policy, notice: str = "") -> Element:
    """The form for a tool in use that never came through a request."""
    body: list[Element] = []
    if notice:
        body.append(_notice(notice))
    body.append(text_block("Add a tool to the register", size="medium", weight="bolder"))
    return _with_add(adaptive_card([*body, *_add_fields(policy)]))


def _add_fields(policy: Policy) -> list[Element]:
    return [
        input_text("tool", label="Tool", max_length=200, required=True,
                   error_message="Name the tool"),
        input_text("purpose", label="The use it covers", max_length=TEXT_LIMIT,
                   placeholder="making posters for library events; empty for any use"),
        choice_set("data_classification", _data_choices(policy), label="Data it may take",
                   value="none"),
        choice_set("decision", DECISION_CHOICES, label="Decision",
                   value="approved_with_conditions"),
        input_text("conditions", label="Conditions (or the reason for a rejection)",
                   max_length=TEXT_LIMIT, multiline=True),
        input_text("owner", label="Owner (a person or a team)", max_length=200),
    ]  # fmt: skip


def _with_add(card: Element) -> Element:
    card["actions"] = [execute("Add", verbs.REGISTER_ADD, {}, style="positive")]
    return card


def _notice(notice: str) -> Element:
    """What the press did, or why it did nothing: on an emphasis band, in the default colour
    (the only one that reads in every Teams theme: tests/cards/test_contrast.py)."""
    return container([rich_text(text_run(notice, weight="bolder"))], style="emphasis")


def _entry_lines(entry: BoardEntry, policy: Policy, today: date) -> list[Element]:
    purpose = entry.purpose.strip().rstrip(".")
    lines = [
        ("Status", _status(entry)),
        ("Use", use_phrase(purpose) if purpose else "any use"),
        ("Data", data_phrase(policy, entry.data_classification)),
        ("Conditions" if entry.decision != "rejected" else "Reason", entry.conditions or ""),
        ("Owner", entry.owner),
        ("Assessments", _assessments(entry)),
        ("Transparency record", _transparency(entry)),
    ]
    elements = [
        rich_text(text_run(f"{label}: ", weight="bolder"), text_run(shorten(value, 400)),
                  spacing="small")
        for label, value in lines
        if value
    ]  # fmt: skip
    if entry.status not in ("retired", "withdrawn"):
        review = [
            text_run("Next review: ", weight="bolder"),
            _review_run(entry.next_review, today, lead=""),
        ]
        elements.append(rich_text(*review, spacing="small"))
    source = {"approval": "an approval request", "policy": "the policy's own list"}.get(
        entry.source, "the board"
    )
    elements.append(
        text_block(f"From {source}. Version {entry.version}.", is_subtle=True, spacing="small")
    )
    return elements


def _status(entry: BoardEntry) -> str:
    decided = short_date(entry.decided_at)
    who = f" by {entry.decided_by_name}" if entry.decided_by_name else ""
    status = f"{STATUS_WORDS[entry.decision].capitalize()} {decided}{who}"
    if entry.retired_at is not None:
        status += f"; retired {short_date(entry.retired_at)}: {entry.retired_reason or ''}"
    if entry.status == "withdrawn":
        status += f"; withdrawn: {entry.withdrawn_reason or ''}"
    return status


def _assessments(entry: BoardEntry) -> str:
    parts = []
    for key, label in ASSESSMENTS:
        status = str(getattr(entry, f"{key}_status")).replace("_", " ")
        done = getattr(entry, f"{key}_date")
        parts.append(f"{label} {status}" + (f" ({_day(done)})" if done else ""))
    return ", ".join(parts)


def _transparency(entry: BoardEntry) -> str:
    marks = [
        word
        for word, flag in (
            ("public-facing", entry.public_facing),
            ("influences decisions", entry.decision_influencing),
        )
        if flag
    ]
    return " and ".join(marks) + " (drafted on export)" if marks else "not needed"


def _review_run(when: date, today: date, lead: str = "  review ") -> Element:
    if when < today:
        return text_run(f"{lead}overdue since {_day(when)}", weight="bolder")
    if (when - today).days <= REVIEW_SOON_DAYS:
        return text_run(f"{lead}due {_day(when)}", weight="bolder")
    return text_run(f"{lead}{_day(when)}", is_subtle=lead != "")


REVIEW_SOON_DAYS = 30


def _day(when: date) -> str:
    return short_date(datetime(when.year, when.month, when.day, tzinfo=UTC))


def _edit_form(entry: BoardEntry, policy: Policy, key: dict[str, Any]) -> Element:
    fields = [] if entry.source == "policy" else _decision_fields(entry, policy)
    fields.append(input_text("owner", label="Owner (a person or a team)", value=entry.owner,
                             max_length=200))  # fmt: skip
    for name, label in ASSESSMENTS:
        value = str(getattr(entry, f"{name}_status"))
        fields.append(choice_set(f"{name}_status", ASSESSMENT_CHOICES, label=label, value=value))
    fields += [
        input_date("next_review", label="Next review", value=entry.next_review.isoformat()),
        input_toggle("public_facing", "Interacts with the public", on=entry.public_facing),
        input_toggle("decision_influencing", "Significantly influences decisions",
                     on=entry.decision_influencing),
        input_text("note", label="Note for the history (optional)", max_length=TEXT_LIMIT),
    ]  # fmt: skip
    form = sub_card(fields)
    form["actions"] = [execute("Save", verbs.REGISTER_EDIT, key, style="positive")]
    return form


def _decision_fields(entry: BoardEntry, policy: Policy) -> list[Element]:
    """What the board decided, for entries it decides (the policy decides its own tools)."""
    return [
        choice_set("decision", DECISION_CHOICES, label="Decision", value=entry.decision),
        input_text("conditions", label="Conditions (or the reason for a rejection)",
                   value=entry.conditions or "", max_length=TEXT_LIMIT, multiline=True),
        input_text("purpose", label="The use it covers", value=entry.purpose,
                   max_length=TEXT_LIMIT),
        choice_set("data_classification", _data_choices(policy), label="Data it may take",
                   value=entry.data_classification),
    ]  # fmt: skip


def _reason_form(title: str, verb: str, key: dict[str, Any]) -> Element:
    why = input_text(
        "reason", label="Why", max_length=TEXT_LIMIT, required=True, error_message="Say why"
    )
    form = sub_card([why])
    form["actions"] = [execute(title, verb, key, style="destructive")]
    return form


def _data_choices(policy: Policy) -> list[tuple[str, str]]:
    return [("No personal or sensitive data", "none")] + [
        (data_class.label, data_class.id) for data_class in policy.document.data_classes
    ]
