"""What every form state shares: one error message in the page's language, and one service call per
submit that turns a provider or database failure into that message instead of a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Final, TypeVar

import reflex as rx
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from ssas_portal.services.core.db import transaction
from ssas_portal.services.messaging.delivery import DeliveryError
from ssas_portal.services.core.i18n import translate
from state.language import LanguageState

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_INPUT = 1024


class Failed:
    """Returned by `attempt` when the service could not run; the form already says why."""


FAILED: Final = Failed()


def field(form: dict[str, str], name: str, *, strip: bool = True) -> str:
    """A submitted value, cut to a sane size: the browser is never trusted with lengths."""
    value = str(form.get(name, ""))[:MAX_INPUT]
    return value.strip() if strip else value


class FormState(rx.State, mixin=True):
    error: str = ""
    error_field: str = ""

    async def say(self, key: str, **params: object) -> str:
        language = (await self.get_state(LanguageState)).language
        return translate(language, key, **params)

    async def fail(self, key: str, field_name: str = "", **params: object) -> None:
        self.error = await self.say(key, **params)
        self.error_field = field_name

    def clear_error(self) -> None:
        self.error, self.error_field = "", ""

    async def attempt(self, action: Callable[[Session], T]) -> T | Failed:
        """Run `action` in one transaction."""
        try:
            with transaction() as session:
                return action(session)
        except DeliveryError as refused:
            log.warning("%s: message not delivered: %s", type(self).__name__, refused.detail)
            await self.fail(refused.key)
        except SQLAlchemyError:
            log.exception("%s: database unavailable", type(self).__name__)
            await self.fail("error.unavailable")
        return FAILED
