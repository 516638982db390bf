"""The audit trail is a hash chain: an edited, deleted or forked event shows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from models import AuditEvent
from ssas_portal import cli
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import GENESIS_HASH, Actor
from ssas_portal.services.core.db import transaction


def record_events(engine: Engine, count: int) -> list[AuditEvent]:
    """`count` committed events, in order."""
    with transaction(engine) as session:
        return [
            audit.record(session, Actor.system(), "test.event", "thing", n, after={"n": n}) for n in range(count)
        ]


def first_broken(engine: Engine) -> int | None:
    """Verify the chain as stored, in a fresh session (nothing cached from the writes)."""
    with Session(engine) as session:
        return audit.verify_chain(session)[1]


def execute(engine: Engine, statement: sa.TextClause, **params: object) -> None:
    """Tamper with the stored trail directly, as someone with database access could."""
    with engine.begin() as connection:
        connection.execute(statement, params)


def test_events_form_an_intact_chain(engine: Engine) -> None:
    """Each event links to the previous hash, starting from the genesis hash."""
    events = record_events(engine, 3)
    assert [event.previous_hash for event in events] == [GENESIS_HASH, events[0].hash, events[1].hash]
    assert first_broken(engine) is None


def test_an_edited_event_breaks_the_chain_at_that_event(engine: Engine) -> None:
    """Changing what an event says no longer matches its hash."""
    events = record_events(engine, 3)
    edit = sa.text('UPDATE auditevent SET "after" = :after WHERE id = :id').bindparams(
        sa.bindparam("after", type_=sa.JSON)
    )
    execute(engine, edit, after={"n": 99}, id=events[1].id)
    assert first_broken(engine) == events[1].id


def test_a_deleted_event_breaks_the_chain_at_the_following_event(engine: Engine) -> None:
    """The event after a deleted one links to a hash that is no longer there."""
    events = record_events(engine, 3)
    execute(engine, sa.text("DELETE FROM auditevent WHERE id = :id"), id=events[1].id)
    assert first_broken(engine) == events[2].id


def test_the_chain_cannot_fork(engine: Engine) -> None:
    """previous_hash is unique: two events can never both extend the same one."""
    first = record_events(engine, 1)[0]
    fork = AuditEvent(action="test.fork", entity_type="thing", previous_hash=first.previous_hash, hash="f" * 64)
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.add(fork)
    with Session(engine) as session:
        assert session.exec(select(AuditEvent.action)).all() == ["test.event"]


def test_dates_and_decimals_are_stored_json_safe_and_keep_the_chain(engine: Engine) -> None:
    """Values are stored as the JSON they are hashed as, so the chain still verifies after a reload."""
    values = {"born": date(2026, 11, 30), "salary": Decimal("450000.50"), "at": datetime(2026, 11, 30, 9, tzinfo=UTC)}
    with transaction(engine) as session:
        event_id = audit.record(session, Actor.system(), "test.values", "thing", before=values, after=values).id
    with Session(engine) as session:
        stored = session.get_one(AuditEvent, event_id)
    expected = {"born": "2026-11-30", "salary": "450000.50", "at": "2026-11-30 09:00:00+00:00"}
    assert stored.before == stored.after == expected
    assert first_broken(engine) is None


@pytest.mark.parametrize("tamper", ["edit", "delete"])
def test_audit_verify_names_the_first_broken_event(tamper: str, engine: Engine,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    events = record_events(engine, 4)
    assert cli.main(["audit-verify"]) == 0
    assert capsys.readouterr().out.strip() == "audit trail intact: 4 events"
    if tamper == "edit":
        execute(engine, sa.text("UPDATE auditevent SET action = 'test.other' WHERE id = :id"), id=events[1].id)
    else:
        execute(engine, sa.text("DELETE FROM auditevent WHERE id = :id"), id=events[1].id)
    assert cli.main(["audit-verify"]) == 1
    broken = events[1].id if tamper == "edit" else events[2].id
    assert capsys.readouterr().err.strip().startswith(f"audit trail broken at event {broken}:")
