"""ApprovalRequestDialog turn by turn on botbuilder's core TestAdapter, with a recording fake
`submit` and state kept only as JSON text (see helpers.py)."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from botbuilder.schema import Activity, ActivityTypes, Entity

import knowledge
from bot.cards.actions import VERB_REQUEST_APPROVAL
from bot.cards.answer import answer_card
from dialogs.approval_cards import VERB
from dialogs.approval_form import FIELDS, LIMITS, QUESTIONS, ApprovalPrefill, policy_asks
from dialogs.card_parts import CARD_BUDGET
from dialogs.prompts import Choice, check_text, match_choice
from forms.drafts import ApprovalDraft
from knowledge import Policy, decide, load_policy
from tests.cards.card_checks import (
    assert_valid_card,
    buttons,
    elements,
    misplaced,
    run_texts,
    submit_data,
)

from .helpers import (
    NEXT_STEPS,
    DialogBot,
    JsonStorage,
    RecordingSubmit,
    SubmitFailedError,
    button,
    cards,
    choice_values,
    only_card,
    said,
)

POLICY = load_policy("socitm-template")
SHIPPED = ["mid-kent", "oadby-wigston", "school-model", "socitm-template"]
MIDJOURNEY = "Can I use Midjourney to make posters for a library event?"
ANSWERS = {
    "tool": "Otter.ai",
    "purpose": "take notes in team meetings",
    "data_description": "what is said in internal team meetings",
    "data_classification": "internal",  # pressed, not typed
    "expected_output": "meeting summaries and action lists",
    "output_use": "shared with the team in our Teams channel",
    "justification": "saves an hour of note-taking a week",
}
EXPECTED = ApprovalDraft(**ANSWERS)
ORDER = [*FIELDS, "summary"]
# What each question says first: how a test knows which step the dialog is at.
ASKED = {
    "tool": "Which AI tool do you want approval for?",
    "purpose": "What do you want to use",
    "data_description": "What kind of information will you put into it?",
    "data_classification": "How sensitive is that information?",
    "expected_output": "What do you expect",
    "output_use": "How will the output be used or shared",
    "justification": "Why do you need it? (optional)",
    "summary": "Check your approval request",
}


@pytest.fixture
def submit() -> RecordingSubmit:
    return RecordingSubmit()


@pytest.fixture
def storage() -> JsonStorage:
    return JsonStorage()


@pytest.fixture
def bot(submit: RecordingSubmit, storage: JsonStorage) -> DialogBot:
    return DialogBot(POLICY, submit, storage)


async def answer(bot: DialogBot, field: str, replies: list[Activity]) -> list[Activity]:
    if field == "data_classification":
        return await bot.press(button(only_card(replies), ANSWERS[field]))
    return await bot.say(ANSWERS[field])


async def goto(bot: DialogBot, field: str) -> list[Activity]:
    """Start with nothing known and answer every question before `field`."""
    replies = await bot.start()
    for earlier in ORDER[: ORDER.index(field)]:
        replies = await answer(bot, earlier, replies)
    assert ASKED[field] in said(replies)
    return replies


def asked(replies: list[Activity]) -> list[str]:
    """The questions these replies ask."""
    text = said(replies)
    return [field for field, opening in ASKED.items() if opening in text]


# -- the whole request ----------------------------------------------------------------------------


async def test_nothing_prefilled_asks_every_question_once_and_submits(
    bot: DialogBot, submit: RecordingSubmit
) -> None:
    transcript = await bot.start()
    intro = cards(transcript)[0]
    assert "the GenAI governance authority" in run_texts(intro)
    assert "the nature of the expected output" in run_texts(intro)  # what the policy asks for
    assert transcript[-1].text_format == "plain"  # typed names are quoted as written
    replies = transcript
    for field in ORDER[:-1]:
        assert asked(replies) == [field]
        replies = await answer(bot, field, replies)
        transcript += replies
    summary = only_card(replies)
    for value in ANSWERS.values():
        if value != "internal":
            assert value in run_texts(summary)
    assert "Internal information" in run_texts(summary)
    assert submit.drafts == []  # nothing is sent before Submit
    done = await bot.press(button(summary, "submit"))
    assert submit.drafts == [EXPECTED]
    assert len(submit.keys[0]) == 12  # the run's key: a second Submit of it finds this request
    confirmation = " ".join(run_texts(only_card(done)))
    assert "AR-0001" in confirmation
    assert "the GenAI governance authority" in confirmation
    assert NEXT_STEPS in confirmation
    assert bot.results == [
        {
            "reference": "AR-0001",
            "decided_by": "the GenAI governance authority",
            "next_steps": NEXT_STEPS,
        }
    ]
    assert await bot.say("thanks") == []  # the dialog is over
    for card in cards(transcript + done):
        assert_valid_card(card)


def test_prefill_from_a_real_decision() -> None:
    decision = decide(POLICY, MIDJOURNEY)
    prefill = ApprovalPrefill.from_decision(decision)
    assert prefill == ApprovalPrefill(
        tool="Midjourney",
        purpose="make posters for a library event",
        data_classes=(),
        question=MIDJOURNEY,
    )


def test_prefill_falls_back_to_the_policys_purpose_label() -> None:
    question = "I want to use Otter, we will be summarising meeting notes"
    decision = decide(POLICY, question)
    assert decision.purpose is not None
    prefill = ApprovalPrefill.from_decision(decision)
    assert (prefill.tool, prefill.purpose) == ("Otter", decision.purpose.label)
    assert ApprovalPrefill.from_decision(decide(POLICY, "request approval")) == ApprovalPrefill(
        question="request approval"
    )


async def test_what_the_question_told_us_is_shown_and_not_asked_again(
    bot: DialogBot, submit: RecordingSubmit
) -> None:
    prefill = ApprovalPrefill.from_decision(decide(POLICY, MIDJOURNEY))
    transcript = await bot.start(prefill)
    intro = run_texts(cards(transcript)[0])
    assert {"Midjourney", "make posters for a library event", MIDJOURNEY} <= set(intro)
    assert asked(transcript) == ["data_description"]
    replies = transcript
    for field in ORDER[2:-1]:
        replies = await answer(bot, field, replies)
        transcript += replies
    assert all(question not in said(transcript) for question in (ASKED["tool"], ASKED["purpose"]))
    summary = only_card(replies)
    rows = [" ".join(r) for r in _rows(summary)]
    assert "Tool:  Midjourney   (from your question)" in rows
    assert "Purpose:  make posters for a library event   (from your question)" in rows
    await bot.say("submit")
    [draft] = submit.drafts
    assert (draft.tool, draft.purpose) == ("Midjourney", "make posters for a library event")


def _rows(card: dict[str, Any]) -> list[list[str]]:
    return [
        [run["text"] for run in element["inlines"]]
        for element in card["body"]
        if element["type"] == "RichTextBlock"
    ]


async def test_data_from_the_question_is_neither_described_nor_classified_again(
    bot: DialogBot, submit: RecordingSubmit
) -> None:
    decision = decide(
        POLICY, "I want to use Otter to summarise case meetings with residents' names"
    )
    assert decision.data == ("personal",)
    replies = await bot.start(ApprovalPrefill.from_decision(decision))
    assert "personal data (personally identifiable information)" in run_texts(cards(replies)[0])
    assert asked(replies) == ["expected_output"]
    for field in ("expected_output", "output_use", "justification"):
        replies = await answer(bot, field, replies)
    await bot.say("submit")
    [draft] = submit.drafts
    assert draft.data_classification == "personal"
    assert draft.data_description == "personal data (personally identifiable information)"


async def test_several_data_classes_keep_the_most_sensitive(
    bot: DialogBot, submit: RecordingSubmit
) -> None:
    prefill = ApprovalPrefill(
        tool="Otter", purpose="notes", data_classes=("internal", "personal", "sensitive", "martian")
    )
    replies = await bot.start(prefill)
    assert asked(replies) == ["expected_output"]
    for field in ("expected_output", "output_use", "justification"):
        replies = await answer(bot, field, replies)
    await bot.say("submit")
    [draft] = submit.drafts
    assert draft.data_classification == "sensitive"
    assert draft.data_description.split("; ") == [
        POLICY.data_classes[d].label for d in ("internal", "personal", "sensitive")
    ]


async def test_unknown_data_classes_are_asked_about(bot: DialogBot) -> None:
    replies = await bot.start(
        ApprovalPrefill(tool="Otter", purpose="notes", data_classes=("martian",))
    )
    assert asked(replies) == ["data_description"]


async def test_a_tool_without_a_purpose_asks_the_purpose_first(bot: DialogBot) -> None:
    prefill = ApprovalPrefill.from_decision(decide(POLICY, "request approval for Midjourney"))
    assert (prefill.tool, prefill.purpose) == ("Midjourney", "")
    replies = await bot.start(prefill)
    assert asked(replies) == ["purpose"]
    assert replies[-1].text.startswith("What do you want to use Midjourney for?")


def test_prefill_options_are_plain_json_and_round_trip() -> None:
    prefill = ApprovalPrefill("Otter", "notes", ("personal",), "q?")
    options = json.loads(json.dumps(prefill.to_options()))
    assert ApprovalPrefill.from_options(options) == prefill
    assert ApprovalPrefill.from_options(None) == ApprovalPrefill()
    assert (
        ApprovalPrefill.from_options({"tool": 3, "data_classes": "personal"}) == ApprovalPrefill()
    )


def test_prefill_from_the_answer_cards_request_approval_button() -> None:
    decision = decide(POLICY, MIDJOURNEY)
    [data] = submit_data(answer_card(decision, POLICY), VERB_REQUEST_APPROVAL)
    assert ApprovalPrefill.from_card_data(data, POLICY) == ApprovalPrefill.from_decision(decision)
    by_id = {
        "verb": VERB_REQUEST_APPROVAL,
        "tool": "Otter",
        "purpose": "drafting",
        "data": ["personal"],
    }
    assert ApprovalPrefill.from_card_data(by_id, POLICY) == ApprovalPrefill(
        "Otter", POLICY.purposes_by_id["drafting"].label, ("personal",), ""
    )


# -- replies that are not accepted ----------------------------------------------------------------

REJECTED = [
    # (step, reply, what the re-prompt must say)
    ("tool", "   ", "I didn't get any text there."),
    ("tool", "x" * 101, "That is 101 characters; please keep it to 100 or fewer"),
    ("purpose", "y" * 501, "please keep it to 500 or fewer"),
    ("data_description", "z" * 301, "please keep it to 300 or fewer"),
    ("expected_output", "w" * 501, "please keep it to 500 or fewer"),
    ("output_use", "v" * 501, "please keep it to 500 or fewer"),
    ("justification", "u" * 1001, "please keep it to 1000 or fewer"),
    (
        "data_classification",
        "purple",
        '"purple" is not one of the choices: reply with a number from 1 to 7',
    ),
    ("data_classification", "9", "not one of the choices"),
    ("data_classification", "0", "not one of the choices"),
    (
        "data_classification",
        "data",
        "could be more than one choice (1, 3, 5, 6, 7): reply with one number.",
    ),
    ("summary", "maybe", '"maybe" is not one of the choices'),
    ("summary", "4", "not one of the choices"),
]


@pytest.mark.parametrize(("field", "reply", "reason"), REJECTED)
async def test_a_rejected_reply_is_asked_again_with_the_reason(
    bot: DialogBot, submit: RecordingSubmit, field: str, reply: str, reason: str
) -> None:
    replies = await goto(bot, field)
    retry = await bot.say(reply)
    assert reason in said(retry)
    assert cards(retry) == []  # the reason and what to do, not the whole card again
    if field in LIMITS and field != "justification":
        assert ASKED[field] in said(retry)  # the question again, with the reason
    # Still at the same step: a good answer moves on.
    if field == "summary":
        await bot.say("submit")
        assert len(submit.drafts) == 1
    else:
        nxt = await answer(bot, field, replies)
        assert asked(nxt) == [ORDER[ORDER.index(field) + 1]]


async def test_a_button_from_an_earlier_card_is_refused(bot: DialogBot) -> None:
    first = await goto(bot, "data_classification")
    stale = button(only_card(first), "personal")
    assert asked(await bot.press(stale)) == ["expected_output"]
    replies = await bot.press(stale)  # pressed again: it answers a question already answered
    assert "That button is on an earlier card." in said(replies)
    assert asked(await bot.say(ANSWERS["expected_output"])) == ["output_use"]
    from_another_request = {**stale, "field": "output_use", "request": "another"}
    assert "That button is on an earlier card." in said(await bot.press(from_another_request))


async def test_another_cards_button_is_not_taken_as_an_answer(bot: DialogBot) -> None:
    await goto(bot, "purpose")
    replies = await bot.press({"verb": "ask", "text": "Can I use Gemini?"})
    assert "That button isn't part of this request." in said(replies)
    assert ASKED["purpose"] in said(replies)
    assert asked(await bot.say("notes")) == ["data_description"]


async def test_a_button_with_an_unknown_choice_is_refused(bot: DialogBot) -> None:
    replies = await goto(bot, "data_classification")
    forged = {**button(only_card(replies), "personal"), "choice": "top_secret"}
    assert "That button is not one I know." in said(await bot.press(forged))


@pytest.mark.parametrize(
    ("typed", "chosen"),
    [
        ("5", "personal"),
        (" 5. ", "personal"),
        ("Personal data", "personal"),
        ("PERSONAL", "personal"),
        ("special category", "special_category"),
        ("health", "special_category"),  # a word only that choice's label has
        ("public", "public"),
        ("none", "public"),  # the "nothing sensitive" choice
        ("nothing sensitive", "public"),
        ("1", "public"),  # least sensitive first
    ],
)
async def test_a_classification_can_be_typed(
    bot: DialogBot, submit: RecordingSubmit, typed: str, chosen: str
) -> None:
    await goto(bot, "data_classification")
    replies = await bot.say(typed)
    assert asked(replies) == ["expected_output"]
    for field in ("expected_output", "output_use", "justification"):
        replies = await answer(bot, field, replies)
    await bot.say("submit")
    assert submit.drafts[0].data_classification == chosen


@pytest.mark.parametrize("typed", ["skip", "Skip.", "no", "n/a", "none"])
async def test_the_justification_can_be_skipped(
    bot: DialogBot, submit: RecordingSubmit, typed: str
) -> None:
    await goto(bot, "justification")
    summary = only_card(await bot.say(typed))
    assert "(none given)" in run_texts(summary)
    await bot.press(button(summary, "submit"))
    assert submit.drafts[0].justification == ""


async def test_the_skip_button(bot: DialogBot, submit: RecordingSubmit) -> None:
    replies = await goto(bot, "justification")
    await bot.press(button(only_card(replies), "skip"))
    await bot.say("submit")
    assert submit.drafts[0].justification == ""


async def test_the_mention_and_control_characters_are_taken_out_of_an_answer(
    bot: DialogBot, submit: RecordingSubmit
) -> None:
    await goto(bot, "purpose")
    mention = Entity().deserialize(
        {
            "type": "mention",
            "text": "<at>policybot</at>",
            "mentioned": {"id": "28:bot", "name": "policybot"},
        }
    )
    await bot.send(
        Activity(
            type=ActivityTypes.message,
            text="<at>policybot</at> make\x00 posters",
            entities=[mention],
        )
    )
    replies = await bot.say(ANSWERS["data_description"])
    for field in ORDER[3:-1]:
        replies = await answer(bot, field, replies)
    await bot.say("submit")
    assert submit.drafts[0].purpose == "make posters"


# -- cancel and help ------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ORDER)
@pytest.mark.parametrize("word", ["cancel", "Stop.", "never mind"])
async def test_cancel_at_any_step_sends_nothing(
    bot: DialogBot, submit: RecordingSubmit, field: str, word: str
) -> None:
    await goto(bot, field)
    replies = await bot.say(word)
    assert "Cancelled: nothing was sent to the GenAI governance authority." in said(replies)
    assert bot.results == [None]
    assert await bot.say(ANSWERS["tool"]) == []  # nothing is waiting for an answer
    assert submit.drafts == []


async def test_the_cancel_button_on_the_summary(bot: DialogBot, submit: RecordingSubmit) -> None:
    summary = only_card(await goto(bot, "summary"))
    replies = await bot.press(button(summary, "cancel"))
    assert "nothing was sent" in said(replies)
    assert bot.results == [None]
    assert await bot.press(button(summary, "submit")) == []
    assert submit.drafts == []


async def test_the_summarys_cancel_button_works_at_a_later_step(
    bot: DialogBot, submit: RecordingSubmit
) -> None:
    summary = only_card(await goto(bot, "summary"))
    await bot.press(button(summary, "edit"))
    replies = await bot.press(button(summary, "cancel"))  # while choosing what to edit
    assert "nothing was sent" in said(replies)
    assert bot.results == [None] and submit.drafts == []


async def test_cancel_typed_as_its_number_on_the_summary(
    bot: DialogBot, submit: RecordingSubmit
) -> None:
    await goto(bot, "summary")
    assert "nothing was sent" in said(await bot.say("3"))
    assert submit.drafts == [] and bot.results == [None]


async def test_an_earlier_requests_cancel_button_does_not_cancel_this_one(
    bot: DialogBot, submit: RecordingSubmit
) -> None:
    old = only_card(await goto(bot, "summary"))
    await bot.press(button(old, "submit"))
    await goto(bot, "purpose")
    replies = await bot.press(button(old, "cancel"))
    assert "earlier card" in said(replies)
    assert bot.results[1:] == []  # still running


HELP = {
    "tool": ("knows exactly which product they are approving", "the tool intended for use"),
    "purpose": ("Approval is for a tool and a use together", "the purpose of use"),
    "data_description": (
        "The kind of data decides the safeguards",
        "the type and classification of data to be input",
    ),
    "data_classification": (
        "which rules and checks apply",
        "the type and classification of data to be input",
    ),
    "expected_output": ("such as errors, bias or copyright", "the nature of the expected output"),
    "output_use": ("needs more care", "how the output will be used or distributed"),
    "justification": ("It helps the GenAI governance authority decide", ""),
    "summary": ('"submit" sends the request to the GenAI governance authority', ""),
}


@pytest.mark.parametrize("field", ORDER)
async def test_help_says_what_this_step_wants_and_why(bot: DialogBot, field: str) -> None:
    replies = await goto(bot, field)
    help_text = said(await bot.say("help"))
    why, quoted = HELP[field]
    assert why in help_text
    if quoted:
        assert f'The policy asks for "{quoted}".' in help_text
    assert "Nothing is sent until you submit" in help_text
    other_whys = [w for f, (w, _) in HELP.items() if f != field]
    assert not any(w in help_text for w in other_whys)
    # Help is not an answer: the same step is still waiting.
    if field != "summary":
        assert asked(await answer(bot, field, replies)) == [ORDER[ORDER.index(field) + 1]]


async def test_help_while_choosing_what_to_edit(bot: DialogBot) -> None:
    await goto(bot, "summary")
    await bot.say("edit")
    assert "Choose which answer to change" in said(await bot.say("?"))
    assert asked(await bot.say("purpose")) == ["purpose"]


@pytest.mark.parametrize("policy_id", SHIPPED)
def test_help_quotes_the_policys_own_ask(policy_id: str) -> None:
    policy = load_policy(policy_id)
    asks = policy.document.approval.asks_for
    assert policy_asks(policy, "tool") == asks[0]
    assert policy_asks(policy, "purpose") == asks[1]
    assert policy_asks(policy, "data_description") == asks[2]
    assert policy_asks(policy, "data_classification") == asks[2]


# -- the summary: submit and edit -----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["submit", "Submit.", "1", "send it", "yes"])
async def test_submit_typed(bot: DialogBot, submit: RecordingSubmit, typed: str) -> None:
    await goto(bot, "summary")
    replies = await bot.say(typed)
    assert submit.drafts == [EXPECTED]
    assert "AR-0001" in run_texts(only_card(replies))


async def test_edit_one_field_from_the_summary(bot: DialogBot, submit: RecordingSubmit) -> None:
    summary = only_card(await goto(bot, "summary"))
    chooser = only_card(await bot.press(button(summary, "edit")))
    assert choice_values(chooser) == list(FIELDS)
    assert_valid_card(chooser)
    replies = await bot.press(button(chooser, "purpose"))
    assert asked(replies) == ["purpose"]
    assert replies[-1].text.startswith(
        f'Now: "{ANSWERS["purpose"]}". What do you want to use Otter.ai for?'
    )
    replies = await bot.say("transcribe team meetings")
    assert asked(replies) == ["summary"]  # straight back, nothing else asked again
    assert "transcribe team meetings" in run_texts(only_card(replies))
    await bot.press(button(only_card(replies), "submit"))
    assert submit.drafts == [dataclasses.replace(EXPECTED, purpose="transcribe team meetings")]


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        (["edit", "2"], "purpose"),
        (["Edit", "Purpose"], "purpose"),
        (["change", "classification"], "data_classification"),
        (["edit purpose"], "purpose"),
        (["change the tool"], "tool"),
        (["edit justification"], "justification"),
        (["amend expected output"], "expected_output"),
    ],
)
async def test_edit_typed(bot: DialogBot, typed: list[str], field: str) -> None:
    await goto(bot, "summary")
    for text in typed:
        replies = await bot.say(text)
    assert asked(replies) == [field]


async def test_edit_the_classification_and_a_prefilled_field(
    bot: DialogBot, submit: RecordingSubmit
) -> None:
    prefill = ApprovalPrefill(tool="Otter.ai", purpose=ANSWERS["purpose"])
    replies = await bot.start(prefill)
    for field in ORDER[2:-1]:
        replies = await answer(bot, field, replies)
    card = only_card(await bot.say("edit data classification"))
    replies = await bot.press(button(card, "personal"))
    await bot.say("edit tool")
    summary = only_card(await bot.say("Otter"))
    rows = [" ".join(r) for r in _rows(summary)]
    assert "Tool:  Otter" in rows  # no longer "from your question"
    assert any(r.startswith("Purpose: ") and r.endswith("(from your question)") for r in rows)
    await bot.say("submit")
    assert submit.drafts == [
        dataclasses.replace(EXPECTED, tool="Otter", data_classification="personal")
    ]


async def test_a_failed_submit_loses_nothing(bot: DialogBot, submit: RecordingSubmit) -> None:
    await goto(bot, "summary")
    submit.fail = True
    with pytest.raises(SubmitFailedError):
        await bot.say("submit")
    submit.fail = False
    replies = await bot.say("submit")
    assert submit.drafts == [EXPECTED]
    assert "AR-0001" in run_texts(only_card(replies))


# -- state ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ORDER)
async def test_a_half_finished_request_continues_after_a_restart(
    storage: JsonStorage, field: str
) -> None:
    before = RecordingSubmit()
    replies = await goto(DialogBot(POLICY, before, storage), field)
    after = RecordingSubmit()
    restarted = DialogBot(POLICY, after, storage)  # new state, dialogs, adapter; same storage
    for later in ORDER[ORDER.index(field) : -1]:
        replies = await answer(restarted, later, replies)
    await restarted.press(button(only_card(replies), "submit"))
    assert before.drafts == []
    assert after.drafts == [EXPECTED]


async def test_only_plain_json_is_stored(bot: DialogBot, storage: JsonStorage) -> None:
    """Everything the dialog keeps is plain JSON: the only objects jsonpickle has to encode are
    botbuilder's own dialog stack."""
    replies = await bot.start(ApprovalPrefill.from_decision(decide(POLICY, MIDJOURNEY)))
    for field in ORDER[2:]:
        [stored] = storage.items.values()
        assert ASKED[field] in said(replies)
        assert _pickled(json.loads(stored)) <= {
            ("py/object", "botbuilder.dialogs.dialog_state.DialogState"),
            ("py/object", "botbuilder.dialogs.dialog_instance.DialogInstance"),
        }
        assert "make posters for a library event" in stored
        if field != "summary":
            replies = await answer(bot, field, replies)


def _pickled(node: Any) -> set[tuple[str, Any]]:
    """Every jsonpickle tag ("py/object", "py/id", ...) in the stored JSON, with its value."""
    found: set[tuple[str, Any]] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("py/"):
                found.add((key, value if isinstance(value, str) else json.dumps(value)))
            found |= _pickled(value)
    elif isinstance(node, list):
        for value in node:
            found |= _pickled(value)
    return found


# -- choices come from the policy -----------------------------------------------------------------


def test_the_shipped_policies_are_the_ones_tested() -> None:
    assert sorted(knowledge.bundled_ids()) == SHIPPED


@pytest.mark.parametrize("policy_id", SHIPPED)
async def test_the_classification_choices_are_the_policys_own_data_classes(
    policy_id: str, storage: JsonStorage
) -> None:
    policy = load_policy(policy_id)
    submit = RecordingSubmit()
    bot = DialogBot(policy, submit, storage)
    card = only_card(await goto(bot, "data_classification"))
    assert_valid_card(card)
    shown = choice_values(card)
    assert sorted(shown) == sorted(c.id for c in policy.document.data_classes)
    assert shown[0] == "public"  # least sensitive first: "nothing sensitive"
    personal = [c.id for c in policy.document.data_classes if c.personal]
    assert shown[-len(personal) :] == [c for c in shown if c in personal]  # personal data last
    [listed] = [e for e in elements(card) if e["type"] == "Input.ChoiceSet"]
    titles = [c["title"] for c in listed["choices"]]
    assert titles[0].startswith("1. ") and "only: nothing personal" in titles[0]
    assert all(title.startswith(f"{n}. ") for n, title in enumerate(titles, 1))
    labels = {c.id: c.label for c in policy.document.data_classes}
    for title, value in zip(titles[1:], shown[1:], strict=True):
        assert title.lower().endswith(labels[value].lower())  # each kind whole, said once
    assert not any(labels[v] in b["title"] for b in buttons(card) for v in shown[1:])
    replies = await bot.say("1")  # typed numbers follow the list
    for field in ORDER[4:-1]:
        replies = await answer(bot, field, replies)
    await bot.say("submit")
    assert submit.drafts[0].data_classification == shown[0]


def _without_public(policy: Policy) -> Policy:
    classes = [c for c in policy.document.data_classes if c.id != "public"]
    document = policy.document.model_copy(update={"data_classes": classes})
    data_classes = {c.id: c for c in classes}
    return dataclasses.replace(policy, document=document, data_classes=data_classes)


async def test_a_policy_without_a_public_class_offers_none_of_these(storage: JsonStorage) -> None:
    submit = RecordingSubmit()
    bot = DialogBot(_without_public(POLICY), submit, storage)
    card = only_card(await goto(bot, "data_classification"))
    assert choice_values(card)[0] == "none"
    assert len(choice_values(card)) == len(POLICY.document.data_classes)
    replies = await bot.press(button(card, "none"))
    for field in ORDER[4:-1]:
        replies = await answer(bot, field, replies)
    assert "None of these: nothing personal, confidential or sensitive" in run_texts(
        only_card(replies)
    )
    await bot.say("submit")
    assert submit.drafts[0].data_classification == "none"


# -- cards ----------------------------------------------------------------------------------------

MARKER = "evil.example"
MARKDOWN = f"**bold** [link](http://{MARKER}) _x_ <at>x</at>"
TYPED = "typed.example"


def _untrusted(policy: Policy) -> Policy:
    """The policy with its approver, asks and data-class labels written in markdown."""
    document = policy.document
    route = document.approval.model_copy(update={"approver": MARKDOWN, "asks_for": [MARKDOWN]})
    classes = [c.model_copy(update={"label": MARKDOWN}) for c in document.data_classes]
    document = document.model_copy(update={"approval": route, "data_classes": classes})
    return dataclasses.replace(policy, document=document, data_classes={c.id: c for c in classes})


async def _every_card(bot: DialogBot, text: str) -> list[dict[str, Any]]:
    """Every card of a request asked as `text` in which every answer is `text` (cut to its
    limit), with an edit on the way."""
    transcript = await bot.start(ApprovalPrefill(question=text))
    replies = transcript
    for field in ORDER[:-1]:
        if field == "data_classification":
            replies = await bot.press(button(only_card(replies), "personal"))
        else:
            replies = await bot.say(text[: LIMITS[field]])
        transcript += replies
    transcript += await bot.say("edit")
    transcript += await bot.say("tool")
    transcript += await bot.say(text[: LIMITS["tool"]])
    transcript += await bot.say("submit")
    return cards(transcript)


@pytest.mark.parametrize("policy_id", SHIPPED)
async def test_typed_and_policy_text_is_never_markdown(
    policy_id: str, storage: JsonStorage
) -> None:
    submit = RecordingSubmit(decided_by=MARKDOWN)
    bot = DialogBot(_untrusted(load_policy(policy_id)), submit, storage)
    typed = f"*{TYPED}* [x](http://{TYPED})"
    every = await _every_card(bot, typed)
    assert len(every) == 7  # intro, classification, justification, summary, edit, summary, sent
    for card in every:
        assert_valid_card(card)
        assert misplaced(card, TYPED) == []  # typed text: only ever a TextRun (or button data)
        # Policy text may also be a button title, which Teams never reads as markdown.
        assert [p for p in misplaced(card, MARKER) if p[-1] != "title"] == []
    assert any(MARKDOWN in run_texts(card) for card in every)
    showing_typed = [n for n, card in enumerate(every) if any(typed in r for r in run_texts(card))]
    assert showing_typed == [0, 1, 3, 4, 5, 6]  # all but the justification question


WORST = {"ascii": "word " * 400, "emoji": "🙂" * 2000, "accented": "café naïve " * 200}


@pytest.mark.parametrize("kind", list(WORST))
async def test_every_card_fits_with_the_longest_answers(kind: str, storage: JsonStorage) -> None:
    text = WORST[kind]
    bot = DialogBot(_untrusted(POLICY), RecordingSubmit(decided_by=text), storage)
    every = await _every_card(bot, text)
    for card in every:
        assert_valid_card(card)
        assert len(json.dumps(card)) <= CARD_BUDGET


async def test_ordinary_answers_are_shown_whole(bot: DialogBot) -> None:
    long_purpose = "take notes in team meetings " * 17  # 476 characters, under the limit
    await goto(bot, "purpose")
    replies = await bot.say(long_purpose)
    for field in ORDER[2:-1]:
        replies = await answer(bot, field, replies)
    assert " ".join(long_purpose.split()) in run_texts(only_card(replies))


# -- the prompt helpers ---------------------------------------------------------------------------

CHOICES = [Choice("red", ("Red wine",)), Choice("white", ("White wine",)), Choice("rose")]


@pytest.mark.parametrize(
    ("typed", "value", "problem"),
    [
        ("1", "red", None),
        ("3", "rose", None),
        ("red wine", "red", None),
        ("ROSE!", "rose", None),
        ("white", "white", None),
        ("wine", None, "could be more than one choice (1, 2)"),
        ("4", None, "reply with a number from 1 to 3"),
        ("", None, "reply with a number from 1 to 3"),
        ("re", None, "not one of the choices"),  # too short to be a part of a word
    ],
)
def test_match_choice(typed: str, value: str | None, problem: str | None) -> None:
    reading = match_choice(typed, CHOICES)
    assert reading.value == value
    assert (problem is None) == (reading.problem is None)
    if problem:
        assert problem in reading.problem


def test_check_text() -> None:
    assert check_text("ok", 2).value == "ok"
    assert check_text("", 2).problem == "I didn't get any text there."
    assert "That is 3 characters; please keep it to 2 or fewer" in check_text("abc", 2).problem


def test_every_question_has_wording_and_a_label() -> None:
    for field in FIELDS:
        question = QUESTIONS[field]
        assert question.label and question.ask and question.why
    assert VERB == "approval_reply"


async def test_the_examples_of_information_come_from_the_policys_world(storage) -> None:
    school = DialogBot(load_policy("school-model"), RecordingSubmit(), storage)
    asked = said(await goto(school, "data_description"))
    assert "meetings with parents" in asked and "residents" not in asked
    council = DialogBot(load_policy("mid-kent"), RecordingSubmit(), JsonStorage())
    assert "meetings with residents" in said(await goto(council, "data_description"))
