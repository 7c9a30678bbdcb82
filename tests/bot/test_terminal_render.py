"""The terminal chat's cards: every input shown with its label (a choice set with its numbered
choices), and a button press that fills the inputs in and sends them as Teams does."""

from __future__ import annotations

import io
from typing import Any

import pytest

from bot.cards import answer_card, help_card, render_text, welcome_card
from bot.cards.approval import VERB_ANSWER, question_for_requester_card
from bot.devtools.client import Reply
from bot.devtools.terminal_chat import (
    INPUTS_HINT,
    Button,
    CardInput,
    answer,
    converse,
    fill,
    input_lines,
    input_prompt,
    render,
)
from cardkit.elements import (
    action_set,
    adaptive_card,
    choice_set,
    container,
    execute,
    input_text,
    show_card,
    sub_card,
    submit,
    text_block,
)
from dialogs.incident_cards import kinds_card
from dialogs.incident_readers import KIND_OPTIONS
from forms import verbs
from knowledge import decide, load_policy
from tests.cards.card_checks import assert_valid_card

POLICY = load_policy("socitm-template")
ADAPTIVE = "application/vnd.microsoft.card.adaptive"
STATUSES = [("Investigating", "investigating"), ("Mitigated", "mitigated"), ("Closed", "closed")]


def toggle(input_id: str, title: str, **fields: Any) -> dict[str, Any]:
    return {"type": "Input.Toggle", "id": input_id, "title": title, **fields}


def lines(card: dict[str, Any]) -> list[str]:
    assert_valid_card(card)
    text, _ = render(card)
    return text.splitlines()


class FakeClient:
    """What converse() presses, as TeamsClient would send it; every answer is `reply`."""

    def __init__(self, reply: Reply | None = None) -> None:
        self.sent: list[tuple[Any, ...]] = []
        self.reply = reply or Reply(200, "", [])

    async def say(self, text: str) -> Reply:
        self.sent.append(("say", text))
        return self.reply

    async def submit(self, data: dict[str, Any]) -> Reply:
        self.sent.append(("submit", data))
        return self.reply

    async def execute(self, verb: str, data: dict[str, Any] | None = None) -> Reply:
        self.sent.append(("execute", verb, data))
        return self.reply


async def typed_into(card: dict[str, Any], typed: str, client: FakeClient | None = None) -> str:
    """Show `card`, type `typed` line by line (then the input ends); the screen."""
    client = client or FakeClient()
    shown = io.StringIO()
    _, buttons = render(card)
    await converse(client, buttons, io.StringIO(typed), shown)  # type: ignore[arg-type]
    return shown.getvalue()


# -- what the terminal shows ---------------------------------------------------------------


def test_an_expanded_choice_set_shows_its_choices_numbered_with_the_chosen_one() -> None:
    card = adaptive_card(
        [
            text_block("Set the status"),
            choice_set("status", STATUSES, label="New status", value="mitigated", expanded=True),
        ],
        [submit("Save", {"verb": "save"})],
    )
    assert lines(card) == [
        "Set the status",
        "New status [one of 1-3]",
        "  ( ) 1) Investigating",
        "  (o) 2) Mitigated",
        "  ( ) 3) Closed",
        "",
        "[1] Save",
        INPUTS_HINT,
    ]


def test_a_compact_choice_set_is_a_list_to_choose_one_from() -> None:
    card = adaptive_card(
        [choice_set("status", STATUSES, label="New status", required=True)],
        [submit("Save", {"verb": "save"})],
    )
    assert lines(card)[:4] == [
        "New status (required) [one of 1-3, from a list]",
        "  ( ) 1) Investigating",
        "  ( ) 2) Mitigated",
        "  ( ) 3) Closed",
    ]


def test_a_multi_select_choice_set_ticks_each_chosen_value() -> None:
    multi = {**choice_set("kinds", STATUSES, label="Which?", value="investigating,closed")}
    card = adaptive_card([{**multi, "isMultiSelect": True, "style": "expanded"}])
    assert lines(card) == [
        "Which? [any of 1-3]",
        "  [x] 1) Investigating",
        "  [ ] 2) Mitigated",
        "  [x] 3) Closed",
    ]


def test_a_toggle_shows_its_label_and_whether_it_is_on() -> None:
    card = adaptive_card(
        [
            toggle("notify", "Tell the reporter", label="Notify", value="true"),
            toggle("urgent", "Urgent", valueOn="yes", valueOff="no"),
        ]
    )
    assert lines(card) == ["Notify", "  [x] Tell the reporter", "  [ ] Urgent"]


def test_a_text_input_shows_its_label_placeholder_or_value() -> None:
    note = input_text("note", label="Note", placeholder="Anything the reporter should know")
    card = adaptive_card(
        [
            note,
            {**input_text("reason", label="Reason", required=True), "value": "Too broad"},
            {"type": "Input.Text", "id": "bare", "placeholder": "Search"},
        ]
    )
    assert lines(card) == [
        "Note: ________  hint: Anything the reporter should know",
        "Reason (required): [Too broad]",
        "Search: ________",
    ]


def test_number_date_and_time_inputs_say_what_they_take() -> None:
    card = adaptive_card(
        [
            {"type": "Input.Number", "id": "n", "label": "People", "min": 1, "max": 500},
            {"type": "Input.Date", "id": "d", "label": "Day", "value": "2024-11-25"},
            {"type": "Input.Time", "id": "t", "label": "Time"},
        ]
    )
    assert lines(card) == [
        "People: ________ (a number from 1 to 500)",
        "Day: [2024-11-25] (YYYY-MM-DD)",
        "Time: ________ (HH:MM)",
    ]


def test_a_hidden_input_is_not_shown() -> None:
    card = adaptive_card(
        [
            container([input_text("secret", label="Secret")], style=None),
            {**input_text("gone", label="Gone"), "isVisible": False},
        ]
    )
    card["body"][0]["isVisible"] = False
    assert lines(card) == []


def test_cards_without_inputs_read_exactly_as_cardkit_shows_them() -> None:
    decision = decide(POLICY, "Can I use ChatGPT to summarise a resident's complaint?")
    for card in (answer_card(decision, POLICY), welcome_card(POLICY), help_card(POLICY)):
        text, buttons = render(card)
        expected, actions = render_text(card)
        assert text == expected
        assert [b.title for b in buttons] == [a.title for a in actions]
        for button, action in zip(buttons, actions, strict=True):
            assert button.card == action.card
            if action.card is None:
                assert button.sent() == action.data


def test_the_incident_reports_kinds_card_shows_every_kind() -> None:
    card = kinds_card("What kind?", KIND_OPTIONS, report="r-1", field="data_kinds", hint="Or type")
    shown = lines(card)
    assert shown[1] == "Choose any that apply [any of 1-5]"
    # its titles are numbered already ("1. Personal details ..."), so no second number
    assert shown[2:7] == [f"  [ ] {n}. {o.title}" for n, o in enumerate(KIND_OPTIONS, 1)]
    assert shown[-2:] == ["[1] Continue", INPUTS_HINT]


# -- answers and prompts -------------------------------------------------------------------


def test_a_choice_is_taken_by_its_number_title_or_value() -> None:
    single = choice_set("status", STATUSES, label="New status")
    assert answer(single, "2") == "mitigated"
    assert answer(single, "closed") == "closed"
    assert answer(single, "Investigating") == "investigating"
    assert answer(single, "") is None
    with pytest.raises(ValueError, match="from 1 to 3"):
        answer(single, "4")
    multi = {**single, "isMultiSelect": True}
    assert answer(multi, "3, 1") == "investigating,closed"  # in the card's order
    assert answer(multi, "1 3 3") == "investigating,closed"
    assert answer(multi, "Mitigated, closed") == "mitigated,closed"
    with pytest.raises(ValueError, match="is needed"):
        answer({**multi, "isRequired": True}, " , ")
    looked_up = {**single, "choices": [], "choices.data": {"type": "Data.Query", "dataset": "x"}}
    assert input_lines(looked_up) == ["New status [type a value]"]
    assert answer(looked_up, "Someone Else") == "Someone Else"


def test_an_empty_answer_keeps_the_cards_value_and_a_required_input_needs_one() -> None:
    given = choice_set("status", STATUSES, label="New status", value="mitigated", required=True)
    assert answer(given, "") == "mitigated"
    needed = input_text("reason", label="Reason", required=True, error_message="Give a reason.")
    with pytest.raises(ValueError, match=r"^Give a reason\.$"):
        answer(needed, " ")
    assert answer({**needed, "value": "Too broad"}, "") == "Too broad"


def test_toggles_numbers_dates_and_times_are_sent_as_teams_sends_them() -> None:
    urgent = toggle("urgent", "Urgent", valueOn="yes", valueOff="no")
    assert [answer(urgent, typed) for typed in ("", "y", "N", "yes")] == ["no", "yes", "no", "yes"]
    with pytest.raises(ValueError):
        answer(urgent, "maybe")
    number = {"type": "Input.Number", "id": "n", "label": "People", "min": 1, "max": 500}
    assert answer(number, "12") == "12"
    assert answer(number, "2.5") == "2.5"
    with pytest.raises(ValueError, match="from 1 to 500"):
        answer(number, "501")
    with pytest.raises(ValueError, match="not a number"):
        answer(number, "twelve")
    day = {"type": "Input.Date", "id": "d", "label": "Day", "min": "2024-01-01"}
    assert answer(day, "2024-11-25") == "2024-11-25"
    with pytest.raises(ValueError):
        answer(day, "25/11/2024")
    with pytest.raises(ValueError, match="at least 2024-01-01"):
        answer(day, "2023-12-31")
    assert answer({"type": "Input.Time", "id": "t", "label": "Time"}, "14:05") == "14:05"


def test_a_text_answer_keeps_to_the_inputs_length_and_pattern() -> None:
    short = input_text("code", label="Code", max_length=4)
    assert answer(short, "ab12") == "ab12"
    with pytest.raises(ValueError, match="5 characters"):
        answer(short, "ab123")
    patterned = {**short, "regex": r"^\d+$", "errorMessage": "Digits only."}
    with pytest.raises(ValueError, match="Digits only"):
        answer(patterned, "ab")


def test_each_prompt_says_how_to_answer_and_what_enter_keeps() -> None:
    status = choice_set("status", STATUSES, label="New status", value="mitigated")
    assert input_prompt(status) == "  New status [1-3; Enter keeps 2]> "
    kinds = {**choice_set("kinds", STATUSES, label="Which?", value="closed"), "isMultiSelect": True}
    assert input_prompt(kinds) == "  Which? [numbers from 1 to 3, e.g. 1, 3; Enter keeps 3]> "
    assert input_prompt(toggle("urgent", "Urgent")) == "  Urgent [y/n; Enter keeps n]> "
    assert input_prompt(input_text("note", label="Note")) == "  Note> "
    assert input_prompt({"type": "Input.Date", "id": "d", "label": "Day"}) == "  Day [YYYY-MM-DD]> "


async def test_filling_in_asks_again_until_an_answer_can_be_taken() -> None:
    inputs = [
        CardInput(choice_set("status", STATUSES, label="New status", required=True)),
        CardInput(input_text("note", label="Note")),
        CardInput(input_text("hidden", label="Hidden"), shown=False),
    ]
    inputs[2].element["value"] = "kept"
    answers = iter(["", "9", "3", ""])
    asked: list[str] = []

    async def read(prompt: str) -> str | None:
        asked.append(prompt)
        return next(answers)

    screen = io.StringIO()
    assert await fill(inputs, read, screen) == {"status": "closed", "hidden": "kept"}
    assert asked == ["  New status [1-3]> "] * 3 + ["  Note> "]
    assert screen.getvalue().splitlines() == [
        "  New status is needed.",
        '  "9" is not one of the choices: type a number from 1 to 3.',
    ]


# -- pressing: the data sent ---------------------------------------------------------------


async def test_submit_sends_its_data_with_every_input_keyed_by_its_id() -> None:
    card = adaptive_card(
        [
            choice_set("status", STATUSES, label="New status", expanded=True),
            input_text("note", label="Note", placeholder="Optional"),
            toggle("notify", "Tell the reporter"),
            {**choice_set("kinds", STATUSES, label="Kinds"), "isMultiSelect": True},
            input_text("empty", label="Left empty"),
        ],
        [submit("Save status", {"verb": "save", "reference": "INC-1", "note": "from data"})],
    )
    client = FakeClient()
    screen = await typed_into(card, "1\n2\nContained on Monday\ny\n3, 1\n\n", client)
    assert client.sent == [
        (
            "submit",
            {
                "verb": "save",
                "reference": "INC-1",
                "status": "mitigated",
                "note": "Contained on Monday",  # an input wins over data of the same name
                "notify": "true",
                "kinds": "investigating,closed",
            },
        )
    ]
    assert "  New status [1-3]> " in screen
    assert "  Kinds [numbers from 1 to 3, e.g. 1, 3]> " in screen


async def test_a_button_that_gathers_no_inputs_asks_nothing() -> None:
    card = adaptive_card(
        [input_text("note", label="Note", required=True)],
        [{**submit("Cancel", {"verb": "cancel"}), "associatedInputs": "none"}],
    )
    client = FakeClient()
    screen = await typed_into(card, "1\n", client)
    assert client.sent == [("submit", {"verb": "cancel"})]
    assert "Note>" not in screen


async def test_a_showcard_opens_and_its_execute_is_an_invoke_with_its_and_the_cards_inputs() -> (
    None
):
    form = sub_card([input_text("conditions", label="Conditions", required=True)])
    form["actions"] = [execute("Approve", "approve_with_conditions", {"reference": "AR-7"})]
    card = adaptive_card(
        [text_block("Request AR-7"), input_text("comment", label="Comment")],
        [execute("Approve", "approve", {"reference": "AR-7"}), show_card("With conditions", form)],
    )
    replaced = adaptive_card([text_block("Approved with conditions by you.")])
    invoke_answer = {"statusCode": 200, "type": ADAPTIVE}
    client = FakeClient(Reply(200, {**invoke_answer, "value": replaced}, []))
    screen = await typed_into(card, "2\n1\n\nPublic data only\n", client)
    assert client.sent == [
        (
            "execute",
            "approve_with_conditions",
            {
                "reference": "AR-7",
                "verb": "approve_with_conditions",
                "conditions": "Public data only",
            },
        )
    ]
    assert "Conditions (required): ________" in screen  # the ShowCard's card, opened
    assert "  Comment> " in screen and "  Conditions> " in screen
    assert "policybot (the card now reads)>\nApproved with conditions by you." in screen


async def test_the_requesters_answer_card_sends_the_answer_typed() -> None:
    card = question_for_requester_card("AR-3", "Pat Approver", "Which data will you use?")
    client = FakeClient()
    screen = await typed_into(card, "1\n1\nOnly the published agenda\n", client)
    assert "Your answer (required): ________" in screen
    assert client.sent == [
        (
            "submit",
            {"verb": VERB_ANSWER, "reference": "AR-3", "answer": "Only the published agenda"},
        )
    ]


async def test_the_kinds_card_sends_the_kinds_chosen_by_number() -> None:
    card = kinds_card("What kind?", KIND_OPTIONS, report="r-1", field="data_kinds", hint="Or type")
    client = FakeClient()
    await typed_into(card, "1\n3, 1\n", client)
    data = {
        "report": "r-1",
        "field": "data_kinds",
        "choice": "chosen",
        "kinds": "personal,children",
    }
    assert client.sent == [("submit", {"verb": verbs.INCIDENT_REPLY, **data})]


async def test_the_input_ending_while_filling_in_ends_the_chat_without_pressing() -> None:
    card = adaptive_card(
        [input_text("note", label="Note", required=True)], [submit("Send", {"verb": "x"})]
    )
    client = FakeClient()
    await typed_into(card, "1\n", client)
    assert client.sent == []


async def test_buttons_in_an_action_set_gather_the_cards_inputs_too() -> None:
    card = adaptive_card(
        [
            container([choice_set("pick", STATUSES, label="Pick", expanded=True)]),
            action_set([submit("Go", {"verb": "go"})]),
        ]
    )
    client = FakeClient()
    await typed_into(card, "1\ninvestigating\n", client)
    assert client.sent == [("submit", {"verb": "go", "pick": "investigating"})]


def test_a_button_is_what_teams_would_send() -> None:
    button = Button("Go", "Action.Submit", data="hello")
    assert button.sent() == {"text": "hello"}
    assert Button("Go", "Action.Submit").sent({"a": "1"}) == {"a": "1"}


async def test_inputs_in_hidden_parts_are_asked_for_once_a_button_shows_them() -> None:
    """A ToggleVisibility button opens the hidden parts as a card of their own (cardkit); their
    inputs are then asked for like any other, and until then only their values are sent."""
    hidden = {
        **container([input_text("extra", label="Extra detail")]),
        "id": "more",
        "isVisible": False,
    }
    card = adaptive_card(
        [input_text("note", label="Note"), hidden],
        [
            {"type": "Action.ToggleVisibility", "title": "More", "targetElements": ["more"]},
            submit("Send", {"verb": "send"}),
        ],
    )
    assert "Extra detail" not in render(card)[0]
    again = {"type": "message", "attachments": [{"contentType": ADAPTIVE, "content": card}]}
    client = FakeClient(Reply(200, "", [again]))  # each press is answered with the card again
    screen = await typed_into(card, "2\nfirst\n1\n2\nsecond\nthird\n", client)
    assert client.sent == [
        ("submit", {"verb": "send", "note": "first"}),
        ("submit", {"verb": "send", "note": "second", "extra": "third"}),
    ]
    assert "Extra detail: ________" in screen
    assert screen.count("  Extra detail> ") == 1
