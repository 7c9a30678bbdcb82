"""The "what's approved?" card: valid, short, the policy's tools and the board's live approvals
only, each tool's conditions behind "Details", and the register's words never read as markdown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.cards.register import DETAILS_ID, MAX_LISTED, approved_card, approved_tools
from knowledge import bundled_ids, load_policy

from .card_checks import assert_valid_card, elements, misplaced, run_texts

DECIDED = datetime(2026, 11, 26, 14, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Entry:
    reference: str
    tool: str
    status: str
    purpose: str = "making posters for library events"
    data_classification: str = "public"
    conditions: str | None = "Credit the image as AI-generated; no photos of real people"
    decided_at: datetime = DECIDED


@pytest.mark.parametrize("policy_id", bundled_ids())
def test_the_card_lists_the_policys_own_approved_tools(policy_id: str) -> None:
    policy = load_policy(policy_id)
    card = approved_card(policy, [])
    assert_valid_card(card)
    runs = " ".join(run_texts(card))
    yes = [
        t for t in policy.document.tools if policy.tool_status(t).verdict.value.startswith("all")
    ]
    for tool in yes:
        assert tool.name in runs
    if not yes:  # the school model lists no tool of its own
        assert "Nothing is approved yet" in card["body"][1]["text"]


def test_the_boards_live_approvals_are_listed_newest_first_and_nothing_else() -> None:
    policy = load_policy("school-model")
    entries = [
        Entry("AR-0001", "Midjourney", "approved_with_conditions"),
        Entry("AR-0002", "Otter", "pilot", "transcribing team meetings", "none", "Digital team",
              DECIDED + timedelta(days=2)),
        Entry("AR-0003", "Claude", "retired"),
        Entry("AR-0004", "Gemini", "withdrawn"),
        Entry("AR-0005", "Perplexity", "rejected", conditions="No DPIA"),
    ]  # fmt: skip
    listed = approved_tools(policy, entries)
    assert [(a.name, a.standing, a.source) for a in listed] == [
        ("Otter", "pilot", "AR-0002, 28 Nov 2026"),
        ("Midjourney", "approved with conditions", "AR-0001, 26 Nov 2026"),
    ]
    assert listed[1].scope == "for making posters for library events with public information only"
    assert listed[1].conditions == (
        "Credit the image as AI-generated.", "No photos of real people.",
    )  # fmt: skip
    card = approved_card(policy, entries)
    assert_valid_card(card)
    runs = run_texts(card)
    assert not {"Claude", "Gemini", "Perplexity"} & set(runs)
    # The first view is the list; the conditions wait behind "Details".
    [details] = [e for e in elements(card) if e["type"] == "Action.ToggleVisibility"]
    assert (details["title"], details["targetElements"]) == ("Details", [DETAILS_ID])
    [hidden] = [e for e in card["body"] if e.get("id") == DETAILS_ID]
    assert hidden["isVisible"] is False
    assert "No photos of real people." in " ".join(run_texts(hidden))


def test_tools_under_the_same_conditions_are_told_together() -> None:
    card = approved_card(load_policy("socitm-template"), [])
    [hidden] = [e for e in card["body"] if e.get("id") == DETAILS_ID]
    titles = [group["items"][0]["inlines"][0]["text"] for group in hidden["items"]]
    assert titles == [
        "ChatGPT, Claude, Microsoft Copilot, Gemini",
        "Microsoft 365 Copilot, Netcall, Oracle",
    ]


def test_what_the_register_says_is_never_markdown() -> None:
    policy = load_policy("socitm-template")
    marker = "**Mid** [journey](https://example.org)"
    entries = [Entry("AR-0001", marker, "approved_with_conditions", purpose=marker,
                     conditions=marker)]  # fmt: skip
    card = approved_card(policy, entries)
    assert misplaced(card, "[journey]") == []


def test_a_long_register_stays_short_and_says_how_many_more() -> None:
    policy = load_policy("mid-kent")
    entries = [
        Entry(f"AR-{n:04d}", f"Tool {n}", "approved", decided_at=DECIDED + timedelta(hours=n))
        for n in range(40)
    ]
    card = approved_card(policy, entries)
    assert_valid_card(card)
    bullets = [e for e in card["body"] if e.get("type") == "RichTextBlock"]
    assert len(bullets) == MAX_LISTED
    total = len(approved_tools(policy, entries))
    assert f"And {total - MAX_LISTED} more: ask about a tool by name." in [
        e.get("text") for e in card["body"]
    ]
