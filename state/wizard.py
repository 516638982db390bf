"""The registration wizard of the draft held in this browser: answers, steps, documents, review, submission.

The request's id lives only in ApplicantState's server-side state, set once the applicant proved their
contact; every handler reads it from there and never takes an id from the browser. The answers are kept flat
(one key per input), checked by the same rules the submission applies, and saved at each step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from models.enums import ApplicationStatus
from ssas_portal.services.applications import registration
from ssas_portal.services.documents import download_links
from ssas_portal.services.forms import isic
from ssas_portal.services.forms import values as form_values
from ssas_portal.services.forms.definitions import FieldDef, FormDefinition, definition
from ssas_portal.services.applications.lifecycle import EDITABLE
from ssas_portal.services.applications.registration import Attached
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.core.i18n import format_size
from ssas_portal.services.forms.rules import message, required_documents, validate_all, validate_step, visible, \
    visible_steps
from ssas_portal.settings import get_settings
from state.applicant import ApplicantState
from state.form import MAX_INPUT, FormState
from state.language import LanguageState

DOCUMENTS_STEP = "documents"
REVIEW_STEP = "review"
DONE_STEP = "done"
PICKED_KINDS = {"choice", "boolean", "isic"}
"""Kinds set by a click (choose, pick), not typed: a submitted form never overwrites them."""


class WizardState(FormState, rx.State):
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
    upload_progress: dict[str, int] = {}
    declared: bool = False
    notice: str = ""
    generation: int = 0
    activity_titles: dict[str, str] = {}
    picker_field: str = ""
    picker_trail: list[dict[str, str]] = []
    picker_options: list[dict[str, str]] = []
    picker_query: str = ""
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
            self.problems.append({"field": problem.field, "anchor": _anchor(problem.field), "message": text,
                                  "step": self._step_of(problem.field)})

    def _step_of(self, path: str) -> str:
        if path.startswith("document."):
            return DOCUMENTS_STEP
        top = path.split(".", 1)[0]
        found = next((step.name for step in self._definition().steps if any(f.name == top for f in step.fields)), None)
        return found or REVIEW_STEP

    def _go(self, step: str) -> rx.event.EventSpec:
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

    # --- loading ------------------------------------------------------------------------------------------

    @rx.event
    async def load(self) -> rx.event.EventSpec | None:
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
        self.attached = {document.kind: _shown_document(document, language) for document in contents.documents}
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

    async def _recheck(self, path: str) -> None:
        problem = next((one for one in validate_all(self._definition(), self._nested()) if one.field == path), None)
        self._forget(lambda one: one == path)
        if problem is not None and problem.key != "form.error.required":
            self.errors[path] = message(problem, await self._language(), self._definition())

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
    async def next_step(self, form_data: dict[str, Any]) -> rx.event.EventSpec | None:
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
    async def go_to(self, step: str) -> rx.event.EventSpec | None:
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

    # --- documents ----------------------------------------------------------------------------------------

    @rx.event
    async def attach(self, kind: str, files: list[rx.UploadFile]) -> None:
        """One file for one document of the form; its type is read from its bytes on the server."""
        if not isinstance(kind, str):
            return
        self.upload_progress.pop(kind, None)
        application_id = await self._held()
        if application_id is None or not files:
            return  # a file the browser turned down comes as an empty upload: refused_file told why
        limit = get_settings().document_max_mb * 1024 * 1024
        upload = files[0]
        self.errors.pop(f"document.{kind}", None)
        if upload.size is not None and upload.size > limit:
            return await self._beside_document(Refusal("error.document_too_large", f"document.{kind}",
                                                       maximum=get_settings().document_max_mb))
        data, name = await upload.read(), upload.name or ""
        attached = await self._attempt(
            lambda session: registration.attach_document(session, application_id, kind, data, name),
            say=self._beside_document)
        if attached is not None:
            self.attached[kind] = _shown_document(attached, await self._language())
            self._forget(lambda one: one == f"document.{kind}")
        return None

    async def _beside_document(self, refused: Refusal) -> None:
        """A refused file is said beside its document only, the rest of the page as it was."""
        self.errors[refused.field] = message(refused, await self._language(), self._definition())

    @rx.event
    async def refused_file(self, kind: str, errors: list[dict[str, Any]]) -> None:
        """The browser turned a file down before sending it (too large, not a PDF/JPEG/PNG, several files):
        say why in the page's language, as the server would. `errors` are the browser's reasons (codes)."""
        requirement = next((one for one in self._definition().documents if one.kind == kind), None) if self.kind \
            else None
        if requirement is None or not isinstance(errors, list):
            return
        codes = {error.get("code") for error in errors if isinstance(error, dict)}
        if "file-too-large" in codes:
            problem = Refusal("error.document_too_large", f"document.{kind}", maximum=get_settings().document_max_mb)
        elif "too-many-files" in codes:
            problem = Refusal("wizard.one_file", f"document.{kind}")
        else:
            problem = Refusal("error.document_type", f"document.{kind}",
                              accepted=", ".join(name.upper() for name in requirement.accepted))
        await self._beside_document(problem)

    @rx.event
    def uploading(self, kind: str, progress: dict[str, Any]) -> None:
        """The browser's upload progress, shown as a bar beside the document."""
        share = progress.get("progress") if isinstance(progress, dict) else None
        if isinstance(kind, str) and isinstance(share, int | float):
            self.upload_progress[kind] = max(0, min(100, round(share * 100)))

    @rx.event
    async def remove_document(self, kind: str) -> None:
        application_id = await self._held()
        shown = self.attached.get(kind) if isinstance(kind, str) else None
        if application_id is None or shown is None:
            return
        document_id = int(shown["id"])
        removed = await self._attempt(
            lambda session: registration.remove_document(session, application_id, document_id))
        if removed is True:
            self.attached.pop(kind, None)

    @rx.event
    async def download(self, kind: str) -> rx.event.EventSpec | None:
        """A link valid two minutes for this request's own document: the applicant has no account cookie."""
        application_id = await self._held()
        shown = self.attached.get(kind) if isinstance(kind, str) else None
        if application_id is None or shown is None:
            return None
        token = download_links.sign(int(shown["id"]), application_id)
        return rx.download(url=f"/api/documents/{shown['id']}?grant={token}", filename=shown["name"])

    # --- activity picker ----------------------------------------------------------------------------------

    def _options(self, found: list[isic.Activity] | None) -> None:
        activities = found or []
        self.picker_options = [{"code": one.code, "title": one.title, "level": one.level} for one in activities]

    @rx.event
    async def open_picker(self, path: str) -> None:
        field = self._field(path) if self.kind else None
        if await self._held() is None or field is None or field.kind != "isic":
            return
        language = await self._language()
        self.picker_field, self.picker_trail, self.picker_query = path, [], ""
        self._options(await self._attempt(lambda session: isic.children(session, None, language)))

    @rx.event
    async def browse(self, code: str) -> None:
        """Down the tree (section, division, group), or back up to a level of the trail ("" = sections)."""
        if await self._held() is None or not self.picker_field or not isinstance(code, str):
            return
        language, parent = await self._language(), code or None
        self.picker_query = ""
        trail = await self._attempt(lambda session: isic.path(session, code, language) if code else [])
        self.picker_trail = [{"code": one.code, "title": one.title} for one in trail or []]
        self._options(await self._attempt(lambda session: isic.children(session, parent, language)))

    @rx.event
    async def search_activities(self, query: str) -> None:
        if await self._held() is None or not self.picker_field or not isinstance(query, str):
            return
        language, self.picker_query = await self._language(), query[:100]
        if not query.strip():
            return await self.browse(self.picker_trail[-1]["code"] if self.picker_trail else "")
        self.picker_trail = []
        self._options(await self._attempt(lambda session: isic.search(session, query, language)))
        return None

    @rx.event
    async def pick(self, code: str) -> rx.event.EventSpec | None:
        chosen = next((one for one in self.picker_options if one["code"] == code), None)
        if await self._held() is None or not self.picker_field or chosen is None:
            return None
        if chosen["level"] != "class":
            return await self.browse(code)
        path = self.picker_field
        self.values[path], self.activity_titles[code] = code, chosen["title"]
        self.picker_field = ""
        self._refresh()
        await self._recheck(path)
        return rx.call_script(f"document.getElementById({_anchor(path)!r})?.focus()")

    @rx.event
    def close_picker(self) -> None:
        self.picker_field = ""

    # --- review and submission ----------------------------------------------------------------------------

    @rx.event
    def declare(self, checked: bool) -> None:
        self.declared = checked is True
        self.errors.pop("declaration", None)

    @rx.event
    async def submit(self) -> rx.event.EventSpec | None:
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


def _anchor(path: str) -> str:
    """The id of a field's input (dots are awkward in CSS selectors and URLs)."""
    if path.startswith("document."):
        return f"upload-{path.removeprefix('document.')}"
    return "field-" + path.replace(".", "-") if path else "wizard-step-title"


def _shown_document(document: Attached, language: str) -> dict[str, str]:
    return {"id": str(document.id), "name": document.name, "size": format_size(language, document.size_bytes)}
