"""Signing in with two factors, resetting a lost password, and activating an account.

A refusal that follows a record of the attempt (a failure counted, a throttle, an audit event) is `kept`:
that record commits with the caller's transaction, so a wrong guess is never forgotten by a rollback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from models import Account
from models.enums import CodePurpose, NotificationChannel, SecondFactor
from models.types import utc_now
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.core.i18n import translate
from ssas_portal.services.core.privacy import mask
from ssas_portal.services.identity import codes, passwords, sessions, throttle, totp
from ssas_portal.services.identity.accounts import account_named, check_password, normalise_phone
from ssas_portal.services.identity.codes import CodeCheck
from ssas_portal.services.messaging.providers import message_provider
from ssas_portal.settings import OtpProvider, get_settings


@dataclass(frozen=True)
class Challenge:
    """The second step of a sign-in or a reset: which account, how it proves itself, where the code went.

    Kept in server-side state only; it dies with the code's life (SSAS_CODE_TTL_MINUTES), the app's too.
    """

    account_id: int | None
    method: SecondFactor
    code_id: int | None
    destination_hint: str
    issued_at: datetime = field(default_factory=utc_now)

    def expired(self) -> bool:
        return utc_now() >= self.issued_at + timedelta(minutes=get_settings().code_ttl_minutes)




def _keys(typed_email: str, client: str) -> list[str]:
    return [throttle.client_key(client), throttle.identity_key(typed_email)]


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
    return Challenge(account.id, method, row.id, mask(destination))


def start_sign_in(session: Session, email: str, password: str, client: str) -> Challenge:
    """Check the password; on success send the code (or ask for the app's code). `client` is the client's
    address, what the slow-down keys on (not its browser, which it chooses).

    The lock-out is `check_password`'s: it counts the attempt in the database before verifying, so racing
    workers cannot check more passwords than the lock allows."""
    keys = _keys(email, client)
    if wait := throttle.wait_seconds(session, *keys):
        raise Refusal("error.wait", kept=True, seconds=wait)
    account = check_password(session, email, password)
    if account is None:
        throttle.fail(session, *keys)
        raise Refusal("error.sign_in_refused", kept=True)
    if _has_totp(account):
        return _totp_challenge(account)
    return _send_code(session, account, CodePurpose.SIGN_IN)


def _locked_for_update(session: Session, account_id: int | None) -> Account | None:
    """The challenge's account, its row locked first on PostgreSQL: a password attempt locks the row before
    it audits (check_password counts before verifying), so a step that audits and then writes the account
    must take the row first too, or the two could wait for each other."""
    return session.get(Account, account_id, with_for_update=True) if account_id else None


def _totp_challenge(account: Account) -> Challenge:
    return Challenge(account.id, SecondFactor.TOTP, None, "")


def _check_second_factor(session: Session, account: Account, challenge: Challenge, code: str,
                         purpose: CodePurpose) -> Refusal | None:
    """The refusal to raise once the failure is counted, or None when the factor is proven."""
    if challenge.method is SecondFactor.TOTP:
        if totp.verify(session, account, code):
            return None
        audit.record(session, Actor(account.id, "anonymous"), "totp.refused", "account", account.id)
        return Refusal("error.code_wrong", "code", kept=True)
    outcome = codes.check(session, challenge.code_id or 0, code, purpose=purpose, account_id=account.id,
                          language=account.language)
    return None if outcome is CodeCheck.ACCEPTED else Refusal(codes.REFUSALS[outcome], "code", kept=True)


def complete_sign_in(session: Session, challenge: Challenge, code: str, client: str, *, label: str = ""
                     ) -> tuple[str, Account]:
    """The second factor; success starts a new server-side session and returns its token. `client` is the
    client's address (the slow-down's key), `label` what the sessions list shows of it (the address and the
    browser; the address when not given)."""
    account = _locked_for_update(session, challenge.account_id)
    if account is None or not account.is_active or challenge.expired():
        raise Refusal("error.code_expired", "code")
    keys = _keys(account.email, client)
    if wait := throttle.wait_seconds(session, *keys):
        raise Refusal("error.wait", "code", kept=True, seconds=wait)
    refusal = _check_second_factor(session, account, challenge, code, CodePurpose.SIGN_IN)
    if refusal is not None:
        throttle.fail(session, *keys)
        raise refusal
    throttle.clear(session, *keys)
    account.failed_password_count = 0
    account.last_sign_in_at = utc_now()
    session.add(account)
    token = sessions.start(session, account, label or client)
    audit.record(session, Actor(account.id, "self"), "sign_in.completed", "account", account.id,
                 after={"method": challenge.method.value})
    return token, account


def request_reset(session: Session, email: str, client: str) -> Challenge:
    """The same answer whether or not the account exists (the hint is the typed address, whatever the
    channel); only a real account is sent a code. Requests count as failures so codes cannot be sprayed."""
    account = account_named(session, email)
    keys = _keys(email, client)
    if wait := throttle.wait_seconds(session, *keys):
        raise Refusal("error.wait", kept=True, seconds=wait)
    throttle.fail(session, *keys)
    hint = mask(email.strip().lower())
    if account is None or not account.is_active:
        audit.record(session, Actor.system(), "password_reset.requested", "account", None)
        row = codes.decoy(session, purpose=CodePurpose.PASSWORD_RESET, channel=NotificationChannel.EMAIL,
                          destination=mask(email.strip().lower()))
        return Challenge(None, SecondFactor.EMAIL_CODE, row.id, hint)
    audit.record(session, Actor(account.id, "anonymous"), "password_reset.requested", "account", account.id)
    sent = _send_code(session, account, CodePurpose.PASSWORD_RESET)
    return Challenge(account.id, SecondFactor.EMAIL_CODE, sent.code_id, hint)


def reset_password(session: Session, challenge: Challenge, code: str, totp_code: str, new_password: str,
                   client: str) -> None:
    """A code from the registered channel, and the app's code too when one is enrolled: a reset never
    bypasses the second factor. Every session ends; the owner is told the password changed."""
    passwords.check_policy(new_password)
    account = _locked_for_update(session, challenge.account_id)
    keys = [throttle.client_key(client)] + ([throttle.identity_key(account.email)] if account else [])
    if wait := throttle.wait_seconds(session, *keys):
        raise Refusal("error.wait", "code", kept=True, seconds=wait)
    if account is None or not account.is_active or challenge.expired():
        throttle.fail(session, *keys)
        outcome = codes.check(session, challenge.code_id or 0, code, purpose=CodePurpose.PASSWORD_RESET)
        raise Refusal("error.code_expired" if challenge.expired() else codes.REFUSALS[outcome], "code", kept=True)
    refusal = None
    if _has_totp(account):  # first, so a wrong app code does not use up the code that was sent
        refusal = _check_second_factor(session, account, _totp_challenge(account), totp_code,
                                       CodePurpose.PASSWORD_RESET)
    refusal = refusal or _check_second_factor(session, account, challenge, code, CodePurpose.PASSWORD_RESET)
    if refusal is not None:
        throttle.fail(session, *keys)
        raise refusal
    account.password_hash = passwords.hash_password(new_password)
    account.failed_password_count = 0
    account.locked_until = None
    session.add(account)
    throttle.clear(session, *keys)
    sessions.end_all(session, account.id or 0)
    _tell(session, account, "message.password_changed")
    audit.record(session, Actor(account.id, "self"), "password.reset", "account", account.id)


def _tell(session: Session, account: Account, key: str) -> None:
    channel, destination = _code_channel(account)
    message_provider(get_settings()).send_message(session, channel, destination, translate(account.language, key))


def activate(session: Session, account: Account, new_password: str, method: SecondFactor,
             phone: str = "") -> None:
    """First sign-in after credentials were issued: a password of one's own and the second factor.

    The authenticator app is chosen by enrolling first (totp.confirm_enrolment), then activating with TOTP.
    Only an account waiting for activation may: otherwise an open session could change the password without
    knowing it.
    """
    if not account.must_change_password:
        audit.record(session, Actor(account.id, "self"), "account.activation_refused", "account", account.id)
        raise Refusal("error.forbidden", kept=True)
    passwords.check_policy(new_password)
    if method is SecondFactor.TOTP or get_settings().otp_provider is OtpProvider.TOTP:
        if not _has_totp(account):
            raise Refusal("error.totp_required")
    else:
        choose_code_channel(session, account, method, phone)
    account.password_hash = passwords.hash_password(new_password)
    account.must_change_password = False
    account.activated_at = utc_now()
    session.add(account)
    audit.record(session, Actor(account.id, "self"), "account.activated", "account", account.id,
                 after={"second_factor": account.second_factor.value})
    _tell(session, account, "message.password_changed")


def change_code_channel(session: Session, account: Account, password: str, method: SecondFactor,
                        phone: str = "") -> None:
    """The owner changes the second factor: the current password is asked again, so a session left open
    cannot be used to weaken the account's protection."""
    if not passwords.verify(account.password_hash, password):
        audit.record(session, Actor(account.id, "self"), "second_factor.change_refused", "account", account.id)
        raise Refusal("error.password_wrong", "password", kept=True)
    choose_code_channel(session, account, method, phone)


def choose_code_channel(session: Session, account: Account, method: SecondFactor, phone: str = "") -> None:
    """Switch to codes by e-mail or SMS (leaving an authenticator app forgets its secret)."""
    if method is SecondFactor.TOTP or get_settings().otp_provider is OtpProvider.TOTP:
        raise Refusal("error.totp_required")
    if method is SecondFactor.SMS_CODE:
        try:
            account.phone = normalise_phone(phone) if phone else account.phone
        except Refusal as refused:
            raise Refusal(refused.key) from None
        if not account.phone:
            raise Refusal("error.phone_required")
    before = account.second_factor.value
    account.second_factor = method
    account.totp_secret = None
    account.last_totp_step = None
    session.add(account)
    audit.record(session, Actor(account.id, "self"), "second_factor.changed", "account", account.id,
                 before={"second_factor": before}, after={"second_factor": method.value})
