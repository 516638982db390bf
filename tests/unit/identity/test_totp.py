"""Authenticator apps: enrolment proves the app has the secret, the secret is encrypted, each step is used once."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pyotp
import pytest
from sqlalchemy.engine import Engine

from models import Account
from models.enums import SecondFactor
from ssas_portal.services.core import server_key
from ssas_portal.services.core.db import transaction
from ssas_portal.services.identity import totp
from tests.support.identity import make_account, wrong_code
from tests.support.rows import audit_actions, committed

STEP = 30


@pytest.fixture
def account(engine: Engine) -> Account:
    return make_account(engine)


@pytest.fixture
def moment() -> float:
    """A time in the middle of a 30-second step, so `at ± a step` lands where the test means."""
    return (int(time.time()) // STEP) * STEP + STEP / 2


def enrol(engine: Engine, account: Account, secret: str, code: str, at: float) -> bool:
    with transaction(engine) as session:
        return totp.confirm_enrolment(session, session.get_one(Account, account.id), secret, code, at=at)


def verify(engine: Engine, account: Account, code: str, at: float) -> bool:
    with transaction(engine) as session:
        return totp.verify(session, session.get_one(Account, account.id), code, at=at)


def window(secret: str, at: float) -> set[str]:
    return {pyotp.TOTP(secret).at(at + offset) for offset in (-STEP, 0, STEP)}


def test_a_wrong_enrolment_code_stores_nothing(engine: Engine, account: Account, moment: float) -> None:
    """Until the app proves it has the secret, the account keeps its e-mail code."""
    secret = totp.new_secret()
    assert not enrol(engine, account, secret, wrong_code(window(secret, moment)), moment)
    stored = committed(engine, Account, account.id)
    assert stored.totp_secret is None and stored.last_totp_step is None
    assert stored.second_factor is SecondFactor.EMAIL_CODE
    assert "totp.enrolled" not in audit_actions(engine)


def test_the_right_enrolment_code_stores_the_secret_encrypted(engine: Engine, account: Account, moment: float) -> None:
    """A database dump must not hand out the authenticator secrets; the server key gets them back."""
    secret = totp.new_secret()
    assert enrol(engine, account, secret, pyotp.TOTP(secret).at(moment), moment)
    stored = committed(engine, Account, account.id)
    assert stored.totp_secret and stored.totp_secret != secret and secret not in stored.totp_secret
    assert server_key.decrypt(stored.totp_secret) == secret
    assert stored.second_factor is SecondFactor.TOTP
    assert audit_actions(engine)[-1] == "totp.enrolled"


def enrolled(engine: Engine, account: Account, moment: float) -> str:
    """Enrolled with a code from five steps before `moment`; returns the secret."""
    secret = totp.new_secret()
    assert enrol(engine, account, secret, pyotp.TOTP(secret).at(moment - 5 * STEP), moment - 5 * STEP)
    return secret


def test_verify_accepts_the_previous_step_but_not_two_steps_back(
    engine: Engine, account: Account, moment: float
) -> None:
    """One step of clock drift is tolerated, no more."""
    secret = enrolled(engine, account, moment)
    two_back, one_back = pyotp.TOTP(secret).at(moment - 2 * STEP), pyotp.TOTP(secret).at(moment - STEP)
    if two_back not in window(secret, moment):
        assert not verify(engine, account, two_back, moment)
    assert verify(engine, account, one_back, moment)


def test_verify_accepts_the_current_code(engine: Engine, account: Account, moment: float) -> None:
    secret = enrolled(engine, account, moment)
    assert verify(engine, account, pyotp.TOTP(secret).at(moment), moment)
    step = pyotp.TOTP(secret).timecode(datetime.fromtimestamp(moment, UTC))
    assert committed(engine, Account, account.id).last_totp_step == step


def test_a_code_is_accepted_once_per_step(engine: Engine, account: Account, moment: float) -> None:
    """A code seen over a shoulder or in a proxy log cannot be replayed, not even in the same 30 seconds."""
    secret = enrolled(engine, account, moment)
    code = pyotp.TOTP(secret).at(moment)
    assert verify(engine, account, code, moment)
    assert not verify(engine, account, code, moment)
    assert not verify(engine, account, code, moment + 1)
    if pyotp.TOTP(secret).at(moment - STEP) != code:
        assert not verify(engine, account, pyotp.TOTP(secret).at(moment - STEP), moment), "an older step"
    assert verify(engine, account, pyotp.TOTP(secret).at(moment + STEP), moment + STEP)


def test_verify_is_false_without_an_enrolled_app(engine: Engine, account: Account, moment: float) -> None:
    assert not verify(engine, account, "123456", moment)


def test_qr_code_svg_is_an_svg_data_uri(account: Account) -> None:
    """The QR code is drawn on the server and inlined, so the secret never goes to a third-party service."""
    uri = totp.provisioning_uri(totp.new_secret(), account.email)
    assert uri.startswith("otpauth://totp/") and "issuer=SSAS" in uri
    image = totp.qr_code_svg(uri)
    assert image.startswith("data:image/svg+xml")
    assert "svg" in image[:200]
