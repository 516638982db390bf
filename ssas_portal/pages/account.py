"""Account screens: sign-in (the second factor and the rest arrive with the accounts work)."""

from __future__ import annotations

import reflex as rx

from components.form_field import text_field
from components.message import message
from components.shell import page_shell
from ssas_portal.services import i18n
from state.language import LanguageState, tr
from state.sign_in import SignInState


def sign_in() -> rx.Component:
    return page_shell(
        rx.card(
            rx.form(
                rx.flex(
                    rx.heading(tr("signin.title"), as_="h1", size="7", id="sign-in-title"),
                    rx.text(tr("signin.lead"), size="3"),
                    message(SignInState.error_key, role="alert"),
                    message(SignInState.notice_key, role="status"),
                    text_field(
                        name="email", label=tr("signin.email"), type="email", autocomplete="username",
                        invalid=SignInState.error_field == "email", default_value=SignInState.email,
                    ),
                    text_field(
                        name="password", label=tr("signin.password"), type="password",
                        autocomplete="current-password", invalid=SignInState.error_field == "password",
                    ),
                    rx.button(tr("signin.submit"), type="submit", size="3"),
                    rx.link(tr("signin.no_account"), href="/", size="2"),
                    direction="column",
                    spacing="4",
                ),
                on_submit=SignInState.submit,
                reset_on_submit=False,
                aria_labelledby="sign-in-title",
            ),
            max_width="28rem",
            width="100%",
            margin_x="auto",
            size="3",
        ),
    )


def register(app: rx.App) -> None:
    title = " · ".join(i18n.translate(i18n.DEFAULT_LANGUAGE, key) for key in ("signin.title", "app.short_name"))
    app.add_page(sign_in, route="/sign-in", title=title, on_load=LanguageState.apply_url_language)
