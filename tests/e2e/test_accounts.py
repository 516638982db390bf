"""Accounts in a real browser: two-factor sign-in with outbox codes, dead codes, lost password, an
authenticator app, and an expired session sent back to sign-in."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pyotp
import sqlalchemy as sa
from playwright.sync_api import Page, expect
from sqlmodel import col

from models import Account, UserSession
from models.types import utc_now
from ssas_portal.services.core.db import engine_for
from tests.support.browser import activate, enter_password, fr, sign_in
from tests.support.portal import Portal, blocking_violations, open_live


def try_wrong_code(page: Page, portal: Portal, email: str, code: str, attempt: int) -> None:
    """Submit a code until the server has counted try number `attempt`; a throttling answer is waited out."""
    deadline = time.monotonic() + 90
    while portal.code_attempts(email) < attempt and time.monotonic() < deadline:
        page.get_by_label(fr("signin.code")).fill(code)
        page.get_by_role("button", name=fr("signin.verify")).click()
        for _ in range(50):
            if portal.code_attempts(email) >= attempt:
                return
            waited = re.search(r"(\d+) secondes", " ".join(page.get_by_role("alert").all_inner_texts()))
            if waited:
                time.sleep(int(waited.group(1)))
                break
            time.sleep(0.2)
    assert portal.code_attempts(email) == attempt


def test_wrong_password_is_refused_with_a_clear_message(page: Page, portal: Portal) -> None:
    open_live(page, f"{portal.url}/sign-in")
    page.get_by_label(fr("signin.email")).fill("nobody@example.org")
    page.get_by_label(fr("signin.password")).fill("wrong password here")
    page.get_by_role("button", name=fr("signin.submit")).click()
    expect(page.get_by_role("alert")).to_have_text(fr("error.sign_in_refused"))


def test_staff_made_with_the_cli_signs_in_with_password_and_outbox_code(page: Page, portal: Portal) -> None:
    email, password = portal.staff()
    sign_in(page, portal, email, password)
    expect(page.get_by_role("cell", name=fr("status.submitted"))).to_be_visible()


def test_five_wrong_codes_kill_the_code(page: Page, portal: Portal) -> None:
    email, password = portal.staff()
    enter_password(page, portal, email, password)
    right = portal.latest_code(email)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for attempt in range(1, 5):
        try_wrong_code(page, portal, email, wrong, attempt)
        expect(page.get_by_role("alert")).to_have_text(fr("error.code_wrong"))
    try_wrong_code(page, portal, email, wrong, 5)
    expect(page.get_by_role("alert")).to_have_text(fr("error.code_dead"))
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("signin.title"))


def test_lost_password_end_to_end(page: Page, portal: Portal) -> None:
    email, old_password = portal.staff()
    open_live(page, f"{portal.url}/sign-in")
    page.get_by_role("link", name=fr("signin.lost_password")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(fr("reset.title"))
    page.get_by_label(fr("signin.email")).fill(email)
    page.get_by_role("button", name=fr("reset.send")).click()
    expect(page.get_by_text(fr("reset.code_lead"))).to_be_visible()
    new_password = "a brand new passphrase for e2e"
    page.get_by_label(fr("signin.code")).fill(portal.latest_code(email))
    page.get_by_label(fr("reset.new_password"), exact=True).fill(new_password)
    page.get_by_label(fr("reset.new_password_again")).fill(new_password)
    page.get_by_role("button", name=fr("reset.submit")).click()
    expect(page.get_by_role("status")).to_have_text(fr("reset.done"))

    open_live(page, f"{portal.url}/sign-in")
    page.get_by_label(fr("signin.email")).fill(email)
    page.get_by_label(fr("signin.password")).fill(old_password)
    page.get_by_role("button", name=fr("signin.submit")).click()
    expect(page.get_by_role("alert")).to_have_text(fr("error.sign_in_refused"))
    sign_in(page, portal, email, new_password)


def test_authenticator_app_enrolment_then_sign_in(page: Page, portal: Portal) -> None:
    email, password = portal.staff()
    sign_in(page, portal, email, password)
    open_live(page, f"{portal.url}/account/security")
    page.get_by_role("button", name=fr("security.totp_start")).click()
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    page.get_by_label(fr("signin.code")).fill(totp.now())
    page.get_by_role("button", name=fr("security.totp_confirm")).click()
    expect(page.get_by_role("status")).to_have_text(fr("security.totp_enrolled"))

    page.get_by_role("button", name=fr("nav.sign_out")).click()
    expect(page).to_have_url(re.compile("/sign-in$"))
    enter_password(page, portal, email, password)
    expect(page.get_by_text(fr("signin.code_from_app"))).to_be_visible()
    page.get_by_label(fr("signin.code")).fill(totp.at(time.time() + 30))
    page.get_by_role("button", name=fr("signin.verify")).click()
    expect(page).to_have_url(re.compile("/staff$"))


def test_an_expired_session_sends_the_user_back_to_sign_in(page: Page, portal: Portal) -> None:
    email, password = portal.staff()
    sign_in(page, portal, email, password)
    with engine_for(portal.database_url).begin() as connection:
        mine = sa.select(col(Account.id)).where(col(Account.email) == email).scalar_subquery()
        connection.execute(
            sa.update(UserSession)
            .where(col(UserSession.account_id) == mine)
            .values(last_seen_at=utc_now() - timedelta(hours=1))
        )
    open_live(page, f"{portal.url}/staff")
    expect(page).to_have_url(re.compile(r"/sign-in\?expired=1$"))
    expect(page.get_by_role("status")).to_have_text(fr("error.session_expired"))


def test_signed_in_pages_have_no_serious_accessibility_violation(page: Page, portal: Portal) -> None:
    email, password = portal.staff()
    enter_password(page, portal, email, password)
    assert blocking_violations(page) == []
    page.get_by_label(fr("signin.code")).fill(portal.latest_code(email))
    page.get_by_role("button", name=fr("signin.verify")).click()
    expect(page).to_have_url(re.compile("/staff$"))
    assert blocking_violations(page) == []
    open_live(page, f"{portal.url}/account/security")
    page.get_by_role("button", name=fr("security.totp_start")).click()
    expect(page.locator("#totp-secret")).to_be_visible()
    assert blocking_violations(page) == []


def test_the_first_administrator_activates_with_the_printed_password(page: Page, portal: Portal) -> None:
    """`make run` prints a one-time password: the first sign-in asks for a password of one's own."""
    email, own = "admin@e2e.example", "an administrator passphrase of my own"
    activate(page, portal, email, portal.admin_password, own, landing="/staff")
    enter_password(page, portal, email, own)
