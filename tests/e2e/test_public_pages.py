"""The public pages in a real browser: six profiles in French, English one click away, every link works,
keyboard and phone friendly, and no serious or critical WCAG 2.1 AA violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from ssas_portal.services.core import i18n
from ssas_portal.services.forms import profiles
from tests.support.portal import ConsoleErrors, Portal, blocking_violations, open_live

FRENCH_TITLES = [
    "Employé",
    "Travailleur indépendant",
    "Contributeur volontaire",
    "Survivant",
    "Employeur",
    "Institution financière",
]
ENGLISH_TITLES = ["Employee", "Self-employed", "Voluntary contributor", "Survivor", "Employer", "Financial institution"]
PAGES = ["/", "/sign-in", "/lost-password", *[f"/register/{profile.slug}" for profile in profiles.profiles()]]


def _profile_titles(page: Page) -> list[str]:
    return [title.strip() for title in page.locator("a[id^=profile-] h3").all_inner_texts()]


def test_landing_presents_the_six_profiles_in_french(page: Page, portal: Portal) -> None:
    open_live(page, portal.url)
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.get_by_role("heading", level=1)).to_have_text(i18n.translate("fr", "landing.title"))
    assert _profile_titles(page) == FRENCH_TITLES


def test_english_is_one_click_away_remembered_and_french_comes_back(page: Page, portal: Portal) -> None:
    open_live(page, portal.url)
    page.locator("#language-switch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(i18n.translate("en", "landing.title"))
    assert _profile_titles(page) == ENGLISH_TITLES
    expect(page.locator("html")).to_have_attribute("lang", "en")

    open_live(page, f"{portal.url}/sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    page.locator("#language-switch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_lang_parameter_chooses_the_language(page: Page, portal: Portal) -> None:
    open_live(page, f"{portal.url}/register/employer/?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Employer")
    expect(page.get_by_text(i18n.translate("en", "document.facility_licence"))).to_be_visible()
    open_live(page, f"{portal.url}/?lang=fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(i18n.translate("fr", "landing.title"))


def test_every_link_opens_without_a_console_error(page: Page, portal: Portal, console_errors: ConsoleErrors) -> None:
    targets: set[str] = set()
    for path in PAGES:
        open_live(page, f"{portal.url}{path}")
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
        targets |= {href.split("#")[0] or "/" for href in hrefs if href.startswith("/")}
    assert {"/", "/sign-in"} | {f"/register/{profile.slug}" for profile in profiles.profiles()} <= targets
    for href in sorted(targets):
        response = page.goto(f"{portal.url}{href}")
        assert response is not None and response.ok, href
        page.wait_for_selector("html[data-portal-language]", timeout=30_000)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert console_errors.messages == []


def test_profile_card_leads_to_its_entry_page(page: Page, portal: Portal) -> None:
    open_live(page, portal.url)
    page.get_by_role("link", name=re.compile("Survivant")).click()
    expect(page).to_have_url(re.compile("/register/survivor/?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Survivant")
    expect(page.get_by_text(i18n.translate("fr", "document.guardianship_order"))).to_be_visible()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_no_serious_or_critical_accessibility_violation(page: Page, portal: Portal, path: str, language: str) -> None:
    open_live(page, f"{portal.url}{path}?lang={language}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert blocking_violations(page) == []


def test_keyboard_user_can_skip_to_the_content(page: Page, portal: Portal) -> None:
    open_live(page, portal.url)
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text(i18n.translate("fr", "nav.skip"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_landing_fits_a_phone_screen(browser: Browser, portal: Portal) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    open_live(phone, portal.url)
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= 360
    assert _profile_titles(phone) == FRENCH_TITLES
    context.close()


def test_unknown_address_shows_the_portal_not_found_page(page: Page, portal: Portal) -> None:
    open_live(page, f"{portal.url}/no-such-page?lang=en")
    expect(page.get_by_role("heading", level=1)).to_have_text(i18n.translate("en", "notfound.title"))
    expect(page.get_by_role("link", name=i18n.translate("en", "entry.back"))).to_be_visible()
