"""Microsoft 365 Agents Playground in a real (headless) browser, for tests.

The pieces, each started from a temporary folder and always stopped: a bot (policybot serve, or
the stand-in card_bot.py) on a free port, the Playground (node, from tests/browser/node_modules)
pointed at it, and drive.mjs, which opens the Playground in Debian's chromium and runs a list of
steps built by the functions below. A test is a list of steps; a new turn of conversation is a
few more steps. tests/browser/drive.mjs says what each step does and what the Playground sends.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest
import yaml

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
PLAYGROUND_CLI = NODE_MODULES / "@microsoft" / "m365agentsplayground" / "cli.js"
DRIVER = HERE / "drive.mjs"
CARD_BOT = HERE / "card_bot.py"
INSTALL_HINT = (
    "install Debian's chromium and nodejs (Node 20 or later, with npm), "
    "then run `npm ci --prefix tests/browser`; `.ci/run` does all of it"
)
MIN_NODE = 20
STEP_TIMEOUT_MS = 15_000
DRIVER_TIMEOUT_S = 180
START_TIMEOUT_S = 30

Step = dict[str, Any]


# -- steps (drive.mjs documents what each does) --------------------------------------------------


def _step(do: str, timeout_ms: int | None, **arguments: Any) -> Step:
    step = {"do": do, **{k: v for k, v in arguments.items() if v is not None}}
    if timeout_ms is not None:
        step["timeout_ms"] = timeout_ms
    return step


def open_conversation(name: str) -> Step:
    """'Personal Chat' (open at the start), 'Group Chat', or '<team> - <channel>'."""
    return _step("open", None, conversation=name)


def say(text: str, *, mention: str | None = None) -> Step:
    """Type and send `text`; in a group chat or channel, @mention `mention` (the bot) first."""
    return _step("say", None, text=text, mention=mention)


def expect_card(text: str, *, anywhere: bool = False, timeout_ms: int | None = None) -> Step:
    """A bot card containing `text`, sent since the last say or click unless `anywhere`."""
    return _step("expect_card", timeout_ms, text=text, anywhere=anywhere or None)


def expect_text(text: str, *, anywhere: bool = False, timeout_ms: int | None = None) -> Step:
    """A bot message (text or card) containing `text`, since the last say or click unless
    `anywhere` (an Action.Execute's invoke response shows under its card: use anywhere)."""
    return _step("expect_text", timeout_ms, text=text, anywhere=anywhere or None)


def click(button: str, *, card: str | None = None) -> Step:
    """The button titled `button` on the newest card containing `card` (the newest card)."""
    return _step("click", None, button=button, card=card)


def fill(field: str, value: str | bool | Sequence[str], *, card: str | None = None) -> Step:
    """The input labelled `field` (or with that placeholder): text for Input.Text, a choice's
    title (or a list of titles) for Input.ChoiceSet, true/false for Input.Toggle."""
    if not isinstance(value, str | bool):
        value = list(value)
    return _step("fill", None, field=field, value=value, card=card)


def screenshot(name: str, *, card: str | None = None, timeout_ms: int | None = None) -> Step:
    """The window, or the whole of the newest card containing `card` (waited for up to the
    step's timeout), as NN-name.png."""
    return _step("screenshot", timeout_ms, name=name, card=card)


# -- what must be installed ----------------------------------------------------------------------


@dataclass(frozen=True)
class BrowserTools:
    node: str
    chromium: str


def find_tools() -> tuple[BrowserTools | None, list[str]]:
    """The node and chromium to use, or what is missing. POLICYBOT_CHROMIUM overrides chromium."""
    problems: list[str] = []
    node = shutil.which("node")
    if node is None:
        problems.append("no `node` on PATH")
    elif (major := _node_major(node)) < MIN_NODE:
        problems.append(f"node {major} is too old (need {MIN_NODE} or later)")
    chromium = os.environ.get("POLICYBOT_CHROMIUM") or shutil.which("chromium")
    if not chromium or not os.access(chromium, os.X_OK):
        problems.append(f"no chromium ({chromium or 'not on PATH'})")
    problems += _node_modules_problems()
    if problems or node is None or chromium is None:
        return None, problems
    return BrowserTools(node=node, chromium=chromium), []


def _node_major(node: str) -> int:
    result = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    match = re.match(r"v(\d+)", result.stdout.strip())
    return int(match.group(1)) if match else 0


def _node_modules_problems() -> list[str]:
    """node_modules must hold exactly the versions package-lock.json pins."""
    locked = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    problems = []
    for path, entry in locked.items():
        if not path:
            continue
        manifest = HERE / path / "package.json"
        if not manifest.is_file():
            problems.append(f"{path} is not installed")
            continue
        version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
        if version != entry.get("version"):
            problems.append(f"{path} is {version}, package-lock.json pins {entry.get('version')}")
    return problems


# -- processes -----------------------------------------------------------------------------------


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A process we started in its own session (so stop() ends its children too), its log."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    url: str = ""

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def start_server(name: str, args: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Server:
    cwd.mkdir(parents=True, exist_ok=True)
    log = cwd / f"{name}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            list(args),
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(name=name, process=process, log=log)


class StartError(Exception):
    """policybot or the Playground did not come up; the message says which and why."""


def wait_until(server: Server, ready: Callable[[], bool], what: str) -> None:
    """Poll `ready` until it is true; StartError (with the log) if the process ends or
    START_TIMEOUT_S pass first."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while not ready():
        if server.process.poll() is not None:
            raise StartError(
                f"{server.name} exited ({server.process.returncode}) before {what}:\n"
                f"{server.log_tail()}"
            )
        if time.monotonic() > deadline:
            raise StartError(
                f"{server.name}: no {what} in {START_TIMEOUT_S} s:\n{server.log_tail()}"
            )
        time.sleep(0.1)


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _started(server: Server, ready: Callable[[], bool], what: str) -> Server:
    try:
        wait_until(server, ready, what)
    except BaseException:
        server.stop()
        raise
    return server


def _clean_env(extra: Mapping[str, str]) -> dict[str, str]:
    """Ours only: no bot credentials or policybot settings from the developer's shell."""
    prefixes = ("MicrosoftApp", "POLICYBOT_", "TO_BOT_FROM_CHANNEL_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    return {**env, **extra}


def start_policybot(workdir: Path, env: Mapping[str, str]) -> Server:
    """`policybot serve` in local mode on a free port with a fresh SQLite database; ready when
    GET /readyz answers 200."""
    port = free_port()
    executable = Path(sys.executable).with_name("policybot")
    command = str(executable) if executable.exists() else shutil.which("policybot") or "policybot"
    settings = {
        "POLICYBOT_HOST": "127.0.0.1",
        "POLICYBOT_PORT": str(port),
        "POLICYBOT_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'records.sqlite3'}",
        "POLICYBOT_POLICY": "socitm-template",
        **env,
    }
    server = start_server("policybot", [command, "serve"], workdir, _clean_env(settings))
    server.url = f"http://127.0.0.1:{port}"
    return _started(server, lambda: http_ok(f"{server.url}/readyz"), "GET /readyz 200")


def start_card_bot(workdir: Path) -> tuple[Server, Path]:
    """The stand-in bot of card_bot.py, and the file it records what it receives in."""
    port = free_port()
    record = workdir / "received.jsonl"
    args = [sys.executable, str(CARD_BOT), str(port), str(record)]
    server = start_server("card-bot", args, workdir, _clean_env({}))
    server.url = f"http://127.0.0.1:{port}"
    return _started(server, lambda: http_ok(f"{server.url}/readyz"), "GET /readyz 200"), record


def start_playground(
    tools: BrowserTools, workdir: Path, bot_url: str, config: Mapping[str, Any]
) -> Server:
    """The Playground, run with node directly (an npx wrapper would leave it running when
    stopped) from `workdir`, where it reads its config and writes devTools/ logs. It prints
    "Listening on N", falling back to a random port when N is taken, and prints that even
    when it is about to exit on a bad config: ready means its config API answers."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / ".m365agentsplayground.yml").write_text(yaml.safe_dump(dict(config)), "utf-8")
    args = [
        tools.node,
        str(PLAYGROUND_CLI),
        *("-e", f"{bot_url}/api/messages", "-c", "msteams", "-p", str(free_port())),
        "--disable-telemetry",
    ]
    env = _clean_env({"TEAMSAPPTESTER_BROWSER": "none"})
    server = start_server("playground", args, workdir, env)

    def listening() -> bool:
        match = re.search(r"Listening on (\d+)", server.log_tail())
        if match:
            server.url = f"http://127.0.0.1:{match.group(1)}"
        return bool(match) and http_ok(f"{server.url}/_internal/v1/config")

    return _started(server, listening, "answer on /_internal/v1/config")


# -- a Teams-like tenant with realistic ids ------------------------------------------------------


def _guid(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"policybot-browser-test/{name}"))


def _opaque(name: str, length: int) -> str:
    digest = hashlib.sha512(name.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:length]


def _user(given: str, surname: str) -> dict[str, str]:
    login = f"{given}.{surname}".lower()
    return {
        "id": f"29:1{_opaque(login, 70)}",
        "name": f"{given} {surname}",
        "userPrincipleName": f"{login}@contoso-council.example",
        "aadObjectId": _guid(login),
        "givenName": given,
        "surname": surname,
        "email": f"{login}@contoso-council.example",
    }


@dataclass(frozen=True)
class Tenant:
    """Ids in Teams' own formats, which the Playground's defaults are not: GUID tenant and
    aadObjectIds, `29:` users, `28:` bot, `a:` personal chat, `19:...@thread` chats and team."""

    tenant_id: str = field(default_factory=lambda: _guid("tenant"))
    app_id: str = field(default_factory=lambda: _guid("app"))
    me: dict[str, str] = field(default_factory=lambda: _user("Priya", "Shah"))
    approver: dict[str, str] = field(default_factory=lambda: _user("Megan", "Bowen"))
    others: tuple[dict[str, str], ...] = (
        _user("Adele", "Vance"),
        _user("Isaiah", "Langer"),
        _user("Patti", "Fernandez"),
        _user("Lynne", "Robbins"),
    )

    def playground_config(self) -> dict[str, Any]:
        return {
            "version": "0.1.1",
            "tenantId": self.tenant_id,
            "bot": {"id": f"28:{self.app_id}", "name": "policybot"},
            "currentUser": self.me,
            "users": [self.approver, *self.others],
            "personalChat": {"id": f"a:1{_opaque('personal chat', 90)}"},
            "groupChat": {"id": f"19:{_opaque('group', 32)}@thread.v2", "name": "Library team"},
            "team": {
                "id": f"19:{_opaque('team', 32)}@thread.tacv2",
                "name": "Library services",
                "aadGroupId": _guid("team"),
                "channels": [{"id": f"19:{_opaque('channel', 32)}@thread.tacv2", "name": "AI"}],
            },
        }

    def policybot_env(self) -> dict[str, str]:
        """Only this tenant is let in (its activities really carry it); Megan approves and, as
        the board's administrator, registers its channel."""
        return {
            "POLICYBOT_ALLOWED_TENANTS": self.tenant_id,
            "POLICYBOT_APPROVERS": self.approver["aadObjectId"],
            "POLICYBOT_ADMINS": self.approver["aadObjectId"],
        }

    def as_approver(self) -> Tenant:
        """The same tenant, with Megan (the approver) at the keyboard instead of Priya."""
        return replace(self, me=self.approver, approver=self.me)

    def channel_name(self) -> str:
        """The team channel as the Playground's conversation list names it."""
        team = self.playground_config()["team"]
        return f"{team['name']} - {team['channels'][0]['name']}"


# -- the driver ----------------------------------------------------------------------------------


@dataclass
class Chat:
    """One Playground page; `run(steps)` runs them in a fresh browser and fails the test with
    the driver's account, the screenshots' folder and the servers' logs if a step fails."""

    tools: BrowserTools
    playground: Server
    bot: Server
    artefacts: Path
    runs: int = 0

    def run(self, steps: Sequence[Step], *, timeout_ms: int = STEP_TIMEOUT_MS) -> str:
        self.runs += 1
        spec = {
            "url": f"{self.playground.url}/",
            "chromium": self.tools.chromium,
            "artefacts": str(self.artefacts),
            "timeout_ms": timeout_ms,
            "steps": list(steps),
        }
        spec_file = self.artefacts / f"run-{self.runs}.json"
        spec_file.write_text(json.dumps(spec, indent=2), encoding="utf-8")
        try:
            result = subprocess.run(
                [self.tools.node, str(DRIVER), str(spec_file)],
                capture_output=True,
                text=True,
                timeout=DRIVER_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            pytest.fail(self._report(f"drive.mjs took over {exc.timeout} s", exc), pytrace=False)
        log = spec_file.with_suffix(".log")
        log.write_text(result.stdout + result.stderr, encoding="utf-8")
        if result.returncode != 0:
            headline = f"drive.mjs exited {result.returncode}"
            pytest.fail(self._report(headline, result), pytrace=False)
        print(result.stdout, end="")
        return result.stdout

    def _report(self, headline: str, result: Any) -> str:
        def text(value: Any) -> str:
            return value.decode() if isinstance(value, bytes) else value or ""

        return "\n".join(
            [
                headline,
                text(result.stdout).rstrip(),
                text(result.stderr).rstrip(),
                f"artefacts (screenshots, page text, console): {self.artefacts}",
                f"--- {self.bot.name} log ---",
                self.bot.log_tail(),
                f"--- {self.playground.name} log ---",
                self.playground.log_tail(),
            ]
        )
