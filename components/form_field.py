"""Labelled form inputs: a visible label tied to the input, the invalid state announced to screen readers."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventType


def text_field(
    *,
    name: str,
    label: rx.Var[str],
    type: str = "text",
    autocomplete: str = "off",
    invalid: rx.Var[bool] | bool = False,
    default_value: rx.Var[str] | str = "",
    input_mode: str = "text",
    required: bool = True,
) -> rx.Component:
    field_id = f"field-{name}"
    return rx.flex(
        rx.el.label(rx.text(label, size="2", weight="medium"), html_for=field_id),
        rx.input(
            id=field_id,
            name=name,
            type=type,
            auto_complete=autocomplete,
            default_value=default_value,
            input_mode=input_mode,
            aria_invalid=rx.cond(invalid, "true", "false"),
            size="3",
            required=required,
        ),
        direction="column",
        spacing="1",
    )


def code_field(
    *, name: str, label: rx.Var[str], invalid: rx.Var[bool] | bool = False, required: bool = True
) -> rx.Component:
    """A 6-digit one-time code: numeric keypad on phones, filled from SMS by the browser when it can."""
    return text_field(name=name, label=label, autocomplete="one-time-code", invalid=invalid, input_mode="numeric",
                      required=required)


def new_password_fields(*, label: rx.Var[str], again_label: rx.Var[str], invalid: rx.Var[bool]) -> rx.Component:
    return rx.fragment(
        text_field(name="password", label=label, type="password", autocomplete="new-password", invalid=invalid),
        text_field(name="password_again", label=again_label, type="password", autocomplete="new-password",
                   invalid=invalid),
    )


def narrow_card(*children: rx.Component) -> rx.Component:
    """The centred card of the one-task pages (sign-in, reset, activation)."""
    return rx.card(*children, max_width="30rem", width="100%", margin_x="auto", size="3")


def form_card(*children: rx.Component, on_submit: EventType[dict[str, str]], labelled_by: str) -> rx.Component:
    """A narrow card holding one form; the form keeps what was typed when the server refuses it."""
    return narrow_card(
        rx.form(
            rx.flex(*children, direction="column", spacing="4"),
            on_submit=on_submit,
            reset_on_submit=False,
            aria_labelledby=labelled_by,
        )
    )
