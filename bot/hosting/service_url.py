"""Which serviceUrl the bot may send to: a forged one must never receive the bot's token."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from bot.settings import is_loopback

# Host, optional [IPv6] and port only: no userinfo ("@"), backslashes, percent-escapes or spaces,
# which URL parsers disagree about.
_PLAIN_NETLOC = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")


def is_allowed_service_url(url: object, hosts: Iterable[str], *, local_mode: bool) -> bool:
    """True when `url` is https (or, in local mode only, http to a loopback host) and its host
    matches one of `hosts`.

    A pattern is an exact host ("smba.trafficmanager.net") or "*." and a domain, which matches any
    host below that domain at any depth ("europe.webchat.botframework.com") but not the domain
    itself. Matching ignores case and a trailing dot. The port is not checked.
    """
    if not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return False
    if not host or not _PLAIN_NETLOC.fullmatch(parts.netloc):
        return False
    host = host.lower().rstrip(".")
    if parts.scheme != "https" and not (
        local_mode and parts.scheme == "http" and is_loopback(host)
    ):
        return False
    return any(_host_matches(host, pattern) for pattern in hosts)


def _host_matches(host: str, pattern: str) -> bool:
    pattern = pattern.lower().rstrip(".").strip("[]")
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    return host == pattern
