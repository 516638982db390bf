"""State classes are built the way the app holds them (a root State with its substates, which Reflex allows
under pytest), with router data as a browser would send it; handlers are then called directly."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from reflex.istate.data import RouterData
from reflex.state import BaseState, State

S = TypeVar("S", bound=BaseState)
T = TypeVar("T")


def make_state(state_cls: type[S], url: str = "/", **values: Any) -> S:
    # BaseState.__init__ takes the flag; mypy reads the dataclass_transform fields only.
    root = State(_reflex_internal_init=True)  # type: ignore[call-arg]
    root.router = RouterData.from_router_data(
        {"pathname": url.partition("?")[0], "asPath": url, "query": {}, "ip": "198.51.100.7",
         "headers": {"origin": "http://localhost:3000", "user_agent": "state-test"}}
    )
    state = root.get_substate(state_cls.get_full_name().split(".")[1:])
    for name, value in values.items():
        setattr(state, name, value)
    return state  # type: ignore[return-value]


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a handler on a loop of its own, in a thread: Playwright's sync API may hold this thread's loop."""
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, coroutine).result()
