"""The frame around one form control: its label (or legend for a group of radios), its help and its error,
all tied to the control so a screen reader reads them with it."""

from __future__ import annotations

import reflex as rx

from state.language import tr


def described_by(input_id: str | rx.Var[str]) -> rx.Var[str] | str:
    return f"{input_id}-hint {input_id}-error"


def field_frame(
    control: rx.Component,
    *,
    input_id: str | rx.Var[str],
    label: rx.Var[str] | str,
    hint: rx.Var[str] | str | None,
    error: rx.Var[str],
    optional: bool,
    legend: bool = False,
) -> rx.Component:
    """`legend` frames a set of radios as a fieldset, whose legend names the question."""
    mark = [rx.text.span(" ", tr("wizard.optional"), weight="regular", color_scheme="gray", high_contrast=True)]
    title = rx.text(label, *(mark if optional else []), size="2", weight="bold")
    parts = [rx.text(hint, id=f"{input_id}-hint", size="2", color_scheme="gray", high_contrast=True)] \
        if hint is not None else []
    parts += [
        rx.cond(error, rx.text(rx.icon("circle-alert", size=14, aria_hidden="true", display="inline",
                                       vertical_align="-2px"), " ", error,
                               id=f"{input_id}-error", size="2", color_scheme="red", weight="medium"),
                rx.fragment()),
        control,
    ]
    if legend:
        return rx.el.fieldset(rx.el.legend(title), rx.flex(*parts, direction="column", spacing="1"),
                              class_name="field-frame", aria_describedby=described_by(input_id))
    return rx.flex(rx.el.label(title, html_for=input_id), *parts, direction="column", spacing="1",
                   class_name="field-frame")
