"""Password reset: the same answer whether or not the address has an account, a code to the registered
channel (and the app's code too when enrolled), every session ended, the owner told."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Account, OneTimeCode, OutboxMessage
from models.enums import SecondFactor
from models.types import utc_now
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.core.i18n import translate
from ssas_portal.services.core.privacy import mask
from ssas_portal.services.identity import accounts, auth, passwords, sessions
from ssas_portal.services.identity.auth import Challenge
from ssas_portal.services.identity.codes import DECOY_PROVIDER
from tests.support.identity import (
    NEW_PASSWORD,
    STRONG_PASSWORD,
    enrol_totp,
    latest_code,
    make_account,
    outbox_bodies,
    wrong_code,
)
from tests.support.refusals import outcome
from tests.support.rows import audit_actions, committed, count_rows

EMAIL = "clerk@example.org"
UNKNOWN = "nobody@example.org"
CLIENT = "203.0.113.9 Firefox"
COMMON_LONG_PASSWORD = "123456789abc"


@pytest.fixture
def account(engine: Engine) -> Account:
    return make_account(engine, EMAIL)


def request(engine: Engine, email: str = EMAIL) -> Challenge:
    with transaction(engine) as session:
        answer = auth.request_reset(session, email, CLIENT)
    assert isinstance(answer, Challenge), answer
    return answer


def reset(engine: Engine, challenge: Challenge, code: str, new_password: str = NEW_PASSWORD, totp_code: str = ""
          ) -> Refusal | None:
    return outcome(engine, lambda session: auth.reset_password(session, challenge, code, totp_code, new_password,
                                                               CLIENT))


def password_works(engine: Engine, password: str) -> bool:
    with transaction(engine) as session:
        return accounts.check_password(session, EMAIL, password) is not None


def test_a_known_and_an_unknown_address_both_get_a_challenge_only_the_known_one_a_code(
    engine: Engine, account: Account
) -> None:
    """The reset page says "if this address has an account, a code is on its way" in both cases."""
    real, unknown = request(engine, EMAIL), request(engine, UNKNOWN)
    assert real.method == unknown.method == SecondFactor.EMAIL_CODE
    assert len(outbox_bodies(engine, EMAIL)) == 1
    assert outbox_bodies(engine, UNKNOWN) == []
    assert count_rows(engine, OutboxMessage) == 1
    with Session(engine) as session:
        providers = sorted(session.exec(select(OneTimeCode.provider)))
    assert providers == sorted(["outbox", DECOY_PROVIDER])  # the unknown address gets a code nobody receives


def test_the_destination_hint_does_not_reveal_whether_the_address_has_an_account(
    engine: Engine, account: Account
) -> None:
    """What a page shows ("code sent to c***@example.org") must depend only on what was typed."""
    real, unknown = request(engine, EMAIL), request(engine, UNKNOWN)
    assert real.destination_hint == mask(EMAIL)
    assert unknown.destination_hint == mask(UNKNOWN)


def test_the_right_code_sets_the_new_password_ends_sessions_tells_the_owner_and_lifts_a_lock(
    engine: Engine, account: Account
) -> None:
    """A reset is a fresh start: old password and old sessions are gone, a lock no longer applies, and the
    owner learns of it on the registered channel in case it was not them."""
    with transaction(engine) as session:
        old_token = sessions.start(session, session.get_one(Account, account.id), "old browser")
        locked = session.get_one(Account, account.id)
        locked.locked_until = utc_now() + timedelta(minutes=10)
        session.add(locked)
    challenge = request(engine)
    assert reset(engine, challenge, latest_code(engine, EMAIL)) is None

    with transaction(engine) as session:
        assert sessions.resolve(session, old_token) is None
    stored = committed(engine, Account, account.id)
    assert stored.locked_until is None
    assert passwords.verify(stored.password_hash, NEW_PASSWORD)
    assert password_works(engine, NEW_PASSWORD) and not password_works(engine, STRONG_PASSWORD)
    assert outbox_bodies(engine, EMAIL)[-1] == translate("fr", "message.password_changed")
    assert "password.reset" in audit_actions(engine)
    with transaction(engine) as session:
        assert isinstance(auth.start_sign_in(session, EMAIL, NEW_PASSWORD, "198.51.100.7"), Challenge)


def test_a_wrong_code_is_refused_and_counted(engine: Engine, account: Account) -> None:
    challenge = request(engine)
    assert reset(engine, challenge, wrong_code(latest_code(engine, EMAIL))) == Refusal("error.code_wrong", "code")
    assert committed(engine, OneTimeCode, challenge.code_id).attempts == 1
    assert password_works(engine, STRONG_PASSWORD)


def test_the_challenge_for_an_unknown_address_resets_nothing(engine: Engine, account: Account) -> None:
    assert reset(engine, request(engine, UNKNOWN), "123456") == Refusal("error.code_wrong", "code")
    assert password_works(engine, STRONG_PASSWORD)


def test_a_common_password_is_refused_before_the_code_is_tried(engine: Engine, account: Account) -> None:
    """The policy is checked first, so choosing a bad password does not burn one of the five tries."""
    assert COMMON_LONG_PASSWORD in passwords.common_passwords()
    challenge = request(engine)
    code = latest_code(engine, EMAIL)
    assert reset(engine, challenge, code, COMMON_LONG_PASSWORD) == Refusal("error.password_common", "password")
    assert committed(engine, OneTimeCode, challenge.code_id).attempts == 0
    assert password_works(engine, STRONG_PASSWORD)
    assert reset(engine, challenge, code) is None


def test_password1234_is_refused_as_common(engine: Engine, account: Account) -> None:
    """"password1234" is among the most used passwords (rank 11,382 of zxcvbn's list, just past the 10,000
    kept); with a 12-character minimum, the top 10,000 holds only 56 passwords long enough to matter."""
    challenge = request(engine)
    assert reset(engine, challenge, latest_code(engine, EMAIL), "password1234") == \
        Refusal("error.password_common", "password")


def test_a_totp_account_needs_the_app_code_too(engine: Engine, account: Account) -> None:
    """A reset never bypasses the second factor: the e-mail code alone is not enough."""
    secret = enrol_totp(engine, account.id or 0)
    challenge = request(engine)
    now_codes = {pyotp.TOTP(secret).now()}
    refused = reset(engine, challenge, latest_code(engine, EMAIL), totp_code=wrong_code(now_codes))
    assert refused == Refusal("error.code_wrong", "code")
    assert password_works(engine, STRONG_PASSWORD)

    # The wrong app code did not use up the e-mail code: the same challenge completes with the right one.
    assert reset(engine, challenge, latest_code(engine, EMAIL), totp_code=pyotp.TOTP(secret).now()) is None
    assert password_works(engine, NEW_PASSWORD)
