"""One input per field kind of a form definition, bound to the wizard's answers.

Typed answers are uncontrolled inputs kept by the server when the applicant leaves the field (and with the
step's form on Continue); choices and yes/no answers go to the server at once, since they can show other
fields. A field's path is its key in the answers: "name", or "group.<index>.<name>" inside a repeating group.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import NumberVar

from components.field_frame import described_by, field_frame
from ssas_portal.pages.activity_picker import activity_picker
from ssas_portal.services.forms.definitions import FieldDef, Text
from state.language import in_language, tr
from state.wizard import WizardState

RADIO_CHOICES_AT_MOST = 4
INPUT_TYPES = {"email": "email", "phone": "tel", "date": "date"}
INPUT_MODES = {"number": "numeric", "money": "decimal", "phone": "tel", "email": "email"}
AUTOCOMPLETE = {"last_name": "family-name", "first_names": "given-name", "email": "email", "phone": "tel",
                "address": "street-address", "city": "address-level2", "date_of_birth": "bday", "sex": "sex"}


def _text(text: Text | None) -> rx.Var[str] | None:
    return in_language(text.fr, text.en) if text is not None else None


def _optional(field: FieldDef) -> bool:
    return not field.required and field.required_when is None and field.kind != "group"


def _frame(field: FieldDef, path: str | rx.Var[str], input_id: str | rx.Var[str], control: rx.Component, *,
           legend: bool = False) -> rx.Component:
    return field_frame(control, input_id=input_id, label=in_language(field.label.fr, field.label.en),
                       hint=_text(field.help), error=WizardState.errors[path], optional=_optional(field),
                       legend=legend)


def _typed(field: FieldDef, path: str | rx.Var[str], input_id: str | rx.Var[str]) -> rx.Component:
    common = {
        "id": input_id, "name": path, "default_value": WizardState.values[path],
        "on_blur": lambda value: WizardState.left_field(path, value),
        "aria_invalid": rx.cond(WizardState.errors[path], "true", "false"),
        "aria_describedby": described_by(input_id),
        "size": "3",
    }
    if field.kind in {"textarea", "address"}:
        return rx.text_area(**common, rows="3", resize="vertical",
                            custom_attrs={"autoComplete": AUTOCOMPLETE.get(field.name, "off")})
    return rx.input(**common, type=INPUT_TYPES.get(field.kind, "text"), input_mode=INPUT_MODES.get(field.kind, "text"),
                    auto_complete=AUTOCOMPLETE.get(field.name, "off") if isinstance(path, str) else "off")


def _radios(
    options: list[tuple[str, rx.Var[str]]], path: str | rx.Var[str], input_id: str | rx.Var[str]
) -> rx.Component:
    return rx.radio_group.root(
        rx.flex(
            *[rx.el.label(rx.flex(rx.radio_group.item(value=value, id=f"{input_id}-{value}"), rx.text(label, size="3"),
                                  align="center", spacing="2"), html_for=f"{input_id}-{value}", class_name="choice")
              for value, label in options],
            direction="column",
            spacing="2",
        ),
        id=input_id,
        name=path,
        value=WizardState.values[path],
        on_change=lambda value: WizardState.choose(path, value),
        aria_invalid=rx.cond(WizardState.errors[path], "true", "false"),
        size="3",
    )


def _choice(field: FieldDef, path: str | rx.Var[str], input_id: str | rx.Var[str]) -> rx.Component:
    options = [(choice.value, in_language(choice.label.fr, choice.label.en)) for choice in field.choices or []]
    if len(options) <= RADIO_CHOICES_AT_MOST:
        return _frame(field, path, input_id, _radios(options, path, input_id), legend=True)
    select = rx.el.select(
        rx.el.option(tr("wizard.choose"), value=""),
        *[rx.el.option(label, value=value) for value, label in options],
        id=input_id,
        name=path,
        value=WizardState.values[path],
        on_change=lambda value: WizardState.choose(path, value),
        aria_invalid=rx.cond(WizardState.errors[path], "true", "false"),
        aria_describedby=described_by(input_id),
        class_name="native-select",
    )
    return _frame(field, path, input_id, select)


def _activity(field: FieldDef, path: str, input_id: str) -> rx.Component:
    code = WizardState.values[path]
    chosen = rx.cond(
        code,
        rx.text(rx.code(code), " ", WizardState.activity_titles[code], size="3"),
        rx.text(tr("isic.none"), size="3", color_scheme="gray", high_contrast=True),
    )
    control = rx.flex(
        chosen,
        rx.button(rx.cond(code, tr("isic.change"), tr("isic.choose")), id=input_id, type="button", variant="soft",
                  on_click=WizardState.open_picker(path), aria_describedby=described_by(input_id),
                  width="fit-content"),
        rx.cond(WizardState.picker_field == path, activity_picker(), rx.fragment()),
        direction="column",
        spacing="2",
    )
    return _frame(field, path, input_id, control)


def single_field(field: FieldDef, path: str | rx.Var[str], input_id: str | rx.Var[str]) -> rx.Component:
    if field.kind == "choice":
        return _choice(field, path, input_id)
    if field.kind == "boolean":
        options = [("true", tr("wizard.yes")), ("false", tr("wizard.no"))]
        return _frame(field, path, input_id, _radios(options, path, input_id), legend=True)
    if field.kind == "isic" and isinstance(path, str) and isinstance(input_id, str):
        return _activity(field, path, input_id)
    return _frame(field, path, input_id, _typed(field, path, input_id))


def _entry(group: FieldDef, index: NumberVar[int]) -> rx.Component:
    fields = []
    for sub in group.fields or []:
        path = f"{group.name}.{index}.{sub.name}"
        control = single_field(sub, path, f"field-{group.name}-{index}-{sub.name}")
        fields.append(rx.cond(WizardState.shown.contains(path), control, rx.fragment()) if sub.shown_when else control)
    return rx.card(
        rx.flex(
            rx.flex(
                rx.heading(tr("wizard.entry"), " ", index + 1, as_="h4", size="3"),
                rx.button(rx.icon("trash-2", size=16, aria_hidden="true"), tr("wizard.remove_entry"), type="button",
                          variant="ghost", color_scheme="red",
                          on_click=WizardState.remove_entry(group.name, index),
                          aria_label=f"{tr('wizard.remove_entry')} {index + 1}"),
                justify="between",
                align="center",
            ),
            *fields,
            direction="column",
            spacing="3",
        ),
        class_name="group-entry",
    )


def group_field(field: FieldDef) -> rx.Component:
    help_text = [rx.text(_text(field.help), size="2", color_scheme="gray", high_contrast=True)] if field.help else []
    return rx.el.fieldset(
        rx.el.legend(rx.text(in_language(field.label.fr, field.label.en), size="3", weight="bold")),
        *help_text,
        rx.cond(WizardState.errors[field.name],
                rx.text(WizardState.errors[field.name], id=f"field-{field.name}-error", color_scheme="red", size="2"),
                rx.fragment()),
        rx.flex(rx.foreach(WizardState.entries[field.name], lambda index: _entry(field, index)),
                direction="column", spacing="3"),
        rx.button(rx.icon("plus", size=16, aria_hidden="true"), tr("wizard.add_entry"), type="button", variant="soft",
                  on_click=WizardState.add_entry(field.name), id=f"field-{field.name}", width="fit-content"),
        class_name="field-frame group",
    )


def form_field(field: FieldDef) -> rx.Component:
    """A top-level field, shown only while its condition holds."""
    control = group_field(field) if field.kind == "group" else single_field(field, field.name, f"field-{field.name}")
    if field.shown_when is None:
        return control
    return rx.cond(WizardState.shown.contains(field.name), control, rx.fragment())
