"""The registration wizard of one form: progress, one step at a time, documents, review, confirmation.

Built once per form definition when the app compiles; what shows (fields, steps, documents) follows the
answers through WizardState, which the server computes with the same rules the submission checks.
"""

from __future__ import annotations

import reflex as rx
from reflex.vars import NumberVar

from components.field_frame import field_frame
from components.message import message
from ssas_portal.pages.applicant import request_callout
from ssas_portal.pages.form_fields import form_field
from ssas_portal.services.core.i18n import translate
from ssas_portal.services.documents.store import ACCEPTED, EXTENSIONS
from ssas_portal.services.forms.definitions import DocumentRequirement, FieldDef, FormDefinition, Step
from ssas_portal.settings import get_settings
from state.applicant import ApplicantState
from state.language import in_language, tr
from state.wizard import WizardState
from state.wizard.core import DOCUMENTS_STEP, DONE_STEP, REVIEW_STEP

STEP_TITLE_ID = "wizard-step-title"


def _step_titles(form: FormDefinition) -> list[tuple[str, rx.Var[str]]]:
    return [*[(step.name, in_language(step.title.fr, step.title.en)) for step in form.steps],
            (DOCUMENTS_STEP, tr("wizard.documents_title")), (REVIEW_STEP, tr("wizard.review_title"))]


def _progress(form: FormDefinition) -> rx.Component:
    items = [
        rx.cond(
            WizardState.steps.contains(name),
            rx.el.li(rx.button(title, type="button", variant=rx.cond(WizardState.step == name, "solid", "ghost"),
                               size="1", on_click=WizardState.go_to(name),
                               aria_current=rx.cond(WizardState.step == name, "step", "false"))),
            rx.fragment(),
        )
        for name, title in _step_titles(form)
    ]
    return rx.el.nav(
        rx.text(tr("wizard.step"), " ", WizardState.position, " ", tr("wizard.of"), " ", WizardState.steps.length(),
                size="2", weight="medium", id="wizard-position"),
        rx.progress(value=WizardState.position * 100 / rx.cond(WizardState.steps.length() > 0,
                                                                  WizardState.steps.length(), 1),
                    aria_labelledby="wizard-position", max=100),
        rx.el.ol(*items, class_name="wizard-steps"),
        aria_label=tr("wizard.progress"),
        class_name="wizard-progress",
    )


def _problems() -> rx.Component:
    """The summary of what stops the applicant, each problem linking to its field (or its step)."""
    return rx.cond(
        WizardState.problems.length() > 0,
        rx.callout.root(
            rx.flex(
                rx.heading(tr("wizard.problems_title"), as_="h2", size="4"),
                rx.el.ul(rx.foreach(WizardState.problems, lambda problem: rx.el.li(rx.cond(
                    problem["step"] == WizardState.step,
                    rx.link(problem["message"], href="#" + problem["anchor"]),
                    rx.link(problem["message"], href="#", on_click=WizardState.go_to(problem["step"]).prevent_default),
                )))),
                direction="column",
                spacing="2",
            ),
            color_scheme="red",
            role="alert",
            id="wizard-problems",
            tab_index=-1,
        ),
        rx.fragment(),
    )


def _buttons(*, last: bool = False) -> rx.Component:
    return rx.flex(
        rx.cond(WizardState.previous != "",
                rx.button(rx.icon("arrow-left", size=16, aria_hidden="true"), tr("wizard.back"), type="button",
                          variant="soft", size="3", on_click=WizardState.go_to(WizardState.previous)),
                rx.fragment()),
        rx.fragment() if last else rx.button(tr("wizard.continue"), rx.icon("arrow-right", size=16, aria_hidden="true"),
                                             type="submit", size="3", id="wizard-continue"),
        rx.button(tr("wizard.save_later"), type="button", variant="ghost", size="3",
                  on_click=WizardState.save_for_later),
        spacing="3",
        wrap="wrap",
        align="center",
    )


def _heading(title: rx.Var[str]) -> rx.Component:
    return rx.heading(title, as_="h2", size="6", id=STEP_TITLE_ID, tab_index=-1)


def _step(step: Step) -> rx.Component:
    return rx.form(
        rx.flex(
            _heading(in_language(step.title.fr, step.title.en)),
            *[form_field(field) for field in step.fields],
            _buttons(),
            direction="column",
            spacing="4",
        ),
        on_submit=WizardState.next_step,
        reset_on_submit=False,
        id=f"step-{step.name}",
        novalidate=True,
    )


# --- documents --------------------------------------------------------------------------------------------


def _accept(document: DocumentRequirement) -> dict[str, list[str]]:
    return {ACCEPTED[name]: list(EXTENSIONS[ACCEPTED[name]]) for name in document.accepted}


def _formats(document: DocumentRequirement) -> rx.Var[str]:
    formats, maximum = ", ".join(name.upper() for name in document.accepted), get_settings().document_max_mb
    return in_language(*(translate(language, "wizard.accepted", formats=formats, maximum=maximum)
                         for language in ("fr", "en")))


def _attached(kind: str) -> rx.Component:
    shown = WizardState.attached[kind]
    return rx.flex(
        rx.icon("file-check", size=18, color="var(--green-11)", aria_hidden="true"),
        rx.text(shown["name"], " (", shown["size"], ")", size="2", weight="medium", id=f"attached-{kind}"),
        rx.button(tr("wizard.download"), type="button", variant="ghost", size="2",
                  on_click=WizardState.download(kind)),
        rx.button(tr("wizard.remove_document"), type="button", variant="ghost", color_scheme="red", size="2",
                  on_click=WizardState.remove_document(kind)),
        align="center",
        spacing="2",
        wrap="wrap",
    )


def _drop_zone(document: DocumentRequirement) -> rx.Component:
    upload_id = f"upload-{document.kind}"
    return rx.upload(
        rx.flex(
            rx.icon("upload", size=20, aria_hidden="true"),
            rx.text(tr("wizard.upload_choose"), size="2", weight="medium"),
            align="center",
            spacing="2",
        ),
        id=upload_id,
        multiple=False,
        max_files=1,
        accept=_accept(document),
        max_size=get_settings().document_max_mb * 1024 * 1024,
        # Only the reasons go to the server: the rejected file itself would travel with the event.
        on_drop_rejected=lambda rejections: WizardState.refused_file(document.kind, rejections[0]["errors"]),
        # EventCallback.__call__ does not know rx.upload_files, which Reflex fills in with the files.
        on_drop=WizardState.attach(document.kind, rx.upload_files(  # type: ignore[call-overload]
            upload_id=upload_id, on_upload_progress=lambda progress: WizardState.uploading(document.kind, progress))),
        class_name="drop-zone",
        aria_describedby=f"{upload_id}-hint {upload_id}-error",
    )


def _document(document: DocumentRequirement) -> rx.Component:
    kind, path = document.kind, f"document.{document.kind}"
    box = field_frame(
        rx.flex(
            rx.cond(WizardState.attached.contains(kind), _attached(kind), _drop_zone(document)),
            rx.cond(WizardState.upload_progress.contains(kind),
                    rx.flex(rx.progress(value=WizardState.upload_progress[kind], max=100,
                                        aria_label=tr("wizard.uploading")),
                            rx.text(tr("wizard.uploading"), " ", WizardState.upload_progress[kind], " %", size="1"),
                            direction="column", spacing="1", role="status"),
                    rx.fragment()),
            direction="column",
            spacing="2",
        ),
        input_id=f"upload-{kind}",
        label=in_language(document.label.fr, document.label.en),
        hint=_formats(document),
        error=WizardState.errors[path],
        optional=document.rule == "optional",
    )
    card = rx.card(box, id=f"document-{kind}")
    if document.rule == "conditional":
        return rx.cond(WizardState.needed.contains(kind), card, rx.fragment())
    return card


def _documents(form: FormDefinition) -> rx.Component:
    return rx.form(
        rx.flex(
            _heading(tr("wizard.documents_title")),
            rx.text(tr("wizard.documents_lead"), size="3"),
            *[_document(document) for document in form.documents],
            _buttons(),
            direction="column",
            spacing="4",
        ),
        on_submit=WizardState.next_step,
        reset_on_submit=False,
        id="step-documents",
    )


# --- review -----------------------------------------------------------------------------------------------


def _answer(field: FieldDef, path: str | rx.Var[str]) -> rx.Component:
    value = WizardState.values[path]
    if field.kind == "choice":
        shown: rx.Var | rx.Component = rx.match(
            value, *[(choice.value, in_language(choice.label.fr, choice.label.en)) for choice in field.choices or []],
            value)
    elif field.kind == "boolean":
        shown = rx.match(value, ("true", tr("wizard.yes")), ("false", tr("wizard.no")), value)
    elif field.kind == "isic":
        shown = rx.text.span(value, " ", WizardState.activity_titles[value])
    else:
        shown = value
    return rx.cond(value, rx.text(shown, size="2", white_space="pre-line"),
                   rx.text(tr("wizard.not_given"), size="2", color_scheme="gray", high_contrast=True))


def _review_item(label: rx.Var[str], answer: rx.Component) -> rx.Component:
    return rx.data_list.item(rx.data_list.label(label, min_width="12rem"), rx.data_list.value(answer))


def _review_field(field: FieldDef) -> rx.Component:
    label = in_language(field.label.fr, field.label.en)
    if field.kind == "group":
        def entry(index: NumberVar[int]) -> rx.Component:
            return rx.el.li(rx.flex(*[rx.text(in_language(sub.label.fr, sub.label.en), in_language(" : ", ": "),
                                              WizardState.values[f"{field.name}.{index}.{sub.name}"], size="2")
                                      for sub in field.fields or []], direction="column"))
        answer = rx.cond(WizardState.entries[field.name].length() > 0,
                         rx.el.ol(rx.foreach(WizardState.entries[field.name], entry)),
                         rx.text(tr("wizard.not_given"), size="2", color_scheme="gray", high_contrast=True))
    else:
        answer = _answer(field, field.name)
    return rx.cond(WizardState.shown.contains(field.name), _review_item(label, answer), rx.fragment())


def _review_section(name: str, title: rx.Var[str], items: list[rx.Component]) -> rx.Component:
    return rx.cond(
        WizardState.steps.contains(name),
        rx.card(rx.flex(
            rx.flex(rx.heading(title, as_="h3", size="4"),
                    rx.button(tr("wizard.change"), type="button", variant="ghost", on_click=WizardState.go_to(name),
                              aria_label=f"{tr('wizard.change')}{in_language(' : ', ': ')}{title}"),
                    justify="between", align="center"),
            rx.data_list.root(*items, orientation=rx.breakpoints(initial="vertical", sm="horizontal")),
            direction="column", spacing="3")),
        rx.fragment(),
    )


def _review_document(document: DocumentRequirement) -> rx.Component:
    kind = document.kind
    answer = rx.cond(WizardState.attached.contains(kind), rx.text(WizardState.attached[kind]["name"], size="2"),
                     rx.text(tr("wizard.not_attached"), size="2", color_scheme="gray", high_contrast=True))
    item = _review_item(in_language(document.label.fr, document.label.en), answer)
    if document.rule == "conditional":
        return rx.cond(WizardState.needed.contains(kind), item, rx.fragment())
    return item


def _review(form: FormDefinition) -> rx.Component:
    sections = [_review_section(step.name, in_language(step.title.fr, step.title.en),
                                [_review_field(field) for field in step.fields]) for step in form.steps]
    sections.append(_review_section(DOCUMENTS_STEP, tr("wizard.documents_title"),
                                    [_review_document(document) for document in form.documents]))
    return rx.flex(
        _heading(tr("wizard.review_title")),
        rx.text(tr("wizard.review_lead"), size="3"),
        *sections,
        rx.flex(
            rx.cond(WizardState.errors["declaration"],
                    rx.text(WizardState.errors["declaration"], id="declaration-error", color_scheme="red", size="2"),
                    rx.fragment()),
            rx.el.label(rx.flex(
                rx.checkbox(checked=WizardState.declared, on_change=WizardState.declare, id="declaration", size="3",
                            aria_describedby="declaration-error"),
                rx.text(tr("wizard.declaration"), size="3"),
                spacing="2", align="start"), html_for="declaration"),
            direction="column",
            spacing="2",
        ),
        rx.flex(
            rx.button(tr("wizard.back"), type="button", variant="soft", size="3",
                      on_click=WizardState.go_to(DOCUMENTS_STEP)),
            rx.button(rx.cond(WizardState.correcting, tr("status_page.send_again"), tr("wizard.submit")), type="button",
                      size="3", on_click=WizardState.submit, id="wizard-submit"),
            spacing="3",
            wrap="wrap",
        ),
        direction="column",
        spacing="4",
    )


# --- the whole ---------------------------------------------------------------------------------------------


def _done() -> rx.Component:
    """Filed, or (for a request staff asked information about) sent back to review."""
    return rx.flex(
        _heading(rx.cond(WizardState.correcting, tr("status_page.sent_back_title"), tr("wizard.done_title"))),
        rx.callout.root(rx.callout.text(rx.cond(WizardState.correcting, tr("status_page.sent_back_lead"),
                                                tr("wizard.done_lead")), " ",
                                        rx.code(ApplicantState.reference, size="4", id="submitted-reference")),
                        color_scheme="green", role="status", id="wizard-done"),
        rx.text(tr("wizard.done_next"), size="3"),
        rx.link(tr("wizard.track_link"), href="/track"),
        direction="column",
        spacing="3",
    )


def _reference_bar() -> rx.Component:
    return rx.flex(
        rx.text(tr("track.reference"), " ", rx.code(ApplicantState.reference, id="draft-reference"), size="2"),
        rx.button(tr("draft.leave"), on_click=ApplicantState.leave, variant="ghost", size="1"),
        justify="between",
        align="center",
        wrap="wrap",
        spacing="2",
    )


def wizard(form: FormDefinition) -> rx.Component:
    """The draft's form; it loads (or reloads) the draft's answers when it appears."""
    steps = [(step.name, _step(step)) for step in form.steps]
    body = rx.cond(
        WizardState.step == DONE_STEP,
        _done(),
        rx.flex(
            rx.cond(WizardState.correcting, request_callout(callout_id="wizard-request", answer_link=False),
                    rx.fragment()),
            _progress(form),
            _problems(),
            message(WizardState.notice, role="status"),
            message(WizardState.error, role="alert"),
            rx.box(
                rx.match(WizardState.step, *steps, (DOCUMENTS_STEP, _documents(form)), (REVIEW_STEP, _review(form)),
                         rx.fragment()),
                key=WizardState.generation,
            ),
            direction="column",
            spacing="4",
        ),
    )
    return rx.card(
        rx.flex(
            _reference_bar(),
            rx.cond(WizardState.kind == form.type.value, body,
                    rx.flex(rx.spinner(), rx.text(tr("wizard.loading")), spacing="2", align="center", role="status")),
            direction="column",
            spacing="4",
        ),
        size="3",
        on_mount=WizardState.load,
        class_name="wizard",
    )
