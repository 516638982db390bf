"""Similar accounts beside an application: each candidate with its score, a field-by-field explanation
(exact, close, different, missing) and the two decisions. The panel is what the review screen embeds."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from components.member_page import member_page
from components.message import message
from ssas_portal.pages.titles import title
from state.landing import LandingState
from state.language import LanguageState, tr
from state.session import SessionState
from state.similar_accounts import SimilarAccountsState

VERDICT_COLOURS = {"exact": "green", "close": "amber", "different": "red", "missing": "gray"}
VERDICT_ICONS = {"exact": "check", "close": "equal-approximately", "different": "x", "missing": "minus"}


def _verdict(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.badge(
        rx.match(row["verdict"],
                 *[(name, rx.icon(icon, size=14, aria_hidden="true")) for name, icon in VERDICT_ICONS.items()],
                 rx.fragment()),
        LanguageState.t["similar.verdict." + row["verdict"]],
        rx.cond(row["verdict"] == "close", rx.text.span(" ", row["score"]), rx.fragment()),
        color_scheme=rx.match(row["verdict"], *VERDICT_COLOURS.items(), "gray"),
        variant="soft",
    )


def _explanation_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(LanguageState.t["similar.field." + row["field"]]),
        rx.table.cell(row["ours"]),
        rx.table.cell(row["theirs"]),
        rx.table.cell(_verdict(row)),
    )


def _candidate(candidate: ObjectVar[dict[str, str]]) -> rx.Component:
    label = candidate["label"]
    return rx.card(
        rx.flex(
            rx.flex(
                rx.heading(LanguageState.t["similar.kind." + candidate["kind"]], " ", rx.code(candidate["reference"]),
                           as_="h3", size="4"),
                rx.badge(tr("similar.score"), " ", candidate["score"], " / 100", size="2",
                         color_scheme=rx.cond(candidate["likely"] == "yes", "red", "amber")),
                justify="between", align="center", wrap="wrap", spacing="2",
            ),
            rx.box(rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(tr(key)) for key in
                                               ("similar.column.field", "similar.column.application",
                                                "similar.column.candidate", "similar.column.verdict")])),
                rx.table.body(rx.foreach(SimilarAccountsState.explanations[label], _explanation_row)),
                size="1", width="100%"), overflow_x="auto"),
            rx.flex(
                rx.button(tr("similar.not_same"), variant="soft", color_scheme="gray",
                          on_click=SimilarAccountsState.decide(label, "not_same")),
                rx.button(rx.cond(candidate["kind"] == "party", tr("similar.same_party"),
                                  tr("similar.same_application")),
                          on_click=SimilarAccountsState.decide(label, "same")),
                spacing="3", wrap="wrap",
            ),
            direction="column", spacing="3",
        ),
        class_name="similar-candidate",
        id="candidate-" + label.replace(":", "-"),
    )


def similar_accounts_panel() -> rx.Component:
    return rx.el.section(
        rx.flex(
            rx.heading(tr("similar.title"), as_="h2", size="5", id="similar-title"),
            message(SimilarAccountsState.notice, role="status"),
            rx.cond(
                SimilarAccountsState.candidates.length() > 0,
                rx.flex(rx.foreach(SimilarAccountsState.candidates, _candidate), direction="column", spacing="3"),
                rx.text(tr("similar.none"), size="3"),
            ),
            direction="column", spacing="3",
        ),
        aria_labelledby="similar-title",
    )


def similar_accounts_page() -> rx.Component:
    return member_page(
        "similar.page_title", LandingState, SessionState.sign_out,
        message(SimilarAccountsState.error, role="alert"),
        rx.cond(SimilarAccountsState.reference != "",
                rx.fragment(rx.text(tr("track.reference"), " ", rx.code(SimilarAccountsState.reference)),
                            similar_accounts_panel()),
                rx.fragment()),
    )


def register(app: rx.App) -> None:
    app.add_page(similar_accounts_page, route="/staff/similar", title=title("similar.page_title"),
                 on_load=[LanguageState.apply_url_language, LandingState.open_staff_page, SimilarAccountsState.open])
