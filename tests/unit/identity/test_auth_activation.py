"""Activation: the first sign-in after credentials were issued sets a password of one's own and the
second factor; a phone for SMS codes is stored in E.164."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from models import Account
from models.enums import SecondFactor
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.identity import auth, passwords
from ssas_portal.settings import get_settings
from tests.support.identity import NEW_PASSWORD, enrol_totp, make_account, outbox_bodies
from tests.support.refusals import outcome
from tests.support.rows import audit_actions, committed

EMAIL = "new.clerk@example.org"


@pytest.fixture
def account(engine: Engine) -> Account:
    return make_account(engine, EMAIL, must_change_password=True)


def activate(engine: Engine, account: Account, method: SecondFactor, phone: str = "",
             password: str = NEW_PASSWORD) -> Refusal | None:
    return outcome(engine, lambda session: auth.activate(session, session.get_one(Account, account.id), password,
                                                         method, phone))


def unchanged(engine: Engine, account: Account) -> None:
    """A refused activation leaves the account as issued."""
    stored = committed(engine, Account, account.id)
    assert stored.must_change_password and stored.activated_at is None and stored.phone is None
    assert not passwords.verify(stored.password_hash, NEW_PASSWORD)
    assert "account.activated" not in audit_actions(engine)


def test_activation_with_sms_stores_the_phone_in_e164(engine: Engine, account: Account) -> None:
    """Numbers are typed with spaces; SMS providers need E.164."""
    assert activate(engine, account, SecondFactor.SMS_CODE, "+221 77 123 45 67") is None
    stored = committed(engine, Account, account.id)
    assert stored.phone == "+221771234567"
    assert stored.second_factor is SecondFactor.SMS_CODE
    assert stored.must_change_password is False and stored.activated_at is not None
    assert passwords.verify(stored.password_hash, NEW_PASSWORD)
    assert audit_actions(engine)[-1] == "account.activated"
    assert outbox_bodies(engine, "+221771234567"), "the owner is told on the new channel"


def test_activation_with_email_codes(engine: Engine, account: Account) -> None:
    assert activate(engine, account, SecondFactor.EMAIL_CODE) is None
    stored = committed(engine, Account, account.id)
    assert stored.second_factor is SecondFactor.EMAIL_CODE and not stored.must_change_password


def test_a_bad_phone_is_refused(engine: Engine, account: Account) -> None:
    assert activate(engine, account, SecondFactor.SMS_CODE, "+221 12") == Refusal("error.phone_invalid")
    assert activate(engine, account, SecondFactor.SMS_CODE, "not a phone") == Refusal("error.phone_invalid")
    unchanged(engine, account)


def test_sms_without_a_phone_is_refused(engine: Engine, account: Account) -> None:
    assert activate(engine, account, SecondFactor.SMS_CODE) == Refusal("error.phone_required")
    assert activate(engine, account, SecondFactor.SMS_CODE, "") == Refusal("error.phone_required")
    unchanged(engine, account)


def test_a_short_password_is_refused(engine: Engine, account: Account) -> None:
    refused = activate(engine, account, SecondFactor.EMAIL_CODE, password="short")
    assert isinstance(refused, Refusal) and refused.key == "error.password_too_short" and refused.field == "password"
    unchanged(engine, account)


def test_a_totp_portal_refuses_activation_without_an_app(
    engine: Engine, account: Account, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SSAS_OTP_PROVIDER=totp means every account must enrol an authenticator app before it is activated."""
    monkeypatch.setenv("SSAS_OTP_PROVIDER", "totp")
    monkeypatch.delenv("SSAS_NOTIFICATION_PROVIDER", raising=False)
    get_settings.cache_clear()
    assert activate(engine, account, SecondFactor.EMAIL_CODE) == Refusal("error.totp_required")
    unchanged(engine, account)
    enrol_totp(engine, account.id or 0)
    assert activate(engine, account, SecondFactor.TOTP) is None
    stored = committed(engine, Account, account.id)
    assert stored.second_factor is SecondFactor.TOTP and not stored.must_change_password


def test_choosing_the_app_without_enrolling_it_is_refused(engine: Engine, account: Account) -> None:
    """The authenticator app is proven by enrolment first; naming it is not enough."""
    assert activate(engine, account, SecondFactor.TOTP) == Refusal("error.totp_required")
    unchanged(engine, account)


def test_activating_with_email_codes_after_enrolling_forgets_the_app(engine: Engine, account: Account) -> None:
    """One second factor at a time: leaving the app drops its secret rather than keeping a dormant one."""
    enrol_totp(engine, account.id or 0)
    assert activate(engine, account, SecondFactor.EMAIL_CODE) is None
    stored = committed(engine, Account, account.id)
    assert stored.second_factor is SecondFactor.EMAIL_CODE and stored.totp_secret is None


def test_an_activated_account_cannot_change_its_password_through_activation(engine: Engine) -> None:
    """Activation sets a password without asking the old one, so it is only for accounts waiting for it."""
    active = make_account(engine, "active.clerk@example.org", must_change_password=False)
    assert activate(engine, active, SecondFactor.EMAIL_CODE) == Refusal("error.forbidden")
    stored = committed(engine, Account, active.id)
    assert not passwords.verify(stored.password_hash, NEW_PASSWORD)
    assert audit_actions(engine)[-1] == "account.activation_refused"
