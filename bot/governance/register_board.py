"""The board's side of the AI register in Teams: the register as a list, one entry's card with
its form, and what each button does for whoever pressed it (docs/register.md).

Every press is checked against the authenticated activity's identity at that moment, never the
card's data: someone who may not govern changes nothing and the attempt goes to the audit log.
A change names the version its card showed (bot.records.register), so two board members saving
the same card at once keep exactly one change; the other sees the entry as it now is.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext

from bot.cards.register import (
    ASSESSMENTS,
    TEXT_LIMIT,
    add_entry_card,
    entry_card,
    register_list_card,
)
from bot.errors import RecordsError, RosterUnavailableError
from bot.records.models import RegisterRecord, utcnow
from bot.records.register import NewEntry, RegisterConflictError, RegisterRepository
from forms import verbs
from knowledge import Policy

from .approval_board import BoardResult
from .authority import ROSTER_UNAVAILABLE, Authority, display_name, entra_id
from .register_cache import RegisterCache

logger = logging.getLogger(__name__)

REFERENCE = re.compile(r"^(?:AR|RE|PT)-\d{1,9}$")
NOT_AN_APPROVER = "Only the board's approvers can see and change the register. Nothing was changed."
CHANGED = (
    "{who} changed {reference} since this card was shown; here it is now. Nothing was changed."
)


class RegisterBoard:
    def __init__(
        self,
        policy: Policy,
        entries: RegisterRepository,
        authority: Authority,
        register: RegisterCache,
    ) -> None:
        self._policy = policy
        self._entries = entries
        self._authority = authority
        self._register = register

    async def list_card(self, turn_context: TurnContext) -> dict[str, Any] | str:
        """The whole register, for approvers ("register entries")."""
        refusal = await self._refusal(turn_context)
        if refusal:
            return refusal
        entries = await self._entries.entries()
        return register_list_card(entries, self._policy, _today())

    async def entry_card(self, turn_context: TurnContext, reference: str) -> dict[str, Any] | str:
        """One entry, for approvers ("entry AR-0001")."""
        refusal = await self._refusal(turn_context)
        if refusal:
            return refusal
        entry = await self._entries.get(reference.upper())
        if entry is None or entry.status == "withdrawn":
            return f"There is no entry {reference.upper()} in the register."
        return await self._card(entry)

    async def add_card(self, turn_context: TurnContext) -> dict[str, Any] | str:
        refusal = await self._refusal(turn_context)
        return refusal or add_entry_card(self._policy)

    async def handle(
        self, turn_context: TurnContext, verb: str, data: dict[str, Any]
    ) -> BoardResult:
        reference = str(data.get("reference") or "").upper()
        try:
            allowed = await self._authority.may_decide(turn_context)
        except RosterUnavailableError:
            return BoardResult(None, ROSTER_UNAVAILABLE)
        if not allowed:
            named = REFERENCE.match(reference) and verb != verbs.REGISTER_ADD
            await self._entries.record_refusal(
                reference if named else "new",
                actor_id=entra_id(turn_context),
                verb=verb,
            )
            return BoardResult(None, NOT_AN_APPROVER)
        if verb == verbs.REGISTER_ADD:
            return await self._add(turn_context, data)
        entry = await self._entries.get(reference) if REFERENCE.match(reference) else None
        if entry is None or entry.status == "withdrawn":
            return BoardResult(None, "That register entry no longer exists.")
        in_place = data.get("from") != "summary"  # a summary's buttons leave the summary be
        if verb == verbs.REGISTER_OPEN:
            if in_place:
                return BoardResult(await self._card(entry), "")
            await turn_context.send_activity(
                MessageFactory.attachment(CardFactory.adaptive_card(await self._card(entry)))
            )
            return BoardResult(None, f"{reference} is below.")
        try:
            changed, notice = await self._change(turn_context, verb, entry, data)
        except RegisterConflictError as conflict:
            current = conflict.current
            if current.status == "withdrawn":
                return BoardResult(None, f"{reference} has been withdrawn. Nothing was changed.")
            history = await self._entries.history(reference)
            who = history[-1].actor_name if history else ""
            notice = CHANGED.format(who=who or "Another approver", reference=reference)
            return BoardResult(await self._card(current, notice) if in_place else None, notice)
        except RecordsError as problem:
            notice = f"{_sentence(str(problem))} Nothing was changed."
            return BoardResult(await self._card(entry, notice) if in_place else None, notice)
        await self._register.refresh()
        logger.info("register %s: %s (version %d)", reference, verb, changed.version)
        return BoardResult(await self._card(changed, notice) if in_place else None, notice)

    async def _change(
        self, turn_context: TurnContext, verb: str, entry: RegisterRecord, data: dict[str, Any]
    ) -> tuple[RegisterRecord, str]:
        who = {"actor_id": entra_id(turn_context), "actor_name": display_name(turn_context)}
        version = _version(data)
        reference = entry.reference
        if verb == verbs.REGISTER_REVIEW:
            changed = await self._entries.confirm_review(
                reference, version=version, actor_id=who["actor_id"], actor_name=who["actor_name"]
            )
            return changed, f"Review confirmed; the next is due {_day(changed.next_review)}."
        if verb in (verbs.REGISTER_RETIRE, verbs.REGISTER_WITHDRAW):
            reason = _text(data, "reason")
            if not reason:
                raise RecordsError("say why, then press the button again")
            if verb == verbs.REGISTER_RETIRE:
                changed = await self._entries.retire(
                    reference, version=version, reason=reason, **who
                )
                return changed, f"{reference} is retired: later answers say it needs approval."
            changed = await self._entries.withdraw(reference, version=version, reason=reason, **who)
            return changed, f"{reference} is withdrawn from the register."
        if verb != verbs.REGISTER_EDIT:
            raise RecordsError("that button is not one the register knows")
        changes = _changes(entry, data)
        self._check_data(changes.get("data_classification"))
        changed = await self._entries.edit(
            reference, version=version, changes=changes, note=_text(data, "note") or None, **who
        )
        saved = "Saved." if changed.version != entry.version else "Nothing had changed."
        return changed, saved

    async def _add(self, turn_context: TurnContext, data: dict[str, Any]) -> BoardResult:
        new = NewEntry(
            tool=_text(data, "tool", 200),
            purpose=_text(data, "purpose"),
            decision=_text(data, "decision", 40),
            data_classification=_text(data, "data_classification", 100) or "none",
            conditions=_lines(data, "conditions") or None,
            owner=_text(data, "owner", 200),
        )
        try:
            self._check_data(new.data_classification)
            added = await self._entries.add(
                new, actor_id=entra_id(turn_context), actor_name=display_name(turn_context)
            )
        except RecordsError as problem:
            notice = f"{_sentence(str(problem))} Nothing was added."
            return BoardResult(add_entry_card(self._policy, notice), notice)
        await self._register.refresh()
        notice = f"Added as {added.reference}."
        return BoardResult(await self._card(added, notice), notice)

    async def _card(self, entry: RegisterRecord, notice: str = "") -> dict[str, Any]:
        history = await self._entries.history(entry.reference)
        return entry_card(entry, self._policy, _today(), notice, history)

    def _check_data(self, classification: str | None) -> None:
        """A data class the policy defines (or "none"): any other would be read as "none" and
        cover less than the board meant."""
        known = {c.id for c in self._policy.document.data_classes}
        if classification is not None and classification != "none" and classification not in known:
            raise RecordsError(f"the policy has no data class {classification!r}")

    async def _refusal(self, turn_context: TurnContext) -> str:
        try:
            allowed = await self._authority.may_decide(turn_context)
        except RosterUnavailableError:
            return ROSTER_UNAVAILABLE
        return "" if allowed else NOT_AN_APPROVER


def _changes(entry: RegisterRecord, data: dict[str, Any]) -> dict[str, Any]:
    """The form's fields as the entry's values: only those the form sent. An assessment marked
    done is dated today unless it was done already; one no longer done loses its date."""
    changes: dict[str, Any] = {}
    for key in ("decision", "data_classification"):
        if key in data:
            changes[key] = _text(data, key, 100)
    for key in ("purpose", "owner"):
        if key in data:
            changes[key] = _text(data, key, 200 if key == "owner" else TEXT_LIMIT)
    if "conditions" in data:
        changes["conditions"] = _lines(data, "conditions") or None
    for name, _ in ASSESSMENTS:
        status = data.get(f"{name}_status")
        if isinstance(status, str):
            changes[f"{name}_status"] = status
            if status != "done":
                changes[f"{name}_date"] = None
            elif getattr(entry, f"{name}_status") != "done":
                changes[f"{name}_date"] = _today()
    if "next_review" in data:
        try:
            changes["next_review"] = date.fromisoformat(str(data["next_review"]))
        except ValueError as bad:
            raise RecordsError("the next review must be a date") from bad
    for key in ("public_facing", "decision_influencing"):
        if key in data:
            changes[key] = str(data[key]).lower() == "true"
    return changes


def _version(data: dict[str, Any]) -> int:
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool):
        return version
    if isinstance(version, str) and version.isdigit():
        return int(version)
    raise RecordsError("the card does not say which version it showed")


def _text(data: dict[str, Any], key: str, limit: int = TEXT_LIMIT) -> str:
    value = data.get(key)
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def _lines(data: dict[str, Any], key: str) -> str:
    """Text whose line breaks mean something (one condition a line), each line single-spaced."""
    value = data.get(key)
    if not isinstance(value, str):
        return ""
    lines = (" ".join(line.split()) for line in value.splitlines())
    return "\n".join(line for line in lines if line)[:TEXT_LIMIT]


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def _today() -> date:
    return utcnow().date()


def _day(when: date) -> str:
    return f"{when.day} {when.strftime('%b')} {when.year}"
