"""Staff review against a real database: claims, the workflow's steps and rules, requests for information,
rejection, and the final approval's registry work (party, number, credentials, links) in one transaction."""

from __future__ import annotations

import threading
import uuid
from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from models import (
    Account,
    AccountRole,
    Application,
    AuditEvent,
    Employment,
    Notification,
    Organisation,
    OutboxMessage,
    Person,
    Relationship,
    ReviewAction,
)
from models.enums import ApplicationStatus, EmploymentStatus, NotificationStatus, RelationshipKind, Role
from ssas_portal.services.applications import history, registration
from ssas_portal.services.core import audit, server_key
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.documents.storage import LocalStorage
from ssas_portal.services.messaging import notifications
from ssas_portal.services.messaging.delivery import OutboxProvider
from ssas_portal.services.registry import identifiers
from ssas_portal.services.review import decisions
from ssas_portal.services.review.decisions import Decided, Decision
from tests.support.applications import attach, draft_row, submit
from tests.support.forms import values
from tests.support.review import claim, decide, row, staff, submitted

DOCUMENTS = {"employee": ["identity_document", "birth_certificate"], "survivor": ["death_certificate",
             "proof_of_relationship", "identity_document"], "employer": ["business_registration_certificate",
             "representative_identity"]}


def events(engine: Engine, application_id: int) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEvent.action).where(AuditEvent.entity_type == "application",
                                                                 AuditEvent.entity_id == str(application_id))
                                 .order_by(col(AuditEvent.id))))


def queued(engine: Engine, reference: str) -> list[Notification]:
    with Session(engine) as session:
        return [one for one in session.exec(select(Notification).order_by(col(Notification.id)))
                if one.payload.get("reference") == reference]


COMPLETE = Decision("complete")


def test_submission_enters_the_first_step_of_its_workflow(engine: Engine, storage: LocalStorage) -> None:
    application = row(engine, submitted(engine, storage))
    assert (application.status, application.current_step) == (ApplicationStatus.SUBMITTED, "document_check")
    assert application.step_started_at == application.submitted_at


def test_a_clerk_checks_a_supervisor_approves_and_the_person_is_registered(engine: Engine,
                                                                         storage: LocalStorage) -> None:
    clerk, supervisor = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_SUPERVISOR)
    application_id = submitted(engine, storage)
    assert isinstance(claim(engine, clerk, application_id), decisions.Claimed)
    assert row(engine, application_id).status is ApplicationStatus.IN_REVIEW

    checked = decide(engine, clerk, application_id, COMPLETE)
    assert checked == Decided(ApplicationStatus.IN_REVIEW, "approval")
    assert row(engine, application_id).assignee_account_id is None

    approved = decide(engine, supervisor, application_id, COMPLETE)
    assert isinstance(approved, Decided) and approved.status is ApplicationStatus.APPROVED
    application = row(engine, application_id)
    with Session(engine) as session:
        person = session.get_one(Person, application.party_id)
        assert person.social_security_number == approved.identifier
        assert identifiers.catalog().social_security_number.is_valid(approved.identifier or "")
        assert (person.family_name, person.date_of_birth) == ("Diop", date(1990, 5, 1))
        account = session.get_one(Account, application.applicant_account_id)
        assert account.email == application.contact_email and account.must_change_password
        roles = session.exec(select(AccountRole.role).where(AccountRole.account_id == account.id)).all()
        assert roles == [Role.INDIVIDUAL]
    assert events(engine, application_id)[-3:] == ["application.claimed", "application.step_completed",
                                                   "application.approved"]
    with Session(engine) as session:
        assert audit.verify_chain(session)[1] is None
    approval_notice = queued(engine, application.reference)[-1]
    assert approval_notice.template == "application_approved" and "sealed_password" in approval_notice.payload


def test_activation_message_carries_the_password_once_and_is_sent_once(engine: Engine, storage: LocalStorage,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("ssas_portal.services.core.db.get_engine", lambda: engine)
    clerk, supervisor = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_SUPERVISOR)
    application_id = submitted(engine, storage)
    decide(engine, clerk, application_id, COMPLETE)
    decide(engine, supervisor, application_id, COMPLETE)
    application = row(engine, application_id)
    assert application.contact_email is not None

    notifications.deliver_pending(OutboxProvider())
    assert notifications.deliver_pending(OutboxProvider()) == 0

    with Session(engine) as session:
        bodies = list(session.exec(select(OutboxMessage.body)
                                   .where(OutboxMessage.destination == application.contact_email)
                                   .order_by(col(OutboxMessage.id))))
        notice = queued(engine, application.reference)[-1]
    assert len(bodies) == 2 and application.reference in bodies[0]
    assert "provisoire" in bodies[1] and application.contact_email in bodies[1]
    assert notice.status is NotificationStatus.SENT and "sealed_password" not in notice.payload


def test_four_eyes_one_person_cannot_take_two_steps(engine: Engine, storage: LocalStorage) -> None:
    supervisor = staff(engine, Role.STAFF_SUPERVISOR)
    application_id = submitted(engine, storage)
    assert isinstance(decide(engine, supervisor, application_id, COMPLETE), Decided)
    version = row(engine, application_id).version

    assert decide(engine, supervisor, application_id, COMPLETE) == Refusal("workflow.error.four_eyes")
    application = row(engine, application_id)
    assert (application.status, application.current_step, application.version) == (
        ApplicationStatus.IN_REVIEW, "approval", version)


def test_a_clerk_cannot_approve(engine: Engine, storage: LocalStorage) -> None:
    clerk, other_clerk = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    decide(engine, clerk, application_id, COMPLETE)
    assert decide(engine, other_clerk, application_id, COMPLETE) == Refusal("workflow.error.role")


def test_a_claimed_application_is_decided_only_by_its_holder(engine: Engine, storage: LocalStorage) -> None:
    clerk, other = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    claim(engine, clerk, application_id)
    refused = claim(engine, other, application_id)
    assert refused == Refusal("review.error.claimed", name="Staff staff_clerk")
    assert decide(engine, other, application_id, COMPLETE) == Refusal("review.error.claimed",
                                                                      name="Staff staff_clerk")
    with transaction(engine) as session:
        assert isinstance(decisions.release(session, clerk, application_id, row(engine, application_id).version),
                          decisions.Claimed)
    assert isinstance(claim(engine, other, application_id), decisions.Claimed)


def test_a_decision_on_an_old_version_is_refused_and_writes_nothing(engine: Engine, storage: LocalStorage) -> None:
    clerk = staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    seen = row(engine, application_id).version
    claim(engine, clerk, application_id)
    before = events(engine, application_id)
    assert decide(engine, clerk, application_id, COMPLETE, version=seen) == Refusal("review.error.stale")
    assert events(engine, application_id) == before


def test_two_simultaneous_decisions_one_applies_the_other_is_told(engine: Engine, storage: LocalStorage) -> None:
    """Two clerks press at the same moment on the version they both read: exactly one decision is written."""
    first, second = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    seen = row(engine, application_id).version
    start = threading.Barrier(2)
    answers: dict[str, Any] = {}

    def run(name: str, actor: Actor, decision: Decision) -> None:
        start.wait()
        try:
            answers[name] = decide(engine, actor, application_id, decision, version=seen)
        except Exception as error:  # reported by the assertions, not lost in the thread
            answers[name] = error

    reject = Decision("reject", ("information_inconsistent",), message="Pièce illisible")
    threads = [threading.Thread(target=run, args=("a", first, COMPLETE)),
               threading.Thread(target=run, args=("b", second, reject))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    outcomes = sorted(type(answer).__name__ for answer in answers.values())
    assert outcomes == ["Decided", "Refusal"], answers
    assert [answer for answer in answers.values() if isinstance(answer, Refusal)] == [Refusal("review.error.stale")]
    with Session(engine) as session:
        actions = session.exec(select(ReviewAction.kind).where(ReviewAction.application_id == application_id)).all()
    assert len(actions) == 1
    assert row(engine, application_id).version == seen + 1


def test_a_request_for_information_returns_to_the_step_that_asked(engine: Engine, storage: LocalStorage) -> None:
    clerk = staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    claim(engine, clerk, application_id)
    asked = decide(engine, clerk, application_id,
                   Decision("request_information", ("document_illegible",), message="Photo floue"))
    assert asked == Decided(ApplicationStatus.INFORMATION_REQUESTED, "document_check")
    reference = row(engine, application_id).reference
    notice = queued(engine, reference)[-1]
    assert notice.template == "application_information_requested"
    assert "Photo floue" in notifications.render(notice)

    assert decide(engine, clerk, application_id, COMPLETE) == Refusal("review.error.not_open")
    answered = submit(engine, application_id, values("employee", city="Thiès"))
    assert answered == registration.Submitted(reference, again=False)
    application = row(engine, application_id)
    assert (application.status, application.current_step, application.assignee_account_id) == (
        ApplicationStatus.IN_REVIEW, "document_check", clerk.account_id)
    assert application.form_data["city"] == "Thiès"
    with Session(engine) as session:
        timeline = history.of_application(session, application_id, for_applicant=True)
    assert [entry.kind for entry in timeline] == ["submitted", "information_requested", "information_provided"]


def test_a_rejection_needs_known_reasons_and_tells_the_applicant(engine: Engine, storage: LocalStorage) -> None:
    clerk = staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    assert decide(engine, clerk, application_id, Decision("reject")) == \
        Refusal("review.error.reason_required", "reasons")
    assert decide(engine, clerk, application_id, Decision("reject", ("no_such_reason",))) == \
        Refusal("review.error.reason_unknown", "reasons")
    rejected = decide(engine, clerk, application_id, Decision("reject", ("already_registered",), note="internal only"))
    assert rejected == Decided(ApplicationStatus.REJECTED, "document_check")
    notice = queued(engine, row(engine, application_id).reference)[-1]
    assert notice.template == "application_rejected"
    with Session(engine) as session:
        timeline = history.of_application(session, application_id, for_applicant=True)
        staff_view = history.of_application(session, application_id, for_applicant=False)
    assert timeline[-1].reasons == ["already_registered"] and timeline[-1].note == "" and timeline[-1].actor == ""
    assert staff_view[-1].note == "internal only" and staff_view[-1].actor


def test_an_employee_is_linked_to_the_registered_employer(engine: Engine, storage: LocalStorage) -> None:
    clerk, supervisor = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_SUPERVISOR)
    employer_id = submitted(engine, storage, "employer", business_registration_number=f"SN-{uuid.uuid4().hex[:8]}")
    decide(engine, clerk, employer_id, COMPLETE)
    registered = decide(engine, supervisor, employer_id, COMPLETE)
    assert isinstance(registered, Decided) and registered.identifier
    employee_id = submitted(engine, storage, "employee", employer_registration_number=registered.identifier)
    decide(engine, clerk, employee_id, COMPLETE)
    decide(engine, supervisor, employee_id, COMPLETE)
    with Session(engine) as session:
        employment = session.exec(select(Employment).where(
            Employment.person_party_id == row(engine, employee_id).party_id)).one()
    assert employment.employer_party_id == row(engine, employer_id).party_id
    assert employment.status is EmploymentStatus.AWAITING_CONFIRMATION


def test_an_employer_gets_the_number_the_supervisor_typed_and_its_liability_start(engine: Engine,
                                                                                 storage: LocalStorage) -> None:
    clerk, supervisor = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_SUPERVISOR)
    application_id = submitted(engine, storage, "employer", business_registration_number=f"SN-{uuid.uuid4().hex[:8]}")
    decide(engine, clerk, application_id, COMPLETE)
    wrong = decide(engine, supervisor, application_id, Decision("complete", identifier="E26000001-00"))
    assert wrong == Refusal("identifier.error.format", "identifier")
    assert row(engine, application_id).status is ApplicationStatus.IN_REVIEW
    with Session(engine) as session:
        typed = identifiers.next_number(session, "employer", 2026, after="E2699000000")
    approved = decide(engine, supervisor, application_id,
                      Decision("complete", identifier=typed.lower(), liability_start=date(2026, 1, 1)))
    assert isinstance(approved, Decided) and approved.identifier == typed
    with Session(engine) as session:
        organisation = session.get_one(Organisation, row(engine, application_id).party_id)
        roles = session.exec(select(AccountRole).where(AccountRole.scope_party_id == organisation.party_id)).all()
    assert (organisation.registration_number, organisation.contribution_liability_start) == (typed, date(2026, 1, 1))
    assert organisation.isic_primary_code == "8610"
    assert [one.role for one in roles] == [Role.EMPLOYER_ADMIN]


def test_a_guardian_of_a_minor_survivor_is_linked_to_both(engine: Engine, storage: LocalStorage) -> None:
    clerk, supervisor = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_SUPERVISOR)
    application_id = submitted(engine, storage, "survivor", applying_for_minor="true", minor_last_name="Diop",
                               minor_first_names="Fatou", minor_sex="female", minor_date_of_birth="2015-06-01",
                               minor_place_of_birth="Dakar", relationship="child")
    decide(engine, clerk, application_id, COMPLETE)
    assert isinstance(decide(engine, supervisor, application_id, COMPLETE), Decided)
    guardian = row(engine, application_id).party_id
    with Session(engine) as session:
        links = {link.kind: link for link in session.exec(select(Relationship).where(
            col(Relationship.subject_party_id).in_([guardian]) | (Relationship.kind == RelationshipKind.SURVIVOR_OF)))}
        guardian_of = links[RelationshipKind.GUARDIAN_OF]
        minor = session.get_one(Person, guardian_of.related_party_id)
        survivor_of = session.exec(select(Relationship).where(Relationship.subject_party_id == minor.party_id)).one()
        deceased = session.get_one(Person, survivor_of.related_party_id)
        grant = session.exec(select(AccountRole).where(AccountRole.account_id == row(engine, application_id)
                                                       .applicant_account_id)).one()
    assert minor.given_names == "Fatou" and minor.social_security_number
    assert deceased.date_of_death == date(2026, 1, 10) and deceased.family_name == "Diop"
    assert (grant.role, grant.scope_party_id) == (Role.GUARDIAN, minor.party_id)


def test_a_survivor_of_a_registered_person_marks_the_date_of_death(engine: Engine, storage: LocalStorage) -> None:
    clerk, supervisor = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_SUPERVISOR)
    late_id = submitted(engine, storage)
    decide(engine, clerk, late_id, COMPLETE)
    number = decide(engine, supervisor, late_id, COMPLETE)
    assert isinstance(number, Decided)
    application_id = submitted(engine, storage, "survivor", deceased_social_security_number=number.identifier)
    decide(engine, clerk, application_id, COMPLETE)
    decide(engine, supervisor, application_id, COMPLETE)
    with Session(engine) as session:
        late = session.get_one(Person, row(engine, late_id).party_id)
        link = session.exec(select(Relationship).where(Relationship.related_party_id == late.party_id)).one()
    assert late.date_of_death == date(2026, 1, 10)
    assert (link.kind, link.subject_party_id) == (RelationshipKind.SURVIVOR_OF, row(engine, application_id).party_id)


def test_the_deliver_command_sends_what_is_queued_once(engine: Engine, storage: LocalStorage,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from ssas_portal import cli

    application_id = submitted(engine, storage)
    assert cli.main(["deliver"]) == 0
    assert int(capsys.readouterr().out.split()[0]) >= 1
    assert cli.main(["deliver"]) == 0
    assert capsys.readouterr().out.strip() == "0 notification(s) delivered"
    with Session(engine) as session:
        sent = session.exec(select(OutboxMessage.body).where(
            OutboxMessage.destination == row(engine, application_id).contact_email)).all()
    assert len(sent) == 1 and row(engine, application_id).reference in sent[0]


def test_the_applicant_withdraws_an_open_application_once_and_it_leaves_review(engine: Engine,
                                                                             storage: LocalStorage) -> None:
    clerk = staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    claim(engine, clerk, application_id)
    with transaction(engine) as session:
        assert registration.withdraw(session, application_id) is True
    with transaction(engine) as session:
        assert registration.withdraw(session, application_id) is False
    application = row(engine, application_id)
    assert (application.status, application.assignee_account_id) == (ApplicationStatus.WITHDRAWN, None)
    assert decide(engine, clerk, application_id, COMPLETE) == Refusal("review.error.not_open")
    assert events(engine, application_id)[-1] == "application.withdrawn"
    assert queued(engine, application.reference)[-1].template == "application_withdrawn"
    with Session(engine) as session:
        assert history.of_application(session, application_id, for_applicant=True)[-1].kind == "withdrawn"


def test_a_decided_application_cannot_be_withdrawn(engine: Engine, storage: LocalStorage) -> None:
    application_id = submitted(engine, storage)
    decide(engine, staff(engine, Role.STAFF_CLERK), application_id, Decision("reject", ("not_eligible",)))
    with transaction(engine) as session:
        assert registration.withdraw(session, application_id) is False
    assert row(engine, application_id).status is ApplicationStatus.REJECTED


def test_an_applicant_without_e_mail_signs_in_with_the_application_number(engine: Engine, storage: LocalStorage,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Proved a phone, gave no e-mail: the account's sign-in name is the application number, its codes go by SMS."""
    from ssas_portal.services.identity import auth

    clerk, supervisor = staff(engine, Role.STAFF_CLERK), staff(engine, Role.STAFF_SUPERVISOR)
    phone = f"+22177{uuid.uuid4().int % 10**7:07d}"
    application_id = draft_row(engine)
    with transaction(engine) as session:
        draft = session.get_one(Application, application_id)
        draft.contact_email, draft.contact_phone = None, phone
        draft.reference = f"EMP-2026-{uuid.uuid4().hex[:8].upper()}"
        session.add(draft)
    sent = {key: value for key, value in values("employee").items() if key != "email"}
    attach(engine, storage, application_id, *DOCUMENTS["employee"])
    assert isinstance(submit(engine, application_id, sent), registration.Submitted)
    decide(engine, clerk, application_id, COMPLETE)
    assert isinstance(decide(engine, supervisor, application_id, COMPLETE), Decided)
    application = row(engine, application_id)
    notice = queued(engine, application.reference)[-1]
    assert notice.channel.value == "sms" and notice.payload["sign_in"] == application.reference
    password = server_key.decrypt(notice.payload["sealed_password"]) or ""

    with transaction(engine) as session:
        challenge = auth.start_sign_in(session, application.reference.lower(), password, "203.0.113.9 test")
    assert isinstance(challenge, auth.Challenge), challenge
    with Session(engine) as session:
        account = session.get_one(Account, application.applicant_account_id)
    assert (account.phone, account.second_factor.value) == (phone, "sms_code")
