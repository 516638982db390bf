"""Review workflows as data: config/workflows.json holds, per registration type, the ordered steps staff take
(who may take each, what they may decide, how long it should last, and when a step applies), and the
bilingual reason codes of rejections and requests for information. Validated at start-up against the form
definitions, like them: a broken file stops start-up with one line naming the place and the problem.

The rules this module answers, without a database: which steps an application goes through given its
answers, which comes next once some are done, and whether someone may take a step — the step's role (an
administrator may take any), and "four eyes": nobody completes two steps of the same application.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.enums import ApplicationType, Role
from ssas_portal.services.core.config_files import load_model
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.forms.definitions import Text, definitions
from ssas_portal.services.forms.profiles import CONFIG_DIR

WORKFLOWS_FILE = CONFIG_DIR / "workflows.json"
Outcome = Literal["complete", "reject", "request_information"]
_NAME = r"^[a-z][a-z0-9_]{0,59}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StepCondition(_Frozen):
    """The step applies when the form's field is above a number, or equals one of some values."""

    field: str = Field(pattern=_NAME)
    above: Decimal | None = None
    one_of: list[str] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_test(self) -> StepCondition:
        if (self.above is None) == (self.one_of is None):
            raise ValueError("give either above or one_of")
        return self

    def holds(self, answers: Mapping[str, Any]) -> bool:
        value = answers.get(self.field)
        if self.one_of is not None:
            return isinstance(value, str) and value in self.one_of
        try:
            return value is not None and Decimal(str(value)) > (self.above or 0)
        except InvalidOperation:
            return False


class WorkflowStep(_Frozen):
    name: str = Field(pattern=_NAME)
    title: Text
    role: Literal[Role.STAFF_CLERK, Role.STAFF_SUPERVISOR, Role.ADMIN]
    outcomes: list[Outcome] = Field(min_length=1)
    target_hours: int = Field(ge=1, le=24 * 90)
    when: StepCondition | None = None

    @model_validator(mode="after")
    def _outcomes_once(self) -> WorkflowStep:
        if len(set(self.outcomes)) != len(self.outcomes):
            raise ValueError("an outcome is listed twice")
        return self


class Workflow(_Frozen):
    type: ApplicationType
    steps: list[WorkflowStep] = Field(min_length=1)

    @model_validator(mode="after")
    def _coherent(self) -> Workflow:
        names = [step.name for step in self.steps]
        if len(set(names)) != len(names):
            raise ValueError("two steps have the same name")
        if "complete" not in self.steps[-1].outcomes or self.steps[-1].when is not None:
            raise ValueError("the last step must always apply and allow complete (the approval)")
        form = definitions()[self.type]
        for step in self.steps:
            condition = step.when
            field = form.field(condition.field) if condition is not None else None
            if condition is not None and field is None:
                raise ValueError(f"step {step.name}: the form has no field '{condition.field}'")
            if condition is not None and field is not None and condition.above is not None \
                    and field.kind not in {"number", "money"}:
                raise ValueError(f"step {step.name}: above needs a number or money field, not {field.kind}")
        return self


class Reason(_Frozen):
    code: str = Field(pattern=_NAME)
    text: Text
    for_outcomes: list[Literal["reject", "request_information"]] = Field(min_length=1)


class WorkflowCatalog(_Frozen):
    workflows: list[Workflow]
    reasons: list[Reason] = Field(min_length=1)

    @model_validator(mode="after")
    def _complete(self) -> WorkflowCatalog:
        if sorted(workflow.type for workflow in self.workflows) != sorted(ApplicationType):
            raise ValueError("needs exactly one workflow for each of the six registration types")
        codes = [reason.code for reason in self.reasons]
        if len(set(codes)) != len(codes):
            raise ValueError("two reasons have the same code")
        return self

    def workflow(self, kind: ApplicationType) -> Workflow:
        return next(workflow for workflow in self.workflows if workflow.type is kind)

    def reasons_for(self, outcome: str) -> list[Reason]:
        return [reason for reason in self.reasons if outcome in reason.for_outcomes]

    def step(self, kind: ApplicationType, name: str | None) -> WorkflowStep | None:
        return next((step for step in self.workflow(kind).steps if step.name == name), None)

    def reason(self, code: str) -> Reason | None:
        return next((reason for reason in self.reasons if reason.code == code), None)


def load_catalog(path: Path = WORKFLOWS_FILE) -> WorkflowCatalog:
    return load_model(path, WorkflowCatalog)


@functools.cache
def catalog() -> WorkflowCatalog:
    """The shipped workflows, loaded once; call at start-up so a broken file stops it."""
    return load_catalog()


# --- the rules --------------------------------------------------------------------------------------------


def steps_for(workflow: Workflow, answers: Mapping[str, Any]) -> list[WorkflowStep]:
    """The steps this application goes through, in order."""
    return [step for step in workflow.steps if step.when is None or step.when.holds(answers)]


def next_step(workflow: Workflow, answers: dict[str, Any], completed: list[str]) -> WorkflowStep | None:
    """The first applicable step not yet completed; None once all are (the application can be approved)."""
    return next((step for step in steps_for(workflow, answers) if step.name not in completed), None)


RANKS = {Role.STAFF_CLERK: 1, Role.STAFF_SUPERVISOR: 2, Role.ADMIN: 3}
"""A step's role or a higher one may take it: a supervisor may check documents, a clerk may not approve."""


def check_taker(step: WorkflowStep, role: Role, account_id: int, completed_by: dict[str, int]) -> None:
    """Refuse a person who may not take this step: a lower role, or one who completed another step of the
    same application (four eyes)."""
    if RANKS.get(role, 0) < RANKS[step.role]:
        raise Refusal("workflow.error.role")
    if any(account_id == who for name, who in completed_by.items() if name != step.name):
        raise Refusal("workflow.error.four_eyes")
