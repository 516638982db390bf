"""The wizard's documents: one file per document the form asks for, checked on the server by its bytes."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.event import EventSpec

from ssas_portal.services.applications import registration
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.documents import download_links
from ssas_portal.services.forms.rules import message
from ssas_portal.settings import get_settings
from state.wizard.core import WizardCore, shown_document


class DocumentsMixin(WizardCore, mixin=True):
    upload_progress: dict[str, int] = {}

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
            return await self._beside_document(kind, Refusal("error.document_too_large",
                                                             maximum=get_settings().document_max_mb))
        data, name, answers = await upload.read(), upload.name or "", self._nested()
        attached = await self._attempt(
            lambda session: registration.attach_document(session, application_id, kind, data, name, answers=answers),
            say=lambda refused: self._beside_document(kind, refused))
        if attached is not None:
            self.attached[kind] = shown_document(attached, await self._language())
            self._forget(lambda one: one == f"document.{kind}")
        return None

    async def _beside_document(self, kind: str, refused: Refusal) -> None:
        """A refused file is said beside its document only, the rest of the page as it was."""
        field = f"document.{kind}"
        self.errors[field] = message(refused.at(field), await self._language(), self._definition())

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
            problem = Refusal("error.document_too_large", maximum=get_settings().document_max_mb)
        elif "too-many-files" in codes:
            problem = Refusal("wizard.one_file")
        else:
            problem = Refusal("error.document_type", accepted=", ".join(name.upper() for name in requirement.accepted))
        await self._beside_document(kind, problem)

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
    async def download(self, kind: str) -> EventSpec | None:
        """A link valid two minutes for this request's own document: the applicant has no account cookie."""
        application_id = await self._held()
        shown = self.attached.get(kind) if isinstance(kind, str) else None
        if application_id is None or shown is None:
            return None
        token = download_links.sign(int(shown["id"]), application_id)
        return rx.download(url=f"/api/documents/{shown['id']}?grant={token}", filename=shown["name"])
