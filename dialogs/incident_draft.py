"""The incident report's answers as the records take them, with the severity worked out from
them (knowledge.severity): what submitting hands over, and what the summary card shows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import knowledge
from forms.drafts import IncidentDraft
from knowledge.severity import Assessment, IncidentFacts, assess, read_incident, tool_standing

from .incident_form import UNSURE, personal_data


def draft_of(policy: knowledge.Policy, state: Mapping[str, Any]) -> IncidentDraft:
    """The answers as the records take them, with the severity worked out from them."""
    answers = state["answers"]
    when = answers["when"] or {}
    people = answers["people_affected"] or {}
    assessment = assessment_of(policy, state)
    return IncidentDraft(
        description=answers["description"] or "",
        tool=answers["tool"] or "",
        occurred_at=datetime.fromisoformat(when["at"]) if when.get("at") else None,
        occurred_text=when.get("text", ""),
        personal_data=personal_data(answers) or "not_sure",
        data_kinds=tuple(sorted(_kinds(policy, answers) - {UNSURE})),
        data_subjects=answers["data_subjects"] or "",
        people_affected=people.get("text", ""),
        people_affected_count=people.get("count"),
        actions_taken=answers["actions_taken"] or "",
        severity=assessment.level.value,
        severity_reasons=assessment.reasons,
    )


def assessment_of(policy: knowledge.Policy, state: Mapping[str, Any]) -> Assessment:
    answers = state["answers"]
    reading = read_incident(policy, answers["description"] or "")
    standing = tool_standing(policy, answers["tool"] or "") if answers["tool"] else None
    standing = standing or reading.tool
    people = answers["people_affected"] or {}
    return assess(
        IncidentFacts(
            personal_data=personal_data(answers) or "not_sure",
            data_kinds=frozenset(_kinds(policy, answers) - {UNSURE}),
            people_affected=people.get("count"),
            tool_public=bool(standing and standing.public),
            tool_unapproved=bool(standing and not standing.approved),
            sent_out=reading.sent_out,
            decision_about_person=reading.decision_about_person,
        )
    )


def _kinds(policy: knowledge.Policy, answers: Mapping[str, Any]) -> set[str]:
    """The kinds chosen, and, unless the reporter said no personal data was involved, the
    kinds their own description names (a health detail they mentioned counts)."""
    kinds = set(answers["data_kinds"] or ())
    if personal_data(answers) != "no" and answers["description"]:
        kinds |= read_incident(policy, answers["description"]).data_kinds
    return kinds
