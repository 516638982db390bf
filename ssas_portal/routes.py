"""HTTP routes beside Reflex's own: document downloads, checked on the server like every event handler.

A download is authorised by the session cookie (staff, or an account), or, for an applicant without an
account, by a `grant` query parameter: a short-lived link signed by the server (services/download_links) for
the application the applicant proved in server-side state. A download is an attachment, not rendered by
the portal, and the same 404 answers an unknown document, a forbidden one and a bad or expired link, so ids
cannot be probed.

Staff may ask for `?inline=1`: a PDF or an image is then shown inside the review screen (same origin only,
nothing else it may load); anyone else, and any other type, still gets an attachment.
"""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from models import Document
from models.enums import STAFF_ROLES
from ssas_portal.services.core.db import transaction
from ssas_portal.services.documents import download_links, store
from ssas_portal.services.documents.storage import StorageUnavailable
from ssas_portal.services.identity import authz
from ssas_portal.services.review.file import INLINE_TYPES
from state.session import EVERY_ROLE, SESSION_COOKIE

log = logging.getLogger(__name__)
DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}
INLINE_HEADERS = {
    **DOWNLOAD_HEADERS,
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; object-src 'self'; "
                               "frame-ancestors 'self'",
}
"""No sandbox (Chromium shows no PDF in a sandboxed document), but nothing to run and framed only by the portal."""
Found = tuple[Document, bytes]


def _fetch(token: str, document_id: int) -> tuple[Found | None, bool]:
    """The document, and whether the session is staff's (who alone may view documents inline)."""
    with transaction() as session:
        grant = authz.authorise(session, token, EVERY_ROLE, action="document.download")
        found = store.read(session, document_id, grant=grant, application_id=None)
        return found, grant is not None and grant.role in STAFF_ROLES


def _fetch_by_link(link: str, document_id: int) -> tuple[Found | None, bool]:
    """A bad link still goes through read(), so its refusal is audited like any other."""
    application_id = download_links.verify(link, document_id)
    with transaction() as session:
        return store.read(session, document_id, grant=None, application_id=application_id), False


async def download_document(request: Request) -> Response:
    document_id = int(request.path_params["document_id"])
    link = request.query_params.get("grant")
    try:
        if link is None:
            found, staff = await run_in_threadpool(_fetch, request.cookies.get(SESSION_COOKIE, ""), document_id)
        else:
            found, staff = await run_in_threadpool(_fetch_by_link, link, document_id)
    except StorageUnavailable:
        log.exception("document %s could not be read", document_id)
        return PlainTextResponse("unavailable", status_code=503, headers=DOWNLOAD_HEADERS)
    if found is None:
        return PlainTextResponse("not found", status_code=404, headers=DOWNLOAD_HEADERS)
    document, data = found
    inline = staff and request.query_params.get("inline") == "1" and document.mime_type in INLINE_TYPES
    headers = {**(INLINE_HEADERS if inline else DOWNLOAD_HEADERS),
               "Content-Disposition": store.content_disposition(document, inline=inline)}
    return Response(data, media_type=document.mime_type, headers=headers)


api = Starlette(routes=[Route("/api/documents/{document_id:int}", download_document, methods=["GET"])])
