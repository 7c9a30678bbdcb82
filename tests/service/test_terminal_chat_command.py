"""`policybot chat` as a person runs it: the installed console script, talked to through pipes,
each reply read up to the prompt that follows it. A question and its verdict, a button pressed
by number, the approval request's choice of classification, the incident report's multi-select
list of kinds (a card input the terminal must show and fill in), then quit."""

from __future__ import annotations

import codecs
import os
import re
import select
import subprocess
import time
from pathlib import Path
from subprocess import PIPE

from .test_terminal_chat import _installed_command

YOU = "\nyou> "
TURN_SECONDS = 20  # one reply; the whole conversation takes a few seconds


class Terminal:
    """The chat's stdin and stdout: `type` a line, then `read_until` a prompt appears."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdin is not None and process.stdout is not None
        self.process = process
        self.fd = process.stdout.fileno()
        self.decoder = codecs.getincrementaldecoder("utf-8")()  # a read may split a character

    def read_until(self, prompt: str = YOU, timeout: float = TURN_SECONDS) -> str:
        """Everything shown up to and including `prompt` (a regex) at the end of the output."""
        shown, deadline = "", time.monotonic() + timeout
        while not re.search(f"(?:{prompt})$", shown):
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self.fd], [], [], max(left, 0))
            if not ready:
                raise AssertionError(f"no {prompt!r} within {timeout}s; shown:\n{shown}")
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise AssertionError(f"the chat ended before {prompt!r}; shown:\n{shown}")
            shown += self.decoder.decode(chunk)
        return shown

    def press(self, title: str, shown: str, until: str = YOU) -> str:
        """Press the button `title` on the last card `shown`, by typing its number."""
        numbers = re.findall(rf"^\[(\d+)\] {re.escape(title)}$", shown, re.MULTILINE)
        assert numbers, f"no button {title!r} in:\n{shown}"
        return self.type(numbers[-1], until)

    def type(self, line: str, until: str = YOU) -> str:
        """Type `line` and read the reply up to the next prompt."""
        self.send(line)
        return self.read_until(until)

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(f"{line}\n".encode())
        self.process.stdin.flush()

    def quit(self) -> None:
        self.send("quit")
        assert self.process.wait(timeout=TURN_SECONDS) == 0
        assert self.process.stdout is not None and self.process.stdout.read() == b"\n"


def test_a_conversation_through_the_installed_command(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MicrosoftApp", "POLICYBOT_"))}
    env.update(
        POLICYBOT_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'chat.sqlite3'}",
        POLICYBOT_LOG_LEVEL="WARNING",
        PYTHONIOENCODING="utf-8",
    )
    command = [_installed_command(), "chat"]
    with (
        (tmp_path / "stderr.txt").open("wb") as errors,
        subprocess.Popen(
            command, stdin=PIPE, stdout=PIPE, stderr=errors, env=env, cwd=tmp_path
        ) as process,
    ):
        try:
            converse(Terminal(process))
        finally:
            if process.poll() is None:  # a failed step: don't leave the chat running
                process.kill()
    assert "Traceback" not in (tmp_path / "stderr.txt").read_text()


def converse(terminal: Terminal) -> None:
    welcome = terminal.read_until(timeout=60)  # the first start may compile the policy's files
    assert "[3] Report an incident" in welcome

    # a question, its verdict, and a button pressed by its number
    answer = terminal.type("Can I use ChatGPT to draft emails?")
    assert "allowed with conditions" in answer.lower()
    # personal data in a named public chatbot: no, without explicit authorisation
    assert "not allowed" in terminal.press("What about with personal data?", answer).lower()

    # the approval request: a typed step, then a choice of classification by number
    asked = terminal.type("request approval for Midjourney to make posters")
    assert "Tool: Midjourney" in asked
    assert "What kind of information will you put into it?" in asked
    choices = terminal.type("nothing but my own prompts")
    assert "How sensitive is that information?" in choices
    # one list, least sensitive first, each kind whole; Continue asks which, by number
    assert "1. Publicly available information only: nothing personal" in choices
    assert re.search(r"^\[\d\] Continue$", choices, re.MULTILINE)
    prompt = terminal.press("Continue", choices, until=r"\[1-7\]> ")
    assert "The most sensitive kind that would go in" in prompt
    output = terminal.type("1")
    assert "What do you expect Midjourney to produce?" in output
    assert "cancel" in terminal.type("cancel").lower()

    # the incident report, up to its list of kinds of data: an Input.ChoiceSet on the card
    assert "What happened?" in terminal.type("report an incident")
    # a description that names no tool, data or people: each is asked in turn
    assert "Which AI tool" in terminal.type("I pasted something into an AI chat by mistake")
    when = terminal.type("ChatGPT")
    assert "When did it happen?" in when
    involved = terminal.press("Yes", terminal.type("yesterday"))  # "I've noted <that day>"
    assert "Was any personal, sensitive or confidential information involved?" in involved
    kinds = terminal.press("Yes", involved)
    assert "Choose any that apply [any of 1-5]" in kinds
    assert "  [ ] 1. Personal details (names, contact details, case notes)" in kinds
    assert "  [ ] 3. About children or pupils" in kinds
    # pressing Continue asks for the ticks, then sends them as the card's "kinds" input
    prompt = terminal.press("Continue", kinds, until=r"\[numbers from 1 to 5, e\.g\. 1, 3\]> ")
    assert prompt.endswith("  Choose any that apply [numbers from 1 to 5, e.g. 1, 3]> ")
    assert "Whose information was it?" in terminal.type("1, 3")
    # "one resident" says how many people too: that is not asked again
    assert "What has been done so far?" in terminal.type("one resident")
    summary = terminal.type("nothing yet")
    assert "Information involved: Yes: about children or pupils, personal details" in summary
    assert "Cancelling keeps your answers" in summary

    terminal.quit()
