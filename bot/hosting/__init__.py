"""The HTTP side of the bot: token validation, the /api/messages route and the SDK adapter.

Typical wiring (in create_app):

    adapter = create_adapter(settings)
    authenticator = create_authenticator(
        settings, bot_framework_authentication=adapter.bot_framework_authentication
    )  # await authenticator.close() at shutdown
    handler = MessagesHandler(adapter, bot.on_turn, settings, authenticator)
    add_messages_route(app, handler)  # or route to handler.handle yourself
"""

from .adapter import create_adapter, create_bot_framework_authentication
from .auth import BotFrameworkAuthenticator, anonymous_identity, create_authenticator
from .errors import AuthenticationError, SigningKeysUnavailableError
from .messages import MESSAGES_PATH, MessagesHandler, add_messages_route
from .openid_keys import OpenIdKeySource, SigningKey
from .service_url import is_allowed_service_url

__all__ = [
    "MESSAGES_PATH",
    "AuthenticationError",
    "BotFrameworkAuthenticator",
    "MessagesHandler",
    "OpenIdKeySource",
    "SigningKey",
    "SigningKeysUnavailableError",
    "add_messages_route",
    "anonymous_identity",
    "create_adapter",
    "create_authenticator",
    "create_bot_framework_authentication",
    "is_allowed_service_url",
]
