"""The boards file (POLICYBOT_BOARDS): read as written, every mistake reported with its line,
and a service that will not start on a broken one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.app import create_app
from bot.errors import ConfigurationError
from bot.governance.boards import Board, load_boards
from bot.settings import Settings
from knowledge.errors import PolicyError

LEAD = Board(None, "the GenAI governance authority")
GOOD = """\
boards:
  - id: swale
    name: Swale  AI board
    approvers: [AAAA-1]
    tenants: [T-SWALE]
  - id: oakfield
    name: Oakfield School AI group
    approvers: [bbbb-2, cccc-3]
    teams: ["19:Oakfield-Staff@thread.tacv2"]
    channel_id: "19:oak@thread.tacv2"
    team_id: "19:Oakfield-Staff@thread.tacv2"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "boards.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_is_read_as_written(tmp_path: Path) -> None:
    boards = load_boards(write(tmp_path, GOOD), LEAD)
    assert boards.several and boards.lead is LEAD
    swale, oakfield = boards.others
    assert swale == Board("swale", "Swale AI board", frozenset({"aaaa-1"}), frozenset({"t-swale"}))
    assert swale.destination == "governance:swale" and LEAD.destination == "governance"
    # team ids are conversation ids, kept as written; Entra ids are compared in lower case
    assert oakfield.teams == {"19:Oakfield-Staff@thread.tacv2"}
    assert (
        oakfield.approvers == {"bbbb-2", "cccc-3"} and oakfield.channel_id == "19:oak@thread.tacv2"
    )
    assert boards.named("OAKFIELD school  ai group") is oakfield and boards.named("swale") is swale
    assert boards.named("dover") is None
    # a record routed to a board since removed from the file is the lead board's again
    assert boards.get("dover") is LEAD and boards.get(None) is LEAD
    assert boards.by_destination("governance:oakfield") is oakfield


def test_every_mistake_is_reported_with_its_line(tmp_path: Path) -> None:
    text = """\
boards:
  - id: Swale Council
    name: Swale
    approvers: [a1]
    tenants: [t1]
  - id: oak
    approvers: []
    teams: [x]
    colour: blue
  - id: dover
    name: Dover
    approvers: [d1]
  - id: tw
    name: Tunbridge Wells
    approvers: [w1]
    tenants: [T3]
  - id: tw
    name: Again
    approvers: [w2]
    tenants: [t2]
  - id: kent
    name: Kent
    approvers: [k1]
    tenants: [t3]
"""
    with pytest.raises(PolicyError) as caught:
        load_boards(write(tmp_path, text), LEAD)
    found = {(issue.line, issue.field) for issue in caught.value.issues}
    assert found == {
        (2, "boards[0].id"),  # not an id
        (9, "boards[1].colour"),  # unknown field
        (6, "boards[1].name"),  # missing: reported at its board's line
        (7, "boards[1].approvers"),  # empty
        (10, "boards[2].tenants"),  # neither tenants nor teams: nobody reaches it
        (17, "boards[4].id"),  # tw twice
        (24, "boards[5].tenants"),  # t3 is board tw's already
    }, caught.value
    assert "7 errors in the boards file" in str(caught.value)
    assert "boards.yaml:2: boards[0].id" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("", "(file)"),
        ("boards: []\n", "boards"),
        ("teams: []\n", "(document)"),
        ("boards: [1]\n", "boards[0]"),
    ],
)
def test_a_file_without_boards_is_refused(tmp_path: Path, text: str, field: str) -> None:
    with pytest.raises(PolicyError) as caught:
        load_boards(write(tmp_path, text), LEAD)
    assert [issue.field for issue in caught.value.issues] == [field]


def test_the_service_refuses_to_start_on_a_bad_file_or_unnamed_lead_approvers(
    tmp_path: Path,
) -> None:
    bad = write(tmp_path, "boards:\n  - id: swale\n")
    settings = Settings(database_url="sqlite+aiosqlite://", approvers=frozenset({"x"}))
    with pytest.raises(
        ConfigurationError, match=r"(?s)POLICYBOT_BOARDS.*boards.yaml:2: boards\[0\].name"
    ):
        create_app(Settings(**{**settings.__dict__, "boards_file": str(bad)}))
    needs = "POLICYBOT_BOARDS needs POLICYBOT_APPROVERS"
    with pytest.raises(ConfigurationError, match=needs):
        Settings.from_env({"POLICYBOT_BOARDS": str(bad)})
