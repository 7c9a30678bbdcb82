"""How serious a reported incident looks, from the reporter's answers, and why.

The board triages by this; the reporter sees it before submitting. It is a first reading, not a
legal judgement: the DPO decides whether a breach is reportable to the ICO.

The scale (each rule gives a floor; the highest floor wins; every rule that applied is a reason):

critical
    Special category or similarly sensitive personal data (health, ethnicity, religion,
    sexuality, biometrics; safeguarding, SEN, social care, criminal records) may be involved;
    or children's personal data left the organisation; or personal data of 100 or more people
    left the organisation. The kind of breach most likely to need reporting to the ICO within
    72 hours and to the people affected.
high
    Personal data left the organisation: it went into a public or unapproved AI tool, or was
    sent out or published; or children's personal data was involved at all; or 10 or more
    people's personal data; or AI output fed a decision about a person; or confidential
    information left the organisation.
medium
    Personal data was, or may have been, involved but stayed within approved tools; or
    confidential information stayed within approved tools; or AI output with an error was
    published or sent out.
low
    No personal or confidential data and nothing left the organisation (for example a near
    miss, or a wrong answer caught before use); or only that a public or unapproved tool was
    used.

"Left the organisation" means a public or unapproved AI tool (its provider now holds the data)
or that it was sent, published or shared outside. "Not sure" about personal data is treated as
yes until someone checks, and the reason says "may".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from .policy import Policy
from .reader import read_question
from .schema import ToolStatus

__all__ = [
    "DATA_KINDS",
    "Assessment",
    "IncidentFacts",
    "IncidentReading",
    "Level",
    "PeopleCount",
    "ToolStanding",
    "assess",
    "data_kinds_for",
    "read_incident",
    "read_people_count",
    "tool_standing",
]


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


# The kinds of data the scale distinguishes; policies' own data classes map onto these.
DATA_KINDS = ("personal", "special_category", "children", "confidential")
MANY_PEOPLE = 10
VERY_MANY_PEOPLE = 100


@dataclass(frozen=True)
class IncidentFacts:
    """What severity is derived from. `personal_data` is "yes", "no" or "not_sure";
    `data_kinds` holds DATA_KINDS; `people_affected` is None when unknown."""

    personal_data: str = "no"
    data_kinds: frozenset[str] = frozenset()
    people_affected: int | None = None
    tool_public: bool = False
    tool_unapproved: bool = False
    sent_out: bool = False  # sent, published or shared outside the organisation
    decision_about_person: bool = False


@dataclass(frozen=True)
class Assessment:
    level: Level
    reasons: tuple[str, ...]  # "special category data may be involved: critical", highest first


def assess(facts: IncidentFacts) -> Assessment:
    """The level and every reason that applied, highest first (see the module's scale)."""
    found = [*_data_reasons(facts), *_other_reasons(facts)]
    if not found:
        found = _tool_reasons(facts)
    if not found:
        found = [(Level.LOW, "no personal or confidential data, and nothing left the organisation")]
    found.sort(key=lambda item: -item[0].rank)
    seen: set[str] = set()
    reasons = []
    for level, text in found:
        if text not in seen:
            seen.add(text)
            reasons.append(f"{text}: {level}")
    return Assessment(found[0][0], tuple(reasons))


def _data_reasons(facts: IncidentFacts) -> list[tuple[Level, str]]:
    kinds = facts.data_kinds
    personal = facts.personal_data in ("yes", "not_sure") or bool(
        kinds & {"personal", "special_category", "children"}
    )
    may = "may be" if facts.personal_data == "not_sure" else "is"
    went = "may have gone" if facts.personal_data == "not_sure" else "went"
    left = _left(facts)
    found: list[tuple[Level, str]] = []
    if "special_category" in kinds:
        found.append(
            (Level.CRITICAL, f"special category or sensitive personal data {may} involved")
        )
    if personal and "children" in kinds:
        level = Level.CRITICAL if left else Level.HIGH
        found.append((level, f"children's personal data {may} involved"))
    if personal:
        found += _personal_reasons(facts, left, may, went)
    if "confidential" in kinds:
        level = Level.HIGH if left else Level.MEDIUM
        where = f" {_where(facts)}" if left else ""
        found.append((level, f"confidential information{where}".strip()))
    return found


def _personal_reasons(
    facts: IncidentFacts, left: bool, may: str, went: str
) -> list[tuple[Level, str]]:
    found: list[tuple[Level, str]] = []
    if left:
        found.append((Level.HIGH, f"personal data {went} {_where(facts)}"))
    else:
        found.append((Level.MEDIUM, f"personal data {may} involved"))
    count = facts.people_affected
    if count is not None and count >= VERY_MANY_PEOPLE and left:
        reason = f"{VERY_MANY_PEOPLE} or more people's personal data left the organisation"
        found.append((Level.CRITICAL, reason))
    elif count is not None and count >= MANY_PEOPLE:
        found.append((Level.HIGH, f"{MANY_PEOPLE} or more people affected"))
    return found


def _other_reasons(facts: IncidentFacts) -> list[tuple[Level, str]]:
    found: list[tuple[Level, str]] = []
    if facts.decision_about_person:
        found.append((Level.HIGH, "AI output fed a decision about a person"))
    if facts.sent_out:
        found.append((Level.MEDIUM, "AI output or data was sent out or published"))
    return found


def _tool_reasons(facts: IncidentFacts) -> list[tuple[Level, str]]:
    """Said only when nothing weightier was: the tool alone, with no data at risk."""
    if facts.tool_public:
        return [(Level.LOW, "a public AI tool was used, with no personal or confidential data")]
    if facts.tool_unapproved:
        return [(Level.LOW, "an unapproved tool was used, with no personal or confidential data")]
    return []


def _left(facts: IncidentFacts) -> bool:
    return facts.tool_public or facts.tool_unapproved or facts.sent_out


def _where(facts: IncidentFacts) -> str:
    if facts.tool_public:
        return "into a public AI tool"
    if facts.tool_unapproved:
        return "into an unapproved tool"
    return "outside the organisation"


# -- how many people --------------------------------------------------------------------------


@dataclass(frozen=True)
class PeopleCount:
    """A reading of "how many people?": `count` is None when the person said they don't know."""

    count: int | None


_COUNT_WORDS = {
    "nobody": 0, "no one": 0, "none": 0, "noone": 0, "zero": 0,
    "one": 1, "a": 1, "an": 1, "just me": 1, "only me": 1, "me": 1, "myself": 1, "single": 1,
    "two": 2, "a couple": 2, "couple": 2, "both": 2, "three": 3, "a few": 3, "few": 3,
    "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "several": 5, "a handful": 5, "handful": 5, "a dozen": 12, "dozen": 12, "dozens": 24,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a hundred": 100, "hundred": 100,
    "hundreds": 200, "a thousand": 1000, "thousand": 1000, "thousands": 2000,
    "a class": 30, "class": 30, "whole class": 30, "a year group": 180, "year group": 180,
    "whole school": 500, "a lot": 50, "lots": 50, "loads": 50, "many": 50,
}  # fmt: skip
_UNKNOWN_COUNT = re.compile(
    r"\b(?:not sure|unsure|don'?t know|do not know|no idea|unknown|can'?t say|cannot say|"
    r"hard to say|not certain|dunno)\b"
)
_NUMBER = re.compile(r"\d[\d,]*")
_COUNT_WORD = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, _COUNT_WORDS), key=len, reverse=True)) + r")\b"
)


def read_people_count(text: str) -> PeopleCount | None:
    """ "one" -> 1, "a few" -> 3, "about 30" -> 30, "30-40" -> 40, "hundreds" -> 200 (the
    lowest number the word means twice over: a floor, not an estimate), "not sure" -> count
    None. None when the answer gives no number at all. Ranges take the higher end."""
    lowered = " ".join(text.lower().replace("\u2019", "'").split())
    if not lowered:
        return None
    if _UNKNOWN_COUNT.search(lowered):
        return PeopleCount(None)
    numbers = [int(n.replace(",", "")) for n in _NUMBER.findall(lowered) if n.strip(",")]
    if numbers:
        return PeopleCount(max(numbers))
    words = [_COUNT_WORDS[w] for w in _COUNT_WORD.findall(lowered)]
    return PeopleCount(max(words)) if words else None


# -- reading the answers against the policy ---------------------------------------------------


@dataclass(frozen=True)
class ToolStanding:
    """A tool as the policy sees it: `public` when it is a public or consumer AI tool (the
    provider now holds what was typed), `approved` when the policy lets staff use it."""

    name: str
    public: bool
    approved: bool


@dataclass(frozen=True)
class IncidentReading:
    """What the words of a report say, read with the policy's own vocabulary."""

    tool: ToolStanding | None
    data_classes: tuple[str, ...]  # the policy's data-class ids
    data_kinds: frozenset[str]  # DATA_KINDS
    sent_out: bool
    decision_about_person: bool


_CHILDREN = re.compile(
    r"\b(?:pupils?'?s?|child(?:ren)?'?s?|students?'?s?|kids?|minors?|young (?:person|people)|"
    r"looked after|school ?children|learners?'?s?)\b"
)
_SENT_OUT = re.compile(
    r"\b(?:sent|emailed|e-mailed|posted|published|went out|forwarded|shared with|"
    r"circulated|printed|went into a (?:report|letter|committee))\b"
)


def tool_standing(policy: Policy, text: str) -> ToolStanding | None:
    """The tool `text` names ("ChatGPT", "the free chatgpt"), or None if none is recognised."""
    for candidate in (text, f"I used {text}"):
        hit = read_question(policy, candidate).tool
        if hit is not None and hit.entry is not None:
            return _standing(policy, hit.entry.key, hit.entry.name, hit.entry.kind)
    return None


def _standing(policy: Policy, key: str, name: str, kind: str | None) -> ToolStanding:
    tool = policy.tools.get(key)
    if tool is not None:
        status = policy.tool_status(tool)
        category = tool.category
    else:
        category = kind or ""
        covering = policy.categories.get(category)
        if covering is not None and covering.covers_unlisted:
            status = covering.status
        else:
            status = policy.document.unlisted_tool.status
    approved = status in (ToolStatus.APPROVED, ToolStatus.APPROVED_WITH_CONDITIONS)
    return ToolStanding(tool.name if tool else name, category == "public_tool", approved)


def data_kinds_for(policy: Policy, data_classes: Iterable[str]) -> frozenset[str]:
    """The policy's data-class ids as DATA_KINDS: anything personal (or implying it) is
    personal; special category and "sensitive" classes (safeguarding, SEN, criminal records)
    are special_category; pupil classes are children; confidential stays confidential."""
    kinds: set[str] = set()
    for class_id in data_classes:
        implied = policy.implied.get(class_id, frozenset({class_id}))
        if any(d in policy.data_classes and policy.data_classes[d].personal for d in implied):
            kinds.add("personal")
        if class_id in ("special_category", "sensitive"):
            kinds |= {"special_category", "personal"}
        if "pupil" in class_id or class_id == "children":
            kinds |= {"children", "personal"}
        if class_id == "confidential":
            kinds.add("confidential")
    return frozenset(kinds)


def read_incident(policy: Policy, text: str) -> IncidentReading:
    """Read the reporter's own words: which tool, what data, whether it went out, and whether
    a decision about a person rested on it."""
    reading = read_question(policy, text)
    hit = reading.tool
    tool = None
    if hit is not None and hit.entry is not None:
        tool = _standing(policy, hit.entry.key, hit.entry.name, hit.entry.kind)
    classes = tuple(sorted(reading.data))
    kinds = set(data_kinds_for(policy, classes))
    lowered = text.lower()
    if "personal" in kinds and _CHILDREN.search(lowered):
        kinds.add("children")
    sent = "publish" in reading.signals or bool(_SENT_OUT.search(lowered))
    return IncidentReading(
        tool=tool,
        data_classes=classes,
        data_kinds=frozenset(kinds),
        sent_out=sent,
        decision_about_person="decision_making" in reading.signals,
    )
