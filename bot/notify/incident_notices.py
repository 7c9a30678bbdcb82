"""Incident notifications: the board's card (governance and security channels), what the
reporter is told as their report moves on, and reminders of unacknowledged incidents. Texts are
read from the records at send time; the outbox holds references only."""

from __future__ import annotations

from typing import Any

from botbuilder.core import MessageFactory

from bot.cards.incident import STATUS_WORDS
from bot.governance.incident_board import IncidentBoard
from bot.records import incidents as kinds
from bot.records.conversations import GOVERNANCE_KEY
from bot.records.incidents import IncidentRepository
from bot.records.models import Incident, utcnow
from bot.records.outbox import Notification, PermanentDeliveryError

from .approvers import ApproverDirectory
from .delivery import TeamsDelivery
from .notifier import Handler


class IncidentNotices:
    def __init__(
        self,
        delivery: TeamsDelivery,
        incidents: IncidentRepository,
        board: IncidentBoard,
        directory: ApproverDirectory | None = None,
    ) -> None:
        self._delivery = delivery
        self._incidents = incidents
        self._board = board
        self._directory = directory

    def handlers(self) -> dict[str, Handler]:
        return {
            kinds.CARD: self.card,
            kinds.REPORTER_UPDATE: self.reporter_update,
            kinds.REMINDER: self.reminder,
        }

    async def _incident(self, notification: Notification) -> Incident:
        incident = await self._incidents.get(str(notification.payload.get("reference")))
        if incident is None:
            raise PermanentDeliveryError("the incident no longer exists")
        return incident

    async def card(self, notification: Notification) -> None:
        incident = await self._incident(notification)
        if self._directory is not None and notification.destination == GOVERNANCE_KEY:
            await self._directory.ensure_known(notification.destination)
        card = await self._board.card(incident.reference, responder=False)
        await self._delivery.post_or_update_card(
            f"incident:{incident.reference}", notification.destination, card
        )

    async def reporter_update(self, notification: Notification) -> None:
        incident = await self._incident(notification)
        text = await self._update_text(incident, notification.payload)
        await self._delivery.send(notification.destination, MessageFactory.text(text))

    async def reminder(self, notification: Notification) -> None:
        incident = await self._incident(notification)
        if incident.acknowledged_at is not None or incident.status == "closed":
            return  # picked up since the reminder was queued
        hours = max(1, int((utcnow() - incident.created_at).total_seconds() // 3600))
        text = (
            f"Reminder: incident {incident.reference} ({incident.severity} severity) was reported "
            f"{hours} hour{'s' if hours != 1 else ''} ago and nobody has acknowledged it yet. "
            "Its card is above; a responder can acknowledge it there."
        )
        await self._delivery.send(notification.destination, MessageFactory.text(text))

    async def _update_text(self, incident: Incident, payload: dict[str, Any]) -> str:
        event, reference = payload.get("event"), incident.reference
        note = await self._note(incident, payload.get("note_id"))
        who = incident.assigned_name or "a member of the board"
        if event == "acknowledged":
            return f"Your report {reference} has been picked up by {who}."
        if event == "question":
            return (
                f"A question about your report {reference} from {note[0] or who}: {note[1]}\n\n"
                f'Reply with "answer {reference}: " followed by your answer.'
            )
        if event == "status_changed":
            status = STATUS_WORDS.get(incident.status, incident.status)
            text = f"Your report {reference} is now: {status}."
            return text + (f"\n\nNote from {note[0] or who}: {note[1]}" if note[1] else "")
        return f"There is an update on your report {reference}" + (
            f": {note[1]}" if note[1] else "."
        )

    async def _note(self, incident: Incident, note_id: object) -> tuple[str, str]:
        if not isinstance(note_id, int):
            return "", ""
        for note in await self._incidents.notes(incident.reference):
            if note.id == note_id:
                return note.author_name, note.text
        return "", ""
