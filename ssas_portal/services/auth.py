"""Signing in with two factors, resetting a lost password, and activating an account.

Every step returns a Refusal instead of raising, so the failure counters and audit events it wrote are
committed by the caller's transaction: a wrong guess is never forgotten by a rollback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlmodel import Session, select

from models import Account
from models.enums import CodePurpose, NotificationChannel, SecondFactor
from models.types import utc_now
from ssas_portal.services import audit, codes, passwords, sessions, throttle, totp
from ssas_portal.services.accounts import check_password, normalise_email, normalise_phone
from ssas_portal.services.audit import Actor
from ssas_portal.services.codes import CodeCheck
from ssas_portal.services.delivery import message_provider
from ssas_portal.services.errors import InvalidInput
from ssas_portal.services.i18n import translate
from ssas_portal.settings import OtpProvider, get_settings


@dataclass(frozen=True)
class Refusal:
    key: str
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Challenge:
    """The second step of a sign-in or a reset: which account, how it proves itself, where the code went."""

    account_id: int | None
    method: SecondFactor
    code_id: int | None
    destination_hint: str
    needs_totp: bool = False


_CODE_REFUSALS = {
    CodeCheck.WRONG: "error.code_wrong",
    CodeCheck.EXHAUSTED: "error.code_dead",
    CodeCheck.EXPIRED: "error.code_expired",
    CodeCheck.UNAVAILABLE: "error.unavailable",
}


def _lookup(session: Session, email: str) -> Account | None:
    try:
        address = normalise_email(email)
    except InvalidInput:
        return None
    return session.exec(select(Account).where(Account.email == address)).first()


def _keys(account: Account | None, client: str) -> list[str]:
    return [throttle.client_key(client)] + ([throttle.account_key(account.id)] if account and account.id else [])


def _code_channel(account: Account) -> tuple[NotificationChannel, str]:
    if account.second_factor is SecondFactor.SMS_CODE and account.phone:
        return NotificationChannel.SMS, account.phone
    return NotificationChannel.EMAIL, account.email


def _has_totp(account: Account) -> bool:
    return account.second_factor is SecondFactor.TOTP and account.totp_secret is not None


def _send_code(session: Session, account: Account, purpose: CodePurpose) -> Challenge:
    channel, destination = _code_channel(account)
    row = codes.issue(session, purpose=purpose, channel=channel, destination=destination,
                      language=account.language, account_id=account.id)
    method = SecondFactor.SMS_CODE if channel is NotificationChannel.SMS else SecondFactor.EMAIL_CODE
    return Challenge(account.id, method, row.id, codes.mask(destination), needs_totp=_has_totp(account))


def start_sign_in(session: Session, email: str, password: str, client: str) -> Challenge | Refusal:
    """Check the password; on success send the code (or ask for the app's code)."""
    settings = get_settings()
    account = _lookup(session, email)
    keys = _keys(account, client)
    if wait := throttle.wait_seconds(session, *keys):
        return Refusal("error.wait", {"seconds": wait})
    if account is not None and account.locked_until and account.locked_until > utc_now():
        passwords.verify(None, password)
        audit.record(session, Actor(account.id, "anonymous"), "sign_in.refused_locked", "account", account.id)
        throttle.fail(session, *keys)
        return Refusal("error.sign_in_refused")
    if check_password(session, email, password) is None:
        throttle.fail(session, *keys)
        if account is not None and account.failed_password_count >= settings.lock_after_failures:
            account.locked_until = utc_now() + timedelta(minutes=settings.lock_minutes)
            account.failed_password_count = 0
            session.add(account)
            audit.record(session, Actor(account.id, "anonymous"), "account.locked", "account", account.id,
                         after={"until": account.locked_until.isoformat()})
        return Refusal("error.sign_in_refused")
    assert account is not None
    if _has_totp(account):
        return Challenge(account.id, SecondFactor.TOTP, None, "")
    return _send_code(session, account, CodePurpose.SIGN_IN)


def _check_second_factor(session: Session, account: Account, challenge: Challenge, code: str,
                         purpose: CodePurpose) -> Refusal | None:
    if challenge.method is SecondFactor.TOTP:
        if totp.verify(session, account, code):
            return None
        audit.record(session, Actor(account.id, "anonymous"), "totp.refused", "account", account.id)
        return Refusal("error.code_wrong")
    outcome = codes.check(session, challenge.code_id or 0, code, purpose=purpose, language=account.language)
    return None if outcome is CodeCheck.ACCEPTED else Refusal(_CODE_REFUSALS[outcome])


def complete_sign_in(session: Session, challenge: Challenge, code: str, client: str) -> tuple[str, Account] | Refusal:
    """The second factor; success starts a new server-side session and returns its token."""
    account = session.get(Account, challenge.account_id) if challenge.account_id else None
    if account is None or not account.is_active:
        return Refusal("error.code_expired")
    keys = _keys(account, client)
    if wait := throttle.wait_seconds(session, *keys):
        return Refusal("error.wait", {"seconds": wait})
    refusal = _check_second_factor(session, account, challenge, code, CodePurpose.SIGN_IN)
    if refusal is not None:
        throttle.fail(session, *keys)
        return refusal
    throttle.clear(session, *keys)
    account.failed_password_count = 0
    account.last_sign_in_at = utc_now()
    session.add(account)
    token = sessions.start(session, account, client)
    audit.record(session, Actor(account.id, "self"), "sign_in.completed", "account", account.id,
                 after={"method": challenge.method.value})
    return token, account


def request_reset(session: Session, email: str, client: str) -> Challenge | Refusal:
    """The same answer whether or not the account exists; only a real account is sent a code."""
    account = _lookup(session, email)
    keys = _keys(account, client)
    if wait := throttle.wait_seconds(session, *keys):
        return Refusal("error.wait", {"seconds": wait})
    throttle.fail(session, *keys)
    if account is None or not account.is_active:
        audit.record(session, Actor.system(), "password_reset.requested", "account", None)
        return Challenge(None, SecondFactor.EMAIL_CODE, None, "")
    audit.record(session, Actor(account.id, "anonymous"), "password_reset.requested", "account", account.id)
    return _send_code(session, account, CodePurpose.PASSWORD_RESET)


def reset_password(session: Session, challenge: Challenge, code: str, totp_code: str, new_password: str,
                   client: str) -> Refusal | None:
    """A code from the registered channel, and the app's code too when one is enrolled: a reset never
    bypasses the second factor. Every session ends; the owner is told the password changed."""
    try:
        passwords.check_policy(new_password)
    except InvalidInput as refused:
        return Refusal(refused.key, dict(refused.params))
    account = session.get(Account, challenge.account_id) if challenge.account_id else None
    if account is None:
        throttle.fail(session, throttle.client_key(client))
        return Refusal("error.code_wrong")
    refusal = _check_second_factor(session, account, challenge, code, CodePurpose.PASSWORD_RESET)
    if refusal is None and _has_totp(account):
        refusal = _check_second_factor(session, account, Challenge(account.id, SecondFactor.TOTP, None, ""),
                                       totp_code, CodePurpose.PASSWORD_RESET)
    if refusal is not None:
        throttle.fail(session, *_keys(account, client))
        return refusal
    account.password_hash = passwords.hash_password(new_password)
    account.failed_password_count = 0
    account.locked_until = None
    session.add(account)
    throttle.clear(session, *_keys(account, client))
    sessions.end_all(session, account.id or 0)
    _tell(session, account, "message.password_changed")
    audit.record(session, Actor(account.id, "self"), "password.reset", "account", account.id)
    return None


def _tell(session: Session, account: Account, key: str) -> None:
    channel, destination = _code_channel(account)
    message_provider(get_settings()).send_message(session, channel, destination, translate(account.language, key))


def activate(session: Session, account: Account, new_password: str, method: SecondFactor,
             phone: str = "") -> Refusal | None:
    """First sign-in after credentials were issued: a password of one's own and the second factor.

    The authenticator app is chosen by enrolling first (totp.confirm_enrolment), then activating with TOTP.
    """
    try:
        passwords.check_policy(new_password)
    except InvalidInput as refused:
        return Refusal(refused.key, dict(refused.params))
    if method is SecondFactor.TOTP or get_settings().otp_provider is OtpProvider.TOTP:
        if not _has_totp(account):
            return Refusal("error.totp_required")
    elif refusal := choose_code_channel(session, account, method, phone):
        return refusal
    account.password_hash = passwords.hash_password(new_password)
    account.must_change_password = False
    account.activated_at = utc_now()
    session.add(account)
    audit.record(session, Actor(account.id, "self"), "account.activated", "account", account.id,
                 after={"second_factor": account.second_factor.value})
    _tell(session, account, "message.password_changed")
    return None


def choose_code_channel(session: Session, account: Account, method: SecondFactor, phone: str = "") -> Refusal | None:
    """Switch to codes by e-mail or SMS (leaving an authenticator app forgets its secret)."""
    if method is SecondFactor.TOTP:
        return Refusal("error.totp_required")
    if get_settings().otp_provider is OtpProvider.TOTP:
        return Refusal("error.totp_required")
    if method is SecondFactor.SMS_CODE:
        try:
            account.phone = normalise_phone(phone) if phone else account.phone
        except InvalidInput as refused:
            return Refusal(refused.key)
        if not account.phone:
            return Refusal("error.phone_required")
    before = account.second_factor.value
    account.second_factor = method
    account.totp_secret = None
    account.last_totp_step = None
    session.add(account)
    audit.record(session, Actor(account.id, "self"), "second_factor.changed", "account", account.id,
                 before={"second_factor": before}, after={"second_factor": method.value})
    return None
