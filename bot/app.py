"""`create_app(settings)`: the one place the service is put together.

Resources (database engine, HTTP client for key fetching) open and close in aiohttp's
`cleanup_ctx`, under typed AppKeys; the policy is loaded and checked before the app exists, so a
broken policy stops the service at start with every error listed. Nothing happens at import.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web
from botbuilder.core import Storage
from botbuilder.integration.aiohttp import CloudAdapter
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from knowledge import Policy, PolicyError, UnknownPolicyError, load_policy

from .answer_followups import AnswerFollowUps
from .errors import ConfigurationError
from .governance.approval_board import ApprovalBoard
from .governance.authority import Authority
from .governance.boards import Board, Boards, load_boards
from .governance.channels import SECURITY_KEY, Channels
from .governance.incident_board import IncidentBoard
from .governance.question_board import QuestionBoard
from .governance.register_board import RegisterBoard
from .governance.register_cache import RegisterCache
from .governance.summary import WeeklySummary, schedule_from_settings
from .hosting import MessagesHandler, add_messages_route, create_adapter, create_authenticator
from .logs import install_log_redaction, quiet_data_loggers
from .merging_state import MergingConversationState
from .notify.approvers import ApproverDirectory
from .notify.board_question_notices import BoardQuestionNotices
from .notify.delivery import TeamsDelivery
from .notify.incident_notices import IncidentNotices
from .notify.notifier import Notifier
from .notify.pump import NotificationPump
from .notify.summary_notice import SummaryNotices
from .records.acknowledgements import AcknowledgementRepository
from .records.approvals import ApprovalRepository
from .records.board_questions import BoardQuestionRepository
from .records.cached_storage import CachedStorage
from .records.conversations import GOVERNANCE_KEY, ConversationReferences
from .records.db import create_engine, create_session_factory, database_url_from_env, is_sqlite
from .records.incidents import IncidentRepository
from .records.interactions import InteractionRepository
from .records.migrate import current_revisions, head_revisions, known_revisions, prepare_database
from .records.outbox import OutboxRelay
from .records.posted_cards import PostedCards
from .records.register import RegisterRepository
from .records.replays import Replays
from .records.sqlite_thread import SqliteThread
from .records.storage import DatabaseStorage
from .records.votes import VoteRepository
from .settings import Settings
from .teams_bot import PolicyBot
from .turn_errors import TurnErrorHandler
from .workflows import Workflows

logger = logging.getLogger(__name__)


@dataclass
class Service:
    """What a running app holds; tests reach it through `app[SERVICE]`."""

    settings: Settings
    policy: Policy
    boards: Boards
    engine: AsyncEngine | None = None
    bot: PolicyBot | None = None
    handler: MessagesHandler | None = None
    pump: NotificationPump | None = None
    workflows: Workflows | None = None
    delivery: TeamsDelivery | None = None
    directory: ApproverDirectory | None = None


SERVICE = web.AppKey("service", Service)


def create_app(settings: Settings) -> web.Application:
    quiet_data_loggers()
    install_log_redaction()
    try:
        policy = load_policy(settings.policy)
    except (PolicyError, UnknownPolicyError) as exc:
        raise ConfigurationError(f"cannot serve policy {settings.policy!r}: {exc}") from exc
    lead = Board(None, policy.document.organisation.governance_authority.name)
    try:
        boards = load_boards(Path(settings.boards_file), lead) if settings.boards_file else None
    except PolicyError as exc:
        raise ConfigurationError(f"cannot use POLICYBOT_BOARDS: {exc}") from exc
    app = web.Application(client_max_size=settings.max_body_bytes)
    app[SERVICE] = Service(settings, policy, boards or Boards(lead))
    app.cleanup_ctx.append(_records)
    add_messages_route(app, _messages)
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/readyz", _readyz)
    return app


async def _records(app: web.Application) -> AsyncIterator[None]:
    service = app[SERVICE]
    settings = service.settings
    engine = create_engine(settings.database_url or database_url_from_env())
    await prepare_database(engine, upgrade_requested=settings.upgrade_database)
    session_factory = create_session_factory(engine)
    sqlite_thread = SqliteThread.for_engine(engine)
    storage: Storage = DatabaseStorage(session_factory, sqlite_thread)
    if is_sqlite(engine):  # one instance by design, so this process is the only writer
        storage = CachedStorage(storage)
    conversation_state = MergingConversationState(storage)
    adapter = create_adapter(settings)
    replays = Replays(session_factory)
    interactions = InteractionRepository(session_factory, sqlite_thread)
    workflows, pump = await _workflows(service, session_factory, adapter, replays, interactions)
    bot = PolicyBot(service.policy, conversation_state, interactions, workflows, replays)
    adapter.on_turn_error = TurnErrorHandler(conversation_state)
    authenticator = create_authenticator(
        settings, bot_framework_authentication=adapter.bot_framework_authentication
    )
    service.engine, service.bot, service.pump, service.workflows = engine, bot, pump, workflows
    service.handler = MessagesHandler(adapter, bot.on_turn, settings, authenticator)
    logger.info("serving policy %s (%s)", service.policy.id, service.policy.version)
    pump.start()
    try:
        yield
    finally:
        await pump.stop()
        await authenticator.close()
        if sqlite_thread is not None:
            await sqlite_thread.close()
        await engine.dispose()


async def _workflows(
    service: Service,
    session_factory: async_sessionmaker[AsyncSession],
    adapter: CloudAdapter,
    replays: Replays,
    interactions: InteractionRepository,
) -> tuple[Workflows, NotificationPump]:
    """Approvals (and later incidents): the board's channels, who may decide, the register the
    engine overlays, and the pump that delivers the outbox."""
    settings, policy = service.settings, service.policy
    references = ConversationReferences(session_factory)
    channels = Channels(references)
    await _configured_channels(settings, channels, service.boards)
    approvals = ApprovalRepository(session_factory)
    authority = Authority(
        settings.approvers,
        channels,
        references,
        admins=settings.admins,
        local_mode=settings.local_mode,
        boards=service.boards,
    )
    questions = BoardQuestionRepository(session_factory)
    entries = RegisterRepository(session_factory)
    await entries.backfill()
    await entries.sync_policy_tools(policy)
    register = RegisterCache(policy, entries, questions)
    await register.refresh()
    board = ApprovalBoard(policy, approvals, authority, register)
    incidents = IncidentRepository(session_factory)
    incident_board = IncidentBoard(policy, incidents, authority)
    question_board = QuestionBoard(policy, questions, authority, register)
    delivery = TeamsDelivery(adapter, settings.app_id, references, PostedCards(session_factory))
    service.delivery = delivery

    async def redraw_open_cards() -> None:
        await approvals.redraw_open_cards()
        await incidents.redraw_open_cards()
        await questions.redraw_open_cards()

    directory = ApproverDirectory(delivery, authority, channels, on_new=redraw_open_cards)
    authority.on_new = redraw_open_cards
    service.directory = directory
    notifier = Notifier(delivery, approvals, board, directory)
    notices = IncidentNotices(delivery, incidents, incident_board, directory)
    question_notices = BoardQuestionNotices(delivery, questions, question_board, policy, directory)
    summaries = SummaryNotices(delivery, session_factory, policy, boards=service.boards)
    for kind, handler in (
        notices.handlers() | question_notices.handlers() | summaries.handlers()
    ).items():
        notifier.on(kind, handler)
    weekly = WeeklySummary(
        session_factory,
        schedule_from_settings(settings.summary_day, settings.summary_hour),
        [board.id for board in service.boards.all()],
    )
    # before serving, as the register is read: a summary due while no instance ran is queued
    # now, and a new deployment's starting week is recorded outside any turn
    await weekly.run_if_due()
    followups = AnswerFollowUps(
        policy, interactions, VoteRepository(session_factory), questions, references, register
    )
    workflows = Workflows(
        policy, approvals, board, authority, channels, references, register, session_factory,
        incidents, incident_board, questions, question_board, followups, weekly, entries,
        RegisterBoard(policy, entries, authority, register),
        AcknowledgementRepository(session_factory),
    )  # fmt: skip

    async def periodic() -> None:
        await entries.backfill()
        await register.refresh()
        await replays.purge()
        await workflows.reminders(settings.approval_reminder_days, settings.incident_ack_hours)
        # claimed in the database, so one instance posts each week's summary however many run
        await weekly.run_if_due()

    pump = NotificationPump(
        OutboxRelay(session_factory, notifier),
        poll_seconds=settings.outbox_poll_seconds,
        periodic=periodic,
        periodic_seconds=min(30.0, settings.outbox_poll_seconds * 15),
    )
    board.wake = incident_board.wake = workflows.wake = pump.wake
    question_board.wake = followups.wake = pump.wake
    return workflows, pump


async def _configured_channels(settings: Settings, channels: Channels, boards: Boards) -> None:
    for destination, channel_id, team_id in (
        (GOVERNANCE_KEY, settings.governance_channel_id, settings.governance_team_id),
        (SECURITY_KEY, settings.security_channel_id, ""),
        *((b.destination, b.channel_id, b.team_id) for b in boards.others),
    ):
        if channel_id:
            await channels.configure(
                destination,
                channel_id=channel_id,
                team_id=team_id,
                service_url=settings.teams_service_url,
                bot_id=f"28:{settings.app_id}",
                tenant_id=settings.app_tenant_id,
            )


async def _messages(request: web.Request) -> web.StreamResponse:
    handler = request.app[SERVICE].handler
    assert handler is not None, "cleanup_ctx builds the handler before the first request"
    return await handler.handle(request)


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _readyz(request: web.Request) -> web.Response:
    """Ready when the policy is loaded, the database answers and its schema is the one this
    release needs: an orchestrator holds traffic from an instance started before `policybot db
    upgrade` ran. A schema newer than this release (a rolling upgrade that migrated first) stays
    ready: migrations only add, so old instances keep serving until they are replaced."""
    service = request.app[SERVICE]
    checks = {"policy": f"{service.policy.id} {service.policy.version}", "database": "ok"}
    try:
        assert service.engine is not None
        current = await current_revisions(service.engine)
    except Exception:  # any failure means "not ready"; the reason goes to the log only
        logger.exception("readiness check: database unreachable")
        checks["database"] = "unreachable"
        return web.json_response({"status": "unavailable", **checks}, status=503)
    heads = head_revisions()
    checks["migrations"] = "current"
    if current != heads:
        at = ", ".join(sorted(current)) or "none"
        if current <= known_revisions():
            checks["migrations"] = f"behind: the database is at {at}, this release needs " + (
                ", ".join(sorted(heads))
            )
            return web.json_response({"status": "unavailable", **checks}, status=503)
        checks["migrations"] = f"newer than this release: {at}"
    return web.json_response({"status": "ready", **checks})
