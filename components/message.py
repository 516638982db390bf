"""A message from the server, already in the page's language: an error (role alert) or a notice (role status)."""

from __future__ import annotations

from typing import Literal

import reflex as rx


def message(text: rx.Var[str], *, role: Literal["alert", "status"]) -> rx.Component:
    return rx.cond(
        text != "",
        rx.callout.root(
            rx.callout.text(text),
            color_scheme="red" if role == "alert" else "green",
            role=role,
        ),
    )
