"""The frame of every page: skip link, header with the language switch, main landmark, footer."""

from __future__ import annotations

import reflex as rx

from state.language import LanguageState, tr

MAIN_ID = "main"


def _skip_link() -> rx.Component:
    """Reflex routes links through React Router, which does not move focus: do it in the browser."""
    return rx.el.a(
        tr("nav.skip"),
        href=f"#{MAIN_ID}",
        class_name="skip-link",
        on_click=rx.call_script(f"document.getElementById({MAIN_ID!r}).focus()"),
    )


def _language_switch() -> rx.Component:
    return rx.button(
        rx.icon("languages", size=16, aria_hidden="true"),
        tr("nav.language_switch"),
        lang=rx.cond(LanguageState.language == "fr", "en", "fr"),
        on_click=LanguageState.toggle_language,
        variant="soft",
        size="2",
        id="language-switch",
    )


def _header() -> rx.Component:
    return rx.el.header(
        rx.flex(
            rx.link(
                rx.flex(
                    rx.icon("shield-check", size=28, aria_hidden="true"),
                    rx.flex(
                        rx.text(tr("app.agency"), size="1", weight="medium", color_scheme="gray"),
                        rx.text(tr("app.name"), size="3", weight="bold"),
                        direction="column",
                    ),
                    align="center",
                    spacing="2",
                ),
                href="/",
                underline="none",
                high_contrast=True,
            ),
            rx.el.nav(
                rx.flex(
                    rx.link(tr("nav.home"), href="/", size="2"),
                    rx.link(tr("nav.track"), href="/track", size="2"),
                    rx.link(tr("nav.sign_in"), href="/sign-in", size="2"),
                    _language_switch(),
                    align="center",
                    spacing="4",
                    wrap="wrap",
                ),
                aria_label=tr("nav.main_label"),
            ),
            justify="between",
            align="center",
            wrap="wrap",
            spacing="3",
            max_width="72rem",
            margin_x="auto",
            padding_x="1rem",
            padding_y="0.75rem",
        ),
        style={"borderBottom": "1px solid var(--gray-a5)", "background": "var(--color-panel-solid)"},
    )


def _footer() -> rx.Component:
    return rx.el.footer(
        rx.flex(
            rx.text(LanguageState.information_as_of, size="2"),
            rx.text(tr("footer.privacy"), size="2"),
            direction="column",
            spacing="1",
            max_width="72rem",
            margin_x="auto",
            padding="1rem",
        ),
        aria_label=tr("footer.label"),
        style={"borderTop": "1px solid var(--gray-a5)", "marginTop": "3rem", "color": "var(--gray-11)"},
    )


def page_shell(*children: rx.Component) -> rx.Component:
    return rx.box(
        _skip_link(),
        _header(),
        rx.el.main(
            rx.flex(*children, direction="column", spacing="5"),
            id=MAIN_ID,
            tab_index=-1,
            max_width="72rem",
            margin_x="auto",
            padding_x="1rem",
            padding_top="1.5rem",
        ),
        _footer(),
        min_height="100vh",
    )
