"""The applicant's screens before an account exists: proving a contact on a profile's entry page, the draft
with its reference number, and following a request with the reference and a new code: its status, step and
timeline, updated live, and what staff asked for with the way to answer."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from components.form_field import code_field, text_field
from components.message import message
from components.shell import page_shell
from components.status_badge import status_badge
from ssas_portal.pages.titles import title
from state.applicant import ApplicantState, TimelineRow
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


def _reasons_and_message(row: ObjectVar[TimelineRow]) -> rx.Component:
    """Why staff decided, and what they wrote to the applicant (never their internal note)."""
    return rx.fragment(
        rx.cond(row.reasons.length() > 0,
                rx.flex(rx.text(tr("status_page.reasons"), size="2", weight="medium"),
                        rx.el.ul(rx.foreach(row.reasons, lambda reason: rx.el.li(rx.text(reason, size="2")))),
                        direction="column"),
                rx.fragment()),
        rx.cond(row.message != "",
                rx.flex(rx.text(tr("status_page.message"), size="2", weight="medium"),
                        rx.el.blockquote(rx.text(row.message, size="2", white_space="pre-line")),
                        direction="column"),
                rx.fragment()),
    )


def request_callout(*, callout_id: str, answer_link: bool) -> rx.Component:
    """What staff asked the held request for, shown while it waits for the applicant's answer."""
    request = ApplicantState.request[LanguageState.language]
    return rx.cond(
        ApplicantState.request.contains(LanguageState.language),
        rx.callout.root(
            rx.flex(
                rx.heading(tr("status_page.request_title"), as_="h3", size="4"),
                # Reflex types an item of a dict of dataclasses as a plain Var; it is an ObjectVar.
                _reasons_and_message(request),  # type: ignore[arg-type]
                rx.text(tr("status_page.request_lead"), size="2"),
                rx.link(rx.icon("pencil", size=16, aria_hidden="true"), tr("status_page.answer"),
                        href=ApplicantState.wizard_path, id="status-answer", weight="bold", size="3")
                if answer_link else rx.fragment(),
                direction="column",
                spacing="2",
            ),
            color_scheme="amber",
            id=callout_id,
        ),
        rx.fragment(),
    )


def _timeline_row(row: ObjectVar[TimelineRow]) -> rx.Component:
    return rx.el.li(
        rx.flex(
            rx.text(row.when, size="1", color_scheme="gray", high_contrast=True),
            rx.text(rx.text.strong(row.what), rx.cond(row.step != "", rx.text.span(" — ", row.step), rx.fragment()),
                    size="2"),
            _reasons_and_message(row),
            direction="column",
            spacing="1",
        ),
        # Reflex types a dataclass attribute as ObjectItemOperation; a str one is a StringVar.
        class_name="timeline-" + row.kind,  # type: ignore[operator]
    )


def _timeline() -> rx.Component:
    rows = ApplicantState.timeline[LanguageState.language]
    return rx.cond(
        ApplicantState.timeline.contains(LanguageState.language) & (rows.length() > 0),
        rx.el.section(
            rx.heading(tr("status_page.timeline_title"), as_="h3", size="4", id="status-timeline-title"),
            rx.el.ol(rx.foreach(rows, _timeline_row), id="status-timeline", class_name="timeline"),
            aria_labelledby="status-timeline-title",
        ),
        rx.fragment(),
    )


def _outcome() -> rx.Component:
    """What the status means for the applicant now, and where to go from here."""
    return rx.match(
        ApplicantState.status,
        ("draft", rx.flex(
            rx.callout.root(rx.callout.text(tr("draft.opened")), color_scheme="green", role="status"),
            rx.link(tr("status_page.continue"), href=ApplicantState.wizard_path, id="status-continue", weight="bold"),
            direction="column", spacing="2")),
        ("information_requested", request_callout(callout_id="status-request", answer_link=True)),
        ("approved", rx.callout.root(rx.flex(
            rx.heading(tr("status_page.approved_title"), as_="h3", size="4"),
            rx.text(tr("status_page.approved_lead"), size="2"),
            rx.link(tr("status_page.sign_in"), href="/sign-in", weight="bold"),
            direction="column", spacing="2"), color_scheme="green", id="status-approved")),
        ("rejected", rx.callout.root(rx.callout.text(tr("status_page.rejected_title")), color_scheme="red",
                                     id="status-rejected")),
        rx.fragment(),
    )


def _withdrawal() -> rx.Component:
    """Giving the request up, confirmed first; offered while it is a draft or under review."""
    return rx.box(
        message(ApplicantState.error, role="alert"),
        rx.cond(
            ApplicantState.confirming_withdrawal,
            rx.callout.root(rx.flex(
                rx.text(tr("status_page.withdraw_question"), size="2"),
                rx.flex(rx.button(tr("status_page.withdraw_confirm"), on_click=ApplicantState.withdraw,
                                  color_scheme="red", id="withdraw-confirm"),
                        rx.button(tr("status_page.withdraw_keep"), on_click=ApplicantState.ask_withdrawal(False),
                                  variant="soft", color_scheme="gray"),
                        spacing="3", wrap="wrap"),
                direction="column", spacing="2"), color_scheme="red", role="alertdialog"),
            rx.cond(ApplicantState.can_withdraw,
                    rx.button(tr("status_page.withdraw"), on_click=ApplicantState.ask_withdrawal(True),
                              variant="soft", color_scheme="red", id="withdraw-button", width="fit-content"),
                    rx.fragment()),
        ),
    )


def _draft() -> rx.Component:
    """The request held in this browser, kept up to date while the page is open."""
    return rx.flex(
        rx.data_list.root(
            rx.data_list.item(rx.data_list.label(tr("track.reference")),
                              rx.data_list.value(rx.code(ApplicantState.reference, size="4", id="draft-reference"))),
            rx.data_list.item(rx.data_list.label(tr("draft.profile")),
                              rx.data_list.value(LanguageState.t["profile." + ApplicantState.draft_type + ".title"])),
            rx.data_list.item(rx.data_list.label(tr("staff.status")),
                              rx.data_list.value(status_badge(ApplicantState.status, id="draft-status"))),
            rx.cond(ApplicantState.current_step.contains(LanguageState.language),
                    rx.data_list.item(rx.data_list.label(tr("status_page.current_step")),
                                      rx.data_list.value(ApplicantState.current_step[LanguageState.language],
                                                         id="status-step")),
                    rx.fragment()),
            rx.cond(ApplicantState.identifier != "",
                    rx.data_list.item(rx.data_list.label(tr("status_page.identifier")),
                                      rx.data_list.value(rx.code(ApplicantState.identifier, size="4",
                                                                 id="status-identifier"))),
                    rx.fragment()),
            rx.data_list.item(rx.data_list.label(tr("draft.created")), rx.data_list.value(ApplicantState.created)),
        ),
        rx.box(_outcome(), aria_live="polite"),
        _timeline(),
        _withdrawal(),
        rx.text(tr("draft.keep_reference"), size="2"),
        rx.button(tr("draft.leave"), on_click=ApplicantState.leave, variant="soft", width="fit-content"),
        direction="column",
        spacing="3",
        on_mount=ApplicantState.start_watching,
        on_unmount=ApplicantState.stop_watching,
    )


def request_panel(*, tracking: bool) -> rx.Component:
    """Contact, then code, then the draft: the same three steps for a new request and a returning one."""
    return rx.card(
        rx.flex(
            rx.heading(tr("track.title" if tracking else "contact.title"), as_="h2", size="5"),
            rx.match(ApplicantState.step, ("code", _code_step()), ("draft", _draft()),
                     _contact_step(tracking=tracking)),
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
