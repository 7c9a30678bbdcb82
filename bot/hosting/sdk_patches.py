"""One owned fix to a dependency of the archived SDK, applied when the adapter is created.

msrest (archived too) builds its retry policy with `[i for i in range(999) if i not in
safe_codes]` where `safe_codes` is a 500-item list: half a million comparisons, about 2.5 ms,
every time a Bot Connector or token client is configured, which the SDK does on every turn. The
same codes as a frozenset give the same retry policy in microseconds.
"""

from __future__ import annotations

from msrest.universal_http.requests import ClientRetryPolicy


def speed_up_msrest_retry_policy() -> None:
    codes = ClientRetryPolicy.safe_codes
    if not isinstance(codes, frozenset):
        ClientRetryPolicy.safe_codes = frozenset(codes)
