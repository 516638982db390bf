"""Server-side sessions: a long random token, only its hash stored; idle and absolute limits; sign-out."""

from __future__ import annotations

import hashlib
import re

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import Account, UserSession
from ssas_portal.services.core.db import transaction
from ssas_portal.services.identity import sessions
from tests.support.identity import Clock, make_account


@pytest.fixture
def account(engine: Engine) -> Account:
    return make_account(engine)


def start(engine: Engine, account: Account, client: str = "203.0.113.9 Firefox") -> str:
    with transaction(engine) as session:
        return sessions.start(session, session.get_one(Account, account.id), client)


def resolve(engine: Engine, token: str) -> int | None:
    """The id of the signed-in account, or None; committed like a page request."""
    with transaction(engine) as session:
        found = sessions.resolve(session, token)
        return found.id if found else None


def test_the_token_is_long_and_random_and_only_its_sha256_is_stored(engine: Engine, account: Account) -> None:
    """At least 256 bits in the browser; a stolen database gives no usable token."""
    token = start(engine, account)
    assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    with Session(engine) as session:
        row = session.exec(select(UserSession)).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {row.token_hash, row.client_label}


def test_resolve_finds_the_account_for_a_live_token_only(engine: Engine, account: Account) -> None:
    token = start(engine, account)
    assert resolve(engine, token) == account.id
    assert resolve(engine, token + "x") is None
    assert resolve(engine, "") is None


def test_a_session_ends_after_31_idle_minutes(engine: Engine, account: Account, clock: Clock) -> None:
    """SSAS_SESSION_IDLE_MINUTES=30: an abandoned browser is signed out."""
    token = start(engine, account)
    clock.advance(minutes=29)
    assert resolve(engine, token) == account.id
    clock.advance(minutes=31)
    assert resolve(engine, token) is None
    clock.advance(seconds=1)
    assert resolve(engine, token) is None, "an expired session must not come back"


def test_a_live_pages_own_reload_does_not_keep_an_idle_session_alive(engine: Engine, account: Account,
                                                                    clock: Clock) -> None:
    """A board refreshing itself every half second is no sign of a person: the session still goes idle."""
    token = start(engine, account)

    def quietly() -> int | None:
        with transaction(engine) as session:
            found = sessions.resolve(session, token, touch=False)
            return found.id if found else None

    clock.advance(minutes=20)
    assert quietly() == account.id
    clock.advance(minutes=11)
    assert quietly() is None
    assert resolve(engine, token) is None


def test_a_session_ends_after_12_hours_even_when_used_every_20_minutes(
    engine: Engine, account: Account, clock: Clock
) -> None:
    """SSAS_SESSION_ABSOLUTE_HOURS=12: activity does not extend a session forever."""
    token = start(engine, account)
    for _ in range(35):  # 11 h 40 min of steady use
        clock.advance(minutes=20)
        assert resolve(engine, token) == account.id
    clock.advance(minutes=20)  # 12 h after sign-in
    assert resolve(engine, token) is None


def test_end_signs_out_on_the_server(engine: Engine, account: Account) -> None:
    """Signing out kills the token itself, not just the browser's cookie."""
    token = start(engine, account)
    with transaction(engine) as session:
        sessions.end(session, token)
    assert resolve(engine, token) is None


def test_end_all_with_keep_token_ends_only_the_other_sessions(engine: Engine, account: Account) -> None:
    """"Sign out everywhere else" keeps the current browser signed in."""
    current, phone, laptop = (start(engine, account, label) for label in ("current", "phone", "laptop"))
    with transaction(engine) as session:
        ended = sessions.end_all(session, account.id or 0, keep_token=current)
    assert ended == 2
    assert resolve(engine, current) == account.id
    assert resolve(engine, phone) is None and resolve(engine, laptop) is None


def test_end_all_without_keep_token_ends_every_session(engine: Engine, account: Account) -> None:
    tokens = [start(engine, account, label) for label in ("a", "b")]
    with transaction(engine) as session:
        assert sessions.end_all(session, account.id or 0) == 2
    assert [resolve(engine, token) for token in tokens] == [None, None]


def test_active_lists_live_sessions_and_marks_the_current_one(
    engine: Engine, account: Account, clock: Clock
) -> None:
    """The sessions page lists where the account is signed in; expired and ended ones are left out."""
    start(engine, account, "stale")
    clock.advance(minutes=31)
    ended = start(engine, account, "ended")
    with transaction(engine) as session:
        sessions.end(session, ended)
    current = start(engine, account, "current")
    start(engine, account, "other")
    with Session(engine) as session:
        listed = sessions.active(session, account.id or 0, current)
    assert sorted(item.client_label for item in listed) == ["current", "other"]
    assert [item.client_label for item in listed if item.current] == ["current"]


def test_two_sign_ins_get_different_tokens(engine: Engine, account: Account) -> None:
    """A token is never reused: each sign-in gets its own, and each resolves on its own."""
    first, second = start(engine, account), start(engine, account)
    assert first != second
    with transaction(engine) as session:
        sessions.end(session, first)
    assert resolve(engine, first) is None and resolve(engine, second) == account.id
