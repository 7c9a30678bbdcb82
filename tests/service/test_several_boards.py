"""Several boards, end to end over real HTTP: a shared service's councils (by Entra tenant) and a
trust's school (by Teams team membership) each get their own board channel and approvers; the
DPO channel is one; no board decides another's requests or incidents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import SERVICE
from bot.devtools.client import Person, TeamsClient, cards_of
from bot.devtools.fake_connector import FakeConnector
from bot.records.models import AuditEntry
from bot.settings import Settings
from tests.service.conftest import RunningService

from .test_approval_board import text_of
from .test_approval_request_flow import button, last_words, submit_data
from .test_incident_flow import report_personal_data_incident

LEAD_CHANNEL = "19:lead-board@thread.tacv2"
SWALE_CHANNEL = "19:swale-board@thread.tacv2"
SCHOOL_CHANNEL = "19:school-board@thread.tacv2"
SECURITY_CHANNEL = "19:dpo@thread.tacv2"
SCHOOL_STAFF_TEAM = "19:oakfield-staff@thread.tacv2"
SWALE_TENANT = "5a1e0000-0000-4000-8000-00000000000b"

LEAD_APPROVER = Person(name="Lee Lead")
SWALE_APPROVER = Person(name="Sasha Swale")
HEAD = Person(name="Hana Head")
SWALE_OFFICER = Person(name="Sol Officer")
TEACHER = Person(name="Tom Teacher")
OTHER_OFFICER = Person(name="Olu Officer")

BOARDS = f"""\
boards:
  - id: swale
    name: Swale AI board
    approvers: [{SWALE_APPROVER.aad_object_id}]
    tenants: [{SWALE_TENANT}]
  - id: oakfield
    name: Oakfield School AI group
    approvers: [{HEAD.aad_object_id}]
    teams: ["{SCHOOL_STAFF_TEAM}"]
"""


@pytest.fixture
def local_settings(database_url: str, tmp_path: Path) -> Settings:
    boards = tmp_path / "boards.yaml"
    boards.write_text(BOARDS, encoding="utf-8")
    return Settings(
        database_url=database_url,
        port=0,
        approvers=frozenset({LEAD_APPROVER.aad_object_id}),
        boards_file=str(boards),
        outbox_poll_seconds=0.05,
    )


async def register(make_client, person: Person, channel: str, words: str) -> str:
    client = make_client(person=person, channel_id=channel)
    return (await client.say(words)).activities[0]["text"]


async def boards_registered(make_client) -> None:
    for person, channel, words in (
        (LEAD_APPROVER, LEAD_CHANNEL, "register governance channel"),
        (SWALE_APPROVER, SWALE_CHANNEL, "register governance channel for swale"),
        (HEAD, SCHOOL_CHANNEL, "register governance channel for Oakfield School AI group"),
        (LEAD_APPROVER, SECURITY_CHANNEL, "register dpo channel"),
    ):
        assert (await register(make_client, person, channel, words)).startswith("Done")


async def request_midjourney(client: TeamsClient) -> str:
    """The request dialog from the answer card's button to the reference; the submit reply."""
    answer = await client.say("Can I use Midjourney to make posters for a library event?")
    [start] = [d for d in submit_data(cards_of(answer.activities[0])[0])
               if d.get("verb") == "request_approval"]  # fmt: skip
    await client.submit(start)
    kinds = await client.say("event titles, dates and venues")
    await client.submit({**button(kinds.activities, "Continue"), "classification": "public"})
    await client.say("poster images")
    await client.say("printed and put up in our libraries")
    summary = await client.say("skip")
    return last_words(
        (await client.submit(button(summary.activities, "Submit request"))).activities
    )


def cards_in(connector: FakeConnector, channel: str, reference: str) -> list[dict[str, Any]]:
    return [
        cards_of(a)[0] for a in connector.activities.values()
        if a.get("conversation", {}).get("id", "").startswith(channel)
        and cards_of(a) and reference in text_of(a)
    ]  # fmt: skip


async def audit_actions(service: RunningService) -> list[tuple[str, str]]:
    sessions = service.app[SERVICE].workflows.sessions
    async with sessions() as session:
        rows = (await session.scalars(select(AuditEntry))).all()
    return [(row.action, row.subject_ref) for row in rows]


async def test_a_councils_request_goes_to_its_own_board_and_only_its_approvers_decide(
    service: RunningService, make_client, connector: FakeConnector
) -> None:
    await boards_registered(make_client)
    # a lead approver cannot say where another board is
    refused = await register(
        make_client, LEAD_APPROVER, "19:elsewhere@thread.tacv2",
        "register governance channel for swale",
    )  # fmt: skip
    assert "Nothing was changed" in refused
    unknown = await register(
        make_client, LEAD_APPROVER, "19:elsewhere@thread.tacv2",
        "register governance channel for Dover",
    )  # fmt: skip
    assert "no board called 'dover'" in unknown and "swale (Swale AI board)" in unknown

    officer = make_client(person=SWALE_OFFICER, tenant_id=SWALE_TENANT)
    sent = await request_midjourney(officer)
    assert "AR-0001" in sent and "Swale AI board will look at it" in sent
    await connector.wait_for(lambda _: bool(cards_in(connector, SWALE_CHANNEL, "AR-0001")))
    assert cards_in(connector, LEAD_CHANNEL, "AR-0001") == []
    [card] = cards_in(connector, SWALE_CHANNEL, "AR-0001")
    assert card["refresh"]["userIds"] == [SWALE_APPROVER.id]  # the lead's approver sees none

    lead = make_client(person=LEAD_APPROVER, channel_id=SWALE_CHANNEL)
    approve = {"reference": "AR-0001"}
    tried = await lead.execute("approval.approve", approve)
    assert "Only the board's approvers" in text_of(tried.body)
    assert ("approval.action_refused", "approval:AR-0001") in await audit_actions(service)
    lead_pending = await make_client(person=LEAD_APPROVER).say("pending requests")
    assert "AR-0001" not in text_of(lead_pending.activities)

    swale = make_client(person=SWALE_APPROVER, channel_id=SWALE_CHANNEL)
    assert "AR-0001" in text_of(
        (await make_client(person=SWALE_APPROVER).say("pending requests")).activities
    )
    # each board's summary is its own queue: typed in its channel, and the lead's elsewhere
    summary = text_of((await swale.say("summary")).activities)
    assert "What waits for" in summary and "Swale AI board" in summary and "AR-0001" in summary
    lead_summary = text_of((await make_client(person=LEAD_APPROVER).say("summary")).activities)
    assert "Answers from" in lead_summary and "AR-0001" not in lead_summary
    decided = await swale.execute("approval.approve", approve)
    assert "AR-0001 is decided" in text_of(decided.body)
    request = await service.app[SERVICE].workflows.approvals.get("AR-0001")
    assert request is not None and request.board == "swale" and request.decision == "approved"


async def test_incidents_reach_their_board_and_the_one_dpo_channel(
    service: RunningService, make_client, connector: FakeConnector
) -> None:
    await boards_registered(make_client)
    said = await report_personal_data_incident(
        make_client(person=SWALE_OFFICER, tenant_id=SWALE_TENANT)
    )
    assert "Swale AI board" in said and "data protection officer" in said.lower()
    for channel in (SWALE_CHANNEL, SECURITY_CHANNEL):
        await connector.wait_for(lambda _, c=channel: bool(cards_in(connector, c, "INC-0001")))
    assert cards_in(connector, LEAD_CHANNEL, "INC-0001") == []

    # in the shared DPO channel, the incident's own board responds; the lead board does not
    lead = make_client(person=LEAD_APPROVER, channel_id=SECURITY_CHANNEL)
    refused = await lead.execute("incident.acknowledge", {"reference": "INC-0001"})
    assert "Only the board's responders" in text_of(refused.body)
    swale = make_client(person=SWALE_APPROVER, channel_id=SECURITY_CHANNEL)
    taken = await swale.execute("incident.acknowledge", {"reference": "INC-0001"})
    assert "acknowledged and assigned to you" in text_of(taken.body)
    assert "INC-0001" not in text_of(
        (await make_client(person=LEAD_APPROVER).say("open incidents")).activities
    )


async def test_a_schools_staff_reach_the_schools_board_by_team_and_others_the_lead(
    service: RunningService, make_client, connector: FakeConnector
) -> None:
    await boards_registered(make_client)
    connector.members[SCHOOL_STAFF_TEAM] = [TEACHER.account()]
    sent = await request_midjourney(make_client(person=TEACHER))
    assert "AR-0001" in sent and "Oakfield School AI group" in sent
    await connector.wait_for(lambda _: bool(cards_in(connector, SCHOOL_CHANNEL, "AR-0001")))

    # someone in no board's tenant or team, and a roster Teams cannot give: the lead board
    connector.member_failures = [404]
    sent = await request_midjourney(make_client(person=OTHER_OFFICER))
    assert "AR-0002" in sent
    await connector.wait_for(lambda _: bool(cards_in(connector, LEAD_CHANNEL, "AR-0002")))
    connector.member_failures = [503] * 8
    third = make_client(person=OTHER_OFFICER)
    third.conversation_id = "a:second-chat"
    assert "AR-0003" in await request_midjourney(third)
    await connector.wait_for(lambda _: bool(cards_in(connector, LEAD_CHANNEL, "AR-0003")))
    assert cards_in(connector, SCHOOL_CHANNEL, "AR-0002") == []
    assert cards_in(connector, SCHOOL_CHANNEL, "AR-0003") == []
