"""What the applicant sees of a filed request, against a real database: status, current step, a timeline with
reasons and messages but never internal notes or staff names, the number once approved, a revision that moves
with every change, and a signed-in account's own requests."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import Application, Organisation
from models.enums import ApplicationStatus, ApplicationType, Role
from ssas_portal.services.applications import status
from ssas_portal.services.documents.storage import LocalStorage
from ssas_portal.services.forms.definitions import Text
from ssas_portal.services.review.decisions import Decided, Decision
from tests.support.applications import draft_row, submit
from tests.support.forms import values
from tests.support.review import claim, decide, staff, submitted

COMPLETE = Decision("complete")
DOCUMENT_CHECK = Text(fr="Contrôle des pièces", en="Document check")


def view(engine: Engine, application_id: int) -> status.StatusView:
    with Session(engine) as session:
        found = status.status_of(session, application_id)
    assert found is not None
    return found


def revision(engine: Engine, application_id: int) -> str:
    with Session(engine) as session:
        return status.revision(session, application_id)


def approved(engine: Engine, storage: LocalStorage, kind: str = "employee", **changes: str) -> tuple[int, str]:
    """A request checked by a clerk and approved by a supervisor; its id and the number issued."""
    application_id = submitted(engine, storage, kind, **changes)
    decide(engine, staff(engine, Role.STAFF_CLERK), application_id, COMPLETE)
    outcome = decide(engine, staff(engine, Role.STAFF_SUPERVISOR), application_id, COMPLETE)
    assert isinstance(outcome, Decided) and outcome.identifier
    return application_id, outcome.identifier


def test_a_draft_has_no_step_no_timeline_and_no_number(engine: Engine) -> None:
    found = view(engine, draft_row(engine))
    assert (found.status, found.step, found.timeline, found.identifier, found.request) == (
        ApplicationStatus.DRAFT, None, [], None, None)


def test_an_unknown_request_has_no_status_and_no_revision(engine: Engine) -> None:
    with Session(engine) as session:
        assert status.status_of(session, 999_999) is None
        assert status.revision(session, 999_999) == ""


def test_a_submitted_request_is_at_the_first_step_of_its_workflow(engine: Engine, storage: LocalStorage) -> None:
    found = view(engine, submitted(engine, storage))
    assert (found.type, found.status, found.step) == (ApplicationType.EMPLOYEE, ApplicationStatus.SUBMITTED,
                                                      DOCUMENT_CHECK)
    assert [entry.kind for entry in found.timeline] == ["submitted"]


def test_a_request_for_information_shows_its_reasons_and_message_but_no_note_or_name(
        engine: Engine, storage: LocalStorage) -> None:
    clerk = staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    claim(engine, clerk, application_id)
    decide(engine, clerk, application_id, Decision("request_information", ("document_illegible", "other"),
                                                   message="Photo floue", note="internal only"))
    found = view(engine, application_id)
    assert (found.status, found.step) == (ApplicationStatus.INFORMATION_REQUESTED, DOCUMENT_CHECK)
    assert [entry.kind for entry in found.timeline] == ["submitted", "information_requested"]
    asked = found.timeline[-1]
    assert found.request == asked
    assert asked.step == DOCUMENT_CHECK and asked.message == "Photo floue"
    assert [reason.en for reason in asked.reasons] == ["A document cannot be read.", "Another reason (given below)."]
    assert asked.reasons[0].fr == "Une pièce est illisible."
    assert "internal only" not in repr(found) and "Staff" not in repr(found)


def test_the_answer_goes_back_to_review_and_the_request_is_answered(engine: Engine, storage: LocalStorage) -> None:
    clerk = staff(engine, Role.STAFF_CLERK)
    application_id = submitted(engine, storage)
    decide(engine, clerk, application_id, Decision("request_information", ("document_illegible",)))
    submit(engine, application_id, values("employee", city="Thiès"))
    found = view(engine, application_id)
    assert (found.status, found.step, found.request) == (ApplicationStatus.IN_REVIEW, DOCUMENT_CHECK, None)
    assert [entry.kind for entry in found.timeline][-1] == "information_provided"


def test_a_rejection_ends_the_review_with_its_reasons(engine: Engine, storage: LocalStorage) -> None:
    application_id = submitted(engine, storage)
    decide(engine, staff(engine, Role.STAFF_CLERK), application_id,
           Decision("reject", ("already_registered",), message="Vous avez déjà un numéro."))
    found = view(engine, application_id)
    assert (found.status, found.step, found.identifier) == (ApplicationStatus.REJECTED, None, None)
    assert [reason.fr for reason in found.timeline[-1].reasons] == ["Vous êtes déjà inscrit."]
    assert found.timeline[-1].message == "Vous avez déjà un numéro."


def test_an_approved_person_sees_their_social_security_number(engine: Engine, storage: LocalStorage) -> None:
    application_id, number = approved(engine, storage)
    found = view(engine, application_id)
    assert (found.status, found.step, found.identifier) == (ApplicationStatus.APPROVED, None, number)
    assert [entry.kind for entry in found.timeline] == ["submitted", "step_completed", "step_completed", "approved"]
    assert found.timeline[1].step == DOCUMENT_CHECK


def test_an_approved_employer_sees_its_registration_number(engine: Engine, storage: LocalStorage) -> None:
    application_id, number = approved(engine, storage, "employer", business_registration_number="SN-STATUS-1")
    with Session(engine) as session:
        party_id = session.get_one(Application, application_id).party_id
        assert session.get_one(Organisation, party_id).registration_number == number
    assert view(engine, application_id).identifier == number


def test_the_revision_changes_with_every_change(engine: Engine, storage: LocalStorage) -> None:
    application_id = submitted(engine, storage)
    seen = {revision(engine, application_id)}
    clerk = staff(engine, Role.STAFF_CLERK)
    claim(engine, clerk, application_id)
    seen.add(revision(engine, application_id))
    decide(engine, clerk, application_id, COMPLETE)
    seen.add(revision(engine, application_id))
    assert len(seen) == 3 and revision(engine, application_id) == revision(engine, application_id)


def test_an_account_lists_only_its_own_requests_with_their_numbers(engine: Engine, storage: LocalStorage) -> None:
    first, number = approved(engine, storage)
    second, _ = approved(engine, storage)
    waiting = submitted(engine, storage)
    with Session(engine) as session:
        owner = session.get_one(Application, first).applicant_account_id
        other = session.get_one(Application, second).applicant_account_id
        assert owner is not None and other is not None and owner != other
        mine = status.applications_of_account(session, owner)
        reference = session.get_one(Application, first).reference
        assert session.get_one(Application, waiting).applicant_account_id is None
    assert [(one.reference, one.status, one.identifier) for one in mine] == [
        (reference, ApplicationStatus.APPROVED, number)]
    assert mine[0].submitted_at is not None
    with Session(engine) as session:
        assert status.applications_of_account(session, 999_999) == []
