"""Staff review in real browsers, several at once: an applicant's submission appears on a clerk's open board
without reload, the clerk checks the documents, a supervisor approves, the number is issued, and the applicant
activates the account the activation message announces, signs in with the second factor and sees the number.
A rejection with reasons reaches the applicant's open status page live."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, col, select

from models import Application, Document, OutboxMessage, Person
from models.enums import ApplicationStatus, ApplicationType
from ssas_portal.services.core.db import engine_for
from ssas_portal.services.forms import workflows
from ssas_portal.services.forms.definitions import definitions
from ssas_portal.services.forms.rules import required_documents
from tests.support.browser import activate, attach, enter_password, fill_answers, fr, open_draft, send, sign_in
from tests.support.forms import VALID
from tests.support.portal import Portal, blocking_violations, open_live

LIVE_TIMEOUT_MS = 3000  # the board polls every half second; the rest is a loaded 2-core machine


@pytest.fixture
def second_page(browser: Browser) -> Iterator[Page]:
    """Another person's browser: a context of its own, with its own cookies."""
    context = browser.new_context(locale="fr-FR")
    yield context.new_page()
    context.close()


@pytest.fixture
def third_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR")
    yield context.new_page()
    context.close()


def submit_employee(page: Page, portal: Portal) -> str:
    """An employee application sent the applicant's way; returns its reference. The tab keeps the request,
    so its tracking page shows it without asking for a code again."""
    reference = open_draft(page, portal, "employee")
    answers = VALID["employee"]
    fill_answers(page, "employee", answers)
    for need in required_documents(definitions()[ApplicationType.EMPLOYEE], answers):
        attach(page, need.kind)
    send(page)
    expect(page.locator("#submitted-reference")).to_have_text(reference)
    return reference


def stored(portal: Portal, reference: str) -> Application:
    with Session(engine_for(portal.database_url)) as session:
        return session.exec(select(Application).where(Application.reference == reference)).one()


def outbox_text(portal: Portal, destination: str, containing: str) -> str:
    """The newest outbox message to `destination` holding `containing`, waiting for the delivery task."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with Session(engine_for(portal.database_url)) as session:
            bodies = session.exec(select(OutboxMessage.body).where(OutboxMessage.destination == destination)
                                  .order_by(col(OutboxMessage.id).desc())).all()
        found = next((body for body in bodies if containing in body), None)
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"no message to {destination} holding {containing!r}")


def open_review(page: Page, portal: Portal, reference: str) -> None:
    open_live(page, f"{portal.url}/staff/review?ref={reference}")
    expect(page.locator("#review-status")).to_be_visible()


def decide(page: Page, outcome: str, *, reasons: tuple[str, ...] = (), message: str = "") -> None:
    page.locator(f"#outcome-{outcome}").click()
    for code in reasons:
        page.locator(f"#reason-{code}").click()
    if message:
        page.locator("#review-message").fill(message)
    page.locator("#decide-button").click()


def test_an_employee_goes_from_submission_to_an_activated_account_with_a_number(
        page: Page, second_page: Page, third_page: Page, portal: Portal) -> None:
    clerk_page, supervisor_page, applicant_page = second_page, third_page, page
    clerk, clerk_password = portal.staff("staff_clerk")
    sign_in(clerk_page, portal, clerk, clerk_password)

    reference = submit_employee(applicant_page, portal)

    expect(clerk_page.locator(f"#row-{reference}")).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    assert blocking_violations(clerk_page) == []
    clerk_page.locator(f"#claim-{reference}").click()
    expect(clerk_page).to_have_url(re.compile(rf"/staff/review\?ref={reference}$"))
    expect(clerk_page.locator("#review-step")).to_have_attribute("data-step", "document_check")
    expect(clerk_page.locator("#review-status")).to_have_attribute("data-status", "in_review")
    assert blocking_violations(clerk_page) == []
    decide(clerk_page, "complete")
    expect(clerk_page.locator("#review-step")).to_have_attribute("data-step", "approval")
    assert stored(portal, reference).current_step == "approval"

    supervisor, supervisor_password = portal.staff("staff_supervisor")
    sign_in(supervisor_page, portal, supervisor, supervisor_password)
    open_review(supervisor_page, portal, reference)
    decide(supervisor_page, "complete")
    expect(supervisor_page.locator("#review-status")).to_have_attribute("data-status", "approved")
    application = stored(portal, reference)
    assert application.status is ApplicationStatus.APPROVED
    with Session(engine_for(portal.database_url)) as session:
        number = session.get_one(Person, application.party_id).social_security_number
    assert number
    expect(supervisor_page.locator("#review-notice")).to_contain_text(number)

    email = application.contact_email or ""
    activation = outbox_text(portal, email, number)
    password = re.search(r"mot de passe provisoire (\S+),", activation)
    assert password, activation
    own = "my own long passphrase here"
    activate(applicant_page, portal, email, password.group(1), own, landing="/dashboard")
    enter_password(applicant_page, portal, email, own)
    applicant_page.get_by_label(fr("signin.code")).fill(portal.latest_code(email))
    applicant_page.get_by_role("button", name=fr("signin.verify")).click()
    expect(applicant_page).to_have_url(re.compile("/dashboard$"))
    expect(applicant_page.locator("#dashboard-status")).to_have_text(fr("status.approved"))
    expect(applicant_page.locator("#dashboard-identifier")).to_have_text(number)


def test_a_rejection_with_reasons_shows_on_the_applicants_open_status_page(
        page: Page, second_page: Page, portal: Portal) -> None:
    applicant_page, clerk_page = page, second_page
    reference = submit_employee(applicant_page, portal)
    open_live(applicant_page, f"{portal.url}/track")
    expect(applicant_page.locator("#draft-reference")).to_have_text(reference)
    expect(applicant_page.locator("#draft-status")).to_have_text(fr("status.submitted"))

    clerk, clerk_password = portal.staff("staff_clerk")
    sign_in(clerk_page, portal, clerk, clerk_password)
    open_review(clerk_page, portal, reference)
    decide(clerk_page, "reject", reasons=("document_missing",), message="Le certificat de travail manque.")
    expect(clerk_page.locator("#review-status")).to_have_attribute("data-status", "rejected")

    reason = next(one for one in workflows.catalog().reasons if one.code == "document_missing").text.fr
    expect(applicant_page.locator("#draft-status")).to_have_text(fr("status.rejected"), timeout=LIVE_TIMEOUT_MS)
    expect(applicant_page.get_by_text(reason)).to_be_visible()
    expect(applicant_page.get_by_text("Le certificat de travail manque.")).to_be_visible()
    assert blocking_violations(applicant_page) == []


def test_a_request_for_information_is_answered_and_returns_to_the_step_that_asked(
        page: Page, second_page: Page, portal: Portal) -> None:
    applicant_page, clerk_page = page, second_page
    reference = submit_employee(applicant_page, portal)
    open_live(applicant_page, f"{portal.url}/track")
    expect(applicant_page.locator("#draft-status")).to_have_text(fr("status.submitted"))

    clerk, clerk_password = portal.staff("staff_clerk")
    sign_in(clerk_page, portal, clerk, clerk_password)
    open_review(clerk_page, portal, reference)
    clerk_page.locator("#claim-button").click()
    expect(clerk_page.locator("#release-button")).to_be_visible()
    decide(clerk_page, "request_information", reasons=("document_illegible",), message="La photo est floue.")
    expect(clerk_page.locator("#review-status")).to_have_attribute("data-status", "information_requested")

    expect(applicant_page.locator("#draft-status")).to_have_text(fr("status.information_requested"),
                                                                 timeout=LIVE_TIMEOUT_MS)
    expect(applicant_page.locator("#status-request")).to_contain_text("La photo est floue.")
    expect(applicant_page.locator("#status-timeline")).to_contain_text("La photo est floue.")
    applicant_page.locator("#status-answer").click()
    expect(applicant_page.locator("#wizard-request")).to_contain_text("La photo est floue.")
    fill_answers(applicant_page, "employee", {**VALID["employee"], "city": "Thiès"})
    applicant_page.locator("#document-identity_document").get_by_role(
        "button", name=fr("wizard.remove_document")).click()
    attach(applicant_page, "identity_document", "identite-nette.pdf")
    send(applicant_page)
    expect(applicant_page.locator("#submitted-reference")).to_have_text(reference)

    application = stored(portal, reference)
    assert (application.status, application.current_step, application.form_data["city"]) == (
        ApplicationStatus.IN_REVIEW, "document_check", "Thiès")
    with Session(engine_for(portal.database_url)) as session:
        names = session.exec(select(Document.original_name).where(Document.application_id == application.id)).all()
    assert "identite-nette.pdf" in names
    open_review(clerk_page, portal, reference)
    expect(clerk_page.locator("#review-status")).to_have_attribute("data-status", "in_review")
    expect(clerk_page.locator("#review-step")).to_have_attribute("data-step", "document_check")
    expect(clerk_page.locator("#release-button")).to_be_visible()
