"""Every card the bot can send is readable in Teams' default, dark and high-contrast themes
(WCAG 2.1 AA: at least 4.5:1 for text), and "Cancel" is never styled as destructive.

Why no coloured text. A TextBlock or TextRun `color` is drawn in the host's colour of that name,
whatever the background under it. Teams' colours, from its Adaptive Card host configs (light:
the "msteams" host config bundled in Microsoft 365 Agents Playground 0.2.28, the same values as
the Adaptive Cards Designer's Teams light container; dark: the Designer's Teams dark container),
measured below by `contrast` (WCAG relative luminance):

    colour      light theme (card #FFFFFF; bands)                 dark theme (card #2D2C2C)
    default     #252424: 15.5 on the card, 10.2 on attention      #FFFFFF: 13.9
    subtle      75% default: 6.8 on the card, 5.4 on attention    75% white: 8.5
    good        #92C353: 2.1 on the card, 1.9 on the good band    #92C353: 6.7
    warning     #F8D22A: 1.5 on the card                          #F8D22A: 9.4
    attention   #C4314B: 5.4 on the card, 3.6 on attention        #D74654: 3.2
    accent      #6264A7: 5.4 on the card, 3.9 on the accent band  #A6A7DC: 6.1
    light       #FFFFFF: 1.0 on the card                          #201F1F: 1.2

So good, warning and light fail on a plain card, and attention and accent fail on the bands the
cards use (the "Possible personal data breach" heading was attention on the attention band,
3.6:1) or in the dark theme. In the high-contrast theme Teams draws the default text colour
white on black (21:1); no host config with its named colours is published, so the default colour
is the only one known to read there. The default colour reads on every background in every
theme, which is what the theme is for: it is the only colour these cards may use. Emphasis is
by weight, size and words; a state is shown by a container style (good, warning, attention,
accent, emphasis) whose text stays in the default colour, so the colour is never the only sign
of it (bot/cards/verdicts.py).

Why "Cancel" is not destructive: Teams draws a destructive button in red, as for an action that
loses something. "Cancel" in the dialogs keeps the draft for later, so red would say the wrong
thing and put people off a safe choice. (Rejecting a request is final: "Reject" may be red.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.cards import (
    answer_card,
    ask_prompt_card,
    error_card,
    help_card,
    team_welcome_card,
    welcome_card,
)
from bot.cards.acknowledgement import acknowledged_card, acknowledgement_card
from bot.cards.approval import pending_card, question_for_requester_card
from bot.cards.incident_offer import incident_offer_card
from bot.cards.register import add_entry_card, approved_card, entry_card, register_list_card
from dialogs import approval_cards, incident_cards
from dialogs.card_parts import Row
from knowledge import decide

from .card_checks import assert_valid_card, elements
from .test_answer_card import CASES, POLICIES
from .test_approval_card import NOW as APPROVAL_NOW
from .test_approval_card import STATES as REQUESTS
from .test_approval_card import Note, card_for
from .test_incident_card import REPORTED, FakeIncident, FakeNote
from .test_incident_card import STATES as INCIDENT_STATES
from .test_incident_card import card_for as incident_card_for

# Teams draws these at low contrast somewhere (see above); "default" and "dark" read everywhere.
LOW_CONTRAST = frozenset({"good", "warning", "attention", "accent", "light"})
CANCEL_LIKE = re.compile(
    r"^(?:\d+\.\s*)?(?:cancel\b.*|not now|no thanks|never mind|stop|close|dismiss|back|later)$",
    re.IGNORECASE,
)
AA = 4.5

# -- the themes' colours, and the ratios the rule rests on ---------------------------------------

LIGHT_TEXT = {
    "default": "#252424",
    "subtle": "#BF252424",  # ARGB: the default colour at 75%
    "good": "#92C353",
    "warning": "#F8D22A",
    "attention": "#C4314B",
    "accent": "#6264A7",
    "light": "#FFFFFF",
    "dark": "#252424",
}
LIGHT_BACKGROUNDS = {
    "default": "#FFFFFF",
    "emphasis": "#F9F8F7",
    "good": "#CCFFCC",
    "warning": "#FFE2B2",
    "attention": "#FFC5B2",
    "accent": "#C7DEF9",
}
DARK_TEXT = {
    "default": "#FFFFFF",
    "subtle": "#BFFFFFFF",
    "good": "#92C353",
    "warning": "#F8D22A",
    "attention": "#D74654",
    "accent": "#A6A7DC",
    "light": "#201F1F",
    "dark": "#FFFFFF",
}
DARK_BACKGROUNDS = {"default": "#2D2C2C", "emphasis": "#292828"}
HIGH_CONTRAST_TEXT = {"default": "#FFFFFF"}
HIGH_CONTRAST_BACKGROUNDS = {"default": "#000000"}
THEMES = {
    "light": (LIGHT_TEXT, LIGHT_BACKGROUNDS),
    "dark": (DARK_TEXT, DARK_BACKGROUNDS),
    "high contrast": (HIGH_CONTRAST_TEXT, HIGH_CONTRAST_BACKGROUNDS),
}


def _rgb(colour: str, under: tuple[float, float, float] | None = None) -> tuple[float, ...]:
    """#RRGGBB, or #AARRGGBB blended over `under` as the browser draws it."""
    digits = colour.lstrip("#")
    alpha = int(digits[:2], 16) / 255 if len(digits) == 8 else 1.0
    rgb = tuple(int(digits[i : i + 2], 16) for i in range(len(digits) - 6, len(digits), 2))
    if under is None or alpha == 1.0:
        return rgb
    return tuple(alpha * c + (1 - alpha) * u for c, u in zip(rgb, under, strict=True))


def _luminance(rgb: tuple[float, ...]) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(text: str, background: str) -> float:
    """WCAG 2.1 contrast ratio of `text` drawn on `background` (1 to 21)."""
    under = _rgb(background)
    lighter, darker = sorted((_luminance(_rgb(text, under)), _luminance(under)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_measure_matches_known_ratios() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1)
    assert contrast("#92C353", "#FFFFFF") == pytest.approx(2.07, abs=0.01)  # issue 14's "2.1"
    assert contrast("#C4314B", "#FFC5B2") == pytest.approx(3.57, abs=0.01)  # issue 14's "3.6"


@pytest.mark.parametrize("theme", THEMES)
def test_the_default_colours_read_on_every_background_in_every_theme(theme: str) -> None:
    text, backgrounds = THEMES[theme]
    readable = {name: text[name] for name in ("default", "subtle", "dark") if name in text}
    for name, colour in readable.items():
        for background, under in backgrounds.items():
            assert contrast(colour, under) >= AA, f"{theme}: {name} on {background}"


@pytest.mark.parametrize("colour", sorted(LOW_CONTRAST))
def test_each_colour_ruled_out_is_below_aa_somewhere(colour: str) -> None:
    worst = min(
        contrast(text[colour], under)
        for text, backgrounds in THEMES.values()
        if colour in text
        for under in backgrounds.values()
    )
    assert worst < AA


# -- every card the bot can send -----------------------------------------------------------------

Card = dict[str, Any]


def _bot_cards() -> Iterator[tuple[str, Card]]:
    for policy_id, question, _ in CASES:
        policy = POLICIES[policy_id]
        yield (
            f"answer {Path(policy_id).stem}: {question[:30]}",
            answer_card(decide(policy, question), policy),
        )
    for name, policy in POLICIES.items():
        stem = Path(name).stem
        yield f"welcome {stem}", welcome_card(policy)
        yield f"help {stem}", help_card(policy)
        yield f"ask prompt {stem}", ask_prompt_card(policy)
        yield f"ask prompt in a channel {stem}", ask_prompt_card(policy, mention="policybot")
        for registrars in ("named", "local user", "nobody"):
            for board in ("none", "here", "elsewhere"):
                card = team_welcome_card(policy, registrars=registrars, board=board)
                yield f"team welcome {stem} {registrars} {board}", card
    yield "error", error_card("7f3a9c2e")
    policy = POLICIES["socitm-template"]
    offer = decide(policy, "I accidentally pasted a resident's address into ChatGPT")
    yield "incident offer", incident_offer_card(offer)


def _board_cards() -> Iterator[tuple[str, Card]]:
    notes = [Note("Which libraries?"), Note("All twelve of them", kind="requester_answer")]
    for state, request in REQUESTS.items():
        for approver in (True, False):
            card = card_for(request, approver=approver, notes=notes, approver_ids=["29:a"])
            yield f"approval {state} {'approver' if approver else 'viewer'}", card
    notice = "AR-0007 was already decided"
    yield "approval notice", card_for(REQUESTS["pending"], approver=True, notice=notice)
    yield (
        "question for requester",
        question_for_requester_card(
            "AR-0007", "Alex Approver", "Which libraries will show the posters?"
        ),
    )
    yield "pending none", pending_card([], APPROVAL_NOW, "Waiting for a decision")
    yield "pending some", pending_card(list(REQUESTS.values()), APPROVAL_NOW, "Still waiting")
    history = [FakeNote("It was only the first paragraph"), FakeNote("Deleted", "status_note")]
    for state, fields in INCIDENT_STATES.items():
        for severity in ("critical", "high", "medium", "low"):
            for personal in ("yes", "not_sure", "no"):
                incident = replace(
                    FakeIncident(), **fields, severity=severity, personal_data=personal
                )
                for responder in (True, False):
                    card = incident_card_for(incident, history, responder_view=responder)
                    who = "responder" if responder else "viewer"
                    yield f"incident {state} {severity} personal={personal} {who}", card
    taken = replace(FakeIncident(), acknowledged_at=REPORTED + timedelta(hours=1))
    yield "incident notice", incident_card_for(taken, notice="Already acknowledged by Dee DPO")
    yield from _register_cards()
    policy = POLICIES["socitm-template"]
    yield "acknowledgement ask", acknowledgement_card(policy)
    yield "acknowledgement done", acknowledged_card(policy)


def _register_cards() -> Iterator[tuple[str, Card]]:
    from tests.cards.test_register_card import TODAY, BoardEntry, Entry

    policy = POLICIES["socitm-template"]
    yield "approved list", approved_card(policy, [Entry("AR-0001", "Midjourney", "pilot")])
    entries = [
        BoardEntry("AR-0001", "Overdue", "approved", next_review=TODAY - timedelta(days=3)),
        BoardEntry("AR-0002", "Soon", "pilot", next_review=TODAY + timedelta(days=3)),
        BoardEntry("AR-0003", "Later", "rejected", decision="rejected", conditions="No"),
    ]
    yield "register list", register_list_card(entries, policy, TODAY)
    for entry in entries:
        yield f"register entry {entry.status}", entry_card(entry, policy, TODAY, "Saved.")
    yield "register add", add_entry_card(policy, "Name the tool. Nothing was added.")


def _dialog_cards() -> Iterator[tuple[str, Card]]:
    policy = POLICIES["socitm-template"]
    approver = policy.approver_name
    rows = [
        Row("Tool", "Midjourney"),
        Row("Purpose", "make posters for library events"),
        Row("Data", "event titles and dates", note="from your question"),
        Row("Expected output", "poster images"),
    ]
    asks_for = policy.document.approval.asks_for
    question = "Can I use Midjourney to make posters for library events?"
    yield "dialog approval intro", approval_cards.intro_card(approver, question, rows, asks_for)
    classes = [option for option, _ in approval_cards.classification_options(policy)]
    yield (
        "dialog approval choice",
        approval_cards.choice_card(
            "How sensitive is that information?", [], classes, request="r1", field="classification"
        ),
    )
    skip = [approval_cards.Option("skip", "Skip")]
    yield (
        "dialog approval optional",
        approval_cards.choice_card(
            "Why do you need it? (optional)", [], skip, request="r1", field="why", numbered=False
        ),
    )
    yield "dialog approval summary", approval_cards.summary_card(approver, rows, request="r1")
    yield (
        "dialog approval submitted",
        approval_cards.submitted_card(
            "AR-0001", approver, "They will look at it this week.", "Midjourney"
        ),
    )
    option = incident_cards.Option
    lines = ["Thank you for telling me.", "There is no penalty for reporting an honest mistake."]
    yield "dialog incident intro", incident_cards.intro_card(lines, rows[:2])
    yes_no = [option("yes", "Yes"), option("no", "No"), option("not_sure", "Not sure")]
    yield (
        "dialog incident choice",
        incident_cards.choice_card(
            "Was personal data involved?", yes_no, report="i1", field="personal", hint="Best guess"
        ),
    )
    kinds = [option("personal", "Personal details"), option("children", "Children's data")]
    yield (
        "dialog incident kinds",
        incident_cards.kinds_card(
            "What kind of data?", kinds, report="i1", field="kinds", hint="Choose any that apply"
        ),
    )
    yield "dialog incident resume", incident_cards.resume_card(rows, report="i1", saved="today")
    for severity in ("critical", "high", "medium", "low"):
        yield (
            f"dialog incident summary {severity}",
            incident_cards.summary_card(
                rows, severity, ["personal data went into a public AI tool"], report="i1"
            ),
        )
    for told in (True, False):
        yield (
            f"dialog incident submitted told={told}",
            incident_cards.submitted_card("INC-0001", ["I've told the board."], told=told),
        )


CARDS = dict([*_bot_cards(), *_board_cards(), *_dialog_cards()])


def problems(card: Card) -> list[str]:
    """Text in a colour Teams draws at low contrast, and Cancel-like buttons styled destructive,
    anywhere in the card: ShowCard sub-cards and Execute fallbacks included."""
    found = []
    for element in elements(card):
        kind = element["type"]
        colour = str(element.get("color", "default")).lower()
        if kind in ("TextBlock", "TextRun") and colour in LOW_CONTRAST:
            found.append(f"{kind} {element.get('text', '')!r} is coloured {colour}")
        title = str(element.get("title", ""))
        destructive = str(element.get("style", "")).lower() == "destructive"
        if kind.startswith("Action.") and destructive and CANCEL_LIKE.match(title.strip()):
            found.append(f"{kind} {title!r} is styled destructive")
    return found


@pytest.mark.parametrize("name", list(CARDS))
def test_no_card_colours_its_text_or_makes_cancel_destructive(name: str) -> None:
    assert problems(CARDS[name]) == []


def test_the_catalogue_holds_every_kind_of_card() -> None:
    """Each builder's cards are in CARDS (a new builder must be added to the walk)."""
    kinds = {
        "answer", "welcome", "help", "ask prompt", "team welcome", "error", "incident offer",
        "approval", "question for requester", "pending", "incident", "dialog approval intro",
        "dialog approval choice", "dialog approval summary", "dialog approval submitted",
        "dialog incident intro", "dialog incident choice", "dialog incident kinds",
        "dialog incident resume", "dialog incident summary", "dialog incident submitted",
        "approved list", "register list", "register entry", "register add",
        "acknowledgement ask", "acknowledgement done",
    }  # fmt: skip
    missing = {kind for kind in kinds if not any(name.startswith(kind) for name in CARDS)}
    assert not missing
    breach = [c for n, c in CARDS.items() if n.startswith("incident ") and "personal=yes" in n]
    assert any("Possible personal data breach" in str(card) for card in breach)


def test_the_check_finds_coloured_text_and_a_red_cancel() -> None:
    card = {
        "type": "AdaptiveCard",
        "body": [
            {"type": "TextBlock", "text": "Sent", "color": "Good"},
            {"type": "RichTextBlock",
             "inlines": [{"type": "TextRun", "text": "x", "color": "accent"}]},
            {"type": "TextBlock", "text": "Fine", "color": "default"},
        ],
        "actions": [
            {"type": "Action.Submit", "title": "Cancel", "style": "destructive"},
            {"type": "Action.Submit", "title": "3. Not now", "style": "destructive"},
            {"type": "Action.Execute", "title": "Reject", "style": "destructive"},
        ],
    }  # fmt: skip
    assert problems(card) == [
        "TextBlock 'Sent' is coloured good",
        "TextRun 'x' is coloured accent",
        "Action.Submit 'Cancel' is styled destructive",
        "Action.Submit '3. Not now' is styled destructive",
    ]


@pytest.mark.parametrize(
    "name",
    [
        n
        for n in CARDS
        if n.startswith(("team welcome", "ask prompt", "acknowledgement", "register", "approved"))
    ],
)
def test_the_new_cards_are_valid(name: str) -> None:
    assert_valid_card(CARDS[name])
