"""An applicant proves a contact with a code, gets a draft with its reference number and its form, and
finds it again from another browser with the reference and a new code."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect

from ssas_portal.services.core import i18n
from ssas_portal.services.forms.definitions import definition
from tests.support.portal import Portal, blocking_violations, open_live


def fr(key: str) -> str:
    return i18n.translate("fr", key)


def _confirm(page: Page, portal: Portal, contact: str) -> None:
    """Once the page says the code is on its way, read it from the outbox and type it."""
    expect(page.get_by_text(fr("contact.code_sent"))).to_be_visible()
    page.get_by_label(fr("signin.code")).fill(portal.latest_code(contact))
    page.get_by_role("button", name=fr("signin.verify")).click()


def test_a_verified_contact_opens_a_draft_that_can_be_found_again(page: Page, portal: Portal,
                                                                  browser: Browser) -> None:
    contact = f"applicant.{uuid.uuid4().hex[:8]}@e2e.example"
    open_live(page, f"{portal.url}/register/employee")
    page.get_by_label(fr("contact.label")).fill(contact)
    page.get_by_role("button", name=fr("contact.send")).click()
    _confirm(page, portal, contact)
    reference = page.locator("#draft-reference")
    expect(reference).to_have_text(re.compile(r"^EMP-\d{4}-[0-9A-Z]{8}$"))
    expect(page.locator("#wizard-step-title")).to_have_text(definition("employee").steps[0].title.fr)
    assert blocking_violations(page) == []
    number = reference.inner_text()

    elsewhere = browser.new_context(locale="fr-FR").new_page()
    open_live(elsewhere, f"{portal.url}/track")
    elsewhere.get_by_label(fr("track.reference")).fill(f"  {number.lower()} ")
    elsewhere.get_by_label(fr("contact.label")).fill(contact.upper())
    elsewhere.get_by_role("button", name=fr("contact.send")).click()
    _confirm(elsewhere, portal, contact)
    expect(elsewhere).to_have_url(re.compile(r"/register/employee/?$"))
    expect(elsewhere.locator("#draft-reference")).to_have_text(number)
    expect(elsewhere.locator("#wizard-step-title")).to_have_text(definition("employee").steps[0].title.fr)
    elsewhere.context.close()


def test_a_bad_contact_is_refused_in_the_page_language(page: Page, portal: Portal) -> None:
    open_live(page, f"{portal.url}/register/survivor/?lang=en")
    page.get_by_label(i18n.translate("en", "contact.label")).fill("12")
    page.get_by_role("button", name=i18n.translate("en", "contact.send")).click()
    expect(page.get_by_role("alert")).to_have_text(i18n.translate("en", "error.contact_invalid"))
