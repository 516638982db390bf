"""What the wizard's concerns share: the draft held in this browser, its flat answers, what shows now, and
the problems said beside their fields.

The request's id lives only in ApplicantState's server-side state, set once the applicant proved their
contact; every handler reads it from there and never takes an id from the browser. The answers are kept flat
(one key per input), checked by the same rules the submission applies, and saved at each step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx
from reflex.event import EventSpec

from ssas_portal.services.applications import registration
from ssas_portal.services.applications.registration import Attached
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.core.i18n import format_size
from ssas_portal.services.forms import values as form_values
from ssas_portal.services.forms.definitions import FieldDef, FormDefinition, definition
from ssas_portal.services.forms.rules import message, required_documents, validate_all, visible, visible_steps
from state.applicant import ApplicantState
from state.form import MAX_INPUT, FormState
from state.language import LanguageState

DOCUMENTS_STEP = "documents"
REVIEW_STEP = "review"
DONE_STEP = "done"
PICKED_KINDS = {"choice", "boolean", "isic"}
"""Kinds set by a click (choose, pick), not typed: a submitted form never overwrites them."""


class WizardCore(FormState, mixin=True):
    kind: str = ""
    step: str = ""
    steps: list[str] = []
    values: dict[str, str] = {}
    counts: dict[str, int] = {}
    shown: list[str] = []
    errors: dict[str, str] = {}
    problems: list[dict[str, str]] = []
    needed: list[str] = []
    attached: dict[str, dict[str, str]] = {}
    declared: bool = False
    notice: str = ""
    generation: int = 0
    activity_titles: dict[str, str] = {}
    correcting: bool = False
    """The request is one staff asked information about: "Send" sends the corrected answers back to review."""
    _loaded_for: int | None = None

    @rx.var
    def entries(self) -> dict[str, list[int]]:
        return {group: list(range(count)) for group, count in self.counts.items()}

    @rx.var
    def position(self) -> int:
        return self.steps.index(self.step) + 1 if self.step in self.steps else 0

    @rx.var
    def previous(self) -> str:
        """The step Back leads to ("" on the first)."""
        return self.steps[self.position - 2] if self.position > 1 else ""

    # --- helpers ------------------------------------------------------------------------------------------

    def _definition(self) -> FormDefinition:
        return definition(self.kind)

    def _nested(self) -> dict[str, Any]:
        return form_values.nest(self._definition(), self.values, self.counts)

    def _refresh(self) -> None:
        """What shows now, after any answer changed: fields, steps and the documents asked for."""
        form, values = self._definition(), self._nested()
        shown = visible(form, values)
        self.shown = sorted(shown)
        self.steps = [*visible_steps(form, values), DOCUMENTS_STEP, REVIEW_STEP]
        self.needed = [document.kind for document in required_documents(form, values)]
        self._forget(lambda path: bool(form_values.field_at(form, path)) and path not in shown)

    def _forget(self, gone: Callable[[str], bool]) -> None:
        """Drop the problems of fields that went away (hidden, or an entry removed), beside them and above."""
        self.errors = {path: text for path, text in self.errors.items() if not gone(path)}
        self.problems = [problem for problem in self.problems if not gone(problem["field"])]

    async def _held(self) -> int | None:
        """The request this browser proved to hold, or None (then the wizard closes)."""
        applicant = await self.get_state(ApplicantState)
        held = applicant._application_id
        if held is None or held != self._loaded_for:
            self._close()
            return None
        return held

    def _close(self) -> None:
        self.kind, self.step, self._loaded_for, self.correcting = "", "", None, False
        self.values, self.counts, self.attached, self.errors, self.problems = {}, {}, {}, {}, []

    async def _language(self) -> str:
        return (await self.get_state(LanguageState)).language

    async def _say_refusal(self, refused: Refusal) -> None:
        await self._tell(refused.every)

    async def _tell(self, problems: list[Refusal]) -> None:
        """Show problems beside their fields and in the summary at the top, each naming the field."""
        language, form = await self._language(), self._definition()
        self.errors = {}
        self.problems = []
        for problem in problems:
            text = message(problem, language, form)
            self.errors.setdefault(problem.field, text)
            self.problems.append({"field": problem.field, "anchor": anchor(problem.field), "message": text,
                                  "step": self._step_of(problem.field)})

    def _step_of(self, path: str) -> str:
        if path.startswith("document."):
            return DOCUMENTS_STEP
        top = path.split(".", 1)[0]
        found = next((step.name for step in self._definition().steps if any(f.name == top for f in step.fields)), None)
        return found or REVIEW_STEP

    def _go(self, step: str) -> EventSpec:
        self.step, self.notice = step, ""
        return rx.call_script("document.getElementById('wizard-step-title')?.focus()")

    async def _save(self, application_id: int) -> bool:
        values = self._nested()
        return await self._succeeds(lambda session: registration.save_draft(session, application_id, values))

    def _field(self, path: object) -> FieldDef | None:
        """The field a path from the browser names, when the form has it now (crafted events get None)."""
        if not isinstance(path, str) or path not in form_values.field_paths(self._definition(), self.counts):
            return None
        return form_values.field_at(self._definition(), path)

    def _merge(self, form_data: dict[str, Any]) -> None:
        """Take the typed answers of a submitted step; unknown keys and picked answers are ignored."""
        form, paths = self._definition(), form_values.field_paths(self._definition(), self.counts)
        for path, raw in form_data.items():
            field = form_values.field_at(form, path) if path in paths else None
            if field is not None and field.kind not in PICKED_KINDS and isinstance(raw, str):
                self.values[path] = raw[:MAX_INPUT]

    async def _recheck(self, path: str) -> None:
        problem = next((one for one in validate_all(self._definition(), self._nested()) if one.field == path), None)
        self._forget(lambda one: one == path)
        if problem is not None and problem.key != "form.error.required":
            self.errors[path] = message(problem, await self._language(), self._definition())


def anchor(path: str) -> str:
    """The id of a field's input (dots are awkward in CSS selectors and URLs)."""
    if path.startswith("document."):
        return f"upload-{path.removeprefix('document.')}"
    return "field-" + path.replace(".", "-") if path else "wizard-step-title"


def shown_document(document: Attached, language: str) -> dict[str, str]:
    return {"id": str(document.id), "name": document.name, "size": format_size(language, document.size_bytes)}
