"""Reading a message for the approval request: does it ask to start one, and what is the tool for.

Pure functions over text (no botbuilder), so the bot can route a message before any dialog runs.
"Can I use X?" is a question the decision engine answers with a verdict, and "who approves
tools?" is an information question: neither starts a request. "I want to use X for Y" and
"request approval for X" do.
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

# Greetings and politeness before the request itself: "Hi, please, ...".
_OPENING = re.compile(r"^(?:(?:hi|hello|hey|ok|okay|so|right|please|pls)\b[\s,!.:-]*)+")
# Ways of putting the request: "can I", "I'd like to", "could you please", "let me".
_ASKER = (
    r"(?:(?:can|could|may|might|would|will) (?:i|we|you)(?: please)? "
    r"|(?:i|we)(?:'d| would)? (?:really )?(?:like|love|want|need|wish|have) to "
    r"|(?:i|we)(?: am| are|'m|'re) (?:going|trying|looking|hoping|planning) to "
    r"|let me |please |help me )*"
)
_APPROVAL = r"(?:approval|authori[sz]ation|permission|sign[- ]off)"
_REQUEST_APPROVAL = re.compile(
    rf"^{_ASKER}(?:"
    rf"(?:(?:i|we)(?:'d| would)? )?"
    rf"(?:request|ask for|apply for|seek|get|obtain|need|want|require|like) "
    rf"(?:an? |the |some |formal |your )*{_APPROVAL}\b"
    rf"|(?:submit|make|start|raise|open|file|create|send|put in|begin|do) "
    rf"(?:an? |the |my |new )*{_APPROVAL} request\b"
    rf"|(?:get|have) (?!it\b)\S.{{0,60}}? (?:approved|authori[sz]ed|signed off)\b"
    rf"|(?:approve|authori[sz]e) \S"
    rf")"
)
_APPROVAL_FOR = re.compile(rf"^{_APPROVAL}(?: request)? (?:for|to use) \S")
_WISH = re.compile(
    r"^(?:i|we)(?:"
    r"(?:'d| would)? (?:really |also |now )?(?:like|love|want|need|wish|plan|intend|hope)"
    r"|(?: am| are|'m|'re) (?:planning|hoping|looking|keen|wanting|going)"
    r") to (?:start |begin )?(?:use|using|try|trial|pilot|adopt|introduce|bring in|roll out)\b"
    r"(?! it\b\W*$)\W+\w"
)
# A tail that turns a wish into a request for a verdict: "..., is that allowed?", "can I?".
_PERMISSION_TAIL = re.compile(
    r"\b(?:is (?:that|this|it) (?:ok|okay|alright|allowed|permitted|fine|acceptable|possible)"
    r"|(?:am i|are we) (?:allowed|permitted)"
    r"|(?:can|may|could) (?:i|we)\b\W*$"
    r"|(?:would|will) (?:that|this|it) be (?:ok|okay|allowed|fine|acceptable)"
    r"|whether (?:i|we) (?:can|may|am allowed|are allowed)"
    r"|if (?:it's|it is|that's|that is|i'm|i am|we're|we are) (?:ok|okay|allowed|permitted)"
    r"|(?:do|would) (?:i|we) need)"
)

_MARKER = re.compile(
    r"(?<!\w)(?:in order to|so (?:that )?(?:i|we|they|you) (?:can|could)|so that|to|for)(?!\w)",
    re.I,
)
_LEAD = re.compile(r"^(?:(?:please|pls|just|also|then|and)\b[\s,;:]*)+", re.I)
_USE_IT = re.compile(r"^use (?:it|them|this|that) (?:to|for) ", re.I)
_TAIL = re.compile(
    r"(?:[\s,;:.!?()-]+(?:please|pls|plz|thanks|thank you|thx|cheers|ta)\b)*[\s,;:.!?()\"'-]*$",
    re.I,
)
_QUESTION_TAIL = re.compile(r"\s*[,;:(-]*\s*" + _PERMISSION_TAIL.pattern + r".*$", re.I)
_VACUOUS = frozenset(
    {"work", "my work", "our work", "me", "us", "my job", "this", "that", "it", "free", "now"}
)


def normalise(text: str) -> str:
    """Lower case, straight quotes, single spaces, no edge punctuation or greeting."""
    text = " ".join(text.translate(_QUOTES).lower().split())
    text = _OPENING.sub("", text.strip(" \t.!?,;:-\"'"))
    return text.strip(" .!?,;:-")


def approval_intent(text: str | None) -> bool:
    """True when the message asks to start an approval request rather than asking a question.

    Questions (who, what, how, "can I use X?", "do I need approval?") are False: the answer to
    them offers the request. "I want to use X" is True unless it ends by asking whether that is
    allowed ("..., is that OK?"), which is a question for a verdict.
    """
    said = normalise(text or "")
    if not said:
        return False
    if _REQUEST_APPROVAL.match(said) or _APPROVAL_FOR.match(said):
        return True
    return bool(_WISH.match(said)) and not _PERMISSION_TAIL.search(said)


def purpose_phrase(text: str | None, tool_name: str | None) -> str:
    """The words after the tool that say what it is for, or "" when there are none.

    "Can I use Midjourney to make posters for a library event?" gives "make posters for a
    library event". The phrase starts after the first "to", "for", "so that", "so I can" or "in
    order to" that follows the tool; politeness, a trailing "is that OK?" and edge punctuation
    are trimmed, and a phrase that says nothing ("for work") gives "".
    """
    text = (text or "").translate(_QUOTES)
    found = _find_tool(text, tool_name or "")
    if found is None:
        return ""
    marker = _MARKER.search(text, found)
    if marker is None:
        return ""
    phrase = _QUESTION_TAIL.sub("", text[marker.end() :])
    phrase = _LEAD.sub("", phrase.strip(" \t,;:-\"'"))
    phrase = _USE_IT.sub("", phrase.strip(" \t,;:-\"'"))
    phrase = " ".join(_TAIL.sub("", phrase).split())
    return "" if phrase.lower() in _VACUOUS else phrase


def _find_tool(text: str, tool_name: str) -> int | None:
    """Where the tool's name ends in `text` (any case; "Otter.ai" also as "otter ai"), or None."""
    words = re.findall(r"[^\W_]+", tool_name.translate(_QUOTES).lower())
    if not words:
        return None
    pattern = r"(?<!\w)" + r"[\W_]*".join(map(re.escape, words)) + r"(?:'s)?(?!\w)"
    match = re.search(pattern, text, re.I)
    return match.end() if match else None


# A question about the policy, typed where a dialog waited for an answer ("Can I use Gemini to
# draft an email?" at "What do you want to use Midjourney for?"). Asked outright it needs no
# question mark; otherwise the mark and a question's opening words both.
_OUTRIGHT_QUESTION = re.compile(
    r"^(?:can|could|may) (?:i|we) (?:use|put|paste|upload|share|ask)\b"
    r"|^(?:am i|are we|is it|is that) (?:\w+ )?(?:allowed|permitted|ok|okay|alright) to\b"
    r"|^(?:who|what) (?:approves|decides|owns|counts as)\b"
)
_QUESTION_OPENING = re.compile(
    r"^(?:can|could|may|am|are|is|do|does|should|must|will|who|what|when|where|which|why|how)\b"
)


def looks_like_question(text: str | None) -> bool:
    """Whether a reply reads as a new question about the policy rather than an answer."""
    asked = (text or "").rstrip().endswith("?")
    words = normalise(text or "")  # edge punctuation, the "?" too, and greetings gone
    if len(words.split()) < 3:
        return False  # "why?", "is it?": about the question just asked, if anything
    if _OUTRIGHT_QUESTION.match(words):
        return True
    return asked and bool(_QUESTION_OPENING.match(words))
