"""The live staff queue: filters, rows to show, and the claim that takes an application off the queue.

Every handler, and every reload the live loop makes, checks the staff role on the server; the version a claim
carries is the one of the row this state showed, never one sent by the browser."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.event import EventSpec

from ssas_portal.services.core.audit import Actor
from ssas_portal.services.core.db import transaction
from ssas_portal.services.forms import workflows
from ssas_portal.services.review import decisions, queue
from ssas_portal.services.review.queue import QueueFilter, QueueRow
from state.form import FormState
from state.guard import Guard
from state.live import LiveState

FILTERS = ("type", "status", "step", "assignee", "age")
MAX_FILTER = 40
REVIEW_PAGE = "/staff/review?ref="


def _step_titles() -> dict[tuple[str, str], tuple[str, str]]:
    """The French and English title of each (registration type, step)."""
    return {(workflow.type.value, step.name): (step.title.fr, step.title.en)
            for workflow in workflows.catalog().workflows for step in workflow.steps}


def _row(row: QueueRow, viewer_id: int, titles: dict[tuple[str, str], tuple[str, str]]) -> dict[str, str]:
    """Codes the page translates (type, status, age unit) so a change of language needs no reload."""
    step_fr, step_en = titles.get((row.type, row.step), (row.step, row.step))
    in_days = row.age_hours >= 24
    return {"reference": row.reference, "type": row.type, "status": row.status, "step": row.step,
            "step_fr": step_fr, "step_en": step_en, "assignee": row.assignee_name,
            "mine": "yes" if row.assignee_id == viewer_id else "", "taken": "yes" if row.assignee_id else "",
            "age": str(row.age_hours // 24 if in_days else row.age_hours), "age_unit": "d" if in_days else "h",
            "overdue": "yes" if row.overdue else "", "version": str(row.version), "id": str(row.application_id)}


class QueueState(LiveState, Guard, FormState, rx.State):
    filter_type: str = ""
    filter_status: str = ""
    filter_step: str = ""
    filter_assignee: str = ""
    filter_age: str = ""
    rows: list[dict[str, str]] = []

    def _chosen(self) -> QueueFilter:
        return QueueFilter(type=self.filter_type, status=self.filter_status, step=self.filter_step,
                           assignee=self.filter_assignee, age=self.filter_age)

    async def _viewer(self, action: str, *, touch: bool = True) -> Actor | None:
        """The staff member acting; anyone else sees no rows and stops the live reloads."""
        actor = await self._staff(action, touch=touch)
        if actor is None:
            self.rows, self._watcher = [], ""
        return actor

    async def _load(self, actor: Actor) -> None:
        viewer, chosen = actor.account_id or 0, self._chosen()
        found = await self._attempt(lambda session: queue.queue(session, viewer, chosen))
        if found is not None:
            titles = _step_titles()
            self.rows = [_row(one, viewer, titles) for one in found]

    def _revision_reader(self) -> Callable[[], str]:
        def read() -> str:
            with transaction() as session:
                return queue.revision(session)
        return read

    async def _reload(self) -> None:
        actor = await self._viewer("review_board.view", touch=False)
        if actor is not None:
            await self._load(actor)

    @rx.event
    async def open(self) -> EventSpec | None:
        """on_load of /staff: the queue with the filters last chosen in this tab."""
        self._clear_error()
        actor = await self._viewer("review_board.view")
        if actor is None:
            return await self._away()
        await self._load(actor)
        return None

    @rx.event
    async def set_filter(self, name: str, value: str) -> None:
        if not isinstance(name, str) or name not in FILTERS or not isinstance(value, str):
            return
        actor = await self._viewer("review_board.view")
        if actor is None:
            return
        setattr(self, f"filter_{name}", value[:MAX_FILTER])
        self._clear_error()
        await self._load(actor)

    @rx.event
    async def clear_filters(self) -> None:
        actor = await self._viewer("review_board.view")
        if actor is None:
            return
        for name in FILTERS:
            setattr(self, f"filter_{name}", "")
        self._clear_error()
        await self._load(actor)

    @rx.event
    async def claim(self, reference: str) -> EventSpec | None:
        """Take the application as shown, then open it; refused when someone changed or took it meanwhile."""
        actor = await self._viewer("review.claim")
        shown = next((row for row in self.rows if row["reference"] == reference), None)
        if actor is None or shown is None:
            return None
        application_id, version = int(shown["id"]), int(shown["version"])
        if await self._attempt(lambda session: decisions.claim(session, actor, application_id, version)):
            return rx.redirect(REVIEW_PAGE + shown["reference"])
        await self._load(actor)
        return None
