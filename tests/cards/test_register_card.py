"""The "what's approved?" card: valid, short, the policy's tools and the board's live approvals
only, each tool's conditions behind "Details", and the register's words never read as markdown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.cards.register import (
    DETAILS_ID,
    MAX_LISTED,
    add_entry_card,
    approved_card,
    approved_tools,
    entry_card,
    register_list_card,
)
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
    source: str = "approval"
    source_ref: str | None = None


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
        assert "No AI tool is approved here yet" in card["body"][1]["text"]


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


# --- The board's cards ---------------------------------------------------------------------------

TODAY = date(2026, 12, 5)


@dataclass(frozen=True)
class BoardEntry(Entry):
    version: int = 1
    owner: str = "Libraries team"
    decision: str = "approved_with_conditions"
    decided_by_name: str | None = "Bea Board"
    next_review: date = date(2027, 11, 26)
    last_reviewed_at: datetime | None = None
    public_facing: bool = False
    decision_influencing: bool = False
    retired_at: datetime | None = None
    retired_reason: str | None = None
    withdrawn_reason: str | None = None
    dpia_status: str = "done"
    dpia_date: date | None = date(2026, 11, 2)
    eqia_status: str = "needed"
    eqia_date: date | None = None
    risk_status: str = "in_progress"
    risk_date: date | None = None


def action_titles(card: dict) -> list[str]:
    return [a["title"] for a in card.get("actions", [])]


@pytest.mark.parametrize("policy_id", bundled_ids())
def test_an_entry_card_shows_the_entry_and_its_form(policy_id: str) -> None:
    policy = load_policy(policy_id)
    entry = BoardEntry("AR-0001", "Midjourney", "approved_with_conditions", public_facing=True)
    card = entry_card(entry, policy, TODAY, notice="Saved.")
    assert_valid_card(card)
    runs = "".join(run_texts(card))
    assert "Register entry AR-0001: Midjourney" in runs
    assert "DPIA done (2 Nov 2026), EqIA needed, Risk assessment in progress" in runs
    assert "public-facing (drafted on export)" in runs
    assert action_titles(card) == ["Edit", "Confirm review", "Retire", "Withdraw"]
    [edit] = [a for a in card["actions"] if a["title"] == "Edit"]
    form = edit["card"]
    inputs = {e["id"]: e for e in elements(form) if e["type"].startswith("Input.")}
    assert inputs["next_review"] == {
        "type": "Input.Date", "id": "next_review", "label": "Next review", "value": "2027-11-26",
    }  # fmt: skip
    assert inputs["public_facing"]["value"] == "true"
    assert inputs["decision"]["value"] == "approved_with_conditions"
    [save] = form["actions"]
    assert save["data"] == {"reference": "AR-0001", "version": 1, "verb": "register.edit"}


def test_what_an_entry_allows_follows_its_status() -> None:
    policy = load_policy("mid-kent")
    rejected = BoardEntry("AR-0002", "Otter", "rejected", decision="rejected", conditions="No")
    assert action_titles(entry_card(rejected, policy, TODAY)) == [
        "Edit", "Confirm review", "Withdraw",
    ]  # fmt: skip
    retired = BoardEntry("AR-0003", "Claude", "retired", retired_at=DECIDED,
                         retired_reason="replaced")  # fmt: skip
    card = entry_card(retired, policy, TODAY)
    assert action_titles(card) == [] and "retired 26 Nov 2026: replaced" in " ".join(
        run_texts(card)
    )


def test_reviews_due_soon_or_overdue_are_marked_and_come_first() -> None:
    policy = load_policy("socitm-template")
    entries = [
        BoardEntry("AR-0001", "Later", "approved", next_review=TODAY + timedelta(days=200)),
        BoardEntry("AR-0002", "Overdue", "approved", next_review=TODAY - timedelta(days=3)),
        BoardEntry("AR-0003", "Soon", "pilot", next_review=TODAY + timedelta(days=10)),
        BoardEntry("AR-0004", "Gone", "withdrawn"),
    ]
    card = register_list_card(entries, policy, TODAY)
    assert_valid_card(card)
    lines = [
        " ".join(run["text"] for run in e["inlines"])
        for e in card["body"]
        if e.get("type") == "RichTextBlock"
    ]
    assert lines == [
        "AR-0002   Overdue : approved   review overdue since 2 Dec 2026",
        "AR-0003   Soon : pilot   review due 15 Dec 2026",
        "AR-0001   Later : approved   review 23 Jun 2027",
    ]
    assert action_titles(card) == ["Open", "Add a tool"]
    assert_valid_card(add_entry_card(policy, notice="Name the tool. Nothing was added."))


def test_the_board_cards_never_read_the_registers_words_as_markdown() -> None:
    policy = load_policy("oadby-wigston")
    marker = "**x** [y](https://example.org)"
    entry = BoardEntry("AR-0001", marker, "approved_with_conditions", purpose=marker,
                       conditions=marker, owner=marker)  # fmt: skip
    for card in (entry_card(entry, policy, TODAY, notice=marker),
                 register_list_card([entry], policy, TODAY)):  # fmt: skip
        # outside text runs, only in what inputs hold (plain text, never rendered as markdown)
        places = misplaced(card, "[y]")
        assert places and all(path[-1] in ("value", "title") for path in places), places


@dataclass(frozen=True)
class Change:
    version: int
    action: str
    changes: dict
    note: str | None = None
    actor_name: str = "Bea Board"
    changed_at: datetime = DECIDED


def test_an_entrys_history_is_one_click_away_newest_first() -> None:
    policy = load_policy("mid-kent")
    entry = BoardEntry("AR-0001", "Midjourney", "approved_with_conditions", version=2)
    history = [
        Change(1, "created", {}, actor_name=""),
        Change(2, "edited", {"owner": ["a", "b"], "dpia_status": ["needed", "done"]}, "agreed"),
    ]
    card = entry_card(entry, policy, TODAY, history=history)
    assert_valid_card(card)
    assert action_titles(card)[-1] == "History"
    [hidden] = [e for e in card["body"] if e.get("id") == "register-history"]
    lines = ["".join(r["text"] for r in e["inlines"]) for e in hidden["items"]]
    assert lines == [
        "v2 · 26 Nov 2026 · Bea Board · edited: owner, DPIA · agreed",
        "v1 · 26 Nov 2026 · the system · created",
    ]
    retired = BoardEntry("AR-0002", "Otter", "retired", retired_at=DECIDED, retired_reason="old")
    assert action_titles(entry_card(retired, policy, TODAY, history=history)) == ["History"]
