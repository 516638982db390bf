"""The live review queue on the staff board: labelled filters, the open applications oldest first, and a
claim per row. It updates itself while open (state/live), so two people see each other's claims."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from components.message import message
from models.enums import ApplicationType
from ssas_portal.services.applications.lifecycle import OPEN_STATUSES
from ssas_portal.services.forms import workflows
from ssas_portal.services.forms.definitions import Text
from ssas_portal.services.review import queue
from state.language import LanguageState, in_language, tr
from state.queue import REVIEW_PAGE, QueueState

HEADERS = ("board.reference", "board.type", "board.status", "board.step", "board.assignee", "board.age",
           "board.action")


def _step_options() -> list[tuple[str, rx.Var[str]]]:
    """Each step name once, titled as its first workflow titles it."""
    titles: dict[str, Text] = {}
    for workflow in workflows.catalog().workflows:
        for step in workflow.steps:
            titles.setdefault(step.name, step.title)
    return [(name, in_language(titles[name].fr, titles[name].en)) for name in queue.step_names()]


def _filter(name: str, options: list[tuple[str, rx.Var[str]]]) -> rx.Component:
    """A native select: keyboard and screen readers work with it on every phone; "" shows everything."""
    select_id = f"board-filter-{name}"
    return rx.flex(
        rx.el.label(rx.text(tr(f"board.filter.{name}"), size="2", weight="medium"), html_for=select_id),
        rx.el.select(
            rx.el.option(tr("board.any"), value=""),
            *[rx.el.option(label, value=value) for value, label in options],
            id=select_id,
            value=getattr(QueueState, f"filter_{name}"),
            on_change=lambda value: QueueState.set_filter(name, value),
            class_name="native-select",
        ),
        direction="column",
        spacing="1",
    )


def _filters() -> rx.Component:
    return rx.el.div(
        rx.flex(
            _filter("type", [(kind.value, tr(f"profile.{kind.value}.title")) for kind in ApplicationType]),
            _filter("status", [(status.value, tr(f"status.{status.value}")) for status in OPEN_STATUSES]),
            _filter("step", _step_options()),
            _filter("assignee", [(value, tr(f"board.assignee.{value}")) for value in queue.ASSIGNEES]),
            _filter("age", [(value, tr(f"board.age.{value}")) for value in (queue.OVERDUE, *queue.AGES)]),
            rx.button(tr("board.clear"), type="button", variant="soft", color_scheme="gray",
                      on_click=QueueState.clear_filters, id="board-clear-filters"),
            spacing="3",
            wrap="wrap",
            align="end",
        ),
        role="search",
        aria_label=LanguageState.t["board.filters"],
    )


def _age(row: ObjectVar[dict[str, str]]) -> rx.Component:
    unit = row["age_unit"]
    return rx.flex(
        rx.text.span(row["age"], " ", rx.el.abbr(LanguageState.t["board.unit." + unit],
                                                 title=LanguageState.t["board.unit_long." + unit])),
        rx.cond(row["overdue"] == "yes",
                rx.badge(tr("board.overdue"), color_scheme="red", high_contrast=True, class_name="overdue"),
                rx.fragment()),
        spacing="2",
        align="center",
        wrap="wrap",
    )


def _action(row: ObjectVar[dict[str, str]]) -> rx.Component:
    """Claim what nobody holds; open what the viewer holds, or read what a colleague holds."""
    reference = row["reference"]
    return rx.cond(
        row["taken"] == "yes",
        rx.link(rx.cond(row["mine"] == "yes", tr("board.open"), tr("board.view")), href=REVIEW_PAGE + reference,
                id="open-" + reference, aria_label=LanguageState.t["board.open"] + " " + reference),
        rx.button(tr("board.claim"), on_click=QueueState.claim(reference), size="2", id="claim-" + reference,
                  aria_label=LanguageState.t["board.claim"] + " " + reference),
    )


def _row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    reference = row["reference"]
    return rx.table.row(
        rx.table.row_header_cell(rx.link(rx.code(reference), href=REVIEW_PAGE + reference)),
        rx.table.cell(LanguageState.t["profile." + row["type"] + ".title"]),
        rx.table.cell(LanguageState.t["status." + row["status"]]),
        rx.table.cell(in_language(row["step_fr"], row["step_en"])),
        rx.table.cell(rx.cond(row["taken"] == "yes", row["assignee"], tr("board.nobody"))),
        rx.table.cell(_age(row)),
        rx.table.cell(_action(row)),
        id="row-" + reference,
        class_name="queue-row",
    )


def _table() -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(tr(key)) for key in HEADERS])),
            rx.table.body(rx.foreach(QueueState.rows, _row)),
            size="2",
            width="100%",
            min_width="48rem",
            id="queue-table",
        ),
        overflow_x="auto",
        width="100%",
    )


def queue_section() -> rx.Component:
    """Watches while mounted: the loop ends when the page is left or the tab goes away."""
    return rx.el.section(
        rx.flex(
            rx.heading(tr("board.title"), as_="h2", size="5", id="queue-title"),
            message(QueueState.error, role="alert"),
            _filters(),
            rx.text(tr("board.shown"), " ", rx.text.strong(QueueState.rows.length()), size="2", role="status",
                    id="queue-count"),
            rx.cond(QueueState.rows.length() > 0, _table(), rx.text(tr("board.empty"), size="3")),
            direction="column",
            spacing="3",
        ),
        aria_labelledby="queue-title",
        on_mount=QueueState.start_watching,
        on_unmount=QueueState.stop_watching,
    )
