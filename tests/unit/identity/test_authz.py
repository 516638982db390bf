"""Authorisation on the server: the role for the action, the object it is scoped to, a refusal audited."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Account, AuditEvent
from models.enums import STAFF_ROLES, Role
from ssas_portal.services.core.db import transaction
from ssas_portal.services.identity import authz
from tests.support.identity import make_account, make_party
from tests.support.rows import audit_actions

STAFF_ACTION = "application.approve"
EMPLOYER_ROLES = {Role.EMPLOYER_ADMIN, Role.EMPLOYER_USER}


def allowed(engine: Engine, account: Account | None, roles: set[Role] | frozenset[Role], *,
            action: str = STAFF_ACTION, scope: int | None = None) -> Role | None:
    """One check in its own committed transaction, as an event handler makes it."""
    with transaction(engine) as session:
        actor = session.get_one(Account, account.id) if account is not None else None
        return authz.allowed_role(session, actor, roles, action=action, scope_party_id=scope)


def refusals(engine: Engine) -> list[AuditEvent]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == "access.refused")))


def test_a_clerk_is_allowed_a_staff_action(engine: Engine) -> None:
    clerk = make_account(engine, role=Role.STAFF_CLERK)
    assert allowed(engine, clerk, STAFF_ROLES) is Role.STAFF_CLERK
    assert refusals(engine) == []


def test_an_applicant_is_refused_a_staff_action_and_the_refusal_is_committed(engine: Engine) -> None:
    """Hiding a button is not security: the server refuses, and the refusal stays in the audit trail."""
    applicant = make_account(engine, "applicant@example.org", role=Role.APPLICANT)
    assert allowed(engine, applicant, STAFF_ROLES) is None
    [event] = refusals(engine)
    assert event.actor_account_id == applicant.id
    assert event.entity_id == STAFF_ACTION
    assert event.after and set(event.after["needs"]) == {role.value for role in STAFF_ROLES}


def test_nobody_signed_in_is_refused_and_audited(engine: Engine) -> None:
    assert allowed(engine, None, STAFF_ROLES) is None
    [event] = refusals(engine)
    assert event.actor_account_id is None and event.actor_role == "anonymous"


def test_an_employer_admin_acts_for_its_own_employer_only(engine: Engine) -> None:
    """Object level: an employer sees and confirms only its own employees."""
    employer_a, employer_b = make_party(engine), make_party(engine)
    admin = make_account(engine, "rh@employer-a.example", role=Role.EMPLOYER_ADMIN, scope_party_id=employer_a)
    assert allowed(engine, admin, EMPLOYER_ROLES, action="employment.confirm", scope=employer_a) \
        is Role.EMPLOYER_ADMIN
    assert allowed(engine, admin, EMPLOYER_ROLES, action="employment.confirm", scope=employer_b) \
        is None
    [event] = refusals(engine)
    assert event.after and event.after["scope_party_id"] == employer_b


def test_staff_cover_every_scope(engine: Engine) -> None:
    employer = make_party(engine)
    supervisor = make_account(engine, role=Role.STAFF_SUPERVISOR)
    roles = EMPLOYER_ROLES | STAFF_ROLES
    assert allowed(engine, supervisor, roles, scope=employer) is Role.STAFF_SUPERVISOR


def test_an_inactive_account_is_refused(engine: Engine) -> None:
    """A deactivated clerk keeps its role rows but may no longer act."""
    clerk = make_account(engine, role=Role.STAFF_CLERK, is_active=False)
    assert allowed(engine, clerk, STAFF_ROLES) is None
    assert audit_actions(engine)[-1] == "access.refused"


def landing(engine: Engine, account: Account) -> str:
    with Session(engine) as session:
        return authz.landing_path(session, session.get_one(Account, account.id))


def test_landing_path_sends_each_account_where_it_belongs(engine: Engine) -> None:
    """Activation comes first; then staff go to their board and everyone else to the dashboard."""
    new_admin = make_account(engine, "admin@example.org", role=Role.ADMIN, must_change_password=True)
    clerk = make_account(engine, "clerk@example.org", role=Role.STAFF_CLERK)
    individual = make_account(engine, "awa@example.org", role=Role.INDIVIDUAL)
    assert landing(engine, new_admin) == "/activate"
    assert landing(engine, clerk) == "/staff"
    assert landing(engine, individual) == "/dashboard"


def test_an_action_is_a_short_name_from_the_code_and_nothing_else_reaches_the_audit_trail(engine: Engine) -> None:
    """A crafted call once wrote a 900 kB "action" per refusal: only names like "review.decide" are audited."""
    for crafted in ["x" * 900_000, "review", "Review.Decide", "review.decide; drop", ["review.decide"]]:
        with pytest.raises(ValueError), transaction(engine) as session:
            authz.authorise(session, "", STAFF_ROLES, action=crafted)  # type: ignore[arg-type]
    assert audit_actions(engine) == []
    with transaction(engine) as session:
        assert authz.authorise(session, "", STAFF_ROLES, action="review.decide") is None
    assert audit_actions(engine) == ["access.refused"]
