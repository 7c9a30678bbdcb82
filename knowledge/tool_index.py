"""Finding the tool a question is about: exact aliases, typos, and names we have never seen.

Exact lookups use a compact key (case, spaces, hyphens and dots ignored: "Co-Pilot" = "copilot").
Typos ("chatgtp", "Gemeni") are found through a deletion neighbourhood: every key and each of its
one-character deletions point back at the alias, so a query with one edit (substitution,
insertion, deletion or adjacent swap) meets its alias by dictionary lookups, then rapidfuzz
confirms the similarity. Ordinary English words are never fuzzy-matched, so "clause" does not
become "Claude" and "poem" does not become "Poe".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from rapidfuzz import fuzz

from .lexicon import Lexicon
from .normalise import POSSESSIVE, Token, compact_key

# Names as people write them run to five words: "writing tools on my iphone".
MAX_NGRAM = 5
MAX_FUZZY_NGRAM = 2  # a typo is looked for in names of one or two words
MIN_FUZZY_LENGTH = 5
FUZZY_THRESHOLD = 80.0
# Words after which a capitalised or unfamiliar name is probably a tool: "use Frobnicator".
_TOOL_VERBS = frozenset(
    {"use", "using", "used", "try", "trying", "trial", "trialling", "install", "installing"}
    | {"adopt", "adopting", "access", "accessing", "via", "through", "into", "in", "with", "on"}
    | {"about", "ask", "asking", "get", "have", "let"}
)
# What an AI tool does in a sentence about it: "copilot made up a figure", "gemini wrote ...".
_OUTPUT_VERBS = frozenset(
    {"made", "makes", "wrote", "writes", "generated", "generates", "produced", "produces"}
    | {"invented", "invents", "hallucinated", "said", "says", "gave", "gives", "told", "got"}
    | {"suggested", "suggests", "created", "creates", "summarised", "drafted", "answered"}
)
# "can otter transcribe the panel?": an English-word name between a modal and an action it
# would take is the tool being asked about, as no animal or figure of speech is.
_ASKING_MODALS = frozenset({"can", "could", "will", "would", "does", "should", "let", "get"})
_ACTIONS = frozenset(
    {"transcribe", "record", "summarise", "summarize", "write", "draft", "translate", "join"}
    | {"take", "make", "create", "generate", "read", "listen", "minute", "note", "analyse"}
)
# A product described rather than named: "an AI app", "a chrome extension", "an AI add-in".
_OTHER = frozenset({"another", "different", "unapproved", "other"})
_OTHER_NOUNS = frozenset({"tool", "app", "ai", "chatbot", "product", "system", "service"})
# Whose product it is: "their housing repairs AI", "the supplier's tool".
# Tokens split the possessive off ("firm", "'s"), so an owner is "their" or one of these nouns
# followed by "'s".
_OWNER_NOUNS = frozenset(
    {"supplier", "vendor", "firm", "company", "provider", "contractor", "consultancy", "agency"}
)
_PRODUCT_NOUNS = frozenset(
    {
        "ai",
        "tool",
        "tools",
        "service",
        "system",
        "app",
        "apps",
        "extension",
        "extensions",
        "add",
        "addin",
        "addins",
        "plugin",
        "plugins",
    }
    | {"platform", "website", "site", "software", "product", "notetaker", "summariser"}
    | {"summarizer", "transcriber", "generator", "checker", "detector", "gpt", "gpts"}
    | {"eraser"}
)
_AI_WORDS = frozenset({"ai", "genai", "gpt", "chatbot", "generative", "ai-powered"})
# Nouns a product noun describes rather than names: "extension tasks", "website text".
_NOT_A_PRODUCT_AFTER = frozenset(
    {"task", "tasks", "activity", "activities", "work", "question", "questions", "idea", "ideas"}
    | {"exercise", "exercises", "worksheet", "worksheets", "challenge", "challenges", "project"}
    | {"projects", "material", "materials", "text", "copy", "page", "pages", "content"}
)
# "a transcription tool": a tool named by what it does is a particular product.
_FUNCTION_TOOLS = frozenset({"tool", "tools", "service", "system"})
_TOOL_FUNCTIONS = frozenset(
    {"transcription", "translation", "translating", "summarising", "summarizing", "notetaking"}
    | {"dictation", "recording", "detection", "detector", "paraphrasing", "rewriting", "captioning"}
    | {"marking", "grading", "scoring", "screening", "proctoring", "tutoring"}
)
_PRODUCT_QUALIFIERS = frozenset({"chrome", "browser", "free", "online", "phone", "mobile", "web"})
_AI_SUFFIXES = frozenset({"ai", "gpt", "bot", "copilot"})
# What a product's name is given after: "an app called ...", "a new one named ...".
_NAMED_THINGS = _PRODUCT_NOUNS | {"thing", "something", "one", "bot", "assistant", "program"}
_NAMED_THINGS |= {"programme", "chatbot", "notetaker", "scribe", "agent", "'s", "it", "genai"}
# Words after a name that open a question about it: "otter for meetings?", "gamma ok?".
_ASKED_ABOUT = frozenset({"for", "to", "ok", "okay", "allowed", "fine", "approved", "alright"})
_COPULAS = frozenset({"is", "must", "should", "would", "will", "isn't", "was", "seems"})
# "is otter ok?": the name asked about, between a question's verb and whether it is allowed.
_ASKING_COPULAS = frozenset({"is", "isn't", "isnt", "are", "was"})
# "upload the recordings to otter": what is handed to a name is handed to a tool.
_HANDING_VERBS = frozenset({"upload", "uploading", "uploaded", "send", "sending", "sent", "feed"})
_ARTICLES = frozenset({"a", "an"})
# Words after which an unfamiliar name is taken for a tool: "use Frobnicator", "via Zapiq".
_NAMING_VERBS = frozenset(
    {"use", "using", "used", "try", "trying", "trial", "trialling", "install", "installing"}
    | {"adopt", "adopting", "access", "accessing", "via"}
)
# Names people write that are bodies, exams or school years, never tools.
_NOT_TOOLS = frozenset(
    {"dfe", "ofsted", "nhs", "hmrc", "dwp", "ico", "lga", "gov", "jcq", "aqa", "ocr", "edexcel"}
    | {"wjec", "ofqual", "esfa", "defra", "mhclg", "dluhc", "dvla", "police", "council", "gcse"}
    | {"sats", "year", "ks1", "ks2", "ks3", "ks4", "eyfs", "send", "sen", "ehcp", "uk", "gdpr"}
    | {"cabinet", "ward", "mp", "mps", "parliament", "government", "monday", "tuesday"}
    | {"wednesday", "thursday", "friday", "saturday", "sunday", "christmas", "easter"}
    # the acronyms of council and school work: systems and documents, not AI products
    | {"api", "apis", "crm", "erp", "hr", "foi", "foia", "sar", "csv", "pdf", "pdfs", "url"}
    | {"vpn", "sql", "json", "xml", "html", "css", "ict", "gis", "cctv", "dpia", "eqia", "dpo"}
    | {"slt", "smt", "clt", "dmt", "cmt", "hra", "ctr", "hb", "dhp", "ukspf", "nppf", "gpdo"}
    | {"pip", "asb", "hmo", "pcn", "senco", "dsl", "hlta", "ect", "ects", "pta", "inset", "cpd"}
    | {"mis"}
    # the sources of published figures and the bodies work is done for: "using ONS figures"
    | {"ons", "nomis", "census", "cqc", "ofwat", "hse", "lgo", "ombudsman", "nao"}
    # the suite a product comes in: "M365 Copilot in Outlook" names Copilot
    | {"m365", "o365"}
    # what tokenising leaves of "isn't", "doesn't" ...: "keep using isn't it" names no tool
    | {"isn", "aren", "wasn", "weren", "doesn", "didn", "don", "hasn", "haven", "hadn", "won"}
    | {"wouldn", "couldn", "shouldn", "mustn", "shan", "ain"}
)
# "run the leaflet through Simply Readable": "through" names a tool after a verb of processing
_THROUGH = "through"
_RUN_THROUGH = frozenset(
    {"run", "running", "ran", "put", "putting", "feed", "feeding", "pass", "passing", "stick"}
)
_NAME_SKIP = frozenset({"a", "an", "the", "this", "that", "our", "my", "some", "new", "called"})
_NAME_STOP = frozenset(
    {"to", "for", "with", "on", "in", "at", "and", "or", "so", "if", "when", "because", "about"}
    | {"as", "from", "by", "into", "instead", "is", "are"}
)


@dataclass(frozen=True, slots=True)
class ToolEntry:
    """A tool the index can return: one the policy lists, or one from the shared catalogue."""

    key: str  # policy tool id, or "catalog:<compact name>"
    name: str
    vendor: str | None
    kind: str | None  # catalogue kind, for unlisted tools
    listed: bool


@dataclass(frozen=True, slots=True)
class ToolHit:
    entry: ToolEntry | None  # None: an unknown name
    matched: str  # the words as typed
    score: float
    first: int
    last: int


class ToolIndex:
    def __init__(self, lexicon: Lexicon) -> None:
        self._lexicon = lexicon
        self._exact: dict[str, ToolEntry] = {}
        # Every leading part of every key: reading a question stops adding words to a name as
        # soon as no key starts that way, which for most words is at once.
        self._prefixes: set[str] = set()
        self._deletions: dict[str, set[str]] = {}
        self._longest = 0  # the longest key: a typo of one is at most one letter longer

    def add(self, entry: ToolEntry, names: Sequence[str], replace: bool) -> None:
        for name in names:
            key = compact_key(name)
            if not key or (not replace and key in self._exact):
                continue
            self._exact[key] = entry
            self._longest = max(self._longest, len(key))
            self._prefixes.update(key[:end] for end in range(1, len(key) + 1))
            if len(key) >= MIN_FUZZY_LENGTH - 1:
                for variant in _deletions(key):
                    self._deletions.setdefault(variant, set()).add(key)

    def lookup(self, name: str) -> ToolEntry | None:
        return self._exact.get(compact_key(name))

    def find(self, text: str, tokens: Sequence[Token]) -> list[ToolHit]:
        """Tool mentions, non-overlapping, in order of appearance. Every exact alias is taken
        before any typo is considered, so "Grammarly to" is Grammarly, not a misspelt
        "Grammarly Go"; within each pass longer names win, then earlier ones."""
        taken = [False] * len(tokens)
        hits: list[ToolHit] = []

        def claim(entry: ToolEntry, score: float, first: int, last: int) -> None:
            typed = text[tokens[first].start : tokens[last - 1].end]
            hits.append(ToolHit(entry, typed, score, first, last))
            taken[first:last] = [True] * (last - first)

        # Whether words spell an alias does not depend on what is already taken, so the
        # matches are found first and then claimed longest first, skipping overlaps.
        def split(first: int, last: int) -> bool:
            # "Dear Sir, I would like ...": no name runs across punctuation ("Siri")
            return any(_apart(text, a, b) for a, b in pairwise(tokens[first:last]))

        for first, last, entry in sorted(self._exact_spans(tokens), key=_longest_first):
            if not any(taken[first:last]) and not split(first, last):
                claim(entry, 100.0, first, last)
        for first, last in self._typo_spans(tokens, taken):
            if any(taken[first:last]) or split(first, last):
                continue
            best = self._fuzzy_match(tokens[first:last])
            if best:
                claim(*best, first, last)
        hits.extend(self._unknown_names(text, tokens, taken))
        hits.extend(self._called(text, tokens, taken))
        hits.extend(self._other_tool(text, tokens, taken))
        hits.extend(self._described(text, tokens, taken))
        return sorted(hits, key=lambda h: h.first)

    def _called(self, text: str, tokens: Sequence[Token], taken: list[bool]) -> list[ToolHit]:
        """ "an app called Scribbly", "a tool named WriteWise AI", "planwise ai": a name given
        as a product's, whatever its case."""
        hits: list[ToolHit] = []
        for index, token in enumerate(tokens):
            if token.text in {"called", "named"}:
                start = index + 1
                end = start + 1 if start < len(tokens) else start
                # a product's name: "an app called class mate AI", "there's one called Gamma";
                # not a person's or a class's ("a pupil called Sam", "no kids named - can AI")
                if index == 0 or tokens[index - 1].text not in _NAMED_THINGS:
                    continue
                while end < len(tokens) and end - start < 4 and not taken[end]:
                    following = tokens[end]
                    if _apart(text, tokens[end - 1], following):
                        break
                    if following.text in _NAME_STOP or following.text == POSSESSIVE:
                        break
                    if not (following.capitalised or following.text in _AI_SUFFIXES):
                        break
                    end += 1
            elif token.text in _AI_SUFFIXES and index > 0 and not taken[index - 1]:
                start, end = index - 1, index + 1
                if _apart(text, tokens[start], token):
                    continue  # "MFL - AI to write ...": a team, then the AI
                word = tokens[start].text
                if word in self._lexicon.common_words or word in self._lexicon.stopwords:
                    continue
                if word in self._lexicon.generic_tools or not word.isalpha():
                    continue
            else:
                continue
            if end > start and not any(taken[start:end]):
                typed = text[tokens[start].start : tokens[end - 1].end]
                hits.append(ToolHit(None, typed, 0.0, start, end))
                taken[start:end] = [True] * (end - start)
        return hits

    def _other_tool(self, text: str, tokens: Sequence[Token], taken: list[bool]) -> list[ToolHit]:
        """ "another AI tool", "a different app", "an unapproved tool": a tool other than the
        one in question, whose status nobody has checked."""
        hits: list[ToolHit] = []
        for index in range(len(tokens) - 1):
            if tokens[index].text not in _OTHER or any(taken[index : index + 3]):
                continue
            end = index + 1
            if tokens[end].text in _AI_WORDS and end + 1 < len(tokens):
                end += 1
            if tokens[end].text in _OTHER_NOUNS:
                typed = text[tokens[index].start : tokens[end].end]
                hits.append(ToolHit(None, typed, 0.0, index, end + 1))
                taken[index : end + 1] = [True] * (end + 1 - index)
        return hits

    def _described(self, text: str, tokens: Sequence[Token], taken: list[bool]) -> list[ToolHit]:
        """ "a chrome extension", "the AI photo app on my phone", "an AI add-in for Excel": a
        particular product described rather than named, whose status nobody has checked."""
        hits: list[ToolHit] = []
        for index, token in enumerate(tokens):
            if token.text not in _PRODUCT_NOUNS or taken[index]:
                continue
            after = tokens[index + 1].text if index + 1 < len(tokens) else ""
            if after in _NOT_A_PRODUCT_AFTER:
                continue  # "AI to suggest extension tasks": the noun names the work, not a tool
            if token.text == "add" and after not in {"in", "ins", "on", "ons"}:
                continue  # "could AI add the Leader into the photo": a verb, not an add-in
            before = [t.text for t in tokens[max(0, index - 3) : index]]
            owned = _owned(before)
            if token.text in _AI_WORDS and not owned:
                continue  # "AI" alone names no product; "their housing repairs AI" does
            qualified = (
                bool(_AI_WORDS.intersection(before))
                or owned
                or (bool(before) and before[-1] in _PRODUCT_QUALIFIERS)
            )
            if token.text in _FUNCTION_TOOLS:  # "an AI transcription tool", "a translation app"
                # or someone else's: "our own firm's AI tools", or a new one named by what it
                # works on: "the new AI forms tool"
                qualified = owned or (bool(before) and before[-1] in _TOOL_FUNCTIONS)
                qualified = qualified or (
                    len(before) == 3
                    and before[0] == "new"
                    and before[1] in _AI_WORDS
                    and before[2].isalpha()
                    and before[2] not in self._lexicon.stopwords
                    and before[2] not in self._lexicon.generic_tools
                )
            if not qualified:
                continue
            start = index
            while start > 0 and index - start < 3 and not taken[start - 1]:
                word = tokens[start - 1]
                describes = word.text in _AI_WORDS | _PRODUCT_QUALIFIERS | _TOOL_FUNCTIONS
                describes = describes or word.text in _OWNER_NOUNS or word.text == "'s"
                if not (describes or word.capitalised or self._unfamiliar(word.text)):
                    break
                start -= 1
            typed = text[tokens[start].start : token.end]
            hits.append(ToolHit(None, typed, 0.0, start, index + 1))
            taken[start : index + 1] = [True] * (index + 1 - start)
        return hits

    def _exact_spans(self, tokens: Sequence[Token]) -> list[tuple[int, int, ToolEntry]]:
        """Every run of up to MAX_NGRAM words that spells an alias in context, overlaps and
        all. A run stops growing once no key starts with it; that includes a possessive,
        whose apostrophe no key holds ("Copilot's" is the tool Copilot, then "'s")."""
        spans: list[tuple[int, int, ToolEntry]] = []
        common_words = self._lexicon.common_words
        for first in range(len(tokens)):
            key = ""
            for last in range(first + 1, min(first + MAX_NGRAM, len(tokens)) + 1):
                key += tokens[last - 1].text
                if key not in self._prefixes:
                    break
                entry = self._exact.get(key)
                if entry is None:
                    continue
                if (
                    key in common_words
                    and key not in self._lexicon.always_tools
                    and not self._in_tool_context(tokens, first)
                ):
                    continue
                spans.append((first, last, entry))
            plural = self._plural_of_a_tool(tokens[first].text)
            if plural is not None:
                spans.append((first, first + 1, plural))
        return spans

    def _plural_of_a_tool(self, word: str) -> ToolEntry | None:
        """ "copilots figures arent checked": a possessive written without its apostrophe, of a
        tool whose name is an English word (so its plural is one too). Not "canvas": Canva is
        no English word, so "canvas" is no form of it."""
        lexicon = self._lexicon
        singular = word[:-1]
        if not word.endswith("s") or singular not in lexicon.always_tools:
            return None
        if singular not in lexicon.common_words:
            return None
        return self._exact.get(singular)

    def _typo_spans(self, tokens: Sequence[Token], taken: list[bool]) -> list[tuple[int, int]]:
        """The runs of up to MAX_FUZZY_NGRAM words that may be a misspelt name, longest first:
        those holding a word that is not in an exact name, not a possessive and not ordinary
        English. Most questions have few such words."""
        spans: set[tuple[int, int]] = set()
        for index, token in enumerate(tokens):
            if taken[index] or token.text == POSSESSIVE or self._ordinary_word(token.text):
                continue
            for size in range(1, MAX_FUZZY_NGRAM + 1):
                for first in range(max(0, index - size + 1), min(index, len(tokens) - size) + 1):
                    spans.add((first, first + size))
        return sorted(spans, key=_longest_first)

    def _fuzzy_match(self, words: Sequence[Token]) -> tuple[ToolEntry, float] | None:
        if any(t.text == POSSESSIVE for t in words):
            return None  # a name never runs on across a possessive ("Gemeni's answer")
        key = "".join(t.text for t in words)
        if not MIN_FUZZY_LENGTH <= len(key) <= self._longest + 1:
            return None  # too short to tell, or too long to be one edit from any name
        if key in self._exact:  # an alias that was out of context in the exact pass
            return None
        return self._closest(key)

    def _closest(self, key: str) -> tuple[ToolEntry, float] | None:
        candidates: set[str] = set()
        for variant in (key, *_deletions(key)):
            aliases = self._deletions.get(variant)
            if aliases:
                candidates |= aliases
        scored = [(fuzz.ratio(key, alias), alias) for alias in candidates]
        scored = [(score, alias) for score, alias in scored if score >= FUZZY_THRESHOLD]
        if not scored:
            return None
        score, alias = max(scored)
        return self._exact[alias], round(score, 1)

    def _ordinary_word(self, word: str) -> bool:
        """A real word is not a misspelt tool name, nor is a phrase made only of real words."""
        lexicon = self._lexicon
        return word in lexicon.common_words or word in lexicon.generic_tools

    def _in_tool_context(self, tokens: Sequence[Token], first: int) -> bool:
        """An alias that is also an English word ("Otter", "Copilot", "Gamma") counts only when
        capitalised, right after a word like "use", or right before an output verb."""
        if tokens[first].capitalised and first > 0:
            return True
        if first + 1 < len(tokens) and tokens[first + 1].text in _OUTPUT_VERBS:
            return True  # the tool as the one that acted: "copilot made up a figure"
        if first == 0 and (first + 1 == len(tokens) or tokens[1].text in _ASKED_ABOUT):
            return True  # "otter for transcribing meetings?", "gamma ok?"
        after = [t.text for t in tokens[first + 1 : first + 3]]
        if after[:1] == [POSSESSIVE] and after[1:] and after[1] in _ASKED_ABOUT:
            return True  # "my manager says otter's fine"
        later = [t.text for t in tokens[first + 1 : first + 4]]
        if later[:1] and later[0] in _COPULAS and _ASKED_ABOUT.intersection(later[1:]):
            return True  # "otter must be fine", "otter is allowed"
        if (
            0 < first < len(tokens) - 1
            and tokens[first - 1].text in _ASKING_MODALS
            and tokens[first + 1].text in _ACTIONS
        ):
            return True
        before = [t.text for t in tokens[max(0, first - 4) : first]]
        if before[-1:] and before[-1] in _ARTICLES:
            return False  # "a story about an otter": a thing named, not a product
        if before[-1:] and before[-1] in _ASKING_COPULAS and later[:1] and later[0] in _ASKED_ABOUT:
            return True  # "is otter ok for my 1:1s?", "are gamma decks allowed"
        if before[-1:] == ["to"] and _HANDING_VERBS.intersection(before[:-1]):
            return True  # "upload them to otter", "send the recording to otter"
        return any(t in _TOOL_VERBS for t in before[-2:])

    def _unknown_names(
        self, text: str, tokens: Sequence[Token], taken: list[bool]
    ) -> list[ToolHit]:
        """ "Can I use Frobnicator to ...": a name after "use" that is neither a known tool nor
        an ordinary word is a tool the policy does not list."""
        hits: list[ToolHit] = []
        for index, token in enumerate(tokens):
            run_through = token.text == _THROUGH and any(
                t.text in _RUN_THROUGH for t in tokens[max(0, index - 6) : index]
            )
            if token.text not in _NAMING_VERBS and not run_through:
                continue
            if index + 1 < len(tokens) and "-" in text[token.end : tokens[index + 1].start]:
                continue  # "our how-to-use-an-epipen poster": a compound, not a use
            start = index + 1
            while start < len(tokens) and tokens[start].text in _NAME_SKIP:
                start += 1
            if start < len(tokens) and self._inflected(tokens[start]):
                continue  # "use gendered language": a word of the sentence, not a name
            end = start
            while end < len(tokens) and self._name_like(tokens[end]) and not taken[end]:
                if end > start and _apart(text, tokens[end - 1], tokens[end]):
                    break  # a name does not run on into the next sentence
                end += 1
            if end > start and not self._ordinary_name(tokens[start:end]):
                typed = text[tokens[start].start : tokens[end - 1].end]
                hits.append(ToolHit(None, typed, 0.0, start, end))
                taken[start:end] = [True] * (end - start)
        leading = self._leading_name(text, tokens, taken)
        if leading is not None:
            start, end = leading
            typed = text[tokens[start].start : tokens[end - 1].end]
            hits.append(ToolHit(None, typed, 0.0, start, end))
            taken[start:end] = [True] * (end - start)
        return hits

    def _leading_name(
        self, text: str, tokens: Sequence[Token], taken: list[bool]
    ) -> tuple[int, int] | None:
        """ "descript for drafting emails ok?": a message that opens with a name no word list
        holds, then what it is for, and asks whether that is allowed, asks about a product."""
        words = [t.text for t in tokens]
        if not _ASKED_ABOUT.intersection(words[2:]) - {"for", "to"}:
            return None
        end = 0
        while end < min(3, len(tokens)) and words[end] not in ("for", "to") and not taken[end]:
            if not self._name_like(tokens[end]):
                return None
            end += 1
        if end == 0 or end >= len(tokens) or words[end] != "for":
            return None
        if text[tokens[end - 1].end : tokens[end].start].strip():
            return None  # "Comms: for the leisure centre post ...": a label, then the question
        if not any(self._unfamiliar(w) for w in words[:end]) or self._ordinary_name(tokens[:end]):
            return None
        return 0, end

    def _inflected(self, token: Token) -> bool:
        """An ordinary word with an ending the word list lacks: "gendered", "upskilling"."""
        if token.capitalised:
            return False
        word, common = token.text, self._lexicon.common_words
        stems = [word[: -len(end)] for end in ("ed", "d", "ing") if word.endswith(end)]
        return any(stem in common or stem + "e" in common for stem in stems)

    def _unfamiliar(self, word: str) -> bool:
        lexicon = self._lexicon
        return word not in lexicon.common_words and word not in lexicon.stopwords

    def _name_like(self, token: Token) -> bool:
        if token.text in _NAME_STOP or token.text == POSSESSIVE or token.text in _NOT_TOOLS:
            return False
        return token.capitalised or token.text not in self._lexicon.common_words

    def _ordinary_name(self, words: Sequence[Token]) -> bool:
        lexicon = self._lexicon
        if compact_key(" ".join(t.text for t in words)) in lexicon.generic_tools:
            return True
        return all(
            (t.text in lexicon.common_words and not t.capitalised)
            or t.text in lexicon.generic_tools
            or t.text in lexicon.stopwords
            for t in words
        )


def _apart(text: str, left: Token, right: Token) -> bool:
    """Whether punctuation stands between two words: one name never spans it."""
    return bool(_BETWEEN_NAMES.search(text[left.end : right.start]))


_BETWEEN_NAMES = re.compile(r"[.?!,;:]\s|[()\[\]]|\s[-–—]\s")


def _longest_first(span: tuple[Any, ...]) -> tuple[int, int]:
    """Sort key for spans that start (first, last, ...)."""
    first, last = span[:2]
    return first - last, first


def _deletions(key: str) -> set[str]:
    return {key[:i] + key[i + 1 :] for i in range(len(key))}


def _owned(before: Sequence[str]) -> bool:
    """Whether the words before a product noun say whose it is: "their", "the supplier's"."""
    if "their" in before:
        return True
    # "the consultancy has its own AI assistant" (not "my own worksheets into AI")
    if before[-1:] == ["own"] or (before[-2:-1] == ["own"] and before[-1] in _AI_WORDS):
        return True
    return any(a in _OWNER_NOUNS and b == "'s" for a, b in pairwise(before))
