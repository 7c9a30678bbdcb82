"""Follow-up questions: "what about with Copilot?" and "and if it includes a resident's
address?" are read against the question before them.

Pure: the caller keeps the thread (the questions so far) and passes it back in; `thread_after`
says what the thread becomes after a new question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .policy import Policy
from .reader import Reading, read_question

MAX_THREAD = 5
_FOLLOW_UP = re.compile(
    r"\s*(?:(?:and|but|ok|okay|so|right)[,\s]+)?"
    r"(?:(?:what|how)\s+about\b|what\s+if\b|and\s+(?:if|with|for|when|using|in|on)\b|"
    r"(?:or|but)\s+(?:with|if|for|using|in)\b|same\s+(?:but|with|for|again)\b|"
    # One run of spaces before the end, so that a long run of them cannot be split between two
    # quantifiers in every possible way (quadratic backtracking).
    r"(?:with|using|in|into|for)\s+\S+\s*(?:\?\s*)?$|even\s+if\b|does\s+that\s+change\b|"
    r"(?:yes|no)[,:]\s)",
    re.IGNORECASE,
)


# "yes: ...", "no, ...": the answer to a question the engine asked (its choices read so).
_REPLY = re.compile(r"\s*(?:yes|no)\b", re.IGNORECASE)


def is_reply(question: str) -> bool:
    """A follow-up that answers a question the engine asked about the use."""
    return bool(_REPLY.match(question))


def is_follow_up(question: str) -> bool:
    """A question that only makes sense after another one."""
    return bool(_FOLLOW_UP.match(question))


def thread_after(thread: Sequence[str], question: str) -> list[str]:
    """The questions a new question is read with: the thread plus it if it follows up, else
    just itself. Kept short, as people move on."""
    if thread and is_follow_up(question):
        return [*thread, question][-MAX_THREAD:]
    return [question]


def read_thread(policy: Policy, thread: Sequence[str]) -> Reading:
    """Read each question of a thread in turn, each follow-up changing only what it names."""
    reading = read_question(policy, thread[0])
    for question in thread[1:]:
        later = read_question(policy, question)
        if is_follow_up(question):
            reading = merge(policy, reading, later, reply=is_reply(question))
        else:
            reading = later
    return reading


def merge(policy: Policy, earlier: Reading, later: Reading, reply: bool = False) -> Reading:
    """The later question wins for what it names (tool, purpose, role); data and
    circumstances accumulate, except that "what if it's anonymised?" takes personal data away.
    A `reply` to the engine's question says more about the same use: what it names adds to
    the earlier reading, and a purpose its words happen to suggest ("a person checks all of
    it") does not replace the one asked about."""
    data = set(earlier.data)
    if later.absent & {"no_personal", "only_public"}:
        data = {d for d in data if not policy.data_classes[d].personal}
    if "only_public" in later.absent:
        data = {d for d in data if d == "public"}
    signals = earlier.signals | later.signals
    if "human_review" in later.signals:
        signals.discard("no_human_review")
    return replace(
        later,
        tools=(earlier.tools or later.tools) if reply else (later.tools or earlier.tools),
        purposes=(earlier.purposes or later.purposes)
        if reply
        else (later.purposes or earlier.purposes),
        data=data | later.data,
        signals=signals,
        roles=(earlier.roles or later.roles) if reply else (later.roles or earlier.roles),
        faq=None,
        section=None,
        information_cue=False,
        permission_form=True,
        question_form=False,
        vague=False,
        given=[*earlier.given, *later.given],
        content=earlier.content + later.content,
        unexplained=[*earlier.unexplained, *later.unexplained],
        unread_risks=[],  # the follow-up is the person's answer about them
    )
