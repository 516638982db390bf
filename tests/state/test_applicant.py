"""The applicant's side once a request is filed, called as the browser calls the handlers: the tracking page
finds it with a new code and shows its status, step and timeline, updated from a revision it polls; a request
staff asked information about opens in the wizard for correction and goes back to review; the dashboard of an
approved applicant shows their number, and nobody else's."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from models import Account, AccountRole, Application
from models.enums import ApplicationStatus, Role
from ssas_portal.services.core import i18n
from ssas_portal.services.core.db import transaction
from ssas_portal.services.identity import sessions
from ssas_portal.services.review.decisions import Decided, Decision
from state.applicant import ApplicantState, TimelineRow
from state.dashboard import DashboardState
from state.session import SessionState
from state.wizard import WizardState
from tests.support.applications import application
from tests.support.identity import latest_code
from tests.support.review import decide, staff
from tests.support.state import make_state, run
from tests.support.wizard import EMPLOYEE_DOCUMENTS, applicant_of, attach, hold, leave, valid_employee

ASKED = Decision("request_information", ("document_illegible",), message="La photo de la pièce est floue.",
                 note="internal only")


def filed(engine: Engine) -> int:
    """A request filed through the wizard, the applicant's way."""
    wizard = valid_employee(engine)
    WizardState.declare.fn(wizard, True)
    run(WizardState.submit.fn(wizard))
    application_id = applicant_of(wizard)._application_id
    assert application_id is not None and wizard.step == "done"
    return application_id


def asked(engine: Engine) -> int:
    """A filed request a clerk asked information about."""
    application_id = filed(engine)
    outcome = decide(engine, staff(engine, Role.STAFF_CLERK), application_id, ASKED)
    assert isinstance(outcome, Decided) and outcome.status is ApplicationStatus.INFORMATION_REQUESTED
    return application_id


def tracked(engine: Engine, application_id: int) -> tuple[ApplicantState, object]:
    """The tracking page after the reference, the contact and the code sent to it; and what confirm answered."""
    found = application(engine, application_id)
    page = make_state(ApplicantState, "/track")
    ApplicantState.open.fn(page, "")
    run(ApplicantState.request_resume.fn(page, {"reference": found.reference, "contact": found.contact_email or ""}))
    assert page.step == "code", page.error
    answer = run(ApplicantState.confirm_code.fn(page, {"code": latest_code(engine, found.contact_email)}))
    assert page.step == "draft", page.error
    return page, answer


def approve(engine: Engine, application_id: int) -> str:
    decide(engine, staff(engine, Role.STAFF_CLERK), application_id, Decision("complete"))
    approved = decide(engine, staff(engine, Role.STAFF_SUPERVISOR), application_id, Decision("complete"))
    assert isinstance(approved, Decided) and approved.identifier
    return approved.identifier


def activated_session(engine: Engine, application_id: int) -> str:
    """The applicant activated the account the approval made, then signed in: their session token."""
    with transaction(engine) as session:
        account = session.get_one(Account, session.get_one(Application, application_id).applicant_account_id)
        account.must_change_password = False
        session.add(account)
        return sessions.start(session, account, "state-test")


def dashboard(token: str) -> DashboardState:
    board = make_state(DashboardState, "/dashboard")
    run(board.get_state(SessionState)).token = token
    assert run(DashboardState.open_dashboard.fn(board)) is None
    return board


# --- the tracking page ------------------------------------------------------------------------------------


def test_a_filed_request_is_shown_with_its_status_step_and_timeline_in_both_languages(
        engine: Engine, documents_dir: Path) -> None:
    page, answer = tracked(engine, filed(engine))
    assert answer is None  # only a draft goes to its form
    assert (page.status, page.current_step) == ("submitted", {"fr": "Contrôle des pièces", "en": "Document check"})
    assert [row.kind for row in page.timeline["fr"]] == ["submitted"]
    assert page.timeline["en"][0].what == i18n.translate("en", "status_page.kind.submitted")
    assert page.timeline["fr"][0].when.endswith("UTC") and page.request == {} and page.identifier == ""


def test_a_request_for_information_shows_the_reasons_the_message_and_the_way_to_answer(
        engine: Engine, documents_dir: Path) -> None:
    page, answer = tracked(engine, asked(engine))
    assert answer is None and page.status == "information_requested"
    expected = TimelineRow(kind="information_requested", when=page.timeline["en"][-1].when,
                           what="Information requested", step="Document check",
                           reasons=["A document cannot be read."], message="La photo de la pièce est floue.")
    assert page.timeline["en"][-1] == expected and page.request["en"] == expected
    assert page.request["fr"].reasons == ["Une pièce est illisible."]
    assert "internal only" not in repr(page.timeline) and "Staff" not in repr(page.timeline)
    assert page.wizard_path == "/register/employee"


def test_the_page_reloads_when_the_polled_revision_changes(engine: Engine, documents_dir: Path) -> None:
    application_id = filed(engine)
    page, _ = tracked(engine, application_id)
    read = page._revision_reader()
    before = read()
    decide(engine, staff(engine, Role.STAFF_CLERK), application_id, ASKED)
    assert read() != before
    run(page._reload())
    assert page.status == "information_requested" and page.request["fr"].message == ASKED.message


def test_withdrawing_asks_first_then_withdraws_the_held_request_for_good(engine: Engine,
                                                                       documents_dir: Path) -> None:
    application_id = filed(engine)
    page, _ = tracked(engine, application_id)
    assert page.can_withdraw
    ApplicantState.ask_withdrawal.fn(page, True)
    assert page.confirming_withdrawal and application(engine, application_id).status is ApplicationStatus.SUBMITTED
    run(ApplicantState.withdraw.fn(page))
    assert application(engine, application_id).status is ApplicationStatus.WITHDRAWN
    assert page.status == "withdrawn" and not page.can_withdraw and not page.confirming_withdrawal
    assert page.timeline["fr"][-1].what == i18n.translate("fr", "status_page.kind.withdrawn")

    run(ApplicantState.withdraw.fn(page))
    assert page.error == i18n.translate("fr", "status_page.withdraw_refused")


def test_a_withdrawal_the_server_did_not_ask_to_confirm_withdraws_nothing(engine: Engine,
                                                                         documents_dir: Path) -> None:
    application_id = filed(engine)
    page, _ = tracked(engine, application_id)
    page.confirming_withdrawal = True  # what a crafted "setvar" could do to the var the page shows
    run(ApplicantState.withdraw.fn(page))
    assert application(engine, application_id).status is ApplicationStatus.SUBMITTED
    assert page.error == i18n.translate("fr", "status_page.withdraw_refused")
    ApplicantState.ask_withdrawal.fn(page, "yes")  # type: ignore[arg-type]  # crafted: only True asks
    run(ApplicantState.withdraw.fn(page))
    assert application(engine, application_id).status is ApplicationStatus.SUBMITTED


def test_leaving_forgets_the_request_and_what_was_shown(engine: Engine, documents_dir: Path) -> None:
    page, _ = tracked(engine, asked(engine))
    ApplicantState.leave.fn(page)
    assert (page.step, page.status, page.timeline, page.request, page.current_step) == ("contact", "", {}, {}, {})
    assert page._revision_reader()() == ""


# --- answering a request for information in the wizard -----------------------------------------------------


def test_the_wizard_opens_a_request_for_information_with_its_answers_and_documents(
        engine: Engine, documents_dir: Path) -> None:
    application_id = asked(engine)
    wizard = make_state(WizardState, "/register/employee")
    hold(wizard, application_id)
    run(WizardState.load.fn(wizard))
    assert (wizard.kind, wizard.step, wizard.correcting) == ("employee", "identity", True)
    assert wizard.values["last_name"] == "Diop" and set(EMPLOYEE_DOCUMENTS) <= set(wizard.attached)
    assert applicant_of(wizard).request["fr"].reasons == ["Une pièce est illisible."]


def test_the_corrected_answers_and_a_new_document_go_back_to_review(engine: Engine, documents_dir: Path) -> None:
    application_id = asked(engine)
    wizard = make_state(WizardState, "/register/employee")
    hold(wizard, application_id)
    run(WizardState.load.fn(wizard))
    old_document = wizard.attached["identity_document"]["id"]
    leave(wizard, "city", "Thiès")
    attach(wizard, "identity_document", name="nette.pdf")
    assert wizard.attached["identity_document"]["id"] != old_document and wizard.errors == {}
    run(WizardState.go_to.fn(wizard, "review"))
    WizardState.declare.fn(wizard, True)
    run(WizardState.submit.fn(wizard))

    sent = application(engine, application_id)
    assert (sent.status, sent.current_step, sent.form_data["city"]) == (ApplicationStatus.IN_REVIEW, "document_check",
                                                                       "Thiès")
    assert (wizard.step, wizard.correcting) == ("done", True)
    applicant = applicant_of(wizard)
    assert (applicant.status, applicant.request) == ("in_review", {})
    assert [row.kind for row in applicant.timeline["fr"]][-1] == "information_provided"


def test_a_request_back_in_review_opens_on_the_confirmation_and_takes_no_change(
        engine: Engine, documents_dir: Path) -> None:
    application_id = filed(engine)
    wizard = make_state(WizardState, "/register/employee")
    hold(wizard, application_id)
    run(WizardState.load.fn(wizard))
    assert (wizard.step, wizard.correcting) == ("done", False)
    leave(wizard, "city", "Ailleurs")
    run(WizardState.save_for_later.fn(wizard))
    assert application(engine, application_id).form_data["city"] != "Ailleurs"


# --- the dashboard ----------------------------------------------------------------------------------------


def test_the_dashboard_shows_the_approved_applicant_their_number_and_only_theirs(
        engine: Engine, documents_dir: Path) -> None:
    mine, theirs = filed(engine), filed(engine)
    number, other_number = approve(engine, mine), approve(engine, theirs)
    board = dashboard(activated_session(engine, mine))
    assert board.my_applications == [{"reference": application(engine, mine).reference, "type": "employee",
                                      "status": "approved", "identifier": number}]
    assert other_number not in repr(board.my_applications)
    assert dashboard(activated_session(engine, theirs)).my_applications[0]["identifier"] == other_number


def test_the_dashboard_of_an_account_without_requests_lists_none(engine: Engine) -> None:
    with transaction(engine) as session:
        account = Account(email="nobody@example.org", display_name="Nobody", must_change_password=False)
        session.add(account)
        session.flush()
        session.add(AccountRole(account_id=account.id or 0, role=Role.INDIVIDUAL))
        token = sessions.start(session, account, "state-test")
    assert dashboard(token).my_applications == []


def test_the_dashboard_sends_a_visitor_without_a_session_to_sign_in(engine: Engine) -> None:
    board = make_state(DashboardState, "/dashboard")
    assert "/sign-in" in str(run(DashboardState.open_dashboard.fn(board)))
    assert board.my_applications == []

