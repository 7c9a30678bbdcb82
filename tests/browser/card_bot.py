"""A stand-in bot for testing the browser driver itself, and for seeing exactly what the Playground
sends when a person fills a card's inputs and presses Action.Submit or Action.Execute.

    python tests/browser/card_bot.py PORT RECORD.jsonl

"form" gets FORM_CARD back. A card submit (a message with a `value`) and an Action.Execute
(an `adaptiveCard/action` invoke) are both answered with a message quoting what arrived, so a
browser step can wait for it. Every activity received is appended to RECORD.jsonl as it arrived.
No authentication: it listens on 127.0.0.1 and replies only to the serviceUrl it is given.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, web

RECORD = web.AppKey("record", Path)

FORM_CARD: dict[str, Any] = {
    "type": "AdaptiveCard",
    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
    "version": "1.5",
    "body": [
        {"type": "TextBlock", "text": "Test form", "weight": "bolder"},
        {
            "type": "Input.Text",
            "id": "purpose",
            "label": "Purpose",
            "placeholder": "Why?",
            "isRequired": True,
            "errorMessage": "Say why",
        },
        {"type": "Input.Text", "id": "details", "label": "Details", "isMultiline": True},
        {
            "type": "Input.ChoiceSet",
            "id": "data_class",
            "label": "Data",
            "style": "compact",
            "choices": [
                {"title": "No personal data", "value": "none"},
                {"title": "Personal data", "value": "personal"},
            ],
        },
        {
            "type": "Input.ChoiceSet",
            "id": "urgency",
            "label": "Urgency",
            "style": "expanded",
            "choices": [
                {"title": "Routine", "value": "routine"},
                {"title": "Urgent", "value": "urgent"},
            ],
        },
        {
            "type": "Input.ChoiceSet",
            "id": "tools",
            "label": "Tools",
            "style": "expanded",
            "isMultiSelect": True,
            "choices": [
                {"title": "ChatGPT", "value": "chatgpt"},
                {"title": "Midjourney", "value": "midjourney"},
                {"title": "Copilot", "value": "copilot"},
            ],
        },
        {
            "type": "Input.ChoiceSet",
            "id": "teams",
            "label": "Teams",
            "style": "compact",
            "isMultiSelect": True,
            "choices": [
                {"title": "Library", "value": "library"},
                {"title": "Parks", "value": "parks"},
                {"title": "Housing", "value": "housing"},
            ],
        },
        {"type": "Input.Date", "id": "when", "label": "When"},
        {"type": "Input.Number", "id": "count", "label": "How many"},
        {"type": "Input.Toggle", "id": "confirm", "title": "I confirm", "label": "Confirm"},
    ],
    "actions": [
        {"type": "Action.Submit", "title": "Send by Submit", "data": {"verb": "form_submit"}},
        {
            "type": "Action.Execute",
            "title": "Send by Execute",
            "verb": "form_execute",
            "data": {"extra": "kept"},
        },
    ],
}


async def _reply(activity: dict[str, Any], reply: dict[str, Any]) -> None:
    conversation = activity["conversation"]["id"]
    url = f"{activity['serviceUrl'].rstrip('/')}/v3/conversations/{conversation}/activities"
    body = {
        "type": "message",
        "from": activity["recipient"],
        "recipient": activity["from"],
        "conversation": activity["conversation"],
        "replyToId": activity.get("id"),
        **reply,
    }
    async with ClientSession() as session, session.post(url, json=body) as response:
        response.raise_for_status()


def _quote(label: str, value: Any) -> dict[str, Any]:
    return {"text": f"{label}: {json.dumps(value, sort_keys=True)}"}


async def _messages(request: web.Request) -> web.Response:
    activity = await request.json()
    with request.app[RECORD].open("a", encoding="utf-8") as record:
        record.write(json.dumps(activity, sort_keys=True) + "\n")
    kind, name = activity.get("type"), activity.get("name")
    if kind == "message" and activity.get("value") is not None:
        await _reply(activity, _quote("Submit received", activity["value"]))
    elif kind == "message" and "form" in (activity.get("text") or ""):
        card = {"contentType": "application/vnd.microsoft.card.adaptive", "content": FORM_CARD}
        await _reply(activity, {"attachments": [card]})
    elif kind == "invoke" and name == "adaptiveCard/action":
        await _reply(activity, _quote("Execute received", activity.get("value")))
        return web.json_response(
            {
                "statusCode": 200,
                "type": "application/vnd.microsoft.activity.message",
                "value": "Execute handled by card_bot",
            }
        )
    return web.Response(status=200)


def main() -> None:
    port, record = int(sys.argv[1]), Path(sys.argv[2])
    app = web.Application()
    app[RECORD] = record
    app.router.add_post("/api/messages", _messages)
    app.router.add_get("/readyz", lambda _request: web.json_response({"status": "ready"}))
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
