"""Two-factor sign-in: password, then a code (or the authenticator app); no user enumeration; lock-out and
progressive slow-down that are committed with every failure and lifted in time."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import Account, OneTimeCode, OutboxMessage, Throttle, UserSession
from models.enums import SecondFactor
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.identity import auth, sessions, throttle
from ssas_portal.services.identity.auth import Challenge
from tests.support.identity import (
    STRONG_PASSWORD,
    Clock,
    enrol_totp,
    latest_code,
    make_account,
    outbox_bodies,
    wrong_code,
)
from tests.support.refusals import outcome
from tests.support.rows import audit_actions, committed, count_rows

EMAIL = "clerk@example.org"
CLIENT = "203.0.113.9 Firefox"
REFUSED = Refusal("error.sign_in_refused")
PAST_ANY_WAIT = timedelta(seconds=61)


@pytest.fixture
def account(engine: Engine) -> Account:
    return make_account(engine, EMAIL)


def start(engine: Engine, email: str = EMAIL, password: str = STRONG_PASSWORD, client: str = CLIENT
          ) -> Challenge | Refusal:
    """The password step in its own committed transaction, as the sign-in page runs it; its refusal as a value."""
    return outcome(engine, lambda session: auth.start_sign_in(session, email, password, client))


def complete(engine: Engine, challenge: Challenge, code: str, client: str = CLIENT) -> tuple[str, Account] | Refusal:
    return outcome(engine, lambda session: auth.complete_sign_in(session, challenge, code, client))


def challenge_of(result: Challenge | Refusal) -> Challenge:
    assert isinstance(result, Challenge), result
    return result


def signed_in_as(engine: Engine, token: str) -> int | None:
    with transaction(engine) as session:
        account = sessions.resolve(session, token)
        return account.id if account else None


def test_the_right_password_sends_a_code_by_email_and_the_code_signs_in(engine: Engine, account: Account) -> None:
    """The happy path: a code to the account's e-mail through the outbox, then a new server-side session."""
    challenge = challenge_of(start(engine, "  Clerk@Example.org "))
    assert challenge.account_id == account.id and challenge.method is SecondFactor.EMAIL_CODE
    assert challenge.destination_hint == "c***@example.org"
    assert len(outbox_bodies(engine, EMAIL)) == 1
    result = complete(engine, challenge, latest_code(engine, EMAIL))
    assert not isinstance(result, Refusal), result
    token, signed_in = result
    assert signed_in.id == account.id
    assert signed_in_as(engine, token) == account.id
    assert committed(engine, Account, account.id).last_sign_in_at is not None
    assert audit_actions(engine)[-1] == "sign_in.completed"


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(engine: Engine, account: Account) -> None:
    """No user enumeration: the caller cannot tell whether the address has an account."""
    assert start(engine, EMAIL, "wrong password!!") == REFUSED
    assert start(engine, "nobody@example.org", STRONG_PASSWORD) == REFUSED
    assert start(engine, "not an address", STRONG_PASSWORD) == REFUSED
    assert count_rows(engine, OutboxMessage) == count_rows(engine, OneTimeCode) == 0


def test_the_slow_down_does_not_tell_known_addresses_from_unknown_ones(engine: Engine, account: Account,
                                                                      clock: Clock) -> None:
    """Guessing from many clients must not reveal an account either: the fourth wrong password for a known
    address gets the same answer as for an unknown one (the throttle must not key on existence)."""
    for n in range(3):
        assert start(engine, EMAIL, "wrong password!!", client=f"198.51.100.{n}") == REFUSED
        assert start(engine, "nobody@example.org", "wrong password!!", client=f"192.0.2.{n}") == REFUSED
    known = start(engine, EMAIL, "wrong password!!", client="198.51.100.99")
    unknown = start(engine, "nobody@example.org", "wrong password!!", client="192.0.2.99")
    assert type(known) is type(unknown) and getattr(known, "key", None) == getattr(unknown, "key", None), \
        (known, unknown)


def test_ten_failed_passwords_lock_password_sign_in_for_fifteen_minutes(
    engine: Engine, account: Account, clock: Clock
) -> None:
    """SSAS_LOCK_AFTER_FAILURES=10, SSAS_LOCK_MINUTES=15: a guessing run is stopped, but not forever."""
    for _ in range(10):
        clock.now += PAST_ANY_WAIT
        assert start(engine, password="wrong password!!") == REFUSED
    locked_at = clock.now
    stored = committed(engine, Account, account.id)
    assert stored.locked_until == locked_at + timedelta(minutes=15)
    assert audit_actions(engine).count("account.locked") == 1

    clock.now += PAST_ANY_WAIT
    assert start(engine) == REFUSED, "the right password during the lock"
    assert count_rows(engine, OutboxMessage) == 0
    assert "sign_in.refused_locked" in audit_actions(engine)

    clock.now = locked_at + timedelta(minutes=15)
    assert challenge_of(start(engine)).account_id == account.id, "the right password after the lock"
    assert len(outbox_bodies(engine, EMAIL)) == 1


def test_nine_failed_passwords_do_not_lock(engine: Engine, account: Account, clock: Clock) -> None:
    for _ in range(9):
        clock.now += PAST_ANY_WAIT
        start(engine, password="wrong password!!")
    assert committed(engine, Account, account.id).locked_until is None
    clock.now += PAST_ANY_WAIT
    assert isinstance(start(engine), Challenge)


def test_after_three_failures_from_one_client_the_next_try_must_wait(
    engine: Engine, account: Account, clock: Clock
) -> None:
    """Progressive slow-down per client: even the right password is not heard before the wait is over."""
    for n in range(3):
        assert start(engine, f"someone{n}@example.org", "wrong password!!") == REFUSED
    answer = start(engine)
    assert isinstance(answer, Refusal) and answer.key == "error.wait", answer
    assert isinstance(answer.params["seconds"], int) and answer.params["seconds"] > 0
    assert count_rows(engine, OutboxMessage) == 0
    assert isinstance(start(engine, client="198.51.100.7 Chrome"), Challenge), "another client is not slowed"
    clock.advance(seconds=answer.params["seconds"])
    assert isinstance(start(engine), Challenge), "after the wait the right password works"


def test_a_totp_account_is_asked_for_its_app_code_and_a_code_works_once(engine: Engine, account: Account) -> None:
    """No code is sent to an account with an authenticator app; a replayed app code is refused."""
    secret = enrol_totp(engine, account.id or 0)
    challenge = challenge_of(start(engine))
    assert challenge.method is SecondFactor.TOTP and challenge.code_id is None
    assert count_rows(engine, OutboxMessage) == count_rows(engine, OneTimeCode) == 0
    code = pyotp.TOTP(secret).now()
    result = complete(engine, challenge, code)
    assert not isinstance(result, Refusal), result
    assert signed_in_as(engine, result[0]) == account.id
    again = complete(engine, challenge_of(start(engine)), code)
    assert again == Refusal("error.code_wrong", "code")
    assert "totp.refused" in audit_actions(engine)


def test_five_wrong_codes_kill_the_code(engine: Engine, account: Account, clock: Clock) -> None:
    """Five guesses at a 6-digit code, then it is dead: even the right code is refused, no session starts."""
    challenge = challenge_of(start(engine))
    code = latest_code(engine, EMAIL)
    answers = []
    for _ in range(5):
        clock.now += PAST_ANY_WAIT
        answers.append(complete(engine, challenge, wrong_code(code)))
    clock.now += PAST_ANY_WAIT
    answers.append(complete(engine, challenge, code))
    keys = [answer.key for answer in answers if isinstance(answer, Refusal)]
    assert keys == ["error.code_wrong"] * 4 + ["error.code_dead"] * 2
    assert count_rows(engine, UserSession) == 0


def test_failures_are_committed_not_rolled_back(engine: Engine, account: Account) -> None:
    """A refused step raises a kept refusal, so the counters and audit events it wrote stay."""
    start(engine, password="wrong password!!")
    with Session(engine) as session:
        assert session.get_one(Account, account.id).failed_password_count == 1
        assert session.get_one(Throttle, throttle.client_key(CLIENT)).failures == 1
        assert session.get_one(Throttle, throttle.identity_key(EMAIL)).failures == 1
    assert audit_actions(engine)[-1] == "sign_in.password_refused"

    challenge = challenge_of(start(engine))
    assert complete(engine, challenge, wrong_code(latest_code(engine, EMAIL))) == Refusal("error.code_wrong", "code")
    with Session(engine) as session:
        assert session.get_one(OneTimeCode, challenge.code_id).attempts == 1
        assert session.get_one(Throttle, throttle.identity_key(EMAIL)).failures == 2
    assert audit_actions(engine)[-1] == "code.wrong"


def test_a_code_sent_to_one_account_never_signs_in_another(engine: Engine, account: Account) -> None:
    """The code is bound to the account it was sent for: a challenge naming another account is refused."""
    other = make_account(engine, "other@example.org")
    mine = challenge_of(start(engine))
    code = latest_code(engine, EMAIL)
    forged = Challenge(other.id, mine.method, mine.code_id, mine.destination_hint)
    assert isinstance(complete(engine, forged, code), Refusal)
    assert count_rows(engine, UserSession) == 0


def test_a_successful_sign_in_clears_the_slow_down(engine: Engine, account: Account, clock: Clock) -> None:
    for _ in range(2):
        start(engine, password="wrong password!!")
    result = complete(engine, challenge_of(start(engine)), latest_code(engine, EMAIL))
    assert not isinstance(result, Refusal), result
    with Session(engine) as session:
        assert session.get(Throttle, throttle.client_key(CLIENT)) is None
        assert session.get_one(Account, account.id).failed_password_count == 0
