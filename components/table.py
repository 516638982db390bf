"""A plain data table: column headers from catalog keys, rows drawn by the caller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import reflex as rx

from state.language import tr

RowVar = TypeVar("RowVar", bound=rx.Var[Any])  # what rx.foreach hands `row`: the Var of one item


def data_table(header_keys: list[str], rows: rx.Var[list[Any]] | list[rx.Component],
               row: Callable[[RowVar], rx.Component] | None = None, **props: Any) -> rx.Component:
    """Rows from a state list drawn by `row`, or rows already built (from configuration)."""
    body = rx.table.body(*rows) if isinstance(rows, list) else rx.table.body(rx.foreach(rows, row))
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(tr(key)) for key in header_keys])),
        body,
        **props,
    )
