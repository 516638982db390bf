"""Each of the six forms filled and sent in a real browser, with PDFs uploaded; the conditional documents
(marriage certificate, guardianship order) are asked for, and sending without them is refused."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from models import Application, Document
from models.enums import ApplicationStatus
from ssas_portal.services.core import i18n
from ssas_portal.services.forms import profiles, rules, validators
from ssas_portal.services.core.db import engine_for
from ssas_portal.services.forms.definitions import FieldDef, FormDefinition, definition
from tests.e2e.conftest import Portal, blocking_violations, open_live
from tests.e2e.test_accounts import sign_in
from tests.unit.form_examples import VALID
from tests.unit.test_documents import pdf_bytes
from tests.unit.test_registration import CONDITIONAL, MANDATORY

TYPED_DATE_KINDS = {"date"}


def fr(key: str, **params: Any) -> str:
    return i18n.translate("fr", key, **params)


def open_draft(page: Page, portal: Portal, kind: str) -> str:
    """Prove a fresh e-mail address on the profile's page; returns the draft's reference."""
    contact = f"{kind}.{uuid.uuid4().hex[:8]}@e2e.example"
    open_live(page, f"{portal.url}/register/{profiles.profile(kind).slug}")
    page.get_by_label(fr("contact.label")).fill(contact)
    page.get_by_role("button", name=fr("contact.send")).click()
    expect(page.get_by_text(fr("contact.code_sent"))).to_be_visible()
    page.get_by_label(fr("signin.code")).fill(portal.latest_code(contact))
    page.get_by_role("button", name=fr("signin.verify")).click()
    reference = page.locator("#draft-reference")
    expect(reference).to_have_text(re.compile(r"^[A-Z]{3}-\d{4}-[0-9A-Z]{8}$"))
    return reference.inner_text()


def _fill(page: Page, field: FieldDef, input_id: str, value: str) -> None:
    if field.kind in {"choice", "boolean"}:
        radio = page.locator(f"#{input_id}-{value}")
        if radio.count():
            radio.click()
        else:
            page.locator(f"#{input_id}").select_option(value)
    elif field.kind == "isic":
        page.locator(f"#{input_id}").click()
        page.locator("#activity-search").fill(value)
        page.locator(f"#activity-{value}").click()
        expect(page.locator(f"#{input_id}")).to_have_text(fr("isic.change"))
    else:
        typed = validators.parse_date(value).isoformat() if field.kind in TYPED_DATE_KINDS else value
        page.locator(f"#{input_id}").fill(typed)


def fill_step(page: Page, form: FormDefinition, step_name: str, answers: dict[str, Any]) -> None:
    """Type this step's shown answers as an applicant would, adding group entries as needed."""
    shown = rules.visible(form, answers)
    step = form.step(step_name)
    assert step is not None
    for field in step.fields:
        if field.name not in shown or field.name not in answers:
            continue
        if field.kind != "group":
            _fill(page, field, f"field-{field.name}", answers[field.name])
            continue
        entries = page.locator(f"fieldset:has(#field-{field.name}) .group-entry")
        for index, entry in enumerate(answers[field.name]):
            if entries.count() <= index:
                page.locator(f"#field-{field.name}").click()
                expect(entries).to_have_count(index + 1)
            for sub in field.fields or []:
                if f"{field.name}.{index}.{sub.name}" in shown and sub.name in entry:
                    _fill(page, sub, f"field-{field.name}-{index}-{sub.name}", entry[sub.name])


def _step_title(form: FormDefinition, name: str) -> str:
    step = form.step(name)
    return step.title.fr if step is not None else fr(f"wizard.{name}_title")


def fill_answers(page: Page, kind: str, answers: dict[str, Any]) -> None:
    """Every step of the form until the documents, each checked by the server on Continue."""
    form = definition(kind)
    for name in rules.visible_steps(form, answers):
        expect(page.locator("#wizard-step-title")).to_have_text(_step_title(form, name))
        fill_step(page, form, name, answers)
        page.locator("#wizard-continue").click()
    expect(page.locator("#wizard-step-title")).to_have_text(fr("wizard.documents_title"))


def attach(page: Page, kind: str, name: str | None = None) -> None:
    page.locator(f"#upload-{kind} input[type=file]").set_input_files(
        files=[{"name": name or f"{kind}.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}])
    expect(page.locator(f"#attached-{kind}")).to_contain_text(name or f"{kind}.pdf")


def declare(page: Page) -> None:
    """Tick the declaration (it stays ticked after a refused attempt); the server holds its state."""
    box = page.locator("#declaration")
    if box.get_attribute("aria-checked") != "true":
        box.click()
    expect(box).to_have_attribute("aria-checked", "true")


def send(page: Page) -> None:
    page.locator("#wizard-continue").click()
    expect(page.locator("#wizard-step-title")).to_have_text(fr("wizard.review_title"))
    declare(page)
    page.locator("#wizard-submit").click()


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
    page.locator("#field-date_of_birth").fill("2030-01-01")
    page.locator("#field-last_name").fill("Diop")
    expect(page.locator("#field-date_of_birth-error")).to_contain_text(form.field("date_of_birth").label.fr)
    page.locator("#wizard-continue").click()
    expect(page.locator("#wizard-problems")).to_contain_text(fr("form.error.required", label="Prénoms"))
    assert blocking_violations(page) == []

    fill_step(page, form, "identity", VALID["employee"])
    page.locator("#wizard-continue").click()
    expect(page.locator("#wizard-step-title")).to_have_text(_step_title(form, "civil_status"))
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
        "button", name=_step_title(form, "identity")).click()
    expect(page.locator("#field-last_name")).to_have_value("Diop")
    expect(page.locator("#field-first_names")).to_have_value(VALID["employee"]["first_names"])


def test_the_applicant_downloads_their_own_document_and_nobody_else_can(page: Page, portal: Portal) -> None:
    open_draft(page, portal, "financial_institution")
    fill_answers(page, "financial_institution", VALID["financial_institution"])
    page.locator("#upload-banking_licence input[type=file]").set_input_files(
        files=[{"name": "licence.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00 a program, not a PDF"}])
    expect(page.locator("#upload-banking_licence-error")).to_contain_text(
        fr("error.document_type", accepted="PDF, JPEG, PNG"))
    page.locator("#upload-banking_licence input[type=file]").set_input_files(
        files=[{"name": "huge.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes() + b" " * 10 * 1024 * 1024}])
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
