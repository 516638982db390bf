"""A plain data table: column headers from catalog keys, rows drawn by the caller."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from state.language import tr


def data_table(header_keys: list[str], rows: rx.Var[list[Any]] | list[rx.Component],
               row: Callable[[rx.Var], rx.Component] | None = None, **props: Any) -> rx.Component:
    """Rows from a state list drawn by `row`, or rows already built (from configuration)."""
    body = rx.table.body(*rows) if isinstance(rows, list) else rx.table.body(rx.foreach(rows, row))
    return rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(tr(key)) for key in header_keys])),
        body,
        **props,
    )
