"""What every form state shares: one error message in the page's language, and one service call per submit
that turns a refusal, an undelivered message or a database failure into that message instead of a
traceback. This is the one place where a `Refusal` becomes words on a page."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.core.i18n import translate
from state.language import LanguageState

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_INPUT = 1024
LONG_TEXT = 20_000
"""The cut of a free text (a message, a note): past the longest any service accepts, so it is refused there."""


def field(form: object, name: str, *, strip: bool = True, limit: int = MAX_INPUT) -> str:
    """A submitted value, cut to a sane size: the browser is never trusted with types or lengths."""
    value = str(form.get(name, ""))[:limit] if isinstance(form, Mapping) else ""
    return value.strip() if strip else value


class FormState(rx.State, mixin=True):
    error: str = ""
    error_field: str = ""
    _refused: str = ""
    """The catalog key of the last refusal, for a handler that reacts to one (a dead code restarts sign-in)."""

    async def _say(self, key: str, **params: object) -> str:
        language = (await self.get_state(LanguageState)).language
        return translate(language, key, **params)

    async def _fail(self, key: str, field_name: str = "", **params: object) -> None:
        self.error = await self._say(key, **params)
        self.error_field = field_name

    def _clear_error(self) -> None:
        self.error, self.error_field, self._refused = "", "", ""

    async def _say_refusal(self, refused: Refusal) -> None:
        """How this form says a refusal; a form that shows problems beside its fields says it there."""
        await self._fail(refused.key, refused.field, **refused.params)

    async def _attempt(self, action: Callable[[Session], T], *,
                       say: Callable[[Refusal], Awaitable[None]] | None = None) -> T | None:
        """Run `action` in one transaction; None when it was refused or could not run, the form saying why
        (by `say` when given). An action whose success answers nothing is run with `_succeeds`."""
        self._refused = ""
        try:
            with transaction() as session:
                return action(session)
        except Refusal as refused:
            if refused.detail:
                log.warning("%s: %s: %s", type(self).__name__, refused.key, refused.detail)
            self._refused = refused.key
            await (say or self._say_refusal)(refused)
        except SQLAlchemyError:
            log.exception("%s: database unavailable", type(self).__name__)
            self._refused = "error.unavailable"
            await self._fail("error.unavailable")
        return None

    async def _succeeds(self, action: Callable[[Session], object]) -> bool:
        """Run a change that answers nothing: True when it was made."""
        def run(session: Session) -> bool:
            action(session)
            return True

        return await self._attempt(run) is True
