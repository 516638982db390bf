"""A labelled form input: visible label tied to the input, invalid state announced to screen readers."""

from __future__ import annotations

import reflex as rx


def text_field(
    *,
    name: str,
    label: rx.Var[str],
    type: str = "text",
    autocomplete: str = "off",
    invalid: rx.Var[bool] | bool = False,
    default_value: rx.Var[str] | str = "",
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
            aria_invalid=rx.cond(invalid, "true", "false"),
            size="3",
            required=True,
        ),
        direction="column",
        spacing="1",
    )
