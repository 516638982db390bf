"""The frame of a page for signed-in people: the refusal for the wrong role, else who is signed in, their
links, and the content. The page passes the state that guards it (its `forbidden` and `display_name`) and
the sign-out event, so this component reads no state of its own."""

from __future__ import annotations

from typing import Any

import reflex as rx

from components.message import forbidden_notice
from components.shell import page_shell
from state.language import tr


def signed_in_bar(display_name: rx.Var[str], sign_out: Any) -> rx.Component:
    return rx.flex(
        rx.text(tr("dashboard.welcome"), " ", rx.text.strong(display_name)),
        rx.link(tr("nav.security"), href="/account/security"),
        rx.button(tr("nav.sign_out"), on_click=sign_out, variant="soft", size="2"),
        spacing="4",
        align="center",
        wrap="wrap",
    )


def member_page(title_key: str, guard: Any, sign_out: Any, *children: rx.Component) -> rx.Component:
    return page_shell(
        rx.heading(tr(title_key), as_="h1", size="7"),
        rx.cond(
            guard.forbidden,
            forbidden_notice(),
            rx.flex(signed_in_bar(guard.display_name, sign_out), *children, direction="column", spacing="4"),
        ),
    )
