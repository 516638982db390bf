"""Authentication helpers shared by the tests: accounts (and a signed-in session), a movable clock, the codes
in the outbox, TOTP."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

if TYPE_CHECKING:
    from models import Account
    from models.enums import Role

STRONG_PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase"
SIGNED_IN_PASSWORD = "correct horse battery staple"
CODE_PATTERN = re.compile(r"\b(\d{6})\b")
# The service modules (under ssas_portal.services) whose utc_now frozen_clock replaces.
CLOCK_MODULES = ("identity.auth", "identity.sessions", "identity.codes", "identity.throttle", "identity.accounts",
                 "core.audit")


@dataclass
class Clock:
    """A stand-in for models.types.utc_now that only moves when told to."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def frozen_clock(monkeypatch: object) -> Clock:
    """Patch utc_now where the auth services imported it; returns the clock, set to the real time now."""
    clock = Clock(datetime.now(UTC).replace(microsecond=0))
    for name in CLOCK_MODULES:
        monkeypatch.setattr(f"ssas_portal.services.{name}.utc_now", clock)  # type: ignore[attr-defined]
    return clock


def make_party(engine: Engine) -> int:
    """An organisation party (employer) to scope roles to; returns its id."""
    from models import Party
    from models.enums import PartyKind

    with Session(engine) as session:
        party = Party(kind=PartyKind.ORGANISATION)
        session.add(party)
        session.commit()
        assert party.id is not None
        return party.id


def make_account(engine: Engine, email: str = "clerk@example.org", *, role: Role | None = None,
                 password: str = STRONG_PASSWORD, scope_party_id: int | None = None, **fields: object) -> Account:
    """A committed account holding `role` (staff through create_staff, others as AccountRole rows),
    with `fields` set on it afterwards (must_change_password, phone, second_factor, is_active...)."""
    from models import Account, AccountRole
    from models.enums import STAFF_ROLES, Role
    from ssas_portal.services.core.audit import Actor
    from ssas_portal.services.core.db import transaction
    from ssas_portal.services.identity import accounts, passwords

    role = role or Role.STAFF_CLERK
    with transaction(engine) as session:
        if role in STAFF_ROLES and scope_party_id is None:
            account = accounts.create_staff(session, Actor.system(), email=email, display_name="Fatou Sow",
                                            role=role, password=password)
        else:
            account = Account(email=email, display_name="Awa Diop", password_hash=passwords.hash_password(password),
                              must_change_password=False)
            session.add(account)
            session.flush()
            assert account.id is not None
            session.add(AccountRole(account_id=account.id, role=role, scope_party_id=scope_party_id))
        for name, value in fields.items():
            setattr(account, name, value)
        session.add(account)
    return account


def signed_in(engine: Engine, role: Role) -> str:
    """A session token for a fresh account holding `role`."""
    from models import Account, AccountRole, Party
    from models.enums import PartyKind, Role
    from ssas_portal.services.core.audit import Actor
    from ssas_portal.services.core.db import transaction
    from ssas_portal.services.identity import accounts, sessions

    with transaction(engine) as session:
        if role in {Role.STAFF_CLERK, Role.STAFF_SUPERVISOR, Role.ADMIN}:
            account = accounts.create_staff(session, Actor.system(), email=f"{role.value}@example.org",
                                            display_name=role.value, role=role, password=SIGNED_IN_PASSWORD)
        else:
            party = Party(kind=PartyKind.PERSON)
            session.add(party)
            session.flush()
            account = Account(email=f"{role.value}@example.org", display_name=role.value, party_id=party.id,
                              must_change_password=False)
            session.add(account)
            session.flush()
            assert account.id is not None
            session.add(AccountRole(account_id=account.id, role=role))
        return sessions.start(session, account, "state-test")


def outbox_bodies(engine: Engine, destination: str | None = None) -> list[str]:
    """The bodies of the outbox messages (to `destination` when given), oldest first."""
    from models import OutboxMessage

    query = select(OutboxMessage).order_by(OutboxMessage.id)  # type: ignore[arg-type]
    if destination is not None:
        query = query.where(OutboxMessage.destination == destination)
    with Session(engine) as session:
        return [message.body for message in session.exec(query)]


def latest_code(engine: Engine, destination: str | None = None) -> str:
    """The 6-digit code in the newest outbox message (to `destination` when given)."""
    bodies = outbox_bodies(engine, destination)
    assert bodies, f"no outbox message to {destination}"
    found = CODE_PATTERN.search(bodies[-1])
    assert found, f"no code in {bodies[-1]!r}"
    return found.group(1)


def wrong_code(right: str | set[str]) -> str:
    """A 6-digit code different from `right` (or from every code in it)."""
    taken = {right} if isinstance(right, str) else right
    return next(candidate for candidate in (f"{n:06d}" for n in range(1000)) if candidate not in taken)


def enrol_totp(engine: Engine, account_id: int, *, seconds_ago: int = 90) -> str:
    """Enrol an authenticator app for the account with a code from `seconds_ago` (so the current code is
    still unused); returns the base32 secret."""
    import time

    import pyotp

    from models import Account
    from ssas_portal.services.core.db import transaction
    from ssas_portal.services.identity import totp

    secret = totp.new_secret()
    moment = time.time() - seconds_ago
    with transaction(engine) as session:
        account = session.get_one(Account, account_id)
        assert totp.confirm_enrolment(session, account, secret, pyotp.TOTP(secret).at(moment), at=moment)
    return secret


def roles_of(session: Session, account_id: int | None) -> set[Role]:
    """The roles the account holds, whatever their scope (of a stored account: `account_id` is set)."""
    from models import AccountRole

    assert account_id is not None
    return set(session.exec(select(col(AccountRole.role)).where(AccountRole.account_id == account_id)))
