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
- Covered pilot (`pilot`): as a covered approval with conditions, the board's conditions
  joined by "only within the pilot the board approved in AR-0003": a trial, not a standing yes.
- Covered retired approval (`retired_at` set): the board ended it, so it approves nothing. A
  tool that needs approval needs it again, and the reason says when and why the approval ended
  ("AR-0001 approved Midjourney ... on 26 Nov 2026, but the board retired that approval on
  5 Dec 2026: ... Using Midjourney now needs a new request."); where the policy permits or
  prohibits the tool itself, the policy's answer stands as if the entry had never been made.
  It is still the newest entry covering its use, so an older approval of the same use does not
  come back; a new approval, decided later, does replace it.
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

Board rulings. The register also holds the board's answers to questions staff sent it ("Ask
the board") that the board kept as rulings (`BoardRuling`, BQ-0001): `Register.build(policy,
entries, rulings)`. A ruling is scoped like an approval (tool or none, purpose, data
classification) but answers the question outright with its own verdict, and a later question
of the same use is answered from it, citing it. A yes ruling covers only the same use, read
more strictly than an approval (close both ways, no circumstance or risk the ruling's wording
did not have), and never lifts the policy's own prohibition; knowledge.register.board gives
the full semantics.

Cost: `build` reads each entry's purpose once (about 0.1 ms each). In `decide`, a tool with no
entry costs one dict lookup. A tool with entries costs one extra reading of the question's
purpose words (about 30 us), plus checks of only the entries that could cover it: those sharing
a purpose word or policy purpose with it, and, for a question naming no purpose, the newest
entry of each distinct data scope. The cost grows with the entries that share a word with the
question (about 0.3 us each), never with the rest of the register.
"""

from __future__ import annotations

from .board import BoardRuling, CompiledRuling
from .entries import (
    APPROVED,
    APPROVED_WITH_CONDITIONS,
    DECISIONS,
    NO_DATA,
    PILOT,
    REGISTER_RULE,
    REJECTED,
    RETIRED,
    RegisterEntry,
    Use,
)
from .index import Register
from .matching import use_of
from .rulings import Ruling

__all__ = [
    "APPROVED",
    "APPROVED_WITH_CONDITIONS",
    "DECISIONS",
    "NO_DATA",
    "PILOT",
    "REGISTER_RULE",
    "REJECTED",
    "RETIRED",
    "BoardRuling",
    "CompiledRuling",
    "Register",
    "RegisterEntry",
    "Ruling",
    "Use",
    "use_of",
]
