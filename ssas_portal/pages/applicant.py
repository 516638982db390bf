"""The applicant's screens before an account exists: proving a contact on a profile's entry page, the draft
with its reference number, and following a request with the reference and a new code."""

from __future__ import annotations

import reflex as rx

from components.form_field import code_field, text_field
from components.message import message
from components.shell import page_shell
from ssas_portal.pages.titles import title
from state.applicant import ApplicantState
from state.language import LanguageState, tr


def _contact_step(*, tracking: bool) -> rx.Component:
    return rx.form(
        rx.flex(
            rx.cond(tracking, rx.fragment(), rx.text(tr("entry.contact_first"), size="3")),
            message(ApplicantState.error, role="alert"),
            text_field(name="reference", label=tr("track.reference"), autocomplete="off",
                       invalid=ApplicantState.error_field == "reference") if tracking else rx.fragment(),
            text_field(name="contact", label=tr("contact.label"), type="text", autocomplete="email",
                       invalid=ApplicantState.error_field == "contact"),
            rx.text(tr("contact.hint"), size="2", color_scheme="gray", high_contrast=True),
            rx.button(tr("contact.send"), type="submit", size="3"),
            direction="column",
            spacing="3",
        ),
        on_submit=ApplicantState.request_resume if tracking else ApplicantState.send_code,
        reset_on_submit=False,
    )


def _code_step() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.text(tr("contact.code_sent"), " ", rx.text.strong(ApplicantState.destination_hint), size="3"),
            message(ApplicantState.error, role="alert"),
            code_field(name="code", label=tr("signin.code"), invalid=ApplicantState.error_field == "code"),
            rx.button(tr("signin.verify"), type="submit", size="3"),
            direction="column",
            spacing="3",
        ),
        on_submit=ApplicantState.confirm_code,
        reset_on_submit=True,
    )


def _draft() -> rx.Component:
    return rx.flex(
        rx.callout.root(rx.callout.text(tr("draft.opened")), color_scheme="green", role="status"),
        rx.data_list.root(
            rx.data_list.item(rx.data_list.label(tr("track.reference")),
                              rx.data_list.value(rx.code(ApplicantState.reference, size="4", id="draft-reference"))),
            rx.data_list.item(rx.data_list.label(tr("draft.profile")),
                              rx.data_list.value(LanguageState.t["profile." + ApplicantState.draft_type + ".title"])),
            rx.data_list.item(rx.data_list.label(tr("staff.status")),
                              rx.data_list.value(rx.badge(LanguageState.t["status." + ApplicantState.status],
                                                          id="draft-status"))),
            rx.data_list.item(rx.data_list.label(tr("draft.created")), rx.data_list.value(ApplicantState.created)),
        ),
        rx.text(tr("draft.keep_reference"), size="2"),
        rx.button(tr("draft.leave"), on_click=ApplicantState.leave, variant="soft", width="fit-content"),
        direction="column",
        spacing="3",
    )


def request_panel(*, tracking: bool) -> rx.Component:
    """Contact, then code, then the draft: the same three steps for a new request and a returning one."""
    return rx.card(
        rx.flex(
            rx.heading(tr("track.title" if tracking else "contact.title"), as_="h2", size="5"),
            rx.match(ApplicantState.step, ("code", _code_step()), ("draft", _draft()), _contact_step(tracking=tracking)),
            direction="column",
            spacing="3",
        ),
        max_width="36rem",
        size="3",
    )


def track() -> rx.Component:
    return page_shell(
        rx.heading(tr("track.page_title"), as_="h1", size="7"),
        rx.text(tr("track.lead"), size="3"),
        request_panel(tracking=True),
    )


def register(app: rx.App) -> None:
    app.add_page(track, route="/track", title=title("track.page_title"),
                 on_load=[LanguageState.apply_url_language, ApplicantState.open("")])
