"""Fixtures for the browser tests: the tools checked, the bot and the Playground started from
temporary folders and always stopped, an artefacts folder for screenshots.

Without node, chromium or tests/browser/node_modules the tests are skipped with a reason saying
how to install them, except under CI=true, where that is a failure: CI never skips them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from tests.browser.playground import (
    INSTALL_HINT,
    BrowserTools,
    Chat,
    Server,
    StartError,
    Tenant,
    find_tools,
    start_card_bot,
    start_playground,
    start_policybot,
)

T = TypeVar("T")
ARTEFACT_DIRS = pytest.StashKey[list[str]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "browser: drives Microsoft 365 Agents Playground in headless chromium "
        "(needs node, chromium and `npm ci --prefix tests/browser`)",
    )
    config.stash[ARTEFACT_DIRS] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    dirs = terminalreporter.config.stash.get(ARTEFACT_DIRS, [])
    if dirs:
        terminalreporter.section("browser test artefacts (screenshots, page text)")
        for line in dirs:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def browser_tools() -> BrowserTools:
    tools, problems = find_tools()
    if tools is None:
        reason = f"{'; '.join(problems)}. To run it: {INSTALL_HINT}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but the browser test cannot run: {reason}", pytrace=False)
        pytest.skip(f"browser test skipped: {reason}")
    return tools


@pytest.fixture
def artefacts(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    path = tmp_path / "artefacts"
    path.mkdir()
    print(f"browser artefacts: {path}")
    request.config.stash[ARTEFACT_DIRS].append(f"{request.node.nodeid}: {path}")
    return path


@pytest.fixture
def tenant() -> Tenant:
    return Tenant()


@pytest.fixture
def policybot(browser_tools: BrowserTools, tenant: Tenant, tmp_path: Path) -> Iterator[Server]:
    """Asks for browser_tools first so that nothing starts when the test is to be skipped."""
    server = _start(lambda: start_policybot(tmp_path / "policybot", tenant.policybot_env()))
    yield server
    server.stop()


@pytest.fixture
def chat(
    browser_tools: BrowserTools, policybot: Server, tenant: Tenant, tmp_path: Path, artefacts: Path
) -> Iterator[Chat]:
    """The Playground in front of policybot, as `tenant`'s Priya in her personal chat."""
    workdir = tmp_path / "playground"
    config = tenant.playground_config()
    server = _start(lambda: start_playground(browser_tools, workdir, policybot.url, config))
    yield Chat(browser_tools, server, policybot, artefacts)
    server.stop()


@pytest.fixture
def card_bot(browser_tools: BrowserTools, tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    server, record = _start(lambda: start_card_bot(tmp_path / "card-bot"))
    yield server, record
    server.stop()


@pytest.fixture
def card_chat(
    browser_tools: BrowserTools,
    card_bot: tuple[Server, Path],
    tenant: Tenant,
    tmp_path: Path,
    artefacts: Path,
) -> Iterator[Chat]:
    """The Playground in front of the stand-in card_bot.py."""
    bot, _ = card_bot
    config = tenant.playground_config()
    workdir = tmp_path / "playground"
    server = _start(lambda: start_playground(browser_tools, workdir, bot.url, config))
    yield Chat(browser_tools, server, bot, artefacts)
    server.stop()


def _start(start: Callable[[], T]) -> T:
    """A server that would not start fails the test with its log (it has been stopped)."""
    try:
        return start()
    except StartError as exc:
        pytest.fail(str(exc), pytrace=False)
