"""Public screens: the landing page with the six profiles and one entry page per profile."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from components.profile_card import profile_card
from components.requirement_list import documents_list, needs_list
from components.shell import page_shell
from ssas_portal.pages.applicant import request_panel
from ssas_portal.pages.titles import title as page_title
from ssas_portal.pages.wizard import wizard
from ssas_portal.services.core import i18n
from ssas_portal.services.forms import profiles
from ssas_portal.services.forms.definitions import definition
from ssas_portal.services.forms.profiles import Profile
from state.applicant import ApplicantState
from state.language import LanguageState, tr


def _profile_group(group: str) -> rx.Component:
    members = [profile for profile in profiles.profiles() if profile.group == group]
    return rx.el.section(
        rx.heading(tr(f"landing.{group}"), as_="h2", size="6", margin_bottom="0.75rem", id=f"group-{group}"),
        rx.grid(
            *[profile_card(profile_type=p.type, slug=p.slug, icon=p.icon) for p in members],
            columns=rx.breakpoints(initial="1", sm="2", md="3"),
            spacing="4",
        ),
        aria_labelledby=f"group-{group}",
    )


def _how_it_works() -> rx.Component:
    return rx.el.section(
        rx.heading(tr("landing.how_title"), as_="h2", size="6", margin_bottom="0.75rem"),
        rx.el.ol(*[rx.el.li(rx.text(tr(f"landing.step_{n}"), size="3")) for n in range(1, 5)], class_name="steps"),
    )


def index() -> rx.Component:
    return page_shell(
        rx.flex(
            rx.heading(tr("landing.title"), as_="h1", size=rx.breakpoints(initial="7", md="8")),
            rx.text(tr("landing.lead"), size="4", color_scheme="gray", high_contrast=True),
            direction="column",
            spacing="3",
        ),
        _profile_group("individuals"),
        _profile_group("organisations"),
        _how_it_works(),
        rx.callout.root(
            rx.callout.text(
                tr("landing.already_registered"),
                " ",
                rx.link(tr("landing.sign_in_cta"), href="/sign-in", weight="bold"),
            ),
            variant="surface",
        ),
    )


def _introduction(profile: Profile) -> rx.Component:
    return rx.flex(
        rx.text(tr(f"profile.{profile.type}.intro"), size="4"),
        rx.el.section(rx.heading(tr("entry.needs_title"), as_="h2", size="5"), needs_list(profile)),
        rx.el.section(
            rx.heading(tr("entry.documents_title"), as_="h2", size="5"),
            documents_list(profile),
            rx.text(tr("entry.documents_hint"), size="2", color_scheme="gray", high_contrast=True),
        ),
        request_panel(tracking=False),
        direction="column",
        spacing="5",
    )


def entry_page(profile: Profile) -> rx.Component:
    """What the profile asks and the contact step; once the contact is proven, the draft's form."""
    return page_shell(
        rx.link(
            rx.flex(rx.icon("arrow-left", size=16, aria_hidden="true"), tr("entry.back"), align="center", spacing="1"),
            href="/",
            size="2",
        ),
        rx.flex(
            rx.icon(profile.icon, size=36, aria_hidden="true"),
            rx.heading(tr(f"profile.{profile.type}.title"), as_="h1", size="8"),
            align="center",
            spacing="3",
        ),
        rx.cond(ApplicantState.step == "draft", wizard(definition(profile.type)), _introduction(profile)),
    )


def not_found() -> rx.Component:
    return page_shell(
        rx.heading(tr("notfound.title"), as_="h1", size="8"),
        rx.text(tr("notfound.lead"), size="4"),
        rx.link(tr("entry.back"), href="/"),
    )


def _entry_page_of(profile: Profile) -> Callable[[], rx.Component]:
    return lambda: entry_page(profile)


def register(app: rx.App) -> None:
    title = i18n.translate(i18n.DEFAULT_LANGUAGE, "app.short_name")
    on_load = LanguageState.apply_url_language
    app.add_page(index, route="/", title=title, on_load=on_load)
    for profile in profiles.profiles():
        app.add_page(
            _entry_page_of(profile),
            route=f"/register/{profile.slug}",
            title=page_title(f"profile.{profile.type}.title"),
            on_load=[on_load, ApplicantState.open(profile.type.value)],
        )
    app.add_page(not_found, route="404", title=title, on_load=on_load)
