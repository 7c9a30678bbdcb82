"""Two instances running turns of one conversation at once (issue 13): the later state write
meets an eTag conflict, re-reads, and re-applies only what its own turn changed.

Each "instance" here is its own engine and ConversationState on one database; the turns are
interleaved by hand so that every case is the conflict, every time."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from botbuilder.core import TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount

from bot.merging_state import MergingConversationState
from bot.records.db import create_engine, create_session_factory
from bot.records.storage import DatabaseStorage

CONVERSATION = "a:1on1-with-sam"


@pytest.fixture
async def instances(database_url: str) -> AsyncIterator[list[MergingConversationState]]:
    engines = [create_engine(database_url) for _ in range(2)]
    states = [
        MergingConversationState(DatabaseStorage(create_session_factory(engine)))
        for engine in engines
    ]
    yield states
    for engine in engines:
        await engine.dispose()


def turn(text: str = "hello") -> TurnContext:
    return TurnContext(
        TestAdapter(),
        Activity(
            type=ActivityTypes.message,
            text=text,
            channel_id="msteams",
            conversation=ConversationAccount(id=CONVERSATION),
            from_property=ChannelAccount(id="29:sam"),
            recipient=ChannelAccount(id="28:bot"),
        ),
    )


async def stored(state: MergingConversationState) -> dict:
    reader = turn()
    await state.load(reader, force=True)
    return {k: v for k, v in state.get(reader).items() if k != "e_tag"}


async def test_two_turns_changing_different_properties_keep_both(instances) -> None:
    first, second = instances
    setup = turn()
    await first.create_property("thread").set(setup, ["earlier question"])
    await first.save_changes(setup)

    a, b = turn(), turn()
    await first.create_property("thread").set(a, ["earlier question", "a's question"])
    await second.create_property("dialog").set(b, {"step": 2})  # both have read the same eTag
    await first.save_changes(a)
    await second.save_changes(b)  # would raise ETagConflictError without the re-apply

    assert await stored(first) == {
        "thread": ["earlier question", "a's question"],
        "dialog": {"step": 2},
    }


async def test_the_first_two_turns_of_a_new_conversation_do_not_overwrite_each_other(
    instances,
) -> None:
    first, second = instances
    a, b = turn(), turn()
    await first.create_property("welcomed").set(a, True)
    await second.create_property("thread").set(b, ["first question"])
    await first.save_changes(a)
    await second.save_changes(b)  # with no eTag at all this would silently replace a's write

    assert await stored(second) == {"welcomed": True, "thread": ["first question"]}


async def test_when_both_turns_change_one_property_the_later_is_kept(instances) -> None:
    first, second = instances
    a, b = turn(), turn()
    await first.create_property("thread").set(a, ["a"])
    await second.create_property("thread").set(b, ["b"])
    await first.save_changes(a)
    await second.save_changes(b)
    assert await stored(first) == {"thread": ["b"]}


async def test_a_property_removed_by_one_turn_stays_removed(instances) -> None:
    first, second = instances
    setup = turn()
    await first.create_property("draft").set(setup, {"tool": "Gemini"})
    await first.create_property("thread").set(setup, ["q"])
    await first.save_changes(setup)

    a, b = turn(), turn()
    await first.create_property("draft").delete(a)  # a submitted the draft
    await second.create_property("thread").set(b, ["q", "another"])
    await first.save_changes(a)
    await second.save_changes(b)
    assert await stored(first) == {"thread": ["q", "another"]}


async def test_a_turn_that_changed_nothing_writes_nothing_after_a_conflict(instances) -> None:
    first, second = instances
    a, b = turn(), turn()
    await first.create_property("thread").set(a, ["a"])
    assert await second.create_property("thread").get(b) is None  # read, not changed
    await first.save_changes(a)
    await second.save_changes(b)
    await second.save_changes(b, force=True)  # forced, it re-reads and keeps a's write
    assert await stored(first) == {"thread": ["a"]}


async def test_a_later_save_in_the_same_turn_sees_its_own_write(instances) -> None:
    first, second = instances
    a, b = turn(), turn()
    await first.create_property("thread").set(a, ["a"])
    await second.create_property("dialog").set(b, {"step": 1})
    await first.save_changes(a)
    await second.save_changes(b)
    await second.create_property("dialog").set(b, {"step": 2})
    await second.save_changes(b)  # the error handler saves again: no conflict with itself
    assert await stored(first) == {"thread": ["a"], "dialog": {"step": 2}}
