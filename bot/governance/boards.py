"""Several boards: where a request or an incident goes, and who may decide it.

A shared service (Mid-Kent's three councils) or a school trust can give each organisation or
school its own board channel and approvers. The lead board is the one every deployment has
(POLICYBOT_APPROVERS, POLICYBOT_GOVERNANCE_CHANNEL_ID, or the channel registered by typing); the
boards file (POLICYBOT_BOARDS) adds the others, each with the people it serves:

    boards:
      - id: swale
        name: Swale Borough Council AI board
        approvers: [<Entra object id>, ...]
        tenants: [<Entra tenant id>, ...]      # the requester's organisation, as Teams says it
        teams: [<Teams team id>, ...]          # or membership of a team (a school's staff team)
        channel_id: "19:...@thread.tacv2"      # optional: else typed in the channel
        team_id: "19:...@thread.tacv2"

A request or incident goes to the first board whose tenants include the requester's tenant, else
whose teams include the team it was sent from or a team the requester belongs to (asked of
Teams), else to the lead board: a lookup Teams cannot answer never loses the report, it reaches
the lead board. The security/DPO channel is one, shared by every board. The register, the board
questions and the weekly summary's register reviews stay with the lead board.

Only configuration says who may decide for a board; nothing a card carries is trusted for it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from botbuilder.core import TurnContext

from bot.records.conversations import board_key
from knowledge.errors import PolicyError, PolicyIssue
from knowledge.yaml_source import Located, issue_at, read_yaml

from .channels import is_team_member, team_id_of

logger = logging.getLogger(__name__)

BOARD_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")
FIELDS = ("id", "name", "approvers", "tenants", "teams", "channel_id", "team_id")
LISTS = ("approvers", "tenants", "teams")


@dataclass(frozen=True)
class Board:
    id: str | None  # None: the lead board
    name: str
    approvers: frozenset[str] = frozenset()
    tenants: frozenset[str] = frozenset()
    teams: frozenset[str] = frozenset()
    channel_id: str = ""
    team_id: str = ""

    @property
    def destination(self) -> str:
        return board_key(self.id)

    @property
    def lead(self) -> bool:
        return self.id is None


class Boards:
    """The lead board and the others, in the file's order (the order routing tries them)."""

    def __init__(self, lead: Board, others: Sequence[Board] = ()) -> None:
        self.lead = lead
        self.others = tuple(others)
        self._by_id = {board.id: board for board in self.others}

    @property
    def several(self) -> bool:
        return bool(self.others)

    def all(self) -> tuple[Board, ...]:
        return (self.lead, *self.others)

    def get(self, board_id: str | None) -> Board:
        """A record's board; one since removed from the file is the lead board's again."""
        return self._by_id.get(board_id, self.lead) if board_id else self.lead

    def by_destination(self, destination: str) -> Board | None:
        return next((b for b in self.all() if b.destination == destination), None)

    def named(self, name: str) -> Board | None:
        """The board an administrator means by `name`: its id or its name, any case."""
        wanted = " ".join(name.lower().split())
        return next((b for b in self.others if wanted in (b.id, b.name.lower())), None)


def load_boards(path: Path, lead: Board) -> Boards:
    """The boards file, every error reported with its line (PolicyError)."""
    located = read_yaml(path)
    issues: list[PolicyIssue] = []
    boards = _boards(located, issues)
    if issues:
        raise PolicyError(issues, subject="the boards file")
    return Boards(lead, boards)


def _boards(located: Located, issues: list[PolicyIssue]) -> list[Board]:
    def issue(path: tuple[str | int, ...], message: str) -> None:
        issues.append(issue_at(located, path, message))

    data = located.data
    if not isinstance(data, dict) or set(data) != {"boards"}:
        issue((), "the file must hold one key, boards: a list of boards")
        return []
    entries = data["boards"]
    if not isinstance(entries, list) or not entries:
        issue(("boards",), "must be a list of at least one board")
        return []
    boards: list[Board] = []
    seen: dict[str, int] = {}
    tenant_owner: dict[str, str] = {}
    for index, entry in enumerate(entries):
        path: tuple[str | int, ...] = ("boards", index)
        if not isinstance(entry, dict):
            issue(path, "each board is a mapping (id, name, approvers, ...)")
            continue
        for key in sorted(set(entry) - set(FIELDS)):
            issue((*path, key), f"unknown field; a board has {', '.join(FIELDS)}")
        board = _board(entry, path, issue)
        if board is None:
            continue
        if board.id in seen:
            issue((*path, "id"), f"{board.id!r} is already the id of board {seen[board.id] + 1}")
            continue
        seen[str(board.id)] = index
        for tenant in sorted(board.tenants):
            # a tenant named twice would send every request to the first board: say so
            if tenant in tenant_owner:
                issue((*path, "tenants"), f"{tenant} is already board {tenant_owner[tenant]}'s")
            tenant_owner.setdefault(tenant, str(board.id))
        boards.append(board)
    return boards


def _board(entry: Mapping[str, Any], path: tuple[str | int, ...], issue: Any) -> Board | None:
    ok = True
    board_id = entry.get("id")
    if not isinstance(board_id, str) or not BOARD_ID.match(board_id):
        issue((*path, "id"), "needs an id: lower-case letters, digits and '-', up to 40")
        ok = False
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        issue((*path, "name"), "needs a name, as staff and the board will see it")
        ok = False
    lists: dict[str, frozenset[str]] = {}
    for key in LISTS:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            issue((*path, key), "must be a list of ids")
            ok = False
            continue
        # Entra ids are GUIDs (any case); a team id is a conversation id, kept as written
        lists[key] = frozenset(v.strip() if key == "teams" else v.strip().lower() for v in value)
    if "approvers" in lists and not lists["approvers"]:
        # a board's approvers are named: a team's roster is the lead board's alone
        issue((*path, "approvers"), "a board needs at least one approver (an Entra object id)")
        ok = False
    if "tenants" in lists and "teams" in lists and not (lists["tenants"] or lists["teams"]):
        issue((*path, "tenants"), "a board needs tenants or teams: otherwise nobody reaches it")
        ok = False
    texts = {}
    for key in ("channel_id", "team_id"):
        value = entry.get(key, "")
        if not isinstance(value, str):
            issue((*path, key), "must be text")
            ok = False
        texts[key] = str(value).strip()
    if not ok:
        return None
    return Board(
        id=str(board_id),
        name=" ".join(str(name).split()),
        approvers=lists["approvers"],
        tenants=lists["tenants"],
        teams=lists["teams"],
        channel_id=texts["channel_id"],
        team_id=texts["team_id"],
    )


def tenant_of(turn_context: TurnContext) -> str:
    """The Entra tenant Teams says the activity came from (channelData.tenant.id)."""
    data = turn_context.activity.channel_data
    tenant = data.get("tenant") if isinstance(data, dict) else None
    found = tenant.get("id") if isinstance(tenant, dict) else None
    return str(found).strip().lower() if found else ""


class BoardRouter:
    """Which board a person's request or report goes to, from the authenticated activity."""

    def __init__(self, boards: Boards) -> None:
        self._boards = boards

    async def board_for(self, turn_context: TurnContext) -> Board:
        if not self._boards.several:
            return self._boards.lead
        tenant = tenant_of(turn_context)
        for board in self._boards.others:
            if tenant and tenant in board.tenants:
                return board
        sent_from = team_id_of(turn_context.activity) or ""
        for board in self._boards.others:
            if sent_from and sent_from in board.teams:
                return board
        user = _entra_id(turn_context)
        for board in self._boards.others:
            for team in sorted(board.teams):
                if user and await _member(turn_context, team, user):
                    return board
        return self._boards.lead


def _entra_id(turn_context: TurnContext) -> str:
    sender = turn_context.activity.from_property
    return ((sender.aad_object_id or "") if sender else "").lower()


async def _member(turn_context: TurnContext, team: str, user: str) -> bool:
    """Whether Teams says `user` is in `team`; a lookup that fails is "not known", and routing
    goes on to the lead board rather than losing the request."""
    try:
        return await is_team_member(turn_context, team, user)
    except Exception as exc:
        logger.warning("board routing: team roster unavailable: %s", type(exc).__name__)
        return False
