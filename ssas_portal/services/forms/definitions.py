"""Registration forms as data: one JSON file per registration type in config/forms, validated at start-up.

A definition holds steps of fields (with French and English labels and help, required or optional, bounds,
conditions) and the documents to attach. A broken file stops start-up with one line naming the file, the
place in it and the problem, for instance:

    employee.json: steps.0.fields.2.shown_when.field: names an unknown field 'is_docter'

Field names are unique across a form; the fields of a repeating group ("group") are unique within it and
are addressed as "group.<index>.<name>". A condition in a group's field may name a field of the same
entry or a top-level field (the entry's own field wins); documents' conditions name top-level fields.

Conditions compare the referenced field's value as typed (trimmed; booleans as "true" or "false"), and
hold only while that field is itself shown. A condition with neither `equals` nor `one_of` holds when the
field has a value.

The format of national identity numbers is configurable per form (`national_id`): a regular expression
matched against the number without spaces, dots, hyphens or slashes, and an optional check digit
("luhn", or "mod97": the last two digits are 97 minus the rest modulo 97). The shipped default is
13 digits, no check digit.
"""

from __future__ import annotations

import functools
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from models.enums import ApplicationType
from ssas_portal.services.core.config_files import ConfigError, load_model
from ssas_portal.services.forms import validators
from ssas_portal.services.forms.profiles import CONFIG_DIR

FORMS_DIR = CONFIG_DIR / "forms"
MAX_GROUP_ITEMS = 100
"""No repeating group takes more entries than this, whatever its configuration says."""

FieldKind = Literal[
    "text", "textarea", "date", "choice", "number", "money", "email", "phone", "address", "isic", "iban", "bic",
    "national_id", "boolean", "group",
]
DocumentFormat = Literal["pdf", "jpeg", "png"]
_NAME = r"^[a-z][a-z0-9_]{0,59}$"
_TEXT_KINDS = {"text", "textarea", "address"}
_DATE_SPEC_KINDS = {"date", "number"}
_BOOLEAN_VALUES = {"true", "false"}


def _refused(at: str, problem: str) -> PydanticCustomError:
    """A problem found by a model validator, located at `at` below the model (joined to pydantic's place)."""
    return PydanticCustomError("form_definition", "{at}: {problem}", {"at": at, "problem": problem})


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """A text shown to the applicant, in both languages."""

    fr: str = Field(min_length=1, max_length=1000)
    en: str = Field(min_length=1, max_length=1000)

    def in_language(self, language: str) -> str:
        return self.en if language == "en" else self.fr


class Condition(_Frozen):
    """True when the referenced field is shown and its value equals `equals` / is one of `one_of`."""

    field: str = Field(pattern=_NAME)
    equals: str | None = None
    one_of: list[str] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_comparison(self) -> Condition:
        if self.equals is not None and self.one_of is not None:
            raise _refused("one_of", "give either equals or one_of, not both")
        return self

    def expected(self) -> list[str]:
        if self.equals is not None:
            return [self.equals]
        return list(self.one_of or [])


class Choice(_Frozen):
    value: str = Field(pattern=r"^[a-z0-9_]{1,60}$")
    label: Text


class FieldDef(_Frozen):
    name: str = Field(pattern=_NAME)
    kind: FieldKind
    label: Text
    help: Text | None = None
    required: bool = False
    shown_when: Condition | None = None
    required_when: Condition | None = None
    min_length: int | None = Field(default=None, ge=0, le=validators.LONGEST_INPUT)
    max_length: int | None = Field(default=None, ge=1, le=validators.LONGEST_INPUT)
    pattern: str | None = Field(default=None, max_length=500)
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    min_date: str | None = None
    max_date: str | None = None
    min_age: int | None = Field(default=None, ge=0, le=150)
    max_age: int | None = Field(default=None, ge=0, le=150)
    after_field: str | None = Field(default=None, pattern=_NAME)
    choices: list[Choice] | None = Field(default=None, min_length=1)
    fields: list[FieldDef] | None = Field(default=None, min_length=1)
    min_items: int | None = Field(default=None, ge=0, le=MAX_GROUP_ITEMS)
    max_items: int | None = Field(default=None, ge=1, le=MAX_GROUP_ITEMS)

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"not a valid regular expression ({error})") from None
        return value

    @field_validator("min_date", "max_date")
    @classmethod
    def _date_bound(cls, value: str | None) -> str | None:
        if value is not None:
            validators.resolve_date(value, date.today())
        return value

    @model_validator(mode="after")
    def _coherent(self) -> FieldDef:
        kind = self.kind
        only_for = {
            "choices": {"choice"}, "fields": {"group"}, "min_items": {"group"}, "max_items": {"group"},
            "pattern": _TEXT_KINDS, "min_length": _TEXT_KINDS, "max_length": _TEXT_KINDS,
            "minimum": {"number", "money"}, "maximum": {"number", "money"},
            "min_date": _DATE_SPEC_KINDS, "max_date": _DATE_SPEC_KINDS,
            "min_age": {"date"}, "max_age": {"date"}, "after_field": {"date"},
        }
        for attribute, kinds in only_for.items():
            if getattr(self, attribute) is not None and kind not in kinds:
                raise _refused(attribute, f"applies only to fields of kind {' or '.join(sorted(kinds))}")
        if kind == "group" and not self.fields:
            raise _refused("fields", "a repeating group needs its fields")
        if kind == "choice" and not self.choices:
            raise _refused("choices", "a choice field needs its choices")
        if self.choices is not None and len({choice.value for choice in self.choices}) != len(self.choices):
            raise _refused("choices", "two choices have the same value")
        for low, high in (("min_length", "max_length"), ("minimum", "maximum"), ("min_age", "max_age"),
                          ("min_items", "max_items")):
            if getattr(self, low) is not None and getattr(self, high) is not None \
                    and getattr(self, low) > getattr(self, high):
                raise _refused(low, f"is greater than {high}")
        if self.fields is not None:
            names: set[str] = set()
            for index, field in enumerate(self.fields):
                if field.kind == "group":
                    raise _refused(f"fields.{index}.kind", "a repeating group cannot hold another group")
                if field.name in names:
                    raise _refused(f"fields.{index}.name", f"duplicate field name '{field.name}' in this group")
                names.add(field.name)
        return self

    def sub_field(self, name: str) -> FieldDef | None:
        return next((field for field in self.fields or [] if field.name == name), None)

    def items_at_most(self) -> int:
        return min(self.max_items or MAX_GROUP_ITEMS, MAX_GROUP_ITEMS)

    def items_at_least(self) -> int:
        return max(self.min_items or 0, 1 if self.required else 0)


class Step(_Frozen):
    name: str = Field(pattern=_NAME)
    title: Text
    fields: list[FieldDef] = Field(min_length=1)


class DocumentRequirement(_Frozen):
    kind: str = Field(pattern=r"^[a-z_]{3,60}$")
    label: Text
    rule: Literal["mandatory", "optional", "conditional"]
    when: Condition | None = None
    accepted: list[DocumentFormat] = Field(min_length=1)

    @model_validator(mode="after")
    def _condition_matches_rule(self) -> DocumentRequirement:
        if self.rule == "conditional" and self.when is None:
            raise _refused("when", "a conditional document needs a condition (when)")
        if self.rule != "conditional" and self.when is not None:
            raise _refused("when", "only a conditional document takes a condition")
        return self


class NationalIdFormat(_Frozen):
    pattern: str = Field(min_length=1, max_length=500)
    check_digit: Literal["none", "luhn", "mod97"] = "none"

    @field_validator("pattern")
    @classmethod
    def _pattern_compiles(cls, value: str) -> str:
        return FieldDef._pattern_compiles(value) or value


class FormDefinition(_Frozen):
    type: ApplicationType
    version: int = Field(ge=1)
    steps: list[Step] = Field(min_length=1)
    documents: list[DocumentRequirement]
    national_id: NationalIdFormat | None = None

    _fields: dict[str, FieldDef] = PrivateAttr(default_factory=dict)
    _steps: dict[str, Step] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> FormDefinition:
        places: dict[str, str] = {}
        fields: dict[str, FieldDef] = {}
        steps: dict[str, Step] = {}
        for step_index, step in enumerate(self.steps):
            if step.name in steps:
                raise _refused(f"steps.{step_index}.name", f"duplicate step name '{step.name}'")
            steps[step.name] = step
            for field_index, field in enumerate(step.fields):
                place = f"steps.{step_index}.fields.{field_index}"
                if field.name in fields:
                    raise _refused(f"{place}.name",
                                   f"duplicate field name '{field.name}' (also at {places[field.name]})")
                fields[field.name] = field
                places[field.name] = place
        for name, field in fields.items():
            self._check_field(field, places[name], fields, None)
            for index, sub in enumerate(field.fields or []):
                self._check_field(sub, f"{places[name]}.fields.{index}", fields, field)
        for index, document in enumerate(self.documents):
            if document.when is not None:
                _check_condition(document.when, f"documents.{index}.when", fields, None)
        kinds = [document.kind for document in self.documents]
        if len(set(kinds)) != len(kinds):
            duplicate = next(kind for kind in kinds if kinds.count(kind) > 1)
            raise _refused(f"documents.{len(kinds) - 1 - kinds[::-1].index(duplicate)}.kind",
                           f"duplicate document kind '{duplicate}'")
        _check_no_cycle(fields, places)
        self._fields = fields
        self._steps = steps
        return self

    def _check_field(self, field: FieldDef, place: str, fields: dict[str, FieldDef], group: FieldDef | None) -> None:
        for attribute in ("shown_when", "required_when"):
            condition = getattr(field, attribute)
            if condition is not None:
                if _resolve(condition.field, fields, group) is field:
                    raise _refused(f"{place}.{attribute}.field", "a field cannot depend on itself")
                _check_condition(condition, f"{place}.{attribute}", fields, group)
        if field.after_field is not None:
            other = _resolve(field.after_field, fields, group)
            if other is None or other.kind != "date" or other is field:
                raise _refused(f"{place}.after_field", f"'{field.after_field}' is not another date field of the form")
        if field.kind == "national_id" and self.national_id is None:
            raise _refused(f"{place}.kind", "a national_id field needs the form's national_id format")

    def step(self, name: str) -> Step | None:
        return self._steps.get(name)

    def field(self, name: str) -> FieldDef | None:
        """A top-level field by name."""
        return self._fields.get(name)

    def all_fields(self) -> list[FieldDef]:
        """The top-level fields in the order of the steps."""
        return list(self._fields.values())


def _resolve(name: str, fields: dict[str, FieldDef], group: FieldDef | None) -> FieldDef | None:
    """The field a condition or after_field names: the group entry's own field first, else a top-level one."""
    if group is not None and (sub := group.sub_field(name)) is not None:
        return sub
    return fields.get(name)


def _check_condition(condition: Condition, place: str, fields: dict[str, FieldDef], group: FieldDef | None) -> None:
    target = _resolve(condition.field, fields, group)
    if target is None:
        raise _refused(f"{place}.field", f"names an unknown field '{condition.field}'")
    if target.kind == "group":
        raise _refused(f"{place}.field", f"names the repeating group '{condition.field}', which has no single value")
    if target.kind == "boolean":
        allowed = _BOOLEAN_VALUES
    elif target.kind == "choice":
        allowed = {choice.value for choice in target.choices or []}
    else:
        return
    for value in condition.expected():
        if value not in allowed:
            where = "equals" if condition.equals is not None else "one_of"
            raise _refused(f"{place}.{where}", f"'{value}' is not a value of field '{condition.field}'"
                                               f" (expected {', '.join(sorted(allowed))})")


def _check_no_cycle(fields: dict[str, FieldDef], places: dict[str, str]) -> None:
    """Fields shown only when other fields are shown must not depend on each other in a circle."""
    edges: dict[str, str] = {}
    for name, field in fields.items():
        if field.shown_when is not None:
            edges[name] = field.shown_when.field
        for sub in field.fields or []:
            if sub.shown_when is not None:
                target = sub.shown_when.field
                edges[f"{name}.{sub.name}"] = f"{name}.{target}" if field.sub_field(target) else target
    for start in edges:
        seen = [start]
        current = edges.get(start)
        while current is not None:
            if current in seen:
                top, _, sub_name = start.partition(".")
                place = places[top]
                if sub_name:
                    place += f".fields.{[one.name for one in fields[top].fields or []].index(sub_name)}"
                circle = " -> ".join([*seen, current])
                raise _refused(f"{place}.shown_when.field", f"fields shown on each other's condition: {circle}")
            seen.append(current)
            current = edges.get(current)


# --- loading ----------------------------------------------------------------------------------------------


def load_definition(path: Path) -> FormDefinition:
    """The definition in `path`, or ConfigError with one line: "<file>: <place>: <problem>"."""
    return load_model(path, FormDefinition, _one_line)


def _one_line(error: ValidationError) -> str:
    first = error.errors()[0]
    parts = [str(part) for part in first["loc"]]
    message = first["msg"]
    if first["type"] == "form_definition":
        context = first.get("ctx") or {}
        parts.append(str(context.get("at", "")))
        message = str(context.get("problem", message))
    where = ".".join(part for part in parts if part) or "(file)"
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return " ".join(f"{where}: {message}".split())


def load_all(directory: Path = FORMS_DIR) -> dict[ApplicationType, FormDefinition]:
    """Every definition in `directory`: exactly one file per registration type, named after it."""
    try:
        paths = sorted(directory.glob("*.json"))
    except OSError as error:
        raise ConfigError(f"{directory.name}: cannot be read ({error.strerror})") from None
    known = {kind.value for kind in ApplicationType}
    loaded: dict[ApplicationType, FormDefinition] = {}
    for path in paths:
        if path.stem not in known:
            raise ConfigError(f"{path.name}: not a registration type (expected one of {', '.join(sorted(known))})")
        definition = load_definition(path)
        if definition.type.value != path.stem:
            raise ConfigError(f"{path.name}: type: is '{definition.type.value}' but the file is for '{path.stem}'")
        loaded[definition.type] = definition
    missing = sorted(known - {kind.value for kind in loaded})
    if missing:
        raise ConfigError(f"{directory.name}: no form definition for {', '.join(missing)}"
                          f" (expected {', '.join(f'{name}.json' for name in missing)})")
    return {kind: loaded[kind] for kind in ApplicationType}


@functools.cache
def definitions() -> dict[ApplicationType, FormDefinition]:
    """The shipped definitions, loaded once; call at start-up so a broken file stops it."""
    return load_all()


def definition(kind: ApplicationType | str) -> FormDefinition:
    return definitions()[ApplicationType(kind)]
