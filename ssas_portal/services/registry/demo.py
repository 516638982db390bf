"""Demonstration records for a development portal: a few people, two organisations, a job and a survivor.

Loaded only by `seed --demo`, never in production; idempotent by the identifiers it uses.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from models import Employment, Organisation, Party, Person, Relationship
from models.enums import EmploymentStatus, OrganisationKind, PartyKind, RelationshipKind, Sex
from ssas_portal.services.core import audit
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.similarity import search

_PEOPLE = [
    ("Aminata", "Diallo", Sex.FEMALE, date(1988, 4, 12), "1880412000017"),
    ("Jean-Marc", "Lefèvre", Sex.MALE, date(1954, 9, 3), "1540903000025"),
    ("Mariam", "Lefèvre", Sex.FEMALE, date(1957, 1, 22), "2570122000031"),
]
_EMPLOYER = ("Clinique du Plateau", "SARL", "8610", "EMP0000017")
_BANK = ("Banque Atlantique du Sénégal", "SA", "6419", "FIN0000025")


def _party(session: Session, kind: PartyKind, email: str) -> int:
    """A new party's id."""
    party = Party(kind=kind, email=email, locality="Dakar", country_code="SN")
    session.add(party)
    session.flush()
    assert party.id is not None  # flushed: the database gave it one
    return party.id


def load(session: Session) -> int:
    """Add the demo records that are missing; returns how many parties were added."""
    actor = Actor.system()
    if session.exec(select(Person).where(Person.social_security_number == _PEOPLE[0][4])).first():
        return 0
    persons = []
    for given, family, sex, born, ssn in _PEOPLE:
        party_id = _party(session, PartyKind.PERSON, f"{given}.{family}@demo.example".lower())
        person = Person(party_id=party_id, given_names=given, family_name=family, sex=sex, date_of_birth=born,
                        nationality="SN", social_security_number=ssn)
        session.add(person)
        persons.append(person)
        audit.record(session, actor, "party.created", "person", party_id, after={"social_security_number": ssn})
    organisations = []
    for (name, form, isic, number), kind in ((_EMPLOYER, OrganisationKind.EMPLOYER),
                                            (_BANK, OrganisationKind.FINANCIAL_INSTITUTION)):
        party_id = _party(session, PartyKind.ORGANISATION, f"contact@{number.lower()}.demo.example")
        organisation = Organisation(party_id=party_id, kind=kind, legal_name=name, legal_form=form,
                                    isic_primary_code=isic, registration_number=number,
                                    is_health_care_provider=kind is OrganisationKind.EMPLOYER)
        session.add(organisation)
        organisations.append(organisation)
        audit.record(session, actor, "party.created", "organisation", party_id,
                     after={"registration_number": number})
    session.flush()
    employment = Employment(person_party_id=persons[0].party_id, employer_party_id=organisations[0].party_id,
                            job_title="Infirmière", start_date=date(2021, 3, 1), salary_amount=Decimal("450000"),
                            status=EmploymentStatus.ACTIVE)
    survivor = Relationship(kind=RelationshipKind.SURVIVOR_OF, subject_party_id=persons[2].party_id,
                            related_party_id=persons[1].party_id, detail="spouse")
    persons[1].date_of_death = date(2026, 6, 14)
    session.add_all([employment, survivor, persons[1]])
    session.flush()
    audit.record(session, actor, "employment.created", "employment", employment.id,
                 after={"status": employment.status.value})
    audit.record(session, actor, "relationship.created", "relationship", survivor.id,
                 after={"kind": survivor.kind.value})
    parties: list[Person | Organisation] = [*persons, *organisations]
    for one in parties:
        search.refresh_party(session, one.party_id)
    return len(persons) + len(organisations)
