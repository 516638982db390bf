"""Document downloads over HTTP: staff get the file as an attachment that the browser must not sniff or
render; someone without a session gets the same 404 as for a document that does not exist."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page

from models import Application
from models.enums import ApplicationType
from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.db import engine_for, transaction
from ssas_portal.services.documents import store
from ssas_portal.services.documents.storage import LocalStorage
from tests.support.browser import sign_in
from tests.support.documents import pdf_bytes
from tests.support.portal import Portal


def _stored_pdf(portal: Portal) -> tuple[int, bytes]:
    """A PDF attached to a draft in the portal's own database and document folder."""
    data = pdf_bytes()
    with transaction(engine_for(portal.database_url)) as session:
        application = Application(reference="EMP-2026-DOCS0001", type=ApplicationType.EMPLOYEE,
                                  contact_email="docs@e2e.example")
        session.add(application)
        session.flush()
        document = store.store(
            session, data=data, original_name="Acte de naissance é.pdf", kind="birth_certificate", accepted=["pdf"],
            application_id=application.id, owner_party_id=None, uploaded_by_account_id=None,
            actor=Actor(None, "applicant"), storage=LocalStorage(Path(portal.env["SSAS_DOCUMENT_DIR"])),
        )
        return document.id or 0, data


def test_staff_download_a_document_as_an_attachment(page: Page, portal: Portal, browser: Browser) -> None:
    document_id, data = _stored_pdf(portal)
    url = f"{portal.url}/api/documents/{document_id}"

    anonymous = browser.new_context()
    refused = anonymous.request.get(url)
    assert refused.status == 404
    assert anonymous.request.get(f"{portal.url}/api/documents/999999").status == 404
    anonymous.close()

    email, password = portal.staff()
    sign_in(page, portal, email, password)
    answer = page.context.request.get(url)
    assert answer.status == 200
    assert answer.body() == data
    headers = answer.headers
    assert headers["content-type"].startswith("application/pdf")
    assert headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in headers["content-disposition"]
    assert headers["x-content-type-options"] == "nosniff"
    assert "no-store" in headers["cache-control"]
