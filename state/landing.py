"""The staff landing page (applications counted by status) and the frame of the other staff pages."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from models.enums import STAFF_ROLES, Role
from ssas_portal.services.review import queue
from state.form import FormState
from state.guard import Guard


class LandingState(Guard, FormState, rx.State):
    status_counts: list[tuple[str, int]] = []

    @rx.event
    async def open_staff_board(self) -> EventSpec | None:
        self.status_counts = []
        redirect = await self._enter(STAFF_ROLES, "staff.board.view")
        if not self.allowed:
            return redirect
        counts = await self._attempt(queue.count_by_status)
        if counts is not None:
            self.status_counts = [(status.value, count) for status, count in counts.items()]
        return None

    @rx.event
    async def open_staff_page(self) -> EventSpec | None:
        """Who is signed in, on a staff page whose own state loads (and checks again) its data."""
        return await self._enter(STAFF_ROLES, "staff.page.view")

    @rx.event
    async def open_form_definitions(self) -> EventSpec | None:
        """The active form definitions, for administrators who adapt them."""
        return await self._enter(frozenset({Role.ADMIN}), "form_definitions.view")
