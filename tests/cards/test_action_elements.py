"""Action.Execute, inputs and refresh: the builders the board's cards are made of."""

from __future__ import annotations

from cardkit.elements import (
    adaptive_card,
    choice_set,
    execute,
    input_text,
    show_card,
    sub_card,
    text_block,
    with_refresh,
)

from .card_checks import assert_valid_card


def test_execute_falls_back_to_a_submit_carrying_the_same_verb_and_data() -> None:
    action = execute("Approve", "approval.approve", {"reference": "AR-0001"}, style="positive")
    assert action["type"] == "Action.Execute" and action["verb"] == "approval.approve"
    fallback = action["fallback"]
    assert fallback["type"] == "Action.Submit"
    assert (
        fallback["data"] == action["data"] == {"reference": "AR-0001", "verb": "approval.approve"}
    )


def test_refresh_names_at_most_sixty_users_and_is_left_out_when_there_are_none() -> None:
    card = adaptive_card([text_block("x")])
    assert "refresh" not in with_refresh(card, "r", {}, [])
    refreshed = with_refresh(card, "r", {"reference": "AR-1"}, [f"29:{n}" for n in range(70)])
    assert len(refreshed["refresh"]["userIds"]) == 60
    assert refreshed["refresh"]["action"]["data"] == {"reference": "AR-1", "verb": "r"}


def test_a_card_with_inputs_execute_and_refresh_is_valid_adaptive_card_1_5() -> None:
    reason = sub_card([input_text("reason", label="Reason", max_length=500, required=True)])
    reason["actions"] = [execute("Reject", "approval.reject", {"reference": "AR-0001"})]
    card = adaptive_card(
        [
            text_block("AR-0001"),
            choice_set(
                "status", [("Investigating", "investigating")], label="Status", expanded=True
            ),
            input_text("note", label="Note", multiline=True, error_message="Say what changed"),
        ],
        [
            execute("Approve", "approval.approve", {"reference": "AR-0001"}),
            show_card("Reject", reason),
        ],
    )
    assert_valid_card(with_refresh(card, "approval.refresh", {"reference": "AR-0001"}, ["29:a"]))
