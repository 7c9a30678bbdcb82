"""`policybot chat`: the real service over HTTP, cards as text, buttons by number."""

from __future__ import annotations

import io

from bot.devtools.terminal_chat import chat
from bot.settings import Settings


async def test_a_terminal_conversation(local_settings: Settings) -> None:
    typed = io.StringIO("Can I use ChatGPT to draft emails?\n1\nwho owns this policy?\n")
    shown = io.StringIO()
    assert await chat(local_settings, typed, shown) == 0
    screen = shown.getvalue()
    assert "not generative AI" in screen  # the welcome
    answers = screen.split("you>")
    assert "allowed with conditions" in answers[1].lower()
    assert "[1] What about with personal data?" in answers[1]
    assert "needs approval" in answers[2].lower()  # button 1 asked the follow-up
    assert "about the policy" in answers[3].lower()
