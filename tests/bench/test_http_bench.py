"""The HTTP benchmark's parts work (no timing is asserted: machines here are shared and noisy),
so `make bench` cannot rot unnoticed."""

from __future__ import annotations

import pytest
from aiohttp import web

from bench.echo_bot import CardEchoBot, create_echo_app
from bench.http_bench import load, p
from bot.devtools.fake_connector import FakeConnector
from bot.settings import Settings


async def _serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


@pytest.mark.parametrize("card", [False, True], ids=["echo", "card echo"])
async def test_a_load_times_every_reply_and_turn(connector: FakeConnector, card: bool) -> None:
    app = create_echo_app(Settings(port=0), CardEchoBot() if card else None)
    runner, url = await _serve(app)
    try:
        replies, turns, elapsed = await load([url], connector, 3, 2, paced=False)
    finally:
        await runner.cleanup()
    assert len(replies) == len(turns) == 6 and elapsed > 0
    assert replies == sorted(replies) and turns == sorted(turns)
    assert all(reply > 0 for reply in replies)
    sent = connector.sent()
    attachments = [a for activity in sent for a in activity.get("attachments") or []]
    if card:  # the card echo sends policybot's answer card, every time
        assert len(attachments) == len(sent)
        assert attachments[0]["content"]["body"][0]["items"][0]["text"] == "Not allowed"
    else:
        assert not attachments and sent[0]["text"].startswith("echo: ")


async def test_a_load_on_several_instances_gives_each_its_own_conversations(
    connector: FakeConnector,
) -> None:
    """The PostgreSQL rows with two instances: CONVERSATIONS per instance, all timed."""
    servers = [await _serve(create_echo_app(Settings(port=0))) for _ in range(2)]
    try:
        replies, turns, _ = await load([url for _, url in servers], connector, 6, 2, paced=False)
    finally:
        for runner, _ in servers:
            await runner.cleanup()
    assert len(replies) == len(turns) == 24
    conversations = {r.conversation_id for r in connector.received}
    assert len(conversations) == 12


def test_quantiles_are_nearest_rank() -> None:
    samples = [float(n) for n in range(1, 101)]
    assert (p(samples, 0.5), p(samples, 0.99), p(samples, 1.0)) == (50.0, 99.0, 100.0)
    assert p([7.0], 0.99) == 7.0
