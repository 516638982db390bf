"""Pages that update themselves: while the page is open, a background task reads a cheap revision of what it
shows every half second and reloads the page's data when the revision changes.

Why polling the database rather than pushing with `app.modify_state`: a change can come from any backend
worker, from the CLI or from another process; the database is the one place all of them write, so reading a
revision from it sees every change within half a second whichever worker made it, with no registry of open
pages to keep across workers. The loop ends when the browser tab goes away (its socket is no longer linked to
this worker), when the page is left, or when the same tab starts a newer loop.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable

import reflex as rx
from reflex.event import EventSpec
from reflex.utils import prerequisites

from ssas_portal.services.applications import status
from ssas_portal.services.core.db import reading

log = logging.getLogger(__name__)
POLL_S = 0.5


def connected(token: str) -> bool:
    """Whether the tab with this client token still has its socket on this worker."""
    try:
        namespace = prerequisites.get_app().app.event_namespace
    except Exception:  # no running app (tests, CLI): nothing to lose by going on
        return True
    return namespace is None or token in namespace.token_to_sid


def application_revision(application_id: int | None) -> Callable[[], str]:
    """The revision reader of a page about one application: its version and last change."""
    def read() -> str:
        if application_id is None:
            return ""
        with reading() as session:
            return status.revision(session, application_id)
    return read


class LiveState(rx.State, mixin=True):
    """Subclasses give `_revision_reader` (a cheap read-only call, made outside the state's lock) and
    `_reload`; the page calls `start_watching` on mount and `stop_watching` on unmount."""

    _watcher: str = ""
    _seen: str = ""

    def _revision_reader(self) -> Callable[[], str]:
        raise NotImplementedError

    async def _reload(self) -> None:
        raise NotImplementedError

    @rx.event
    def stop_watching(self) -> None:
        self._watcher = ""

    @rx.event
    def start_watching(self) -> EventSpec:
        self._watcher = secrets.token_hex(8)
        # Reflex types a handler called with its arguments as EventCallback[()], its static stand-in for the
        # EventSpec that the call returns at run time.
        return type(self).watch(self._watcher)  # type: ignore[return-value]

    @rx.event(background=True)
    async def watch(self, watcher: str) -> None:
        token = self.router.session.client_token
        while connected(token):
            await asyncio.sleep(POLL_S)
            async with self:
                if self._watcher != watcher:
                    return
                reader = self._revision_reader()
            try:
                revision = await asyncio.to_thread(reader)
            except Exception:  # the database may be away for a moment; the page keeps what it shows
                log.warning("%s: revision unavailable", type(self).__name__, exc_info=True)
                continue
            async with self:
                if self._watcher != watcher:
                    return
                if revision != self._seen:
                    self._seen = revision
                    await self._reload()
