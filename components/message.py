"""A message from the server, already in the page's language: an error (role alert) or a notice (role status)."""

from __future__ import annotations

from typing import Literal

import reflex as rx

from state.language import tr


def message(text: rx.Var[str], *, role: Literal["alert", "status"]) -> rx.Component:
    return rx.cond(
        text != "",
        rx.callout.root(
            rx.callout.text(text),
            color_scheme="red" if role == "alert" else "green",
            role=role,
        ),
    )


def forbidden_notice() -> rx.Component:
    """What someone signed in with the wrong role sees instead of the page."""
    return rx.callout.root(rx.callout.text(tr("error.forbidden")), color_scheme="red", role="alert")
