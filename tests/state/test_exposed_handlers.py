"""Reflex makes every public method of a state an event any client can send: the app exposes exactly the
handlers below, each meant to be one (helpers are private), so a new public method fails here first."""

from __future__ import annotations

from collections.abc import Iterator

from reflex.state import BaseState, State

import ssas_portal.ssas_portal  # noqa: F401  (builds the app, so every page's state is registered)

LIVE = {"start_watching", "stop_watching", "watch"}
EXPOSED = {
    "AccountState": {"activate", "choose_channel", "confirm_totp", "open", "sign_out_others", "start_totp"},
    "ApplicantState": {"ask_withdrawal", "confirm_code", "leave", "open", "request_resume", "send_code", "withdraw",
                       *LIVE},
    "DashboardState": {"open_dashboard"},
    "LandingState": {"open_form_definitions", "open_staff_board", "open_staff_page"},
    "LanguageState": {"apply_url_language", "set_language", "toggle_language"},
    "PasswordResetState": {"open", "request_code", "set_new_password"},
    "QueueState": {"claim", "clear_filters", "open", "set_filter", *LIVE},
    "ReviewState": {"choose_outcome", "claim", "decide", "open", "refresh", "release", *LIVE},
    "SessionState": {"sign_out", "sign_out_everywhere"},
    "SignInState": {"open", "restart", "submit_code", "submit_password"},
    "SimilarAccountsState": {"decide", "open"},
    "WizardState": {"add_entry", "attach", "browse", "choose", "close_picker", "declare", "download", "go_to",
                    "left_field", "load", "next_step", "open_picker", "pick", "refused_file", "remove_document",
                    "remove_entry", "save_for_later", "search_activities", "submit", "uploading"},
}


def _states(root: type[BaseState]) -> Iterator[type[BaseState]]:
    for state in root.get_substates():
        if state.__module__.startswith("state."):
            yield state
        yield from _states(state)


def test_the_app_exposes_only_its_event_handlers() -> None:
    exposed = {state.__name__: set(state.event_handlers) - {"setvar"} for state in _states(State)}
    assert exposed == EXPOSED
