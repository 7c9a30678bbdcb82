"""The decision engine: `decide(policy, question) -> Decision`, pure and fast.

Every part of the policy the question touches contributes a reason with a verdict: the tool's
status (or the policy's default for unlisted tools, or for no tool named), the data the tool may
not receive, each recognised purpose, and each rule whose condition holds. The strictest verdict
wins, as every seed policy says ("where there is conflict, the stricter requirement applies").

With an approval register (knowledge.register), the governance board's decisions overlay the
tool's contribution: an approval answers "this tool must be authorised first" for the use it
covers, a rejection refuses it; everything else the policy says still applies. A board ruling
(knowledge.register.board) that covers the question answers it instead, except that a yes never
lifts the policy's own prohibition.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from .clause_reader import ClauseReading, clause_reader, refusal_reader
from .decision import (
    Choice,
    Citation,
    Decision,
    Duty,
    PurposeFound,
    Reason,
    RegisterNote,
    ToolFound,
)
from .followup import is_reply, read_thread, thread_after
from .normalise import stem
from .policy import EVERYDAY_SOFTWARE, Policy, RuleTest
from .reader import CONTEXT_SIGNALS, FAQ_THRESHOLD, WORK_IN_GENERAL, Reading, read_question
from .register import REGISTER_RULE, CompiledRuling, Register, Ruling, Use, use_of
from .register.rulings import data_phrase, short_date
from .risk_reader import (
    INCIDENT,
    INFORMATION,
    KINDS,
    THRESHOLD,
    RiskReading,
    incident_reader,
    information_reader,
    risk_reader,
)
from .safety_net import Doubt, masked, model_text, safety_net
from .schema import SEVERITY, ToolDefault, Verdict
from .tool_index import ToolHit
from .verdict_reader import Opinion, verdict_reader

# The longest question the bot and the command line answer; what staff type is far shorter,
# and a cap keeps a pasted document from costing more than a question should.
MAX_QUESTION_CHARS = 4000
# A question mark this close to the end of a long message ends its question: what follows is
# a sign-off or an afterthought ("... can I use Copilot to summarise it? Thanks, Sam").
QUESTION_TAIL = 500
FAQ_STRONG = 0.7  # an FAQ this close wins over a tool named in passing ("does Copilot train on...")
PUBLIC_TOOL = "public_tool"
FAQ_SAME = 0.9  # an FAQ this close is the question, whatever use it mentions
CLARIFY = (
    'Which AI tool do you want to use, and what for? For example: "Can I use ChatGPT to '
    'draft an email?" or "Can I put {example} into Copilot?"'
)
# Personal data as the policy's own staff meet it (schema.Organisation.kind).
PERSONAL_EXAMPLES = {
    "council": "a resident's address",
    "school": "a pupil's report",
    "other": "someone's home address",
}


@dataclass(frozen=True, slots=True)
class Excerpt:
    """The part of a message the engine reads: all of it, or, when it is longer than
    MAX_QUESTION_CHARS, the part where its question is. `start` and `end` index the message;
    `length` is the whole message's, in characters."""

    text: str
    start: int
    end: int
    length: int

    @property
    def where(self) -> Literal["all", "start", "end", "middle"]:
        if self.start == 0:
            return "all" if self.end == self.length else "start"
        return "end" if self.end == self.length else "middle"


# Where a sentence ends: its closing mark, any closing quote or bracket, then a space.
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")


def question_part(message: str, limit: int = MAX_QUESTION_CHARS) -> Excerpt:
    """At most `limit` characters of `message`, chosen to hold its question: the end when the
    last question mark is near it (a pasted email, then the question), the start when a
    question mark comes early (the question, then what was pasted), the part ending at the
    last question mark when it is in between, and the start when there is none. A cut made
    at the front falls at a sentence's start, so the part read begins as the person wrote it.
    Linear in the message's length: one scan from each end, then work within `limit`."""
    length = len(message)
    if length <= limit:
        return Excerpt(message, 0, length, length)
    mark = message.rfind("?")
    if mark < 0 or (mark < length - QUESTION_TAIL and message.find("?", 0, limit) >= 0):
        return Excerpt(message[:limit], 0, limit, length)
    end = length if mark >= length - QUESTION_TAIL else mark + 1
    start = max(0, end - limit)
    boundary = _SENTENCE_END.search(message, start, mark)
    if boundary is not None:
        start = boundary.end()
    elif (space := message.find(" ", start, mark)) >= 0:
        start = space + 1
    return Excerpt(message[start:end], start, end, length)


@dataclass(frozen=True)
class Subject:
    """The tool the question is about, as the policy sees it."""

    found: ToolFound | None
    tool_id: str | None  # a listed tool's id
    category: str | None
    status: str
    listed: bool
    reason: Reason


def decide(
    policy: Policy,
    question: str,
    thread: Sequence[str] = (),
    register: Register | None = None,
) -> Decision:
    """Answer `question`. `thread` is the conversation's earlier questions that this one may
    follow up (see knowledge.followup.thread_after); without it every question stands alone.
    `register` is the approval register built for `policy` (`Register.build`); without it, or
    with no entry for the tool asked about, the policy alone decides. A question longer than
    MAX_QUESTION_CHARS is read only in the part `question_part` chooses, and that part is the
    decision's `question`."""
    if register is not None:
        register.check(policy)
    question = question_part(question).text
    questions = thread_after(thread, question)
    if len(questions) == 1:
        reading = read_question(policy, question)
        decision = _decide(policy, reading, question, register, questions)
        decision = _second_opinion(policy, reading, question, questions, decision, register)
        return _told_of(policy, reading, question, decision)
    decision = _decide(policy, read_thread(policy, questions), question, register, questions)
    return decision.with_thread(tuple(questions[:-1]))


def _decide(
    policy: Policy,
    reading: Reading,
    question: str,
    register: Register | None,
    questions: Sequence[str],
) -> Decision:
    if "incident" in reading.signals:
        # "Is possible I put the supplier bank details in Copilot to check the format?": words
        # that can tell of something done ("I put"), in a question the information reader
        # surely takes for a use, ask for that use; its no is answered, a yes never
        asks = "?" in reading.text or reading.permission_form
        if asks and not _DONE_ALREADY.search(reading.text):
            use = _use_after_all(policy, reading, question, register, questions, INCIDENT_UNDER_USE)
            if use is not None:
                return use
        return _incident(policy, reading, question)
    asked = _asks_information(reading) or reading.asks_what_it_does
    scope, scope_rule = _scope(policy, reading)
    if _is_information(policy, reading) and not (reading.vague and not asked):
        use = _use_after_all(policy, reading, question, register, questions)
        if use is not None:
            return use
        if scope is not None:
            # "not using any AI, just writing about it - does the policy apply to me?"
            # a question of whether the work may go ahead, or needs a step first ("do I need a
            # DPIA?", "does it stop me?"), is the yes; any other about it, the policy's scope
            if _ASKS_GO_AHEAD.search(reading.text) and not _policy_asked(scope_rule, reading):
                return _out_of_scope(policy, reading, question, scope, scope_rule)
            return _information_decision(policy, reading, question, scope.text, scope.cites, None)
        return _information(policy, reading, question)
    if scope is not None:
        if _policy_asked(scope_rule, reading):
            # "does the policy stop me using AI at home for my own stuff?": its reach, told
            return _information_decision(policy, reading, question, scope.text, scope.cites, None)
        return _out_of_scope(policy, reading, question, scope, scope_rule)
    if register is not None:
        decision = _overlaid(policy, reading, question, register, questions)
    else:
        decision = _permission(policy, reading, question, questions)
    return _standing(policy, reading, question, decision)


_ASKS_GO_AHEAD = re.compile(
    r"\b(?:do|would|will)\s+(?:i|we)\s+need\s+(?:any\s+|an?\s+)?"
    r"(?:approval|permission|sign[- ]?off|dpia|authoris\w+|authoriz\w+)\b"
    r"|\banything\s+(?:i|we)\s+(?:need|have)\s+to\s+do\b"
    r"|\b(?:is|are)\s+(?:that|it|this)\s+(?:ok|okay|fine|alright|allowed)\b"
    r"|\b(?:stop|stops|prevent|prevents)\s+(?:me|us)\b",
    re.IGNORECASE,
)


_ASKS_OF_POLICY = re.compile(r"\b(?:the|this|our|ai|genai)\s+policy\b", re.IGNORECASE)


def _policy_asked(scope_rule: str, reading: Reading) -> bool:
    """Whether AI used outside work is asked about as the policy's reach ("does the policy stop
    me using AI at home?"): told as information, where writers of the tables split on a yes."""
    return scope_rule == "outside-work" and _ASKS_OF_POLICY.search(reading.text) is not None


def _scope(policy: Policy, reading: Reading) -> tuple[ToolDefault | None, str]:
    """What the policy says of work outside its reach, where the person says it is: no AI used
    at all, or AI used for themselves and not for work."""
    if reading.taking_part and policy.document.taking_part is not None:
        return policy.document.taking_part, "taking-part"
    if reading.no_ai and policy.document.no_ai_used is not None:
        return policy.document.no_ai_used, "no-ai-used"
    if reading.outside_work and policy.document.outside_work is not None:
        return policy.document.outside_work, "outside-work"
    return None, ""


def _out_of_scope(
    policy: Policy, reading: Reading, question: str, scope: ToolDefault, rule: str
) -> Decision:
    """Work the person says uses no AI at all ("writing it myself, no AI involved"), or AI used
    for themselves, not for work: the policy sets it no conditions, and says so from its scope,
    never with the duties of AI use at work it does not have ("use Copilot", "no pupils' data
    into an AI tool")."""
    reason = _default_reason(rule, scope, "")
    return Decision(
        policy_id=policy.id,
        policy_version=policy.version,
        question=question,
        verdict=reason.verdict,
        answer=_answer(policy, reason.verdict, [reason], list(reason.conditions), None),
        data=tuple(sorted(reading.data)),
        signals=tuple(sorted(reading.signals)),
        roles=tuple(sorted(reading.roles)),
        reasons=(reason,),
        conditions=reason.conditions,
        citations=_citations(policy, reason.cites),
    )


# "is chatgpt approved?", "is the microsoft one approved for swale staff?": the tool's standing
# asked after, and nothing said of a use
_ASKS_STANDING = re.compile(
    r"^\W*(?:[\w']+ (?:here|q|question)\W+)?(?:is|are)\b[^?.!:;]{0,60}?"
    r"\b(?:approved|authori[sz]ed|sanctioned|signed off)\b"
    # "... approved or do I need to ask?" asks whether approval is needed: a permission question
    r"(?![^?.!]*\bor (?:do|would|will|should) (?:i|we) (?:need|have) to\b)",
    re.IGNORECASE,
)


def _standing(policy: Policy, reading: Reading, question: str, decision: Decision) -> Decision:
    """Whether a tool is approved, asked with no use, of a policy that approves no AI tool by
    name, is a question about the policy: answered as information that says the policy does
    not approve it, why, and how to ask, never with the headline of a permission refused. A
    tool the policy refuses outright keeps its no; a use, data or a circumstance said makes it
    a permission question."""
    if decision.verdict != Verdict.NEEDS_APPROVAL or decision.tool is None:
        return decision
    if reading.purposes or reading.data or reading.claimed or reading.asks_approver:
        return decision
    if reading.signals & policy.restrictive_signals or not _ASKS_STANDING.search(reading.text):
        return decision
    # a policy that approves AI tools by name answers with its list: a tool not on it is a no
    # for now, as any use of it would be
    if any(
        tool.category != EVERYDAY_SOFTWARE and policy.tool_status(tool).verdict in YES
        for tool in policy.tools.values()
    ):
        return decision
    said = " ".join(_unique(r.text for r in decision.reasons[:2]))
    name = decision.tool.name
    answer = f"The policy does not approve {name}. {said} To use it: {_ask_approver(policy)}"
    cites = [c.id for c in decision.citations]
    told = _information_decision(policy, reading, question, answer, cites, "request_approval")
    return replace(told, tool=decision.tool, reasons=decision.reasons)


# "I already put the rota into chatgpt, that's fine isn't it?": asked, but about something done.
_DONE_ALREADY = re.compile(
    r"\b(?:already|yesterday|last (?:week|night|month)|earlier today|this morning|by accident|"
    r"accidentally|by mistake|i've|i have|i had|i did|we've|we have)\b",
    re.IGNORECASE,
)


_ASKS_TO_DO = re.compile(r"\b(?:can|could|may|should|shall) (?:i|we)\b", re.IGNORECASE)


def _second_opinion(
    policy: Policy,
    reading: Reading,
    question: str,
    questions: Sequence[str],
    decision: Decision,
    register: Register | None = None,
) -> Decision:
    """The engine's yes, "needs approval" or question back looked at again where the policy's
    verdict reader (knowledge.verdict_reader) is sure its tables' writers would have expected
    another verdict: the risk that verdict implies, read by the risk reader and judged by the
    policy's rules; or a question asked back answered as one about the policy; or, for a yes it
    thinks likely wrong (whichever no it would give), the question asked back. Its only yes is
    `_presumed`'s, on condition the tool really is provided; never over the board's register or
    a risk already read."""
    if decision.register is not None or decision.ruling is not None:
        return decision  # the board's judgement of the use
    if decision.read_as is not None:
        return decision  # the risk reader has already looked again
    if "incident" in reading.signals:
        return decision
    if decision.rule_ids in (["no-ai-used"], ["outside-work"], ["taking-part"]):
        return decision  # no AI used at work, so no risk of it for the reader to see
    if reading.content < READ_AS_MIN_CONTENT:
        # too little said to read a risk into; a use whose purpose the engine has read, with a
        # tool the organisation may provide, may still be presumed (`_presumed` says when)
        presumed = _presumed(policy, reading, question, questions, decision, register)
        if presumed is not None:
            return presumed
        asked = _short_information(policy, reading, question, questions, decision)
        return asked if asked is not None else decision
    reader = verdict_reader(policy.id)
    if reader is None:
        return decision
    opinion = reader.opinion(_as_the_models_read(policy, reading, questions), OPINION_SURE)
    if decision.doubt is not None:
        # the safety net has looked again and asks: only a refusal the policy's own rule gives
        # under the clause its writers cite answers instead
        if opinion is None:
            return decision
        cited = _cited_refusal(policy, reading, question, questions, decision, opinion)
        return cited if cited is not None else decision
    looked = None
    if opinion is not None:
        looked = _looked_again(policy, reading, question, questions, decision, opinion)
    if looked is not None:
        return looked
    if opinion is not None:
        cited = _cited_refusal(policy, reading, question, questions, decision, opinion)
        if cited is not None:
            return cited
    # sure of a yes without being sure which ("allowed" or "with conditions"), it may still
    # be sure enough to presume the tool
    presumed = _presumed(policy, reading, question, questions, decision, register)
    if presumed is not None:
        return presumed
    if opinion is None:
        return decision
    if decision.verdict in YES and opinion.against_yes >= OPINION_ASK:
        # the safety net's question, with the words that weighed for the reader's likeliest no
        ask = _doubt_question(Doubt(opinion.against_yes, opinion.against_words))
        asked = _unclear(policy, reading, question, decision.tool, ask, DOUBT_CHOICES)
        return replace(asked, opinion=opinion)
    return decision


def _short_information(
    policy: Policy,
    reading: Reading,
    question: str,
    questions: Sequence[str],
    decision: Decision,
) -> Decision | None:
    """A question asked back about a message too short to read a use into, answered as one
    about the policy where the verdict reader is all but sure its writers would have answered
    it so ("whats the point of us having an AI policy", "can AI make decisions at the council?").
    Never over a message that only points at something unsaid ("does this count?"), and never
    a yes."""
    if decision.verdict != Verdict.UNCLEAR or decision.doubt is not None or reading.vague:
        return None
    reader = verdict_reader(policy.id)
    if reader is None:
        return None
    said = _as_the_models_read(policy, reading, questions)
    opinion = reader.opinion(said, SHORT_INFORMATION_SURE)
    if opinion is None or opinion.verdict != Verdict.INFORMATION.value:
        return None
    if opinion.probability < SHORT_INFORMATION_SURE:
        return None
    return replace(_information_read(policy, reading, question), opinion=opinion)


def _told_of(policy: Policy, reading: Reading, question: str, decision: Decision) -> Decision:
    """A refusal, a "not yet" or a question asked back, for a message the incident reader is
    sure tells of something already done, in words the lexicon reads no incident in
    ("colleague keeps uploading CPOMS screenshots to some AI site", "a supply teacher was using
    chatgpt to mark my class's books today"): answered as the incident it is, how to report it
    and the rule it went against. Never over a yes, a use asked for ("can I ...") or the board's
    register, and never a yes itself."""
    if decision.verdict not in TOLD_OVER or decision.register is not None:
        return decision
    if decision.ruling is not None or reading.permission_form:
        return decision
    if reading.content < INFORMATION_MIN_CONTENT:
        return decision  # "AI for EHCPs?": too little said to be a story
    said = _as_the_models_read(policy, reading, [question])
    if incident_reader().probability(said, INCIDENT) < INCIDENT_SURE:
        return decision
    return _incident(policy, reading, question)


def _presumed(
    policy: Policy,
    reading: Reading,
    question: str,
    questions: Sequence[str],
    decision: Decision,
    register: Register | None,
) -> Decision | None:
    """A use whose only "not yet" is that the tool is not listed, with a tool the organisation
    may well provide though the document names no approved tool (`claimed_tool.may_be_provided`:
    Mid-Kent's Copilot), answered as a claim of it is ("if it really is provided for you, ...")
    when the verdict reader is all but sure the use is fine. Only ever a yes on that condition;
    None otherwise."""
    claimed = policy.document.claimed_tool
    if claimed is None or decision.verdict != Verdict.NEEDS_APPROVAL or decision.tool is None:
        return None
    if decision.tool.name not in claimed.presumable:
        return None  # "deepseek for translating the leaflet": no one supposes it was given
    gates = {"unlisted-tool", *(f"tool:{tool}" for tool in policy.tools)}
    if not decision.rule_ids or not set(decision.rule_ids) <= gates:
        return None  # something in the use itself needs approval too
    # a purpose the engine has read surely says the use in fewer words than a fragment needs
    purposed = max((score for _, score in reading.purposes), default=0.0) >= VOUCHED_PURPOSE
    least = PRESUMED_MIN_CONTENT if purposed else READ_AS_MIN_CONTENT
    likely = decision.tool.name in claimed.likely_provided
    sure = READER_PRESUMES_LIKELY if likely else READER_PRESUMES
    opinion = _reader_vouches(policy, reading, questions, sure, least)
    if opinion is None:
        return None
    presumed = _decide(policy, replace(reading, presumed=True), question, register, questions)
    return replace(presumed, opinion=opinion) if presumed.verdict in YES else None


def _looked_again(
    policy: Policy,
    reading: Reading,
    question: str,
    questions: Sequence[str],
    decision: Decision,
    opinion: Opinion,
) -> Decision | None:
    """The use read again where the reader is sure of another verdict than the engine's, and
    that verdict is not a yes: the risk it implies judged by the policy's rules, or a question
    asked back answered as one about the policy. None where nothing more is read."""
    if opinion.probability < OPINION_SURE or opinion.verdict == decision.verdict.value:
        return None
    expected = Verdict(opinion.verdict)
    if expected in YES or decision.verdict in (Verdict.PROHIBITED, Verdict.INFORMATION):
        # it never makes a yes; and it leaves the engine's refusals and its answers about the
        # policy alone: over those, on held-out months and our own questions, it lost what it
        # won ("does the policy allow that?" is asked for a verdict; "can she ask for a person
        # to look again?" for a right)
        return None
    if expected in NO:
        # the risk the verdict implies, as the risk reader reads it: the reader need not be
        # as sure as it must be alone, as the verdict reader has said a risk is there
        heard = opinion.probability < OPINION_OVERRULES
        where = ReadAs(OPINION_RISK, conduct_only=False, stricter=expected, heard=heard)
        read = _read_as(policy, reading, question, questions, None, where)
        if read is not None and read.read_as is not None and _risk_sure(read.read_as):
            return replace(read, opinion=opinion)
    if expected == Verdict.INFORMATION and decision.verdict == Verdict.UNCLEAR:
        return replace(_information_read(policy, reading, question), opinion=opinion)
    return None


def _cited_refusal(
    policy: Policy,
    reading: Reading,
    question: str,
    questions: Sequence[str],
    decision: Decision,
    opinion: Opinion,
) -> Decision | None:
    """A "needs approval" or a question asked back where the verdict reader is sure the policy
    forbids the use and no risk the risk reader reads says why: the clause the policy's writers
    cite for such a use, as its refusal reader reads the question, and the policy's own rule
    under that clause judging the use, what the rule tests for taken as said. Only ever a
    prohibition, and only by a rule that cites that clause; None otherwise."""
    if opinion.verdict != Verdict.PROHIBITED.value or opinion.probability < REFUSAL_SURE:
        return None
    if decision.verdict not in (Verdict.NEEDS_APPROVAL, Verdict.UNCLEAR):
        return None
    reader = refusal_reader(policy.id)
    if reader is None:
        return None
    said = _as_the_models_read(policy, reading, questions)
    read = reader.read_clause(said, REFUSAL_CLAUSE_SURE)
    if read is None or read.clause not in policy.sections:
        return None
    # the prohibitions under the clause that turn on what is done or the data, not on the tool,
    # the purpose or a role (what is asked about, not what a model may read into it)
    under = [
        (rule, test)
        for rule, test in policy.rule_tests
        if rule.verdict == Verdict.PROHIBITED.value
        and read.clause in rule.cites
        and not (test.tools or test.tool_categories or test.tool_statuses)
        and not (test.purposes or test.roles)
    ]
    if not under:
        return None
    text = questions[0] if questions else question
    likely = _likely_risks(said)
    # of the rules under the clause ("unchecked output", "made-up content" ...), first the one
    # testing for what the risk reader finds likeliest in the question
    under.sort(key=lambda pair: -_rule_likelihood(pair[1], likely))
    section = policy.sections[read.clause]
    words = ", ".join(f'"{w}"' for w in read.words)
    lead = f"Read as what {section.id} ({section.title}) forbids" + (
        f" (from the words {words}). " if words else ". "
    )
    # a doubted yes for a use read from one of the policy's own examples ("rewrite a reading
    # passage so it suits weaker readers") is the policy's permitted use: a refusal in its place
    # needs more of the risk read than one in place of "needs approval" or another doubted yes
    over_example = decision.doubt is not None and reading.from_example
    bar = RULE_LIKELY_OVER_EXAMPLE if over_example else RULE_LIKELY
    for rule, test in under:
        if _rule_likelihood(test, likely) < bar:
            break  # what the rule tests for is not what the question reads as
        taken = _as_if_said(policy, reading, test, text, likely)
        if taken is None:
            continue  # the person has said otherwise
        weighed = _weigh(policy, taken, None)
        if weighed.verdict != Verdict.PROHIBITED:
            continue
        refused = _answered(policy, taken, question, weighed, questions)
        if refused.verdict == Verdict.PROHIBITED and rule.id in refused.rule_ids:
            return replace(refused, answer=lead + refused.answer, opinion=opinion, read_under=read)
    return None


def _likely_risks(said: str) -> dict[str, float]:
    """How likely the risk reader finds each signal and data class in `said` (the question, its
    tools masked): the likeliest kind that reads as it."""
    reader = risk_reader()
    likely: dict[str, float] = {}
    for kind, probability in zip(reader.kinds, reader.probabilities(model_text(said)), strict=True):
        meant = KINDS.get(kind)
        if meant is None:
            continue
        if meant.signal is None and probability < OPINION_DATA_RISK:
            # data about people a question can merely mention ("a calm reply to a resident
            # who has sent rude emails"): read only at the second opinion's higher bar
            continue
        named = [meant.signal] if meant.signal else list(meant.data)
        if meant.signal == "personal_device":
            named.append("personal_login")
        for name in named:
            likely[name] = max(likely.get(name, 0.0), probability)
    return likely


def _rule_likelihood(test: RuleTest, likely: dict[str, float]) -> float:
    tested = test.signals_any | test.signals_all | test.data_any
    return max((likely.get(name, 0.0) for name in tested), default=0.0)


def _as_if_said(
    policy: Policy, reading: Reading, test: RuleTest, text: str, likely: dict[str, float]
) -> Reading | None:
    """`reading` with what a rule tests for taken as said (a way of working it restricts, or the
    data it guards), or None where the person has said otherwise ("no names at all", "I make
    the decision")."""
    signals = set(reading.signals)
    wanted = sorted(test.signals_all - signals)
    if test.signals_any and not test.signals_any & signals:
        wanted.append(max(sorted(test.signals_any), key=lambda name: likely.get(name, 0.0)))
    # what the person says of a person's part ("an officer decides") is believed here: only
    # the risk reader's own reading, surer, overrules it (`_looked_again`)
    if not all(_may_read(policy, reading, signal, text, heard=True) for signal in wanted):
        return None
    signals.update(wanted)
    data = set(reading.data)
    if test.data_any and not test.data_any & data:
        if reading.absent:
            return None  # "no personal details in it": what the person says is read
        guarded = sorted(d for d in test.data_any if d in policy.data_classes)
        if not guarded:
            return None
        data |= policy.implied[max(guarded, key=lambda name: likely.get(name, 0.0))]
    return replace(reading, signals=signals, data=data)


def _risk_sure(risk: RiskReading) -> bool:
    """Whether a risk read for the second opinion is read surely enough: a risk in what is done
    at the low bar; data about people, which a question can merely mention ("a calm reply to a
    resident who has sent rude emails"), at a higher one."""
    in_data = KINDS[risk.kind].signal is None
    return risk.probability >= (OPINION_DATA_RISK if in_data else OPINION_RISK)


def _use_after_all(
    policy: Policy,
    reading: Reading,
    question: str,
    register: Register | None,
    questions: Sequence[str],
    under: float | None = None,
) -> Decision | None:
    """A question worded as one about the policy that the information reader reads as asking
    for a use ("I'm a director - do I need IT to approve ChatGPT for me?"): that use's answer
    when it is a no. Never a yes where a question about the policy may have been asked (taking
    those too let a yes through on the held-out months). `under`: how surely it must read so."""
    # "can the AI in the housing system decide who gets the last beds?": a way of working the
    # policy restricts names a use as a tool or purpose does
    restrictive = reading.signals & policy.restrictive_signals
    if not (reading.tools or reading.purposes or reading.data or restrictive):
        return None  # no use named
    if reading.reports_others:
        return None  # what someone else does, told: a report
    if len(questions) > 1 or reading.content < INFORMATION_MIN_CONTENT:
        return None
    if reading.asks_what_it_does:
        return None
    said = _as_the_models_read(policy, reading, questions)
    information = information_reader().probability(said, INFORMATION)
    under = INFORMATION_UNDER_USE if under is None else under
    if not (reading.tools or reading.purposes):
        # "the 'all about me' transition forms - can I paste them in to make the tutor
        # groups?": data alone names a use only when the person asks to do something with it
        # and the reader is surer still ("can the AI see restricted files?" asks about the AI);
        # a restricted way of working, when the reader is as sure
        if not (restrictive or _ASKS_TO_DO.search(reading.text)):
            return None
        under = min(under, DATA_UNDER_USE)
    if information >= under:
        return None
    if register is not None:
        decision = _overlaid(policy, reading, question, register, questions)
    else:
        decision = _permission(policy, reading, question, questions)
    if decision.verdict not in NO:
        return None
    deciding = [r.rule for r in decision.reasons if r.verdict == decision.verdict]
    if all(rule.startswith("purpose:") for rule in deciding):
        return None  # a use matched from its wording alone is no surer than the question's form
    return decision


def _overlaid(
    policy: Policy,
    reading: Reading,
    question: str,
    register: Register,
    questions: Sequence[str],
) -> Decision:
    """The answer with the board's decisions over the policy: a board ruling covering the
    question answers it; otherwise the approval register joins the policy's answer."""
    use = _once(lambda: use_of(policy, reading, questions))  # read at most once, for both
    board = register.board_ruling(reading, use, _readable)
    if board is not None:
        weighed = _weigh(policy, reading, register.consult(reading.tool, use))
        return _ruled(policy, reading, question, weighed, board)
    return _permission(
        policy, reading, question, questions, lambda: register.consult(reading.tool, use)
    )


def _once(make: Callable[[], Use]) -> Callable[[], Use]:
    """`make`, called at most once (a closure: `functools.cache` costs more to set up than a
    question with no ruling or entry to check costs in all)."""
    made: list[Use] = []

    def once() -> Use:
        if not made:
            made.append(make())
        return made[0]

    return once


def _permission(
    policy: Policy,
    reading: Reading,
    question: str,
    questions: Sequence[str],
    consult: Callable[[], Ruling | None] | None = None,
) -> Decision:
    """The policy's answer to anything but an incident or a question about the policy, with
    the approval register's say (`consult`, asked only of a question it could concern)."""
    if (reading.vague or not reading.understood) and not _asks_information(reading):
        # "could the AI approve the straightforward ones itself?": no tool or use the engine
        # knows, but a way of working the policy refuses, as the risk reader reads it
        read = _read_as(policy, reading, question, questions, None, READ_UNCLEAR)
        if read is not None:
            return read
        if _reads_as_information(policy, reading, questions, INFORMATION_OVER_QUESTION):
            return _information_read(policy, reading, question)
    if reading.vague or not reading.understood:
        gated = _gated_whatever_the_use(policy, reading, question, questions, consult)
        if gated is not None:
            return gated
    # "is Copilot Chat in Teams the approved one?": no use, but a question about the tool's
    # status, which the policy answers
    if reading.vague and not _asks_if_tool_needs_approval(policy, reading):
        tool = _subject(policy, reading).found if reading.tools else None
        return _unclear(policy, reading, question, tool)
    if not reading.understood:
        return _unclear(policy, reading, question)
    ruling = consult() if consult is not None else None
    return _answered(policy, reading, question, _weigh(policy, reading, ruling), questions)


# Asking whether one may use something at all, in the words staff use for it.
_ASKS_LEAVE = re.compile(
    r"\b(?:ok|okay|allowed|alowed|allowd|approved|fine|covered|permitted|sign(?:ed|ing)? off|"
    r"alright|all right|can (?:i|we|they|he|she|you)|could (?:i|we|they)|try|trial|use|using|"
    r"download|install|expense|buy|put|start|banned|blocked|forbidden)\b",
    re.IGNORECASE,
)


def _gated_whatever_the_use(
    policy: Policy,
    reading: Reading,
    question: str,
    questions: Sequence[str],
    consult: Callable[[], Ruling | None] | None,
) -> Decision | None:
    """A tool the policy gates or refuses whatever it is used for, answered without asking what
    the use is ("I'm letting my team use DeepSeek for drafting - I can do that, right?"): the
    answer is a no for now either way. Not when the register knows the tool: then what it
    covers depends on the use, which must be asked."""
    if reading.tool is None or reading.tool.entry is None or not _ASKS_LEAVE.search(reading.text):
        return None  # "copilot?", "the other app": which product, or whether to use it, unsaid
    if _subject(policy, reading).reason.verdict not in NO:
        return None
    if consult is not None and consult() is not None:
        return None
    return _answered(policy, reading, question, _weigh(policy, reading, None), questions)


def _readable(reading: Reading) -> bool:
    """Whether a board ruling may say yes to the question (knowledge.register.board): a use
    said outright, not one the engine reads as needing its context ("what about images?")."""
    return not reading.vague and _says_a_use(reading)


_ASKS_IF_ALLOWED = re.compile(
    r"\b(?:does|would|will|do) (?:the|our|this|your) (?:ai |genai )?polic(?:y|ies) "
    r"(?:allow|permit|let us do|let me do) (?:it|this|that)\b"
    r"|\b(?:is|would) (?:that|this|it) be (?:allowed|ok|okay|permitted) under (?:the|our|this) "
    r"polic|\bis (?:that|this|it) (?:allowed|ok|okay|permitted) under (?:the|our|this) polic",
    re.IGNORECASE,
)
_HOW_TO_DO = re.compile(
    r"\s*how (?:do|can|could|would|should) (?:i|we) (?:make|create|get|write|do|generate|produce|"
    r"build|set up|use|put|upload|send|switch|turn|clear|delete|wipe|hide|remove|stop|keep)\b",
    re.IGNORECASE,
)


_HANDED_OVER = re.compile(r"\b(?:uploaded|pasted|entered|fed|sent)\b", re.IGNORECASE)


def _is_information(policy: Policy, reading: Reading) -> bool:
    """A question about the policy rather than a permission: asked as one ("who approves...",
    "do I have to label it?", "is there training?"), or matching an FAQ while naming nothing to
    permit. "Can I use ChatGPT to ...?" is a permission question even when an FAQ is near."""
    restrictive = reading.signals & policy.restrictive_signals
    # "will Copilot show me stuff from the HR SharePoint if I ask about the restructure?": what
    # the tool does, asked with no use to judge
    if reading.asks_what_it_does and not restrictive:
        return True
    # "is there AI training for new starters?": a yes-no question that names no use, close to an
    # answer the policy gives, asks for that answer
    said = bool(reading.tools or reading.purposes or reading.data or restrictive)
    if reading.faq is not None and reading.faq[1] >= FAQ_STRONG and not said:
        return True
    if reading.permission_form and not reading.information_cue and not reading.question_form:
        return False
    # "I'd like AI to draw the phonics display - anything I need to do?": the answer to a use's
    # duties is that use's answer, with its conditions
    # ("water saving tips for the e-newsletter, drafted in the approved AI - anything I need to
    # do?": a purpose and the tool it is done with say the use as well as a close reading does)
    # (not a story of data already handed over: "the TA uploaded the class's assessments into a
    # free AI site - anything I need to do?" asks what to do about it)
    tooled = (
        bool(reading.purposes)
        and bool(reading.tools or reading.claimed)
        and not _HANDED_OVER.search(reading.text)
    )
    if reading.asks_duties and (reading.well_read or restrictive or tooled):
        return False
    # "the housing team want Otter for case meetings - do they need anyone's ok?": a named tool
    # or a gated circumstance, and who approves it, is that use's answer (needs approval, and who)
    if reading.asks_approver and (reading.tools or reading.well_read or restrictive):
        return False
    # "... it gives each one a grade - does the policy allow it?", "how do I make a video of Mr
    # Patel saying something stupid?": asking whether, or how, to do a use said is asking for it
    if _ASKS_IF_ALLOWED.search(reading.text) and said:
        return False
    if _HOW_TO_DO.match(reading.text) and restrictive:
        return False
    if reading.information_cue or reading.question_form:
        return True
    if reading.faq is None:
        return False
    circumstances = bool(reading.signals - {"human_review"})
    if not (reading.tools or reading.purposes or reading.data or circumstances):
        return True
    told = reading.asks_after or reading.reports_others  # a story, not a use asked for
    # "an AI picture of our pupils, and we won't mention it's not real": near the labelling FAQ,
    # but saying a circumstance the policy refuses or gates is a use to judge
    if reading.signals & policy.restrictive_signals and not told:
        return False
    # "want to summarise a pupil's SEN report with AI": a use said outright, on data whose place
    # the policy rules on, is a use to judge however close an FAQ's wording comes.
    restricted = any(d != "public" for d in reading.data)
    described = bool(reading.purposes) and restricted
    # "waste team - approved ai to write a leaflet on which bin is which": a use read closely,
    # with an FAQ only somewhat near, asks for that use
    if reading.well_read and reading.faq[1] < FAQ_SAME and not (told or reading.names_policy):
        return False
    return reading.faq[1] >= FAQ_STRONG and not reading.tools and not described


def _asks_information(reading: Reading) -> bool:
    """Asked as a question about the policy ("who do I ask to get a tool approved?"), which
    needs no more context to answer."""
    found = reading.section is not None or reading.faq is not None
    return reading.information_cue or (reading.question_form and found)


@dataclass(frozen=True)
class Weighed:
    """What the policy, with the approval register, says about a use: every contribution,
    strictest first, and the verdict they give."""

    subject: Subject
    reasons: list[Reason]
    verdict: Verdict
    deciding: list[Reason]  # the reasons at `verdict`
    entered: list[Reason]  # the register's reasons
    ruling: Ruling | None  # the register's say, when it changed anything


def _weigh(policy: Policy, reading: Reading, ruling: Ruling | None) -> Weighed:
    """Every part of the policy the question touches, with the register's `ruling` applied to
    the tool's contribution."""
    subject = _subject(policy, reading)
    tool_reasons = ruling.reasons(subject.reason) if ruling else [subject.reason]
    entered = [r for r in tool_reasons if r.rule.startswith(REGISTER_RULE)]
    if not entered:
        ruling = None  # an entry that changes nothing is not mentioned
    reasons = [*tool_reasons, *_tool_data_reasons(policy, subject, reading)]
    reasons += _purpose_reasons(policy, reading)
    reasons += _rule_reasons(policy, subject, reading)
    reasons.sort(key=lambda r: -SEVERITY[r.verdict])
    verdict = reasons[0].verdict
    deciding = [r for r in reasons if r.verdict == verdict]
    return Weighed(subject, reasons, verdict, deciding, entered, ruling)


def _answered(
    policy: Policy,
    reading: Reading,
    question: str,
    weighed: Weighed,
    questions: Sequence[str] = (),
) -> Decision:
    """The policy's answer to a permission question, or the question asked back when a yes
    rests on too little or the safety net doubts it (`questions`: the messages it reads)."""
    subject, reasons, verdict = weighed.subject, weighed.reasons, weighed.verdict
    deciding, entered, ruling = weighed.deciding, weighed.entered, weighed.ruling
    conditions = _unique(c for r in deciding for c in r.conditions)
    if verdict == Verdict.ALLOWED_WITH_CONDITIONS and not conditions:
        conditions = _unique(c for r in reasons for c in r.conditions)
    cites = [c for r in deciding for c in r.cites]
    if verdict == Verdict.NEEDS_APPROVAL:
        cites += policy.document.approval.cites
    if verdict in YES:
        # A yes rests on the clause that permits the use as well as on the tool's conditions,
        # and, when the person says the personal data is out, on the clause about that data.
        cites += [c for r in reasons if r.rule.startswith("purpose:") for c in r.cites]
        if "no_personal" in reading.absent and "personal" in policy.data_classes:
            cites += policy.data_classes["personal"].cites
    if verdict in YES:
        # a condition the answer states rests on the clause it names: "No confidential or
        # personal information in a public AI tool (7.3)"
        cites += [c for text in conditions for c in _CLAUSE_NAMED.findall(text)]
        cites = [c for c in cites if c in policy.citations]
    instead = next((r.instead for r in deciding if r.instead), None)
    told, note = deciding, ""
    extra: dict[str, Citation] = {}
    if ruling is not None:
        extra[ruling.reference] = ruling.citation
        cites.append(ruling.reference)  # cited even when a stricter clause decided
        told, note = _told_with_register(ruling, entered, deciding, verdict)
    if verdict in YES and _asks_if_tool_needs_approval(policy, reading):
        return _no_approval_needed(policy, reading, question, subject, told, conditions)
    # A yes the engine would ask about because it cannot read all of the use is given where the
    # policy's verdict reader is all but sure its writers would have said yes: the yes is still
    # the policy's own, for the use as read; the reader only says the words left are no risk.
    vouched = _FirstCall(lambda: _reader_vouches(policy, reading, questions))
    if verdict in YES and reading.unread_risks and vouched() is None:
        ask = UNREAD_RISK.format(word=reading.unread_risks[0])
        return _read_or_ask(policy, reading, question, questions, weighed, ask)
    if (
        verdict in YES
        and not _judged(policy, reading)
        and not _vouched(policy, reading, questions)
        and vouched() is None
    ):
        act = _act_unread(reading)  # "can copilot dismiss the claims?": ask what that involves
        about = UNREAD_RISK.format(word=act) if act is not None else None
        return _read_or_ask(policy, reading, question, questions, weighed, about)
    if verdict in YES and subject.found is None and _tool_dependent(policy, reading):
        choices = _tool_choices(policy)
        if choices and vouched() is None:
            return _unclear(policy, reading, question, None, WHICH_TOOL, choices)
    if verdict in YES and _undecided(reading):
        return _unclear(policy, reading, question, subject.found, WHO_DECIDES, WHO_DECIDES_CHOICES)
    if verdict in YES and reading.review_conflict:
        return _unclear(policy, reading, question, subject.found, WILL_CHECK, WILL_CHECK_CHOICES)
    if verdict in YES and reading.maybe_done and vouched() is None:
        return _unclear(
            policy, reading, question, subject.found, ALREADY_DONE, ALREADY_DONE_CHOICES
        )
    if verdict in NO and _reads_as_information(policy, reading, questions, INFORMATION_OVER_NO):
        # "if IT approve another tool for me, does anyone keep an eye on it?": asked about the
        # policy, however much of a use it names
        return _information_read(policy, reading, question)
    # "Copilot says the notice is valid - can I just serve it?": the tool needs approval, and
    # what is done with it is refused whatever the tool
    if verdict == Verdict.NEEDS_APPROVAL and not entered:
        read = _read_as(policy, reading, question, questions, weighed.ruling, READ_STRICTER)
        if read is not None:
            return read
    # An approval the board entered for this use is its judgement of it: not second-guessed.
    doubt = _doubt(policy, reading, questions) if verdict in YES and not entered else None
    if doubt is not None and doubt.probability >= READ_AS_MIN_DOUBT:
        read = _read_as(policy, reading, question, questions, weighed.ruling, READ_DOUBTED)
        if read is not None:
            return read
    if doubt is not None and _reads_as_information(
        policy, reading, questions, INFORMATION_OVER_QUESTION
    ):
        return _information_read(policy, reading, question)
    if doubt is not None:
        ask = _doubt_question(doubt)
        decision = _unclear(policy, reading, question, subject.found, ask, DOUBT_CHOICES)
        return replace(decision, doubt=doubt)
    answer = _answer(policy, verdict, told, conditions, instead) + note
    return Decision(
        policy_id=policy.id,
        policy_version=policy.version,
        question=question,
        verdict=verdict,
        answer=answer,
        tool=subject.found,
        purpose=_purpose_found(policy, reading),
        data=tuple(sorted(reading.data)),
        signals=tuple(sorted(reading.signals)),
        roles=tuple(sorted(reading.roles)),
        reasons=tuple(reasons),
        conditions=tuple(conditions),
        obligations=_duties(policy, verdict, reasons, reading),
        citations=_citations(policy, cites, extra),
        next_step="request_approval" if verdict == Verdict.NEEDS_APPROVAL else None,
        instead=instead,
        register=_register_note(policy, ruling) if ruling else None,
        opinion=vouched.value if verdict in YES else None,
    )


class _FirstCall:
    """The verdict reader's vouching, worked out on first use only: it is asked about a yes only
    where the engine would otherwise ask back."""

    def __init__(self, work: Callable[[], Opinion | None]) -> None:
        self._work = work
        self._done = False
        self.value: Opinion | None = None

    def __call__(self) -> Opinion | None:
        if not self._done:
            self.value, self._done = self._work(), True
        return self.value


def _reader_vouches(
    policy: Policy,
    reading: Reading,
    questions: Sequence[str],
    bar: float | None = None,
    least: int | None = None,
) -> Opinion | None:
    """The verdict reader's opinion when it is all but sure a yes is right (`bar`, else
    READER_VOUCHES) for a question that stands alone and says enough to judge (`least` words
    that say something, else READ_AS_MIN_CONTENT); else None."""
    least = READ_AS_MIN_CONTENT if least is None else least
    if len(questions) > 1 or reading.content < least:
        return None
    if "incident" in reading.signals or reading.reports_others:
        return None
    if reading.presumed:
        # the tool is already taken for the organisation's on its word: words the engine could
        # not read in the use ("a made-up 'benefit scrounger' character") are still asked about
        return None
    if not _says_a_use(reading) or not _written(policy, reading):
        return None  # too thin to be a use, or a heap of words: however the model scores it
    reader = verdict_reader(policy.id)
    if reader is None:
        return None
    opinion = reader.opinion(_as_the_models_read(policy, reading, questions), 0.0)
    if opinion is None or 1.0 - opinion.against_yes < (READER_VOUCHES if bar is None else bar):
        return None
    return opinion


def _read_or_ask(
    policy: Policy,
    reading: Reading,
    question: str,
    questions: Sequence[str],
    weighed: Weighed,
    ask: str | None = None,
) -> Decision:
    """A yes resting on too little of the use read ("can copilot make up a few visitor reviews
    for Brocks Hill until we get real ones in?"): the use as the risk reader reads it when that
    is a refusal, as a use left unread is (`READ_UNCLEAR`); otherwise the question asked back."""
    read = _read_as(policy, reading, question, questions, weighed.ruling, READ_UNCLEAR)
    if read is not None:
        return read
    return _unclear(policy, reading, question, weighed.subject.found, ask)


def _doubt(policy: Policy, reading: Reading, questions: Sequence[str]) -> Doubt | None:
    """The safety net's doubt about a yes (knowledge.safety_net), the tools named masked: a use
    it doubted stays doubted when the person asks "what about with Copilot?". Not when the
    newest message answers a question the engine asked ("no: nothing personal"): that is what
    the person says of the use, and the engine has read it."""
    if len(questions) > 1 and is_reply(questions[-1]):
        return None
    if len(questions) == 1:
        return safety_net().doubt(masked(questions[0], net_marks(policy, reading)))
    # A follow-up ("what about with Copilot?") says little alone: it is read after the question
    # that said the use. Not after the follow-ups between, whose risks the engine has read and
    # the newest may have taken away ("and with a resident's address?", "what if anonymised?").
    said, newest = questions[0], questions[-1]
    parts = [masked(q, net_marks(policy, read_question(policy, q))) for q in (said, newest)]
    return safety_net().doubt(" ".join(parts))


def _asks_if_tool_needs_approval(policy: Policy, reading: Reading) -> bool:
    """ "do I need approval to use Copilot, or is it already ok?": whether a tool needs approval,
    with no use said, asks about the policy's rule for the tool."""
    if not (reading.asks_approver and reading.tools) or reading.purposes or reading.data:
        return False
    # "our approved Copilot": a claim is answered on its condition, never as settled
    return not (reading.claimed or reading.signals & policy.restrictive_signals)


def _no_approval_needed(
    policy: Policy,
    reading: Reading,
    question: str,
    subject: Subject,
    told: list[Reason],
    conditions: list[str],
) -> Decision:
    """The answer to whether a tool the policy (or the board) permits needs approval: it does
    not, on its conditions; a particular use may still need it."""
    name = _spoken(subject.found.name) if subject.found else "this tool"
    said = " ".join(r.text for r in told[:1])
    terms = f" As long as: {' '.join(conditions)}" if conditions else ""
    answer = (
        f"You do not need approval to use {name} itself. {said}{terms} Some uses still need "
        "approval (personal data, for example): ask about the use if you are unsure."
    )
    cites = [c for r in told for c in r.cites]
    decision = _information_decision(policy, reading, question, answer, cites, None)
    return replace(decision, tool=subject.found, reasons=tuple(told))


@dataclass(frozen=True)
class ReadAs:
    """Where the engine asks the risk reader, and what its reading must do there."""

    threshold: float  # the reader's least probability
    conduct_only: bool  # only risks in what is done (a decision, copying), not in data
    stricter: Verdict | None  # the verdict the reading must give, or None for any no
    # whether a person said to decide or check ("I approve them", "I'll sign them off") answers
    # a risk to human judgement: not where the verdict reader is sure that is a rubber stamp
    heard: bool = True


# Where the engine asks the reader, and how sure it must be there: chosen on months neither
# model had learnt from (docs/engine-measurements.md, "Session of 2026-12-05 (seventh)").
# A doubted yes (the safety net sure enough, READ_AS_MIN_DOUBT): any risk.
READ_DOUBTED = ReadAs(THRESHOLD, conduct_only=False, stricter=None)
# A use the engine cannot name: only a risk in what is done, and nothing the person says
# against it; the question would otherwise be asked back, so a less sure reading may answer it.
READ_UNCLEAR = ReadAs(0.4, conduct_only=True, stricter=None)
# A tool that needs approval: only a risk in what is done that the policy refuses outright, read
# more surely (it turns one no into a harder one: "predict who will fall into arrears" is
# profiling, which needs approval, before it is a decision left to AI).
READ_STRICTER = ReadAs(0.6, conduct_only=True, stricter=Verdict.PROHIBITED)


def _read_as(
    policy: Policy,
    reading: Reading,
    question: str,
    questions: Sequence[str],
    ruling: Ruling | None,
    where: ReadAs,
) -> Decision | None:
    """The use judged as the risk reader reads it (knowledge.risk_reader): the policy's answer
    to the use with that risk, when that answer is a no (`where.stricter`, when given);
    otherwise None, and the engine answers or asks as it would have."""
    if reading.content < READ_AS_MIN_CONTENT:
        return None  # "poster": too little said for any reading of its risk
    said = questions[0] if questions else question
    risk = risk_reader().read(masked(said, net_marks(policy, reading)), where.threshold)
    if risk is None:
        return None
    risky = _with_risk(policy, reading, risk, said, where.conduct_only, where.heard)
    if risky is None:
        return None
    reweighed = _weigh(policy, risky, ruling)
    if reweighed.verdict in YES or where.stricter not in (None, reweighed.verdict):
        return None
    decision = _answered(policy, risky, question, reweighed, questions)
    if decision.verdict not in NO:
        return None  # the risky use asked about, or heard as a question about the policy
    words = ", ".join(f'"{w}"' for w in risk.words)
    lead = f"Read as {risk.label}" + (f" (from the words {words})" if words else "") + ". "
    return replace(decision, answer=lead + decision.answer, read_as=risk)


def _vouched(policy: Policy, reading: Reading, questions: Sequence[str]) -> bool:
    """Whether a use read clearly, among words the engine does not know ("summarise the Housing
    Ombudsman spotlight report on damp and mould"), is one the safety net is sure is no risk:
    then the unknown words are taken as the subject matter they look like, and the use is
    judged. A follow-up is read with its thread, so not here."""
    if len(questions) > 1 or not _says_a_use(reading) or not reading.purposes:
        return False
    if max(score for _, score in reading.purposes) < VOUCHED_PURPOSE:
        return False
    if not _written(policy, reading):
        return False
    return safety_net().probability(_as_the_models_read(policy, reading, questions)) < VOUCHED_BELOW


def _written(policy: Policy, reading: Reading) -> bool:
    """Whether the words the engine does not know stand in a sentence ("on damp and mould for
    tomorrow's huddle") rather than in a heap ("aardvarks abaci aback report"): at least one
    small word for every two unknown ones, from the first unknown word on; or, for one or two
    unknown words, more than twice as many small words in the whole question."""
    unknown = set(reading.unexplained)
    stems = [stem(t.text) for t in reading.tokens]
    first = next((i for i, s in enumerate(stems) if s in unknown), None)
    if first is None:
        return True
    small = sum(1 for s in stems[first:] if s in policy.lexicon.stopwords)
    if small * 2 >= len(unknown):
        return True
    # one or two unknown words late in a sentence ("... explain the syntax error", "... for the
    # biodiversity leaflet"): a sentence all the same when the question's small words are more
    # than twice as many
    said = sum(1 for s in stems if s in policy.lexicon.stopwords)
    return len(unknown) <= 2 and said >= 2 * len(unknown) + 1


def _reads_as_information(
    policy: Policy, reading: Reading, questions: Sequence[str], sure: float
) -> bool:
    """Whether the question reads, to the information reader, as a question about the policy
    ("is anyone checking what we type into Copilot?") at least `sure`ly."""
    if len(questions) > 1 or reading.permission_form:
        return False  # a follow-up is read with its thread; "can I ..." asks for a use
    if reading.content < INFORMATION_MIN_CONTENT:
        return False  # "AI??", "testing, does this work": too little said to answer anything
    said = _as_the_models_read(policy, reading, questions)
    return information_reader().probability(said, INFORMATION) >= sure


def _as_the_models_read(policy: Policy, reading: Reading, questions: Sequence[str]) -> str:
    """The question that said the use, with its tools masked as the trained models read it."""
    return masked(questions[0] if questions else reading.text, net_marks(policy, reading))


def _information_read(policy: Policy, reading: Reading, question: str) -> Decision:
    """The answer to a question read as one about the policy: how to report, when it tells of
    something that happened ("otter emailed the transcript to everyone"); else the policy."""
    if reading.asks_after or reading.reports_others:
        return _incident(policy, reading, question)
    return _information(policy, reading, question)


def _with_risk(
    policy: Policy,
    reading: Reading,
    risk: RiskReading,
    text: str,
    conduct_only: bool,
    heard: bool = True,
) -> Reading | None:
    """`reading` with the risk read into it, or None when the policy has nothing to say of it
    (a data class it does not have, a risk it has no rule for), when the person has said
    otherwise, or when the risk is in data and only a risk in what is done may be read."""
    signal = risk.signal(text)
    if signal is not None:
        if not _may_read(policy, reading, signal, text, heard):
            return None
        if conduct_only and reading.absent:
            return None  # "nothing real in it, made-up names": a careful use, said so
        return replace(reading, signals=reading.signals | {signal})
    if conduct_only:
        return None
    data = next((d for d in KINDS[risk.kind].data if d in policy.data_classes), None)
    if data is None or reading.absent:
        return None  # "no personal details in it": what the person says is read, not overruled
    return replace(reading, data=reading.data | policy.implied[data])


def _may_read(policy: Policy, reading: Reading, signal: str, text: str, heard: bool) -> bool:
    """Whether a way of working a model reads in `text` may be taken as said: one the policy
    restricts, and not one the person has said otherwise of (`heard`: what they say of a
    person's part is believed)."""
    if signal not in policy.restrictive_signals:
        return False
    said = reading.own_doing or reading.signals & _HUMAN_SAID
    if signal in _HUMAN_ANSWERS and said and heard:
        # "an officer decides", "after checking it": read, not overruled; "flag who is
        # likely to be committing fraud" is profiling, which the engine has judged
        return False
    if signal in _OWN_DEVICE and "personal_device_work" in reading.signals:
        return False  # "on my work laptop": the device the person names is the employer's
    # "can students use a chatbot to proofread": a task done, not a system
    return not (signal in _ORGANISATION_ACTS and _OWN_USE.search(text))


def _doubt_question(doubt: Doubt) -> str:
    words = ", ".join(f'"{w}"' for w in doubt.words)
    said = f" Words like {words} often go with uses the policy restricts." if words else ""
    return f"I can't say yes to this as it's put.{said} {DOUBT}"


def _register_note(policy: Policy, ruling: Ruling) -> RegisterNote:
    """The entry as the answer card tells it: "Approved by the board in AR-0001 ..."."""
    entry = ruling.entry.entry
    return replace(
        ruling.note,
        tool=ruling.entry.tool_name,
        purpose=entry.purpose.strip().rstrip("."),
        data=data_phrase(policy, entry.data_classification),
        decided=short_date(entry.decided_at),
    )


YES = (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS)
# A use is read for its risk only when the question says this much (words that say
# something): a fragment ("poster for the fair") is asked about, not judged.
READ_AS_MIN_CONTENT = 4
# ... and only when the safety net is this sure a yes is wrong: with the risk reader's own
# threshold, no verdict it gave on months neither model had learnt from was wrong
# (docs/engine-measurements.md, "The risk reader").
READ_AS_MIN_DOUBT = 0.7
# The verdict reader's second opinion (knowledge.verdict_reader): how sure it must be to look
# again, and how sure the risk reader then must be of the risk it implies.
OPINION_SURE = 0.5
OPINION_RISK = 0.1
OPINION_DATA_RISK = 0.4
# How likely the reader must think a yes wrong, whichever no it would give, to ask back about a
# yes with no risk to read: at this bar it would have asked about 12 of the 29 false yes an
# earlier engine gave on months the reader never saw (the old bar, its likeliest verdict a no at
# 0.8: 3), for 1 to 4 right yeses in 5,100 held-out questions; at 0.6 or 0.7 it asked about our
# own plainly safe phrasings too (docs/engine-measurements.md, "Session of 2026-12-06
# (sixteenth)").
OPINION_ASK = 0.75
# Sure enough that "I'll approve them", said of what the AI scores or ranks, is a rubber stamp.
OPINION_OVERRULES = 0.7
# So sure a yes is right that a use the engine cannot read all of is judged as read: on held-out
# months no question the engine asked back at this bar expected anything but a yes, and none of
# the false yes earlier engines gave on arrival reached it (docs/engine-measurements.md,
# "Session of 2026-12-06 (sixteenth)").
READER_VOUCHES = 0.9
# ... and sure enough that a use with a tool the organisation may provide is fine, to answer it
# as a claim of that tool is: on the held-out folds 0.7 took 146 more right and no false yes;
# 0.6 gave one on our own tables, and without `may_be_provided` 0.7 gave three on the sealed
# months (a tool no one supposes was given: DeepSeek).
READER_PRESUMES = 0.7
# ... or this sure, for a tool it all but certainly provides (`claimed_tool.likely_provided`:
# Copilot Chat, part of the Microsoft 365 licence staff work in): on the held-out folds 0.5 took
# 19 more right and lost none, with no false yes on any table; for every tool that may be
# provided (ChatGPT for a pupil's homework too) it gave two on our own tables, and 0.4 for
# Copilot one (docs/engine-measurements.md, "Session of 2026-12-07 (nineteenth)").
READER_PRESUMES_LIKELY = 0.5
# ... in as few words as this when the engine has read the use's purpose surely ("can i use
# chatgpt to proofread my english essay")
PRESUMED_MIN_CONTENT = 2
# How sure the verdict reader must be that the policy forbids a use the engine would ask about or
# send for approval, for its refusal reader's clause to be read (`_cited_refusal`), and how sure
# that reader must be of the clause.
REFUSAL_SURE = 0.6
REFUSAL_CLAUSE_SURE = 0.3
# ... and how likely the risk reader must find what a rule under that clause tests for, for that
# rule to judge the use, over a "needs approval", a question asked back or a yes the safety net
# doubted; and over a doubted yes for a use read from one of the policy's own examples. Over
# every doubted yes the bar was 0.3 until the twentieth session: 0.1 took 17 more right on the
# held-out folds and lost none ("can copilot make the damage look a bit worse for our funding
# bid"), but refused the school's own example of customising materials ("rewrite a reading
# passage so it suits weaker readers", copyright at 0.27); kept at 0.3 over an example, 14 of
# the 17 stay. Below 0.1 the rule that judged was often not what the question was about (a union
# letter's reply refused as a decision handed to AI), a reason that would mislead
# (docs/engine-measurements.md, "Session of 2026-12-07 (twentieth)").
RULE_LIKELY = 0.1
RULE_LIKELY_OVER_EXAMPLE = 0.3
# A use read at least this surely, among unknown words, is judged when the safety net puts the
# chance that a yes is wrong below VOUCHED_BELOW (held-out months: docs/engine-measurements.md,
# "Session of 2026-12-05 (seventh)").
VOUCHED_PURPOSE = 0.6
VOUCHED_BELOW = 0.2
# How sure the clause reader must be that a question about the policy is about a clause, to
# answer from it (knowledge.clause_reader).
CLAUSE_SURE = 0.3
# ... and, over an FAQ the policy file words for the question, surer: on held-out months 0.7
# kept about half of what overruling FAQs at 0.3 gained, without replacing answers written for
# the very question ("do I need a DPIA before using Copilot?").
CLAUSE_OVER_FAQ = 0.7
# How sure the verdict reader must be that a message too short to read a use into asks about
# the policy, to answer it so rather than ask back (`_short_information`): on the held-out folds
# 0.8 took 6 more right and lost none; 0.7 lost "does this count?"-like fragments
# (docs/engine-measurements.md, "Session of 2026-12-07 (twentieth)").
SHORT_INFORMATION_SURE = 0.8
# How sure the information reader must be that a question asks about the policy, to answer it
# so instead of asking back, and instead of a no (knowledge.risk_reader.information_reader).
INFORMATION_OVER_QUESTION = 0.6
INFORMATION_OVER_NO = 0.8
# ... and how much the question must say ("does anyone keep an eye on it after?" says three
# things; "testing, does this work?" two).
INFORMATION_MIN_CONTENT = 3
# Below this the information reader takes a question worded as one about the policy for a use:
# chosen on the held-out months (0.3 to 0.5 measured alike), not on the tables it was trained on.
INFORMATION_UNDER_USE = 0.4
# ... as surely as this when the question names only data, or holds words that can tell of an
# incident ("I put ..."): both chosen on the held-out months.
DATA_UNDER_USE = 0.2
INCIDENT_UNDER_USE = 0.2
NO = (Verdict.NEEDS_APPROVAL, Verdict.PROHIBITED)
# How sure the incident reader must be that a message reports something done, to answer it as an
# incident over a no or a question asked back: on the held-out folds (models retrained without
# them) 0.7 took 48 incidents right for 4 refusals lost, all asked in words a report can take
# ("fine to send it round to everyone?"); 0.8 36 for 2 (docs/engine-measurements.md,
# "Session of 2026-12-07 (nineteenth)").
INCIDENT_SURE = 0.7
TOLD_OVER = (Verdict.NEEDS_APPROVAL, Verdict.PROHIBITED, Verdict.UNCLEAR)
# Risks a person answers by deciding or checking themselves, and the signals that say so.
_HUMAN_ANSWERS = frozenset({"automated_decision", "professional_judgement", "no_human_review"})
_HUMAN_SAID = frozenset(
    {"human_review", "person_decides", "human_decides", "decision_support", "profiling"}
    | {"decision_making"}  # "the AI suggests a band, the officer signs it off": AI in a decision
)
_OWN_DEVICE = frozenset({"personal_device", "personal_login"})
# What the organisation does with an AI system (puts it live, buys it), not what a person does
# with one for their own work: "can I use", "can students use" asks about a task.
_ORGANISATION_ACTS = frozenset({"live_deployment", "procurement"})
_OWN_USE = re.compile(
    r"\b(?:can|could|may|should|do|does)\s+(?:i|students|pupils|staff|teachers|my class|my "
    r"pupils|my students|learners)\s+(?:use|ask|get)\b",
    re.IGNORECASE,
)
# A half-recognised risk: a decision about people is involved, and who makes it is not said.
WHO_DECIDES = (
    "This involves a decision about people. Will a person make the decision and check the AI's "
    "work, or would the AI's answer be used as it is?"
)
WHO_DECIDES_CHOICES = (
    Choice("Yes, a person decides", "yes, a person makes the decision and checks the AI's work"),
    Choice("No, the AI's answer is used", "no, the AI's answer would be used as it is"),
)
# Read both as checked and as not checked ("I'll skim the first line before sending"): ask.
WILL_CHECK = "Will a person read and check all of the AI's output before it is used or sent?"
WILL_CHECK_CHOICES = (
    Choice("Yes, all of it", "yes, a person checks all of it before it is used"),
    Choice("No, not all of it", "no, it goes out without checking all of it"),
)
# Worded as it might be when it already happened ("I pasted ...", "it's already in ..."):
# a yes to a plan would be the wrong answer to an incident.
ALREADY_DONE = "Has this already happened, or are you asking before you do it?"
ALREADY_DONE_CHOICES = (
    Choice("It already happened", "yes, it has already happened - what should I do now?"),
    Choice("Not yet", "no, not yet - I'm asking before I do it"),
)
# The safety net doubts a yes: ask about the risks it most often means
# (docs/engine-measurements.md, "The safety net, built").
DOUBT = "Does it involve any of these?"
DOUBT_CHOICES = (
    Choice("Someone's personal info", "yes: it includes personal information about someone"),
    Choice(
        "AI decides, or no check",
        "yes: the AI's output is used as it is, without a person checking all of it",
    ),
    Choice(
        "Made up, copied or mocking",
        "yes: it makes up facts or quotes, copies someone's work, or mocks someone",
    ),
    Choice("None of these", "no: nothing personal, and a person checks all of it before use"),
)
# A word that carries risk and that nothing in the reading explained: ask before any yes.
UNREAD_RISK = (
    'Before I answer, what does "{word}" involve here? Say what the AI would do with it, and '
    "whether a person checks the result and makes any decision."
)
# A tool question that goes on to say what for, but says nothing: "can I use ChatGPT to a a".
_PURPOSE_PROMISED = re.compile(r"\b(?:to|for)\b", re.IGNORECASE)
# Personal data allowed only in the tools the policy approves: which one is it?
WHICH_TOOL = (
    "Which AI tool would you use? For this kind of information the answer depends on the tool."
)


def _tool_dependent(policy: Policy, reading: Reading) -> bool:
    """Data whose place depends on the tool: personal data, or a class the policy restricts
    somewhere (public information never is)."""
    return any(
        d != "public" and (policy.data_classes[d].personal or d in policy.restricted_data)
        for d in reading.data
    )


def _tool_choices(policy: Policy) -> tuple[Choice, ...]:
    """The policy's approved tools, and any other, as quick replies."""
    approved = [
        tool.name
        for tool in policy.document.tools
        if policy.tool_status(tool).verdict in YES and policy.categories[tool.category].id
    ][:3]
    if not approved:
        return ()
    return (
        *(Choice(name, f"and if I use {name}?") for name in approved),
        Choice("Another tool", "and if I use another AI tool?"),
    )


_DECIDERS = frozenset({"human_review", "person_decides", "human_decides", "automated_decision"})


def _undecided(reading: Reading) -> bool:
    return "decision_making" in reading.signals and reading.signals.isdisjoint(_DECIDERS)


# Words after a tool's name that ask about the tool, not about something it would do to anyone:
# "is copilot ok?", "copilot app on my phone?", "can copilot help?", "can copilot make one?"
# fmt: off
_NOT_AN_ACT = frozenset({
    "ok", "okay", "fine", "allowed", "approved", "alright", "safe", "secure", "good", "app",
    "apps", "account", "login", "licence", "license", "chat", "pro", "for", "on", "in", "at",
    "with", "through", "thru", "via", "from", "be", "is", "was", "are", "and", "or", "please",
    "help", "now", "yet", "still", "too", "also", "then", "here", "there", "instead", "like",
    "as", "if", "that", "thats", "this", "it", "the", "a", "an", "any", "our", "my", "we", "i",
    "you", "they", "available", "installed", "enabled", "switched", "turned", "ready", "working",
    "really", "actually", "just", "only", "even", "again", "itself", "myself", "how", "what",
    "make", "generate", "create", "write", "come", "give", "tell", "find", "search", "explain",
    "suggest", "show", "draft", "think",
    # "microsoft 365 copilot - can we use it?": the question goes on, no act is named
    "can", "could", "may", "might", "should", "shall", "will", "would", "do", "does", "did",
    "has", "have", "had", "not", "so", "but", "vs", "versus", "which", "when", "where", "why",
})
# fmt: on


def _act_unread(reading: Reading) -> str | None:
    """The word by which the question asks a tool to do something the engine did not read as
    any use: "can copilot dismiss the claims for me?" names an act on people's claims, not a use
    the policy permits; "is copilot ok?", "can I use copilot on my phone?" ask about the tool."""
    if reading.purposes or reading.data or reading.well_read:
        return None
    tokens = reading.tokens
    words = [t.text for t in tokens]
    for hit in reading.tools:
        after = hit.last
        if after < len(words) and words[after] == "to":
            after += 1
        # "our approved copilot - SATs practice sheet?": a new phrase, not the tool's act
        if after < len(words) and re.search(
            r"[-:;,.?!(]", reading.text[tokens[after - 1].end : tokens[after].start]
        ):
            continue
        # "copilot to turn my bullet points into slides": a thing made into another, not an act
        # on anyone ("turn down the applicants" is one)
        into = (
            after < len(words) and words[after] in _MADE_INTO and "into" in words[after : after + 7]
        )
        acted = after < len(words) and words[after].isalpha() and words[after] not in _NOT_AN_ACT
        if acted and not into:
            return words[after]
        # "is copilot fine for minutes?" asks about the tool; "can copilot fine the drivers?"
        # names a penalty on people
        if after + 1 < len(words) and words[after] == "fine" and words[after + 1] in _FINED:
            return words[after]
    return None


_MADE_INTO = frozenset({"turn", "convert", "change", "reformat", "transform"})
_CLAUSE_NAMED = re.compile(r"\((\d+(?:\.\d+)*)(?:,[^)]*)?\)")
_FINED = frozenset({"the", "them", "him", "her", "people", "everyone", "those", "residents"})


def _judged(policy: Policy, reading: Reading) -> bool:
    """Whether the engine has read enough of the question to say yes: not a word salad, and not
    a use described mostly in words the engine never uses (then it asks what the use is). A use
    recognised from one of the policy's examples tolerates more unfamiliar words ("a reading
    passage for weaker readers") than one recognised from a single cue word, where they stand
    in a sentence ("can i crackups livening quiz rued" is a heap round an example's word)."""
    if _looks_up(policy, reading) or _cleared_by_approver(reading):
        return True
    if not _says_a_use(reading):
        return False
    if _act_unread(reading) is not None:
        return False
    unexplained = len(reading.unexplained)
    mostly_known = unexplained * 2 <= reading.content
    if reading.from_example:
        return mostly_known or (unexplained <= 2 and _written(policy, reading))
    return mostly_known


def _cleared_by_approver(reading: Reading) -> bool:
    """ "Ravinder's approved Otter for our project board - anything else I need to do?": a tool
    the person says the policy's approver cleared, asked about with nothing else said (no data,
    no risk, no other use): what was approved is the use, answered on the claimed default's
    condition that the approval is real and covers it."""
    return (
        bool(reading.approved)
        and bool(reading.tools)
        and not reading.data
        and not reading.purposes
        and not (reading.signals - CONTEXT_SIGNALS)
    )


def _looks_up(policy: Policy, reading: Reading) -> bool:
    """ "is it ok to use the ai answers at the top of google?": an everyday tool the policy
    approves, whose use is what it is for (a search engine looks things up), asked about in so
    few words that nothing else is said of the use: no data, no risk, no purpose of another kind.
    """
    if not reading.tools or reading.content > 2 or reading.data or reading.purposes:
        return False
    if reading.signals - CONTEXT_SIGNALS:
        return False
    for hit in reading.tools:
        entry = hit.entry
        if entry is None or not entry.listed:
            return False
        tool = policy.tools[entry.key]
        if tool.category != EVERYDAY_SOFTWARE or policy.tool_status(tool).verdict not in YES:
            return False
    return True


def _says_a_use(reading: Reading) -> bool:
    """Whether the question says enough to be a use at all, whatever its words: a board ruling
    may explain words the engine never uses, but not a question too thin to be a use."""
    if not reading.purposes and not reading.tools:
        return False  # "AI for housing?": a field of work or a circumstance is not a use
    if not (reading.tools or reading.well_read or reading.absent) and reading.content <= 1:
        return False  # "is AI ok for letters?": which tool, and with what in the letters?
    if not reading.tools and reading.content <= 1 and _OK_FOR_SOMETHING.match(reading.text):
        return False  # "images ok?": which images, made with what, for what?
    if reading.content or reading.purposes:
        return True
    # "is gemini ok?": ok for something the person has in mind and has not said; "is gemini ok
    # to use?", "is gemini allowed?" ask about the tool itself
    if _OK_FOR_SOMETHING.match(reading.text):
        return False
    # "can I use ChatGPT to ..." and nothing after it; not "is Claude ok to use (for work)?"
    said = _TO_USE_AT_ALL.sub(" ", WORK_IN_GENERAL.sub(" ", reading.text))
    return not _PURPOSE_PROMISED.search(said)


_OK_FOR_SOMETHING = re.compile(
    r"^\W*(?:(?:is|are)\s+)?(?:the\s+|our\s+)?[\w .'-]{2,40}?\s+(?:ok|okay|fine|alright)\W*$",
    re.IGNORECASE,
)
_TO_USE_AT_ALL = re.compile(
    r"\b(?:ok|okay|fine|alright|allowed|safe|approved)\s+to\s+use(?:\s+(?:it|this|that))?"
    r"(?=\s*(?:[?.!,]|$))",
    re.IGNORECASE,
)


def _told_with_register(
    ruling: Ruling, entered: list[Reason], deciding: list[Reason], verdict: Verdict
) -> tuple[list[Reason], str]:
    """The reasons an answer tells, and a closing note, when the register took part. A covering
    approval that did not decide still leads a permitted answer ("AR-0001 approved
    Midjourney ...", then the purpose with conditions that decided); under a stricter verdict
    the answer ends by saying the approval does not lift it."""
    if not ruling.approves or any(r.verdict == verdict for r in entered):
        return deciding, ""
    if SEVERITY[verdict] <= SEVERITY[Verdict.ALLOWED_WITH_CONDITIONS]:
        return [*entered, *deciding], ""
    return deciding, " " + ruling.overridden_text()


def _subject(policy: Policy, reading: Reading) -> Subject:
    subject = _named_subject(policy, reading)
    claimed = policy.document.claimed_tool
    if claimed is None or subject.found is None:
        return subject
    said = bool(reading.approved) if claimed.approved_only else reading.claimed
    if not (said or reading.presumed):
        if subject.found.name in claimed.presumable and subject.category == PUBLIC_TOOL:
            # "my apprentice's sickness record into copilot": a tool the organisation may well
            # provide is not taken for the free public one, so the data rules for public tools
            # give way to the rest ("a DPIA first", not "never"); its status still stands, and
            # says what holds if it is the public one after all
            return replace(subject, category=None)
        return subject
    if subject.reason.verdict != Verdict.NEEDS_APPROVAL:
        return subject
    # "Our approved Copilot": the person's word is not proof, so the answer holds only if it is
    # true, and says so (the claimed default's conditions).
    if said:
        lead = f"You say {subject.found.name} is approved or provided for you. "
        reason = _default_reason("claimed-tool", claimed, lead)
    else:
        # taken for one the organisation may provide (`_presumed`): the same condition
        lead = f"The policy does not say whether {subject.found.name} is approved. "
        reason = _default_reason("presumed-tool", claimed, lead)
    # the tool the person says the organisation gave them is not the free public one, so the
    # rules for public tools give way to the rest (personal data still needs its assessment);
    # the claimed default's text says what holds if it is the public one after all
    category = None if subject.category == PUBLIC_TOOL else subject.category
    return replace(subject, reason=reason, category=category)


def _named_subject(policy: Policy, reading: Reading) -> Subject:
    return _hit_subject(policy, reading.tool)


def tool_marks(policy: Policy, hits: Iterable[ToolHit]) -> list[tuple[str, str]]:
    """Each tool named, as typed, with the word the safety net reads in its place: what the
    policy says of the tool ("aitool_needs_approval"), never its name (knowledge.safety_net)."""
    return [
        (hit.matched, f"aitool_{_hit_subject(policy, hit).reason.verdict.value}") for hit in hits
    ]


def net_marks(policy: Policy, reading: Reading) -> list[tuple[str, str]]:
    """What the safety net reads in place of the tools named and of what the person says of how
    they were given one ("the Copilot that came with our work accounts"): the engine has read
    the claim and answers it on condition, so its words are no evidence of a risky use. A tool
    named inside the claim keeps its mark."""
    marks = tool_marks(policy, reading.tools)
    for given in reading.given:
        inside = [mark for name, mark in marks if name.strip() and name.lower() in given.lower()]
        marks.append((given, " ".join(["aitool_given", *inside])))
    return marks


def _hit_subject(policy: Policy, hit: ToolHit | None) -> Subject:
    entry = hit.entry if hit else None
    if hit and entry and entry.listed:
        tool = policy.tools[entry.key]
        category = policy.categories[tool.category]
        status = policy.tool_status(tool)
        text = (
            tool.text or category.text or f"{_capital(tool.name)} is listed under {category.label}."
        )
        reason = Reason(
            f"tool:{tool.id}",
            status.verdict,
            text,
            tuple(tool.cites or category.cites),
            tuple(_unique([*tool.conditions, *category.conditions])),
            tuple(_unique([*tool.obligations, *category.obligations])),
        )
        found = ToolFound(
            tool.name, status.value, hit.matched, hit.score, True, tool.category, tool.id
        )
        return Subject(found, tool.id, tool.category, status.value, True, reason)
    if hit:
        name = entry.name if entry else hit.matched
        kind = entry.kind if entry else None
        category_id = kind if kind in policy.categories else None
        if category_id and policy.categories[category_id].covers_unlisted:
            return _category_subject(policy, hit, name, category_id)
        default = policy.document.unlisted_tool
        lead = f"{_capital(name)} is not listed in the policy. "
        reason = _default_reason("unlisted-tool", default, lead)
        found = ToolFound(
            name, default.status.value, hit.matched, hit.score, False, category_id, None
        )
        return Subject(found, None, category_id, default.status.value, False, reason)
    default = policy.document.no_tool_named
    reason = _default_reason("no-tool-named", default, "")
    return Subject(None, None, None, default.status.value, False, reason)


def _category_subject(policy: Policy, hit: ToolHit, name: str, category_id: str) -> Subject:
    """A category that covers every tool of its kind, listed or not (Mid-Kent 5.3: "everyday
    tools that incorporate AI features by default")."""
    category = policy.categories[category_id]
    reason = Reason(
        f"category:{category.id}",
        category.status.verdict,
        category.text or f"{_capital(name)} counts as {category.label}.",
        tuple(category.cites),
        tuple(category.conditions),
        tuple(category.obligations),
    )
    status = category.status.value
    found = ToolFound(name, status, hit.matched, hit.score, False, category.id, None)
    return Subject(found, None, category.id, status, False, reason)


def _default_reason(rule: str, default: ToolDefault, lead: str) -> Reason:
    return Reason(
        rule,
        default.status.verdict,
        lead + default.text,
        tuple(default.cites),
        tuple(default.conditions),
        tuple(default.obligations),
    )


def _tool_data_reasons(policy: Policy, subject: Subject, reading: Reading) -> list[Reason]:
    if subject.tool_id is None or not reading.data:
        return []
    tool = policy.tools[subject.tool_id]
    reasons = []
    forbidden = sorted(reading.data & set(tool.data_forbidden))
    if forbidden:
        text = f"{_capital(tool.name)} must not be given {_labels(policy, forbidden)}."
        reasons.append(Reason(f"tool-data:{tool.id}", Verdict.PROHIBITED, text, tuple(tool.cites)))
    if tool.data_allowed is not None:
        beyond = sorted(reading.data - set(tool.data_allowed) - set(forbidden))
        if beyond:
            text = (
                f"{_capital(tool.name)} is approved only for {_labels(policy, tool.data_allowed)}."
            )
            reasons.append(
                Reason(f"tool-data:{tool.id}", Verdict.NEEDS_APPROVAL, text, tuple(tool.cites))
            )
    return reasons


def _purpose_reasons(policy: Policy, reading: Reading) -> list[Reason]:
    reasons = []
    for purpose_id, _ in reading.purposes:
        purpose = policy.purposes_by_id[purpose_id]
        reasons.append(
            Reason(
                f"purpose:{purpose.id}",
                Verdict(purpose.verdict),
                purpose.text,
                tuple(purpose.cites),
                tuple(purpose.conditions),
                tuple(purpose.obligations),
                purpose.instead,
            )
        )
    return reasons


def _rule_reasons(policy: Policy, subject: Subject, reading: Reading) -> list[Reason]:
    purposes = {purpose_id for purpose_id, _ in reading.purposes}
    return [
        Reason(
            rule.id,
            Verdict(rule.verdict),
            rule.text,
            tuple(rule.cites),
            tuple(rule.conditions),
            tuple(rule.obligations),
            rule.instead,
        )
        for rule, test in policy.rule_tests
        if _holds(test, subject, reading, purposes)
    ]


def _holds(when: RuleTest, subject: Subject, reading: Reading, purposes: set[str]) -> bool:
    if when.tool_listed is not None and (
        subject.found is None or subject.listed != when.tool_listed
    ):
        return False
    if when.tools and subject.tool_id not in when.tools:
        return False
    if when.tool_categories and subject.category not in when.tool_categories:
        return False
    if when.tool_statuses and subject.status not in when.tool_statuses:
        return False
    if when.purposes and when.purposes.isdisjoint(purposes):
        return False
    if when.data_any and when.data_any.isdisjoint(reading.data):
        return False
    if when.data_none and not when.data_none.isdisjoint(reading.data):
        return False
    if when.signals_any and when.signals_any.isdisjoint(reading.signals):
        return False
    if when.signals_all and not when.signals_all <= reading.signals:
        return False
    if when.signals_none and not when.signals_none.isdisjoint(reading.signals):
        return False
    return not (when.roles and when.roles.isdisjoint(reading.roles))


def _duties(
    policy: Policy, verdict: Verdict, reasons: list[Reason], reading: Reading
) -> tuple[Duty, ...]:
    if verdict == Verdict.PROHIBITED:
        return ()
    ids = [o for r in reasons for o in r.obligations]
    ids += [o for d in sorted(reading.data) for o in policy.data_classes[d].obligations]
    ids += policy.document.always_obligations
    return tuple(policy.duties[obligation_id] for obligation_id in _unique(ids))


def _answer(
    policy: Policy,
    verdict: Verdict,
    deciding: list[Reason],
    conditions: list[str],
    instead: str | None,
) -> str:
    reason = " ".join(_unique(r.text for r in deciding[:2]))
    if verdict == Verdict.ALLOWED:
        return f"Yes. {reason}"
    if verdict == Verdict.ALLOWED_WITH_CONDITIONS:
        listed = " ".join(_sentence(c) for c in conditions)
        return f"Yes, with conditions. {reason}" + (f" Conditions: {listed}" if listed else "")
    if verdict == Verdict.NEEDS_APPROVAL:
        return f"Not yet: it needs approval first. {reason} {_ask_approver(policy)}"
    text = f"No. {reason}"
    return f"{text} Instead: {instead}" if instead else text


def _ask_approver(policy: Policy) -> str:
    route = policy.document.approval
    contact = policy.approver_contact
    needs = "; ".join(route.asks_for)
    reach = f" Contact: {contact}." if contact else ""
    return f"Ask {policy.approver_name}, giving: {needs}.{reach}"


def _ruled(
    policy: Policy, reading: Reading, question: str, weighed: Weighed, board: CompiledRuling
) -> Decision:
    """The answer to a question a board ruling covers (knowledge.register.board): the ruling's
    verdict, stricter or looser than the policy's, except that the policy's own prohibition
    stands against a less strict ruling."""
    if weighed.verdict == Verdict.PROHIBITED and board.verdict != Verdict.PROHIBITED:
        return _prohibition_stands(policy, reading, question, weighed, board)
    verdict, conditions, holding = _ruled_terms(weighed, board)
    ruled = board.reason(verdict)
    reasons = [ruled, *weighed.reasons]
    # Beside a prohibiting ruling the policy's own prohibitions decide too; nothing else does.
    prohibits = verdict == Verdict.PROHIBITED
    kept = [r for r in weighed.reasons if prohibits and r.verdict == Verdict.PROHIBITED]
    instead = next((r.instead for r in kept if r.instead), None)
    answer = ruled.text
    if verdict == Verdict.ALLOWED_WITH_CONDITIONS and conditions:
        answer += " Conditions: " + " ".join(_sentence(c) for c in conditions)
    elif verdict == Verdict.NEEDS_APPROVAL:
        answer += " " + _ask_approver(policy)
    elif instead:
        answer += f" Instead: {instead}"
    return Decision(
        policy_id=policy.id,
        policy_version=policy.version,
        question=question,
        verdict=verdict,
        answer=answer,
        tool=weighed.subject.found,
        purpose=_purpose_found(policy, reading),
        data=tuple(sorted(reading.data)),
        signals=tuple(sorted(reading.signals)),
        roles=tuple(sorted(reading.roles)),
        reasons=tuple(reasons),
        conditions=tuple(conditions),
        obligations=_duties(policy, verdict, reasons, reading),
        citations=_ruled_citations(policy, weighed, board, verdict, [*holding, *kept]),
        next_step="request_approval" if verdict == Verdict.NEEDS_APPROVAL else None,
        instead=instead,
        register=_register_note(policy, weighed.ruling) if weighed.ruling else None,
        ruling=board.note,
    )


def _prohibition_stands(
    policy: Policy, reading: Reading, question: str, weighed: Weighed, board: CompiledRuling
) -> Decision:
    """The policy's prohibition, citing the less strict ruling it is not lifted by."""
    decision = _answered(policy, reading, question, weighed)
    overruled = board.overruled()
    return replace(
        decision,
        answer=f"{decision.answer} {overruled.text}",
        reasons=(*decision.reasons, overruled),
        citations=_unique_citations((*decision.citations, board.citation)),
        ruling=board.note,
    )


def _ruled_terms(
    weighed: Weighed, board: CompiledRuling
) -> tuple[Verdict, list[str], list[Reason]]:
    """The verdict and conditions of a ruling's answer, and the policy's reasons whose
    conditions it carries. A yes carries the conditions of the policy's yes-reasons and the
    tool's own whatever its status (Mid-Kent: no personal information in a public tool), which
    still hold, as they travel with a register approval; a plain yes with any is conditional."""
    if board.verdict not in YES:
        return board.verdict, list(board.conditions), []
    tool = weighed.subject.reason
    holding = [r for r in weighed.reasons if r.conditions and (r.verdict in YES or r is tool)]
    conditions = _unique([*board.conditions, *(c for r in holding for c in r.conditions)])
    verdict = Verdict.ALLOWED_WITH_CONDITIONS if conditions else board.verdict
    return verdict, conditions, holding


def _ruled_citations(
    policy: Policy,
    weighed: Weighed,
    board: CompiledRuling,
    verdict: Verdict,
    resting: list[Reason],
) -> tuple[Citation, ...]:
    """The ruling and its clauses first, then the clauses of the policy's reasons the answer
    still rests on (`resting`), any register entry that took part, and the approval route."""
    cites = [board.reference, *board.clauses, *(c for r in resting for c in r.cites)]
    extra = {board.reference: board.citation}
    if weighed.ruling is not None:
        extra[weighed.ruling.reference] = weighed.ruling.citation
        cites.append(weighed.ruling.reference)
    if verdict == Verdict.NEEDS_APPROVAL:
        cites += policy.document.approval.cites
    return _citations(policy, cites, extra)


def _unique_citations(citations: Iterable[Citation]) -> tuple[Citation, ...]:
    found: dict[str, Citation] = {}
    for citation in citations:
        found.setdefault(citation.id, citation)
    return tuple(found.values())


def _incident(policy: Policy, reading: Reading, question: str) -> Decision:
    route = policy.document.incidents
    answer = "It sounds as if something has already happened. " + route.text
    if route.no_penalty_for_honest_mistakes:
        answer += " Reporting an honest mistake promptly carries no penalty."
    if any(policy.data_classes[d].personal for d in reading.data):
        answer += (
            " Personal data may be involved, so this may be a data breach: report it now, keep"
            " any evidence, and note what was shared."
        )
    # What was done, judged as a use: the rule it went against, so the person knows what to
    # put right ("All AI-generated content must be carefully checked before use", 6.2)
    broken = _rule_broken(policy, reading)
    cites = list(route.cites)
    if broken is not None:
        answer += f" The rule that applies ({', '.join(broken.cites)}): {_first(broken.text)}."
        cites += broken.cites
    else:
        # no rule read as broken: the clause its writers would have said it was about
        read = _clause_read(policy, reading)
        section = policy.sections[read.clause] if read is not None else None
        if section is not None and section.id not in cites and section.text:
            answer += f" The clause that applies ({section.id}): {_first(section.text)}."
            cites.append(section.id)
    decision = _information_decision(policy, reading, question, answer, cites, "report_incident")
    # Which tool it happened in is a fact the report needs (and need not ask again).
    tool = _subject(policy, reading).found if reading.tools else None
    return replace(decision, tool=tool)


def _first(text: str) -> str:
    """A rule's or clause's first sentence, without its closing stop."""
    return re.split(r"(?<=[.;])\s", text, maxsplit=1)[0].rstrip(";.")


def _rule_broken(policy: Policy, reading: Reading) -> Reason | None:
    """The rule a use the person tells of went against, when the policy refuses or gates it
    for what was done (not only for the tool it was done in)."""
    if not (reading.data or reading.signals - {"incident"}):
        return None
    weighed = _weigh(policy, reading, None)
    if weighed.verdict not in NO:
        return None
    refusing = [r for r in weighed.deciding if r.cites and not r.rule.startswith("purpose:")]
    return next((r for r in refusing if r.rule != "unlisted-tool"), None)


def _information(policy: Policy, reading: Reading, question: str) -> Decision:
    """The FAQ the question matches, or else the clause it is about, in the document's words.
    Where the policy's clause reader (knowledge.clause_reader) is sure the question is about
    another clause than the FAQ or the words lead to, that clause."""
    read = _clause_read(policy, reading)
    if reading.faq is not None and (reading.section is None or reading.faq[1] >= FAQ_THRESHOLD):
        faq = policy.faqs_by_id[reading.faq[0]]
        if read is None or read.clause in faq.cites or read.probability < CLAUSE_OVER_FAQ:
            return _information_decision(
                policy, reading, question, faq.answer, faq.cites, faq.next_step
            )
    if read is not None:
        section = policy.sections[read.clause]
        answer = f"{section.title} ({section.id}): {section.text or section.title}"
        return _information_decision(policy, reading, question, answer, [section.id], None)
    if reading.section is None:
        route = policy.document.approval
        approver = policy.approver_name
        answer = (
            "The policy does not answer that directly. If you are unsure whether a use is "
            f"appropriate, ask {approver}."
        )
        return _information_decision(policy, reading, question, answer, route.cites, None)
    section = policy.sections[reading.section[0]]
    answer = f"{section.title} ({section.id}): {section.text or section.title}"
    return _information_decision(policy, reading, question, answer, [section.id], None)


def _clause_read(policy: Policy, reading: Reading) -> ClauseReading | None:
    """The clause the policy's clause reader is sure a question about the policy is about."""
    reader = clause_reader(policy.id)
    if reader is None:
        return None
    read = reader.read_clause(_as_the_models_read(policy, reading, ()), CLAUSE_SURE)
    if read is None or read.clause not in policy.sections:
        return None
    return read


def _information_decision(
    policy: Policy,
    reading: Reading,
    question: str,
    answer: str,
    cites: Iterable[str],
    next_step: str | None,
) -> Decision:
    answer, cites = _with_approver(policy, question, answer, cites)
    return Decision(
        policy_id=policy.id,
        policy_version=policy.version,
        question=question,
        verdict=Verdict.INFORMATION,
        answer=answer,
        data=tuple(sorted(reading.data)),
        signals=tuple(sorted(reading.signals)),
        citations=_citations(policy, cites),
        next_step=next_step,
    )


# "who approves?", "who do I ask for permission?", "who signs off new AI tools?": but not "who
# signs off changes to the policy?", which the approval route does not answer.
_WHO = re.compile(r"\bwho(?:m)?\b", re.IGNORECASE)
_APPROVAL_WORDS = re.compile(
    r"\b(?:approv\w*|sign(?:s|ed)?\s+off|authori[sz]\w*|permission)\b", re.IGNORECASE
)
_POLICY_WORDS = re.compile(r"\bpolic(?:y|ies)\b", re.IGNORECASE)


def _with_approver(
    policy: Policy, question: str, answer: str, cites: Iterable[str]
) -> tuple[str, list[str]]:
    """An answer about the policy that names who approves gives their contact too, where the
    policy has one; one that answers "who approves?" without naming them (the nearest clause
    was about something else) ends by naming them, with the approval route's clauses."""
    approver, contact = policy.approver_name, policy.approver_contact
    cites = list(cites)
    named = approver.lower() in answer.lower()
    asked = bool(_WHO.search(question) and _APPROVAL_WORDS.search(question))
    if not named and asked and not _POLICY_WORDS.search(question):
        who = f"{approver} ({contact})" if contact else approver
        answer += f" To ask for approval to use an AI tool, contact {who}."
        cites += policy.document.approval.cites
    elif named and contact and contact not in answer:
        answer += f" To reach {approver}: {contact}."
    return answer, cites


def _unclear(
    policy: Policy,
    reading: Reading,
    question: str,
    tool: ToolFound | None = None,
    ask: str | None = None,
    choices: tuple[Choice, ...] = (),
) -> Decision:
    clarify = ask or CLARIFY.format(example=PERSONAL_EXAMPLES[policy.document.organisation.kind])
    if ask is None and tool is not None:
        name = _spoken(tool.name)
        clarify = (
            f"What do you want to use {name} for, and with what information? For example: "
            f'"Can I use {name} to draft an email?"'
        )
    return Decision(
        policy_id=policy.id,
        policy_version=policy.version,
        question=question,
        verdict=Verdict.UNCLEAR,
        answer=clarify,
        tool=tool,
        clarifying_question=clarify,
        choices=choices,
    )


def _purpose_found(policy: Policy, reading: Reading) -> PurposeFound | None:
    if not reading.purposes:
        return None
    purpose_id, score = reading.purposes[0]
    return PurposeFound(purpose_id, policy.purposes_by_id[purpose_id].label, round(score, 2))


def _citations(
    policy: Policy, cites: Iterable[str], extra: dict[str, Citation] | None = None
) -> tuple[Citation, ...]:
    """Clauses by their titles; `extra` holds citations that are not clauses (register entries)."""
    found = []
    for c in _unique(cites):
        found.append(extra[c] if extra and c in extra else policy.citations[c])
    return tuple(found)


def _labels(policy: Policy, data_ids: Iterable[str]) -> str:
    return ", ".join(policy.data_classes[d].label for d in data_ids)


def _spoken(name: str) -> str:
    """A tool's name as said mid-sentence: "the search engine", not "Search engine"; a
    product's own name ("Microsoft Copilot") kept, and a name that brings its own determiner
    ("another tool", "a public AI tool") not given a second."""
    if " " not in name or not name[1:].islower():
        return name
    if name.split()[0].lower() in _DETERMINERS:
        return name.lower()
    return f"the {name.lower()}"


_DETERMINERS = frozenset(
    {"a", "an", "another", "the", "some", "any", "this", "that", "my", "our", "their", "your"}
)


def _capital(name: str) -> str:
    """A name opening a sentence: "website is not listed" reads "Website is not listed"."""
    return name[:1].upper() + name[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
