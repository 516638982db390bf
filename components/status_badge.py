"""A request's status as a badge in the page's language, coloured by what it means for the applicant."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.vars import StringVar

from state.language import LanguageState


def status_badge(status: StringVar, **props: Any) -> rx.Component:
    color = rx.match(status, ("approved", "green"), ("rejected", "red"), ("information_requested", "amber"), "blue")
    return rx.badge(LanguageState.t["status." + status], color_scheme=color, size="2", high_contrast=True, **props)
