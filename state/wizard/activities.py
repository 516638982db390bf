"""The wizard's activity picker: ISIC classes found down the tree or by words."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec

from ssas_portal.services.forms import isic
from state.wizard.core import WizardCore, anchor


class ActivityPickerMixin(WizardCore, mixin=True):
    picker_field: str = ""
    picker_trail: list[dict[str, str]] = []
    picker_options: list[dict[str, str]] = []
    picker_query: str = ""

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
    async def pick(self, code: str) -> EventSpec | None:
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
        return rx.call_script(f"document.getElementById({anchor(path)!r})?.focus()")

    @rx.event
    def close_picker(self) -> None:
        self.picker_field = ""
