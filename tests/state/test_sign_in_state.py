"""The sign-in handler validates on the server, never says whether an account exists, and audits."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import AuditEvent
from models.enums import Role
from ssas_portal.services import accounts
from ssas_portal.services.audit import Actor
from ssas_portal.services.db import transaction
from state.sign_in import SignInState
from tests.state.conftest import make_state

PASSWORD = "correct horse battery staple"


def _staff(engine: Engine) -> None:
    with transaction(engine) as session:
        accounts.create_staff(
            session, Actor.system(), email="clerk@example.org", display_name="Clerk", role=Role.STAFF_CLERK,
            password=PASSWORD,
        )


def _actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)))


def _submit(email: str, password: str) -> SignInState:
    state = make_state(SignInState)
    SignInState.submit.fn(state, {"email": email, "password": password})
    return state


def test_malformed_email_is_refused_before_any_lookup(engine: Engine) -> None:
    state = _submit("not-an-email", PASSWORD)
    assert (state.error_key, state.error_field) == ("error.email_invalid", "email")
    assert _actions(engine) == []


def test_empty_password_is_refused(engine: Engine) -> None:
    state = _submit("clerk@example.org", "")
    assert (state.error_key, state.error_field) == ("error.password_required", "password")


def test_wrong_password_and_unknown_account_get_the_same_answer(engine: Engine) -> None:
    _staff(engine)
    wrong = _submit("clerk@example.org", "not the password at all")
    unknown = _submit("nobody@example.org", PASSWORD)
    assert wrong.error_key == unknown.error_key == "error.sign_in_refused"
    assert wrong.error_field == unknown.error_field == ""
    assert _actions(engine).count("sign_in.password_refused") == 2


def test_right_password_moves_on_to_the_second_factor_notice(engine: Engine) -> None:
    _staff(engine)
    state = _submit("Clerk@Example.org", PASSWORD)
    assert state.error_key == ""
    assert state.notice_key == "signin.second_factor_pending"
    assert _actions(engine)[-1] == "sign_in.password_accepted"


def test_oversized_input_is_cut_not_crashing(engine: Engine) -> None:
    state = _submit("a" * 5000 + "@example.org", "p" * 5000)
    assert state.error_key == "error.email_invalid"
