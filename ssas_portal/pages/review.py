"""The staff review screen, /staff/review?ref=<reference>: the file (answers by step, documents viewed in
place, the checklist, similar accounts, history and audit trail), claim and release, and the decision on
the current step. Stable ids (review-status, review-step, claim-button, release-button, decision-form,
outcome-<outcome>, reason-<code>, decide-button, review-notice, review-error) serve the browser tests."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from components.member_page import member_page
from components.message import message
from components.status_badge import status_badge
from components.table import data_table
from ssas_portal.pages.similar_accounts import similar_accounts_panel
from ssas_portal.pages.titles import title
from state.landing import LandingState
from state.language import LanguageState, in_language, tr
from state.review import ReviewState
from state.session import SessionState
from state.similar_accounts import SimilarAccountsState

OUTCOMES = ("complete", "reject", "request_information")
HINT = {"size": "1", "color_scheme": "gray", "high_contrast": True}


def _both(row: ObjectVar[dict[str, str]], name: str) -> rx.Var[str]:
    return in_language(row[f"{name}_fr"], row[f"{name}_en"])


def _section(heading_key: str, section_id: str, *children: rx.Component) -> rx.Component:
    return rx.el.section(
        rx.flex(rx.heading(tr(heading_key), as_="h2", size="5", id=f"{section_id}-title"), *children,
                direction="column", spacing="3"),
        id=section_id, aria_labelledby=f"{section_id}-title",
    )


# --- the head: status, step, holder -----------------------------------------------------------------------


def _summary() -> rx.Component:
    step = ReviewState.step
    return rx.card(rx.flex(
        rx.text(tr("review.reference"), " ", rx.code(ReviewState.reference), " · ",
                LanguageState.t["profile." + ReviewState.application_type + ".title"]),
        rx.text(tr("review.status"), " ",
                status_badge(ReviewState.status, id="review-status", custom_attrs={"data-status": ReviewState.status})),
        rx.cond(
            ReviewState.step.contains("name"),
            rx.flex(
                rx.text(tr("review.step"), " ",
                        rx.text.strong(_both(step, "title"), id="review-step",
                                       custom_attrs={"data-step": step["name"]}),
                        " · ", tr("review.step_role"), " ", LanguageState.t["role." + step["role"]]),
                rx.cond(ReviewState.final_step, rx.text(tr("review.final_step_note"), size="2"), rx.fragment()),
                direction="column", spacing="1"),
            rx.text(tr("review.no_step")),
        ),
        rx.cond(ReviewState.assignee_name != "",
                rx.text(tr("review.assignee"), " ", rx.text.strong(ReviewState.assignee_name), id="review-assignee"),
                rx.text(tr("review.unassigned"), id="review-assignee")),
        rx.cond(
            ReviewState.step.contains("name"),
            rx.flex(
                rx.cond(ReviewState.held_by_me, rx.fragment(),
                        rx.button(tr("review.claim"), id="claim-button", on_click=ReviewState.claim)),
                rx.cond(ReviewState.assignee_name != "",
                        rx.button(tr("review.release"), id="release-button", variant="soft", color_scheme="gray",
                                  on_click=ReviewState.release),
                        rx.fragment()),
                spacing="3", wrap="wrap"),
            rx.fragment(),
        ),
        direction="column", spacing="2",
    ))


# --- the decision -----------------------------------------------------------------------------------------


def _outcome(outcome: str) -> rx.Component:
    label = rx.cond(ReviewState.final_step, tr("review.outcome.approve"), tr("review.outcome.complete")) \
        if outcome == "complete" else tr(f"review.outcome.{outcome}")
    return rx.cond(
        ReviewState.outcomes.contains(outcome),
        rx.el.label(
            rx.el.input(type="radio", name="outcome", value=outcome, id=f"outcome-{outcome}", required=True,
                        on_change=ReviewState.choose_outcome(outcome)),
            " ", label,
            html_for=f"outcome-{outcome}", style={"display": "flex", "gap": "0.5rem", "alignItems": "center",
                                                  "minHeight": "2.75rem"},
        ),
        rx.fragment(),
    )


def _reason(reason: ObjectVar[dict[str, str]]) -> rx.Component:
    box_id = "reason-" + reason["code"]
    return rx.el.label(
        rx.el.input(type="checkbox", name="reason_" + reason["code"], id=box_id, value="on"),
        " ", _both(reason, "text"),
        html_for=box_id, style={"display": "flex", "gap": "0.5rem", "alignItems": "center", "minHeight": "2.75rem"},
    )


def _text_box(name: str, label_key: str, hint_key: str) -> rx.Component:
    box_id = f"review-{name}"
    return rx.flex(
        rx.el.label(rx.text(tr(label_key), size="2", weight="bold"), html_for=box_id),
        rx.text(tr(hint_key), id=f"{box_id}-hint", **HINT),
        rx.text_area(name=name, id=box_id, max_length=2000, rows="3", aria_describedby=f"{box_id}-hint",
                     aria_invalid=rx.cond(ReviewState.error_field == name, "true", "false")),
        direction="column", spacing="1",
    )


def _input(name: str, label_key: str, hint_key: str, kind: str = "text") -> rx.Component:
    box_id = f"review-{name.replace('_', '-')}"
    return rx.flex(
        rx.el.label(rx.text(tr(label_key), size="2", weight="bold"), html_for=box_id),
        rx.text(tr(hint_key), id=f"{box_id}-hint", **HINT),
        rx.input(name=name, id=box_id, type=kind, max_length=40, aria_describedby=f"{box_id}-hint",
                 aria_invalid=rx.cond(ReviewState.error_field == name, "true", "false")),
        direction="column", spacing="1",
    )


def _decision_form() -> rx.Component:
    sending_back = ReviewState.chosen_outcome != "complete"
    return _section(
        "review.decision", "review-decision",
        rx.form(
            rx.flex(
                rx.el.fieldset(rx.el.legend(rx.text(tr("review.outcome_legend"), size="2", weight="bold")),
                               *[_outcome(outcome) for outcome in OUTCOMES], class_name="field-frame"),
                rx.cond(
                    ReviewState.offered_reasons.length() > 0,
                    rx.el.fieldset(rx.el.legend(rx.text(tr("review.reasons"), size="2", weight="bold")),
                                   rx.foreach(ReviewState.offered_reasons, _reason), class_name="field-frame",
                                   id="review-reasons"),
                    rx.fragment(),
                ),
                rx.cond((ReviewState.chosen_outcome != "") & sending_back,
                        _text_box("message", "review.message", "review.message_hint"), rx.fragment()),
                _text_box("note", "review.note", "review.note_hint"),
                rx.cond(ReviewState.final_step & (ReviewState.chosen_outcome == "complete"),
                        rx.fragment(
                            _input("identifier", "review.identifier", "review.identifier_hint"),
                            rx.cond(ReviewState.asks_liability_start,
                                    _input("liability_start", "review.liability_start", "review.liability_hint",
                                           kind="date"),
                                    rx.fragment()),
                        ),
                        rx.fragment()),
                rx.button(tr("review.submit"), type="submit", id="decide-button", size="3", width="fit-content"),
                direction="column", spacing="4", max_width="40rem",
            ),
            id="decision-form",
            key=ReviewState.form_key,
            on_submit=ReviewState.decide,
            reset_on_submit=False,
            aria_labelledby="review-decision-title",
        ),
    )


# --- the file ---------------------------------------------------------------------------------------------


def _answer(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.match(
        row["kind"],
        ("entry", rx.el.dt(rx.text.strong(_both(row, "label"), " — ", tr("review.entry"), " ", row["value_fr"]),
                           style={"gridColumn": "1 / -1", "marginTop": "0.5rem"})),
        rx.fragment(
            rx.el.dt(_both(row, "label"), style={"color": "var(--gray-11)", "paddingLeft": rx.cond(
                row["kind"] == "sub", "1rem", "0")}),
            rx.el.dd(_both(row, "value"), style={"margin": "0", "whiteSpace": "pre-line", "overflowWrap": "anywhere"}),
        ),
    )


def _answers() -> rx.Component:
    return _section(
        "review.answers", "review-answers",
        rx.foreach(ReviewState.sections, lambda section: rx.flex(
            rx.heading(_both(section, "title"), as_="h3", size="3"),
            rx.el.dl(rx.foreach(ReviewState.answers[section["name"]], _answer),
                     style={"display": "grid", "gridTemplateColumns": "minmax(8rem, 1fr) 2fr",
                            "gap": "0.25rem 1rem", "margin": "0"}),
            direction="column", spacing="2",
        )),
    )


def _document(document: ObjectVar[dict[str, str]]) -> rx.Component:
    label = _both(document, "label")
    return rx.card(rx.flex(
        rx.heading(label, as_="h3", size="3"),
        rx.text(document["name"], " · ", _both(document, "size"), size="2"),
        rx.match(
            document["viewer"],
            ("pdf", rx.el.iframe(src=document["inline_url"], title=label, width="100%", height="520",
                                 style={"border": "1px solid var(--gray-a6)"})),
            ("image", rx.el.img(src=document["inline_url"], alt=label, style={"maxWidth": "100%", "height": "auto"})),
            rx.text(tr("review.no_preview"), size="2"),
        ),
        rx.el.a(tr("review.download"), " — ", document["name"], href=document["url"], download=document["name"],
                reload_document=True,
                id="download-" + document["id"]),
        direction="column", spacing="2",
    ), id="document-" + document["id"])


def _documents() -> rx.Component:
    return _section(
        "review.documents", "review-documents",
        rx.cond(ReviewState.documents.length() > 0,
                rx.flex(rx.foreach(ReviewState.documents, _document), direction="column", spacing="3"),
                rx.text(tr("review.no_documents"))),
    )


def _requirement(need: ObjectVar[dict[str, str]]) -> rx.Component:
    attached = need["attached"] == "yes"
    return rx.el.li(rx.flex(
        rx.cond(attached, rx.icon("circle-check", size=18, color="var(--green-11)", aria_hidden="true"),
                rx.icon("circle-x", size=18, color="var(--red-11)", aria_hidden="true")),
        rx.text(_both(need, "label")),
        rx.badge(rx.cond(attached, tr("review.attached"), tr("review.missing")),
                 color_scheme=rx.cond(attached, "green", "red"), variant="soft", high_contrast=True),
        align="center", spacing="2", wrap="wrap",
    ), id="checklist-" + need["kind"])


def _checklist() -> rx.Component:
    return _section(
        "review.checklist", "review-checklist",
        rx.cond(ReviewState.checklist.length() > 0,
                rx.el.ul(rx.foreach(ReviewState.checklist, _requirement), class_name="requirement-list"),
                rx.text(tr("review.no_checklist"))),
    )


def _history_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(_both(row, "when")),
        rx.table.cell(LanguageState.t["review.kind." + row["kind"]]),
        rx.table.cell(_both(row, "step")),
        rx.table.cell(row["actor"]),
        rx.table.cell(rx.flex(
            rx.cond(row["reasons_fr"] != "", rx.text(tr("review.reasons_label"), " ", _both(row, "reasons")),
                    rx.fragment()),
            rx.cond(row["message"] != "", rx.text(tr("review.message_label"), " ", row["message"]), rx.fragment()),
            rx.cond(row["note"] != "", rx.text(tr("review.note_label"), " ", row["note"]), rx.fragment()),
            direction="column", spacing="1", style={"whiteSpace": "pre-line"},
        )),
    )


def _audit_row(row: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.table.row(rx.table.cell(_both(row, "when")), rx.table.cell(_both(row, "role")),
                        rx.table.cell(rx.code(row["action"])))


def _events() -> rx.Component:
    return rx.fragment(
        _section("review.history", "review-history", rx.box(
            data_table(["review.column.when", "review.column.what", "review.column.step", "review.column.who",
                        "review.column.details"], ReviewState.history, _history_row, size="1", width="100%"),
            overflow_x="auto")),
        _section("review.audit", "review-audit", rx.box(
            data_table(["review.column.when", "review.column.who", "review.column.what"], ReviewState.audit,
                       _audit_row, size="1", width="100%"),
            overflow_x="auto")),
    )


def review_page() -> rx.Component:
    return member_page(
        "review.page_title", LandingState, SessionState.sign_out,
        rx.link(tr("review.back"), href="/staff", size="2"),
        rx.box(message(ReviewState.error, role="alert"), id="review-error"),
        rx.box(message(ReviewState.notice, role="status"), id="review-notice"),
        rx.box(rx.cond(ReviewState.changed_elsewhere, rx.callout.root(
            rx.callout.text(tr("review.changed_elsewhere")),
            rx.button(tr("review.show_current"), on_click=ReviewState.refresh, id="review-refresh", size="2",
                      width="fit-content"),
            color_scheme="amber", high_contrast=True), rx.fragment()), role="status", id="review-changed"),
        rx.cond(
            ReviewState.reference != "",
            rx.flex(_summary(), rx.cond(ReviewState.outcomes.length() > 0, _decision_form(), rx.fragment()),
                    _answers(), _documents(), _checklist(), similar_accounts_panel(), _events(),
                    direction="column", spacing="5", on_mount=ReviewState.start_watching,
                    on_unmount=ReviewState.stop_watching),
            rx.fragment(),
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(review_page, route="/staff/review", title=title("review.page_title"),
                 on_load=[LanguageState.apply_url_language, LandingState.open_staff_page, ReviewState.open,
                          SimilarAccountsState.open])
