"""A loaded policy compiled for answering: the validated document plus its lookup indexes.

Everything costly (stemming examples, building the tool index) happens here, once, at load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from .cues import PLAIN_NEGATION, CueMatcher, CueSpec, Near
from .decision import Citation, Duty
from .lexicon import Lexicon, load_catalog, load_lexicon
from .loader import load_document
from .matching import CoverageIndex, OverlapIndex, PhraseMatcher, phrase_concepts
from .normalise import compact_key, stem
from .schema import (
    Condition,
    DataClass,
    Faq,
    Obligation,
    PolicyDocument,
    Purpose,
    Rule,
    Section,
    Signal,
    Tool,
    ToolCategory,
    ToolStatus,
    Verdict,
)
from .tool_index import ToolEntry, ToolIndex

CONDITION_SETS = ("special_category", "sensitive_personal", "send")
EVERYDAY_SOFTWARE = "everyday_software"


@dataclass(frozen=True, slots=True)
class RuleTest:
    """A rule's condition with its id lists as sets, built once at load: every rule is tested
    against every question. As in the condition, an empty set tests nothing."""

    tools: frozenset[str]
    tool_categories: frozenset[str]
    tool_statuses: frozenset[str]  # status values, as the engine's Subject holds them
    tool_listed: bool | None
    purposes: frozenset[str]
    data_any: frozenset[str]
    data_none: frozenset[str]
    signals_any: frozenset[str]
    signals_all: frozenset[str]
    signals_none: frozenset[str]
    roles: frozenset[str]

    @classmethod
    def of(cls, when: Condition) -> RuleTest:
        return cls(
            frozenset(when.tools),
            frozenset(when.tool_categories),
            frozenset(status.value for status in when.tool_statuses),
            when.tool_listed,
            frozenset(when.purposes),
            frozenset(when.data_any),
            frozenset(when.data_none),
            frozenset(when.signals_any),
            frozenset(when.signals_all),
            frozenset(when.signals_none),
            frozenset(when.roles),
        )


_WORD = re.compile(r"[\w'-]+")
_READ_ANYWHERE = frozenset(
    {"human_review", "person_decides", "human_decides", "decision_support", "publish"}
)


@dataclass
class Policy:
    """What `decide` answers from. Build with `load_policy` or `Policy.compile`."""

    document: PolicyDocument
    lexicon: Lexicon
    sections: dict[str, Section] = field(default_factory=dict)
    tools: dict[str, Tool] = field(default_factory=dict)
    categories: dict[str, ToolCategory] = field(default_factory=dict)
    data_classes: dict[str, DataClass] = field(default_factory=dict)
    implied: dict[str, frozenset[str]] = field(default_factory=dict)
    by_identifier: dict[str, tuple[str, ...]] = field(default_factory=dict)
    purposes_by_id: dict[str, Purpose] = field(default_factory=dict)
    faqs_by_id: dict[str, Faq] = field(default_factory=dict)
    obligations: dict[str, Obligation] = field(default_factory=dict)
    purpose_order: dict[str, int] = field(default_factory=dict)
    faq_order: dict[str, int] = field(default_factory=dict)
    rule_tests: tuple[tuple[Rule, RuleTest], ...] = ()
    # What decisions quote, built once and shared (both are immutable).
    citations: dict[str, Citation] = field(default_factory=dict)
    duties: dict[str, Duty] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def version(self) -> str:
        return self.document.version

    @classmethod
    def compile(cls, document: PolicyDocument) -> Policy:
        policy = cls(capitalised(document), load_lexicon())
        policy._index_items()
        policy._build_matchers()
        return policy

    def _index_items(self) -> None:
        doc = self.document
        self.sections = {s.id: s for s in doc.sections}
        self.tools = {t.id: t for t in doc.tools}
        self.categories = {c.id: c for c in doc.tool_categories}
        self.data_classes = {d.id: d for d in doc.data_classes}
        self.purposes_by_id = {p.id: p for p in doc.purposes}
        self.faqs_by_id = {f.id: f for f in doc.faqs}
        self.obligations = {o.id: o for o in doc.obligations}
        self.purpose_order = {p.id: i for i, p in enumerate(doc.purposes)}
        # The words of each purpose's examples: a risk word the policy itself wrote into a
        # permitted use ("marking" in a teacher's marking purpose) is explained by it.
        self.purpose_words = {
            p.id: frozenset(w.lower() for e in p.examples for w in _WORD.findall(e))
            for p in doc.purposes
        }
        self.faq_order = {f.id: i for i, f in enumerate(doc.faqs)}
        self.rule_tests = tuple((rule, RuleTest.of(rule.when)) for rule in doc.rules)
        self.citations = {s.id: Citation(s.id, s.title) for s in doc.sections}
        self.duties = {o.id: Duty(o.id, o.label, o.text, tuple(o.cites)) for o in doc.obligations}
        self.implied = {d.id: self._closure(d.id) for d in doc.data_classes}
        self.restricted_data = self._restricted_data()
        # circumstances some rule says no or not yet to: a question naming one asks about a use
        self.restrictive_signals = frozenset(
            signal
            for rule, test in self.rule_tests
            if rule.verdict in ("prohibited", "needs_approval")
            for signal in test.signals_any | test.signals_all
        )
        by_identifier: dict[str, list[str]] = {}
        for data_class in doc.data_classes:
            for kind in data_class.identifiers:
                by_identifier.setdefault(kind, []).append(data_class.id)
        self.by_identifier = {k: tuple(v) for k, v in by_identifier.items()}

    def _closure(self, data_id: str) -> frozenset[str]:
        seen: set[str] = set()
        pending = [data_id]
        while pending:
            current = pending.pop()
            if current in seen or current not in self.data_classes:
                continue
            seen.add(current)
            pending.extend(self.data_classes[current].implies)
        return frozenset(seen)

    def _build_matchers(self) -> None:
        doc, lexicon = self.document, self.lexicon
        self.tool_index = self._build_tool_index()
        self.data_matcher = CueMatcher(self._data_cues(), lexicon)
        self.absence_matcher = PhraseMatcher(
            ((key, p) for key, phrases in lexicon.absence.items() for p in phrases), lexicon
        )
        # A policy's signal with a shared id extends the shared one: its label wins, and its
        # phrases, pairs and vetoes are added to the shared wording.
        signals = {sid: (s.label, s.cue) for sid, s in lexicon.signals.items()}
        for signal in doc.signals:
            shared = signals.get(signal.id)
            cue = _signal_cue(signal)
            signals[signal.id] = (signal.label, shared[1].merged(cue) if shared else cue)
        self.signal_labels = {sid: label for sid, (label, _) in signals.items()}
        self.signal_matcher = CueMatcher(
            (cue for _, cue in signals.values()), lexicon, negation_before=PLAIN_NEGATION
        )
        self.claim_matcher = CueMatcher([lexicon.tool_claim], lexicon)
        # Words that name a health condition or a need, whichever data class a policy files them
        # under: "I have long covid" tells why the asker asks (knowledge.reader).
        self.condition_matcher = CueMatcher(
            [
                CueSpec(
                    "condition",
                    tuple(
                        phrase
                        for name in CONDITION_SETS
                        if name in lexicon.cue_sets
                        for phrase in lexicon.cue_sets[name].phrases
                    ),
                )
            ],
            lexicon,
        )
        self.role_matcher = CueMatcher(
            (CueSpec(r.id, tuple(r.phrases)) for r in doc.roles), lexicon, PLAIN_NEGATION
        )
        self.purpose_index = OverlapIndex(
            ((p.id, example) for p in doc.purposes for example in p.examples),
            lexicon,
            cues=((p.id, cue) for p in doc.purposes for cue in p.cues),
        )
        self.faq_index = OverlapIndex(
            ((f.id, text) for f in doc.faqs for text in (f.question, *f.examples)),
            lexicon,
            keep=lexicon.faq_keep,
        )
        # Kept stop words and words every FAQ shares cannot carry an FAQ match alone.
        self.faq_weak = frozenset(
            lexicon.synonyms.get((w,), w) for w in lexicon.faq_keep | lexicon.stopwords
        ) | {"polici"}
        self.section_index = CoverageIndex(
            ((sec.id, f"{sec.title} {sec.title} {sec.text}") for sec in doc.sections),
            lexicon,
            keep=lexicon.faq_keep,
        )
        self.section_order = {sec.id: i for i, sec in enumerate(doc.sections)}
        self.vague_words = frozenset(
            lexicon.synonyms.get((stem(w),), stem(w)) for w in lexicon.vague_words
        )
        self.known_concepts = self._known_concepts()
        self.not_data_matcher = PhraseMatcher((("not_data", p) for p in lexicon.not_data), lexicon)
        self.maybe_done_matcher = PhraseMatcher(
            (("maybe_done", p) for p in lexicon.maybe_done), lexicon
        )
        self.explained_matcher = PhraseMatcher(
            (("explained", "~" + p) for p in lexicon.explained_phrases), lexicon
        )
        self.information_matcher = CueMatcher(
            [CueSpec("information", lexicon.information_cues)], lexicon
        )

    def _restricted_data(self) -> frozenset[str]:
        """Data classes the policy restricts somewhere (a rule other than "allowed" names them,
        or a tool forbids them or leaves them out): where they may go depends on the tool."""
        doc = self.document
        found = {
            d
            for rule in doc.rules
            if Verdict(rule.verdict) != Verdict.ALLOWED
            for d in rule.when.data_any
        }
        for tool in doc.tools:
            found.update(tool.data_forbidden)
            if tool.data_allowed is not None:
                found.update(set(self.data_classes) - set(tool.data_allowed))
        return frozenset(found)

    def _known_concepts(self) -> frozenset[str]:
        """Every concept the policy or the shared vocabulary speaks of: a question whose words
        are mostly outside it is one the engine cannot judge (a word salad, or a use nobody
        wrote down), so it is never answered with a yes."""
        doc, lexicon = self.document, self.lexicon
        texts = [example for p in doc.purposes for example in p.examples]
        texts += [f"{p.label} {p.text}" for p in doc.purposes]
        texts += [f"{s.title} {s.text}" for s in doc.sections]
        texts += [t for f in doc.faqs for t in (f.question, *f.examples)]
        texts += list(lexicon.work_words)
        known = {c for text in texts for c in phrase_concepts(text, lexicon)}
        known |= set(lexicon.synonyms.values())
        # A risk cue's words are known only where the cue fires (then they are explained): "even"
        # or "trouble" from "even though they didn't say" or "trouble makers", met elsewhere, were
        # not read. Kinds of data, and the cues that say a person decides or reviews, are words
        # the engine reads wherever they are.
        reading_cues = [s.cue for key, s in lexicon.signals.items() if key in _READ_ANYWHERE]
        for cue in [*lexicon.cue_sets.values(), *reading_cues]:
            phrases = [*cue.phrases, *(p for n in cue.near for p in (*n.a, *n.b))]
            known |= {
                c for phrase in phrases for c in phrase_concepts(phrase.lstrip("=~^"), lexicon)
            }
        return frozenset(known)

    def _data_cues(self) -> list[CueSpec]:
        """Each data class's cues: the shared sets it names, re-keyed as the class, and its own
        phrases."""
        cues: list[CueSpec] = []
        for data_class in self.document.data_classes:
            for set_id in data_class.cue_sets:
                shared = self.lexicon.cue_sets.get(set_id)
                if shared is not None:
                    cues.append(replace(shared, key=data_class.id))
            if data_class.phrases:
                cues.append(CueSpec(data_class.id, tuple(data_class.phrases)))
        return cues

    def _build_tool_index(self) -> ToolIndex:
        index = ToolIndex(self.lexicon)
        for tool in self.document.tools:
            entry = ToolEntry(tool.id, tool.name, tool.vendor, None, listed=True)
            index.add(entry, (tool.name, *tool.aliases), replace=True)
        for item in load_catalog():
            names = (item.name, *item.aliases)
            owner = next((e for n in names if (e := index.lookup(n)) and e.listed), None)
            entry = owner or ToolEntry(
                f"catalog:{compact_key(item.name)}", item.name, item.vendor, item.kind, False
            )
            index.add(entry, names, replace=False)
        return index

    @property
    def approver_name(self) -> str:
        """Who approves a request: the approval route's approver, else the organisation's."""
        document = self.document
        return document.approval.approver or document.organisation.approver.name

    @cached_property
    def approver_people(self) -> tuple[str, ...]:
        """The people the policy names as its approver or governance authority ("Ravinder Gill",
        and "Ravinder" as staff call him), from the contacts' lines: staff say "Ravinder signed
        it off" as often as "the IT Operations & Security Manager did"."""
        organisation = self.document.organisation
        people: list[str] = []
        for contact in (organisation.approver, organisation.governance_authority):
            line = (contact.contact or "").split(",")[0].strip()
            if re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z'-]+)+", line):
                people += [line, line.split()[0]]
        return tuple(dict.fromkeys(people))

    @property
    def approver_contact(self) -> str | None:
        """How to reach the approver, where the policy says: the contact of the organisation's
        approver, or of whichever named contact the approval route's approver is."""
        organisation = self.document.organisation
        contacts = [
            organisation.approver,
            organisation.governance_authority,
            *(c for c in (organisation.dpo, organisation.security_team) if c is not None),
            *organisation.incident_contacts,
        ]
        name = self.approver_name.lower()
        return next((c.contact for c in contacts if c.contact and c.name.lower() == name), None)

    def tool_status(self, tool: Tool) -> ToolStatus:
        return tool.status or self.categories[tool.category].status


# The fields whose text staff read as sentences: clauses, reasons, FAQ answers, conditions.
_READ_FIELDS = frozenset({"text", "answer", "instead", "conditions"})
# A sentence's first word, when it is all lower case ("the GenAI governance authority owns ...",
# a name filled into a template); "iPhone" and "eBay" are left as they are, and so is a word
# after a quotation that ends with a question ('"Can I ...?" or ...').
_SENTENCE_START = re.compile(r"(^|[.!?][)\]]*\s+)([a-z])(?=[a-z'\u2019-]*(?!\w))")
_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|etc|cf|vs|approx|incl|no)\.$", re.IGNORECASE)

M = TypeVar("M", bound=BaseModel)


def capitalise_sentences(text: str) -> str:
    """Every sentence of `text` starting with a capital. The policy's placeholders are filled
    with names such as "the GenAI governance authority", which may open a sentence."""

    def upper(match: re.Match[str]) -> str:
        end = match.start(1) + 1  # just after the full stop
        if match.group(1) and _ABBREVIATION.search(text[max(0, end - 9) : end]):
            return match.group(0)
        return match.group(1) + match.group(2).upper()

    return _SENTENCE_START.sub(upper, text)


def capitalised(model: M) -> M:
    """`model` (a policy document, at load) with every sentence staff read capitalised; the
    organisation's names stay as written, since they are filled in mid-sentence too."""
    update: dict[str, Any] = {}
    for name in type(model).model_fields:
        if name == "organisation":
            continue
        value = getattr(model, name)
        new = _capitalised_value(value, name in _READ_FIELDS)
        if new is not value:
            update[name] = new
    return model.model_copy(update=update) if update else model


def _capitalised_value(value: Any, read: bool) -> Any:
    """`value` with its sentences capitalised, or `value` itself when nothing changed."""
    if isinstance(value, BaseModel):
        return capitalised(value)
    if isinstance(value, list):
        items = [_capitalised_value(item, read) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, str) and read:
        text = capitalise_sentences(value)
        return value if text == value else text
    return value


def _signal_cue(signal: Signal) -> CueSpec:
    return CueSpec(
        signal.id,
        tuple(signal.phrases),
        tuple(Near(tuple(n.a), tuple(n.b), n.within, n.ordered) for n in signal.near),
        tuple(signal.unless),
        signal.unless_anywhere,
    )


def load_policy(ref: str | Path) -> Policy:
    """Load, validate and compile a bundled policy id or a policy file path."""
    return Policy.compile(load_document(ref))
