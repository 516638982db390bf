"""One-time codes: only a keyed hash is stored, a code works once, dies after five tries or ten minutes."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models import AuditEvent, OneTimeCode
from models.enums import CodePurpose, NotificationChannel
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.privacy import mask
from ssas_portal.services.identity import codes
from ssas_portal.services.identity.codes import CodeCheck
from ssas_portal.settings import SettingsError, load
from tests.support.identity import Clock, latest_code, outbox_bodies, wrong_code
from tests.support.rows import committed
from tests.support.text import one_line

DESTINATION = "fatou.sow@example.org"


def issue(engine: Engine, purpose: CodePurpose = CodePurpose.SIGN_IN) -> tuple[int, str]:
    """Issue a code in its own transaction; returns its row id and the code read from the outbox."""
    with transaction(engine) as session:
        row = codes.issue(session, purpose=purpose, channel=NotificationChannel.EMAIL, destination=DESTINATION,
                          language="fr")
    assert row.id is not None
    return row.id, latest_code(engine, DESTINATION)


def check(engine: Engine, code_id: int, code: str, purpose: CodePurpose = CodePurpose.SIGN_IN) -> CodeCheck:
    """Each try in its own committed transaction, as the pages do."""
    with transaction(engine) as session:
        return codes.check(session, code_id, code, purpose=purpose)


def attempts(engine: Engine, code_id: int) -> int:
    return committed(engine, OneTimeCode, code_id).attempts


def test_issue_stores_only_a_keyed_hash_and_masks_the_destination_in_the_audit(engine: Engine) -> None:
    """A database dump must not reveal a live code, and the audit trail must not collect addresses."""
    code_id, code = issue(engine)
    assert len(outbox_bodies(engine, DESTINATION)) == 1
    with Session(engine) as session:
        row = session.get_one(OneTimeCode, code_id)
        columns = {name: getattr(row, name) for name in OneTimeCode.model_fields}
        events = list(session.exec(select(AuditEvent).where(AuditEvent.action == "code.sent")))
    assert row.code_hash and len(row.code_hash) == 64
    assert not any(code in str(value) for value in columns.values()), columns
    assert len(events) == 1
    event_text = f"{events[0].before} {events[0].after} {events[0].entity_id}"
    assert DESTINATION not in event_text and "fatou.sow" not in event_text
    assert events[0].after is not None
    assert events[0].after["destination"] == mask(DESTINATION) == "f***@example.org"


def test_the_right_code_is_accepted_once(engine: Engine) -> None:
    """A code is consumed by its first successful use; a second use is treated as expired."""
    code_id, code = issue(engine)
    assert check(engine, code_id, code) is CodeCheck.ACCEPTED
    assert check(engine, code_id, code) is CodeCheck.EXPIRED


def test_a_code_dies_after_five_wrong_tries_each_one_committed(engine: Engine) -> None:
    """Five guesses per code: each wrong try is counted in the database although its transaction is its own,
    and once the code is dead even the right code is refused."""
    code_id, code = issue(engine)
    bad = wrong_code(code)
    outcomes = []
    for expected_attempts in range(1, 6):
        outcomes.append(check(engine, code_id, bad))
        assert attempts(engine, code_id) == expected_attempts
    assert outcomes == [CodeCheck.WRONG] * 4 + [CodeCheck.EXHAUSTED]
    assert check(engine, code_id, code) is CodeCheck.EXHAUSTED
    assert committed(engine, OneTimeCode, code_id).consumed_at is None


def test_a_code_expires_after_the_configured_ten_minutes(engine: Engine, clock: Clock) -> None:
    """SSAS_CODE_TTL_MINUTES (10 by default) bounds how long a code can be used."""
    code_id, code = issue(engine)
    clock.advance(minutes=9, seconds=59)
    first_id, first_code = code_id, code
    code_id, code = issue(engine)
    clock.advance(seconds=1)
    assert check(engine, first_id, first_code) is CodeCheck.EXPIRED
    clock.advance(minutes=9, seconds=58)
    assert check(engine, code_id, code) is CodeCheck.ACCEPTED


def test_a_code_exactly_ten_minutes_old_is_expired(engine: Engine, clock: Clock) -> None:
    code_id, code = issue(engine)
    clock.advance(minutes=10)
    assert check(engine, code_id, code) is CodeCheck.EXPIRED
    assert attempts(engine, code_id) == 0


def test_a_code_for_another_purpose_is_refused_as_expired(engine: Engine) -> None:
    """A sign-in code cannot reset a password, and the other way round."""
    code_id, code = issue(engine, CodePurpose.SIGN_IN)
    assert check(engine, code_id, code, CodePurpose.PASSWORD_RESET) is CodeCheck.EXPIRED
    assert check(engine, code_id, code, CodePurpose.SIGN_IN) is CodeCheck.ACCEPTED


def test_an_unknown_code_id_is_expired(engine: Engine) -> None:
    assert check(engine, 424242, "123456") is CodeCheck.EXPIRED


def test_settings_refuse_a_code_life_longer_than_ten_minutes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The code life is capped by the settings so an operator cannot weaken it by mistake."""
    monkeypatch.setenv("SSAS_CODE_TTL_MINUTES", "11")
    with pytest.raises(SettingsError) as refused:
        load()
    assert one_line(str(refused.value)).startswith("SSAS_CODE_TTL_MINUTES")
    monkeypatch.setenv("SSAS_CODE_TTL_MINUTES", "10")
    assert load().code_ttl_minutes == 10
