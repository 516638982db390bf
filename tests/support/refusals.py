"""Services raise a `Refusal`; tests that compare answers read it as a value."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from ssas_portal.services.core.db import transaction
from ssas_portal.services.core.errors import Refusal

T = TypeVar("T")


def outcome(engine: Engine, action: Callable[[Session], T]) -> T | Refusal:
    """What a service answers in one transaction: its result, or the refusal it raised (then the transaction
    rolled back, unless the refusal kept the record of the attempt)."""
    try:
        with transaction(engine) as session:
            return action(session)
    except Refusal as refused:
        return refused
