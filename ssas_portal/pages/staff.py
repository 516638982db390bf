"""Staff screens. The landing board shows the counts by status and the live review queue; administrators
read the active form definitions (the files a deployment edits) without opening them."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ArrayVar

from components.member_page import member_page
from components.table import data_table
from ssas_portal.pages.queue import queue_section
from ssas_portal.pages.titles import title
from ssas_portal.services.forms import workflows
from ssas_portal.services.forms.definitions import Condition, DocumentRequirement, FieldDef, FormDefinition, definitions
from ssas_portal.services.forms.workflows import WorkflowStep
from state.landing import LandingState
from state.language import LanguageState, in_language, tr
from state.queue import QueueState
from state.session import SessionState


def _count_row(item: ArrayVar[tuple[str, int]]) -> rx.Component:
    return rx.table.row(rx.table.cell(LanguageState.t["status." + item[0]]), rx.table.cell(item[1]))


def staff_board() -> rx.Component:
    return member_page(
        "staff.title", LandingState, SessionState.sign_out,
        queue_section(),
        rx.heading(tr("staff.counts_title"), as_="h2", size="5"),
        data_table(["staff.status", "staff.count"], LandingState.status_counts, _count_row, max_width="30rem"),
        rx.cond(LandingState.role == "admin", rx.link(tr("forms.link"), href="/staff/forms"), rx.fragment()),
    )


def _condition(condition: Condition | None) -> str:
    return f"{condition.field} ∈ {{{', '.join(condition.expected())}}}" if condition is not None else ""


def _rule(field: FieldDef) -> rx.Component:
    shown, required = _condition(field.shown_when), _condition(field.required_when)
    return rx.flex(
        rx.badge(tr("forms.required" if field.required else "forms.optional"), variant="soft",
                 color_scheme="indigo" if field.required else "gray", width="fit-content"),
        *([rx.text(tr("forms.shown_when"), " ", rx.code(shown), size="1")] if shown else []),
        *([rx.text(tr("forms.required_when"), " ", rx.code(required), size="1")] if required else []),
        direction="column",
        spacing="1",
    )


def _field_row(field: FieldDef, prefix: str = "") -> list[rx.Component]:
    row = rx.table.row(
        rx.table.cell(in_language(field.label.fr, field.label.en), rx.text(rx.code(prefix + field.name), size="1")),
        rx.table.cell(rx.code(field.kind)),
        rx.table.cell(_rule(field)),
    )
    return [row, *[one for sub in field.fields or [] for one in _field_row(sub, f"{field.name}[].")]]


def _document_row(document: DocumentRequirement) -> rx.Component:
    return rx.table.row(
        rx.table.cell(in_language(document.label.fr, document.label.en), rx.text(rx.code(document.kind), size="1")),
        rx.table.cell(", ".join(name.upper() for name in document.accepted)),
        rx.table.cell(rx.badge(tr(f"forms.rule_{document.rule}"), variant="soft"),
                      rx.text(rx.code(_condition(document.when)), size="1") if document.when else rx.fragment()),
    )


def _workflow_row(step: WorkflowStep) -> rx.Component:
    when = step.when
    condition = "" if when is None else (f"{when.field} > {when.above}" if when.above is not None
                                         else f"{when.field} ∈ {{{', '.join(when.one_of or [])}}}")
    return rx.table.row(
        rx.table.cell(in_language(step.title.fr, step.title.en), rx.text(rx.code(step.name), size="1")),
        rx.table.cell(LanguageState.t[f"role.{step.role.value}"]),
        rx.table.cell(f"{step.target_hours} h"),
        rx.table.cell(rx.code(", ".join(step.outcomes)),
                      rx.text(tr("forms.applies_when"), " ", rx.code(condition), size="1")
                      if condition else rx.fragment()),
    )


def _definition(form: FormDefinition) -> rx.Component:
    steps = [rx.flex(rx.heading(in_language(step.title.fr, step.title.en), as_="h4", size="3"),
                     data_table(["forms.field", "forms.kind", "forms.rule"],
                                [row for field in step.fields for row in _field_row(field)], size="1", width="100%"),
                     direction="column", spacing="2") for step in form.steps]
    return rx.el.details(
        rx.el.summary(rx.text.strong(tr(f"profile.{form.type.value}.title")), " — ", rx.code(f"{form.type.value}.json"),
                      " v", form.version),
        rx.flex(*steps, rx.heading(tr("forms.documents"), as_="h4", size="3"),
                data_table(["forms.document", "forms.formats", "forms.rule"],
                           [_document_row(one) for one in form.documents], size="1", width="100%"),
                rx.heading(tr("forms.workflow"), as_="h4", size="3"),
                data_table(["forms.step", "forms.role", "forms.target", "forms.outcomes"],
                           [_workflow_row(step) for step in workflows.catalog().workflow(form.type).steps],
                           size="1", width="100%"),
                direction="column", spacing="3", padding_y="0.75rem", overflow_x="auto"),
        class_name="definition",
    )


def form_definitions() -> rx.Component:
    """Read-only: forms are adapted by editing their files, checked when the portal starts."""
    return member_page(
        "forms.title", LandingState, SessionState.sign_out,
        rx.cond(
            LandingState.role == "admin",
            rx.flex(rx.text(tr("forms.lead"), size="3"), *[_definition(form) for form in definitions().values()],
                    direction="column", spacing="3"),
            rx.fragment(),
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(staff_board, route="/staff", title=title("staff.title"), on_load=[LanguageState.apply_url_language,
                                                                     LandingState.open_staff_board, QueueState.open])
    app.add_page(form_definitions, route="/staff/forms", title=title("forms.title"),
                 on_load=[LanguageState.apply_url_language, LandingState.open_form_definitions])
