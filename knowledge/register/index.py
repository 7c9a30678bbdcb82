"""The register compiled against a policy: each tool's entries indexed newest first, so a
question checks only the entries that could cover it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..normalise import compact_key, normalise, tokenise
from ..policy import Policy
from ..reader import Reading, read_question
from ..tool_index import ToolEntry, ToolHit, ToolIndex
from .board import NO_TOOL, BoardRuling, CompiledRuling, compile_ruling, covering
from .entries import (
    APPROVED_WITH_CONDITIONS,
    NO_DATA,
    PUBLIC,
    REJECTED,
    CompiledEntry,
    RegisterEntry,
    Use,
)
from .matching import (
    Weights,
    approval_coverage,
    data_covered,
    purpose_covered,
    purpose_of,
    weights_for,
)
from .rulings import Ruling

# Board rulings by the tool key a question's tool resolves to; None: questions naming no tool.
Board = dict[str | None, tuple[CompiledRuling, ...]]


@dataclass(frozen=True)
class ToolEntries:
    """One tool's entries, newest first, indexed so that a question checks only the entries
    that could cover it: those sharing a purpose word with it (or, for a question whose only
    purpose is a policy one, sharing that), those for any use, and, when the question names
    no purpose, the newest entry of each distinct data scope. An entry with the same purpose
    and data scope as a newer one can never be the newest covering entry, so only the newer
    is indexed."""

    newest_first: tuple[CompiledEntry, ...]
    by_word: dict[str, tuple[int, ...]]
    by_purpose: dict[str, tuple[int, ...]]
    wordless_by_purpose: dict[str, tuple[int, ...]]
    any_use: tuple[int, ...]
    by_scope: tuple[int, ...]

    @classmethod
    def index(cls, newest_first: Sequence[CompiledEntry]) -> ToolEntries:
        by_word: dict[str, list[int]] = {}
        by_purpose: dict[str, list[int]] = {}
        wordless: dict[str, list[int]] = {}
        any_use: list[int] = []
        scopes: dict[tuple[bool, bool, frozenset[str], frozenset[str] | None], int] = {}
        seen: set[tuple[object, ...]] = set()
        for position, entry in enumerate(newest_first):
            scope = (entry.decision == REJECTED, entry.retired, entry.covers, entry.refused)
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

    def candidates(self, asked: Use, weights: Weights) -> list[tuple[int, float]]:
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


class Register:
    """The board's decisions compiled against one policy; build once per change and share it
    across many `decide` calls (it is immutable)."""

    def __init__(
        self,
        policy: Policy,
        entries: tuple[RegisterEntry, ...],
        tools: dict[str, ToolEntries],
        names: ToolIndex,
        weights: Weights,
        warnings: tuple[str, ...],
        rulings: tuple[BoardRuling, ...] = (),
        board: Board | None = None,
    ) -> None:
        self.policy_id = policy.id
        self.policy_version = policy.version
        self._policy = policy
        self.entries = entries
        self.rulings = rulings
        self.warnings = warnings
        self._tools = tools  # tool key -> its entries, newest first
        self._board = board or {}  # tool key (None: no tool) -> its rulings, newest first
        self._names = names
        keys = [*tools, *(key for key in self._board if key is not None)]
        self._has_names = any(key.startswith("name:") for key in keys)
        self._weights = weights

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def build(
        cls,
        policy: Policy,
        entries: Iterable[RegisterEntry],
        rulings: Iterable[BoardRuling] = (),
    ) -> Register:
        """The entries and the board's rulings (knowledge.register.board) compiled against
        `policy`; anything no question could match is listed in `warnings`."""
        # The policy's own listing of a tool says nothing the policy does not, until the board
        # retires it: only then is it an entry the engine reads.
        items = tuple(e for e in entries if e.retired or not e.from_policy)
        ruled = tuple(rulings)
        warnings: list[str] = []
        names = ToolIndex(policy.lexicon)  # tools only the register knows, for typos of them
        weights = weights_for(policy)
        coverage = approval_coverage(policy)
        compiled: list[tuple[datetime, int, CompiledEntry]] = []
        seen: set[str] = set()
        for position, item in enumerate(items):
            _warn_if_repeated(item.reference, seen, warnings)
            tool = resolve_tool(policy, names, item.reference, item.tool, warnings)
            if item.decision == APPROVED_WITH_CONDITIONS and not (item.conditions or "").strip():
                warnings.append(f"{item.reference}: approved with conditions, but none are given")
            reading = read_question(policy, item.purpose)
            entry = _compile(policy, item, tool, reading, coverage, weights, warnings)
            compiled.append((item.decided_at, position, entry))
        compiled.sort(key=lambda c: (c[0], c[1]), reverse=True)
        grouped: dict[str, list[CompiledEntry]] = {}
        for _, _, entry in compiled:
            grouped.setdefault(entry.tool_key, []).append(entry)
        tools = {key: ToolEntries.index(group) for key, group in grouped.items()}
        board = _board(policy, ruled, names, coverage, weights, seen, warnings)
        return cls(policy, items, tools, names, weights, tuple(warnings), ruled, board)

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
            if data_covered(entry, asked.data) and purpose_covered(entry, asked, shared, weight):
                return Ruling(entry, True, False, (), self._policy)
        newest = tool.newest_first[0]
        shared = self._weights.of(newest.words & asked.words)
        other_use = not purpose_covered(newest, asked, shared, weight)
        ended = newest.decision == REJECTED or newest.retired
        beyond = () if ended else tuple(sorted(asked.data - newest.covers))
        return Ruling(newest, False, other_use, beyond, self._policy)

    def board_ruling(
        self, reading: Reading, use: Callable[[], Use], readable: Callable[[Reading], bool]
    ) -> CompiledRuling | None:
        """The newest board ruling covering the question read as `reading`, or None. `readable`
        says whether a yes may answer it at all (`covering`). A question whose tool has no
        ruling (or, naming no tool, when no ruling names none) costs a dict lookup; `use` and
        `readable` are called only when there are rulings to check."""
        if not self._board:
            return None
        hit = reading.tool
        key = self._key(hit) if hit is not None else None
        if hit is not None and key is None:
            return None  # a name neither the policy nor the register knows
        rulings = self._board.get(key)
        if rulings is None:
            return None
        one_tool = all(self._key(other) == key for other in reading.tools[1:])
        return covering(rulings, use(), reading, self._weights, one_tool, readable)

    def _key(self, hit: ToolHit) -> str | None:
        if hit.entry is not None:
            return hit.entry.key
        exact = self._names.lookup(hit.matched)
        if exact is not None:
            return exact.key
        known = lookup_tool(self._names, hit.matched) if self._has_names else None
        return known.entry.key if known and known.entry else None


def resolve_tool(
    policy: Policy, names: ToolIndex, reference: str, tool: str, warnings: list[str]
) -> tuple[str, str]:
    """The tool an entry or a ruling (`reference`) names, as the engine would read it after
    "use": its key (a policy tool id, "catalog:<name>", or "name:<compact name>" for a name only
    the register knows) and its display name."""
    hit = lookup_tool(policy.tool_index, tool)
    if hit is not None and hit.entry is not None:
        return hit.entry.key, hit.entry.name
    known = lookup_tool(names, tool)
    if known is not None and known.entry is not None:
        return known.entry.key, known.entry.name
    name = hit.matched if hit is not None else " ".join(tool.split())
    if hit is None:
        warnings.append(
            f"{reference}: {name!r} does not read as a tool name, so no question will find it"
        )
    key = f"name:{compact_key(name)}"
    names.add(ToolEntry(key, name, None, None, False), (name,), replace=False)
    return key, name


def _warn_if_repeated(reference: str, seen: set[str], warnings: list[str]) -> None:
    if reference in seen:
        warnings.append(f"{reference}: the reference is used more than once")
    seen.add(reference)


def _compile(
    policy: Policy,
    item: RegisterEntry,
    tool: tuple[str, str],
    reading: Reading,
    coverage: dict[str, frozenset[str]],
    weights: Weights,
    warnings: list[str],
) -> CompiledEntry:
    """An entry against the policy: its tool (`resolve_tool`), its purpose (read as
    `reading`) and the data it reaches."""
    classification = item.data_classification.strip()
    if classification != NO_DATA and classification not in policy.data_classes:
        warnings.append(
            f"{item.reference}: data classification {classification!r} is not one of "
            f"the policy's data classes; read as {NO_DATA!r}"
        )
        classification = NO_DATA
    words, purposes = purpose_of(policy, reading)
    covers = coverage.get(classification, coverage[NO_DATA])
    refused = None  # a rejection with no (or public) data reaches every question
    if classification in policy.data_classes and classification != PUBLIC:
        refused = frozenset(d for d, c in coverage.items() if classification in c and d != NO_DATA)
    tool_key, tool_name = tool
    weight = weights.of(words)
    return CompiledEntry(item, tool_key, tool_name, words, weight, purposes, covers, refused)


def _board(
    policy: Policy,
    rulings: tuple[BoardRuling, ...],
    names: ToolIndex,
    coverage: dict[str, frozenset[str]],
    weights: Weights,
    seen: set[str],
    warnings: list[str],
) -> Board:
    """The rulings compiled and grouped by tool key, each group newest first (on equal
    timestamps, the later in the input first)."""
    compiled: list[tuple[datetime, int, CompiledRuling]] = []
    for position, ruling in enumerate(rulings):
        _warn_if_repeated(ruling.reference, seen, warnings)
        key, name = None, NO_TOOL
        if ruling.tool is not None:
            key, name = resolve_tool(policy, names, ruling.reference, ruling.tool, warnings)
        reading = read_question(policy, ruling.purpose)
        scope = _compile(
            policy, ruling.as_entry(), (key or NO_TOOL, name), reading, coverage, weights, warnings
        )
        compiled.append(
            (
                ruling.decided_at,
                position,
                compile_ruling(policy, ruling, key, scope, reading, warnings),
            )
        )
    compiled.sort(key=lambda c: (c[0], c[1]), reverse=True)
    grouped: dict[str | None, list[CompiledRuling]] = {}
    for _, _, each in compiled:
        grouped.setdefault(each.tool_key, []).append(each)
    return {key: tuple(group) for key, group in grouped.items()}


def lookup_tool(index: ToolIndex, name: str) -> ToolHit | None:
    text = normalise(f"use {name}")
    hits = index.find(text, tokenise(text))
    return hits[0] if hits else None
