"""Small builders shared by the records tests."""

from __future__ import annotations

from bot.records.approvals import NewApprovalRequest
from bot.records.incidents import NewIncident, Severity
from bot.records.interactions import NewInteraction


def approval_request(requester: str = "aad-requester-1") -> NewApprovalRequest:
    return NewApprovalRequest(
        requester_id=requester,
        requester_name="Ada Requester",
        tool="Copilot",
        purpose="Summarise committee minutes",
        data_description="Published committee minutes",
        data_classification="OFFICIAL",
        expected_output="A one-page summary",
        output_use="Shared with the team after review",
    )


def incident(reporter: str = "aad-reporter-1") -> NewIncident:
    return NewIncident(
        reporter_id=reporter,
        reporter_name="Rita Reporter",
        description="Pasted a resident's address into ChatGPT",
        tool="ChatGPT",
        data_involved="name and address of one resident",
        severity=Severity.HIGH,
    )


def interaction(user: str = "aad-user-1", question: str = "Can I use ChatGPT?") -> NewInteraction:
    return NewInteraction(
        user_id=user,
        conversation_id="19:chat",
        question=question,
        verdict="needs_approval",
        policy_id="socitm-template",
        policy_version="2024-01",
        answer="Not until it is authorised.",
        rule_ids=["unlisted-tool"],
        decision={"verdict": "needs_approval"},
    )
