"""One contract for every Bot Framework Storage we use: MemoryStorage, SQLite (through the
engine, and through a SqliteThread as `policybot serve` uses it, cached) and PostgreSQL."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from botbuilder.core import ConversationState, MemoryStorage, MessageFactory, Storage, StoreItem
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import DialogSet, DialogTurnStatus, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, TextPrompt

from bot.records.cached_storage import CachedStorage
from bot.records.db import create_engine, create_session_factory
from bot.records.sqlite_thread import SqliteThread
from bot.records.storage import DatabaseStorage, ETagConflictError
from tests.conftest import BACKENDS, migrated_database_url

ODD_KEYS = [
    "with \"double\" and 'single' quotes",
    "msteams/conversations/19:abc@thread.tacv2/users/29:1xyz",
    "back\\slash and percent %s and underscore _",
    "unicode: café, 日本語, emoji 🤖, Ω",
    "k" * 500,
    " leading and trailing spaces ",
]


@pytest.fixture(params=["memory", *BACKENDS, "sqlite-thread", "sqlite-thread-cached"])
async def storage(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Storage]:
    if request.param == "memory":
        yield MemoryStorage()
        return
    backend = "postgresql" if request.param == "postgresql" else "sqlite"
    engine = create_engine(migrated_database_url(request, backend, tmp_path))
    thread = SqliteThread.for_engine(engine) if "thread" in request.param else None
    database = DatabaseStorage(create_session_factory(engine), thread)
    yield CachedStorage(database) if request.param.endswith("cached") else database
    if thread is not None:
        await thread.close()
    await engine.dispose()


async def test_unknown_keys_read_as_absent(storage: Storage) -> None:
    assert await storage.read(["never-written"]) == {}
    assert await storage.read([]) == {}


async def test_a_dict_round_trips(storage: Storage) -> None:
    item = {"count": 1, "nested": {"list": [1, "two", None], "text": "héllo"}}
    await storage.write({"item": copy.deepcopy(item)})
    loaded = (await storage.read(["item", "other"]))["item"]
    assert {k: v for k, v in loaded.items() if k != "e_tag"} == item


async def test_a_store_item_round_trips(storage: Storage) -> None:
    await storage.write({"item": StoreItem(count=3, tool="Copilot", e_tag="*")})
    loaded = (await storage.read(["item"]))["item"]
    assert isinstance(loaded, StoreItem)
    assert (loaded.count, loaded.tool) == (3, "Copilot")


@pytest.mark.parametrize("key", ODD_KEYS, ids=lambda k: k[:12])
async def test_odd_keys_round_trip(storage: Storage, key: str) -> None:
    await storage.write({key: {"value": key}})
    assert (await storage.read([key]))[key]["value"] == key
    assert await storage.read([key[:-1] + "?"]) == {}
    await storage.delete([key])
    assert await storage.read([key]) == {}


async def _item_with_etag(storage: Storage) -> dict:
    # MemoryStorage only starts tracking an eTag once the stored item has one.
    await storage.write({"item": {"count": 0, "e_tag": "*"}})
    await storage.write({"item": {"count": 1, "e_tag": "*"}})
    return dict((await storage.read(["item"]))["item"])


async def test_each_write_gives_a_new_etag(storage: Storage) -> None:
    first = await _item_with_etag(storage)
    assert first["e_tag"] not in (None, "", "*")
    await storage.write({"item": {"count": 2, "e_tag": first["e_tag"]}})
    second = (await storage.read(["item"]))["item"]
    assert second["count"] == 2
    assert second["e_tag"] not in (None, "", "*", first["e_tag"])


async def test_a_write_with_a_stale_etag_fails_and_changes_nothing(storage: Storage) -> None:
    stale = await _item_with_etag(storage)
    await storage.write({"item": {"count": 2, "e_tag": stale["e_tag"]}})
    with pytest.raises(KeyError):
        await storage.write({"item": {"count": 99, "e_tag": stale["e_tag"]}})
    assert (await storage.read(["item"]))["item"]["count"] == 2


async def test_star_overwrites_whatever_is_stored(storage: Storage) -> None:
    await _item_with_etag(storage)
    await storage.write({"item": {"count": 7, "e_tag": "*"}})
    assert (await storage.read(["item"]))["item"]["count"] == 7


async def test_delete_removes_and_ignores_unknown_keys(storage: Storage) -> None:
    await storage.write({"a": {"v": 1}, "b": {"v": 2}})
    await storage.delete(["a", "not-there"])
    assert set(await storage.read(["a", "b"])) == {"b"}


async def test_writing_nothing_is_a_no_op_and_none_is_an_error(storage: Storage) -> None:
    await storage.write({})
    with pytest.raises(Exception):  # noqa: B017 - MemoryStorage raises a bare Exception
        await storage.write(None)


async def test_a_half_finished_dialog_survives_between_turns(storage: Storage) -> None:
    conversation_state = ConversationState(storage)
    dialogs = DialogSet(conversation_state.create_property("DialogState"))
    dialogs.add(TextPrompt("text"))
    dialogs.add(WaterfallDialog("request", [_ask_tool_step, _confirm_step]))

    async def on_turn(context) -> None:
        dialog_context = await dialogs.create_context(context)
        result = await dialog_context.continue_dialog()
        if result.status == DialogTurnStatus.Empty:
            await dialog_context.begin_dialog("request")
        await conversation_state.save_changes(context)

    flow = await TestAdapter(on_turn).send("I need approval")
    flow = await flow.assert_reply("Which tool?")
    flow = await flow.send("Copilot")
    await flow.assert_reply("Requesting approval for Copilot")


async def _ask_tool_step(step: WaterfallStepContext):
    return await step.prompt("text", PromptOptions(prompt=MessageFactory.text("Which tool?")))


async def _confirm_step(step: WaterfallStepContext):
    await step.context.send_activity(f"Requesting approval for {step.result}")
    return await step.end_dialog()


@pytest.mark.postgres
async def test_two_instances_writing_the_same_etag_at_once_one_wins(pg_url: str) -> None:
    engines = [create_engine(pg_url), create_engine(pg_url)]
    storages = [DatabaseStorage(create_session_factory(e)) for e in engines]
    try:
        for round_ in range(20):
            await storages[0].write({"state": {"round": round_, "e_tag": "*"}})
            etag = (await storages[0].read(["state"]))["state"]["e_tag"]
            results = await asyncio.gather(
                *(s.write({"state": {"by": i, "e_tag": etag}}) for i, s in enumerate(storages)),
                return_exceptions=True,
            )
            conflicts = [r for r in results if isinstance(r, ETagConflictError)]
            assert len(conflicts) == 1, results
            assert results.count(None) == 1
    finally:
        for engine in engines:
            await engine.dispose()
