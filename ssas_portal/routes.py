"""HTTP routes beside Reflex's own: document downloads, checked on the server like every event handler.

A download is authorised by the session cookie (staff, or an account), or, for an applicant without an
account, by a `grant` query parameter: a short-lived link signed by the server (services/download_links) for
the application the applicant proved in server-side state. A download is always an attachment, never
rendered by the portal, and the same 404 answers an unknown document, a forbidden one and a bad or expired
link, so ids cannot be probed.
"""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from models import Document
from ssas_portal.services import authz, documents, download_links
from ssas_portal.services.db import transaction
from ssas_portal.services.storage import StorageUnavailable
from state.session import EVERY_ROLE, SESSION_COOKIE

log = logging.getLogger(__name__)
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


def _fetch(token: str, document_id: int) -> tuple[Document, bytes] | None:
    with transaction() as session:
        grant = authz.authorise(session, token, EVERY_ROLE, action="document.download")
        return documents.read(session, document_id, grant=grant, application_id=None)


def _fetch_by_link(link: str, document_id: int) -> tuple[Document, bytes] | None:
    """A bad link still goes through read(), so its refusal is audited like any other."""
    application_id = download_links.verify(link, document_id)
    with transaction() as session:
        return documents.read(session, document_id, grant=None, application_id=application_id)


async def download_document(request: Request) -> Response:
    document_id = int(request.path_params["document_id"])
    link = request.query_params.get("grant")
    try:
        if link is None:
            found = await run_in_threadpool(_fetch, request.cookies.get(SESSION_COOKIE, ""), document_id)
        else:
            found = await run_in_threadpool(_fetch_by_link, link, document_id)
    except StorageUnavailable:
        log.exception("document %s could not be read", document_id)
        return PlainTextResponse("unavailable", status_code=503, headers=DOWNLOAD_HEADERS)
    if found is None:
        return PlainTextResponse("not found", status_code=404, headers=DOWNLOAD_HEADERS)
    document, data = found
    headers = {**DOWNLOAD_HEADERS, "Content-Disposition": documents.content_disposition(document)}
    return Response(data, media_type=document.mime_type, headers=headers)


api = Starlette(routes=[Route("/api/documents/{document_id:int}", download_document, methods=["GET"])])
