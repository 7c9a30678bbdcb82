"""The baseline for the HTTP benchmark: an echo bot on exactly our hosting stack (our
/api/messages handler, CloudAdapter, token checks in local mode), and nothing else."""

from __future__ import annotations

import argparse

from aiohttp import web
from botbuilder.core import ActivityHandler, TurnContext

from bot.hosting import MessagesHandler, add_messages_route, create_adapter, create_authenticator
from bot.settings import Settings


class EchoBot(ActivityHandler):
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(f"echo: {turn_context.activity.text}")


def create_echo_app(settings: Settings) -> web.Application:
    app = web.Application()
    adapter = create_adapter(settings)
    authenticator = create_authenticator(
        settings, bot_framework_authentication=adapter.bot_framework_authentication
    )
    add_messages_route(app, MessagesHandler(adapter, EchoBot().on_turn, settings, authenticator))
    app.router.add_get("/readyz", _ready)
    app.on_cleanup.append(lambda _: authenticator.close())
    return app


async def _ready(request: web.Request) -> web.Response:
    return web.json_response({"status": "ready"})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    web.run_app(
        create_echo_app(Settings(port=args.port)),
        host="127.0.0.1",
        port=args.port,
        print=None,
        access_log=None,
    )


if __name__ == "__main__":
    main()
