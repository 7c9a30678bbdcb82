"""IncidentReportDialog turn by turn on botbuilder's core TestAdapter: what it asks, what it
says about personal data, how it keeps drafts, and what it submits."""

from __future__ import annotations

from typing import Any

import pytest
from botbuilder.core import MemoryStorage

from dialogs.incident_report_dialog import (
    IncidentPrefill,
    is_report_command,
    parse_addition,
    parse_answer,
    recognise_incident,
)
from knowledge import decide, load_policy
from tests.cards.card_checks import assert_valid_card, misplaced
from tests.dialogs.helpers import JsonStorage

from .incident_helpers import BOARD, IncidentBot, RecordingSubmit, button, cards, said

MID_KENT = load_policy("mid-kent")  # no penalty for honest mistakes; names its DPO
SOCITM = load_policy("socitm-template")  # no such promise
DPO = "the Data Protection Officer"
PASTED = "I accidentally pasted a resident's email into ChatGPT"

# The questions, as the reporter sees them (enough of each to recognise it).
ASK_WHAT = "What happened?"
ASK_TOOL = "Which AI tool was it?"
ASK_WHEN = "When did it happen?"
ASK_INVOLVED = "Was any personal, sensitive or confidential information involved?"
ASK_KINDS = "What kind of information was it?"
ASK_WHOSE = "Whose information was it?"
ASK_HOW_MANY = "Roughly how many people are affected?"
ASK_DONE = "What has been done so far?"
SUMMARY = "Check your report"

# A report from an empty start, answer by answer, with the question each answer meets.
STEPS: list[tuple[str, str]] = [
    (ASK_WHAT, "I pasted something I should not have into an AI chat"),
    (ASK_TOOL, "ChatGPT"),
    (ASK_WHEN, "yesterday at 3pm"),
    ("Is that right?", "yes"),
    (ASK_INVOLVED, "yes"),
    (ASK_KINDS, "1"),
    (ASK_WHOSE, "residents on the estate"),
    (ASK_HOW_MANY, "one"),
    (ASK_DONE, "Deleted the chat"),
]


def make_bot(policy=SOCITM, told=(BOARD,), storage=None, conversation="a:1") -> IncidentBot:
    return IncidentBot(policy, RecordingSubmit(told), storage, conversation)


async def answer_until(bot: IncidentBot, question: str) -> list[Any]:
    """Start an empty report and answer STEPS until `question` is the one being asked."""
    replies = await bot.start()
    for asked, reply in STEPS:
        assert asked in said(replies), (asked, said(replies))
        if asked == question:
            return replies
        replies = await bot.say(reply)
    assert question in said(replies)
    return replies


async def submit(bot: IncidentBot, replies: list[Any]) -> list[Any]:
    return await bot.press(button(replies, "submit"))


# -- starting from what people type -------------------------------------------------------------


async def test_a_natural_start_prefills_the_tool_and_personal_data_and_does_not_ask_again():
    bot = make_bot(MID_KENT, told=(BOARD, DPO))
    prefill = IncidentPrefill.from_decision(decide(MID_KENT, PASTED))
    transcript = [await bot.start(prefill, PASTED)]
    intro = cards(transcript[0])[0]
    assert "From what you said" in said(transcript[0])
    assert misplaced(intro, PASTED) == []  # quoted as typed, never as markdown
    for reply in ("yesterday at 3pm", "yes", "one resident", "told my manager"):
        transcript.append(await bot.say(reply))
    everything = "\n".join(said(r) for r in transcript)
    assert ASK_WHAT not in everything and ASK_TOOL not in everything
    assert ASK_INVOLVED not in everything and ASK_KINDS not in everything
    assert ASK_HOW_MANY not in everything  # "a resident's email": one person
    assert "from your message" in said(transcript[-1])
    await submit(bot, transcript[-1])
    [draft] = bot.submit.drafts
    assert (draft.description, draft.tool) == (PASTED, "ChatGPT")
    assert (draft.personal_data, draft.data_kinds) == ("yes", ("personal",))
    assert draft.severity == "high"
    assert draft.severity_reasons == ("personal data went into a public AI tool: high",)


async def test_the_personal_data_path_says_breach_dpo_deadline_and_what_to_do_now():
    bot = make_bot(MID_KENT, told=(BOARD, DPO))
    replies = await bot.start(IncidentPrefill.from_decision(decide(MID_KENT, PASTED)), PASTED)
    text = said(replies)
    assert "There is no penalty for reporting an honest mistake promptly." in text
    assert "Because personal data is involved, this is a potential personal data breach." in text
    assert f"When you submit this report, {DPO} will be told straight away." in text
    assert "Information Commissioner's Office (ICO) within 72 hours" in text
    assert "by Sunday 29 November at 15:42" in text  # Thursday 15:42 + 72 hours, UK time
    assert "don't delete anything" in text and "note down what was shared, where and when" in text
    for reply in ("yesterday at 3pm", "yes", "one resident", "Deleted the chat"):
        replies = await bot.say(reply)
    done = said(await submit(bot, replies))
    assert "INC-0001" in done
    assert f"I've told {BOARD} and {DPO}." in done
    assert f"{DPO[0].upper()}{DPO[1:]} will decide whether it needs reporting to the ICO" in done
    assert 'type "add to INC-0001:"' in done
    assert bot.results == [{"reference": "INC-0001", "told": [BOARD, DPO]}]


async def test_not_sure_about_personal_data_is_treated_as_a_possible_breach() -> None:
    bot = make_bot(SOCITM, told=(BOARD, "the data protection officer (DPO)"))
    await answer_until(bot, ASK_INVOLVED)
    replies = await bot.say("I'm not sure")
    text = said(replies)
    assert "Because personal data may be involved, this could be a personal data breach." in text
    assert "the data protection officer (DPO) will be told straight away" in text
    assert ASK_WHOSE in text  # asked whose, even though unsure
    assert "no penalty" not in text


async def test_the_no_personal_data_path_has_no_breach_wording_or_promise_the_policy_lacks():
    bot = make_bot(SOCITM)
    message = "copilot made up a figure that went into a committee report"
    transcript = [await bot.start(IncidentPrefill.from_decision(decide(SOCITM, message)), message)]
    assert ASK_TOOL not in said(transcript[0])  # "copilot made up ..." named the tool
    for reply in ("this morning", "yes", "no", "hundreds", "nothing yet"):
        transcript.append(await bot.say(reply))
    everything = "\n".join(said(r) for r in transcript)
    assert ASK_WHOSE not in everything and ASK_KINDS not in everything
    assert "breach" not in everything and "ICO" not in everything
    assert "no penalty" not in everything
    assert "Severity: medium" in said(transcript[-1])
    await submit(bot, transcript[-1])
    [draft] = bot.submit.drafts
    assert (draft.personal_data, draft.data_kinds, draft.data_subjects) == ("no", (), "")
    assert (draft.people_affected, draft.people_affected_count) == ("hundreds", 200)
    assert draft.severity_reasons == ("AI output or data was sent out or published: medium",)


async def test_a_report_command_starts_empty() -> None:
    bot = make_bot()
    prefill = IncidentPrefill.from_decision(decide(SOCITM, "report an incident"))
    assert prefill.what_happened == ""
    replies = await bot.start(prefill)
    assert ASK_WHAT in said(replies) and "From what you said" not in said(replies)


# -- the time, confirmed back --------------------------------------------------------------------


async def test_the_time_is_confirmed_back_and_yes_keeps_it() -> None:
    bot = make_bot()
    await answer_until(bot, ASK_WHEN)
    replies = await bot.say("yesterday afternoon")
    assert "I've noted Wednesday 25 November, in the afternoon. Is that right?" in said(replies)
    replies = await bot.press(button(replies, "yes"))
    assert ASK_INVOLVED in said(replies)
    draft = await bot.draft()
    assert draft["answers"]["when"]["text"] == "Wednesday 25 November 2026, in the afternoon"


async def test_no_asks_for_the_time_again() -> None:
    bot = make_bot()
    await answer_until(bot, ASK_WHEN)
    await bot.say("14:30")
    replies = await bot.say("no")
    assert "When did it happen, then?" in said(replies)
    replies = await bot.say("last Friday at 5pm")
    assert "I've noted Friday 20 November, around 5pm. Is that right?" in said(replies)
    await bot.say("yes")
    for _, reply in STEPS[4:]:
        replies = await bot.say(reply)
    await submit(bot, replies)
    [draft] = bot.submit.drafts
    assert draft.occurred_text == "Friday 20 November 2026, around 5pm"
    assert draft.occurred_at is not None and draft.occurred_at.isoformat() == (
        "2026-11-20T17:00:00+00:00"
    )


async def test_not_sure_when_is_kept_as_said_without_a_confirmation() -> None:
    bot = make_bot()
    await answer_until(bot, ASK_WHEN)
    replies = await bot.say("I really don't know")
    assert ASK_INVOLVED in said(replies) and "Is that right?" not in said(replies)
    assert (await bot.draft())["answers"]["when"] == {
        "at": None, "precision": None, "text": "I really don't know",
    }  # fmt: skip


# -- re-prompts: each answer is checked, and the reason given ----------------------------------


@pytest.mark.parametrize(
    ("question", "bad", "reason"),
    [
        (ASK_WHAT, "", "I didn't get any text there."),
        (ASK_TOOL, "x" * 101, "That is 101 characters"),
        (ASK_WHEN, "room 101", 'I couldn\'t read "room 101" as a day or a time.'),
        (ASK_WHEN, "at 5pm", '5pm today is still to come. If it was yesterday, say "yesterday'),
        ("Is that right?", "perhaps", 'Please say "yes" if that time is right'),
        (ASK_INVOLVED, "purple", 'Please answer "yes", "no" or "not sure"'),
        (ASK_KINDS, "purple", "I couldn't match that to the list"),
        (ASK_KINDS, "9", "Please use numbers from 1 to 5."),
        (ASK_WHOSE, "y" * 501, "That is 501 characters"),
        (ASK_HOW_MANY, "the usual", "I couldn't find a number in that."),
        (ASK_DONE, "z" * 1001, "That is 1001 characters"),
        (SUMMARY, "purple", 'Please say "submit", "change" or "cancel"'),
    ],
)
async def test_each_answer_is_checked_and_asked_again_with_the_reason(
    question: str, bad: str, reason: str
) -> None:
    bot = make_bot()
    if question == SUMMARY:
        await answer_until(bot, ASK_DONE)
        await bot.say("Deleted the chat")
    else:
        await answer_until(bot, question)
    replies = await bot.say(bad)
    text = said(replies)
    assert reason in text
    before = await bot.draft()
    # Still on the same question: a good answer now moves on.
    good = dict(STEPS).get(question, "submit")
    moved = said(await bot.say(good))
    assert reason not in moved
    if question != SUMMARY:
        assert (await bot.draft()) != before


async def test_a_button_from_an_earlier_card_is_refused() -> None:
    bot = make_bot()
    await answer_until(bot, ASK_WHEN)
    confirm = await bot.say("yesterday at 3pm")
    await bot.say("no")
    await bot.say("yesterday at 4pm")
    replies = await bot.press(button(confirm, "yes"))  # the first confirmation's Yes
    assert "That button is on an earlier card" in said(replies)


# -- kinds of data ---------------------------------------------------------------------------


async def test_kinds_are_ticked_on_the_card_and_drive_the_severity() -> None:
    bot = make_bot()
    replies = await answer_until(bot, ASK_KINDS)
    [card] = cards(replies)
    assert_valid_card(card)
    data = button(replies, "chosen")
    replies = await bot.press(data, kinds="personal,children")
    assert ASK_WHOSE in said(replies)
    for reply in ("a class of pupils", "about 30", "nothing yet"):
        replies = await bot.say(reply)
    text = said(replies)
    assert "Severity: critical" in text
    assert "children's personal data is involved: critical" in text


async def test_kinds_can_be_typed_as_words() -> None:
    bot = make_bot()
    await answer_until(bot, ASK_KINDS)
    await bot.say("health details and a pupil's name")
    draft = await bot.draft()
    assert draft["answers"]["data_kinds"] == ["children", "personal", "special_category"]


# -- cancel and help ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (ASK_WHAT, "Describe what happened in your own words"),
        (ASK_WHEN, "may have to be reported within 72 hours"),
        (ASK_INVOLVED, "Personal data is anything about a living person"),
        (ASK_WHOSE, "without naming them"),
    ],
)
async def test_help_explains_the_question_and_stays_on_it(question: str, expected: str) -> None:
    bot = make_bot()
    await answer_until(bot, question)
    replies = await bot.say("help")
    assert expected in said(replies)
    assert 'Type "cancel" to stop' in said(replies)
    assert (await bot.draft() or {}).get("answers", {}).get("description") != "help"


@pytest.mark.parametrize("question", [ASK_WHAT, ASK_TOOL, "Is that right?", ASK_KINDS, ASK_DONE])
async def test_cancel_works_at_every_step_and_sends_nothing(question: str) -> None:
    bot = make_bot()
    await answer_until(bot, question)
    replies = await bot.say("cancel")
    assert "Cancelled. Nothing has been sent." in said(replies)
    assert bot.submit.drafts == [] and bot.results == [None]  # ended, nothing submitted
    assert said(await bot.say("hello")) == ""  # the dialog has ended


async def test_cancelling_keeps_the_draft_and_it_is_offered_back() -> None:
    bot = make_bot()
    await answer_until(bot, ASK_WHEN)
    replies = await bot.say("stop")
    assert "I've kept what you told me" in said(replies)
    replies = await bot.start()
    text = said(replies)
    assert "You started a report earlier" in text and "Continue it, or start again?" in text
    assert "Saved on Thursday 26 November at 15:42" in text
    assert misplaced(cards(replies)[0], STEPS[0][1]) == []
    replies = await bot.press(button(replies, "continue"))
    assert ASK_WHEN in said(replies) and ASK_WHAT not in said(replies)
    for _, reply in STEPS[2:]:
        replies = await bot.say(reply)
    await submit(bot, replies)
    [draft] = bot.submit.drafts
    assert (draft.description, draft.tool) == (STEPS[0][1], "ChatGPT")
    assert await bot.draft() is None  # sent: the draft is gone


async def test_a_new_message_continuing_a_draft_adds_what_it_says() -> None:
    bot = make_bot(MID_KENT)
    await answer_until(bot, ASK_TOOL)
    await bot.say("cancel")
    replies = await bot.start(IncidentPrefill.from_decision(decide(MID_KENT, PASTED)), PASTED)
    replies = await bot.say("continue")
    text = said(replies)
    assert "Let's carry on" in text and ASK_TOOL not in text and ASK_WHEN in text
    assert "potential personal data breach" in text  # the message said personal data
    answers = (await bot.draft())["answers"]
    assert answers["description"] == f"{STEPS[0][1]}\n{PASTED}"
    assert (answers["tool"], answers["involved"]) == ("ChatGPT", "yes")


async def test_starting_again_discards_the_draft() -> None:
    bot = make_bot()
    await answer_until(bot, ASK_WHEN)
    await bot.say("cancel")
    replies = await bot.start()
    replies = await bot.say("start again")
    assert ASK_WHAT in said(replies)
    assert await bot.draft() is None


async def test_walking_away_keeps_the_draft_too() -> None:
    """No cancel at all: the person just stops answering, and comes back another day."""
    storage = MemoryStorage()
    first = make_bot(storage=storage)
    await answer_until(first, ASK_INVOLVED)
    later = make_bot(storage=storage, conversation="a:2")  # another day, another chat
    replies = await later.start()
    assert "You started a report earlier" in said(replies)


@pytest.mark.parametrize("storage", [MemoryStorage, JsonStorage])
async def test_a_half_finished_report_survives_a_restart(storage: type) -> None:
    shared = storage()
    before = make_bot(storage=shared)
    await answer_until(before, ASK_INVOLVED)
    after = make_bot(storage=shared)  # new adapter, state and dialog objects
    replies = await after.say("yes")
    assert ASK_KINDS in said(replies)
    for _, reply in STEPS[5:]:
        replies = await after.say(reply)
    await submit(after, replies)
    [draft] = after.submit.drafts
    assert draft.description == STEPS[0][1] and draft.occurred_text.startswith("Wednesday 25")


# -- the summary: change, submit, and a submit that fails -------------------------------------


async def test_an_answer_can_be_changed_from_the_summary() -> None:
    bot = make_bot()
    await answer_until(bot, ASK_DONE)
    replies = await bot.say("Deleted the chat")
    replies = await bot.press(button(replies, "edit"))
    assert "Which answer do you want to change?" in said(replies)
    replies = await bot.press(button(replies, "tool"))
    assert ASK_TOOL in said(replies)
    replies = await bot.say("Gemini")
    assert SUMMARY in said(replies) and "Gemini" in said(replies)
    await submit(bot, replies)
    assert bot.submit.drafts[0].tool == "Gemini"


async def test_a_failed_submit_loses_nothing_and_can_be_retried() -> None:
    bot = make_bot()
    await answer_until(bot, ASK_DONE)
    replies = await bot.say("Deleted the chat")
    bot.submit.fail = True
    replies = await submit(bot, replies)
    assert "I couldn't send your report just now. Nothing is lost" in said(replies)
    assert (await bot.draft())["answers"]["actions_taken"] == "Deleted the chat"
    bot.submit.fail = False
    replies = await bot.say("submit")
    assert "INC-0001" in said(replies)


async def test_every_card_is_valid_and_nothing_is_said_with_an_exclamation_mark() -> None:
    bot = make_bot(MID_KENT, told=(BOARD, DPO))
    transcript = [await bot.start(IncidentPrefill.from_decision(decide(MID_KENT, PASTED)), PASTED)]
    for reply in ("help", "yesterday at 3pm", "no", "at 2pm", "yes", "one resident"):
        transcript.append(await bot.say(reply))
    transcript.append(await bot.say("Deleted the chat"))
    transcript.append(await submit(bot, transcript[-1]))
    for replies in transcript:
        for card in cards(replies):
            assert_valid_card(card)
        assert "!" not in said(replies)


async def test_what_people_type_stays_literal_on_the_summary() -> None:
    bot = make_bot()
    markdown = "**pasted** [a link](https://evil.example) into ChatGPT"
    await bot.start()
    await bot.say(markdown)
    for _, reply in STEPS[1:-1]:
        await bot.say(reply)
    replies = await bot.say("Deleted the chat")
    [card] = cards(replies)
    assert misplaced(card, markdown) == []


# -- reading messages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("report an incident", True),
        ("I need to report a data breach", True),
        (PASTED, True),
        ("copilot made up a figure that went into a committee report", True),
        ("My colleague uploaded the HR file to ChatGPT", True),
        ("can you help, I've pasted a pupil's report into Gemini", True),
        ("ChatGPT invented a court case in my report", True),
        ("Can I paste a resident's email into ChatGPT?", False),
        ("Would it be a breach if I pasted names?", False),
        ("what counts as an incident?", False),
        ("I typed a letter with copilot", False),
        ("Is Copilot approved?", False),
    ],
)
def test_recognise_incident(text: str, expected: bool) -> None:
    assert recognise_incident(text) is expected


def test_a_bare_command_is_not_a_description() -> None:
    assert is_report_command("Report an AI incident.") and is_report_command("incident")
    assert not is_report_command(PASTED)
    assert IncidentPrefill.from_card_data({"question": "report an incident"}).what_happened == ""
    assert IncidentPrefill.from_card_data({"question": PASTED}).what_happened == PASTED


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("add to INC-0001: I also pasted her number", ("INC-0001", "I also pasted her number")),
        ("Add to inc 12 - it was my work account", ("INC-0012", "it was my work account")),
        ("please add this to incident 3: more", ("INC-0003", "more")),
        ("add to INC-0001:", None),
        ("add to my list", None),
        ("report an incident", None),
    ],
)  # fmt: skip
def test_parse_addition(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_addition(text) == expected


def test_parse_answer() -> None:
    assert parse_answer("answer INC-0002: my work account") == ("INC-0002", "my work account")
    assert parse_answer("add to INC-0002: x") is None


def test_a_prefill_round_trips_through_plain_options() -> None:
    prefill = IncidentPrefill.from_decision(decide(MID_KENT, PASTED))
    assert prefill == IncidentPrefill(PASTED, "ChatGPT", ("personal",), PASTED)
    assert IncidentPrefill.from_options(prefill.to_options()) == prefill
    assert (
        IncidentPrefill.from_options({"data_classes": "personal", "tool": 3}) == IncidentPrefill()
    )
    permission = IncidentPrefill.from_decision(decide(MID_KENT, "Can I use ChatGPT for a letter?"))
    assert (permission.what_happened, permission.tool) == ("", "ChatGPT")


async def test_with_nobody_told_the_reporter_is_asked_to_contact_someone_directly() -> None:
    bot = make_bot(SOCITM, told=())
    message = "copilot made up a figure that went into a committee report"
    await bot.start(IncidentPrefill.from_decision(decide(SOCITM, message)), message)
    for reply in ("this morning", "yes", "no", "hundreds", "nothing yet"):
        summary = await bot.say(reply)
    sent = await submit(bot, summary)
    assert "nobody has seen it yet" in said(sent) and "INC-" in said(sent)


async def test_nothing_is_promised_that_the_registered_channels_cannot_keep():
    # no channel at all: nobody will be told, and the confirmation does not say "sent"
    bot = make_bot(MID_KENT, told=())
    text = said(await bot.start(IncidentPrefill.from_decision(decide(MID_KENT, PASTED)), PASTED))
    assert "will be told straight away" not in text
    assert "nobody will be told automatically" in text
    for reply in ("yesterday at 3pm", "yes", "one resident", "Deleted the chat"):
        replies = await bot.say(reply)
    done = await submit(bot, replies)
    shown = said(done)
    assert "Report saved: nobody has been told yet" in shown and "Report sent" not in shown
    assert "nobody has seen it yet" in shown

    # the board's channel but no DPO channel: the board is told, the DPO is not promised
    bot = make_bot(MID_KENT, told=(BOARD,))
    text = said(await bot.start(IncidentPrefill.from_decision(decide(MID_KENT, PASTED)), PASTED))
    assert f"{BOARD} will be told straight away" in text
    assert f"{DPO} will be told" not in text and "no channel of their own" in text
    for reply in ("yesterday at 3pm", "yes", "one resident", "Deleted the chat"):
        replies = await bot.say(reply)
    shown = said(await submit(bot, replies))
    assert "Report sent" in shown and f"I've told {BOARD}." in shown
    assert "has not been told directly" in shown


# -- answers that say more than was asked --------------------------------------------------------


async def test_what_happened_is_read_for_the_tool_data_people_and_time_asked_next() -> None:
    """ "I think I put a pupil's SEN report into Gemini this morning", typed as the answer to
    "What happened?": the tool, the data, one person and the time are in it, so only the time is
    checked and nothing it says is asked again."""
    bot = make_bot()
    await bot.start()
    story = "I think I put a pupil's SEN report into Gemini this morning"
    replies = await bot.say(story)
    assert "Is that right?" in said(replies)  # the time it read, to confirm
    transcript = [replies]
    for reply in ("yes", "a pupil in year 9", "nothing yet"):
        transcript.append(await bot.say(reply))
    everything = "\n".join(said(r) for r in transcript)
    for question in (ASK_TOOL, ASK_WHEN, ASK_INVOLVED, ASK_KINDS, ASK_HOW_MANY):
        assert question not in everything, question
    assert SUMMARY in said(transcript[-1]) and "from your message" in said(transcript[-1])
    await submit(bot, transcript[-1])
    [draft] = bot.submit.drafts
    assert draft.tool == "Gemini" and draft.people_affected_count == 1
    assert {"special_category", "children"} <= set(draft.data_kinds)


async def test_whose_information_answered_with_a_count_is_not_asked_again() -> None:
    bot = make_bot()
    await answer_until(bot, ASK_WHOSE)
    replies = await bot.say("one resident")
    assert ASK_HOW_MANY not in said(replies) and ASK_DONE in said(replies)


async def test_the_examples_of_what_was_done_never_include_deleting_anything() -> None:
    bot = make_bot()
    replies = await answer_until(bot, ASK_DONE)
    assert "delet" not in said(replies).split(ASK_DONE)[-1]


async def test_the_examples_of_whose_information_come_from_the_policys_world() -> None:
    school = make_bot(load_policy("school-model"))
    replies = await answer_until(school, ASK_WHOSE)
    assert '"one pupil"' in said(replies) and "resident" not in said(replies).split(ASK_WHOSE)[-1]
    council = make_bot(MID_KENT)
    replies = await answer_until(council, ASK_WHOSE)
    assert '"one resident"' in said(replies)
