"""POST /api/messages over real HTTP: what is accepted, what is refused and with which status."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest

from .conftest import MAX_BODY_BYTES, Service
from .fakes import APP_ID, OUTBOUND_TOKEN, RsaKey, action_execute, done_card, message

# --- accepted -------------------------------------------------------------------------------


async def test_valid_token_gets_200_and_the_reply_reaches_the_connector(
    service: Service, signing_key: RsaKey
) -> None:
    service_url = service.connector.service_url
    activity = message(service_url, "can I use ChatGPT?")

    response = await service.post(activity, signing_key.token(service_url))

    assert response.status == 200
    [reply] = service.connector.received
    assert reply.path == f"/v3/conversations/a:conversation-1/activities/{activity['id']}"
    assert reply.activity["text"] == "echo: can I use ChatGPT?"
    assert reply.authorization == f"Bearer {OUTBOUND_TOKEN}"


async def test_action_execute_returns_the_bots_status_and_body(
    service: Service, signing_key: RsaKey
) -> None:
    service_url = service.connector.service_url

    response = await service.post(action_execute(service_url), signing_key.token(service_url))

    assert response.status == 200
    assert response.json() == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.card.adaptive",
        "value": done_card("approve"),
    }
    assert service.bot.action_types == [dict]  # the SDK hands over a dict, not the model
    assert service.connector.received == []


async def test_invoke_the_bot_does_not_handle_returns_501_without_body(
    service: Service, signing_key: RsaKey
) -> None:
    service_url = service.connector.service_url
    activity = message(service_url, type="invoke", name="composeExtension/query", text=None)

    response = await service.post(activity, signing_key.token(service_url))

    assert response.status == 501
    assert response.body == b""


async def test_content_type_with_charset_is_accepted(service: Service, signing_key: RsaKey) -> None:
    service_url = service.connector.service_url
    response = await service.post(
        None,
        signing_key.token(service_url),
        data=json.dumps(message(service_url)).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    assert response.status == 200


# --- 401 ------------------------------------------------------------------------------------


async def test_missing_authorization_is_401(service: Service) -> None:
    response = await service.post(message(service.connector.service_url))

    assert response.status == 401
    assert response.json() == {"error": "unauthorized"}
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert service.bot.turns == 0


@pytest.mark.parametrize(
    "claims",
    [
        pytest.param({"exp": 1_600_000_000, "nbf": 1_599_990_000}, id="expired"),
        pytest.param({"nbf": 4_000_000_000}, id="not-yet-valid"),
        pytest.param({"aud": "another-bot"}, id="wrong-audience"),
        pytest.param({"iss": "https://login.example.com"}, id="wrong-issuer"),
        pytest.param({"exp": None}, id="no-expiry"),
        pytest.param({"serviceurl": "https://127.0.0.1:1/"}, id="serviceurl-mismatch"),
        pytest.param({"serviceurl": None}, id="no-serviceurl"),
    ],
)
async def test_tokens_with_bad_claims_are_401(
    service: Service, signing_key: RsaKey, claims: dict[str, object]
) -> None:
    service_url = service.connector.service_url
    token = signing_key.token(service_url, **claims)

    response = await service.post(message(service_url), token)

    assert response.status == 401
    assert service.bot.turns == 0
    assert service.connector.received == []


async def test_token_signed_by_another_key_is_401(service: Service, impostor_key: RsaKey) -> None:
    service_url = service.connector.service_url

    response = await service.post(message(service_url), impostor_key.token(service_url))

    assert response.status == 401
    assert service.bot.turns == 0


@pytest.mark.parametrize(
    "authorization",
    ["Bearer not-a-jwt", "Bearer a.b.c", "Basic dXNlcjpwYXNz", "Bearer", "eyJhbGciOi"],
)
async def test_garbage_tokens_are_401(service: Service, authorization: str) -> None:
    response = await service.post(
        message(service.connector.service_url), headers={"Authorization": authorization}
    )
    assert response.status == 401


async def test_token_not_endorsed_for_the_channel_is_401(
    service: Service, signing_key: RsaKey
) -> None:
    service_url = service.connector.service_url
    activity = message(service_url, channelId="slack")

    response = await service.post(activity, signing_key.token(service_url))

    assert response.status == 401


async def test_unsigned_token_is_401(service: Service) -> None:
    import jwt

    service_url = service.connector.service_url
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "serviceurl": service_url}
    token = jwt.encode(claims, None, "none", headers={"kid": "key-1"})

    response = await service.post(message(service_url), token)

    assert response.status == 401


async def test_no_signing_keys_is_503_so_the_channel_retries(
    service: Service, signing_key: RsaKey
) -> None:
    assert service.idp is not None
    service.idp.jwks = []
    service_url = service.connector.service_url

    response = await service.post(message(service_url), signing_key.token(service_url))

    assert response.status == 503
    assert service.bot.turns == 0


# --- key rotation ---------------------------------------------------------------------------


async def test_unknown_key_id_refreshes_once_and_accepts_the_rotated_key(
    service: Service, signing_key: RsaKey, rotated_key: RsaKey
) -> None:
    assert service.idp is not None
    service_url = service.connector.service_url
    assert (await service.post(message(service_url), signing_key.token(service_url))).status == 200
    assert service.idp.metadata_requests == 1

    service.idp.jwks = [rotated_key.jwk()]  # Microsoft rotates its keys
    service.clock.advance(6 * 60)
    response = await service.post(message(service_url), rotated_key.token(service_url))

    assert response.status == 200
    assert service.idp.metadata_requests == 2


async def test_second_unknown_key_within_the_interval_is_refused_without_refetch(
    service: Service, signing_key: RsaKey, rotated_key: RsaKey
) -> None:
    assert service.idp is not None
    service_url = service.connector.service_url
    assert (await service.post(message(service_url), signing_key.token(service_url))).status == 200
    service.clock.advance(6 * 60)
    unknown = signing_key.token(service_url, kid="key-unknown-1")
    assert (await service.post(message(service_url), unknown)).status == 401
    assert service.idp.metadata_requests == 2  # one refresh for the unknown key

    service.idp.jwks = [rotated_key.jwk()]
    service.clock.advance(60)  # within the five-minute interval
    response = await service.post(message(service_url), rotated_key.token(service_url))

    assert response.status == 401
    assert service.idp.metadata_requests == 2


# --- 400 / 413 / 415 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"type": "message",', id="malformed-json"),
        pytest.param(b"[1, 2, 3]", id="array"),
        pytest.param(b'"message"', id="string"),
        pytest.param(b"\xff\xfe\x00", id="not-utf8"),
        pytest.param(b"[" * 3000 + b"]" * 3000, id="deeply-nested"),
        pytest.param(b'{"serviceUrl": "https://127.0.0.1/"}', id="no-type"),
        pytest.param(b'{"type": "message"}', id="no-serviceUrl"),
        pytest.param(b'{"type": 7, "serviceUrl": "https://127.0.0.1/"}', id="type-not-string"),
        pytest.param(
            b'{"type": "message", "serviceUrl": "https://x/", "timestamp": "yesterday"}',
            id="bad-timestamp",
        ),
        pytest.param(
            b'{"type": "message", "serviceUrl": "https://x/", "conversation": "c"}',
            id="conversation-not-object",
        ),
    ],
)
async def test_bodies_that_are_not_activities_are_400(service: Service, body: bytes) -> None:
    response = await service.post(None, data=body, headers={"Content-Type": "application/json"})

    assert response.status == 400
    assert service.bot.turns == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
async def test_wrong_content_type_is_415(
    service: Service, signing_key: RsaKey, content_type: str | None
) -> None:
    service_url = service.connector.service_url
    headers = {"Content-Type": content_type} if content_type else {}
    response = await service.post(
        None,
        signing_key.token(service_url),
        data=json.dumps(message(service_url)).encode(),
        headers=headers,
    )
    assert response.status == 415


async def test_body_over_the_limit_with_content_length_is_413(service: Service) -> None:
    body = json.dumps(message(service.connector.service_url, "x" * MAX_BODY_BYTES)).encode()

    response = await service.post(None, data=body, headers={"Content-Type": "application/json"})

    assert response.status == 413
    assert service.bot.turns == 0


async def test_declared_length_over_the_limit_is_refused_before_reading_the_body(
    service: Service,
) -> None:
    host, port = service.url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(
            b"POST /api/messages HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000000000\r\n\r\n{"
        )
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), timeout=5)
    finally:
        writer.close()
        await writer.wait_closed()

    assert status_line.startswith(b"HTTP/1.1 413 ")


async def test_chunked_body_over_the_limit_is_413(service: Service) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"type": "message", "text": "'
        for _ in range(4):
            yield b"x" * (MAX_BODY_BYTES // 2)
        yield b'"}'

    response = await service.post(None, data=chunks(), headers={"Content-Type": "application/json"})

    assert response.status == 413
    assert service.bot.turns == 0


async def test_body_at_the_limit_is_read(service: Service, signing_key: RsaKey) -> None:
    service_url = service.connector.service_url
    activity = message(service_url, "")
    padding = MAX_BODY_BYTES - len(json.dumps(activity).encode())
    activity["text"] = "y" * padding
    body = json.dumps(activity).encode()
    assert len(body) == MAX_BODY_BYTES

    response = await service.post(
        None,
        signing_key.token(service_url),
        data=body,
        headers={"Content-Type": "application/json"},
    )

    assert response.status == 200


# --- 403 ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tenants",
    [
        pytest.param(
            {"conversation": {"id": "c", "tenantId": "other"}, "channelData": {}}, id="conv"
        ),
        pytest.param({"channelData": {"tenant": {"id": "other"}}}, id="channel-data"),
        pytest.param({"conversation": {"id": "c"}, "channelData": {}}, id="no-tenant"),
    ],
)
async def test_tenant_not_allowed_is_403_before_bot_logic(
    service: Service, signing_key: RsaKey, tenants: dict[str, object]
) -> None:
    service_url = service.connector.service_url
    activity = message(service_url, **tenants)

    response = await service.post(activity, signing_key.token(service_url))

    assert response.status == 403
    assert response.json() == {"error": "tenant not allowed"}
    assert service.bot.turns == 0
    assert service.connector.received == []


async def test_tenant_ids_compare_case_insensitively(service: Service, signing_key: RsaKey) -> None:
    service_url = service.connector.service_url
    upper = message(service_url)
    upper["conversation"]["tenantId"] = upper["conversation"]["tenantId"].upper()

    response = await service.post(upper, signing_key.token(service_url))

    assert response.status == 200


async def test_forged_service_url_is_403_and_nothing_is_sent(
    service: Service, signing_key: RsaKey
) -> None:
    # Same fake connector, but under a host name the settings do not allow.
    forged = service.connector.service_url.replace("127.0.0.1", "localhost")
    token = signing_key.token(forged)  # even a token that matches it

    response = await service.post(message(forged), token)

    assert response.status == 403
    assert response.json() == {"error": "serviceUrl not allowed"}
    assert service.bot.turns == 0
    assert service.connector.received == []


async def test_plain_http_service_url_is_403_outside_local_mode(
    service: Service, signing_key: RsaKey
) -> None:
    forged = service.connector.service_url.replace("https://", "http://")

    response = await service.post(message(forged), signing_key.token(forged))

    assert response.status == 403
    assert service.connector.received == []


# --- local mode -----------------------------------------------------------------------------


async def test_local_mode_accepts_no_auth_and_replies_to_loopback(local_service: Service) -> None:
    service_url = local_service.connector.service_url
    assert service_url.startswith("http://127.0.0.1:")

    response = await local_service.post(message(service_url, "hi"))

    assert response.status == 200
    [reply] = local_service.connector.received
    assert reply.activity["text"] == "echo: hi"
    assert reply.authorization is None  # no credentials, no token sent


async def test_local_mode_invoke_round_trip(local_service: Service) -> None:
    response = await local_service.post(action_execute(local_service.connector.service_url, "x"))

    assert response.status == 200
    assert (response.json())["value"] == done_card("x")


async def test_local_mode_refuses_non_loopback_service_url(local_service: Service) -> None:
    response = await local_service.post(message("https://smba.trafficmanager.net/emea/"))

    assert response.status == 403
    assert local_service.bot.turns == 0
