"""`policybot chat`: the real service over HTTP, cards as text, buttons by number."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.devtools.terminal_chat import chat
from bot.settings import Settings


async def test_a_terminal_conversation(local_settings: Settings) -> None:
    typed = io.StringIO("Can I use ChatGPT to draft emails?\n4\nwho owns this policy?\n1\n")
    shown = io.StringIO()
    assert await chat(local_settings, typed, shown) == 0
    screen = shown.getvalue()
    assert "not generative AI" in screen  # the welcome
    answers = screen.split("you>")
    assert "allowed with conditions" in answers[1].lower()
    assert "[1] Right\n[2] Not right\n[3] Ask the board" in answers[1]  # "Was this right?"
    assert "[4] What about with personal data?" in answers[1]
    assert "not allowed" in answers[2].lower()  # button 4 asked the follow-up
    assert "about the policy" in answers[3].lower()
    assert "Thanks: noted." in answers[4]  # "Right" thanked in place


def test_the_installed_command(tmp_path: Path) -> None:
    """Through the console script, as the README runs it: its options and the chat's own free
    port once collided, a crash no call of `chat()` could see."""
    command = _installed_command()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MicrosoftApp", "POLICYBOT_"))}
    done = subprocess.run(
        [command, "chat", "--database-url", f"sqlite+aiosqlite:///{tmp_path / 'chat.db'}"],
        input="Can I use ChatGPT to draft emails?\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "allowed with conditions" in done.stdout.lower()


def test_a_wrong_database_url_is_said_plainly(tmp_path: Path) -> None:
    command = _installed_command()
    done = subprocess.run(
        [command, "chat", "--database-url", f"sqlite:///{tmp_path / 'chat.db'}"],
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("policybot: POLICYBOT_DATABASE_URL uses driver 'sqlite'")
    assert "Traceback" not in done.stderr


def _installed_command() -> str:
    executable = Path(sys.executable).with_name("policybot")
    command = str(executable) if executable.exists() else shutil.which("policybot")
    assert command, "policybot is not installed in this environment"
    return command
