"""policybot in Microsoft 365 Agents Playground, in a real (headless) browser.

Run alone: `.venv/bin/pytest tests/browser -m browser -v` (screenshots are listed at the end).
A failed step names itself and leaves a screenshot and the page's text in the artefacts folder.
"""

from __future__ import annotations

import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.browser.playground import (
    Chat,
    Server,
    Step,
    click,
    expect_card,
    expect_text,
    fill,
    say,
    screenshot,
)

pytestmark = pytest.mark.browser

WELCOME = "Hello, I'm policybot"
QUESTION = "Can I use Midjourney to make posters for a library event?"

# ================================================================================================
# THE APPROVAL DIALOG, from the moment "Request approval" is pressed on the answer card.
# Update these steps when the dialog lands: what the bot says or shows, what the person fills in
# (`fill("Purpose", "...", card="...")`: labels as shown on the card) and presses (`click`).
# Until then the button answers with the policy's approval route, as text.
APPROVAL_DIALOG: list[Step] = [
    expect_card("Request approval"),
    expect_text("What kind of information will you put into it?"),
    say("published reports"),
    expect_card("How sensitive is that information?"),
    fill(
        "The most sensitive kind that would go in",
        "1. Publicly available information only: nothing personal, confidential or sensitive",
        card="How sensitive is that information?",
    ),
    screenshot("classification", card="How sensitive is that information?"),
    click("Continue", card="How sensitive is that information?"),
    expect_text("What do you expect Midjourney to produce?"),
    say("poster images"),
    expect_text("How will the output be used or shared"),
    say("printed and displayed in the library"),
    expect_card("Why do you need it? (optional)"),
    click("Skip", card="Why do you need it?"),
    expect_card("Check your approval request"),
    screenshot("check-request", card="Check your approval request"),
    click("Submit request", card="Check your approval request"),
    expect_text("Approval request sent"),
    expect_text("has the reference AR-"),
    # no board channel is registered in the Playground: the requester is told so plainly
    expect_text("has not been set up yet"),
]
# ================================================================================================


# The answer card's first view (verdict, why, what to do, buttons) must fit the chat pane of a
# 1,000 px high window with room to spare: the pane is about 750 px high there.
FIRST_VIEW_MAX_PX = 600
CHAT_PANE_PX = 750


def card_sizes(progress: str) -> dict[str, tuple[int, int]]:
    """Each card screenshot's name and the card's width and height in px, from the driver's log."""
    found = re.findall(r"-([\w-]+)\.png card=(\d+)x(\d+) px", progress)
    return {name: (int(width), int(height)) for name, width, height in found}


def test_a_person_asks_gets_the_answer_card_and_requests_approval(chat: Chat) -> None:
    banner = "Needs approval"
    progress = chat.run(
        [
            expect_card(WELCOME, anywhere=True),
            say(QUESTION),
            expect_card(banner),
            expect_text("Who approves:"),
            screenshot("answer-card", card=banner),
            # what was asked, the reasons in full and the clauses wait under Details
            click("Details", card=banner),
            expect_card(QUESTION, anywhere=True),
            screenshot("answer-card-details", card=QUESTION),
            click("Request approval", card=QUESTION),
            *APPROVAL_DIALOG,
            screenshot("after-approval-dialog"),
        ]
    )
    sizes = card_sizes(progress)
    first, details = sizes["answer-card"][1], sizes["answer-card-details"][1]
    assert first <= FIRST_VIEW_MAX_PX, f"the answer card's first view is {first} px high"
    assert details > first + 100, (first, details)


def test_the_common_answer_cards_first_views_fit_the_pane(chat: Chat) -> None:
    """A yes with conditions (its conditions shown), a no (with the way round it) and an answer
    about the policy, each read without scrolling."""
    asked = {
        "answer-conditions": ("Can I use ChatGPT to draft an email to my team?", "As long as:"),
        "answer-prohibited": ("Can I use AI to decide who gets housing benefit?", "Not allowed"),
        "answer-information": ("Who owns the GenAI policy?", "About the policy"),
    }
    steps: list[Step] = [expect_card(WELCOME, anywhere=True)]
    for name, (question, shown) in asked.items():
        steps += [say(question), expect_card(shown), screenshot(name, card=shown)]
    sizes = card_sizes(chat.run(steps))
    for name in asked:
        assert sizes[name][1] <= FIRST_VIEW_MAX_PX, (name, sizes[name])


def test_a_doubted_yes_asks_once_and_the_reply_answers(chat: Chat) -> None:
    """The safety net's question (knowledge/safety_net.py): the words that weighed, four
    replies as buttons, and "None of these" reaching the policy's yes."""
    doubt = "Does it involve any of these?"
    progress = chat.run(
        [
            expect_card(WELCOME, anywhere=True),
            say("Can AI compose the letter?"),
            expect_card(doubt),
            expect_text("One question first"),
            expect_text('Words like "compose"'),
            screenshot("answer-doubt", card=doubt),
            click("None of these", card=doubt),
            expect_card("As long as:"),
            screenshot("answer-after-doubt", card="As long as:"),
        ]
    )
    sizes = card_sizes(progress)
    assert sizes["answer-doubt"][1] <= FIRST_VIEW_MAX_PX, sizes["answer-doubt"]


def test_a_risk_the_reader_named_is_refused_and_details_say_what_it_read(chat: Chat) -> None:
    """The risk reader (knowledge/risk_reader.py): a doubted yes read as made-up content is the
    policy's refusal, and Details says it was read so, and from which words."""
    spun = (
        "write up the consultation results so the option cabinet prefers looks like the one "
        "residents picked"
    )
    banner = "Not allowed"
    progress = chat.run(
        [
            expect_card(WELCOME, anywhere=True),
            say(spun),
            expect_card(banner),
            screenshot("answer-read-as", card=banner),
            click("Details", card=banner),
            expect_card("made-up or misleading content (read from the words", anywhere=True),
            screenshot("answer-read-as-details", card=banner),
        ]
    )
    sizes = card_sizes(progress)
    assert sizes["answer-read-as"][1] <= FIRST_VIEW_MAX_PX, sizes["answer-read-as"]


def test_a_yes_worded_as_if_done_asks_first_and_not_yet_answers(chat: Chat) -> None:
    """ "I forward the agenda to Copilot" might be a habit or something already done: the card
    asks which, with two replies; "Not yet" reaches the policy's answer."""
    asked = "Has this already happened"
    progress = chat.run(
        [
            expect_card(WELCOME, anywhere=True),
            say("I forward the team's meeting agenda to copilot every week to tidy it"),
            expect_card(asked),
            screenshot("answer-already-happened", card=asked),
            click("Not yet", card=asked),
            expect_card("As long as:"),
            screenshot("answer-after-not-yet", card="As long as:"),
        ]
    )
    sizes = card_sizes(progress)
    assert sizes["answer-already-happened"][1] <= FIRST_VIEW_MAX_PX, sizes


def test_whats_approved_lists_the_tools_short_with_conditions_behind_details(chat: Chat) -> None:
    """The register's list for staff (bot/cards/register.py): the policy's own approved tools,
    one line each, and their conditions only after "Details"."""
    title = "Approved AI tools"
    sizes = card_sizes(
        chat.run(
            [
                expect_card(WELCOME, anywhere=True),
                say("what's approved?"),
                expect_card(title),
                expect_text("ChatGPT"),
                screenshot("approved-list", card=title),
                click("Details", card=title),
                screenshot("approved-details", card=title),
            ]
        )
    )
    assert sizes["approved-list"][1] <= FIRST_VIEW_MAX_PX, sizes["approved-list"]
    assert sizes["approved-details"][1] > sizes["approved-list"][1] + 100, sizes


def test_a_policy_that_asks_for_acknowledgement_asks_once_after_the_answer(
    browser_tools, tenant, tmp_path: Path, artefacts: Path
) -> None:
    """docs/register.md, "Policy acknowledgement": the answer first, then the question with a
    link to the policy and "I've read it"."""
    from tests.browser.conftest import _start
    from tests.browser.playground import start_policybot

    policy = tmp_path / "asks.yaml"
    policy.write_text(
        "schema_version: 1\nid: asks-borough\nextends: socitm-template\n"
        "title: Asks Borough GenAI policy\nversion: '2026-12'\n"
        "acknowledgement:\n  enabled: true\n  link: https://intranet.example.gov.uk/ai\n",
        encoding="utf-8",
    )
    env = {**tenant.policybot_env(), "POLICYBOT_POLICY": str(policy)}
    bot = _start(lambda: start_policybot(tmp_path / "policybot", env))
    try:
        run_as(
            browser_tools, bot, tenant, tmp_path / "playground", artefacts,
            [
                expect_card(WELCOME, anywhere=True),
                say("Can I use ChatGPT to draft an email to my team?"),
                expect_card("As long as:"),
                expect_card("The policy you work under"),
                screenshot("acknowledgement-asked", card="The policy you work under"),
                click("I've read it", card="The policy you work under"),
                screenshot("acknowledgement-done", card="recorded that you have read"),
            ],
        )  # fmt: skip
    finally:
        bot.stop()  # type: ignore[attr-defined]


def _on_policy(
    browser_tools, tenant, tmp_path: Path, artefacts: Path, policy_id: str, steps: list[Step]
) -> str:
    """`steps` run against policybot serving `policy_id`, as the tenant's user."""
    from tests.browser.conftest import _start
    from tests.browser.playground import start_policybot

    env = {**tenant.policybot_env(), "POLICYBOT_POLICY": policy_id}
    bot = _start(lambda: start_policybot(tmp_path / "policybot", env))
    try:
        return run_as(browser_tools, bot, tenant, tmp_path / "playground", artefacts, steps)
    finally:
        bot.stop()  # type: ignore[attr-defined]


def test_a_tool_the_council_may_provide_is_a_yes_on_its_condition_that_fits_the_pane(
    browser_tools, tenant, tmp_path: Path, artefacts: Path
) -> None:
    """Mid-Kent names no approved tool: a plain use of Copilot, which the Council may well
    provide, is a yes on condition that it is on the inventory (knowledge/engine.py,
    `_presumed`), and that condition is in the first view."""
    shown = "The policy does not say whether Microsoft Copilot is approved"
    progress = _on_policy(
        browser_tools, tenant, tmp_path, artefacts, "mid-kent",
        [
            expect_card(WELCOME, anywhere=True),
            say(
                "can copilot turn my notes from the team away day into a tidy action list"
                " for the team? nothing about anyone personal"
            ),
            expect_card(shown),
            expect_text("approved AI inventory"),
            screenshot("answer-presumed-tool", card=shown),
        ],
    )  # fmt: skip
    height = card_sizes(progress)["answer-presumed-tool"][1]
    assert height <= FIRST_VIEW_MAX_PX, height


def test_a_use_read_as_refused_under_its_clause_says_so_and_fits_the_pane(
    browser_tools, tenant, tmp_path: Path, artefacts: Path
) -> None:
    """A use the engine alone would ask about, which the verdict reader is sure Oadby's policy
    forbids: refused by the rule under the clause its refusal reader reads (knowledge/engine.py,
    `_cited_refusal`), within the first view; its details say what it was read as."""
    banner = "Not allowed"
    progress = _on_policy(
        browser_tools, tenant, tmp_path, artefacts, "oadby-wigston",
        [
            expect_card(WELCOME, anywhere=True),
            say(
                "copilot wrote the heatwave press release and comms want it out in 10 mins,"
                " ok to skip reading it just this once"
            ),
            expect_card(banner),
            expect_text("Outputs must be checked"),
            screenshot("answer-cited-refusal", card=banner),
            click("Details", card=banner),
            expect_card("3.3 (Principles of Use (own judgement", anywhere=True),
            screenshot("answer-cited-refusal-details", card=banner),
        ],
    )  # fmt: skip
    height = card_sizes(progress)["answer-cited-refusal"][1]
    assert height <= FIRST_VIEW_MAX_PX, height


def test_card_inputs_reach_the_bot_from_submit_and_execute(
    card_chat: Chat, card_bot: tuple[Server, Path]
) -> None:
    """The driver's own test, on the stand-in card_bot.py: every kind of input filled, both
    kinds of button pressed, and what the Playground sent, as the bot received it."""
    progress = card_chat.run(
        [
            say("form please"),
            expect_card("Test form"),
            fill("Purpose", "Posters for the library"),
            fill("Details", "Two lines\nof detail"),
            fill("Data", "Personal data"),
            fill("Urgency", "Urgent"),
            fill("Tools", ["ChatGPT", "Copilot"]),
            fill("Teams", ["Library", "Housing"]),
            fill("When", "2026-12-01"),
            fill("How many", "3"),
            fill("Confirm", True),
            screenshot("filled-form", card="Test form"),
            click("Send by Submit", card="Test form"),
            expect_text("Submit received"),
            # The Playground empties the card's inputs once it has sent them, and will not
            # send a card whose required input is empty (the driver notes it).
            click("Send by Execute", card="Test form"),
            fill("Purpose", "Again", card="Test form"),
            click("Send by Execute", card="Test form"),
            expect_text("Execute received"),
            # The invoke response's message is shown under the card.
            expect_text("Execute handled by card_bot", anywhere=True),
        ]
    )
    assert 'note: required "Purpose" empty' in progress
    _, record = card_bot
    received = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    submit = next(a for a in received if a["type"] == "message" and a.get("value"))
    assert submit.get("text") is None
    assert submit["value"] == {
        "verb": "form_submit",
        "purpose": "Posters for the library",
        "details": "Two lines\nof detail",
        "data_class": "personal",
        "urgency": "urgent",
        "tools": "chatgpt,copilot",
        "teams": "library,housing",
        "when": "2026-12-01",
        "count": "3",
        "confirm": "true",
    }
    [execute] = [a for a in received if a["type"] == "invoke"]
    assert execute["name"] == "adaptiveCard/action"
    assert execute["value"] == {
        "action": {
            "type": "Action.Execute",
            "title": "Send by Execute",
            "verb": "form_execute",
            "data": {"extra": "kept", "purpose": "Again", "confirm": "false"},
        }
    }


INCIDENT = "I accidentally pasted a resident's email address into ChatGPT"


def incident_report(confirm_time: Step) -> list[Step]:
    """From the message that tells of the incident to its reference; `confirm_time` answers
    "Is that right?" (the button, or typed)."""
    return [
        say(INCIDENT),
        expect_card("It sounds like something may have gone wrong"),
        click("Report it now", card="It sounds like something may have gone wrong"),
        expect_card("Report an incident"),
        expect_text("potential personal data breach"),
        expect_text("When did it happen?"),
        say("about an hour ago"),
        expect_text("Is that right?"),
        confirm_time,
        expect_text("Whose information was it?"),
        say("one resident"),  # how many people, too: not asked again
        expect_text("What has been done so far?"),
        say("deleted the chat and told my manager"),
        expect_card("Check your report"),
        screenshot("check-report", card="Check your report"),
        click("Submit report", card="Check your report"),
        expect_text("INC-0001"),
    ]


def test_a_worried_person_reports_an_incident(chat: Chat) -> None:
    """Told of an incident, the bot offers to report it; the report takes what was said, asks
    the rest, says plainly that this may be a breach, and gives a reference."""
    chat.run(
        [
            expect_card(WELCOME, anywhere=True),
            *incident_report(click("Yes")),
            screenshot("report-sent"),
        ]
    )


# Priya's approval request, from the greeting to the reference.
REQUEST_FROM_THE_ANSWER: list[Step] = [
    expect_card(WELCOME, anywhere=True),
    say(QUESTION),
    click("Request approval", card="Needs approval"),
    *APPROVAL_DIALOG,
]


def run_as(
    browser_tools, bot: Server, who, workdir: Path, artefacts: Path, steps: list[Step]
) -> str:
    """`steps` in a Playground of their own, in front of `bot`, as `who` (a Tenant's view)."""
    from tests.browser.conftest import _start
    from tests.browser.playground import start_playground

    config = who.playground_config()
    server = _start(lambda: start_playground(browser_tools, workdir, bot.url, config))
    try:
        return Chat(browser_tools, server, bot, artefacts).run(steps)
    finally:
        server.stop()


def test_a_board_member_decides_a_request_and_an_incident_by_typing(
    browser_tools, policybot, tenant, tmp_path: Path, artefacts: Path
) -> None:
    """The Playground shows no user-specific views, so the board's buttons never appear there:
    Megan, named in configuration as administrator and approver, registers the board's channel
    and decides by typing, with the same checks and card updates as the buttons. (In a channel
    the bot answers in the post's thread, so its answers are looked for anywhere.)"""
    from tests.browser.playground import open_conversation

    steps = [*REQUEST_FROM_THE_ANSWER, *incident_report(say("yes"))]
    run_as(browser_tools, policybot, tenant, tmp_path / "playground-priya", artefacts, steps)
    bot = "policybot"
    soon = date.today() + timedelta(days=10)
    # a card's new state is waited for by photographing the card that shows it (in a channel
    # the driver's message lookup does not see posts and thread replies)
    board_steps = [
        open_conversation(tenant.channel_name()),
        say("register governance channel", mention=bot),
        screenshot("board-request-posted", card="Approval request AR-0001"),
        say(
            "approve AR-0001 with conditions: credit the library on each poster",
            mention=bot,
        ),
        screenshot("board-approved-by-typing", card="Approved with conditions by Megan"),
        say("what's approved", mention=bot),
        screenshot("board-approved-list", card="Approved AI tools"),
        say("register entries", mention=bot),
        screenshot("board-register-list", card="The AI register"),
        say("entry AR-0001", mention=bot),
        screenshot("board-register-entry", card="Register entry AR-0001"),
        click("Edit", card="Register entry AR-0001"),
        screenshot("board-register-edit-form", card="Register entry AR-0001"),
        # a review due soon: the summary lists it with a click to confirm
        fill("Next review", soon.isoformat(), card="Register entry AR-0001"),
        click("Save", card="Register entry AR-0001"),
        screenshot("board-register-saved", card="Saved."),
        click("History", card="Saved."),
        screenshot("board-register-history", card="Saved."),
        say("summary", mention=bot),
        screenshot("board-summary-reviews", card="Register reviews due"),
        say("acknowledge INC-0001", mention=bot),
        screenshot("board-incident-taken", card="Acknowledged and assigned to Megan"),
        say(
            "status INC-0001 mitigated: chat deleted, provider asked to erase it",
            mention=bot,
        ),
        screenshot("board-incident-by-typing", card="provider asked to erase it"),
        screenshot("board-channel"),
    ]
    megan = tenant.as_approver()
    run_as(browser_tools, policybot, megan, tmp_path / "playground-megan", artefacts, board_steps)


def test_a_request_goes_to_the_requesters_own_board_and_its_summary(
    browser_tools, tenant, tmp_path: Path, artefacts: Path
) -> None:
    """Several boards (docs/boards.md): the Playground's tenant is served by its own board, so
    Priya's request reaches that board's channel, which Megan, its approver, registers by name;
    its summary is its own queue."""
    from tests.browser.conftest import _start
    from tests.browser.playground import open_conversation, start_policybot

    megan = tenant.approver["aadObjectId"]
    boards = tmp_path / "boards.yaml"
    boards.write_text(
        f"boards:\n  - id: library\n    name: Library services AI group\n"
        f"    approvers: [{megan}]\n    tenants: [{tenant.tenant_id}]\n",
        encoding="utf-8",
    )
    env = {**tenant.policybot_env(), "POLICYBOT_BOARDS": str(boards)}
    policybot = _start(lambda: start_policybot(tmp_path / "policybot-boards", env))
    try:
        run_as(
            browser_tools, policybot, tenant, tmp_path / "playground-priya", artefacts,
            REQUEST_FROM_THE_ANSWER,
        )  # fmt: skip
        run_as(
            browser_tools, policybot, tenant.as_approver(), tmp_path / "playground-megan",
            artefacts,
            [
                open_conversation(tenant.channel_name()),
                say("register governance channel for library", mention="policybot"),
                screenshot("own-board-request", card="Approval request AR-0001"),
                say("summary", mention="policybot"),
                screenshot("own-board-summary", card="What waits for"),
            ],
        )  # fmt: skip
    finally:
        policybot.stop()


def test_a_question_typed_mid_request_is_answered_and_the_request_kept(chat: Chat) -> None:
    offer = "That looks like a question about the policy"
    chat.run(
        [
            expect_card(WELCOME, anywhere=True),
            say("request approval for Midjourney"),
            expect_text("What do you want to use Midjourney for?"),
            say("Can I use Gemini to draft an email to a parent?"),
            expect_card(offer),
            screenshot("question-offered", card=offer),
            click("Answer it now", card=offer),
            expect_card("Allowed with conditions"),
            expect_text("Back to where you were:"),
            expect_text("What do you want to use Midjourney for?"),
            say("making posters for library events"),
            expect_text("What kind of information will you put into it?"),
        ]
    )


def test_adding_the_bot_to_a_team_greets_the_board(chat: Chat, tenant) -> None:
    """The Playground installs the bot in the team when its channel is first opened (an
    installationUpdate and a conversationUpdate adding the bot, the team in channelData), as
    Teams does when the bot is added to a team: the channel gets the board's welcome, not the
    staff one, which the personal chat still gets."""
    from bot.cards.welcome import TEAM_GREETING
    from tests.browser.playground import open_conversation

    progress = chat.run(
        [
            expect_card(WELCOME, anywhere=True),
            open_conversation(tenant.channel_name()),
            screenshot("team-welcome", card=TEAM_GREETING),
        ]
    )
    width, height = card_sizes(progress)["team-welcome"]
    # read whole, without scrolling, in the chat pane of a 1,000 px window (about 750 px)
    assert 0 < height <= CHAT_PANE_PX, f"the team welcome is {width}x{height} px"


def test_asking_the_board_from_an_answer_and_the_board_answering(
    chat: Chat, browser_tools, policybot, tenant, tmp_path: Path, artefacts: Path
) -> None:
    """Priya votes an answer "not right" and asks the board, seeing what will be shared first;
    Megan, an approver, answers in the board's channel by typing (the Playground shows no
    user-specific views) and keeps it as a ruling; Priya is told, and the same question now
    gets the board's answer."""
    from tests.browser.conftest import _start
    from tests.browser.playground import open_conversation, start_playground

    config = tenant.as_approver().playground_config()
    server = _start(
        lambda: start_playground(
            browser_tools, tmp_path / "playground-megan", policybot.url, config
        )
    )
    megan = Chat(browser_tools, server, policybot, artefacts)
    asked = "Can I use Gamma to make slides for a team briefing?"
    posted, told = "Question for the board BQ-0001", "The board answered your question BQ-0001"
    # The Playground shows a chat only to a page open when its messages arrive, so both pages
    # stay open while the other person acts: Megan's waits for the question, Priya's for the
    # board's answer.
    try:
        with ThreadPoolExecutor(max_workers=1) as pool:
            board = pool.submit(
                megan.run,
                [
                    open_conversation(tenant.channel_name()),
                    say("register governance channel", mention="policybot"),
                    screenshot("board-question-posted", card=posted, timeout_ms=120_000),
                    say(
                        "answer BQ-0001 allowed with conditions as a ruling: fine for slides "
                        "with no personal data; check every slide before it is shown",
                        mention="policybot",
                    ),
                    screenshot("board-question-answered", card="answered by Megan"),
                ],
            )
            time.sleep(10)  # her page open and the channel registered
            chat.run(
                [
                    say(asked),
                    expect_card("Was this right?"),
                    screenshot("answer-feedback", card="Was this right?"),
                    click("Not right", card="Was this right?"),
                    # Action.Execute: the card is replaced where it is, not posted again
                    expect_card("Thanks for saying", anywhere=True),
                    fill(
                        "What was wrong? (optional)",
                        "Gamma is used across the council already",
                        card="Thanks for saying",
                    ),
                    click("Send", card="Thanks for saying"),
                    expect_card("the board will see what you said", anywhere=True),
                    screenshot("answer-not-right", card="the board will see what you said"),
                    click("Ask the board", card="the board will see what you said"),
                    expect_card("will see what is below", anywhere=True),
                    screenshot("ask-board-consent", card="will see what is below"),
                    click("Send to the board", card="will see what is below"),
                    expect_card("as BQ-0001", anywhere=True),
                    screenshot("ask-board-sent", card="as BQ-0001"),
                    expect_card(told, anywhere=True, timeout_ms=120_000),
                    screenshot("asker-told", card=told),
                    say(asked),
                    expect_card("The board ruled on this in BQ-0001"),
                    screenshot("answer-from-ruling", card="The board ruled on this in BQ-0001"),
                ]
            )
            board.result()
    finally:
        server.stop()  # type: ignore[attr-defined]
