"""The registry and applications the similar-accounts search looks through, written with their blocking keys."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from models import Application, Organisation, Party, Person
from models.enums import ApplicationStatus, ApplicationType, OrganisationKind, PartyKind
from ssas_portal.services.core.db import transaction
from ssas_portal.services.similarity import search


def person(engine: Engine, given: str, family: str, born: date, national_id: str = "", email: str = "") -> int:
    with transaction(engine) as session:
        party = Party(kind=PartyKind.PERSON, email=email or None)
        session.add(party)
        session.flush()
        assert party.id is not None
        session.add(Person(party_id=party.id, given_names=given, family_name=family, date_of_birth=born,
                           national_id_number=national_id or None))
        search.refresh_party(session, party.id)
        return party.id


def organisation(engine: Engine, legal_name: str, registration_number: str) -> int:
    with transaction(engine) as session:
        party = Party(kind=PartyKind.ORGANISATION)
        session.add(party)
        session.flush()
        assert party.id is not None
        session.add(Organisation(party_id=party.id, kind=OrganisationKind.EMPLOYER, legal_name=legal_name,
                                 business_registration_number=registration_number))
        search.refresh_party(session, party.id)
        return party.id


def application(engine: Engine, kind: ApplicationType, answers: dict[str, Any],
                status: ApplicationStatus = ApplicationStatus.SUBMITTED) -> tuple[int, str]:
    reference = f"TST-{uuid.uuid4().hex[:12].upper()}"
    with transaction(engine) as session:
        row = Application(reference=reference, type=kind, status=status, form_data=answers,
                          contact_email="someone@example.org")
        session.add(row)
        session.flush()
        search.refresh_application(session, row.id or 0)
        return row.id or 0, reference


def employee(**changes: Any) -> dict[str, Any]:
    return {"last_name": "N'Diaye", "first_names": "Émilie-Anne", "date_of_birth": "1990-04-07",
            "national_id_number": "1234567890123", **changes}
