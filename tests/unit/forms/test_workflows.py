"""Review workflows as data: the shipped file is valid, a broken one is refused with one line, conditional
steps follow the answers, and the role and four-eyes rules hold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from models.enums import ApplicationType, Role
from ssas_portal.services.core import i18n
from ssas_portal.services.core.config_files import ConfigError
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.forms import workflows

CLERK, SUPERVISOR, OTHER_SUPERVISOR = 1, 2, 3


def refused(step: workflows.WorkflowStep, role: Role, account_id: int, completed_by: dict[str, int]) -> str | None:
    """The key of the refusal check_taker raises, or None when the person may take the step."""
    try:
        workflows.check_taker(step, role, account_id, completed_by)
    except Refusal as refusal:
        return refusal.key
    return None


def employer() -> workflows.Workflow:
    return workflows.catalog().workflow(ApplicationType.EMPLOYER)


@pytest.mark.parametrize("headcount, expected", [
    ("12", ["document_check", "approval"]),
    ("50", ["document_check", "approval"]),
    ("51", ["document_check", "second_approval", "approval"]),
    ("many", ["document_check", "approval"]),
    (None, ["document_check", "approval"]),
])
def test_a_large_employer_needs_a_second_approval(headcount: Any, expected: list[str]) -> None:
    assert [step.name for step in workflows.steps_for(employer(), {"headcount": headcount})] == expected


def test_the_next_step_follows_what_is_done() -> None:
    answers = {"headcount": "120"}
    first = workflows.next_step(employer(), answers, [])
    assert first is not None and first.name == "document_check"
    second = workflows.next_step(employer(), answers, ["document_check"])
    assert second is not None and second.name == "second_approval"
    assert workflows.next_step(employer(), answers, ["document_check", "second_approval", "approval"]) is None


def test_a_clerk_checks_documents_but_never_approves() -> None:
    check, *_, approval = workflows.steps_for(employer(), {"headcount": "120"})
    assert refused(check, Role.STAFF_CLERK, CLERK, {}) is None
    assert refused(approval, Role.STAFF_CLERK, CLERK, {"document_check": SUPERVISOR}) == "workflow.error.role"
    assert refused(check, Role.INDIVIDUAL, CLERK, {}) == "workflow.error.role"
    assert refused(check, Role.STAFF_SUPERVISOR, SUPERVISOR, {}) is None


def test_four_eyes_nobody_completes_two_steps_of_one_application() -> None:
    _, second, approval = workflows.steps_for(employer(), {"headcount": "120"})
    done = {"document_check": CLERK, "second_approval": SUPERVISOR}
    assert refused(approval, Role.STAFF_SUPERVISOR, SUPERVISOR, done) == "workflow.error.four_eyes"
    assert refused(approval, Role.ADMIN, CLERK, done) == "workflow.error.four_eyes"
    assert refused(approval, Role.STAFF_SUPERVISOR, OTHER_SUPERVISOR, done) is None
    assert refused(second, Role.STAFF_SUPERVISOR, SUPERVISOR, done) is None  # the same step again


def test_reasons_are_bilingual_and_per_outcome() -> None:
    rejecting = {reason.code for reason in workflows.catalog().reasons_for("reject")}
    asking = {reason.code for reason in workflows.catalog().reasons_for("request_information")}
    assert "already_registered" in rejecting - asking and "document_illegible" in asking - rejecting
    assert all(key in i18n.catalog(language) for key in ("workflow.error.role", "workflow.error.four_eyes")
               for language in i18n.LANGUAGES)


def _broken(tmp_path: Path, change: Any) -> str:
    data = json.loads(workflows.WORKFLOWS_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "workflows.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        workflows.load_catalog(path)
    return str(refused.value)


@pytest.mark.parametrize("change, problem", [
    (lambda data: data["workflows"].pop(), "one workflow for each"),
    (lambda data: data["workflows"][0]["steps"][0].update(role="applicant"), "role"),
    (lambda data: data["workflows"][0]["steps"].append(dict(data["workflows"][0]["steps"][0])), "same name"),
    (lambda data: data["workflows"][4]["steps"][1]["when"].update(field="head_count"), "no field 'head_count'"),
    (lambda data: data["workflows"][4]["steps"][1]["when"].update(field="legal_name"), "above needs a number"),
    (lambda data: data["workflows"][0]["steps"][1].update(outcomes=["reject"]), "allow complete"),
    (lambda data: data["reasons"].append(dict(data["reasons"][0])), "same code"),
])
def test_a_broken_workflow_file_is_refused_in_one_line(tmp_path: Path, change: Any, problem: str) -> None:
    line = _broken(tmp_path, change)
    assert line.startswith("workflows.json: ") and "\n" not in line and problem in line


def test_the_catalog_finds_a_step_and_a_reason_by_name_or_says_none() -> None:
    shipped = workflows.catalog()
    approval = shipped.step(ApplicationType.EMPLOYEE, "approval")
    assert approval is not None and approval.title.en == "Approval"
    assert shipped.step(ApplicationType.EMPLOYEE, "second_approval") is None
    assert shipped.step(ApplicationType.EMPLOYEE, None) is None
    missing = shipped.reason("document_missing")
    assert missing is not None and missing.text.fr == "Une pièce demandée manque."
    assert shipped.reason("no_such_reason") is None
