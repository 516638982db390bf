"""The wizard's steps: loading the draft, answering, moving between steps, the review and the submission."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import EventSpec

from models.enums import ApplicationStatus
from ssas_portal.services.applications import registration
from ssas_portal.services.applications.lifecycle import EDITABLE
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.forms import isic
from ssas_portal.services.forms import values as form_values
from ssas_portal.services.forms.rules import validate_step
from state.applicant import ApplicantState
from state.form import MAX_INPUT
from state.wizard.core import DOCUMENTS_STEP, DONE_STEP, PICKED_KINDS, WizardCore, shown_document


class StepsMixin(WizardCore, mixin=True):
    # --- loading ------------------------------------------------------------------------------------------

    @rx.event
    async def load(self) -> EventSpec | None:
        """on_mount of the wizard: the draft's answers and documents, kept where the applicant was. A request
        staff asked information about opens the same way, its answers and documents open to correction."""
        applicant = await self.get_state(ApplicantState)
        application_id = applicant._application_id
        if application_id is None:
            self._close()
            return None
        contents = await self._attempt(lambda session: registration.draft_contents(session, application_id))
        if contents is None:
            return None
        same = application_id == self._loaded_for and self.step != ""
        self._loaded_for, self.kind = application_id, contents.type.value
        self.values, self.counts = form_values.flatten(self._definition(), contents.values)
        language = await self._language()
        self.attached = {document.kind: shown_document(document, language) for document in contents.documents}
        self.generation += 1
        self._refresh()
        activities = form_values.activity_codes(self._definition(), self.values)
        titles = await self._attempt(lambda session: {code: isic.title_of(session, code, language) or ""
                                                     for code in activities})
        self.activity_titles = titles or {}
        self.correcting = contents.status is ApplicationStatus.INFORMATION_REQUESTED
        if self.correcting:
            await applicant._refresh_status()
        if contents.status not in EDITABLE:
            self.step = DONE_STEP
        elif not same or self.step not in self.steps:
            self.step, self.errors, self.problems, self.declared = self.steps[0], {}, [], False
        return None

    # --- answering ----------------------------------------------------------------------------------------

    @rx.event
    async def left_field(self, path: str, value: str) -> None:
        """Keep a typed answer when the applicant leaves the field, and say at once what is wrong with it
        (an empty field is only pointed out on Continue, not while moving through the form)."""
        if await self._held() is None:
            return
        field = self._field(path)
        if field is None or field.kind in PICKED_KINDS or not isinstance(value, str):
            return
        self.values[path] = value[:MAX_INPUT]
        self._refresh()
        await self._recheck(path)

    @rx.event
    async def choose(self, path: str, value: str | bool) -> None:
        """A choice or a yes/no: other fields, steps and documents may appear or go."""
        if await self._held() is None:
            return
        field = self._field(path)
        if field is None or field.kind not in {"choice", "boolean"}:
            return
        self.values[path] = ("true" if value else "false") if isinstance(value, bool) else str(value)[:MAX_INPUT]
        self._refresh()
        await self._recheck(path)

    @rx.event
    async def add_entry(self, group: str) -> None:
        if await self._held() is not None and isinstance(group, str):
            form_values.add_entry(self._definition(), self.values, self.counts, group)
            self._refresh()

    @rx.event
    async def remove_entry(self, group: str, index: int) -> None:
        if await self._held() is not None and isinstance(group, str) and isinstance(index, int):
            if form_values.remove_entry(self._definition(), self.values, self.counts, group, index):
                self._forget(lambda path: path.startswith(f"{group}."))
                self.generation += 1
                self._refresh()

    # --- moving -------------------------------------------------------------------------------------------

    @rx.event
    async def next_step(self, form_data: dict[str, Any]) -> EventSpec | None:
        """Continue: check this step's answers on the server, save the draft, then show the next step."""
        application_id = await self._held()
        if application_id is None or self.step not in self.steps or not isinstance(form_data, dict):
            return None
        self._merge(form_data)
        self._refresh()
        if self.step == DOCUMENTS_STEP:
            problems = [Refusal("form.error.document_missing", f"document.{kind}") for kind in self.needed
                        if kind not in self.attached]
        else:
            problems = validate_step(self._definition(), self.step, self._nested())
        if problems:
            await self._tell(problems)
            return rx.call_script("document.getElementById('wizard-problems')?.focus()")
        self.errors, self.problems = {}, []
        if not await self._save(application_id):
            return None
        following = self.steps.index(self.step) + 1
        return self._go(self.steps[min(following, len(self.steps) - 1)])

    @rx.event
    async def go_to(self, step: str) -> EventSpec | None:
        """Back, a step of the progress list, or "Change" on the review page."""
        if await self._held() is None or not isinstance(step, str) or step not in self.steps or self.step == DONE_STEP:
            return None
        return self._go(step)

    @rx.event
    async def save_for_later(self) -> None:
        """Typed answers reached the server when their field was left, so the draft is complete as shown."""
        application_id = await self._held()
        if application_id is None:
            return
        if await self._save(application_id):
            reference = (await self.get_state(ApplicantState)).reference
            self.notice = await self._say("wizard.saved", reference=reference)

    # --- review and submission ----------------------------------------------------------------------------

    @rx.event
    def declare(self, checked: bool) -> None:
        self.declared = checked is True
        self.errors.pop("declaration", None)

    @rx.event
    async def submit(self) -> EventSpec | None:
        """File the request, or send the corrected answers of one staff asked about back to review: every rule
        checked again on the server; a double click files it once."""
        application_id = await self._held()
        if application_id is None:
            return None
        values, declared = self._nested(), self.declared
        submitted = await self._attempt(
            lambda session: registration.submit(session, application_id, values, declaration=declared))
        if submitted is None:
            return rx.call_script("document.getElementById('wizard-problems')?.focus()")
        await (await self.get_state(ApplicantState))._refresh_status()
        self.errors, self.problems = {}, []
        return self._go(DONE_STEP)
