"""Each of the six forms filled and sent in a real browser, with PDFs uploaded; the conditional documents
(marriage certificate, guardianship order) are asked for, and sending without them is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, Page, expect
from sqlmodel import Session, select

from models import Application, Document
from models.enums import ApplicationStatus
from ssas_portal.services.core.db import engine_for
from ssas_portal.services.forms import rules
from ssas_portal.services.forms.definitions import definition
from tests.support.browser import attach, declare, fill_answers, fill_step, fr, open_draft, send, sign_in, step_title
from tests.support.documents import pdf_bytes
from tests.support.forms import CONDITIONAL, MANDATORY, VALID
from tests.support.portal import Portal, blocking_violations, open_live


def stored(portal: Portal, reference: str) -> tuple[Application, list[str]]:
    with Session(engine_for(portal.database_url)) as session:
        application = session.exec(select(Application).where(Application.reference == reference)).one()
        kinds = list(session.exec(select(Document.kind).where(Document.application_id == application.id)))
        return application, sorted(kinds)


@pytest.mark.parametrize("kind", list(VALID))
def test_each_form_is_filled_and_sent_with_its_documents(kind: str, page: Page, portal: Portal) -> None:
    reference = open_draft(page, portal, kind)
    fill_answers(page, kind, VALID[kind])
    for document in MANDATORY[kind]:
        attach(page, document)
    send(page)
    expect(page.locator("#submitted-reference")).to_have_text(reference)
    application, kinds = stored(portal, reference)
    assert application.status is ApplicationStatus.SUBMITTED
    assert kinds == sorted(MANDATORY[kind])
    assert application.form_data == rules.clean(definition(kind), VALID[kind])


@pytest.mark.parametrize("case", ["married", "guardian of a minor"])
def test_a_conditional_document_is_required_before_sending(case: str, page: Page, portal: Portal) -> None:
    kind, changes, needed, label = CONDITIONAL[case]
    answers = {**VALID[kind], **changes}
    reference = open_draft(page, portal, kind)
    fill_answers(page, kind, answers)
    expect(page.locator(f"#document-{needed}")).to_be_visible()
    for document in MANDATORY[kind]:
        attach(page, document)
    missing = fr("form.error.document_missing", label=label)

    page.locator("#wizard-continue").click()
    expect(page.locator("#wizard-problems")).to_contain_text(missing)
    expect(page.locator(f"#upload-{needed}-error")).to_have_text(re.compile(re.escape(missing)))

    page.get_by_role("navigation", name=fr("wizard.progress")).get_by_role(
        "button", name=fr("wizard.review_title")).click()
    declare(page)
    page.locator("#wizard-submit").click()
    expect(page.locator("#wizard-problems")).to_contain_text(missing)
    assert stored(portal, reference)[0].status is ApplicationStatus.DRAFT

    page.locator("#wizard-problems").get_by_role("link", name=missing).click()
    attach(page, needed)
    send(page)
    expect(page.locator("#submitted-reference")).to_have_text(reference)
    assert stored(portal, reference)[1] == sorted([*MANDATORY[kind], needed])


def test_answers_are_checked_on_the_server_and_kept_when_the_applicant_comes_back(page: Page, portal: Portal) -> None:
    reference = open_draft(page, portal, "employee")
    form = definition("employee")
    date_of_birth = form.field("date_of_birth")
    assert date_of_birth is not None
    page.locator("#field-date_of_birth").fill("2030-01-01")
    page.locator("#field-last_name").fill("Diop")
    expect(page.locator("#field-date_of_birth-error")).to_contain_text(date_of_birth.label.fr)
    page.locator("#wizard-continue").click()
    expect(page.locator("#wizard-problems")).to_contain_text(fr("form.error.required", label="Prénoms"))
    assert blocking_violations(page) == []

    fill_step(page, form, "identity", VALID["employee"])
    page.locator("#wizard-continue").click()
    expect(page.locator("#wizard-step-title")).to_have_text(step_title(form, "civil_status"))
    page.locator("#field-civil_status-married").click()
    expect(page.locator("#field-spouse_name")).to_be_visible()
    page.locator("#field-civil_status-single").click()
    expect(page.locator("#field-spouse_name")).to_have_count(0)
    page.get_by_role("button", name=fr("wizard.save_later")).click()
    expect(page.get_by_role("status").filter(has_text=reference)).to_be_visible()

    page.reload()
    page.wait_for_selector("html[data-portal-language]")
    expect(page.locator("#draft-reference")).to_have_text(reference)
    page.get_by_role("navigation", name=fr("wizard.progress")).get_by_role(
        "button", name=step_title(form, "identity")).click()
    expect(page.locator("#field-last_name")).to_have_value("Diop")
    expect(page.locator("#field-first_names")).to_have_value(VALID["employee"]["first_names"])


def test_the_applicant_downloads_their_own_document_and_nobody_else_can(page: Page, portal: Portal) -> None:
    open_draft(page, portal, "financial_institution")
    fill_answers(page, "financial_institution", VALID["financial_institution"])
    page.locator("#upload-banking_licence input[type=file]").set_input_files(
        files=[FilePayload(name="licence.pdf", mimeType="application/pdf", buffer=b"MZ\x90\x00 a program, not a PDF")])
    expect(page.locator("#upload-banking_licence-error")).to_contain_text(
        fr("error.document_type", accepted="PDF, JPEG, PNG"))
    page.locator("#upload-banking_licence input[type=file]").set_input_files(
        files=[FilePayload(name="huge.pdf", mimeType="application/pdf", buffer=pdf_bytes() + b" " * 10 * 1024 * 1024)])
    expect(page.locator("#upload-banking_licence-error")).to_contain_text(fr("error.document_too_large", maximum=10))
    attach(page, "banking_licence", "Agrément bancaire.pdf")
    expect(page.get_by_text(re.compile(r"Agrément bancaire\.pdf \(\d+ o\)"))).to_be_visible()
    with page.expect_download() as download:
        page.locator("#document-banking_licence").get_by_role("button", name=fr("wizard.download")).click()
    assert download.value.suggested_filename == "Agrément bancaire.pdf"
    assert Path(download.value.path()).read_bytes() == pdf_bytes()
    link = download.value.url
    assert page.context.browser is not None
    stranger = page.context.browser.new_context()
    document_id = re.search(r"/api/documents/(\d+)", link)
    assert document_id is not None
    assert stranger.request.get(f"{portal.url}/api/documents/{document_id.group(1)}").status == 404
    assert stranger.request.get(link.replace(f"/{document_id.group(1)}?", f"/{int(document_id.group(1)) + 1}?")
                                ).status == 404
    stranger.close()

    page.locator("#document-banking_licence").get_by_role("button", name=fr("wizard.remove_document")).click()
    expect(page.locator("#upload-banking_licence")).to_be_visible()


def test_an_administrator_reads_the_forms_in_use(page: Page, portal: Portal) -> None:
    email, password = portal.staff("admin")
    sign_in(page, portal, email, password)
    page.get_by_role("link", name=fr("forms.link")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("forms.title"))
    page.get_by_text("employee.json").click()
    expect(page.get_by_role("cell", name="Acte de mariage marriage_certificate")).to_be_visible()
    expect(page.get_by_text("civil_status ∈ {married}").first).to_be_visible()
    page.get_by_text("employer.json").click()
    expect(page.get_by_text("headcount > 50")).to_be_visible()
    assert blocking_violations(page) == []


def test_a_clerk_does_not_see_the_forms_page(page: Page, portal: Portal) -> None:
    email, password = portal.staff("staff_clerk")
    sign_in(page, portal, email, password)
    open_live(page, f"{portal.url}/staff/forms")
    expect(page.get_by_role("alert")).to_have_text(fr("error.forbidden"))
    expect(page.get_by_text("employee.json")).to_have_count(0)
