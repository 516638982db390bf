"""The ISIC activity picker: down the tree (section, division, group, class) or straight to a class by its code
or words of its title. It opens under the field, so it works with the keyboard and on a phone without a pop-up."""

from __future__ import annotations

import reflex as rx
from reflex.vars import ObjectVar

from state.language import tr
from state.wizard import WizardState


def _option(option: ObjectVar[dict[str, str]]) -> rx.Component:
    return rx.el.li(
        rx.button(
            rx.flex(rx.code(option["code"]), rx.text(option["title"], size="2", align="left"), spacing="2",
                    align="start"),
            rx.cond(option["level"] == "class", rx.fragment(),
                    rx.icon("chevron-right", size=16, aria_hidden="true")),
            type="button",
            variant="ghost",
            on_click=WizardState.pick(option["code"]),
            class_name="picker-option",
            id="activity-" + option["code"],
        )
    )


def _trail() -> rx.Component:
    return rx.el.nav(
        rx.flex(
            rx.button(tr("isic.all_sections"), type="button", variant="ghost", size="1",
                      on_click=WizardState.browse("")),
            rx.foreach(WizardState.picker_trail, lambda step: rx.flex(
                rx.icon("chevron-right", size=14, aria_hidden="true"),
                rx.button(step["code"], type="button", variant="ghost", size="1",
                          on_click=WizardState.browse(step["code"]), title=step["title"]),
                align="center",
            )),
            align="center",
            wrap="wrap",
            spacing="1",
        ),
        aria_label=tr("isic.trail"),
    )


def activity_picker() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.el.label(rx.text(tr("isic.search_label"), size="2", weight="bold"), html_for="activity-search"),
            rx.text(tr("isic.search_hint"), id="activity-search-hint", size="2", color_scheme="gray",
                    high_contrast=True),
            rx.input(id="activity-search", name="activity_search", value=WizardState.picker_query, auto_focus=True,
                     on_change=WizardState.search_activities, debounce_timeout=300,
                     aria_describedby="activity-search-hint", type="search", size="3", auto_complete="off"),
            _trail(),
            rx.cond(
                WizardState.picker_options.length() > 0,
                rx.el.ul(rx.foreach(WizardState.picker_options, _option), class_name="picker-options",
                         aria_live="polite"),
                rx.text(tr("isic.no_match"), size="2", role="status"),
            ),
            rx.button(tr("isic.close"), type="button", variant="soft", color_scheme="gray",
                      on_click=WizardState.close_picker, width="fit-content"),
            direction="column",
            spacing="2",
        ),
        class_name="activity-picker",
    )
