"""Builds the Reflex app: theme, settings check, pages. Assembly only."""

from __future__ import annotations

import sys

import reflex as rx

from ssas_portal.pages import account, applicant, public, review, similar_accounts, staff
from ssas_portal.routes import api
from ssas_portal.services.core.config_files import ConfigError
from ssas_portal.services.forms import workflows
from ssas_portal.services.forms.definitions import definitions
from ssas_portal.services.forms.profiles import catalog
from ssas_portal.services.messaging import notifications
from ssas_portal.services.registry import identifiers
from ssas_portal.services.similarity.config import default_config
from ssas_portal.settings import settings_or_exit


def _check_configuration() -> None:
    """A bad configuration file stops start-up with one line, not a traceback."""
    try:
        catalog()
        definitions()
        default_config()
        workflows.catalog()
        identifiers.catalog()
    except ConfigError as error:
        print(f"ssas-portal: {error}", file=sys.stderr)
        raise SystemExit(2) from None


settings = settings_or_exit()
_check_configuration()

app = rx.App(
    stylesheets=["/styles.css"],
    head_components=[rx.el.link(rel="icon", href="/favicon.svg", type="image/svg+xml")],
    api_transformer=api,  # routes.py: the document route and HttpSecurity, in front of all of Reflex's routes
    html_lang=settings.default_language.value,
)
public.register(app)
account.register(app)
staff.register(app)
applicant.register(app)
similar_accounts.register(app)
review.register(app)
app.register_lifespan_task(notifications.deliver_forever)
