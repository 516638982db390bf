"""Small helpers shared by the unit tests: counting rows, running the CLI as a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from ssas_portal.settings import PROJECT_ROOT


def count_rows(engine: Engine, model: type[SQLModel]) -> int:
    """Rows of `model` as committed in the database, read in a fresh session."""
    with Session(engine) as session:
        return session.exec(select(sa.func.count()).select_from(model)).one()


def clean_environment(**overrides: str) -> dict[str, str]:
    """The current environment without any SSAS_* setting, plus `overrides`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SSAS_")}
    return {**env, **overrides}


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -m ssas_portal <args>` in a child process, as an operator would type it."""
    return subprocess.run(
        [sys.executable, "-m", "ssas_portal", *args],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def one_line(text: str) -> str:
    """`text` without its trailing newline, asserting it is exactly one non-empty line."""
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == 1 and lines[0].strip(), f"expected one line, got: {text!r}"
    return lines[0]


# --- Authentication helpers (accounts, a movable clock, the outbox, TOTP) ---------------------------------

STRONG_PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase"
CODE_PATTERN = re.compile(r"\b(\d{6})\b")
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


def make_account(engine: Engine, email: str = "clerk@example.org", *, role: object = None,
                 password: str = STRONG_PASSWORD, scope_party_id: int | None = None, **fields: object) -> object:
    """A committed account holding `role` (staff through create_staff, others as AccountRole rows),
    with `fields` set on it afterwards (must_change_password, phone, second_factor, is_active...)."""
    from models import Account, AccountRole
    from models.enums import STAFF_ROLES, Role
    from ssas_portal.services.identity import accounts, passwords
    from ssas_portal.services.core.audit import Actor
    from ssas_portal.services.core.db import transaction

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
            session.add(AccountRole(account_id=account.id, role=role, scope_party_id=scope_party_id))
        for name, value in fields.items():
            setattr(account, name, value)
        session.add(account)
    return account


def committed(engine: Engine, model: type[SQLModel], key: object) -> object:
    """One row as committed, read in a fresh session."""
    with Session(engine) as session:
        return session.get_one(model, key)


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


def audit_actions(engine: Engine) -> list[str]:
    from models import AuditEvent

    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.action).order_by(AuditEvent.id)))  # type: ignore[arg-type]


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
    from ssas_portal.services.identity import totp
    from ssas_portal.services.core.db import transaction

    secret = totp.new_secret()
    moment = time.time() - seconds_ago
    with transaction(engine) as session:
        account = session.get_one(Account, account_id)
        assert totp.confirm_enrolment(session, account, secret, pyotp.TOTP(secret).at(moment), at=moment)
    return secret
