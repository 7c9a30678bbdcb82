"""The fake Bot Connector's own behaviour, which other tests rely on: ids for new activities,
updates in place, member look-ups, and failures on demand (429 with Retry-After, 5xx)."""

from __future__ import annotations

import aiohttp

from bot.devtools.fake_connector import FakeConnector


async def test_send_update_members_and_failures_on_demand(connector: FakeConnector) -> None:
    base = connector.url + "v3/conversations/a%3Achat/activities"
    async with aiohttp.ClientSession() as http:
        async with http.post(base, json={"type": "message", "text": "one"}) as response:
            sent_id = (await response.json())["id"]
        async with http.put(f"{base}/{sent_id}", json={"type": "message", "text": "two"}) as r:
            assert r.status == 200
        assert connector.activities[sent_id]["text"] == "two"
        connector.fail_next(2, status=429, retry_after=3)
        for _ in range(2):
            async with http.post(base, json={"type": "message"}) as response:
                assert response.status == 429 and response.headers["Retry-After"] == "3"
        connector.fail_next(1, status=503)
        async with http.post(base, json={"type": "message"}) as response:
            assert response.status == 503 and "Retry-After" not in response.headers
        async with http.post(base, json={"type": "message", "text": "three"}) as response:
            assert response.status == 200
        async with http.get(connector.url + "v3/conversations/a%3Achat/members/29%3Ax") as r:
            assert r.status == 404
    sent = await connector.wait_for_sent(2, "a:chat", timeout=1)
    assert [a.get("text") for a in sent] == ["one", "three"]
