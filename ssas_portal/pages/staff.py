"""Staff screens. The live review board is its own work; this landing board shows the queue's counts."""

from __future__ import annotations

import reflex as rx

from components.shell import page_shell
from ssas_portal.pages.account import signed_in_bar
from ssas_portal.services import i18n
from state.boards import BoardState
from state.language import LanguageState, tr


def _count_row(item: rx.Var[tuple[str, int]]) -> rx.Component:
    return rx.table.row(rx.table.cell(LanguageState.t["status." + item[0]]), rx.table.cell(item[1]))


def staff_board() -> rx.Component:
    return page_shell(
        rx.heading(tr("staff.title"), as_="h1", size="7"),
        rx.cond(
            BoardState.forbidden,
            rx.callout.root(rx.callout.text(tr("error.forbidden")), color_scheme="red", role="alert"),
            rx.flex(
                signed_in_bar(),
                rx.heading(tr("staff.counts_title"), as_="h2", size="5"),
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            rx.table.column_header_cell(tr("staff.status")),
                            rx.table.column_header_cell(tr("staff.count")),
                        )
                    ),
                    rx.table.body(rx.foreach(BoardState.status_counts, _count_row)),
                    max_width="30rem",
                ),
                rx.text(tr("staff.queue_next"), size="2", color_scheme="gray", high_contrast=True),
                direction="column",
                spacing="4",
            ),
        ),
    )


def register(app: rx.App) -> None:
    title = f"{i18n.translate(i18n.DEFAULT_LANGUAGE, 'staff.title')} · {i18n.translate(i18n.DEFAULT_LANGUAGE, 'app.short_name')}"
    app.add_page(staff_board, route="/staff", title=title, on_load=[LanguageState.apply_url_language,
                                                                     BoardState.open_staff_board])
