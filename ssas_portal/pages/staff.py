"""Staff screens. The live review board is its own work; this landing board shows the queue's counts."""

from __future__ import annotations

import reflex as rx

from components.table import data_table
from ssas_portal.pages.account import member_page
from ssas_portal.pages.titles import title
from state.boards import BoardState
from state.language import LanguageState, tr


def _count_row(item: rx.Var[tuple[str, int]]) -> rx.Component:
    return rx.table.row(rx.table.cell(LanguageState.t["status." + item[0]]), rx.table.cell(item[1]))


def staff_board() -> rx.Component:
    return member_page(
        "staff.title",
        rx.heading(tr("staff.counts_title"), as_="h2", size="5"),
        data_table(["staff.status", "staff.count"], BoardState.status_counts, _count_row, max_width="30rem"),
        rx.text(tr("staff.queue_next"), size="2", color_scheme="gray", high_contrast=True),
    )


def register(app: rx.App) -> None:
    app.add_page(staff_board, route="/staff", title=title("staff.title"), on_load=[LanguageState.apply_url_language,
                                                                     BoardState.open_staff_board])
