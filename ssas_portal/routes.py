"""HTTP routes beside Reflex's own: document downloads, checked on the server like every event handler.

A download is authorised by the session cookie (staff, or an account), or, for an applicant without an
account, by a `grant` query parameter: a short-lived link signed by the server (services/download_links) for
the application the applicant proved in server-side state. A download is an attachment, not rendered by
the portal, and the same 404 answers an unknown document, a forbidden one and a bad or expired link, so ids
cannot be probed.

Staff may ask for `?inline=1`: a PDF or an image is then shown inside the review screen (same origin only,
nothing else it may load); anyone else, and any other type, still gets an attachment.

`api` is Reflex's `api_transformer`: Reflex mounts its own app (pages, assets, `/_event`, `/_upload`) inside
it, so `HttpSecurity`, its one middleware, sees every request of the one port. It refuses cross-site requests
to the routes that read documents or change state (403), and puts the security headers on every response.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import logging
import re
import zlib
from collections.abc import Iterable
from urllib.parse import urlsplit

import anyio
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models import Document
from models.enums import STAFF_ROLES
from ssas_portal.services.core.db import transaction
from ssas_portal.services.documents import download_links, store
from ssas_portal.services.documents.storage import StorageUnavailable
from ssas_portal.services.identity import authz
from ssas_portal.services.review.file import INLINE_TYPES
from ssas_portal.settings import Environment, get_settings
from state.session import EVERY_ROLE, SESSION_COOKIE

log = logging.getLogger(__name__)
MAX_DOCUMENT_ID = 2**63 - 1
"""The largest id either database can be asked for (SQLite's integers are 64-bit); a larger one is 404."""
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


def _document_id(raw: str) -> int | None:
    """The id in the path, or None when it is not a number a document could have (no database is asked)."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_DOCUMENT_ID)):
        return None
    number = int(raw)
    return number if number <= MAX_DOCUMENT_ID else None


async def download_document(request: Request) -> Response:
    document_id = _document_id(request.path_params["document_id"])
    if document_id is None:
        return PlainTextResponse("not found", status_code=404, headers=DOWNLOAD_HEADERS)
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


# --- every request of the one port --------------------------------------------------------------------------

GUARDED_PATHS = ("/api/", "/_upload", "/_event")
"""Routes that read documents or reach the state; any other path (pages, assets, /ping) is read cross-site
freely, e.g. a link to the portal in an e-mail, and changes nothing."""
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OWN_FETCH_SITES = frozenset({"same-origin", "none"})
"""`Sec-Fetch-Site` of the portal's own pages, and of what the user typed or bookmarked. `same-site` is refused
too: a page on another port (or subdomain) of the same host is same-site, and SameSite cookies go with it."""

PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "hid",
    "idle-detection", "magnetometer", "microphone", "midi", "payment", "screen-wake-lock", "serial", "usb",
    "xr-spatial-tracking", "browsing-topics",
))
HSTS = "max-age=63072000; includeSubDomains"
"""Production only: two years, this host and its subdomains (no preload, which is a decision of its own)."""
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}
GUARDED_HEADERS = {"Cross-Origin-Resource-Policy": "same-origin"}
"""Documents and uploads are never loaded by another site's <img> or <script>, even by a browser that sends no
Sec-Fetch-Site (Safari before 16.4)."""

_INLINE_SCRIPT = re.compile(rb"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_SRC_ATTRIBUTE = re.compile(rb"(?:^|\s)src\s*=", re.IGNORECASE)


def content_security_policy(script_hashes: Iterable[str] = (), *, inline_scripts: bool = False) -> str:
    """The pages' policy. React Router's pre-rendered pages carry inline scripts (hydration data, the module
    imports, the theme and scroll scripts), allowed by their SHA-256; `rx.call_script` and Reflex's event
    callbacks run through `eval`, hence 'unsafe-eval'. Radix and emotion put inline styles; the QR code of
    the authenticator enrolment is a data: image; the WebSocket goes to the same host ('self' matches ws:
    and wss: there); the review screen frames documents of the same origin."""
    scripts = ["'self'", "'unsafe-eval'"]
    scripts += ["'unsafe-inline'"] if inline_scripts else [f"'sha256-{digest}'" for digest in script_hashes]
    return "; ".join([
        "default-src 'self'",
        f"script-src {' '.join(scripts)}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ])


def inline_script_hashes(html: bytes) -> list[str]:
    """SHA-256 (base64) of each inline script, in order, once each, as the browser computes them: over the
    script's text with the line breaks the HTML parser normalises."""
    digests: list[str] = []
    for attributes, text in _INLINE_SCRIPT.findall(html):
        if _SRC_ATTRIBUTE.search(attributes) or not text:
            continue
        normalised = text.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        digest = base64.b64encode(hashlib.sha256(normalised).digest()).decode()
        if digest not in digests:
            digests.append(digest)
    return digests


def _decoded(body: bytes, encoding: str) -> bytes | None:
    """The page's bytes under its Content-Encoding, or None for an encoding this cannot read."""
    try:
        if encoding in {"", "identity"}:
            return body
        if encoding in {"gzip", "x-gzip"}:
            return gzip.decompress(body)
        if encoding == "deflate":
            return zlib.decompress(body)
    except (OSError, EOFError, zlib.error):
        return None
    return None


def is_cross_site(headers: Headers, allowed_origins: Iterable[str]) -> bool:
    """Whether a browser sent this request for another site (or another port of this host).

    `Sec-Fetch-Site` (every current browser) decides when present: a page cannot forge it, and it holds behind
    a proxy that rewrites Host. Without it, an `Origin` must be this host's. A request with neither comes from
    no web page (curl, the tests' HTTP clients) or is a plain navigation of a browser too old to say. An
    origin listed in SSAS_CORS_ORIGINS may always call."""
    origin = headers.get("origin")
    if origin is not None and origin.lower() in allowed_origins:
        return False
    site = headers.get("sec-fetch-site")
    if site is not None:
        return site.lower() not in OWN_FETCH_SITES
    if origin is None:
        return False
    try:
        netloc = urlsplit(origin).netloc
    except ValueError:
        return True
    return not netloc or netloc.lower() != headers.get("host", "").lower()


def _guarded(scope: Scope) -> bool:
    return (scope["type"] == "websocket" or scope["method"] not in SAFE_METHODS
            or str(scope["path"]).startswith(GUARDED_PATHS))


class HttpSecurity:
    """ASGI middleware in front of the portal's routes and all of Reflex's.

    Refuses a cross-site request to a guarded route (403; a WebSocket handshake is closed before it is
    accepted, which the server answers with 403) — Reflex passes its CORS origins to Socket.IO, which checks
    no Origin at all when the list is empty. Adds the security headers to every HTTP response, without
    replacing those a route set itself (the documents' own sandboxing policy)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in {"http", "websocket"}:
            await self.app(scope, receive, send)
            return
        settings = get_settings()
        guarded = _guarded(scope)
        if guarded and is_cross_site(Headers(scope=scope), settings.cors_origins):
            log.info("refused a cross-site %s to %s", scope.get("method", "WebSocket"), scope["path"])
            await self._refuse(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        extra = {**SECURITY_HEADERS, **(GUARDED_HEADERS if guarded else {})}
        if settings.env is Environment.PRODUCTION:
            extra["Strict-Transport-Security"] = HSTS
        await self.app(scope, receive, _HeadersSender(send, extra, head=scope["method"] == "HEAD"))

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = {**SECURITY_HEADERS, **GUARDED_HEADERS, "Content-Security-Policy": content_security_policy(),
                   "Cache-Control": "no-store"}
        await PlainTextResponse("forbidden", status_code=403, headers=headers)(scope, receive, send)


class _HeadersSender:
    """The `send` of one HTTP response: adds the headers and, for an HTML page, a policy with the hashes of
    its inline scripts, which needs the whole page first (a few tens of kilobytes): its body messages, or the
    file that a server with the `http.response.pathsend` extension (granian) sends itself."""

    def __init__(self, send: Send, extra: dict[str, str], *, head: bool) -> None:
        self.send, self.extra, self.head = send, extra, head
        self.start: Message | None = None
        self.chunks: list[bytes] = []

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = list(message.get("headers", []))
            headers = MutableHeaders(scope=message)
            for name, value in self.extra.items():
                headers.setdefault(name, value)
            html = headers.get("content-type", "").startswith("text/html")
            if message["status"] == 304 or "content-security-policy" in headers:
                # A 304 keeps the policy the browser stored with the page (it holds the page's hashes).
                await self.send(message)
            elif html and not self.head:
                self.start = message
            else:
                headers["Content-Security-Policy"] = content_security_policy()
                await self.send(message)
            return
        if self.start is None:
            await self.send(message)
        elif message["type"] == "http.response.body":
            self.chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                body = b"".join(self.chunks)
                await self._send_start(body)
                await self.send({"type": "http.response.body", "body": body, "more_body": False})
        elif message["type"] == "http.response.pathsend":
            await self._send_start(await anyio.Path(message["path"]).read_bytes())
            await self.send(message)
        else:
            await self._send_start(None)
            if self.chunks:
                await self.send({"type": "http.response.body", "body": b"".join(self.chunks), "more_body": True})
            await self.send(message)

    async def _send_start(self, body: bytes | None) -> None:
        assert self.start is not None
        headers = MutableHeaders(scope=self.start)
        encoding = headers.get("content-encoding", "").strip().lower()
        page = None if body is None else _decoded(body, encoding)
        if page is None:
            log.warning("cannot read a page (%r) to hash its scripts; its policy allows inline scripts", encoding)
            headers["Content-Security-Policy"] = content_security_policy(inline_scripts=True)
        else:
            headers["Content-Security-Policy"] = content_security_policy(inline_script_hashes(page))
        start, self.start = self.start, None
        await self.send(start)


api = Starlette(
    routes=[Route("/api/documents/{document_id}", download_document, methods=["GET"])],
    middleware=[Middleware(HttpSecurity)],
)
"""The app's `api_transformer`: Reflex adds its CORS to it and mounts its whole app inside, after these routes."""
