"""Accounts and roles: creating staff and the first administrator, checking a password."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import phonenumbers
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from sqlmodel import Session, col, select

from models import Account, AccountRole, Application
from models.enums import STAFF_ROLES, Role, SecondFactor
from models.types import utc_now
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.core.privacy import mask
from ssas_portal.services.identity import passwords
from ssas_portal.settings import get_settings


def normalise_email(email: str) -> str:
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise Refusal("error.email_invalid", "email") from None
    return result.normalized.lower()


APPLICATION_NUMBER = re.compile(r"^[A-Z]{3}-\d{4}-[0-9A-Z]{8}$")
"""An application's reference: the sign-in name of an applicant approved without an e-mail address."""


def sign_in_name(typed: str) -> str:
    """What a person signs in with: an e-mail address (normalised), or an application number (upper-cased)."""
    text = typed.strip()
    if "@" not in text and APPLICATION_NUMBER.fullmatch(text.upper()):
        return text.upper()
    return normalise_email(text)


def account_named(session: Session, typed: str) -> Account | None:
    """The account a sign-in name designates: by e-mail address, or by the number of the application that
    issued it (an applicant approved without an e-mail address)."""
    try:
        name = sign_in_name(typed)
    except Refusal:
        return None
    if "@" not in name:
        holder = session.exec(select(Application.applicant_account_id).where(Application.reference == name)).first()
        return session.get(Account, holder) if holder is not None else None
    return session.exec(select(Account).where(Account.email == name)).first()


def normalise_phone(phone: str, region: str | None = None) -> str:
    """E.164, the form every SMS provider takes; `region` lets local numbers be typed without +."""
    try:
        parsed = phonenumbers.parse(phone.strip()[:40], region)
    except phonenumbers.NumberParseException:
        raise Refusal("error.phone_invalid", "phone") from None
    if not phonenumbers.is_valid_number(parsed):
        raise Refusal("error.phone_invalid", "phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def create_staff(
    session: Session,
    actor: Actor,
    *,
    email: str,
    display_name: str,
    role: Role,
    password: str,
    must_change_password: bool = False,
    phone: str = "",
) -> Account:
    """A staff account; staff always sign in with a second factor: a code by SMS when a mobile number is
    given, else by e-mail, until they enrol an authenticator app."""
    if role not in STAFF_ROLES:
        raise Refusal("error.role_not_staff", "role")
    name = display_name.strip()
    if not 1 <= len(name) <= 200:
        raise Refusal("error.name_required", "display_name")
    address = normalise_email(email)
    if session.exec(select(Account.id).where(Account.email == address)).first() is not None:
        raise Refusal("error.email_taken")
    account = Account(
        email=address,
        display_name=name,
        password_hash=passwords.hash_password(password),
        must_change_password=must_change_password,
        phone=normalise_phone(phone) if phone else None,
        second_factor=SecondFactor.SMS_CODE if phone else SecondFactor.EMAIL_CODE,
    )
    session.add(account)
    session.flush()
    assert account.id is not None  # flushed: the database gave it one
    session.add(AccountRole(account_id=account.id, role=role))
    audit.record(
        session, actor, "account.created", "account", account.id,
        after={"email": address, "display_name": name, "role": role.value},
    )
    return account


def has_admin(session: Session) -> bool:
    return session.exec(select(AccountRole.id).where(AccountRole.role == Role.ADMIN).limit(1)).first() is not None


def ensure_first_admin(session: Session, email: str) -> tuple[str, str] | None:
    """Create the first administrator with a random one-time password; None when one exists already."""
    if has_admin(session):
        return None
    password = passwords.one_time_password()
    account = create_staff(
        session, Actor.system(), email=email, display_name="Administrateur", role=Role.ADMIN,
        password=password, must_change_password=True,
    )
    return account.email, password


def check_password(session: Session, email: str, password: str) -> Account | None:
    """The account when the password matches; every attempt is audited, failures counted.

    The attempt is counted before the password is verified, by one UPDATE that passes only below the limit
    (SSAS_LOCK_AFTER_FAILURES) and outside a lock: however many workers try one account at once, at most that
    many passwords are verified between two locks, and the attempt that reaches the limit is the one that
    locks (SSAS_LOCK_MINUTES) when its password is wrong. An attempt the UPDATE refuses verifies nothing (the
    same work is done, so the answer takes as long). A success resets the count."""
    settings = get_settings()
    address = email.strip().lower()[:254]
    account = account_named(session, email)
    if account is None or account.id is None:
        passwords.verify(None, password)
        audit.record(session, Actor(None, "anonymous"), "sign_in.password_refused", "account", None,
                     after={"email": mask(address)})
        return None
    now = utc_now()
    attempt = _count_attempt(session, account, settings.lock_after_failures, now)
    if attempt is None:
        passwords.verify(None, password)
        audit.record(session, Actor(account.id, "anonymous"), "sign_in.refused_locked", "account", account.id)
        _lock(session, account, settings.lock_after_failures, now + timedelta(minutes=settings.lock_minutes), now)
        return None
    if not passwords.verify(account.password_hash, password) or not account.is_active:
        audit.record(session, Actor(account.id, "anonymous"), "sign_in.password_refused", "account", account.id,
                     after={"email": mask(address)})
        if attempt >= settings.lock_after_failures:
            _lock(session, account, settings.lock_after_failures, now + timedelta(minutes=settings.lock_minutes),
                  now)
        return None
    _update(session, account, failed_password_count=0, last_sign_in_at=now)
    audit.record(session, Actor(account.id, "anonymous"), "sign_in.password_accepted", "account", account.id)
    return account


def _unlocked(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(col(Account.locked_until).is_(None), col(Account.locked_until) <= now)


def _count_attempt(session: Session, account: Account, limit: int, now: datetime) -> int | None:
    """Count one more password attempt, in the database; the count it makes, or None when the account is
    locked or its last allowed attempts are taken (then no password may be verified).

    One conditional UPDATE: on PostgreSQL concurrent ones wait for the row and re-read it, on SQLite for the
    write lock, so no two attempts ever get the same count."""
    counted = session.execute(
        sa.update(Account)
        .where(col(Account.id) == account.id, col(Account.failed_password_count) < limit, _unlocked(now))
        .values(failed_password_count=col(Account.failed_password_count) + 1)
        .returning(col(Account.failed_password_count))
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    session.expire(account, ["failed_password_count", "locked_until"])
    return counted


def _lock(session: Session, account: Account, limit: int, until: datetime, now: datetime) -> None:
    """Lock the account whose count reached the limit, and write the one `account.locked`: the UPDATE matches
    only an unlocked account at the limit, so of racing workers one locks (and a count left at a limit
    lowered since is locked too, rather than refusing forever)."""
    locked = session.execute(
        sa.update(Account)
        .where(col(Account.id) == account.id, col(Account.failed_password_count) >= limit, _unlocked(now))
        .values(failed_password_count=0, locked_until=until)
        .returning(col(Account.id))
        .execution_options(synchronize_session=False)
    ).first()
    session.expire(account, ["failed_password_count", "locked_until"])
    if locked is not None:
        audit.record(session, Actor(account.id, "anonymous"), "account.locked", "account", account.id,
                     after={"until": until.isoformat()})


def _update(session: Session, account: Account, **values: object) -> None:
    session.execute(sa.update(Account).where(col(Account.id) == account.id).values(**values)
                    .execution_options(synchronize_session=False))
    session.expire(account, list(values))


@dataclass(frozen=True)
class AccountView:
    """What the account's owner sees of it."""

    email: str
    display_name: str
    second_factor: SecondFactor
    phone: str
    must_change_password: bool


def view(session: Session, account_id: int) -> AccountView | None:
    account = session.get(Account, account_id)
    if account is None:
        return None
    return AccountView(account.email, account.display_name, account.second_factor, account.phone or "",
                       account.must_change_password)
