"""HTTP routes beside Reflex's own: document downloads, checked on the server like every event handler.

A download is always an attachment, never rendered by the portal, and the same 404 answers an unknown
document and a forbidden one, so ids cannot be probed.
"""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from models import Document
from ssas_portal.services import authz, documents
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


async def download_document(request: Request) -> Response:
    token = request.cookies.get(SESSION_COOKIE, "")
    try:
        found = await run_in_threadpool(_fetch, token, int(request.path_params["document_id"]))
    except StorageUnavailable:
        log.exception("document %s could not be read", request.path_params["document_id"])
        return PlainTextResponse("unavailable", status_code=503, headers=DOWNLOAD_HEADERS)
    if found is None:
        return PlainTextResponse("not found", status_code=404, headers=DOWNLOAD_HEADERS)
    document, data = found
    headers = {**DOWNLOAD_HEADERS, "Content-Disposition": documents.content_disposition(document)}
    return Response(data, media_type=document.mime_type, headers=headers)


api = Starlette(routes=[Route("/api/documents/{document_id:int}", download_document, methods=["GET"])])
