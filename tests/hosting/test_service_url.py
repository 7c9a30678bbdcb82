"""is_allowed_service_url: where the bot may send its token."""

from __future__ import annotations

import pytest

from bot.hosting import is_allowed_service_url
from bot.settings import DEFAULT_SERVICE_URL_HOSTS, LOCAL_SERVICE_URL_HOSTS

PRODUCTION = [
    ("https://smba.trafficmanager.net/emea/", True),
    ("https://SMBA.trafficmanager.net/amer/", True),
    ("https://smba.trafficmanager.net./emea/", True),
    ("https://webchat.botframework.com/", True),
    ("https://europe.webchat.botframework.com/", True),
    ("https://botframework.com/", False),
    ("https://evilbotframework.com/", False),
    ("https://botframework.com.evil.example/", False),
    ("http://smba.trafficmanager.net/emea/", False),
    ("https://smba.trafficmanager.net@evil.example/", False),
    ("https://evil.example\\@smba.trafficmanager.net/", False),
    ("https://evil.example%2F@smba.trafficmanager.net/", False),
    ("https://smba.trafficmanager.net:99999/", False),
    ("https://127.0.0.1/", False),
    ("http://localhost:3978/", False),
    ("ftp://smba.trafficmanager.net/", False),
    ("smba.trafficmanager.net/emea/", False),
    ("", False),
    (None, False),
    (42, False),
]

LOCAL = [
    ("http://localhost:3978/", True),
    ("http://127.0.0.1:56789/", True),
    ("https://127.0.0.1:56789/", True),
    ("http://[::1]:3978/", True),
    ("http://127.0.0.2:3978/", False),
    ("https://smba.trafficmanager.net/emea/", False),
    ("http://localhost.evil.example/", False),
]


@pytest.mark.parametrize(("url", "allowed"), PRODUCTION)
def test_production_hosts(url: object, allowed: bool) -> None:
    assert is_allowed_service_url(url, DEFAULT_SERVICE_URL_HOSTS, local_mode=False) is allowed


@pytest.mark.parametrize(("url", "allowed"), LOCAL)
def test_local_mode_hosts(url: object, allowed: bool) -> None:
    assert is_allowed_service_url(url, LOCAL_SERVICE_URL_HOSTS, local_mode=True) is allowed


def test_loopback_over_http_needs_local_mode() -> None:
    assert not is_allowed_service_url("http://127.0.0.1:1/", ("127.0.0.1",), local_mode=False)
    assert is_allowed_service_url("https://127.0.0.1:1/", ("127.0.0.1",), local_mode=False)
