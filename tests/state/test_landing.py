"""Roles are checked on the server in the handlers: a crafted event from the wrong role is refused and audited."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models import AuditEvent
from models.enums import Role
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.db import transaction
from ssas_portal.services.identity import accounts, sessions
from state.landing import LandingState
from state.session import SessionState
from tests.support.identity import signed_in
from tests.support.state import make_state, run

PASSWORD = "correct horse battery staple"


def _board(token: str) -> LandingState:
    state = make_state(LandingState)
    run(state.get_state(SessionState)).token = token
    return state


def _refusals(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == "access.refused")
                                 .order_by(col(AuditEvent.id))))


def test_staff_board_opens_for_a_clerk_with_counts(engine: Engine) -> None:
    state = _board(signed_in(engine, Role.STAFF_CLERK))
    assert run(LandingState.open_staff_board.fn(state)) is None
    assert not state.forbidden
    assert state.role == "staff_clerk"
    assert ("submitted", 0) in state.status_counts


def test_a_crafted_staff_board_event_from_an_applicant_is_refused_and_audited(engine: Engine) -> None:
    state = _board(signed_in(engine, Role.APPLICANT))
    run(LandingState.open_staff_board.fn(state))
    assert state.forbidden
    assert state.status_counts == []
    refusal = _refusals(engine)[-1]
    assert refusal.entity_id == "staff.board.view"
    assert refusal.actor_account_id is not None


def test_without_a_session_the_staff_board_sends_to_sign_in(engine: Engine) -> None:
    state = _board("forged-token-value")
    redirect = run(LandingState.open_staff_board.fn(state))
    assert "/sign-in?expired=1" in str(redirect)
    assert state.status_counts == []
    assert _refusals(engine)


def test_sign_out_ends_the_session_on_the_server(engine: Engine) -> None:
    token = signed_in(engine, Role.STAFF_CLERK)
    state = _board(token)
    session_state = run(state.get_state(SessionState))
    SessionState.sign_out.fn(session_state)
    assert session_state.token == ""
    with transaction(engine) as session:
        assert sessions.resolve(session, token) is None


def test_an_account_waiting_for_activation_is_sent_to_activation_not_the_board(engine: Engine) -> None:
    """Credentials issued with a one-time password open nothing but the activation page."""
    with transaction(engine) as session:
        account = accounts.create_staff(session, Actor.system(), email="new.admin@example.org", display_name="New",
                                        role=Role.ADMIN, password=PASSWORD, must_change_password=True)
        token = sessions.start(session, account, "state-test")
    state = _board(token)
    assert "/activate" in str(run(LandingState.open_staff_board.fn(state)))
    assert state.status_counts == []
    assert any(event.after == {"reason": "activation pending"} for event in _refusals(engine))
