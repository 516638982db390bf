"""A registrant profile on the landing page: the whole card is one link, named by its title."""

from __future__ import annotations

import reflex as rx

from state.language import tr


def profile_card(*, profile_type: str, slug: str, icon: str) -> rx.Component:
    return rx.link(
        rx.card(
            rx.flex(
                rx.icon(icon, size=28, aria_hidden="true"),
                rx.heading(tr(f"profile.{profile_type}.title"), as_="h3", size="4"),
                rx.text(tr(f"profile.{profile_type}.audience"), size="2", color_scheme="gray", high_contrast=True),
                rx.text(tr("profile.choose"), size="2", weight="medium", class_name="card-action"),
                direction="column",
                spacing="2",
            ),
            size="2",
            height="100%",
            class_name="profile-card",
        ),
        href=f"/register/{slug}",
        underline="none",
        high_contrast=True,
        id=f"profile-{slug}",
    )
