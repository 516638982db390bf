"""State classes are instantiated directly (Reflex allows it under pytest) and their handlers called."""

from __future__ import annotations

from typing import Any, TypeVar

from reflex.istate.data import RouterData
from reflex.state import BaseState

S = TypeVar("S", bound=BaseState)


def make_state(state_cls: type[S], url: str = "/", **values: Any) -> S:
    state = state_cls(_reflex_internal_init=True, **values)
    path, _, query = url.partition("?")
    state.router = RouterData.from_router_data(
        {"pathname": path, "asPath": url, "query": {}, "headers": {"origin": "http://localhost:3000"}}
    )
    return state
