"""The drafts the two dialogs collect and the receipts the records side gives back.

The dialogs fill a draft and hand it to an injected `submit`; `bot.workflows` records it through
`bot.records` and answers with the receipt. Plain frozen dataclasses, so neither side needs the
other to know their shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ApprovalDraft:
    tool: str
    purpose: str
    data_description: str
    data_classification: str  # a policy data-class id, or "none"
    expected_output: str
    output_use: str
    justification: str = ""
    key: str = ""  # the dialog run that collected it: one request per run, however often sent


@dataclass(frozen=True)
class SubmittedApproval:
    reference: str  # "AR-0001"
    decided_by: str  # who decides, e.g. the policy's approver name
    next_steps: str  # one or two sentences


@dataclass(frozen=True)
class IncidentDraft:
    """Everything the dialog collected; maps onto bot.records.incidents.NewIncident.
    `occurred_text` is the time as the reporter confirmed it ("Wednesday 25 November 2026,
    around 3pm"), or their own words when it could not be read ("not sure")."""

    description: str
    tool: str
    occurred_at: datetime | None
    occurred_text: str
    personal_data: str  # "yes" | "no" | "not_sure"
    data_kinds: tuple[str, ...]
    data_subjects: str
    people_affected: str
    people_affected_count: int | None
    actions_taken: str
    severity: str
    severity_reasons: tuple[str, ...]
    key: str = ""  # the dialog run that collected it: one report per run, however often sent


@dataclass(frozen=True)
class SubmittedIncident:
    reference: str  # "INC-0001"
    told: tuple[str, ...]  # ("the AI governance board", "the Data Protection Officer")
