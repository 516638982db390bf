"""The portal, started once per test session in production mode on a free port, and Debian's Chromium.

The server gets its own database (SQLite, or a PostgreSQL schema when SSAS_TEST_DATABASE_URL is set) and
uses Reflex's Redis state manager when REFLEX_REDIS_URL is set.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright
from sqlmodel import Session, col, select

from models import OneTimeCode, OutboxMessage
from ssas_portal.services.core.db import engine_for

from ssas_portal.settings import PROJECT_ROOT
from tests.conftest import fresh_database_url

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
START_TIMEOUT_S = 900


@dataclass(frozen=True)
class Portal:
    url: str
    env: dict[str, str]
    admin_password: str = ""

    @property
    def database_url(self) -> str:
        return self.env["SSAS_DATABASE_URL"]

    def latest_code(self, destination: str) -> str:
        """The 6-digit code of the newest outbox message to `destination`, as a user reads it."""
        with Session(engine_for(self.database_url)) as session:
            body = session.exec(
                select(OutboxMessage.body).where(OutboxMessage.destination == destination)
                .order_by(col(OutboxMessage.id).desc())
            ).first()
        found = re.search(r"\b(\d{6})\b", body or "")
        assert found, f"no code in the outbox for {destination}"
        return found.group(1)

    def code_attempts(self, destination: str) -> int:
        """How many tries the newest code to `destination` has had, as the server counted them."""
        with Session(engine_for(self.database_url)) as session:
            attempts = session.exec(
                select(OneTimeCode.attempts).where(OneTimeCode.destination == destination)
                .order_by(col(OneTimeCode.id).desc())
            ).first()
        return attempts or 0

    def staff(self, role: str = "staff_clerk") -> tuple[str, str]:
        """A fresh staff account made with the CLI; returns its e-mail and password."""
        email = f"{role}.{uuid.uuid4().hex[:10]}@e2e.example"
        password = f"e2e password {uuid.uuid4().hex}"
        self.cli("create-staff", "--email", email, "--name", "E2E Staff", "--role", role, stdin=password + "\n")
        return email, password

    def cli(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        """Run `python -m ssas_portal` against the portal's own database."""
        return subprocess.run(
            [sys.executable, "-m", "ssas_portal", *args], input=stdin, env=self.env, cwd=PROJECT_ROOT,
            capture_output=True, text=True, check=True,
        )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _wait_until_up(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the portal exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        if _answers(f"{base}/ping") and _answers(f"{base}/"):
            return
        time.sleep(1)
    raise RuntimeError(f"the portal did not answer within {START_TIMEOUT_S}s:\n{log.read_text()[-4000:]}")


@pytest.fixture(scope="session")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Portal]:
    workdir = tmp_path_factory.mktemp("portal")
    backend = "postgresql" if os.environ.get("SSAS_TEST_DATABASE_URL") else "sqlite"
    port = _free_port()
    env = {
        **os.environ,
        "SSAS_DATABASE_URL": fresh_database_url(backend, workdir, "ssas_e2e"),
        "SSAS_DOCUMENT_DIR": str(workdir / "documents"),
        "SSAS_ADMIN_EMAIL": "admin@e2e.example",
        "SSAS_SECRET_KEY": uuid.uuid4().hex,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    printed = Portal(url=f"http://127.0.0.1:{port}", env=env).cli("bootstrap").stdout
    found = re.search(r"one-time password:\s+(\S+)", printed)
    assert found, f"bootstrap did not print the first administrator's password:\n{printed}"
    portal = Portal(url=f"http://127.0.0.1:{port}", env=env, admin_password=found.group(1))
    log = workdir / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "ssas_portal", "serve", "--port", str(port)],
            cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        _wait_until_up(portal.url, process, log)
        yield portal
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@dataclass
class ConsoleErrors:
    messages: list[str]

    def watch(self, page: Page) -> None:
        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.messages.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.messages.append(f"{page.url}: {error}"))


@pytest.fixture
def console_errors() -> ConsoleErrors:
    return ConsoleErrors(messages=[])


@pytest.fixture
def page(browser: Browser, console_errors: ConsoleErrors) -> Iterator[Page]:
    """A fresh browser context per test, so the remembered language never leaks between tests, and a user
    agent of its own, so the per-client throttle of one test never slows another."""
    user_agent = f"Mozilla/5.0 (X11; Linux x86_64) ssas-e2e/{uuid.uuid4().hex}"
    context = browser.new_context(locale="fr-FR", user_agent=user_agent)
    page = context.new_page()
    console_errors.watch(page)
    yield page
    context.close()


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def blocking_violations(page: Page) -> list[str]:
    """axe's serious and critical WCAG 2.1 AA violations on the page as it is now."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']]}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def open_live(page: Page, url: str) -> None:
    """Go to a page and wait until the backend has answered its on_load (the page is interactive)."""
    page.goto(url)
    page.wait_for_selector("html[data-portal-language]", timeout=30_000)
