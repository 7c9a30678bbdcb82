"""The incident report's answers as the records take them, with the severity worked out from
them (knowledge.severity), and as the intro, summary and resume cards show them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import knowledge
from forms.drafts import IncidentDraft
from knowledge.severity import Assessment, IncidentFacts, assess, read_incident, tool_standing

from .card_parts import Row
from .incident_form import EDITABLE, personal_data
from .incident_readers import KIND_LABELS, UNSURE


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
        key=str(state.get("report") or ""),
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


# -- as the cards show them ------------------------------------------------------------------


def known_rows(state: Mapping[str, Any]) -> list[Row]:
    """What the first message already told, shown on the intro card."""
    answers = state["answers"]
    rows = []
    if answers["description"]:
        rows.append(Row("What happened", answers["description"]))
    if answers["tool"]:
        rows.append(Row("Tool", answers["tool"]))
    if answers["involved"]:
        rows.append(Row("Information involved", data_words(answers)))
    return rows


def data_words(answers: Mapping[str, Any]) -> str:
    personal = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}
    words = personal.get(personal_data(answers) or "", "")
    kinds = [KIND_LABELS[k] for k in sorted(set(answers["data_kinds"] or ())) if k in KIND_LABELS]
    if answers["involved"] == "yes" and kinds:
        return f"{words}: {', '.join(kinds)}"
    return {"no": "None", "not_sure": "Not sure"}.get(answers["involved"], words)


def summary_rows(state: Mapping[str, Any]) -> list[Row]:
    """Every answer given, as the summary and the resume card show them."""
    answers, prefilled = state["answers"], set(state.get("prefilled", ()))
    people = answers["people_affected"] or {}
    values = {
        "description": answers["description"],
        "tool": answers["tool"],
        "when": (answers["when"] or {}).get("text"),
        "involved": data_words(answers),
        "data_subjects": answers["data_subjects"],
        "people_affected": people.get("text"),
        "actions_taken": answers["actions_taken"],
    }
    return [
        Row(label, values[field], "from your message" if field in prefilled else "")
        for field, label in EDITABLE
        if values[field]
    ]
