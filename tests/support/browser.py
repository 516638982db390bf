"""What a person does in the browser: sign in with a code, activate an account, prove a contact for a draft,
fill a form step by step, attach PDFs and send (texts are the French catalog's, as the page shows them)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import FilePayload, Page, expect

from ssas_portal.services.core import i18n
from ssas_portal.services.forms import profiles, rules, validators
from ssas_portal.services.forms.definitions import FieldDef, FormDefinition, definition
from tests.support.documents import pdf_bytes
from tests.support.portal import Portal, blocking_violations, open_live

TYPED_DATE_KINDS = {"date"}


def fr(key: str, **params: object) -> str:
    return i18n.translate("fr", key, **params)


def enter_password(page: Page, portal: Portal, email: str, password: str) -> None:
    open_live(page, f"{portal.url}/sign-in")
    page.get_by_label(fr("signin.email")).fill(email)
    page.get_by_label(fr("signin.password")).fill(password)
    page.get_by_role("button", name=fr("signin.submit")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("signin.code_title"))


def sign_in(page: Page, portal: Portal, email: str, password: str) -> None:
    enter_password(page, portal, email, password)
    page.get_by_label(fr("signin.code")).fill(portal.latest_code(email))
    page.get_by_role("button", name=fr("signin.verify")).click()
    expect(page).to_have_url(re.compile("/staff$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("staff.title"))


def activate(page: Page, portal: Portal, email: str, first_password: str, own: str, *, landing: str) -> None:
    """The first sign-in with a printed or sent password: a code, then a password of one's own; signed out."""
    enter_password(page, portal, email, first_password)
    page.get_by_label(fr("signin.code")).fill(portal.latest_code(email))
    page.get_by_role("button", name=fr("signin.verify")).click()
    expect(page).to_have_url(re.compile("/activate$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("activate.title"))
    assert blocking_violations(page) == []
    page.get_by_label(fr("reset.new_password"), exact=True).fill(own)
    page.get_by_label(fr("reset.new_password_again")).fill(own)
    page.get_by_role("button", name=fr("activate.submit")).click()
    expect(page).to_have_url(re.compile(f"{landing}$"))
    page.get_by_role("button", name=fr("nav.sign_out")).click()


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


def step_title(form: FormDefinition, name: str) -> str:
    step = form.step(name)
    return step.title.fr if step is not None else fr(f"wizard.{name}_title")


def fill_answers(page: Page, kind: str, answers: dict[str, Any]) -> None:
    """Every step of the form until the documents, each checked by the server on Continue."""
    form = definition(kind)
    for name in rules.visible_steps(form, answers):
        expect(page.locator("#wizard-step-title")).to_have_text(step_title(form, name))
        fill_step(page, form, name, answers)
        page.locator("#wizard-continue").click()
    expect(page.locator("#wizard-step-title")).to_have_text(fr("wizard.documents_title"))


def attach(page: Page, kind: str, name: str | None = None) -> None:
    page.locator(f"#upload-{kind} input[type=file]").set_input_files(
        files=[FilePayload(name=name or f"{kind}.pdf", mimeType="application/pdf", buffer=pdf_bytes())])
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
