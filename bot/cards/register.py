"""What staff see of the AI register: "what's approved?" lists the tools they may use under
their policy, short, with each tool's conditions one click away ("Details")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from cardkit.elements import (
    Element,
    adaptive_card,
    container,
    rich_text,
    shorten,
    text_block,
    text_run,
    toggle_visibility,
)
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


@dataclass(frozen=True, slots=True)
class Approved:
    """One line of the list: a tool and what it may be used for."""

    name: str
    standing: str  # "approved", "approved with conditions", "pilot"
    scope: str  # "", or "for making posters ... with public information only"
    source: str  # "the policy" or "AR-0001, 26 Nov 2026"
    conditions: tuple[str, ...]


def approved_tools(policy: Policy, entries: Sequence[EntryLike]) -> list[Approved]:
    """The policy's own approved tools, then the board's live approvals and pilots, newest
    first (retired, withdrawn and rejected entries are not approvals)."""
    listed = []
    for tool in policy.document.tools:
        status = policy.tool_status(tool)
        if status.verdict not in (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS):
            continue
        category = policy.categories[tool.category]
        conditions = tuple(tool.conditions or category.conditions)
        standing = "approved with conditions" if conditions else "approved"
        listed.append(Approved(tool.name, standing, "", "the policy", conditions))
    live = [entry for entry in entries if entry.status in _LIVE]
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
                "Nothing is approved yet, by the policy or the board. Ask about the tool you "
                'have in mind, or type "request approval".'
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
