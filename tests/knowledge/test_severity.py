"""Incident severity: the level, and the reasons shown with it."""

from __future__ import annotations

import pytest

from knowledge import load_policy
from knowledge.severity import (
    IncidentFacts,
    Level,
    PeopleCount,
    ToolStanding,
    assess,
    data_kinds_for,
    read_incident,
    read_people_count,
    tool_standing,
)

PERSONAL = frozenset({"personal"})


def facts(**fields: object) -> IncidentFacts:
    return IncidentFacts(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "level", "first_reason"),
    [
        (facts(), "low", "no personal or confidential data, and nothing left the organisation"),
        (facts(tool_public=True), "low", "a public AI tool was used, with no personal"),
        (facts(tool_unapproved=True), "low", "an unapproved tool was used"),
        (facts(sent_out=True), "medium", "AI output or data was sent out or published"),
        (facts(personal_data="yes", data_kinds=PERSONAL), "medium", "personal data is involved"),
        (facts(personal_data="not_sure"), "medium", "personal data may be involved"),
        (
            facts(personal_data="yes", data_kinds=PERSONAL, tool_public=True),
            "high",
            "personal data went into a public AI tool",
        ),
        (
            facts(personal_data="not_sure", tool_unapproved=True),
            "high",
            "personal data may have gone into an unapproved tool",
        ),
        (
            facts(personal_data="yes", data_kinds=PERSONAL, sent_out=True),
            "high",
            "personal data went outside the organisation",
        ),
        (
            facts(personal_data="yes", data_kinds=PERSONAL, people_affected=12),
            "high",
            "10 or more people affected",
        ),
        (facts(decision_about_person=True), "high", "AI output fed a decision about a person"),
        (facts(data_kinds=frozenset({"confidential"})), "medium", "confidential information"),
        (
            facts(data_kinds=frozenset({"confidential"}), tool_public=True),
            "high",
            "confidential information into a public AI tool",
        ),
        (
            facts(personal_data="yes", data_kinds=frozenset({"personal", "children"})),
            "high",
            "children's personal data is involved",
        ),
        (
            facts(personal_data="yes", data_kinds=frozenset({"children"}), tool_public=True),
            "critical",
            "children's personal data is involved",
        ),
        (
            facts(personal_data="yes", data_kinds=frozenset({"special_category"})),
            "critical",
            "special category or sensitive personal data is involved",
        ),
        (
            facts(personal_data="yes", data_kinds=PERSONAL, people_affected=300, sent_out=True),
            "critical",
            "100 or more people's personal data left the organisation",
        ),
    ],
)
def test_the_scale(given: IncidentFacts, level: str, first_reason: str) -> None:
    assessment = assess(given)
    assert assessment.level == level
    assert assessment.reasons[0].startswith(first_reason)
    assert assessment.reasons[0].endswith(f": {level}")


def test_every_reason_is_given_highest_first_and_the_tool_alone_is_not_repeated() -> None:
    assessment = assess(
        facts(
            personal_data="yes",
            data_kinds=frozenset({"personal", "special_category"}),
            people_affected=30,
            tool_public=True,
        )
    )
    assert assessment.reasons == (
        "special category or sensitive personal data is involved: critical",
        "personal data went into a public AI tool: high",
        "10 or more people affected: high",
    )


def test_levels_are_ordered() -> None:
    assert [level.rank for level in Level] == [0, 1, 2, 3]
    assert [str(level) for level in Level] == ["low", "medium", "high", "critical"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("one", 1),
        ("a resident", 1),
        ("just me", 1),
        ("a few", 3),
        ("about 30", 30),
        ("30-40", 40),
        ("1,200 households", 1200),
        ("hundreds", 200),
        ("a few hundred", 100),
        ("the whole class", 30),
        ("thousands", 2000),
        ("nobody", 0),
        ("not sure", None),
        ("I don't know", None),
    ],
)
def test_how_many_people(text: str, count: int | None) -> None:
    assert read_people_count(text) == PeopleCount(count)


@pytest.mark.parametrize("text", ["", "blah", "the usual"])
def test_answers_with_no_number_are_not_read(text: str) -> None:
    assert read_people_count(text) is None


MID_KENT = load_policy("mid-kent")
SOCITM = load_policy("socitm-template")
SCHOOL = load_policy("school-model")


def test_tools_are_read_as_the_policy_sees_them() -> None:
    assert tool_standing(MID_KENT, "chatgpt") == ToolStanding("ChatGPT", True, False)
    assert tool_standing(SOCITM, "ChatGPT") == ToolStanding("ChatGPT", True, True)
    assert tool_standing(MID_KENT, "copilot") == ToolStanding("Microsoft Copilot", True, False)
    assert tool_standing(MID_KENT, "a website I found") is None


def test_policy_data_classes_map_onto_the_scale() -> None:
    assert data_kinds_for(MID_KENT, ["sensitive"]) == {"special_category", "personal"}
    assert data_kinds_for(MID_KENT, ["financial"]) == {"personal"}
    assert data_kinds_for(SCHOOL, ["pupil_data"]) == {"children", "personal"}
    assert data_kinds_for(SOCITM, ["confidential"]) == {"confidential"}
    assert data_kinds_for(SOCITM, ["public"]) == frozenset()


def test_reading_the_reporters_words() -> None:
    pasted = read_incident(MID_KENT, "I accidentally pasted a resident's email into ChatGPT")
    assert pasted.tool == ToolStanding("ChatGPT", True, False)
    assert pasted.data_kinds == {"personal"} and not pasted.sent_out
    report = read_incident(MID_KENT, "copilot made up a figure that went into a committee report")
    assert report.sent_out and report.data_kinds == frozenset()
    pupils = read_incident(SCHOOL, "I pasted the class list into chatgpt")
    assert pupils.data_kinds == {"personal", "children"}
    decision = read_incident(MID_KENT, "we refused her housing application on Copilot's decision")
    assert decision.decision_about_person
