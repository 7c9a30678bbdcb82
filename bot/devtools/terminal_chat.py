"""`policybot chat`: the real service and a fake Bot Connector in this process, talking over
real HTTP on loopback, with cards rendered as text and their buttons numbered."""

from __future__ import annotations

import asyncio
import getpass
from typing import Any, TextIO

import aiohttp
from aiohttp import web

from cardkit.text import render_text

from ..settings import Settings
from .client import Person, Reply, TeamsClient, cards_of
from .fake_connector import FakeConnector

PROMPT = "\nyou> "


async def chat(settings: Settings, source: TextIO, sink: TextIO) -> int:
    from ..app import create_app

    connector = FakeConnector()
    await connector.start()
    runner = web.AppRunner(create_app(settings), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", settings.port).start()
    bot_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        async with aiohttp.ClientSession() as session:
            client = TeamsClient(bot_url, connector, session, Person(name=_name()))
            sink.write(
                "policybot chat: type a question; a number presses a button; Ctrl-D quits.\n"
            )
            actions = show(await client.install(), sink)
            await converse(client, actions, source, sink)
    finally:
        await runner.cleanup()
        await connector.stop()
    return 0


async def converse(client: TeamsClient, actions: list[Any], source: TextIO, sink: TextIO) -> None:
    while True:
        sink.write(PROMPT)
        sink.flush()
        line = await asyncio.to_thread(source.readline)
        if not line or line.strip().lower() in {"quit", "exit"}:
            sink.write("\n")
            return
        text = line.strip()
        if text.isdigit() and 1 <= int(text) <= len(actions):
            chosen = actions[int(text) - 1]
            if chosen.card is not None:  # "Show clause text": open the sub-card here
                body, more = render_text(chosen.card)
                sink.write(body + "\n")
                actions = more or actions
                continue
            actions = show(await client.submit(chosen.data), sink)
        elif text:
            actions = show(await client.say(text), sink)


def show(reply: Reply, sink: TextIO) -> list[Any]:
    """Print what the bot sent; return the buttons of its last card, numbered from 1."""
    actions: list[Any] = []
    if reply.status >= 400:
        sink.write(f"(the bot answered HTTP {reply.status})\n")
    for activity in reply.activities:
        if activity.get("text"):
            sink.write(f"\npolicybot> {activity['text']}\n")
        for card in cards_of(activity):
            body, actions = render_text(card)
            sink.write(f"\npolicybot>\n{body}\n")
    sink.flush()
    return actions


def _name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "you"
