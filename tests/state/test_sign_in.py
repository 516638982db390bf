"""The sign-in handlers validate on the server, never say whether an account exists, and audit."""

from __future__ import annotations

import re

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models import AuditEvent, OutboxMessage
from models.enums import Role
from ssas_portal.services.core import i18n
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.db import transaction
from ssas_portal.services.identity import accounts
from state.session import SessionState
from state.sign_in import SignInState
from tests.support.state import make_state, run

PASSWORD = "correct horse battery staple"


def _staff(engine: Engine, email: str = "clerk@example.org") -> None:
    with transaction(engine) as session:
        accounts.create_staff(session, Actor.system(), email=email, display_name="Clerk", role=Role.STAFF_CLERK,
                              password=PASSWORD)


def _actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id))))


def _latest_code(engine: Engine) -> str:
    with Session(engine) as session:
        body = session.exec(select(OutboxMessage.body).order_by(col(OutboxMessage.id).desc())).first()
    found = re.search(r"\b\d{6}\b", body or "")
    assert found
    return found.group(0)


def _password(email: str, password: str) -> SignInState:
    state = make_state(SignInState)
    run(SignInState.submit_password.fn(state, {"email": email, "password": password}))
    return state


def test_malformed_email_is_refused_before_any_lookup(engine: Engine) -> None:
    state = _password("not-an-email", PASSWORD)
    assert (state.error, state.error_field) == (i18n.translate("fr", "error.email_invalid"), "email")
    assert _actions(engine) == []


def test_empty_password_is_refused(engine: Engine) -> None:
    state = _password("clerk@example.org", "")
    assert state.error_field == "password"
    assert state.step == "password"


def test_wrong_password_and_unknown_account_get_the_same_answer(engine: Engine) -> None:
    _staff(engine)
    wrong = _password("clerk@example.org", "not the password at all")
    unknown = _password("nobody@example.org", PASSWORD)
    assert wrong.error == unknown.error == i18n.translate("fr", "error.sign_in_refused")
    assert wrong.error_field == unknown.error_field == ""
    assert _actions(engine).count("sign_in.password_refused") == 2


def test_right_password_then_the_code_signs_in_and_sets_the_session_cookie(engine: Engine) -> None:
    _staff(engine)
    state = _password("Clerk@Example.org", PASSWORD)
    assert (state.error, state.step, state.method) == ("", "code", "email_code")
    assert state.destination_hint == "c***@example.org"
    redirect = run(SignInState.submit_code.fn(state, {"code": _latest_code(engine)}))
    assert "/staff" in str(redirect)
    session_state = run(state.get_state(SessionState))
    assert len(session_state.token) >= 43
    assert _actions(engine)[-1] == "sign_in.completed"


def test_a_wrong_code_is_refused_and_keeps_the_code_step(engine: Engine) -> None:
    _staff(engine)
    state = _password("clerk@example.org", PASSWORD)
    right = _latest_code(engine)
    run(SignInState.submit_code.fn(state, {"code": f"{(int(right) + 1) % 1_000_000:06d}"}))
    assert (state.step, state.error_field) == ("code", "code")
    assert state.error == i18n.translate("fr", "error.code_wrong")
    assert run(state.get_state(SessionState)).token == ""


def test_a_code_without_a_password_step_is_refused(engine: Engine) -> None:
    """A crafted submit_code event, sent without the password step, finds no challenge on the server."""
    state = make_state(SignInState)
    run(SignInState.submit_code.fn(state, {"code": "123456"}))
    assert state.error == i18n.translate("fr", "error.code_expired")
    assert run(state.get_state(SessionState)).token == ""


def test_expired_notice_comes_from_the_url(engine: Engine) -> None:
    state = make_state(SignInState, url="/sign-in?expired=1")
    run(SignInState.open.fn(state))
    assert state.notice == i18n.translate("fr", "error.session_expired")


def test_oversized_input_is_cut_not_crashing(engine: Engine) -> None:
    state = _password("a" * 5000 + "@example.org", "p" * 5000)
    assert state.error == i18n.translate("fr", "error.email_invalid")
