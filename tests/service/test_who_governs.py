"""Who governs is configured, not claimed (issue 13): only people named in POLICYBOT_ADMINS or
POLICYBOT_APPROVERS choose the board's channels; anyone else is refused, audited and told who
can. Approvers from the team's roster keep deciding when Teams is briefly unavailable, and a
roster Teams cannot give is reported as such, never as "you are not an approver"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from botbuilder.schema import Activity, ChannelAccount
from sqlalchemy import select

from bot.app import SERVICE
from bot.devtools.client import Person
from bot.devtools.fake_connector import FakeConnector
from bot.governance.authority import Authority
from bot.records.models import AuditEntry
from bot.settings import Settings

from .test_approval_board import (
    APPROVER,
    BOARD_CHANNEL,
    STRANGER,
    board_card,
    new_request,
    requester_chat,
    text_of,
)

ADMIN = Person(name="Ada Admin")


def admin_only(database_url: str) -> Settings:
    """An administrator named; approvers are the governance team's members."""
    return Settings(
        database_url=database_url,
        port=0,
        admins=frozenset({ADMIN.aad_object_id}),
        outbox_poll_seconds=0.05,
    )


@pytest.fixture
def local_settings(database_url: str) -> Settings:
    return admin_only(database_url)


async def test_only_a_named_administrator_registers_the_board_and_others_are_audited(
    service, make_client, connector: FakeConnector
) -> None:
    # the first person to type it in their own team's channel no longer becomes the board
    grabbed = await make_client(person=STRANGER, channel_id="19:mine@thread.tacv2").say(
        "register governance channel"
    )
    assert "Only the people IT has named to run the board" in grabbed.activities[0]["text"]
    security = await make_client(person=STRANGER, channel_id="19:mine@thread.tacv2").say(
        "register security channel"
    )
    assert "Nothing was changed" in security.activities[0]["text"]
    workflows = service.app[SERVICE].workflows
    assert await workflows.channels.reference("governance") is None
    async with service.app[SERVICE].engine.connect() as conn:
        refused = (
            await conn.execute(
                select(AuditEntry.actor_ref, AuditEntry.subject_ref).where(
                    AuditEntry.action == "governance.register_refused"
                )
            )
        ).all()
    assert refused == [
        (f"user:{STRANGER.aad_object_id}", "channel:governance"),
        (f"user:{STRANGER.aad_object_id}", "channel:security"),
    ]

    connector.members[BOARD_CHANNEL] = [APPROVER.account()]
    done = await make_client(person=ADMIN, channel_id=BOARD_CHANNEL).say(
        "register governance channel"
    )
    assert "Done" in done.activities[0]["text"]
    reference = await new_request(service, await requester_chat(make_client))
    await board_card(connector, reference)
    approved = await make_client(person=APPROVER, channel_id=BOARD_CHANNEL).execute(
        "approval.approve", {"reference": reference}
    )
    assert "Approved by Alex Approver" in text_of(approved.body)


async def test_a_roster_lookup_that_fails_is_retried_then_reported_not_refused(
    service, make_client, connector: FakeConnector
) -> None:
    connector.members[BOARD_CHANNEL] = [APPROVER.account()]
    await make_client(person=ADMIN, channel_id=BOARD_CHANNEL).say("register governance channel")
    reference = await new_request(service, await requester_chat(make_client))
    await board_card(connector, reference)
    board = make_client(person=APPROVER, channel_id=BOARD_CHANNEL)

    connector.member_failures = [503] * 4  # Teams down for the first try and all 3 retries
    down = await board.execute("approval.approve", {"reference": reference})
    assert "couldn't check the governance team's membership" in text_of(down.body)
    assert "approvers can decide on requests. Nothing was changed" not in text_of(down.body)
    workflows = service.app[SERVICE].workflows
    assert (await workflows.approvals.get(reference)).status == "pending"
    pending = await board.say("pending requests")
    assert "couldn't check" not in pending.activities[0].get("text", "")  # Teams is back

    connector.member_failures = [502, 502]  # two failures, then a retry succeeds
    approved = await board.execute("approval.approve", {"reference": reference})
    assert "Approved by Alex Approver" in text_of(approved.body)


def _turn(person: Person | None) -> SimpleNamespace:
    sender = ChannelAccount(id=person.id, aad_object_id=person.aad_object_id) if person else None
    return SimpleNamespace(activity=Activity(type="message", from_property=sender))


@pytest.mark.parametrize(
    ("admins", "approvers", "local_mode", "person", "allowed"),
    [
        (set(), set(), False, ADMIN, False),  # a real deployment with nobody named: nobody
        (set(), set(), True, STRANGER, True),  # local mode, nobody named: the one local user
        ({ADMIN.aad_object_id}, set(), True, STRANGER, False),  # named: even in local mode
        ({ADMIN.aad_object_id}, set(), False, ADMIN, True),
        (set(), {APPROVER.aad_object_id}, False, APPROVER, True),
        (set(), {APPROVER.aad_object_id}, False, STRANGER, False),
        ({ADMIN.aad_object_id}, set(), False, None, False),  # no sender at all
    ],
)
def test_who_may_register(admins, approvers, local_mode, person, allowed) -> None:
    authority = Authority(
        frozenset(approvers), None, None, admins=frozenset(admins), local_mode=local_mode
    )  # type: ignore[arg-type]
    assert authority.may_register(_turn(person)) is allowed
