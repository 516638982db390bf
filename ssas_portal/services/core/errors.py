"""Errors the user can act on. Each carries a catalog key, so every layer can say it in the user's language."""

from __future__ import annotations


class DomainError(Exception):
    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class InvalidInput(DomainError):
    """A value was refused; `field` names it so the form can point at it."""

    def __init__(self, field: str, key: str, **params: object) -> None:
        super().__init__(key, **params)
        self.field = field


class Conflict(DomainError):
    """The change clashes with what is stored (a taken e-mail or identifier)."""
