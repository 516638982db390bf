"""Reflex configuration: reads the portal's settings, nothing else."""

import reflex as rx

from ssas_portal.settings import settings_or_exit

_settings = settings_or_exit()

config = rx.Config(
    app_name="ssas_portal",
    telemetry_enabled=False,
    frontend_port=_settings.port,
    backend_port=_settings.port,
    redis_url=_settings.redis_url,
    # No cross-origin reads with credentials: Reflex's CORS (with credentials always on) allows only the
    # origins listed in SSAS_CORS_ORIGINS, none by default; the pages and the backend share one origin.
    cors_allowed_origins=list(_settings.cors_origins),
    show_built_with_reflex=False,
    plugins=[
        rx.plugins.RadixThemesPlugin(
            theme=rx.theme(appearance="light", accent_color="indigo", gray_color="slate", radius="medium"),
        ),
        rx.plugins.SitemapPlugin(),
    ],
)
