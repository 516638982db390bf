"""Progressive slow-down: two free failures, then 1, 2, 4 ... seconds, capped at a minute, forgotten after an hour."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from models import Throttle
from ssas_portal.services.core.db import transaction
from ssas_portal.services.identity import throttle
from tests.support.identity import Clock
from tests.support.rows import count_rows


def fail(engine: Engine, *keys: str, times: int = 1) -> None:
    for _ in range(times):
        with transaction(engine) as session:
            throttle.fail(session, *keys)


def wait(engine: Engine, *keys: str) -> int:
    with transaction(engine) as session:
        return throttle.wait_seconds(session, *keys)


def test_delay_after_doubles_from_the_third_failure_and_caps_at_a_minute() -> None:
    """Honest typos cost nothing; guessing gets slow quickly; nobody waits more than 60 s."""
    assert [throttle.delay_after(n) for n in range(11)] == [0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60]
    assert throttle.delay_after(1000) == 60


def test_wait_follows_the_failures_of_a_key(engine: Engine, clock: Clock) -> None:
    key = throttle.client_key("203.0.113.9")
    fail(engine, key, times=2)
    assert wait(engine, key) == 0
    fail(engine, key)
    assert 1 <= wait(engine, key) <= 2
    clock.advance(seconds=1)
    assert wait(engine, key) == 0
    fail(engine, key)
    assert 2 <= wait(engine, key) <= 3


def test_wait_over_several_keys_is_the_longest(engine: Engine, clock: Clock) -> None:
    """The account and the client are both slowed: the caller waits for the slower of the two."""
    client, account = throttle.client_key("203.0.113.9"), throttle.identity_key("someone@example.org")
    fail(engine, client, times=3)
    fail(engine, account, times=6)
    assert wait(engine, client) < wait(engine, account)
    assert wait(engine, client, account) == wait(engine, account) == wait(engine, account, client)
    assert wait(engine, throttle.client_key("198.51.100.1")) == 0


def test_clear_removes_the_key(engine: Engine, clock: Clock) -> None:
    """A success wipes the slate for that key only."""
    client, other = throttle.client_key("203.0.113.9"), throttle.client_key("198.51.100.1")
    fail(engine, client, other, times=5)
    with transaction(engine) as session:
        throttle.clear(session, client)
    assert wait(engine, client) == 0
    assert wait(engine, other) > 0
    assert count_rows(engine, Throttle) == 1


def test_failures_older_than_an_hour_are_forgotten(engine: Engine, clock: Clock) -> None:
    """The count starts again after an hour of quiet, so old failures never add up to long waits."""
    key = throttle.identity_key("someone@example.org")
    fail(engine, key, times=8)
    clock.advance(hours=1, seconds=1)
    assert wait(engine, key) == 0
    fail(engine, key)
    assert wait(engine, key) == 0
    fail(engine, key)
    assert wait(engine, key) == 0
    fail(engine, key)
    assert 1 <= wait(engine, key) <= 2, "the third failure after the reset"


def test_failures_within_the_hour_keep_counting(engine: Engine, clock: Clock) -> None:
    key = throttle.identity_key("someone@example.org")
    fail(engine, key, times=2)
    clock.advance(minutes=59)
    fail(engine, key)
    assert 1 <= wait(engine, key) <= 2
