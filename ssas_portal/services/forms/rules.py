"""Server-side checks of a registration form's values against its definition; the browser is never trusted.

Values are what a browser sends: a dict of field name to string for single fields (a boolean may also come
as a Python bool; "true"/"false" otherwise), and for a repeating group a list of dicts of strings. Anything
else — another type, a huge string, a list where a string belongs — gives a problem, never an exception.
Keys the definition does not know are ignored; fields currently hidden are neither checked nor kept.

A problem is a `Refusal` naming the field by its dotted path ("previous_employers.1.to"), with a catalog key
("form.error.*") and language-neutral parameters; `message()` renders it in French or English with the
field's label.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from typing import Any

from ssas_portal.services.core import i18n
from ssas_portal.services.core.errors import Refusal
from ssas_portal.services.forms import validators
from ssas_portal.services.forms.definitions import DocumentRequirement, FieldDef, FormDefinition, Step

logger = logging.getLogger(__name__)

DEFAULT_MAX_LENGTH = {"text": 200, "textarea": 2000, "address": 500}
DEFAULT_MIN_LENGTH = {"address": 5}
UNEXPECTED = "form.error.unexpected"
"""The key of a problem no rule foresaw (a bug, logged); tests prove random input never produces it."""


# --- public API -------------------------------------------------------------------------------------------


def visible(definition: FormDefinition, values: Mapping[str, Any], *, today: date | None = None) -> set[str]:
    """Dotted names of the fields shown now: top-level names, and "group.<i>.<name>" for each entry sent."""
    form = _Form(definition, values, today)
    shown: set[str] = set()
    for field in definition.all_fields():
        if not form.shown(field):
            continue
        shown.add(field.name)
        if field.kind == "group":
            for index, item in form.items(field):
                shown |= {f"{field.name}.{index}.{sub.name}" for sub in field.fields or []
                          if form.shown(sub, field, item)}
    return shown


def visible_steps(definition: FormDefinition, values: Mapping[str, Any], *, today: date | None = None) -> list[str]:
    """Names of the steps with at least one field shown (a wizard skips the others)."""
    form = _Form(definition, values, today)
    return [step.name for step in definition.steps if any(form.shown(field) for field in step.fields)]


def validate_step(definition: FormDefinition, step_name: str, values: Mapping[str, Any], *,
                  today: date | None = None) -> list[Refusal]:
    """Problems of the step's shown fields, in the order of the form; conditions may look at other steps."""
    step = definition.step(step_name) if isinstance(step_name, str) else None
    if step is None:
        return [Refusal("form.error.unknown_step")]
    form = _Form(definition, values, today)
    return form.check_step(step)


def validate_all(definition: FormDefinition, values: Mapping[str, Any], *, today: date | None = None) -> list[Refusal]:
    form = _Form(definition, values, today)
    return [problem for step in definition.steps for problem in form.check_step(step)]


def required_documents(definition: FormDefinition, values: Mapping[str, Any], *,
                       today: date | None = None) -> list[DocumentRequirement]:
    """Mandatory documents, and conditional ones whose condition holds; optional ones are left out."""
    form = _Form(definition, values, today)
    return [document for document in definition.documents
            if document.rule == "mandatory"
            or (document.rule == "conditional" and document.when is not None and form.holds(document.when))]


def asked_documents(definition: FormDefinition, values: Mapping[str, Any], *,
                    today: date | None = None) -> list[DocumentRequirement]:
    """The documents the answers allow attaching: the required ones and the optional ones."""
    required = {document.kind for document in required_documents(definition, values, today=today)}
    return [document for document in definition.documents if document.kind in required or document.rule == "optional"]


def clean(definition: FormDefinition, values: Mapping[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """The normalised values of the shown fields, as strings: E.164 phones, lower-case e-mails, compact
    upper-case IBAN and BIC, ISO dates, money as a decimal string with 2 places ("150000.00"), booleans as
    "true"/"false"; groups as lists of such dicts. Hidden, empty and invalid values are left out, so call it
    once validate_all() has no problem. clean(clean(v)) == clean(v)."""
    form = _Form(definition, values, today)
    result: dict[str, Any] = {}
    for field in definition.all_fields():
        if not form.shown(field):
            continue
        if field.kind == "group":
            entries = form.clean_group(field)
            if entries:
                result[field.name] = entries
            continue
        cleaned = form.cleaned(field, form.values.get(field.name))
        if cleaned is not None:
            result[field.name] = cleaned
    return result


def message(problem: Refusal, language: str, definition: FormDefinition) -> str:
    """The problem said in `language` (fr or en), naming the field by its label."""
    language = i18n.supported(language) or i18n.DEFAULT_LANGUAGE
    params = {name: value for name, value in problem.params.items() if name != "label"}
    if isinstance(params.get("date"), str):
        try:
            params["date"] = i18n.format_date(language, date.fromisoformat(str(params["date"])))
        except ValueError:
            pass
    if isinstance(params.get("other"), str):
        params["other"] = label_of(definition, str(params["other"]), language)
    try:
        return i18n.translate(language, problem.key, label=label_of(definition, problem.field, language), **params)
    except (KeyError, IndexError, ValueError, TypeError):
        logger.error("form message %s cannot be rendered with %s", problem.key, sorted(params))
        return i18n.translate(language, "form.error.invalid", label=label_of(definition, problem.field, language))


def label_of(definition: FormDefinition, path: str, language: str) -> str:
    """A field's label from its dotted path; an entry of a group reads "To (Previous employers, entry 2)";
    "document.<kind>" names a required document by its label."""
    parts = path.split(".") if path else []
    top = definition.field(parts[0]) if parts else None
    if top is None and len(parts) == 2 and parts[0] == "document":
        document = next((one for one in definition.documents if one.kind == parts[1]), None)
        if document is not None:
            return document.label.in_language(language)
    if top is None:
        return i18n.translate(language, "form.this_form")
    group_label = top.label.in_language(language)
    if len(parts) < 2 or not parts[1].isdigit():
        return group_label
    number = int(parts[1]) + 1
    sub = top.sub_field(parts[2]) if len(parts) > 2 else None
    if sub is None:
        return i18n.translate(language, "form.entry_label", group=group_label, number=number)
    return i18n.translate(language, "form.item_label", label=sub.label.in_language(language), group=group_label,
                          number=number)


# --- the work ---------------------------------------------------------------------------------------------


@dataclass
class _Checked:
    """A field's value once checked: the normalised string, or the problem's key and parameters."""

    value: str | None = None
    key: str | None = None
    params: dict[str, object] = dataclass_field(default_factory=dict)


class _Form:
    """One pass over untrusted values; remembers which top-level fields are shown."""

    def __init__(self, definition: FormDefinition, values: Any, today: date | None) -> None:
        self.definition = definition
        self.values: Mapping[str, Any] = values if isinstance(values, Mapping) else {}
        self.today = today or date.today()
        self._shown: dict[str, bool] = {}

    # visibility and conditions

    def shown(self, field: FieldDef, group: FieldDef | None = None, item: Mapping[str, Any] | None = None) -> bool:
        if group is not None:
            if not self.shown(group):
                return False
            return field.shown_when is None or self.holds(field.shown_when, group, item)
        if field.name not in self._shown:
            self._shown[field.name] = field.shown_when is None or self.holds(field.shown_when)
        return self._shown[field.name]

    def holds(self, condition: Any, group: FieldDef | None = None, item: Mapping[str, Any] | None = None) -> bool:
        """The condition holds: the field it names is shown and its value matches."""
        target, raw = self._target(condition.field, group, item)
        if target is None:
            return False
        if group is not None and item is not None and target is group.sub_field(target.name):
            if not self.shown(target, group, item):
                return False
        elif not self.shown(target):
            return False
        value = _comparable(target, raw)
        if value is None:
            return False
        expected = condition.expected()
        return value in expected if expected else True

    def _target(self, name: str, group: FieldDef | None, item: Mapping[str, Any] | None) -> tuple[FieldDef | None, Any]:
        if group is not None and item is not None and (sub := group.sub_field(name)) is not None:
            return sub, item.get(name)
        return self.definition.field(name), self.values.get(name)

    def required(self, field: FieldDef, group: FieldDef | None = None, item: Mapping[str, Any] | None = None) -> bool:
        return field.required or (field.required_when is not None and self.holds(field.required_when, group, item))

    # groups

    def items(self, group: FieldDef) -> list[tuple[int, Mapping[str, Any]]]:
        """The group's entries that are dicts, up to the most it takes."""
        entries = self.values.get(group.name)
        if not isinstance(entries, list):
            return []
        return [(index, entry) for index, entry in enumerate(entries[: group.items_at_most()])
                if isinstance(entry, Mapping)]

    def clean_group(self, group: FieldDef) -> list[dict[str, str]]:
        cleaned: list[dict[str, str]] = []
        for _index, item in self.items(group):
            entry: dict[str, str] = {}
            for sub in group.fields or []:
                if self.shown(sub, group, item):
                    value = self.cleaned(sub, item.get(sub.name), group, item)
                    if value is not None:
                        entry[sub.name] = value
            if entry:
                cleaned.append(entry)
        return cleaned

    # checking

    def check_step(self, step: Step) -> list[Refusal]:
        problems: list[Refusal] = []
        for field in step.fields:
            if not self.shown(field):
                continue
            if field.kind == "group":
                problems += self.check_group(field)
            else:
                problems += self.check(field, self.values.get(field.name), field.name)
        return problems

    def check_group(self, group: FieldDef) -> list[Refusal]:
        raw = self.values.get(group.name)
        if raw is None or raw == "":
            raw = []
        if not isinstance(raw, list):
            return [Refusal("form.error.invalid", group.name)]
        problems: list[Refusal] = []
        if len(raw) < group.items_at_least():
            minimum = group.items_at_least()
            key = "form.error.required" if minimum == 1 and not raw else "form.error.too_few_items"
            problems.append(Refusal(key, group.name, minimum=minimum) if key.endswith("items")
                            else Refusal(key, group.name))
        if len(raw) > group.items_at_most():
            problems.append(Refusal("form.error.too_many_items", group.name, maximum=group.items_at_most()))
        for index, item in enumerate(raw[: group.items_at_most()]):
            if not isinstance(item, Mapping):
                problems.append(Refusal("form.error.invalid", f"{group.name}.{index}"))
                continue
            for sub in group.fields or []:
                if self.shown(sub, group, item):
                    problems += self.check(sub, item.get(sub.name), f"{group.name}.{index}.{sub.name}", group, item)
        return problems

    def check(self, field: FieldDef, raw: Any, path: str, group: FieldDef | None = None,
              item: Mapping[str, Any] | None = None) -> list[Refusal]:
        if _empty(raw):
            return [Refusal("form.error.required", path)] if self.required(field, group, item) else []
        checked = self.checked(field, raw, group, item)
        if checked.key is None:
            return []
        params: dict[str, Any] = dict(checked.params)  # unpacked into Refusal: see Refusal.params
        if checked.key == "form.error.before_other" and group is not None and item is not None \
                and field.after_field is not None and group.sub_field(field.after_field) is not None:
            params["other"] = f"{path.rsplit('.', 1)[0]}.{field.after_field}"
        return [Refusal(checked.key, path, **params)]

    def cleaned(self, field: FieldDef, raw: Any, group: FieldDef | None = None,
                item: Mapping[str, Any] | None = None) -> str | None:
        if _empty(raw):
            return None
        return self.checked(field, raw, group, item).value

    def checked(self, field: FieldDef, raw: Any, group: FieldDef | None, item: Mapping[str, Any] | None) -> _Checked:
        try:
            return _Checked(value=self._normalise(field, raw, group, item))
        except Refusal as refused:
            return _Checked(key=refused.key, params=dict(refused.params))
        except Exception:  # a rule that broke on odd input: refuse the value, keep serving, tell the logs
            logger.exception("unexpected failure checking form field %s (%s)", field.name, field.kind)
            return _Checked(key=UNEXPECTED)

    def _normalise(self, field: FieldDef, raw: Any, group: FieldDef | None, item: Mapping[str, Any] | None) -> str:
        kind = field.kind
        if kind == "boolean":
            value = _boolean(raw)
            if value is None:
                raise Refusal("form.error.boolean")
            return value
        if not isinstance(raw, str):
            raise Refusal("form.error.invalid")
        if len(raw) > validators.LONGEST_INPUT:
            raise Refusal("form.error.too_long", maximum=field.max_length or DEFAULT_MAX_LENGTH.get(kind, 200))
        if kind in DEFAULT_MAX_LENGTH:
            return validators.text(
                raw, min_length=field.min_length if field.min_length is not None else DEFAULT_MIN_LENGTH.get(kind),
                max_length=field.max_length or DEFAULT_MAX_LENGTH[kind], pattern=field.pattern,
                multiline=kind != "text",
            )
        if kind == "choice":
            value = raw.strip()
            if value not in {choice.value for choice in field.choices or []}:
                raise Refusal("form.error.choice")
            return value
        if kind == "date":
            return self._date(field, raw, group, item).isoformat()
        if kind == "number":
            if field.min_date is not None or field.max_date is not None:  # a year
                return str(validators.year(raw, *self._year_bounds(field)))
            return str(validators.integer(raw, field.minimum, field.maximum))
        if kind == "money":
            return str(validators.money(raw, field.minimum, field.maximum))
        if kind == "email":
            return validators.email(raw)
        if kind == "phone":
            return validators.phone(raw)
        if kind == "iban":
            return validators.iban(raw)
        if kind == "bic":
            return validators.bic(raw)
        if kind == "isic":
            return validators.isic_class(raw)
        if kind == "national_id":
            national = self.definition.national_id
            if national is None:
                raise Refusal("form.error.national_id")
            return validators.national_id(raw, national.pattern, national.check_digit)
        raise Refusal("form.error.invalid")

    def _year_bounds(self, field: FieldDef) -> tuple[int | None, int | None]:
        """The tighter of minimum/maximum and the years of min_date/max_date."""
        lows = [int(field.minimum)] if field.minimum is not None else []
        highs = [int(field.maximum)] if field.maximum is not None else []
        if field.min_date is not None:
            lows.append(validators.resolve_date(field.min_date, self.today).year)
        if field.max_date is not None:
            highs.append(validators.resolve_date(field.max_date, self.today).year)
        return (max(lows) if lows else None), (min(highs) if highs else None)

    def _date(self, field: FieldDef, raw: str, group: FieldDef | None, item: Mapping[str, Any] | None) -> date:
        value = validators.parse_date(raw)
        validators.date_between(value, field.min_date, field.max_date, self.today)
        if field.min_age is not None or field.max_age is not None:
            validators.age_between(value, field.min_age, field.max_age, self.today)
        if field.after_field is not None:
            other, other_raw = self._target(field.after_field, group, item)
            if other is not None and isinstance(other_raw, str) and not _empty(other_raw):
                shown = self.shown(other, group, item) if group is not None and other is group.sub_field(other.name) \
                    else self.shown(other)
                if shown:
                    try:
                        earlier = validators.parse_date(other_raw)
                    except Refusal:
                        return value
                    if value < earlier:
                        raise Refusal("form.error.before_other", other=other.name)
        return value


def _empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or (isinstance(raw, list) and not raw)


def _boolean(raw: Any) -> str | None:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, str) and raw.strip().lower() in {"true", "false"}:
        return raw.strip().lower()
    return None


def _comparable(field: FieldDef, raw: Any) -> str | None:
    """The value a condition compares: "true"/"false" for booleans, the trimmed string otherwise."""
    if field.kind == "boolean":
        return _boolean(raw)
    if isinstance(raw, str) and raw.strip() and len(raw) <= validators.LONGEST_INPUT:
        return raw.strip()
    return None

