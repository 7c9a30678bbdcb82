"""The approval register: the governance board's decisions on approval requests, as an overlay
the engine reads on top of the policy.

The YAML stays the source of the policy. When staff ask for a tool the policy does not approve
and the board decides, the decision is a `RegisterEntry`; `Register.build` compiles the entries
once against a policy, and `decide(policy, question, register=register)` consults it.

What an entry means (the semantics `decide` implements, and why):

Which tool. An entry's tool is read with the engine's own tool index, as if someone had written
"use <tool>": policy tools and aliases, the bundled catalogue, typo tolerance, and an unknown
name by its compact key ("Frobnicator Pro" = "frobnicator pro"). So "Midjourney", "midjourney",
"Mid journey" and "Midjurney" are one tool, and "ChatGPT Enterprise" is ChatGPT, exactly as the
engine reads them in a question. Names only the register knows are indexed among themselves too,
so a question's typo of one still finds it.

Which use: purpose. The purpose is read like a question. Its purpose words are its concepts
(stemmed, synonyms folded, so "poster" and "flyer" meet) minus the tool, negated data ("no
personal data"), the role and any identifiers. Data and signal words stay, because they describe
the use too: "summarising complaints" is not "summarising reports", and "a press release" is
public data, the `publish` circumstance and a use. A question is covered when:
- it names no purpose ("Can I use Midjourney?", "Is Mid journey OK?": no purpose words and no
  policy purpose), or the entry names none (an approval for any use of the tool); or
- the two are close: they share a concept, and the shared concepts carry at least 60% of the
  weight of either side (`PURPOSE_THRESHOLD`, the engine's own bar for recognising a purpose).
  Either the question holds the approved purpose (the engine's test for a purpose example,
  `OverlapIndex`), or the approved purpose holds the question ("posters" is within "making
  posters for library events"). Weights are IDF over the policy's own text (purpose examples,
  clauses, FAQs), and a word the policy never uses weighs the median. So a shared generic verb
  is not enough ("writing job adverts" / "draft an email": "write" and "draft" are one concept)
  while a shared object is. The weights come from the policy alone, so a new, unrelated entry
  never changes whether another entry covers a question; or
- the engine reads both as the same policy purpose and they share a concept (or one side names
  no purpose). This relates "design a flyer" to "making posters" where the policy groups image
  work together.
Anything else is a different use. Where the wording differs and the policy has no purpose to
relate them, the answer errs towards "this needs a new request".

Which use: data. The policy's data classes are ranked by what the policy itself says about
them: public < classes the policy never restricts (internal information) < non-personal
classes it restricts (confidential: named in a rule's `data_any` with a verdict other than
`allowed`, in a tool's `data_forbidden`, or outside a tool's `data_allowed`) < personal classes
< personal classes that imply another (special category, sensitive, pupil data...).
- "none" (no sensitive data) covers the two lowest levels.
- An approval covers the levels below its own, plus its own class and what that class implies.
  With "none", a question about a team meeting (internal) is covered, but not one with
  confidential or personal data. With "personal", confidential information is covered too,
  but special category data is not.
- A rejection covers its own classification and anything more sensitive: refused without
  personal data, it is refused all the more with it. It does not cover less sensitive data,
  on which the board has not ruled.
- A classification the policy does not define is read as "none" (the narrowest approval, the
  broadest refusal) and listed in `Register.warnings`.

Which decision. Among the entries covering the question, the newest wins: a later approval
replaces an earlier rejection and vice versa, and on equal timestamps the later entry in the
input wins. If none covers the question, the newest entry for the tool is the one mentioned.

What it changes. The overlay replaces only the reason "this tool is not approved / must be
authorised first": the tool's own reason when its verdict is `needs_approval` (an unlisted tool,
or a tool or category whose status is `requires_approval`). Everything else the policy says
still applies and the strictest verdict still wins. Special category data, a decision about a
person without human review, a purpose the policy prohibits, and a tool's `data_forbidden` all
still decide. Rules keep reading the tool's status as the document gives it (`tool_statuses`):
an approval covers a use, it does not rewrite the policy. Socitm's "deploy-unapproved-live"
therefore still applies, and live deployment needs its own approval anyway.
- Covered approval: `allowed`, or `allowed_with_conditions` when the board set conditions (each
  becomes a condition) or the replaced reason carried the policy's own conditions, which still
  hold (Mid-Kent: no personal information in a public tool). If the policy itself prohibits the
  tool, the entry cannot lift that, and a `prohibited` register reason says so. If the policy
  already permits the tool, the entry adds its reason beside the tool's, so the board's
  conditions apply to the covered use.
- Covered rejection: `prohibited`, "AR-0002 was rejected on 26 Nov 2026: <reason>", whatever
  the tool's status in the policy, because the board has refused this use. No next step.
- Uncovered entry for a tool that needs approval: the verdict stays `needs_approval`, and a
  reason cites the entry: "AR-0001 approved Midjourney only for posters with no personal or
  sensitive data; any other use needs a new request", or "...; this involves personal data,
  so it needs a new request", or, for a rejection, the refusal and that this use needs its own
  request. Where the policy already permits or prohibits the tool, an uncovered entry changes
  nothing and is not mentioned.

Every register reason has the rule id `register:<reference>` and cites the reference. The
decision cites the entry (`Citation("AR-0001", "Approval register: Midjourney, approved with
conditions 26 Nov 2026")`) and names it in `Decision.register`.

Cost: `build` reads each entry's purpose once (about 0.1 ms each). In `decide`, a tool with no
entry costs one dict lookup. A tool with entries costs one extra reading of the question's
purpose words (about 30 us), plus checks of only the entries that could cover it: those sharing
a purpose word or policy purpose with it, and, for a question naming no purpose, the newest
entry of each distinct data scope. The cost grows with the entries that share a word with the
question (about 0.3 us each), never with the rest of the register.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from .decision import Citation, Reason, RegisterNote
from .followup import is_follow_up
from .identifiers import find_identifiers
from .matching import SHORT_EXAMPLE, OverlapIndex, concepts_of
from .normalise import POSSESSIVE, compact_key, normalise, tokenise
from .policy import Policy
from .reader import PURPOSE_THRESHOLD, Reading, read_question
from .schema import PolicyDocument, Verdict
from .tool_index import ToolEntry, ToolHit, ToolIndex

APPROVED = "approved"
APPROVED_WITH_CONDITIONS = "approved_with_conditions"
REJECTED = "rejected"
DECISIONS = (APPROVED, APPROVED_WITH_CONDITIONS, REJECTED)
REGISTER_RULE = "register:"  # reason rule ids: "register:AR-0001"
NO_DATA = "none"  # data_classification for "no sensitive data"
PUBLIC = "public"  # the data class id the reader itself treats as public information
PURPOSE_CLOSE = PURPOSE_THRESHOLD  # share of either purpose's weight the other must hold
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DECISION_WORDS = {
    APPROVED: "approved",
    APPROVED_WITH_CONDITIONS: "approved with conditions",
    REJECTED: "rejected",
}
_CONDITION_SPLIT = re.compile(r"\s*(?:\n|;)\s*")
_BULLET = re.compile(r"^(?:[-*\u2022]|\d+[.)])\s+")


@dataclass(frozen=True)
class RegisterEntry:
    """One decision of the governance board on an approval request."""

    reference: str  # "AR-0001"
    tool: str  # as the requester named it: "Midjourney", "Otter.ai", "chat gpt"
    purpose: str  # the requester's words: "making posters for library events"
    data_classification: str  # a data class id of the policy, or "none"
    decision: str  # "approved" | "approved_with_conditions" | "rejected"
    conditions: str | None  # the conditions (approved_with_conditions) or the reason (rejected)
    decided_at: datetime  # aware; shown in UTC

    def __post_init__(self) -> None:
        if self.decision not in DECISIONS:
            raise ValueError(f"{self.reference}: decision must be one of {DECISIONS}")
        if self.decided_at.tzinfo is None or self.decided_at.utcoffset() is None:
            raise ValueError(f"{self.reference}: decided_at must be timezone-aware (UTC)")
        if not self.reference.strip() or not self.tool.strip():
            raise ValueError("a register entry needs a reference and a tool")


@dataclass(frozen=True, slots=True)
class Use:
    """What a question asks to do with its tool, as far as the register cares."""

    words: frozenset[str]  # purpose concepts
    purposes: frozenset[str]  # policy purpose ids the engine recognised
    data: frozenset[str]  # data classes, after negations

    @property
    def named(self) -> bool:
        return bool(self.words or self.purposes)


@dataclass(frozen=True, slots=True)
class _Entry:
    """An entry compiled against the policy."""

    entry: RegisterEntry
    tool_key: str
    tool_name: str
    words: frozenset[str]  # purpose words
    weight: float  # their total weight
    purposes: frozenset[str]
    covers: frozenset[str]  # data classes an approval at this classification covers
    refused: frozenset[str] | None  # data classes a rejection reaches; None: all data

    @property
    def named(self) -> bool:
        """False: an approval (or refusal) for any use of the tool."""
        return bool(self.words or self.purposes)

    @property
    def decision(self) -> str:
        return self.entry.decision

    @property
    def reference(self) -> str:
        return self.entry.reference


@dataclass(frozen=True)
class _ToolEntries:
    """One tool's entries, newest first, indexed so that a question checks only the entries
    that could cover it: those sharing a purpose word with it (or, for a question whose only
    purpose is a policy one, sharing that), those for any use, and, when the question names
    no purpose, the newest entry of each distinct data scope. An entry with the same purpose
    and data scope as a newer one can never be the newest covering entry, so only the newer
    is indexed."""

    newest_first: tuple[_Entry, ...]
    by_word: dict[str, tuple[int, ...]]
    by_purpose: dict[str, tuple[int, ...]]
    wordless_by_purpose: dict[str, tuple[int, ...]]
    any_use: tuple[int, ...]
    by_scope: tuple[int, ...]

    @classmethod
    def index(cls, newest_first: Sequence[_Entry]) -> _ToolEntries:
        by_word: dict[str, list[int]] = {}
        by_purpose: dict[str, list[int]] = {}
        wordless: dict[str, list[int]] = {}
        any_use: list[int] = []
        scopes: dict[tuple[bool, frozenset[str], frozenset[str] | None], int] = {}
        seen: set[tuple[object, ...]] = set()
        for position, entry in enumerate(newest_first):
            scope = (entry.decision == REJECTED, entry.covers, entry.refused)
            if (*scope, entry.words, entry.purposes) in seen:
                continue  # shadowed by a newer entry with the same coverage
            seen.add((*scope, entry.words, entry.purposes))
            if not entry.named:
                any_use.append(position)
            for word in entry.words:
                by_word.setdefault(word, []).append(position)
            for purpose in entry.purposes:
                by_purpose.setdefault(purpose, []).append(position)
                if not entry.words:
                    wordless.setdefault(purpose, []).append(position)
            scopes.setdefault(scope, position)
        return cls(
            tuple(newest_first),
            {k: tuple(v) for k, v in by_word.items()},
            {k: tuple(v) for k, v in by_purpose.items()},
            {k: tuple(v) for k, v in wordless.items()},
            tuple(any_use),
            tuple(sorted(scopes.values())),
        )

    def candidates(self, asked: Use, weights: _Weights) -> list[tuple[int, float]]:
        """The entries that might cover `asked`, newest first, each with the weight of the
        purpose words it shares with the question (summed along the postings, as
        `OverlapIndex.scores` does)."""
        if not asked.named:
            return [(position, 0.0) for position in self.by_scope]
        shared: dict[int, float] = dict.fromkeys(self.any_use, 0.0)
        for word in asked.words:
            weight = weights.of((word,))
            for position in self.by_word.get(word, ()):
                shared[position] = shared.get(position, 0.0) + weight
        for purpose in asked.purposes:
            for position in self.wordless_by_purpose.get(purpose, ()):
                shared.setdefault(position, 0.0)
            if not asked.words:
                for position in self.by_purpose.get(purpose, ()):
                    shared.setdefault(position, 0.0)
        return sorted(shared.items())


class _Weights(OverlapIndex):
    """The policy's own text (purpose examples, clauses, FAQs) as an `OverlapIndex`, for its
    concept weights (IDF): a word the policy uses everywhere ("report", "draft") tells one use
    from another less than one it rarely uses ("advert"). A word the policy never uses weighs
    the median: nothing is known about it either way."""

    def __init__(self, policy: Policy) -> None:
        doc = policy.document
        texts = [(p.id, example) for p in doc.purposes for example in p.examples]
        texts += [(s.id, s.text) for s in doc.sections if s.text]
        texts += [(f.id, text) for f in doc.faqs for text in (f.question, *f.examples)]
        super().__init__(texts, policy.lexicon)
        self._unseen = statistics.median(self._idf.values()) if self._idf else 1.0

    def of(self, words: Iterable[str]) -> float:
        return sum(self._idf.get(word, self._unseen) for word in words)


@dataclass(frozen=True, eq=False)
class Ruling:
    """What the register says about one question: the entry that applies (or, when none
    covers the question, the newest entry for its tool) and whether it covers the use."""

    entry: _Entry
    covered: bool
    other_use: bool  # not covered because the purpose differs
    beyond: tuple[str, ...]  # the question's data classes an approval does not cover
    policy: Policy

    @property
    def reference(self) -> str:
        return self.entry.reference

    @property
    def approves(self) -> bool:
        """A covering approval: the use is approved as far as the register goes."""
        return self.covered and self.entry.decision != REJECTED

    @property
    def note(self) -> RegisterNote:
        return RegisterNote(self.reference, self.entry.decision, self.covered)

    @property
    def citation(self) -> Citation:
        entry = self.entry.entry
        words = _DECISION_WORDS[entry.decision]
        return Citation(
            entry.reference,
            f"Approval register: {self.entry.tool_name}, {words} {_date(entry.decided_at)}",
        )

    def reasons(self, tool_reason: Reason) -> list[Reason]:
        """The tool's contribution with the register applied: `tool_reason` replaced, kept,
        or kept with a register reason after it (see the module docstring)."""
        entry = self.entry
        blocked = tool_reason.verdict == Verdict.NEEDS_APPROVAL
        if not self.covered:
            if not blocked:  # the policy already permits or prohibits the tool
                return [tool_reason]
            return [tool_reason, self._reason(Verdict.NEEDS_APPROVAL, self._gap_text())]
        if entry.decision == REJECTED:
            rejected = self._reason(Verdict.PROHIBITED, self._rejected_text())
            return [rejected] if blocked else [tool_reason, rejected]
        conditions = []
        if entry.decision == APPROVED_WITH_CONDITIONS:
            conditions = _conditions(entry.entry.conditions)
        if tool_reason.verdict == Verdict.PROHIBITED:
            text = (
                f"{self._approved()}, but an approval cannot override the policy's own "
                f"prohibition of {entry.tool_name}."
            )
            return [tool_reason, self._reason(Verdict.PROHIBITED, text)]
        if not blocked:
            verdict = Verdict.ALLOWED_WITH_CONDITIONS if conditions else Verdict.ALLOWED
            return [tool_reason, self._reason(verdict, self._approved() + ".", conditions)]
        # The approval answers "this tool must be authorised first"; the policy's own conditions
        # and duties on the tool still travel with it.
        conditions = [*tool_reason.conditions, *conditions]
        verdict = Verdict.ALLOWED_WITH_CONDITIONS if conditions else Verdict.ALLOWED
        return [self._reason(verdict, self._approved() + ".", conditions, tool_reason.obligations)]

    def overridden_text(self) -> str:
        """For an answer decided by something stricter than a covered approval."""
        return f"{self._approved()}, but that approval does not lift this."

    def _reason(
        self,
        verdict: Verdict,
        text: str,
        conditions: Sequence[str] = (),
        obligations: Sequence[str] = (),
    ) -> Reason:
        return Reason(
            f"{REGISTER_RULE}{self.reference}",
            verdict,
            text,
            (self.reference,),
            tuple(dict.fromkeys(conditions)),
            tuple(obligations),
        )

    def _scope(self, only: bool = False) -> str:
        entry = self.entry.entry
        purpose = entry.purpose.strip().rstrip(".")
        name = self.entry.tool_name
        scope = f"{name} {'only ' if only else ''}for {purpose}" if purpose else name
        return f"{scope} {_data_phrase(self.policy, entry.data_classification)}"

    def _approved(self) -> str:
        entry = self.entry.entry
        return f"{entry.reference} approved {self._scope()} on {_date(entry.decided_at)}"

    def _why(self) -> str:
        reason = self.entry.entry.conditions
        return f": {_sentence(reason)}" if reason and reason.strip() else "."

    def _rejected_text(self) -> str:
        entry = self.entry.entry
        return (
            f"{entry.reference} was rejected on {_date(entry.decided_at)}{self._why()} "
            f"The request was to use {self._scope()}."
        )

    def _gap_text(self) -> str:
        entry = self.entry.entry
        if entry.decision == REJECTED:
            return (
                f"{entry.reference}, a request to use {self._scope()}, was rejected on "
                f"{_date(entry.decided_at)}{self._why()} This is not the use that was refused, "
                "so it needs its own request."
            )
        labels = ", ".join(self.policy.data_classes[d].label for d in self.beyond)
        if self.other_use and labels:
            gap = f"this is a different use and involves {labels}, so it needs a new request."
        elif labels:
            gap = f"this involves {labels}, so it needs a new request."
        else:
            gap = "any other use needs a new request."
        return f"{entry.reference} approved {self._scope(only=self.other_use)}; {gap}"


class Register:
    """The board's decisions compiled against one policy; build once per change and share it
    across many `decide` calls (it is immutable)."""

    def __init__(
        self,
        policy: Policy,
        entries: tuple[RegisterEntry, ...],
        tools: dict[str, _ToolEntries],
        names: ToolIndex,
        weights: _Weights,
        warnings: tuple[str, ...],
    ) -> None:
        self.policy_id = policy.id
        self.policy_version = policy.version
        self._policy = policy
        self.entries = entries
        self.warnings = warnings
        self._tools = tools  # tool key -> its entries, newest first
        self._names = names
        self._has_names = any(key.startswith("name:") for key in tools)
        self._weights = weights

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def build(cls, policy: Policy, entries: Iterable[RegisterEntry]) -> Register:
        items = tuple(entries)
        warnings: list[str] = []
        names = ToolIndex(policy.lexicon)  # tools only the register knows, for typos of them
        weights = _weights(policy)
        coverage = _approval_coverage(policy)
        compiled: list[tuple[datetime, int, _Entry]] = []
        seen: set[str] = set()
        for position, item in enumerate(items):
            if item.reference in seen:
                warnings.append(f"{item.reference}: the reference is used more than once")
            seen.add(item.reference)
            tool_key, tool_name = _resolve(policy, names, item, warnings)
            classification = item.data_classification.strip()
            if classification != NO_DATA and classification not in policy.data_classes:
                warnings.append(
                    f"{item.reference}: data classification {classification!r} is not one of "
                    f"the policy's data classes; read as {NO_DATA!r}"
                )
                classification = NO_DATA
            if item.decision == APPROVED_WITH_CONDITIONS and not (item.conditions or "").strip():
                warnings.append(f"{item.reference}: approved with conditions, but none are given")
            words, purposes = _purpose(policy, read_question(policy, item.purpose))
            covers = coverage.get(classification, coverage[NO_DATA])
            refused = None  # a rejection with no (or public) data reaches every question
            if classification in policy.data_classes and classification != PUBLIC:
                refused = frozenset(
                    d for d, c in coverage.items() if classification in c and d != NO_DATA
                )
            compiled.append(
                (
                    item.decided_at,
                    position,
                    _Entry(
                        item,
                        tool_key,
                        tool_name,
                        words,
                        weights.of(words),
                        purposes,
                        covers,
                        refused,
                    ),
                )
            )
        compiled.sort(key=lambda c: (c[0], c[1]), reverse=True)
        grouped: dict[str, list[_Entry]] = {}
        for _, _, entry in compiled:
            grouped.setdefault(entry.tool_key, []).append(entry)
        tools = {key: _ToolEntries.index(group) for key, group in grouped.items()}
        return cls(policy, items, tools, names, weights, tuple(warnings))

    def check(self, policy: Policy) -> None:
        if (policy.id, policy.version) != (self.policy_id, self.policy_version):
            raise ValueError(
                f"the register was built for policy {self.policy_id} {self.policy_version}, "
                f"not {policy.id} {policy.version}"
            )

    def consult(self, hit: ToolHit | None, use: Callable[[], Use]) -> Ruling | None:
        """The ruling for a question about the tool `hit`, or None when the register says
        nothing about that tool. `use` is called only when it does."""
        if hit is None:
            return None
        key = self._key(hit)
        tool = self._tools.get(key) if key is not None else None
        if tool is None:
            return None
        asked = use()
        weight = self._weights.of(asked.words)
        for position, shared in tool.candidates(asked, self._weights):
            entry = tool.newest_first[position]
            if _data_covered(entry, asked.data) and _purpose_covered(entry, asked, shared, weight):
                return Ruling(entry, True, False, (), self._policy)
        newest = tool.newest_first[0]
        shared = self._weights.of(newest.words & asked.words)
        other_use = not _purpose_covered(newest, asked, shared, weight)
        beyond = () if newest.decision == REJECTED else tuple(sorted(asked.data - newest.covers))
        return Ruling(newest, False, other_use, beyond, self._policy)

    def _key(self, hit: ToolHit) -> str | None:
        if hit.entry is not None:
            return hit.entry.key
        exact = self._names.lookup(hit.matched)
        if exact is not None:
            return exact.key
        known = _lookup(self._names, hit.matched) if self._has_names else None
        return known.entry.key if known and known.entry else None


def use_of(policy: Policy, reading: Reading, questions: Sequence[str]) -> Use:
    """The use a question (read as `reading`, with the thread `questions` ending in it) asks
    about. In a thread the purpose is that of the latest question naming one, as
    `knowledge.followup` does for the tool and purpose; data is the thread's, already merged."""
    if len(questions) == 1:
        words, purposes = _purpose(policy, reading)
    else:
        words, purposes = frozenset(), frozenset()
        for position, question in enumerate(questions):
            later = _purpose(policy, read_question(policy, question))
            if position == 0 or not is_follow_up(question) or later[0] or later[1]:
                words, purposes = later
    return Use(words, purposes, frozenset(reading.data))


def _purpose(policy: Policy, reading: Reading) -> tuple[frozenset[str], frozenset[str]]:
    """The purpose of one question: the concepts the engine read in it, minus the tool,
    negated data ("no personal data"), role and identifiers; and the policy purposes the
    engine recognised in it. Data and signal words stay: they describe the use too
    ("summarising complaints" is not "summarising reports"; "a press release" is public data,
    the publish circumstance and a use)."""
    tokens = reading.tokens
    concepts = concepts_of(tokens, policy.lexicon)
    removed = [(h.first, h.last) for h in reading.tools]
    for matcher in (policy.absence_matcher, policy.role_matcher):
        removed += [(h.first, h.last) for h in matcher.find(concepts, tokens)]
    removed += [(h.first, h.last) for h in policy.data_matcher.find(concepts, tokens) if h.negated]
    if reading.identifiers:
        for match in find_identifiers(reading.text):
            removed += [
                (i, i + 1)
                for i, t in enumerate(tokens)
                if t.start < match.end and match.start < t.end
            ]
    words = frozenset(
        c.name for c in concepts if c.name != POSSESSIVE and not _within(c.first, c.last, removed)
    )
    # A purpose recognised only from one of its cues ("draft") says too little to relate two
    # uses, so only matches of the policy's examples relate them; otherwise the words decide.
    purposes = frozenset(pid for pid, score in reading.purposes if score > SHORT_EXAMPLE)
    return words, purposes


def _within(first: int, last: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= first and last <= b for a, b in spans)


def _purpose_covered(entry: _Entry, asked: Use, shared: float, asked_weight: float) -> bool:
    """Whether the entry's purpose covers the question's (module docstring); `shared` is the
    weight of the purpose words they share."""
    if not asked.named or not entry.named:
        return True
    if shared and max(shared / entry.weight, shared / asked_weight) >= PURPOSE_CLOSE:
        return True
    if not entry.purposes & asked.purposes:
        return False
    return bool(shared or not asked.words or not entry.words)


def _data_covered(entry: _Entry, data: frozenset[str]) -> bool:
    if entry.decision == REJECTED:
        return entry.refused is None or bool(data & entry.refused)
    return data <= entry.covers


def _approval_coverage(policy: Policy) -> dict[str, frozenset[str]]:
    """For each classification, the data classes an approval at it covers (module docstring):
    everything at a lower sensitivity level, plus the class itself and what it implies."""
    restricted = _restricted(policy)
    level = {d: _level(policy, d, restricted) for d in policy.data_classes}
    coverage = {NO_DATA: frozenset(d for d, n in level.items() if n <= 1)}
    public = frozenset(d for d, n in level.items() if n == 0)
    for data_id, rank in level.items():
        below = {d for d, n in level.items() if n < rank}
        coverage[data_id] = frozenset(below | policy.implied[data_id] | public)
    return coverage


def _restricted(policy: Policy) -> set[str]:
    """Data classes the policy restricts somewhere: the sensitive ones."""
    found = {
        d
        for rule in policy.document.rules
        if Verdict(rule.verdict) != Verdict.ALLOWED
        for d in rule.when.data_any
    }
    for tool in policy.document.tools:
        found.update(tool.data_forbidden)
        if tool.data_allowed is not None:
            found.update(set(policy.data_classes) - set(tool.data_allowed))
    return found


def _level(policy: Policy, data_id: str, restricted: set[str]) -> int:
    data_class = policy.data_classes[data_id]
    if data_id == PUBLIC:
        return 0
    if not data_class.personal:
        return 2 if data_id in restricted else 1
    implies_personal = any(
        policy.data_classes[d].personal for d in policy.implied[data_id] - {data_id}
    )
    return 4 if implies_personal else 3


_WEIGHTS: dict[int, tuple[PolicyDocument, _Weights]] = {}  # a few recent policies


def _weights(policy: Policy) -> _Weights:
    """The weights for a policy, computed once per policy document (about 10-20 ms)."""
    cached = _WEIGHTS.get(id(policy.document))
    if cached is None or cached[0] is not policy.document:
        if len(_WEIGHTS) >= 8:
            _WEIGHTS.pop(next(iter(_WEIGHTS)))
        cached = (policy.document, _Weights(policy))
        _WEIGHTS[id(policy.document)] = cached
    return cached[1]


def _resolve(
    policy: Policy, names: ToolIndex, item: RegisterEntry, warnings: list[str]
) -> tuple[str, str]:
    """The tool an entry names, as the engine would read it after "use": its key (a policy
    tool id, "catalog:<name>", or "name:<compact name>" for a name only the register knows)
    and its display name."""
    hit = _lookup(policy.tool_index, item.tool)
    if hit is not None and hit.entry is not None:
        return hit.entry.key, hit.entry.name
    known = _lookup(names, item.tool)
    if known is not None and known.entry is not None:
        return known.entry.key, known.entry.name
    name = hit.matched if hit is not None else " ".join(item.tool.split())
    if hit is None:
        warnings.append(
            f"{item.reference}: {name!r} does not read as a tool name, so no question will find it"
        )
    key = f"name:{compact_key(name)}"
    names.add(ToolEntry(key, name, None, None, False), (name,), replace=False)
    return key, name


def _lookup(index: ToolIndex, name: str) -> ToolHit | None:
    text = normalise(f"use {name}")
    hits = index.find(text, tokenise(text))
    return hits[0] if hits else None


def _data_phrase(policy: Policy, classification: str) -> str:
    data_class = policy.data_classes.get(classification)
    if data_class is None:
        return "with no personal or sensitive data"
    if classification == PUBLIC:
        return f"with {data_class.label} only"
    return f"with {data_class.label}"


def _conditions(text: str | None) -> list[str]:
    """The board's conditions, one per line or semicolon, bullets removed."""
    parts = (_BULLET.sub("", part.strip()) for part in _CONDITION_SPLIT.split(text or ""))
    return [_sentence(part) for part in parts if part]


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _date(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return f"{utc.day} {_MONTHS[utc.month - 1]} {utc.year}"
