"""HTTP security of the one port: no cross-origin credentialed reads, no cross-site requests to the documents,
the uploads or the event socket, out-of-range document ids are 404, and the security headers on every response.

The ASGI app is assembled as Reflex 0.10's `App.__call__` does around the portal's `api_transformer`, with
Reflex's own CORS (`App._add_cors`, from rxconfig), Reflex's own routes (`/ping`, the Socket.IO `/_event`,
the `/_upload` handler) and Reflex's static files for a compiled page; only the compile is left out.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import runpy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from reflex.app import App
from reflex.utils.precompressed_staticfiles import PrecompressedStaticFiles
from reflex_base.config import get_config
from reflex_components_core.core._upload import upload  # type: ignore[import-untyped]  # (no py.typed)
from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.testclient import TestClient
from starlette.types import Message, Scope
from starlette.websockets import WebSocketDisconnect

import ssas_portal.ssas_portal as portal_app
from models.enums import Role
from ssas_portal import routes
from ssas_portal.services.documents.storage import LocalStorage
from ssas_portal.settings import PROJECT_ROOT, SettingsError, get_settings
from state.session import SESSION_COOKIE
from tests.support.documents import make_application, pdf_bytes, store
from tests.support.identity import signed_in

OWN = "http://testserver"
OTHER_PORT = "http://testserver:8080"  # another port of the same host: same-site, not same-origin
CROSS_SITE = "https://attacker.example"
INLINE = ['window.__reactRouterContext = {"basename":"/"};', 'import "/assets/app.js";\r\nimport("/x.js");']
PAGE = (f"<!DOCTYPE html><html><head><script>{INLINE[0]}</script><script type=\"module\" async=\"\">{INLINE[1]}"
        "</script><script src=\"/assets/app.js\"></script><script data-src=\"x\">"
        f"{INLINE[0]}</script></head><body><div id=\"root\"></div></body></html>")
EVENT = "/_event/?EIO=4&transport=websocket"


def sha256(script: str) -> str:
    """The hash a browser computes for an inline script (its parser turns CR LF into LF first)."""
    return base64.b64encode(hashlib.sha256(script.replace("\r\n", "\n").encode()).digest()).decode()


@pytest.fixture
def scene(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None) -> dict[str, Any]:
    """A draft with a PDF, stored where the portal's settings look for documents."""
    folder = tmp_path / "documents"
    monkeypatch.setenv("SSAS_DOCUMENT_DIR", str(folder))
    get_settings.cache_clear()
    application = make_application(engine, "EMP-2026-AAAAAAAA")
    return {"document": store(engine, LocalStorage(folder), pdf_bytes(), application_id=application).id}


@pytest.fixture
def front_end(tmp_path: Path) -> Path:
    """A compiled page as Reflex's build leaves it (with its gzip sidecar) and an asset."""
    folder = tmp_path / "client"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(PAGE, newline="")
    (folder / "index.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (folder / "assets" / "app.js").write_text("console.log('portal');\n")
    return folder


@pytest.fixture
def client(front_end: Path, fresh_settings: None) -> Iterator[TestClient]:
    """The one port as Reflex assembles it: its backend (with its CORS) mounted inside a copy of the portal's
    api_transformer (its routes and middleware, given Reflex's CORS too), inside a top app with Reflex's CORS."""
    reflex_app = portal_app.app
    assert reflex_app.api_transformer is routes.api
    assert reflex_app._api is not None
    backend = Starlette(routes=[
        Route("/_upload", upload(reflex_app), methods=["POST"]),  # what Reflex adds when a page uses rx.upload
        *reflex_app._api.routes,  # /ping, /_health, the Socket.IO endpoint /_event
        Mount("/", PrecompressedStaticFiles(directory=front_end, html=True, encodings=["gzip"])),
    ])
    App._add_cors(backend)
    api = Starlette(routes=list(routes.api.routes), middleware=list(routes.api.user_middleware))
    App._add_cors(api)
    api.mount("", backend)
    top = Starlette()
    top.mount("", api)
    App._add_cors(top)
    with TestClient(top, base_url=OWN) as test_client:
        yield test_client


@pytest.fixture
def staff_cookie(engine: Engine, scene: dict[str, Any]) -> dict[str, str]:
    return {"Cookie": f"{SESSION_COOKIE}={signed_in(engine, Role.STAFF_CLERK)}"}


# --- item 2: no cross-origin credentialed reads, no cross-site requests ------------------------------------


def test_rxconfig_gives_reflex_only_the_listed_origins(monkeypatch: pytest.MonkeyPatch,
                                                       fresh_settings: None) -> None:
    """Reflex's CORS and Socket.IO get SSAS_CORS_ORIGINS, empty by default (Reflex's own default is '*')."""
    assert get_config().cors_allowed_origins == []
    monkeypatch.delenv("REFLEX_CORS_ALLOWED_ORIGINS", raising=False)
    monkeypatch.delenv("SSAS_CORS_ORIGINS", raising=False)
    assert runpy.run_path(str(PROJECT_ROOT / "rxconfig.py"))["config"].cors_allowed_origins == []
    monkeypatch.setenv("SSAS_CORS_ORIGINS", "https://intranet.example, http://host:8080")
    get_settings.cache_clear()
    assert runpy.run_path(str(PROJECT_ROOT / "rxconfig.py"))["config"].cors_allowed_origins == [
        "https://intranet.example", "http://host:8080"]


@pytest.mark.parametrize("origins", ["*", "https://portal.example/", "HTTPS://PORTAL.EXAMPLE", "portal.example",
                                     "https://portal.example:443", "null"])
def test_ssas_cors_origins_takes_only_origins(monkeypatch: pytest.MonkeyPatch, fresh_settings: None,
                                              origins: str) -> None:
    monkeypatch.setenv("SSAS_CORS_ORIGINS", origins)
    with pytest.raises(SettingsError, match="SSAS_CORS_ORIGINS"):
        get_settings()


def test_another_origin_gets_no_cors_grant_on_documents_uploads_and_pages(client: TestClient,
                                                                          staff_cookie: dict[str, str],
                                                                          scene: dict[str, Any]) -> None:
    """An Origin of another port of the host, with the staff cookie: no Access-Control-Allow-Origin anywhere,
    so the browser lets that page read nothing (Reflex always adds Allow-Credentials, which alone grants
    nothing), and the document's bytes are not even sent."""
    document = f"/api/documents/{scene['document']}"
    answers = {
        "document": client.get(document, headers={"Origin": OTHER_PORT, **staff_cookie}),
        "upload": client.post("/_upload", headers={"Origin": OTHER_PORT, "reflex-client-token": "t",
                                                   "reflex-event-handler": "h", **staff_cookie}),
        "page": client.get("/", headers={"Origin": OTHER_PORT, **staff_cookie}),
        "ping": client.get("/ping", headers={"Origin": OTHER_PORT, **staff_cookie}),
    }
    for path in (document, "/_upload"):
        answers[f"preflight {path}"] = client.options(path, headers={
            "Origin": OTHER_PORT, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "reflex-client-token"})
    for name, answer in answers.items():
        assert "access-control-allow-origin" not in answer.headers, name
    assert answers["document"].status_code == 403 and pdf_bytes() not in answers["document"].content
    assert answers["upload"].status_code == 403
    assert answers["page"].status_code == 200  # pages are public and carry no data
    # and a link to the portal in another site's page or an e-mail still opens it
    link = client.get("/", headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"})
    assert link.status_code == 200 and "__reactRouterContext" in link.text


def test_a_cross_site_request_for_a_document_is_403_and_the_portals_own_work(client: TestClient,
                                                                            staff_cookie: dict[str, str],
                                                                            scene: dict[str, Any]) -> None:
    """`same-site` is refused too: a page on another port of this host is same-site, and SameSite cookies go
    with it. The portal's pages (same-origin), the address bar (none) and clients that send no fetch metadata
    get the document."""
    document = f"/api/documents/{scene['document']}"
    for site in ("cross-site", "same-site"):
        answer = client.get(document, headers={"Sec-Fetch-Site": site, **staff_cookie})
        assert (answer.status_code, answer.text) == (403, "forbidden"), site
        assert "access-control-allow-origin" not in answer.headers
    for headers in ({"Sec-Fetch-Site": "same-origin", "Origin": OWN}, {"Sec-Fetch-Site": "none"}, {"Origin": OWN},
                    {}):
        answer = client.get(document, headers={**headers, **staff_cookie})
        assert (answer.status_code, answer.content) == (200, pdf_bytes()), headers


def test_an_origin_of_another_port_is_refused_without_fetch_metadata(client: TestClient,
                                                                     staff_cookie: dict[str, str],
                                                                     scene: dict[str, Any]) -> None:
    for origin in (OTHER_PORT, CROSS_SITE, "null"):
        answer = client.get(f"/api/documents/{scene['document']}", headers={"Origin": origin, **staff_cookie})
        assert answer.status_code == 403, origin


def test_an_origin_listed_in_ssas_cors_origins_may_call(client: TestClient, staff_cookie: dict[str, str],
                                                        scene: dict[str, Any],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSAS_CORS_ORIGINS", OTHER_PORT)
    get_settings.cache_clear()
    listed = client.get(f"/api/documents/{scene['document']}",
                        headers={"Origin": OTHER_PORT, "Sec-Fetch-Site": "same-site", **staff_cookie})
    assert listed.status_code == 200
    other = client.get(f"/api/documents/{scene['document']}",
                       headers={"Origin": CROSS_SITE, "Sec-Fetch-Site": "cross-site", **staff_cookie})
    assert other.status_code == 403


def test_uploads_are_refused_cross_site_and_reach_reflex_from_the_portal(client: TestClient) -> None:
    """Reflex's own /_upload handler: same-origin gets its answer (400 without the Reflex headers)."""
    refused = client.post("/_upload", headers={"Sec-Fetch-Site": "same-site", "Origin": OTHER_PORT})
    assert refused.status_code == 403
    own = client.post("/_upload", headers={"Sec-Fetch-Site": "same-origin", "Origin": OWN})
    assert own.status_code == 400 and "reflex-client-token" in own.text


def test_the_event_socket_opens_for_the_portals_pages_only(client: TestClient) -> None:
    """Reflex gives Socket.IO the (empty) CORS list, and an empty list makes it check no Origin: the portal's
    middleware refuses a handshake from another site before it is accepted."""
    upgrade = {"Upgrade": "websocket"}
    own = {**upgrade, "Origin": OWN, "Sec-Fetch-Site": "same-origin"}
    with client.websocket_connect(EVENT, headers=own) as socket:
        assert socket.receive_text().startswith("0{")  # Engine.IO's open packet
    for headers in ({"Origin": OTHER_PORT}, {"Origin": OTHER_PORT, "Sec-Fetch-Site": "same-site"},
                    {"Origin": CROSS_SITE, "Sec-Fetch-Site": "cross-site"}):
        with (pytest.raises(WebSocketDisconnect) as refused,
              client.websocket_connect(EVENT, headers={**upgrade, **headers})):
            pass
        assert refused.value.code == 1008, headers


# --- item 10: out-of-range ids ------------------------------------------------------------------------------


@pytest.mark.parametrize("document_id", ["9223372036854775808", "1" + "0" * 40, "9" * 5000, "١٢", "abc"])
def test_an_id_no_database_can_hold_is_404(client: TestClient, staff_cookie: dict[str, str],
                                           document_id: str) -> None:
    """Beyond 64 bits (SQLite raised OverflowError), beyond Python's 4,300 digits, other digits, no digits."""
    answer = client.get(f"/api/documents/{document_id}", headers=staff_cookie)
    assert (answer.status_code, answer.text) == (404, "not found")


# --- item 12: security headers ------------------------------------------------------------------------------


def policy(answer: Any) -> dict[str, list[str]]:
    directives = [part.split() for part in answer.headers["content-security-policy"].split(";")]
    return {name: values for name, *values in directives}


def assert_security_headers(answer: Any, *, portal_policy: bool = True) -> None:
    """`portal_policy`: the portal's own CSP, not one a route set (a document's sandbox, which frames nothing)."""
    headers = answer.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] in {"same-origin", "strict-origin-when-cross-origin", "no-referrer"}
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in headers["permissions-policy"]
    assert "content-security-policy" in headers
    if portal_policy:
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
    assert "strict-transport-security" not in headers


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_a_page_gets_a_policy_that_allows_its_own_inline_scripts_only(client: TestClient, encoding: str) -> None:
    answer = client.get("/", headers={"Accept-Encoding": encoding})
    assert answer.status_code == 200 and answer.text == PAGE
    assert answer.headers.get("content-encoding", "identity") == encoding
    assert_security_headers(answer)
    directives = policy(answer)
    assert directives["frame-ancestors"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["connect-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["script-src"] == ["'self'", "'unsafe-eval'", f"'sha256-{sha256(INLINE[0])}'",
                                        f"'sha256-{sha256(INLINE[1])}'"]


def test_a_page_the_server_sends_itself_gets_its_hashes_too(front_end: Path, fresh_settings: None) -> None:
    """Granian offers `http.response.pathsend`: Starlette then hands it the file's path instead of the body."""
    sent: list[Message] = []
    scope: Scope = {
        "type": "http", "method": "GET", "path": "/", "raw_path": b"/", "root_path": "", "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"accept-encoding", b"gzip")], "scheme": "http",
        "server": ("testserver", 80), "extensions": {"http.response.pathsend": {}}, "http_version": "1.1",
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    async def serve() -> None:
        static = PrecompressedStaticFiles(directory=front_end, html=True, encodings=["gzip"])
        await routes.HttpSecurity(static)(scope, receive, send)

    anyio.run(serve)
    start, pathsend = sent
    assert pathsend == {"type": "http.response.pathsend", "path": str(front_end / "index.html.gz")}
    headers = {name.decode(): value.decode() for name, value in start["headers"]}
    assert headers["content-encoding"] == "gzip"
    assert f"'sha256-{sha256(INLINE[0])}'" in headers["content-security-policy"]
    assert f"'sha256-{sha256(INLINE[1])}'" in headers["content-security-policy"]


def test_a_revalidated_page_keeps_the_policy_stored_with_it(client: TestClient) -> None:
    """A 304 has no body to hash; a policy on it would replace the stored one and block the page's scripts."""
    etag = client.get("/").headers["etag"]
    answer = client.get("/", headers={"If-None-Match": etag})
    assert answer.status_code == 304
    assert "content-security-policy" not in answer.headers
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_assets_ping_and_api_routes_carry_the_security_headers(client: TestClient, staff_cookie: dict[str, str],
                                                               scene: dict[str, Any]) -> None:
    for path in ("/assets/app.js", "/ping", "/nowhere", f"/api/documents/{scene['document']}", "/api/documents/0"):
        answer = client.get(path, headers=staff_cookie)
        assert_security_headers(answer, portal_policy=not path.startswith("/api/"))
    asset = client.get("/assets/app.js")
    assert policy(asset)["script-src"] == ["'self'", "'unsafe-eval'"]
    document = client.get(f"/api/documents/{scene['document']}", headers=staff_cookie)
    assert document.headers["content-security-policy"] == "default-src 'none'; sandbox"  # the route's own
    assert document.headers["cross-origin-resource-policy"] == "same-origin"


def test_hsts_only_in_production(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "strict-transport-security" not in client.get("/").headers
    for name, value in {"SSAS_ENV": "production", "SSAS_OTP_PROVIDER": "totp", "SSAS_NOTIFICATION_PROVIDER": "sms",
                        "SSAS_ORIGINATION_IDENTITY": "SSAS"}.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    for path in ("/", "/assets/app.js", "/api/documents/99999999999999999999"):
        assert client.get(path).headers["strict-transport-security"] == "max-age=63072000; includeSubDomains"
