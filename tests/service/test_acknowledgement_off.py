"""A policy that does not turn acknowledgement on (the bundled ones) never asks."""

from __future__ import annotations

from bot.devtools.client import Person, cards_of
from tests.service.test_approval_board import text_of


async def test_a_policy_that_does_not_ask_never_asks(service, make_client) -> None:
    chat = make_client(person=Person(name="Rae Reader"))
    for question in ("Can I use ChatGPT to draft an email?", "Can I use Claude for a poster?"):
        reply = await chat.say(question)
        shown = [card for activity in reply.activities for card in cards_of(activity)]
        assert len(shown) == 1
        assert "The policy you work under" not in text_of(shown[0])
