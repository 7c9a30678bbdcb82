"""The baselines for the HTTP benchmark: an echo bot on exactly our hosting stack (our
/api/messages handler, CloudAdapter, token checks in local mode), and nothing else.

With `--card` it answers every message with the same answer card, built once at start: the
payload policybot sends (~7-12 KB of Adaptive Card JSON, against ~50 bytes of echoed text)
without any of policybot's work (no state, no decision, no records). Between the two echoes lies
the cost of the card on the wire; between the card echo and policybot, the cost of our logic.
"""

from __future__ import annotations

import argparse

from aiohttp import web
from botbuilder.core import ActivityHandler, CardFactory, MessageFactory, TurnContext

from bot.cards import answer_card
from bot.hosting import MessagesHandler, add_messages_route, create_adapter, create_authenticator
from bot.settings import Settings
from knowledge import decide, load_policy

# A question whose answer card is typical: needs approval, reasons, duties, clause texts.
CARD_QUESTION = "Can I use ChatGPT to summarise a resident's complaint?"


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(f"echo: {turn_context.activity.text}")


class CardEchoBot(ActivityHandler):
    def __init__(self) -> None:
        policy = load_policy("socitm-template")
        self._card = answer_card(decide(policy, CARD_QUESTION), policy)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        card = CardFactory.adaptive_card(self._card)
        await turn_context.send_activity(MessageFactory.attachment(card))


def create_echo_app(settings: Settings, bot: ActivityHandler | None = None) -> web.Application:
    app = web.Application()
    adapter = create_adapter(settings)
    authenticator = create_authenticator(
        settings, bot_framework_authentication=adapter.bot_framework_authentication
    )
    bot = bot or EchoBot()
    add_messages_route(app, MessagesHandler(adapter, bot.on_turn, settings, authenticator))
    app.router.add_get("/readyz", _ready)
    app.on_cleanup.append(lambda _: authenticator.close())
    return app


async def _ready(request: web.Request) -> web.Response:
    return web.json_response({"status": "ready"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--card", action="store_true", help="answer with the answer card")
    args = parser.parse_args()
    web.run_app(
        create_echo_app(Settings(port=args.port), CardEchoBot() if args.card else None),
        host="127.0.0.1",
        port=args.port,
        print=None,
        access_log=None,
    )


if __name__ == "__main__":
    main()
