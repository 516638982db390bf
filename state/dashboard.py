"""The dashboard of a signed-in person or organisation: their own requests, with the number issued."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from ssas_portal.services.applications import status
from state.form import FormState
from state.guard import Guard
from state.session import EVERY_ROLE


class DashboardState(Guard, FormState, rx.State):
    my_applications: list[dict[str, str]] = []

    @rx.event
    async def open_dashboard(self) -> EventSpec | None:
        """The signed-in account's own requests, with the number issued once approved (never another's)."""
        self.my_applications = []
        redirect = await self._enter(EVERY_ROLE, "dashboard.view")
        account_id = self._account_id
        if not self.allowed or account_id is None:
            return redirect
        found = await self._attempt(lambda session: status.applications_of_account(session, account_id))
        if found is not None:
            self.my_applications = [{"reference": one.reference, "type": one.type.value, "status": one.status.value,
                                     "identifier": one.identifier or ""} for one in found]
        return None
