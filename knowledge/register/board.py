"""Board rulings: the governance board's answers to questions staff sent it ("Ask the board"),
kept as rulings and read in the same overlay as the approval register.

An approver answers a question with a verdict, a short text and the clauses it rests on, and
may keep the answer as a `BoardRuling` scoped like an approval: a tool (or none), a purpose
and a data classification. `Register.build(policy, entries, rulings)` compiles the rulings
with the entries, and a later question of the same use is answered from the ruling and cites
it ("Board ruling BQ-0001, 3 Dec 2026"). The first principle is never a false yes: a ruling
that says yes applies only to the same use, and when in doubt it does not apply. A ruling that
is stricter than the policy may reach further, as a rejection in the register does.

Which tool. A ruling's tool is read as the register reads an entry's (`resolve_tool`), so
"copilot", "Copilot" and "Microsoft Copilot" are one tool exactly as the engine reads them in a
question. A ruling naming no tool is about questions naming no tool, and only those: the board
answered "can I use AI to ...?", which says nothing about a particular tool the policy rules on.
A yes ruling with a tool does not cover a question naming another tool beside it.

Which use: data. A yes ruling (`allowed`, `allowed_with_conditions`) covers the data an approval
at its classification covers (`approval_coverage`: with "none", public and internal information
only). A stricter ruling (`needs_approval`, `prohibited`) reaches data as a rejection does: its
own classification and anything more sensitive, or, at "none" or "public", all data.

Which use: purpose. The purpose is read like a question (`purpose_of`), so the question the
board answered can be kept as it was asked: tool words, negated data, roles and identifiers
are not part of the use.
- A stricter ruling covers what an approval's purpose would (`purpose_covered`): a close
  purpose, the same policy purpose, or a question naming no purpose at all ("Can I use
  Copilot?" is refused all the more when one use of it is).
- A yes ruling covers only the same use, judged both ways: the purpose words the two share
  carry at least `PURPOSE_CLOSE` (60%) of the ruling's weight and of the question's, so the
  question neither leaves out most of what the board approved nor adds much it did not. Both
  must name a purpose: a bare "can I use Copilot?" is not the use the board said yes to.
- A yes ruling does not cover a question that says more than the ruling's own wording did
  about the circumstances: a signal (`decision_making`, `publish`, `no_human_review`...), a
  role, or a risk word the engine did not read ("... and let it decide who gets the grant").
  The board did not rule on that, and the policy's own answer stands.
- A yes needs a question the engine reads as a use said outright, whatever words it shares
  with the ruling: not a fragment ("summary report") nor one that needs the conversation to
  be understood ("what about references?"); the engine's own test (`engine._says_a_use`),
  without its objection to words it never uses, which the board's ruling has read.
- A ruling naming no tool and no purpose is about nothing a question could ask, and covers
  nothing.

Which ruling. Among the rulings covering a question the newest wins (`decided_at`, then the
later in the input). A withdrawn ruling is simply not passed to `Register.build`.

What it changes (knowledge.engine). Incidents and questions about the policy are untouched. For
a permission question, or one the engine would ask back about, the decision is first made as
without the ruling (with the approval register), then:
- where the policy itself prohibits and the ruling is less strict, the answer stays
  `prohibited`, cites the ruling and ends by saying that a ruling does not lift the policy's
  prohibition: the board answered a question, it did not rewrite the policy;
- otherwise the ruling's verdict is the answer, stricter or looser than the policy's: the
  board has ruled on this use. The answer leads with the board's text ("The board ruled on
  this in BQ-0001 (3 Dec 2026): ..."); the ruling's reason comes first and decides (rule
  `ruling:BQ-0001`, citing its clauses and the reference); the policy's reasons stay for
  Details. A yes carries the board's conditions and the policy's own conditions that still
  hold (those of its yes-reasons and of the tool); the policy's duties for the verdict apply,
  and `needs_approval` leads to the approval request.

Cost: a question whose tool has no ruling (or, naming no tool, when no ruling names none) costs
one dict lookup. Otherwise it costs the reading of its purpose words the approval register
shares (about 30 us), plus a few set operations per ruling of that tool.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..decision import RULING_RULE, Citation, Reason, RulingNote
from ..policy import Policy
from ..reader import Reading
from ..schema import PERMISSION_VERDICTS, Verdict
from .entries import APPROVED, REJECTED, CompiledEntry, RegisterEntry, Use
from .matching import PURPOSE_CLOSE, Weights, data_covered, purpose_covered
from .rulings import as_sentence, short_date

YES = (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS)
NO_TOOL = "no tool"  # the tool of a tool-less ruling's scope (never looked up)


@dataclass(frozen=True)
class BoardRuling:
    """The board's answer to a question, kept as a ruling for later questions of the same use."""

    reference: str  # "BQ-0001"
    tool: str | None  # as the board named it; None: about questions naming no tool
    purpose: str  # the use, often the question itself: "Can I use Copilot to write a reference?"
    data_classification: str  # a data class id of the policy, or "none"
    verdict: Verdict  # allowed, allowed_with_conditions, needs_approval or prohibited
    text: str  # the board's answer, shown to staff
    conditions: tuple[str, ...]  # for allowed_with_conditions
    clauses: tuple[str, ...]  # the policy's section ids the answer rests on
    decided_at: datetime  # aware; shown in UTC

    def __post_init__(self) -> None:
        if not self.reference.strip():
            raise ValueError("a board ruling needs a reference")
        if self.verdict not in PERMISSION_VERDICTS:
            allowed = ", ".join(v.value for v in PERMISSION_VERDICTS)
            raise ValueError(f"{self.reference}: verdict must be one of {allowed}")
        if self.decided_at.tzinfo is None or self.decided_at.utcoffset() is None:
            raise ValueError(f"{self.reference}: decided_at must be timezone-aware (UTC)")
        if not self.text.strip():
            raise ValueError(f"{self.reference}: a board ruling needs the board's answer")
        # Read as given from a form or a record: a verdict's string, lists, a blank tool.
        tool = self.tool.strip() if self.tool else None
        object.__setattr__(self, "tool", tool or None)
        object.__setattr__(self, "verdict", Verdict(self.verdict))
        object.__setattr__(self, "conditions", _texts(self.conditions))
        object.__setattr__(self, "clauses", _texts(self.clauses))

    @property
    def says_yes(self) -> bool:
        return self.verdict in YES

    def as_entry(self) -> RegisterEntry:
        """The ruling's scope as a register entry, so that its tool, purpose and data are
        compiled exactly as an approval's (a yes) or a rejection's (a stricter ruling) are."""
        decision = APPROVED if self.says_yes else REJECTED
        return RegisterEntry(
            self.reference,
            self.tool or NO_TOOL,
            self.purpose,
            self.data_classification,
            decision,
            None,
            self.decided_at,
        )


def _texts(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(value.strip() for value in values if value.strip())


@dataclass(frozen=True, slots=True)
class CompiledRuling:
    """A ruling compiled against the policy."""

    ruling: BoardRuling
    tool_key: str | None  # as `Register._key` reads a question's tool; None: no tool
    scope: CompiledEntry  # its purpose words and the data it reaches
    context: frozenset[str]  # what its own wording says beyond the use (`context_of`)
    clauses: tuple[str, ...]  # those the policy has

    @property
    def reference(self) -> str:
        return self.ruling.reference

    @property
    def verdict(self) -> Verdict:
        return self.ruling.verdict

    @property
    def decided(self) -> str:
        return short_date(self.ruling.decided_at)

    @property
    def lead(self) -> str:
        return f"The board ruled on this in {self.reference} ({self.decided})"

    @property
    def citation(self) -> Citation:
        return Citation(self.reference, f"Board ruling {self.reference}, {self.decided}")

    @property
    def note(self) -> RulingNote:
        return RulingNote(self.reference, self.verdict, self.decided)

    @property
    def conditions(self) -> tuple[str, ...]:
        return tuple(as_sentence(condition) for condition in self.ruling.conditions)

    def reason(self, verdict: Verdict | None = None) -> Reason:
        """The ruling as a reason; `verdict` where the policy's own conditions made a plain
        yes conditional."""
        return Reason(
            f"{RULING_RULE}{self.reference}",
            verdict or self.verdict,
            f"{self.lead}: {as_sentence(self.ruling.text)}",
            (*self.clauses, self.reference),
            self.conditions,
        )

    def overruled(self) -> Reason:
        """The ruling beside the policy's own prohibition, which it does not lift: said as that,
        not in the board's words, which answered a use the policy forbids."""
        text = f"{self.lead}, but a ruling does not lift the policy's prohibition."
        return Reason(f"{RULING_RULE}{self.reference}", self.verdict, text, (self.reference,))

    def covers(self, asked: Use, asked_weight: float, weights: Weights) -> bool:
        """Whether the ruling's tool scope, data and purpose cover a question of use `asked`
        (its purpose words weighing `asked_weight`); a yes needs more (`covering`)."""
        scope = self.scope
        if self.tool_key is None and not (asked.named and scope.named):
            return False
        if not data_covered(scope, asked.data):
            return False
        shared = weights.of(scope.words & asked.words)
        if not self.ruling.says_yes:
            return purpose_covered(scope, asked, shared, asked_weight)
        return _same_use(scope, asked, shared, asked_weight)

    def speaks_to(self, context: frozenset[str]) -> bool:
        """Whether the ruling's own wording said all that a question saying `context`
        (`context_of`) says about its circumstances; if not, a yes does not cover it."""
        return context <= self.context


def _same_use(scope: CompiledEntry, asked: Use, shared: float, asked_weight: float) -> bool:
    """Close both ways: each side's purpose words are mostly the other's."""
    if not (scope.words and asked.words) or shared <= 0:
        return False
    return shared >= PURPOSE_CLOSE * scope.weight and shared >= PURPOSE_CLOSE * asked_weight


def context_of(reading: Reading) -> frozenset[str]:
    """What a question says about the circumstances of its use, beyond the use itself: the
    signals read, the roles, and the risk words the engine could not read."""
    return frozenset(
        (
            *reading.signals,
            *(f"role:{role}" for role in reading.roles),
            *(f"unread:{word.lower()}" for word in reading.unread_risks),
        )
    )


def covering(
    rulings: Sequence[CompiledRuling],
    asked: Use,
    reading: Reading,
    weights: Weights,
    one_tool: bool,
    readable: Callable[[Reading], bool],
) -> CompiledRuling | None:
    """The newest of `rulings` (newest first) that covers the question read as `reading`, of
    use `asked`. A yes also needs the question to name no other tool (`one_tool`) and to say
    no more about its circumstances than the ruling did, and the engine to read it as a use
    said outright (`readable`): a fragment or a question needing its context ("what about
    references?") is not the use the board said yes to, whatever words it shares."""
    context = context_of(reading)
    asked_weight = weights.of(asked.words)
    can_say_yes: bool | None = None  # worked out once, if a yes is reached
    for ruling in rulings:
        if not ruling.covers(asked, asked_weight, weights):
            continue
        if not ruling.ruling.says_yes:
            return ruling
        if can_say_yes is None:
            can_say_yes = one_tool and readable(reading)
        if can_say_yes and ruling.speaks_to(context):
            return ruling
    return None


def compile_ruling(
    policy: Policy,
    ruling: BoardRuling,
    tool_key: str | None,
    scope: CompiledEntry,
    reading: Reading,
    warnings: list[str],
) -> CompiledRuling:
    """The ruling against the policy; `scope` is its `as_entry()` compiled and `reading` its
    purpose read as a question. Anything no question could match goes to `warnings`."""
    reference = ruling.reference
    unknown = [clause for clause in ruling.clauses if clause not in policy.citations]
    if unknown:
        listed = ", ".join(repr(clause) for clause in unknown)
        warnings.append(f"{reference}: clause {listed} is not in the policy; left out")
    # No warning for "allowed with conditions" with none listed: the board says its conditions
    # in its answer, which leads the card staff read.
    if ruling.tool is None and reading.tools:
        warnings.append(
            f"{reference}: the purpose names {reading.tools[0].matched!r} but the ruling names "
            "no tool, so it covers only questions naming no tool"
        )
    if tool_key is None and not scope.named:
        warnings.append(f"{reference}: names neither a tool nor a use, so it covers no question")
    elif ruling.says_yes and not scope.words:
        warnings.append(f"{reference}: says yes but names no use, so it covers no question")
    beyond = sorted(reading.data - scope.covers) if ruling.says_yes else []
    if beyond:
        labels = ", ".join(policy.data_classes[d].label for d in beyond)
        warnings.append(
            f"{reference}: the purpose involves {labels}, beyond data classification "
            f"{ruling.data_classification!r}, so questions involving it are not covered"
        )
    known = tuple(clause for clause in ruling.clauses if clause in policy.citations)
    return CompiledRuling(ruling, tool_key, scope, context_of(reading), known)
