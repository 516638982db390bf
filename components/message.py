"""A message from the server, named by its catalog key: an error (role alert) or a notice (role status)."""

from __future__ import annotations

from typing import Literal

import reflex as rx

from state.language import LanguageState


def message(key: rx.Var[str], *, role: Literal["alert", "status"]) -> rx.Component:
    return rx.cond(
        key != "",
        rx.callout.root(
            rx.callout.text(LanguageState.t[key]),
            color_scheme="red" if role == "alert" else "green",
            role=role,
        ),
    )
