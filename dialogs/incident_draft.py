"""The incident report's answers as the records take them, with the severity worked out from
them (knowledge.severity), and as the intro, summary and resume cards show them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import knowledge
from forms.drafts import IncidentDraft
from knowledge.severity import (
    Assessment,
    IncidentFacts,
    assess,
    data_kinds_for,
    read_incident,
    tool_standing,
)
from knowledge.when import When, read_when

from .card_parts import Row
from .incident_form import (
    EDITABLE,
    LIMITS,
    PERSONAL_KINDS,
    IncidentPrefill,
    ReportState,
    merge_fresh,
    personal_data,
)
from .incident_readers import KIND_LABELS, UNSURE, people_named, report_id
from .options import text as _text


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


# -- starting a report, and reading what its answers say ---------------------------------------


def new_report(policy: knowledge.Policy, prefill: IncidentPrefill) -> ReportState:
    """A report started from what the first message told (nothing asked yet)."""
    answers: dict[str, Any] = dict.fromkeys(
        ("description", "tool", "when", "involved", "data_kinds", "data_subjects",
         "people_affected", "actions_taken"),
    )  # fmt: skip
    what = _text(prefill.what_happened)
    reading = read_incident(policy, what) if what else None
    if what:
        answers["description"] = what[: LIMITS["description"]]
    tool = _text(prefill.tool) or (reading.tool.name if reading and reading.tool else "")
    if tool:
        answers["tool"] = tool[: LIMITS["tool"]]
    classes = [c for c in prefill.data_classes if c in policy.data_classes]
    kinds = set(data_kinds_for(policy, classes)) if what else set()
    kinds |= set(reading.data_kinds) if reading else set()
    if kinds & PERSONAL_KINDS:
        answers["involved"], answers["data_kinds"] = "yes", sorted(kinds)
        answers["people_affected"] = people_named(what)  # "a resident's email": one
    return {
        "report": report_id(),
        "question": _text(prefill.question)[:1000],
        "prefilled": [f for f, v in answers.items() if v is not None],
        "pending_when": None,
        "when_retry": False,
        "breach_told": False,
        "answers": answers,
    }


def read_along(state: ReportState, field: str, text: str, told: ReportState, now: datetime) -> None:
    """What an answer says besides what was asked ("I put a pupil's SEN report into Gemini this
    morning": the tool, the data, one person, the time), kept as if said in the first message,
    so that only what is still missing is asked. `told` is the report the text alone would
    start."""
    answers, prefilled = state["answers"], state.setdefault("prefilled", [])
    if field == "description":
        merge_fresh(state, told)
        if answers["when"] is None and not state.get("pending_when"):
            found = read_when(text, now)
            if isinstance(found, When):
                state["pending_when"] = {
                    "at": found.at.isoformat(),
                    "precision": found.precision,
                    "text": found.text[:200],
                }
    if answers["people_affected"] is None and (people := people_named(text)):
        answers["people_affected"] = people
        prefilled.append("people_affected")
