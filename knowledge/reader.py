"""Reading a question: which tool, purpose, data, circumstances and role it mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .identifiers import find_identifiers
from .matching import Concept, concepts_of
from .normalise import Token, normalise, tokenise
from .policy import EVERYDAY_SOFTWARE, Policy
from .tool_index import ToolHit

PURPOSE_THRESHOLD = 0.6  # the best purpose must cover this share of an example's meaning
PURPOSE_CONFIDENT = 0.75  # other purposes count too when they match at least this well
FAQ_THRESHOLD = 0.6
_PERMISSION_FORM = re.compile(
    r"\b(?:can|may|could|should|shall)\s+(?:i|we|you|staff|pupils?|students?|teachers?|"
    r"colleagues?|my|our|officers?|members?|the)\b|\b(?:am i|are we|is it|are they|is that)\s+"
    r"(?:allowed|ok|okay|permitted|fine|acceptable|alright|safe)\b|\bdo (?:i|we) need\b|"
    r"\b(?:allowed|permitted) to\b|\bis \w+ (?:allowed|approved|permitted)\b"
)

# "What do I need to put in a request?" asks for information even though it says "do I need".
_WH_QUESTION = re.compile(r"\s*(?:what|who|whom|whose|when|where|which|why|how)\b")
# "Can Copilot ...", "Is Gemini OK ...", "Should we ...": asking for permission. ("Does Copilot
# train on our data?" asks a fact, so a leading do/does is not enough.)
_PERMISSION_START = re.compile(
    r"\s*(?:please\s+|hi\s+|hello\s+)?(?:can|could|may|might|should|shall|am|are|is|would|will)\b"
)


@dataclass
class Reading:
    text: str
    tokens: list[Token]
    concepts: list[str]
    tools: list[ToolHit] = field(default_factory=list)
    data: set[str] = field(default_factory=set)
    data_from_identifiers: set[str] = field(default_factory=set)
    identifiers: list[str] = field(default_factory=list)
    absent: set[str] = field(default_factory=set)  # "no_personal", "only_public"
    signals: set[str] = field(default_factory=set)
    roles: set[str] = field(default_factory=set)
    purposes: list[tuple[str, float]] = field(default_factory=list)
    faq: tuple[str, float] | None = None
    information_cue: bool = False
    permission_form: bool = False

    @property
    def tool(self) -> ToolHit | None:
        return self.tools[0] if self.tools else None

    @property
    def understood(self) -> bool:
        """Anything at all to answer from."""
        meaningful = self.signals - {"human_review"}
        return bool(self.tools or self.purposes or self.data or meaningful or self.faq)


def read_question(policy: Policy, question: str) -> Reading:
    text = normalise(question)
    tokens = tokenise(text)
    tools = [hit for hit in policy.tool_index.find(text, tokens) if _counts(policy, hit)]
    in_tool = {i for hit in tools for i in range(hit.first, hit.last)}
    # One pass for both readings: the FAQ index also counts the stop words it keeps ("who").
    lexicon = policy.lexicon
    faq_concepts = [
        c for c in concepts_of(tokens, lexicon, keep=lexicon.faq_keep) if c.first not in in_tool
    ]
    concepts = [c for c in faq_concepts if not c.kept]
    reading = Reading(text, tokens, [c.name for c in concepts], tools)
    _read_data(policy, reading, concepts)
    _read_signals(policy, reading, concepts)
    reading.purposes = _purposes(policy, reading)
    faq_scores = policy.faq_index.scores(
        (c.name for c in faq_concepts), weak=policy.faq_weak, floor=FAQ_THRESHOLD
    )
    if faq_scores:
        best = max(faq_scores.items(), key=lambda item: (item[1], -policy.faq_order[item[0]]))
        reading.faq = best if best[1] >= FAQ_THRESHOLD else None
    reading.information_cue = bool(policy.information_matcher.find(concepts, tokens))
    lowered = text.lower()
    reading.permission_form = not _WH_QUESTION.match(lowered) and bool(
        _PERMISSION_START.match(lowered) or _PERMISSION_FORM.search(lowered)
    )
    return reading


def _counts(policy: Policy, hit: ToolHit) -> bool:
    """Everyday software (Word, Outlook) is not an AI tool unless the policy has a category
    for it, as Mid-Kent's "everyday tools that incorporate AI features" does."""
    if hit.entry is None or hit.entry.kind != EVERYDAY_SOFTWARE:
        return True
    return EVERYDAY_SOFTWARE in policy.categories


def _read_data(policy: Policy, reading: Reading, concepts: list[Concept]) -> None:
    found: set[str] = set()
    not_data = [(h.first, h.last) for h in policy.not_data_matcher.find(concepts, reading.tokens)]
    for hit in policy.data_matcher.find(concepts, reading.tokens):
        covered = any(first <= hit.first and hit.last <= last for first, last in not_data)
        if not hit.negated and not covered:
            found.add(hit.key)
    for match in find_identifiers(reading.text):
        reading.identifiers.append(match.kind)
        reading.data_from_identifiers.update(policy.by_identifier.get(match.kind, ()))
    absent = {hit.key for hit in policy.absence_matcher.find(concepts, reading.tokens)}
    reading.absent = absent
    if "no_personal" in absent or "only_public" in absent:
        found = {d for d in found if not policy.data_classes[d].personal}
    if "only_public" in absent:
        found = {d for d in found if d == "public"} | ({"public"} & policy.data_classes.keys())
    found |= reading.data_from_identifiers
    reading.data = set().union(*(policy.implied.get(d, {d}) for d in found)) if found else set()


def _read_signals(policy: Policy, reading: Reading, concepts: list[Concept]) -> None:
    for hit in policy.signal_matcher.find(concepts, reading.tokens):
        if not hit.negated:
            reading.signals.add(hit.key)
    if "human_review" in reading.signals:
        reading.signals.discard("no_human_review")
    reading.roles = {h.key for h in policy.role_matcher.find(concepts, reading.tokens)}


def _purposes(policy: Policy, reading: Reading) -> list[tuple[str, float]]:
    # Nothing under the threshold can count (a role penalty only lowers scores further).
    scores = policy.purpose_index.scores(reading.concepts, floor=PURPOSE_THRESHOLD)
    ranked: list[tuple[str, float]] = []
    for purpose_id, score in scores.items():
        applies_to = policy.purposes_by_id[purpose_id].applies_to
        if applies_to and reading.roles and not set(applies_to) & reading.roles:
            continue
        if applies_to and not reading.roles:
            score -= 0.05  # a purpose for everyone beats one for a role nobody mentioned
        ranked.append((purpose_id, score))
    ranked.sort(key=lambda item: (-item[1], policy.purpose_order[item[0]]))
    if not ranked or ranked[0][1] < PURPOSE_THRESHOLD:
        return []
    return [ranked[0]] + [item for item in ranked[1:] if item[1] >= PURPOSE_CONFIDENT]
