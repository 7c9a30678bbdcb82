"""Which messages start an approval request, and what a question says the tool is for."""

from __future__ import annotations

import pytest

from forms.intents import approval_intent, purpose_phrase

STARTS_A_REQUEST = [
    "request approval",
    "Request approval for Midjourney",
    "request approval for Midjourney.",
    "REQUEST APPROVAL FOR MIDJOURNEY!!",
    "ask for approval",
    "I'd like to ask for approval to use Gamma",
    "apply for approval to use Otter",
    "get approval to use Gamma",
    "I need approval to use Claude for code reviews",
    "we require authorisation for Copilot Studio",
    "seek permission to use Perplexity",
    "submit an approval request",
    "I'm going to request approval for Otter",
    "start a new approval request",
    "approval request for Midjourney please",
    "approval for Midjourney please",
    "I want to use Otter for meeting notes",
    "I want to use Otter for meeting notes?",
    "I'd like to use Claude to draft reports",
    "I’d like to use Otter.ai",  # curly apostrophe, as phones type it
    "I would like to use Midjourney so that we can make posters",
    "we would like to trial Copilot Studio",
    "We're planning to roll out Gamma across the team",
    "I need to start using Perplexity",
    "I need to use ChatGPT Enterprise for the new service",
    "can I get Gamma approved",
    "Could we get Otter.ai approved for minutes?",
    "please approve Midjourney",
    "can you authorise Otter for me?",
    "Hi, please could I request approval for Canva?",
    "hello! I want to use Otter for meeting notes",
    "  i   want  to   use   otter  ",
]

DOES_NOT = [
    "",
    "   ",
    "approval",
    "can I use Midjourney?",
    "Can I use Otter for meeting notes, please?",
    "May I use ChatGPT to draft emails?",
    "who approves tools?",
    "Who approves new AI tools?",
    "how do I get approval for a new tool?",
    "what do I need to include in an approval request?",
    "what information does an approval request need",
    "do I need approval to use Otter?",
    "has my approval request been approved?",
    "Is Midjourney approved?",
    "I want to use ChatGPT to draft emails, is that ok?",
    "I want to use Otter but I am not sure if it is allowed",
    "I'd like to use Gemini for research - am I allowed?",
    "I want to use Copilot to summarise notes, do I need a DPIA?",
    "I don't want to use ChatGPT",
    "I used ChatGPT to summarise a case file",
    "I want to report an incident",
    "I want to use it",
    "get it approved",
    "My manager wants to use Otter",
    "the approval process seems slow",
    "reapproval of the budget",
]


@pytest.mark.parametrize("text", STARTS_A_REQUEST)
def test_these_start_an_approval_request(text: str) -> None:
    assert approval_intent(text) is True


@pytest.mark.parametrize("text", DOES_NOT)
def test_questions_and_statements_that_do_not(text: str) -> None:
    assert approval_intent(text) is False


def test_none_is_not_a_request() -> None:
    assert approval_intent(None) is False


PURPOSES = [
    # (question, tool, what it is for)
    (
        "Can I use Midjourney to make posters for a library event?",
        "Midjourney",
        "make posters for a library event",
    ),
    ("I want to use Otter for meeting notes", "Otter", "meeting notes"),
    ("I want to use otter.ai to transcribe meetings please", "Otter.ai", "transcribe meetings"),
    (
        "I'd like to use Otter AI so that I can keep minutes, is that ok?",
        "Otter.ai",
        "keep minutes",
    ),
    ("use Otter so we could share notes", "Otter", "share notes"),
    (
        "I need to start using Perplexity in order to research grants.",
        "Perplexity",
        "research grants",
    ),
    (
        "Can I get Gamma approved to make slides for the budget briefing? Thanks!",
        "Gamma",
        "make slides for the budget briefing",
    ),
    ("request approval for Otter to use it for meeting notes", "Otter", "meeting notes"),
    ("Can I use Midjourney at work to make posters", "Midjourney", "make posters"),
    ("Can I use Midjourney's image tools for a poster", "Midjourney", "a poster"),
    ("can i use MIDJOURNEY TO MAKE POSTERS??", "Midjourney", "MAKE POSTERS"),
    ("Can I use Claude to, please, help me write reports?", "Claude", "help me write reports"),
    ("Can I use Tome to make decks", "Tome", "make decks"),  # "to" inside "Tome" is no marker
    ("Can I use C++ Copilot to write code?", "C++ Copilot", "write code"),  # regex characters
    ("Can I use “Gamma” for slides (please)", "Gamma", "slides"),
    ("Can I use Gamma for slides - would that be okay?", "Gamma", "slides"),
    ("request approval for Midjourney", "Midjourney", ""),  # "for" before the tool
    ("Can I use Midjourney", "Midjourney", ""),
    ("Can I use ChatGPT for work?", "ChatGPT", ""),  # says nothing about the use
    ("Can I use X for", "X", ""),
    ("use Potter for notes", "Otter", ""),  # not the tool: part of another word
    ("To make posters, can I use Midjourney?", "Midjourney", ""),  # only after the tool
    ("", "Midjourney", ""),
    ("Can I use Midjourney to make posters", "", ""),
]


@pytest.mark.parametrize(("text", "tool", "purpose"), PURPOSES)
def test_purpose_phrase(text: str, tool: str, purpose: str) -> None:
    assert purpose_phrase(text, tool) == purpose


def test_purpose_phrase_takes_none() -> None:
    assert purpose_phrase(None, None) == ""
