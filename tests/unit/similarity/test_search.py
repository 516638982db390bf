"""Similar accounts against a real database: keys written with the data, candidates found through them and
explained, a "not the same" decision remembered, "same" linking the application to the registered party."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models import Application, AuditEvent, MatchDecision, Person, SimilarityKey
from models.enums import ApplicationStatus, ApplicationType, MatchDecisionKind
from ssas_portal.services.core import i18n
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.similarity import search
from ssas_portal.services.similarity.config import default_config
from ssas_portal.services.similarity.search import Subject
from tests.support.similarity import application, employee, organisation, person

CLERK = Actor(None, "staff_clerk")


def labels(engine: Engine, application_id: int) -> list[str]:
    with Session(engine) as session:
        return [one.subject.label for one in search.similar_to_application(session, application_id)]


def test_a_registered_person_with_swapped_names_and_no_accents_is_found_and_explained(engine: Engine) -> None:
    party = person(engine, "NDIAYE", "Emilie Anne", date(1990, 7, 4), "1234567890124")
    person(engine, "Moussa", "Sow", date(1990, 4, 7), "9999999999999")
    application_id, reference = application(engine, ApplicationType.EMPLOYEE, employee())
    with Session(engine) as session:
        found = search.review(session, reference.lower())
    assert found is not None and found.application_id == application_id
    best = found.candidates[0]
    assert best.subject == Subject("party", party)
    verdicts = {one.field: one.verdict for one in best.similarity.fields}
    assert verdicts["family_name"] == verdicts["given_names"] == "exact"  # swapped back, accents folded
    assert verdicts["date_of_birth"] == "close"  # day and month swapped
    assert verdicts["national_id"] == "close"  # one digit
    assert verdicts["email"] == "missing"
    assert best.similarity.likely_same


def test_a_namesake_born_another_day_is_not_likely_the_same(engine: Engine) -> None:
    person(engine, "Émilie-Anne", "N'Diaye", date(1971, 11, 23), "5550001112223")
    application_id, _ = application(engine, ApplicationType.EMPLOYEE, employee())
    with Session(engine) as session:
        candidates = search.similar_to_application(session, application_id)
    assert all(not candidate.similarity.likely_same for candidate in candidates)


def test_not_the_same_is_remembered_and_same_links_the_party(engine: Engine) -> None:
    first = person(engine, "Émilie Anne", "Ndiaye", date(1990, 4, 7), "1234567890123")
    second = person(engine, "Emilie", "N Diaye", date(1990, 4, 7))
    application_id, _ = application(engine, ApplicationType.EMPLOYEE, employee())
    assert labels(engine, application_id)[:2] == [f"party:{first}", f"party:{second}"]

    with transaction(engine) as session:
        assert search.decide(session, CLERK, application_id, f"party:{second}", MatchDecisionKind.NOT_SAME, 70)
    assert f"party:{second}" not in labels(engine, application_id)

    with transaction(engine) as session:
        assert search.decide(session, CLERK, application_id, f"party:{first}", MatchDecisionKind.SAME, 98)
    with Session(engine) as session:
        linked = session.get_one(Application, application_id)
        assert linked.party_id == first
        assert session.exec(select(SimilarityKey).where(SimilarityKey.application_id == application_id)).all() == []
        decisions = {one.candidate: one.decision for one in session.exec(select(MatchDecision))}
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "application.match_decided")
                              .order_by(col(AuditEvent.id))).all()
    assert decisions == {f"party:{second}": MatchDecisionKind.NOT_SAME, f"party:{first}": MatchDecisionKind.SAME}
    assert [event.after and event.after["candidate"] for event in events] == [f"party:{second}", f"party:{first}"]
    assert labels(engine, application_id) == []  # its own party is not its duplicate


def test_another_application_from_the_same_person_is_a_candidate_and_a_draft_is_not(engine: Engine) -> None:
    earlier, earlier_reference = application(engine, ApplicationType.SELF_EMPLOYED,
                                             employee(date_of_birth="07/04/1990"))
    application(engine, ApplicationType.EMPLOYEE, employee(), status=ApplicationStatus.DRAFT)
    application_id, _ = application(engine, ApplicationType.EMPLOYEE, employee())
    with Session(engine) as session:
        candidates = search.similar_to_application(session, application_id)
    assert [one.subject.label for one in candidates] == [f"application:{earlier}"]
    assert candidates[0].reference == earlier_reference


def test_a_company_is_found_with_or_without_its_legal_form_and_never_among_people(engine: Engine) -> None:
    company = organisation(engine, "CLINIQUE DU CAP", "SN-DKR-2020-B-12345")
    person(engine, "Clinique", "Du Cap", date(1990, 4, 7))
    application_id, _ = application(engine, ApplicationType.EMPLOYER, {
        "legal_name": "Clinique du Cap SA", "business_registration_number": "SN-DKR-2020-B-12346"})
    with Session(engine) as session:
        candidates = search.similar_to_application(session, application_id)
    assert [one.subject.label for one in candidates] == [f"party:{company}"]
    assert {one.field: one.verdict for one in candidates[0].similarity.fields}["legal_name"] == "exact"


@pytest.mark.parametrize("candidate", ["party:999999", "application:999999", "nobody:1", "party:x", "", "party:1:2"])
def test_a_decision_on_nothing_is_refused(candidate: str, engine: Engine) -> None:
    application_id, _ = application(engine, ApplicationType.EMPLOYEE, employee())
    with transaction(engine) as session:
        assert not search.decide(session, CLERK, application_id, candidate, MatchDecisionKind.SAME, 90)
    with transaction(engine) as session:
        assert not search.decide(session, CLERK, application_id, f"application:{application_id}",
                                           MatchDecisionKind.SAME, 90)
    with Session(engine) as session:
        assert session.exec(select(MatchDecision)).all() == []


def test_keys_follow_the_data(engine: Engine) -> None:
    party = person(engine, "Awa", "Diop", date(1990, 5, 1), "1234567890123")
    with transaction(engine) as session:
        row = session.get_one(Person, party)
        row.family_name = "Sarr"
        session.add(row)
        search.refresh_party(session, party)
    application_id, _ = application(engine, ApplicationType.EMPLOYEE, employee(last_name="Sarr", first_names="Awa",
                                                                              date_of_birth="1990-05-01"))
    assert labels(engine, application_id)[:1] == [f"party:{party}"]
    with transaction(engine) as session:
        session.delete(session.get_one(Person, party))
        search.refresh_party(session, party)
        keys = session.exec(select(SimilarityKey).where(SimilarityKey.party_id == party)).all()
    assert keys == []


def test_an_unknown_reference_or_a_draft_has_no_review(engine: Engine) -> None:
    _, draft = application(engine, ApplicationType.EMPLOYEE, employee(), status=ApplicationStatus.DRAFT)
    with Session(engine) as session:
        for reference in (draft, "EMP-0000-NOPE"):
            with pytest.raises(Refusal) as caught:
                search.review(session, reference)
            assert (caught.value.key, caught.value.field) == ("similar.not_found", "")


def test_a_key_shared_by_very_many_is_read_only_in_part_and_the_duplicate_still_found(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "KEY_ROWS_READ", 2)
    namesakes = [person(engine, "Émilie Anne", "N'Diaye", date(1950 + number, 1, 1)) for number in range(5)]
    twin = person(engine, "Emilie", "Ndiaye", date(1990, 4, 7), "1234567890123")
    application_id, _ = application(engine, ApplicationType.EMPLOYEE, employee())
    found = labels(engine, application_id)
    assert found[0] == f"party:{twin}"
    assert len(set(found) & {f"party:{one}" for one in namesakes}) <= 2


def test_every_field_and_verdict_staff_may_see_is_named_in_both_languages() -> None:
    """The panel builds these keys from data (tr() cannot check them when the page is built)."""
    config = default_config()
    fields = {name for rules in (config.person, config.organisation) for name, _ in rules}
    keys = ({f"similar.field.{name}" for name in fields}
            | {f"similar.verdict.{verdict}" for verdict in ("exact", "close", "different", "missing")}
            | {f"similar.kind.{kind}" for kind in ("party", "application")}
            | {f"similar.decided_{decision.value}" for decision in MatchDecisionKind})
    for language in i18n.LANGUAGES:
        assert keys - set(i18n.catalog(language)) == set(), language
