"""Fakes at the HTTP boundaries, all serving real HTTP on 127.0.0.1: an OpenID metadata and key
set server, a Bot Connector that records what the bot sends, and a tiny echo bot."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import json
import ssl
import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from aiohttp import web
from botbuilder.core import ActivityHandler, MessageFactory, TurnContext
from botbuilder.schema import AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue
from botframework.connector.auth import AppCredentials, ServiceClientCredentialsFactory
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import RSAAlgorithm
from msrest.authentication import Authentication

APP_ID = "00000000-0000-0000-0000-0000000000b0"
ISSUER = "https://api.botframework.com"
TENANT = "11111111-2222-3333-4444-555555555555"
OUTBOUND_TOKEN = "outbound-test-token"


@dataclass(frozen=True)
class RsaKey:
    kid: str
    private_key: rsa.RSAPrivateKey

    @classmethod
    def generate(cls, kid: str) -> RsaKey:
        return cls(kid, rsa.generate_private_key(public_exponent=65537, key_size=2048))

    def jwk(self, endorsements: list[str] | None = None) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        jwk.update(kid=self.kid, use="sig")
        if endorsements is not None:
            jwk["endorsements"] = endorsements
        return jwk

    def token(self, service_url: str, *, kid: str | None = None, **claims: Any) -> str:
        """A Bot Connector style token; keyword arguments override or (None) remove claims."""
        now = int(time.time())
        payload = {
            "iss": ISSUER,
            "aud": APP_ID,
            "exp": now + 3600,
            "nbf": now - 60,
            "serviceurl": service_url,
        }
        payload.update(claims)
        payload = {name: value for name, value in payload.items() if value is not None}
        return jwt.encode(payload, self.private_key, "RS256", headers={"kid": kid or self.kid})


@dataclass
class IdentityProvider:
    """Serves /.well-known/openidconfiguration and /keys; tests swap `jwks` to rotate keys."""

    jwks: list[dict[str, Any]]
    metadata_requests: int = 0
    base_url: str = ""

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}/.well-known/openidconfiguration"

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/keys", self._keys)
        return app

    async def _metadata(self, request: web.Request) -> web.Response:
        self.metadata_requests += 1
        return web.json_response({"issuer": ISSUER, "jwks_uri": f"{self.base_url}/keys"})

    async def _keys(self, request: web.Request) -> web.Response:
        return web.json_response({"keys": self.jwks})


@dataclass(frozen=True)
class Received:
    path: str
    authorization: str | None
    activity: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FakeConnector:
    """The Bot Connector REST API, as far as replies go; records every POST."""

    received: list[Received] = field(default_factory=list)
    connections: list[asyncio.BaseTransport] = field(default_factory=list)
    base_url: str = ""
    fail_with: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (status, headers)

    @property
    def service_url(self) -> str:
        return f"{self.base_url}/"

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._post)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._post)
        return app

    async def _post(self, request: web.Request) -> web.Response:
        activity = await request.json()
        if request.transport is not None and request.transport not in self.connections:
            self.connections.append(request.transport)
        authorization = request.headers.get("Authorization")
        headers = {name.lower(): value for name, value in request.headers.items()}
        self.received.append(Received(request.path, authorization, activity, headers))
        if self.fail_with:
            status, extra = self.fail_with.pop(0)
            return web.json_response({"error": {"code": "Nope"}}, status=status, headers=extra)
        return web.json_response({"id": f"reply-{len(self.received)}"})


@asynccontextmanager
async def serve(app: web.Application, ssl_context: ssl.SSLContext | None = None):
    """Run `app` on 127.0.0.1 at a free port; yields its base URL (no trailing slash)."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=ssl_context)
    await site.start()
    port = runner.addresses[0][1]
    scheme = "https" if ssl_context else "http"
    try:
        yield f"{scheme}://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def write_tls_files(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost; returns (cert, key) paths."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "policybot test connector")])
    now = dt.datetime.now(dt.UTC)
    san = x509.SubjectAlternativeName(
        [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(san, critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


class StaticTokenCredentials(AppCredentials):
    def get_access_token(self, force_refresh: bool = False) -> str:
        return OUTBOUND_TOKEN


class StaticTokenCredentialsFactory(ServiceClientCredentialsFactory):
    """Stands in for Entra ID: outbound calls carry OUTBOUND_TOKEN, no token endpoint needed."""

    def __init__(self) -> None:
        self.created = 0

    async def is_valid_app_id(self, app_id: str) -> bool:
        return app_id == APP_ID

    async def is_authentication_disabled(self) -> bool:
        return False

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> Authentication:
        assert app_id == APP_ID, "the connector factory must use the app id from the token"
        self.created += 1
        return StaticTokenCredentials(app_id=app_id, oauth_scope=oauth_scope)


class EchoBot(ActivityHandler):
    """Replies "echo: <text>"; answers Action.Execute with the verb it was given."""

    def __init__(self) -> None:
        self.turns = 0
        self.action_types: list[type] = []

    async def on_turn(self, turn_context: TurnContext) -> None:
        self.turns += 1
        await super().on_turn(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        await turn_context.send_activity(MessageFactory.text(f"echo: {turn_context.activity.text}"))

    async def on_adaptive_card_invoke(
        self, turn_context: TurnContext, invoke_value: AdaptiveCardInvokeValue
    ) -> AdaptiveCardInvokeResponse:
        # SDK defect: `action` is declared AdaptiveCardInvokeAction but arrives as a plain dict.
        self.action_types.append(type(invoke_value.action))
        verb = invoke_value.action["verb"]
        return AdaptiveCardInvokeResponse(
            status_code=200, type="application/vnd.microsoft.card.adaptive", value=done_card(verb)
        )


def done_card(verb: str) -> dict[str, Any]:
    """What the bot answers an Action.Execute with. (The SDK types `value` as a dict, so the
    plain-text "application/vnd.microsoft.activity.message" answer cannot be serialised.)"""
    return {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [{"type": "TextBlock", "text": f"done {verb}"}],
    }


def message(service_url: str, text: str = "hello", **overrides: Any) -> dict[str, Any]:
    """A Teams message activity as the Bot Connector posts it."""
    activity = {
        "type": "message",
        "id": f"act-{uuid.uuid4().hex[:8]}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": "29:user", "aadObjectId": "aad-user-1"},
        "recipient": {"id": f"28:{APP_ID}"},
        "conversation": {"id": "a:conversation-1", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}},
        "text": text,
    }
    activity.update(overrides)
    return activity


def action_execute(service_url: str, verb: str = "approve") -> dict[str, Any]:
    return message(
        service_url,
        type="invoke",
        name="adaptiveCard/action",
        text=None,
        value={"action": {"type": "Action.Execute", "verb": verb, "data": {"n": 1}}},
    )
