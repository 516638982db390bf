"""What a profile needs: the information to give and the documents to prepare, with their rules."""

from __future__ import annotations

import reflex as rx

from ssas_portal.services.forms.profiles import Profile
from state.language import tr


def needs_list(profile: Profile) -> rx.Component:
    return rx.el.ul(
        *[rx.el.li(rx.text(tr(f"need.{need}"), size="3")) for need in profile.needs],
        class_name="requirement-list",
    )


def documents_list(profile: Profile) -> rx.Component:
    return rx.el.ul(
        *[
            rx.el.li(
                rx.flex(
                    rx.icon("file-text", size=18, aria_hidden="true"),
                    rx.text(tr(f"document.{document.kind}"), size="3"),
                    rx.badge(tr(f"document_rule.{document.rule}"), variant="soft", color_scheme="gray",
                             high_contrast=True),
                    align="center",
                    spacing="2",
                    wrap="wrap",
                )
            )
            for document in profile.documents
        ],
        class_name="requirement-list",
    )
