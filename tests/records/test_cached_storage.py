"""What the write-through cache adds on top of the Storage contract (which it also passes)."""

from __future__ import annotations

from typing import Any

import pytest
from botbuilder.core import MemoryStorage

from bot.records.cached_storage import CachedStorage


class CountingStorage(MemoryStorage):
    def __init__(self) -> None:
        super().__init__()
        self.reads: list[list[str]] = []
        self.fail_next_write = False

    async def read(self, keys: list[str]) -> dict[str, Any]:
        self.reads.append(list(keys))
        return await super().read(keys)

    async def write(self, changes: dict[str, Any]) -> None:
        if self.fail_next_write:
            self.fail_next_write = False
            raise KeyError("conflict")
        await super().write(changes)


async def test_what_was_written_is_read_from_memory() -> None:
    inner = CountingStorage()
    cached = CachedStorage(inner)
    await cached.write({"a": {"thread": ["q1"]}})
    assert (await cached.read(["a"]))["a"]["thread"] == ["q1"]
    assert inner.reads == []
    assert await cached.read(["b"]) == {}
    assert inner.reads == [["b"]]  # unknown keys still go to the database


async def test_callers_cannot_change_the_cache_through_their_copies() -> None:
    cached = CachedStorage(CountingStorage())
    item = {"thread": ["q1"]}
    await cached.write({"a": item})
    item["thread"].append("changed after writing")
    read = await cached.read(["a"])
    read["a"]["thread"].append("changed after reading")
    assert (await cached.read(["a"]))["a"]["thread"] == ["q1"]


async def test_a_failed_write_forgets_the_key() -> None:
    inner = CountingStorage()
    cached = CachedStorage(inner)
    await cached.write({"a": {"n": 1}})
    inner.fail_next_write = True
    with pytest.raises(KeyError):
        await cached.write({"a": {"n": 2}})
    assert (await cached.read(["a"]))["a"]["n"] == 1
    assert inner.reads == [["a"]]  # re-read from the database, not trusted from memory


async def test_it_is_bounded() -> None:
    cached = CachedStorage(CountingStorage(), size=2)
    for key in "abc":
        await cached.write({key: {"k": key}})
    assert list(cached._items) == ["b", "c"]
