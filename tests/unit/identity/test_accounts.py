"""Staff accounts and passwords: argon2id hashes, the length policy, the first administrator, audited sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Account, AuditEvent
from models.enums import Role
from ssas_portal.cli import migrate
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.db import engine_for, transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.identity import accounts, passwords
from tests.support.identity import roles_of
from tests.support.rows import count_rows

GOOD_PASSWORD = "correct horse battery"
ADMIN_EMAIL = "admin@ssas.example"


def create_clerk(engine: Engine, *, email: str = "Clerk@Example.ORG", role: Role = Role.STAFF_CLERK,
                 password: str = GOOD_PASSWORD) -> Account:
    with transaction(engine) as session:
        return accounts.create_staff(
            session, Actor.system(), email=email, display_name="Fatou Sow", role=role, password=password
        )


def refusal(engine: Engine, *, role: Role = Role.STAFF_CLERK, password: str = GOOD_PASSWORD) -> Refusal:
    """The refusal create_staff raises for these inputs, after checking that nothing was saved."""
    with pytest.raises(Refusal) as refused:
        create_clerk(engine, role=role, password=password)
    assert count_rows(engine, Account) == count_rows(engine, AuditEvent) == 0
    return refused.value


def audit_actions(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)))  # type: ignore[arg-type]


def test_create_staff_stores_an_argon2id_hash_a_lower_case_email_and_the_role(engine: Engine) -> None:
    """The password is never stored, e-mails compare case-insensitively, the role is granted."""
    account = create_clerk(engine)
    with Session(engine) as session:
        stored = session.get_one(Account, account.id)
        assert roles_of(session, stored.id) == {Role.STAFF_CLERK}
    assert stored.email == "clerk@example.org"
    assert stored.password_hash is not None and stored.password_hash.startswith("$argon2id$")
    assert passwords.verify(stored.password_hash, GOOD_PASSWORD)


def test_create_staff_audits_in_the_same_transaction(engine: Engine) -> None:
    """The account and its audit event commit together, and roll back together."""
    with pytest.raises(RuntimeError), transaction(engine) as session:
        accounts.create_staff(session, Actor.system(), email="a@example.org", display_name="A", role=Role.ADMIN,
                              password=GOOD_PASSWORD)
        raise RuntimeError("the caller fails later in the same unit of work")
    assert count_rows(engine, Account) == count_rows(engine, AuditEvent) == 0
    create_clerk(engine)
    assert audit_actions(engine) == ["account.created"]


def test_a_taken_email_is_a_conflict_whatever_its_case(engine: Engine) -> None:
    create_clerk(engine, email="clerk@example.org")
    with pytest.raises(Refusal) as refused:
        create_clerk(engine, email="CLERK@example.org")
    assert refused.value.key == "error.email_taken" and refused.value.field == ""
    assert count_rows(engine, Account) == 1


def test_a_non_staff_role_is_refused(engine: Engine) -> None:
    """Applicants and employers get their accounts through registration, never through create_staff."""
    refused = refusal(engine, role=Role.APPLICANT)
    assert refused.key == "error.role_not_staff" and refused.field == "role"


@pytest.mark.parametrize(
    ("length", "key"), [(11, "error.password_too_short"), (129, "error.password_too_long")]
)
def test_a_password_outside_12_to_128_characters_is_refused_and_nothing_saved(
    engine: Engine, length: int, key: str
) -> None:
    """The policy is length only; a refusal leaves no account and no audit event behind."""
    refused = refusal(engine, password="p" * length)
    assert refused.key == key and refused.field == "password"


@pytest.mark.parametrize("length", [12, 128])
def test_a_password_of_12_to_128_characters_is_accepted(engine: Engine, length: int) -> None:
    account = create_clerk(engine, password="p" * length)
    assert passwords.verify(account.password_hash, "p" * length)


def first_admin(engine: Engine) -> tuple[str, str] | None:
    with transaction(engine) as session:
        return accounts.ensure_first_admin(session, ADMIN_EMAIL)


def test_ensure_first_admin_creates_one_admin_with_a_random_password_once(engine: Engine) -> None:
    """Bootstrap runs at every start: the first run creates the administrator, later runs do nothing."""
    created = first_admin(engine)
    assert created is not None
    email, password = created
    with Session(engine) as session:
        admin = session.exec(select(Account).where(Account.email == email)).one()
        assert roles_of(session, admin.id) == {Role.ADMIN}
    assert admin.must_change_password
    assert passwords.verify(admin.password_hash, password)
    assert first_admin(engine) is None
    assert count_rows(engine, Account) == 1


def test_two_databases_get_different_first_passwords(engine: Engine, tmp_path: Path) -> None:
    """The one-time password is random, never a default someone could guess."""
    other_url = f"sqlite:///{tmp_path / 'other.db'}"
    migrate(other_url)
    created, other = first_admin(engine), first_admin(engine_for(other_url))
    assert created is not None and other is not None
    assert created[1] != other[1]


def sign_in(engine: Engine, email: str, password: str) -> Account | None:
    with transaction(engine) as session:
        return accounts.check_password(session, email, password)


def test_check_password_accepts_the_right_password_only_and_audits_each_attempt(engine: Engine) -> None:
    """Every sign-in attempt leaves a trace; wrong password and unknown e-mail look the same to the caller."""
    account = create_clerk(engine)
    signed_in = sign_in(engine, "CLERK@example.org", GOOD_PASSWORD)
    assert signed_in is not None and signed_in.id == account.id
    assert sign_in(engine, "clerk@example.org", "wrong password!") is None
    assert sign_in(engine, "nobody@example.org", GOOD_PASSWORD) is None
    assert audit_actions(engine) == [
        "account.created", "sign_in.password_accepted", "sign_in.password_refused", "sign_in.password_refused",
    ]
    with Session(engine) as session:
        assert session.get_one(Account, account.id).failed_password_count == 1
