"""The lock-out and the slow-down hold with many workers at once: every wrong password is counted before it is
verified, in the database, so however many requests race for one account at most `lock_after_failures`
passwords are ever checked between two locks, and exactly one of them locks; a throttle loses no failure."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Account, Throttle
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.identity import auth, passwords, throttle
from ssas_portal.settings import get_settings
from tests.support.identity import STRONG_PASSWORD, Clock, make_account
from tests.support.rows import audit_actions

EMAIL = "clerk@example.org"
WRONG = "wrong password!!"
WORKERS = 30
PAST_ANY_WAIT = timedelta(seconds=throttle.MAX_DELAY_SECONDS + 1)


@dataclass
class Verifications:
    """passwords.verify, counting the calls that checked a password against one stored hash."""

    password_hash: str
    checked: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def wrap(self, verify: Callable[[str | None, str], bool]) -> Callable[[str | None, str], bool]:
        def counted(password_hash: str | None, password: str) -> bool:
            if password_hash == self.password_hash:
                with self.lock:
                    self.checked += 1
            return verify(password_hash, password)

        return counted


@pytest.fixture
def verifications(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Verifications]:
    account = make_account(engine, EMAIL)
    assert isinstance(account, Account) and account.password_hash
    counter = Verifications(account.password_hash)
    monkeypatch.setattr(passwords, "verify", counter.wrap(passwords.verify))
    yield counter


def at_once(workers: int, action: Callable[[int], object]) -> list[object]:
    """`action(n)` in `workers` threads released together; what each returned, or the exception it raised."""
    barrier = threading.Barrier(workers)
    results: list[object] = [None] * workers

    def run(n: int) -> None:
        barrier.wait()
        try:
            results[n] = action(n)
        except Exception as error:  # the test reports whatever a worker met
            results[n] = error

    threads = [threading.Thread(target=run, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def burst(engine: Engine, round_number: int) -> list[object]:
    """WORKERS wrong passwords for one account, each from a client of its own, each in its own transaction."""

    def wrong_password(n: int) -> object:
        try:
            with transaction(engine) as session:
                return auth.start_sign_in(session, EMAIL, WRONG, f"10.{round_number}.{n // 250}.{n % 250}")
        except Refusal as refused:
            return refused.key

    return at_once(WORKERS, wrong_password)


def locked(engine: Engine) -> bool:
    with Session(engine) as session:
        return session.exec(select(Account.locked_until).where(Account.email == EMAIL)).one() is not None


def test_racing_wrong_passwords_check_at_most_the_limit_and_lock_once(
    engine: Engine, verifications: Verifications, clock: Clock
) -> None:
    """Bursts of simultaneous wrong passwords, the clock moved past any slow-down between bursts (the throttle
    only delays; the lock-out is what bounds the guesses): once the account is locked, one more burst. At most
    SSAS_LOCK_AFTER_FAILURES passwords were checked in all, and one `account.locked` was written."""
    limit = get_settings().lock_after_failures
    answers: list[object] = []
    for round_number in range(limit + 2):
        answers += burst(engine, round_number)
        clock.advance(seconds=PAST_ANY_WAIT.total_seconds())
        if locked(engine):
            answers += burst(engine, round_number + 100)
            break
    events = audit_actions(engine)
    failures = [answer for answer in answers if isinstance(answer, Exception)]
    print(f"\nwrong passwords checked: {verifications.checked}, account.locked events: "
          f"{events.count('account.locked')}, bursts: {round_number + 1}, errors: {len(failures)}")
    assert failures == [], failures[:3]
    assert set(answers) <= {"error.sign_in_refused", "error.wait"}, set(map(str, answers))
    assert verifications.checked <= limit
    assert events.count("account.locked") == 1
    assert events.count("sign_in.password_refused") == verifications.checked


def test_racing_failures_of_one_throttle_key_are_all_counted(engine: Engine, clock: Clock) -> None:
    """Many workers failing the same key at once (first on a key not seen yet, then on one that exists): the
    count is every failure, none lost to a read-then-write, and no worker errs on the first row."""
    key = throttle.client_key("203.0.113.9")

    def fail(_: int) -> object:
        with transaction(engine) as session:
            throttle.fail(session, key)
        return None

    for expected in (WORKERS, 2 * WORKERS):
        results = at_once(WORKERS, fail)
        assert [result for result in results if result is not None] == []
        with Session(engine) as session:
            assert session.get_one(Throttle, key).failures == expected


def test_a_count_left_above_a_lowered_limit_locks_for_a_while_not_for_ever(
    engine: Engine, verifications: Verifications, clock: Clock
) -> None:
    """A count at or above the limit without a lock (SSAS_LOCK_AFTER_FAILURES lowered since) verifies nothing
    but locks, so the right password works again after SSAS_LOCK_MINUTES instead of never."""
    settings = get_settings()
    with Session(engine) as session:
        account = session.exec(select(Account).where(Account.email == EMAIL)).one()
        account.failed_password_count = settings.lock_after_failures + 2
        session.add(account)
        session.commit()

    def sign_in() -> object:
        try:
            with transaction(engine) as session:
                return auth.start_sign_in(session, EMAIL, STRONG_PASSWORD, "203.0.113.9")
        except Refusal as refused:
            return refused.key

    assert sign_in() == "error.sign_in_refused"
    assert verifications.checked == 0
    with Session(engine) as session:
        stored = session.exec(select(Account).where(Account.email == EMAIL)).one()
    assert stored.locked_until == clock.now + timedelta(minutes=settings.lock_minutes)
    assert audit_actions(engine)[-2:] == ["sign_in.refused_locked", "account.locked"]
    clock.advance(minutes=settings.lock_minutes, seconds=PAST_ANY_WAIT.total_seconds())
    assert isinstance(sign_in(), auth.Challenge)
    assert verifications.checked == 1
