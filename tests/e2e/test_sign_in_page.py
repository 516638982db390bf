"""The sign-in page checks the password on the server and answers in the page's language."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from ssas_portal.services import i18n
from tests.e2e.conftest import Portal, open_live

PASSWORD = "a long enough staff password"


def _sign_in(page: Page, email: str, password: str) -> None:
    page.get_by_label(i18n.translate("fr", "signin.email")).fill(email)
    page.get_by_label(i18n.translate("fr", "signin.password")).fill(password)
    page.get_by_role("button", name=i18n.translate("fr", "signin.submit")).click()


def test_wrong_password_is_refused_with_a_clear_message(page: Page, portal: Portal) -> None:
    open_live(page, f"{portal.url}/sign-in")
    _sign_in(page, "nobody@example.org", "wrong password here")
    expect(page.get_by_role("alert")).to_have_text(i18n.translate("fr", "error.sign_in_refused"))


def test_staff_made_with_the_cli_passes_the_password_step(page: Page, portal: Portal) -> None:
    portal.cli("create-staff", "--email", "clerk@e2e.example", "--name", "Clerk", "--role", "staff_clerk",
               stdin=PASSWORD + "\n")
    open_live(page, f"{portal.url}/sign-in")
    _sign_in(page, "clerk@e2e.example", PASSWORD)
    expect(page.get_by_role("status")).to_have_text(i18n.translate("fr", "signin.second_factor_pending"))
