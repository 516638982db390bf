"""The one registry: persons and organisations are Parties, identifiers are unique, the database refuses
inconsistent rows itself (on SQLite and PostgreSQL alike)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError
from sqlmodel import Session, select

from models import Employment, Organisation, Party, Person, Relationship
from models.enums import OrganisationKind, PartyKind, RelationshipKind


def add_party(session: Session, kind: PartyKind, **fields: Any) -> Party:
    party = Party(kind=kind, **fields)
    session.add(party)
    session.flush()
    return party


def add_person(session: Session, ssn: str | None = None) -> Person:
    party = add_party(session, PartyKind.PERSON)
    assert party.id is not None
    person = Person(party_id=party.id, given_names="Awa", family_name="Ndiaye", social_security_number=ssn)
    session.add(person)
    session.flush()
    return person


def add_organisation(session: Session, number: str | None = None) -> Organisation:
    party = add_party(session, PartyKind.ORGANISATION)
    assert party.id is not None
    organisation = Organisation(
        party_id=party.id, kind=OrganisationKind.EMPLOYER, legal_name="Clinique du Plateau", registration_number=number
    )
    session.add(organisation)
    session.flush()
    return organisation


def test_persons_and_organisations_are_parties_of_one_registry(session: Session) -> None:
    """Everything else points at a Party, so a person and an organisation each get one Party row."""
    person = add_person(session, "1880412000017")
    organisation = add_organisation(session, "EMP0000017")
    session.commit()
    kinds = dict(session.exec(select(Party.id, Party.kind)).all())
    assert kinds == {person.party_id: PartyKind.PERSON, organisation.party_id: PartyKind.ORGANISATION}


def test_a_person_needs_a_party(session: Session) -> None:
    """The foreign key is enforced (SQLite too): no person exists outside the registry."""
    session.add(Person(party_id=999_999, given_names="Awa", family_name="Ndiaye"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_social_security_number_is_unique(session: Session) -> None:
    """A social security number identifies one person only."""
    add_person(session, "1880412000017")
    with pytest.raises(IntegrityError):
        add_person(session, "1880412000017")


def test_employer_registration_number_is_unique(session: Session) -> None:
    """An employer registration number identifies one organisation only."""
    add_organisation(session, "EMP0000017")
    with pytest.raises(IntegrityError):
        add_organisation(session, "EMP0000017")


def add_employment(session: Session, *, start: date, end: date) -> None:
    employment = Employment(
        person_party_id=add_person(session).party_id, employer_party_id=add_organisation(session).party_id,
        job_title="Infirmière", start_date=start, end_date=end,
    )
    session.add(employment)
    session.flush()


@pytest.mark.parametrize("days", [0, 30])
def test_employment_may_end_on_or_after_its_start(session: Session, days: int) -> None:
    """The control for the CHECK below: ordered dates are stored."""
    add_employment(session, start=date(2021, 3, 1), end=date(2021, 3, 1) + timedelta(days=days))


def test_employment_cannot_end_before_it_starts(session: Session) -> None:
    """The CHECK constraint refuses end_date < start_date, whatever code writes the row."""
    with pytest.raises(IntegrityError):
        add_employment(session, start=date(2021, 3, 1), end=date(2021, 2, 28))


def test_relationship_needs_two_different_parties(session: Session) -> None:
    """Nobody is their own survivor or guardian: the CHECK refuses subject == related."""
    person = add_person(session)
    party_id = person.party_id
    session.add(Relationship(kind=RelationshipKind.GUARDIAN_OF, subject_party_id=party_id, related_party_id=party_id))
    with pytest.raises(IntegrityError):
        session.flush()


def insert_party_kind(session: Session, kind: str) -> None:
    """Raw SQL, bypassing the ORM's enum validation, so only the database can refuse."""
    session.execute(sa.text("INSERT INTO party (kind, created_at) VALUES (:kind, CURRENT_TIMESTAMP)"), {"kind": kind})


def test_enum_column_accepts_a_member_through_raw_sql(session: Session) -> None:
    """The control for the next test: the raw INSERT itself is valid."""
    insert_party_kind(session, "person")
    assert session.exec(select(Party.kind)).all() == [PartyKind.PERSON]


def test_enum_column_refuses_a_value_outside_the_enum(session: Session) -> None:
    """Enums are VARCHAR + CHECK, so a stray value is refused by the database, not only by Python."""
    with pytest.raises(IntegrityError):
        insert_party_kind(session, "robot")


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 30, 12, 34, 56, 789_012, tzinfo=UTC),
        datetime(2026, 11, 30, 14, 34, 56, 789_012, tzinfo=timezone(timedelta(hours=2))),
    ],
    ids=["utc", "plus-two-hours"],
)
def test_utc_datetime_round_trips_an_aware_moment_as_utc(session: Session, moment: datetime) -> None:
    """Timestamps come back aware and in UTC on every backend (SQLite would otherwise return naive values)."""
    party_id = add_party(session, PartyKind.PERSON, created_at=moment).id
    session.commit()
    with Session(session.get_bind()) as fresh:
        stored = fresh.exec(select(Party.created_at).where(Party.id == party_id)).one()
    assert stored == moment
    assert stored.utcoffset() == timedelta(0)


def test_utc_datetime_refuses_a_naive_datetime(session: Session) -> None:
    """A naive datetime is ambiguous; storing it would silently shift times."""
    with pytest.raises(StatementError, match="naive datetime"):
        add_party(session, PartyKind.PERSON, created_at=datetime(2026, 11, 30, 12, 0))
