"""The portal as the browser tests see it: a running server with its own database and CLI, the console
errors of a page, axe's blocking WCAG 2.1 AA violations, and a page opened once its backend answered."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page
from sqlmodel import Session, col, select

from models import OneTimeCode, OutboxMessage, Throttle
from ssas_portal.services.core.db import engine_for
from ssas_portal.settings import PROJECT_ROOT


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

    def forget_client_throttles(self) -> None:
        """Clear the per-client slow-down: it keys on the address, and every test's browser is 127.0.0.1, so
        one test's failures would otherwise slow the next."""
        with Session(engine_for(self.database_url)) as session:
            session.execute(sa.delete(Throttle).where(col(Throttle.key).startswith("client:")))
            session.commit()

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


@dataclass
class ConsoleErrors:
    messages: list[str]

    def watch(self, page: Page) -> None:
        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                self.messages.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda error: self.messages.append(f"{page.url}: {error}"))


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
