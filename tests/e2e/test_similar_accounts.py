"""Staff see an application's similar accounts side by side, with the reason per field, and a pair judged
"not the same" is not proposed again; someone signed out is sent to sign in."""

from __future__ import annotations

import re
import uuid
from datetime import date

from playwright.sync_api import Page, expect

from models import Application, Party, Person
from models.enums import ApplicationStatus, ApplicationType, PartyKind
from ssas_portal.services.core import i18n
from ssas_portal.services.core.db import engine_for, transaction
from ssas_portal.services.similarity import search
from tests.support.browser import sign_in
from tests.support.portal import Portal, blocking_violations, open_live


def fr(key: str, **params: object) -> str:
    return i18n.translate("fr", key, **params)


def _registered_and_applying(portal: Portal) -> tuple[int, str]:
    """A registered person, and an application from what looks like the same person."""
    reference = f"EMP-2026-{uuid.uuid4().hex[:8].upper()}"
    with transaction(engine_for(portal.database_url)) as session:
        party = Party(kind=PartyKind.PERSON)
        session.add(party)
        session.flush()
        assert party.id is not None
        session.add(Person(party_id=party.id, given_names="Émilie Anne", family_name="N'Diaye",
                           date_of_birth=date(1990, 4, 7), national_id_number="7234567890123"))
        search.refresh_party(session, party.id or 0)
        application = Application(reference=reference, type=ApplicationType.EMPLOYEE,
                                  status=ApplicationStatus.SUBMITTED, contact_email="e2e@example.org",
                                  form_data={"last_name": "Ndiaye", "first_names": "Emilie Anne",
                                             "date_of_birth": "1990-07-04", "national_id_number": "7234567890123"})
        session.add(application)
        session.flush()
        search.refresh_application(session, application.id or 0)
        return party.id or 0, reference


def test_staff_compare_and_set_aside_a_similar_account(page: Page, portal: Portal) -> None:
    party, reference = _registered_and_applying(portal)
    email, password = portal.staff()
    sign_in(page, portal, email, password)
    open_live(page, f"{portal.url}/staff/similar?ref={reference}")
    card = page.locator(f"#candidate-party-{party}")
    expect(card).to_contain_text(fr("similar.kind.party"))
    expect(card.get_by_role("row", name=re.compile(fr("similar.field.date_of_birth")))).to_contain_text(
        fr("similar.verdict.close"))
    expect(card.get_by_role("row", name=re.compile(fr("similar.field.national_id")))).to_contain_text(
        fr("similar.verdict.exact"))
    assert blocking_violations(page) == []

    card.get_by_role("button", name=fr("similar.not_same")).click()
    expect(page.get_by_role("status")).to_contain_text(fr("similar.decided_not_same", reference=f"#{party}"))
    expect(card).to_have_count(0)
    open_live(page, f"{portal.url}/staff/similar?ref={reference}")
    expect(page.get_by_text(fr("similar.none"))).to_be_visible()


def test_similar_accounts_are_for_staff_only(page: Page, portal: Portal) -> None:
    _, reference = _registered_and_applying(portal)
    open_live(page, f"{portal.url}/staff/similar?ref={reference}")
    expect(page).to_have_url(re.compile("/sign-in"))
    expect(page.get_by_text("N'Diaye")).to_have_count(0)
