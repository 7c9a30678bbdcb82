"""The policy knowledge-base schema: what a policy YAML file may say.

Every model forbids unknown keys, so a misspelt field is an error with its line rather than a
silently ignored rule. Cross-references (citations, data-class ids, purpose ids, ...) are checked
by `knowledge.validate`, which needs the whole document.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

SCHEMA_VERSION = 1

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
ClauseId = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Text = Annotated[str, StringConstraints(min_length=1)]


class Verdict(StrEnum):
    """The answer kinds of DESIGN.md, strictest permission first in `SEVERITY`."""

    ALLOWED = "allowed"
    ALLOWED_WITH_CONDITIONS = "allowed_with_conditions"
    NEEDS_APPROVAL = "needs_approval"
    PROHIBITED = "prohibited"
    UNCLEAR = "unclear"
    INFORMATION = "information"


# The permission verdicts a rule, purpose or tool may carry; "stricter wins" orders them.
PERMISSION_VERDICTS = (
    Verdict.ALLOWED,
    Verdict.ALLOWED_WITH_CONDITIONS,
    Verdict.NEEDS_APPROVAL,
    Verdict.PROHIBITED,
)
SEVERITY = {verdict: rank for rank, verdict in enumerate(PERMISSION_VERDICTS)}

RuleVerdict = Literal["allowed", "allowed_with_conditions", "needs_approval", "prohibited"]


class ToolStatus(StrEnum):
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    REQUIRES_APPROVAL = "requires_approval"
    PROHIBITED = "prohibited"

    @property
    def verdict(self) -> Verdict:
        return _STATUS_VERDICT[self]


_STATUS_VERDICT = {
    ToolStatus.APPROVED: Verdict.ALLOWED,
    ToolStatus.APPROVED_WITH_CONDITIONS: Verdict.ALLOWED_WITH_CONDITIONS,
    ToolStatus.REQUIRES_APPROVAL: Verdict.NEEDS_APPROVAL,
    ToolStatus.PROHIBITED: Verdict.PROHIBITED,
}


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Cited(Model):
    """Anything that rests on the document: it names the clauses it comes from."""

    cites: list[ClauseId] = Field(default_factory=list)


class Contact(Model):
    name: Text
    contact: str | None = None


# What kind of organisation a policy belongs to: the bot's examples come from its world ("a
# resident's address" for a council, "a pupil's report" for a school).
OrganisationKind = Literal["council", "school", "other"]


class Organisation(Model):
    """Who the policy belongs to. Template placeholders are filled from these fields, so an
    unfilled template says "the GenAI governance authority", never an invented name."""

    name: Text
    kind: OrganisationKind = Field(
        default="other",
        description="council, school or other: picks the examples the bot gives staff",
    )
    governance_authority: Contact
    approver: Contact
    dpo: Contact | None = None
    security_team: Contact | None = None
    incident_contacts: list[Contact] = Field(default_factory=list)


class Section(Model):
    id: ClauseId
    title: Text
    text: str = ""


class Obligation(Cited):
    """A duty the answer must pass on: human review, disclosure, DPIA, EqIA, record keeping."""

    id: Id
    label: Text
    text: Text


class Role(Model):
    """Who a purpose applies to, where the policy distinguishes (teachers, pupils, leaders)."""

    id: Id
    label: Text
    phrases: list[Text] = Field(default_factory=list)


class NearPair(Model):
    """Two groups of phrases that together, within `within` words, mean the signal: "make up"
    near "quotes" is fabrication where neither is alone (knowledge/cues.py)."""

    a: list[Text] = Field(min_length=1)
    b: list[Text] = Field(min_length=1)
    within: int = Field(default=4, ge=0, le=12)
    ordered: bool = False


class Signal(Model):
    """A named circumstance recognised from wording ("without checking it", "my personal
    account", "publish on the website") that rules can test."""

    id: Id
    label: Text
    phrases: list[Text] = Field(default_factory=list)
    near: list[NearPair] = Field(default_factory=list)
    unless: list[Text] = Field(
        default_factory=list, description="phrases that, within six words of a hit, rule it out"
    )
    unless_anywhere: bool = Field(
        default=False, description="`unless` phrases rule the signal out anywhere in a question"
    )


IdentifierKind = Literal["nhs_number", "ni_number", "postcode", "email", "phone", "street_address"]


class DataClass(Cited):
    """A kind of data, how to recognise it, and what putting it into a tool triggers."""

    id: Id
    label: Text
    personal: bool = False
    phrases: list[Text] = Field(default_factory=list)
    cue_sets: list[Id] = Field(
        default_factory=list, description="shared phrase sets from knowledge/data/lexicon.yaml"
    )
    identifiers: list[IdentifierKind] = Field(default_factory=list)
    implies: list[Id] = Field(default_factory=list)
    obligations: list[Id] = Field(default_factory=list)
    text: str = ""


class ToolCategory(Cited):
    """A category the document uses for tools ("public tools", "procured tools"); tools in it
    take its status and conditions unless they say otherwise."""

    id: Id
    label: Text
    status: ToolStatus
    covers_unlisted: bool = Field(
        default=False,
        description="the status applies to every tool of this kind, listed or not",
    )
    conditions: list[Text] = Field(default_factory=list)
    obligations: list[Id] = Field(default_factory=list)
    text: str = ""


class Tool(Cited):
    id: Id
    name: Text
    aliases: list[Text] = Field(default_factory=list)
    vendor: str | None = None
    category: Id
    status: ToolStatus | None = Field(default=None, description="defaults to the category's")
    data_allowed: list[Id] | None = Field(
        default=None, description="if set, only these data classes may go in"
    )
    data_forbidden: list[Id] = Field(default_factory=list)
    conditions: list[Text] = Field(default_factory=list)
    obligations: list[Id] = Field(default_factory=list)
    text: str = ""


class ToolDefault(Cited):
    """What applies to a tool the policy does not list ("presumed unauthorised"), or to a
    question naming no tool at all ("Can I use AI to ...")."""

    status: ToolStatus
    text: Text
    conditions: list[Text] = Field(default_factory=list)
    obligations: list[Id] = Field(default_factory=list)


class ClaimedTool(ToolDefault):
    """What applies when the person says a tool that must be authorised first is approved or
    provided to them; and the tools the organisation may have given its staff without the
    document saying so."""

    may_be_provided: list[Text] = Field(
        default_factory=list,
        description=(
            "tools, by name as the policy lists them or the shared catalogue names them, that the "
            "organisation may well provide though the document names no approved tool (its "
            "Microsoft 365 Copilot, say): where the tool's status is the only thing against a "
            "use and the policy's verdict reader is all but sure its writers would have said "
            "yes, the use is answered as a claim is, on condition the tool really is provided"
        ),
    )
    likely_provided: list[Text] = Field(
        default_factory=list,
        description=(
            "tools, named as for may_be_provided, that the organisation all but certainly "
            "provides (Copilot Chat, which comes with the Microsoft 365 licence its staff work "
            "in): presumed as may_be_provided's are, where the verdict reader is less sure"
        ),
    )

    approved_only: bool = Field(
        default=False,
        description=(
            "only a tool said to be approved by the approver the policy names counts as claimed "
            '("the Head of IT signed off Otter for us"), not one said to be installed or '
            "provided: where the document makes its named approver the only way in, a tool IT "
            "put on a laptop is not thereby approved"
        ),
    )

    @property
    def presumable(self) -> list[str]:
        """Every tool the organisation may have given its staff without the document saying so."""
        return [*self.may_be_provided, *self.likely_provided]


class Purpose(Cited):
    """A use case the document permits, forbids or restricts, with example phrasings."""

    id: Id
    label: Text
    verdict: RuleVerdict
    examples: list[Text] = Field(min_length=1)
    cues: list[Text] = Field(
        default_factory=list,
        description=(
            "words that on their own show the use ('draft', 'minutes'): they recognise it, but "
            "weigh less than an example the question meets, and never relate two uses"
        ),
    )
    applies_to: list[Id] = Field(default_factory=list, description="role ids; empty = everyone")
    needs_signals: list[Id] = Field(
        default_factory=list,
        description=(
            "the use counts only when one of these circumstances is read too: a purpose about "
            "decisions needs a decision in the question, not just its usual words"
        ),
    )
    conditions: list[Text] = Field(default_factory=list)
    obligations: list[Id] = Field(default_factory=list)
    text: Text
    instead: str | None = None


class Condition(Model):
    """When a rule fires. Fields are ANDed; the ids inside one field are ORed. An empty
    condition never fires (the validator rejects it)."""

    tools: list[Id] = Field(default_factory=list)
    tool_categories: list[Id] = Field(default_factory=list)
    tool_statuses: list[ToolStatus] = Field(default_factory=list)
    tool_listed: bool | None = None
    purposes: list[Id] = Field(default_factory=list)
    data_any: list[Id] = Field(default_factory=list)
    data_none: list[Id] = Field(default_factory=list)
    signals_any: list[Id] = Field(default_factory=list)
    signals_all: list[Id] = Field(default_factory=list)
    signals_none: list[Id] = Field(default_factory=list)
    roles: list[Id] = Field(default_factory=list)


class Rule(Cited):
    id: Id
    verdict: RuleVerdict
    when: Condition
    text: Text
    conditions: list[Text] = Field(default_factory=list)
    obligations: list[Id] = Field(default_factory=list)
    instead: str | None = None


class Faq(Cited):
    id: Id
    question: Text
    examples: list[Text] = Field(default_factory=list)
    answer: Text
    next_step: Literal["request_approval", "report_incident"] | None = None


class ApprovalRoute(Cited):
    """How to ask for a tool or use that is not yet approved."""

    approver: str | None = Field(default=None, description="defaults to organisation.approver")
    asks_for: list[Text] = Field(min_length=1)
    text: Text


class IncidentRoute(Cited):
    text: Text
    no_penalty_for_honest_mistakes: bool = False


class Acknowledgement(Cited):
    """Asking staff once per policy version whether they have read it (the template's 17: "By
    using GenAI, users acknowledge they have read and understood this policy"). Off unless the
    policy turns it on; never holds an answer back."""

    enabled: bool = False
    link: str | None = Field(
        default=None, description="where staff can read the policy (an https:// address)"
    )

    @field_validator("link")
    @classmethod
    def _https(cls, link: str | None) -> str | None:
        if link is not None and not link.startswith("https://"):
            raise ValueError("the policy's link must be an https:// address")
        return link


class PolicyDocument(Model):
    schema_version: Literal[1]
    id: Id
    title: Text
    version: Text
    source: str = ""
    extends: Id | None = None
    organisation: Organisation
    sections: list[Section] = Field(min_length=1)
    obligations: list[Obligation] = Field(default_factory=list)
    always_obligations: list[Id] = Field(
        default_factory=list, description="duties every permitted use carries"
    )
    roles: list[Role] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    data_classes: list[DataClass] = Field(default_factory=list)
    tool_categories: list[ToolCategory] = Field(min_length=1)
    tools: list[Tool] = Field(default_factory=list)
    unlisted_tool: ToolDefault
    no_tool_named: ToolDefault
    claimed_tool: ClaimedTool | None = Field(
        default=None,
        description=(
            "what applies when the person says a tool that must be authorised first is approved "
            "or provided to them ('our approved Copilot'): answered conditionally, never as proof"
        ),
    )
    no_ai_used: ToolDefault | None = Field(
        default=None,
        description=(
            "what the policy says of work the person says uses no AI at all ('I'm writing it "
            "myself, no AI involved', 'just talking about it, no tools used'): the policy's "
            "scope, answered as a yes that sets no conditions, never the conditions of AI use"
        ),
    )
    outside_work: ToolDefault | None = Field(
        default=None,
        description=(
            "what the policy says of AI the person says they use for themselves, not for work "
            "('nothing to do with work', 'for my own hobby'), with no work information in it: "
            "the policy's scope, answered as a yes that sets no conditions"
        ),
    )
    taking_part: ToolDefault | None = Field(
        default=None,
        description=(
            "what the policy says of taking part in learning about AI and in its governance "
            "('can I join the AI show and tell?', 'can I give feedback on Copilot?', 'can I "
            "talk to my manager about AI?'), with no AI used for it: answered as a yes that sets "
            "no conditions, with the clauses that ask for it"
        ),
    )
    purposes: list[Purpose] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    faqs: list[Faq] = Field(default_factory=list)
    approval: ApprovalRoute
    incidents: IncidentRoute
    acknowledgement: Acknowledgement = Field(default_factory=Acknowledgement)
