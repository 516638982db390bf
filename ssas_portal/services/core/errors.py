"""The one way the domain says no: a `Refusal` carries the catalog key that says why in the user's language,
the field it concerns ("" when it concerns the whole request) and the key's parameters.

Services raise it; the state layer turns it into the page's message in one place. A form's problems are a
list of refusals (`Refusal.of` raises them together). Raising one rolls the transaction back
(`core.db.transaction`), except a refusal made `kept`: the refused attempt's own record (a failure counted,
its audit event) must survive the refusal, or a throttle could be beaten by failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class Refusal(Exception):
    def __init__(self, key: str, field: str = "", /, *, kept: bool = False, others: Sequence[Refusal] = (),
                 detail: str = "", **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.field = field
        # Any, not object: the parameters are unpacked into Refusal(...) again, and mypy would check them
        # against its `kept`, `others` and `detail`, which they never are.
        self.params: dict[str, Any] = params
        self.kept = kept
        self.others = tuple(others)
        self.detail = detail
        """What staff read in the log (a provider's answer); never shown to the user."""

    @classmethod
    def of(cls, problems: Sequence[Refusal]) -> Refusal:
        """Several problems refused together (a form's): the first, carrying the others."""
        first, *rest = problems
        return cls(first.key, first.field, others=rest, **first.params)

    @property
    def every(self) -> list[Refusal]:
        return [self, *self.others]

    def at(self, field: str) -> Refusal:
        """The same refusal, about `field` (a validator does not know the field it checks)."""
        return Refusal(self.key, field, kept=self.kept, detail=self.detail, **self.params)

    def _identity(self) -> tuple[str, str, tuple[tuple[str, str], ...]]:
        return self.key, self.field, tuple(sorted((name, repr(value)) for name, value in self.params.items()))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Refusal) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    def __repr__(self) -> str:
        return f"Refusal({self.key!r}, {self.field!r}, {self.params!r})"
