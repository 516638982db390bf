"""Account screens: sign-in with two factors, lost password, activation, security settings, dashboard."""

from __future__ import annotations

import reflex as rx
from reflex.vars import NumberVar, ObjectVar

from components.form_field import code_field, form_card, narrow_card, new_password_fields, text_field
from components.member_page import member_page
from components.message import message
from components.shell import page_shell
from components.status_badge import status_badge
from components.table import data_table
from models.enums import SecondFactor
from ssas_portal.pages.titles import title
from state.account import AccountState
from state.dashboard import DashboardState
from state.language import LanguageState, tr
from state.password_reset import PasswordResetState
from state.session import SessionState
from state.sign_in import SignInState


def _heading(key: str, heading_id: str) -> rx.Component:
    return rx.heading(tr(key), as_="h1", size="7", id=heading_id)


def _password_step() -> rx.Component:
    return form_card(
        _heading("signin.title", "sign-in-title"),
        rx.text(tr("signin.lead"), size="3"),
        message(SignInState.notice, role="status"),
        message(SignInState.error, role="alert"),
        text_field(name="email", label=tr("signin.email"), type="text", autocomplete="username",
                   invalid=SignInState.error_field == "email", default_value=SignInState.email),
        text_field(name="password", label=tr("signin.password"), type="password", autocomplete="current-password",
                   invalid=SignInState.error_field == "password"),
        rx.button(tr("signin.submit"), type="submit", size="3"),
        rx.flex(
            rx.link(tr("signin.lost_password"), href="/lost-password", size="2"),
            rx.link(tr("signin.no_account"), href="/", size="2"),
            direction="column",
            spacing="2",
        ),
        on_submit=SignInState.submit_password,
        labelled_by="sign-in-title",
    )


def _code_step() -> rx.Component:
    return form_card(
        _heading("signin.code_title", "code-title"),
        rx.cond(
            SignInState.method == SecondFactor.TOTP.value,
            rx.text(tr("signin.code_from_app"), size="3"),
            rx.text(tr("signin.code_sent"), " ", rx.text.strong(SignInState.destination_hint), size="3"),
        ),
        message(SignInState.error, role="alert"),
        code_field(name="code", label=tr("signin.code"), invalid=SignInState.error_field == "code"),
        rx.button(tr("signin.verify"), type="submit", size="3"),
        rx.button(tr("signin.start_again"), type="button", variant="ghost", on_click=SignInState.restart),
        on_submit=SignInState.submit_code,
        labelled_by="code-title",
    )


def sign_in() -> rx.Component:
    return page_shell(rx.cond(SignInState.step == "code", _code_step(), _password_step()))


def _reset_email_step() -> rx.Component:
    return form_card(
        _heading("reset.title", "reset-title"),
        rx.text(tr("reset.lead"), size="3"),
        message(PasswordResetState.error, role="alert"),
        text_field(name="email", label=tr("signin.email"), type="text", autocomplete="username",
                   invalid=PasswordResetState.error_field == "email"),
        rx.button(tr("reset.send"), type="submit", size="3"),
        on_submit=PasswordResetState.request_code,
        labelled_by="reset-title",
    )


def _reset_password_step() -> rx.Component:
    return form_card(
        _heading("reset.title", "reset-title"),
        rx.text(tr("reset.code_lead"), size="3"),
        message(PasswordResetState.error, role="alert"),
        code_field(name="code", label=tr("signin.code"), invalid=PasswordResetState.error_field == "code"),
        code_field(name="totp_code", label=tr("reset.totp_code"), invalid=PasswordResetState.error_field == "code",
                   required=False),
        new_password_fields(label=tr("reset.new_password"), again_label=tr("reset.new_password_again"),
                            invalid=PasswordResetState.error_field.contains("password")),
        rx.button(tr("reset.submit"), type="submit", size="3"),
        on_submit=PasswordResetState.set_new_password,
        labelled_by="reset-title",
    )


def _reset_done() -> rx.Component:
    return narrow_card(
        rx.flex(
            _heading("reset.title", "reset-title"),
            rx.callout.root(rx.callout.text(tr("reset.done")), color_scheme="green", role="status"),
            rx.link(tr("reset.to_sign_in"), href="/sign-in", size="3", weight="bold"),
            direction="column",
            spacing="4",
        )
    )


def lost_password() -> rx.Component:
    return page_shell(
        rx.match(
            PasswordResetState.step,
            ("reset", _reset_password_step()),
            ("done", _reset_done()),
            _reset_email_step(),
        )
    )


def _method_choice(methods: list[SecondFactor]) -> rx.Component:
    return rx.flex(
        rx.el.label(rx.text(tr("activate.method"), size="2", weight="medium"), html_for="field-method"),
        rx.el.select(
            *[rx.el.option(tr(f"method.{method.value}"), value=method.value) for method in methods],
            id="field-method",
            name="method",
            default_value=AccountState.method,
            class_name="native-select",
        ),
        direction="column",
        spacing="1",
    )


def _phone_field() -> rx.Component:
    return text_field(name="phone", label=tr("activate.phone"), type="tel", autocomplete="tel", required=False,
                      default_value=AccountState.phone, invalid=AccountState.error_field == "phone")


def _totp_section() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.heading(tr("security.totp_title"), as_="h2", size="5"),
            message(AccountState.notice, role="status"),
            rx.cond(
                AccountState.totp_qr != "",
                rx.form(
                    rx.flex(
                        rx.text(tr("security.totp_lead"), size="3"),
                        rx.image(src=AccountState.totp_qr, alt=tr("security.totp_qr_alt"), width="200px",
                                 height="200px"),
                        rx.text(tr("security.totp_key"), size="2", weight="medium"),
                        rx.code(AccountState.totp_secret, id="totp-secret", size="3"),
                        code_field(name="code", label=tr("signin.code")),
                        rx.button(tr("security.totp_confirm"), type="submit"),
                        direction="column",
                        spacing="3",
                    ),
                    on_submit=AccountState.confirm_totp,
                    reset_on_submit=True,
                ),
                rx.button(tr("security.totp_start"), on_click=AccountState.start_totp, variant="soft",
                          id="totp-start"),
            ),
            direction="column",
            spacing="3",
        ),
    )


def activate() -> rx.Component:
    return page_shell(
        form_card(
            _heading("activate.title", "activate-title"),
            rx.text(tr("activate.lead"), size="3"),
            message(AccountState.error, role="alert"),
            new_password_fields(label=tr("reset.new_password"), again_label=tr("reset.new_password_again"),
                                invalid=AccountState.error_field.contains("password")),
            _method_choice(list(SecondFactor)),
            _phone_field(),
            rx.text(tr("activate.totp_hint"), size="2", color_scheme="gray", high_contrast=True),
            rx.button(tr("activate.submit"), type="submit", size="3"),
            on_submit=AccountState.activate,
            labelled_by="activate-title",
        ),
        rx.box(_totp_section(), max_width="30rem", width="100%", margin_x="auto"),
    )


def _session_row(item: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.table.row(
        rx.table.cell(item["client"]),
        rx.table.cell(item["since"]),
        rx.table.cell(item["last_seen"]),
        rx.table.cell(rx.cond(item["current"] != "", rx.badge(tr("security.session_current")), "")),
    )


def security() -> rx.Component:
    return page_shell(
        rx.heading(tr("security.title"), as_="h1", size="7"),
        message(AccountState.error, role="alert"),
        rx.card(
            rx.form(
                rx.flex(
                    rx.heading(tr("security.method_title"), as_="h2", size="5"),
                    rx.text(tr("security.current_method"), " ",
                            rx.text.strong(LanguageState.t["method." + AccountState.method])),
                    _method_choice([SecondFactor.EMAIL_CODE, SecondFactor.SMS_CODE]),
                    _phone_field(),
                    text_field(name="current_password", label=tr("security.current_password"), type="password",
                               autocomplete="current-password", invalid=AccountState.error_field == "password"),
                    rx.button(tr("security.save_method"), type="submit"),
                    direction="column",
                    spacing="3",
                    align="start",
                ),
                on_submit=AccountState.choose_channel,
                reset_on_submit=False,
            ),
        ),
        _totp_section(),
        rx.card(
            rx.flex(
                rx.heading(tr("security.sessions_title"), as_="h2", size="5"),
                data_table(
                    ["security.session_client", "security.session_since", "security.session_last_seen",
                     "security.session_this"],
                    AccountState.active_sessions, _session_row, width="100%",
                ),
                rx.flex(
                    rx.button(tr("security.sign_out_others"), on_click=AccountState.sign_out_others, variant="soft"),
                    rx.button(tr("security.sign_out_everywhere"), on_click=SessionState.sign_out_everywhere,
                              color_scheme="red", variant="soft"),
                    spacing="3",
                    wrap="wrap",
                ),
                direction="column",
                spacing="3",
            ),
            overflow_x="auto",
        ),
    )


def _numbered(name: str, index: NumberVar[int]) -> rx.Var[str]:
    """The first row's id is `name` itself, so a test finds the only application without knowing its rank."""
    return rx.cond(index == 0, name, f"{name}-" + index.to_string())


def _application_row(application: ObjectVar[dict[str, str]], index: NumberVar[int]) -> rx.Component:
    identifier = application["identifier"]
    return rx.table.row(
        rx.table.row_header_cell(rx.code(application["reference"], id=_numbered("dashboard-reference", index))),
        rx.table.cell(LanguageState.t["profile." + application["type"] + ".title"]),
        rx.table.cell(status_badge(application["status"], id=_numbered("dashboard-status", index))),
        rx.table.cell(rx.cond(identifier != "",
                              rx.code(identifier, size="4", id=_numbered("dashboard-identifier", index)),
                              rx.text(tr("dashboard.no_identifier"), size="2", color_scheme="gray",
                                      high_contrast=True))),
    )


def _my_applications() -> rx.Component:
    return rx.el.section(
        rx.heading(tr("dashboard.applications_title"), as_="h2", size="5", id="dashboard-applications-title"),
        rx.cond(
            DashboardState.my_applications.length() > 0,
            data_table(["dashboard.reference", "dashboard.profile", "dashboard.status", "dashboard.identifier"],
                       [rx.foreach(DashboardState.my_applications, _application_row)], id="dashboard-applications"),
            rx.text(tr("dashboard.no_applications"), size="2"),
        ),
        aria_labelledby="dashboard-applications-title",
    )


def dashboard() -> rx.Component:
    return member_page(
        "dashboard.title", DashboardState, SessionState.sign_out,
        rx.text(tr("dashboard.role"), " ", rx.text.strong(LanguageState.t["role." + DashboardState.role])),
        _my_applications(),
        rx.text(tr("dashboard.lead"), size="3"),
    )


def register(app: rx.App) -> None:
    language = LanguageState.apply_url_language
    app.add_page(sign_in, route="/sign-in", title=title("signin.title"), on_load=[language, SignInState.open])
    app.add_page(lost_password, route="/lost-password", title=title("reset.title"),
                 on_load=[language, PasswordResetState.open])
    app.add_page(activate, route="/activate", title=title("activate.title"),
                 on_load=[language, AccountState.open("activation")])
    app.add_page(security, route="/account/security", title=title("security.title"),
                 on_load=[language, AccountState.open("security")])
    app.add_page(dashboard, route="/dashboard", title=title("dashboard.title"),
                 on_load=[language, DashboardState.open_dashboard])
