"""Reading HTTP bodies without buffering more than a limit."""

from __future__ import annotations

import aiohttp

from .errors import BodyTooLargeError


async def read_at_most(stream: aiohttp.StreamReader, limit: int) -> bytes:
    """Read the whole stream, refusing as soon as it holds more than `limit` bytes.

    Works for chunked bodies with no Content-Length; memory stays under `limit` plus one chunk
    (aiohttp's read buffer, ~64 KiB).
    """
    chunks: list[bytes] = []
    size = 0
    async for chunk in stream.iter_any():
        size += len(chunk)
        if size > limit:
            raise BodyTooLargeError(f"body is over {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
