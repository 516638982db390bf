"""The registration wizard driven as the browser drives it, on a draft opened the applicant's way."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import reflex as rx
from sqlalchemy.engine import Engine

from ssas_portal.services.forms import values
from ssas_portal.services.forms.definitions import FormDefinition, definition
from state.applicant import ApplicantState
from state.wizard import WizardState
from state.wizard.core import PICKED_KINDS
from tests.support.applications import open_draft
from tests.support.documents import pdf_bytes
from tests.support.forms import VALID
from tests.support.state import make_state, run

EMPLOYEE_DOCUMENTS = ("identity_document", "birth_certificate")


def upload(name: str, data: bytes) -> rx.UploadFile:
    """A file as Reflex hands it to an upload handler (its name, size and bytes)."""
    return rx.UploadFile(file=io.BytesIO(data), path=Path(name), size=len(data))


def applicant_of(wizard: WizardState) -> ApplicantState:
    return run(wizard.get_state(ApplicantState))


def hold(wizard: WizardState, application_id: int | None) -> None:
    """What the applicant page leaves in server-side state once a contact is proven (or forgotten)."""
    applicant_of(wizard)._application_id = application_id


def wizard_for(engine: Engine, kind: str = "employee") -> WizardState:
    """A wizard mounted on a fresh draft of `kind` held by this browser."""
    wizard = make_state(WizardState)
    hold(wizard, open_draft(engine, kind).application_id)
    assert run(WizardState.load.fn(wizard)) is None
    return wizard


def form_of(wizard: WizardState) -> FormDefinition:
    return definition(wizard.kind)


def leave(wizard: WizardState, path: str, value: str) -> None:
    run(WizardState.left_field.fn(wizard, path, value))


def choose(wizard: WizardState, path: str, value: str | bool) -> None:
    run(WizardState.choose.fn(wizard, path, value))


def attach(wizard: WizardState, kind: str, data: bytes | None = None, name: str = "scan.pdf") -> None:
    run(WizardState.attach.fn(wizard, kind, [upload(name, pdf_bytes() if data is None else data)]))


def answer(wizard: WizardState, answers: dict[str, Any]) -> None:
    """Fill the form the applicant's way: entries added to groups, choices clicked, text typed and left."""
    form = form_of(wizard)
    flat, counts = values.flatten(form, answers)
    for group, count in counts.items():
        for _ in range(count - wizard.counts.get(group, 0)):
            run(WizardState.add_entry.fn(wizard, group))
    for path, value in flat.items():
        field = values.field_at(form, path)
        assert field is not None
        if value:
            (choose if field.kind in PICKED_KINDS else leave)(wizard, path, value)


def valid_employee(engine: Engine) -> WizardState:
    """An employee's wizard with every answer valid and the documents the answers ask for attached."""
    wizard = wizard_for(engine)
    answer(wizard, VALID["employee"])
    for kind in EMPLOYEE_DOCUMENTS:
        attach(wizard, kind)
    assert wizard.errors == {} and set(wizard.needed) <= set(wizard.attached)
    return wizard
