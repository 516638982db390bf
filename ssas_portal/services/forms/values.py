"""The two shapes of a form's answers: flat for the wizard, nested for the rules and the database.

The wizard binds each input to one key, so it keeps answers flat ("dependants.0.last_name" -> "Diop") with
a count of entries per repeating group; the rules and the stored draft take them nested (a group as a list of
dicts). Every value is a string here: the browser sends strings, and the rules parse them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ssas_portal.services.forms.definitions import FieldDef, FormDefinition

Flat = dict[str, str]
Counts = dict[str, int]


def _as_text(raw: Any) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, str | int | float):
        return str(raw)
    return ""


def _groups(definition: FormDefinition) -> list[FieldDef]:
    return [field for field in definition.all_fields() if field.kind == "group"]


def flatten(definition: FormDefinition, values: Mapping[str, Any]) -> tuple[Flat, Counts]:
    """A stored draft as the wizard holds it; a group shows at least as many entries as it requires."""
    values = values if isinstance(values, Mapping) else {}
    flat: Flat = {}
    counts: Counts = {}
    for field in definition.all_fields():
        raw = values.get(field.name)
        if field.kind != "group":
            flat[field.name] = _as_text(raw)
            continue
        entries = [entry for entry in raw if isinstance(entry, Mapping)] if isinstance(raw, list) else []
        entries = entries[: field.items_at_most()]
        counts[field.name] = max(len(entries), field.items_at_least())
        for index in range(counts[field.name]):
            entry = entries[index] if index < len(entries) else {}
            for sub in field.fields or []:
                flat[f"{field.name}.{index}.{sub.name}"] = _as_text(entry.get(sub.name))
    return flat, counts


def nest(definition: FormDefinition, flat: Mapping[str, str], counts: Mapping[str, int]) -> dict[str, Any]:
    """The wizard's answers as the rules read them."""
    values: dict[str, Any] = {}
    for field in definition.all_fields():
        if field.kind != "group":
            values[field.name] = flat.get(field.name, "")
            continue
        values[field.name] = [
            {sub.name: flat.get(f"{field.name}.{index}.{sub.name}", "") for sub in field.fields or []}
            for index in range(min(counts.get(field.name, 0), field.items_at_most()))
        ]
    return values


def field_paths(definition: FormDefinition, counts: Mapping[str, int]) -> set[str]:
    """Every key the wizard may hold now; anything else a browser sends is ignored."""
    paths = {field.name for field in definition.all_fields() if field.kind != "group"}
    for group in _groups(definition):
        for index in range(counts.get(group.name, 0)):
            paths |= {f"{group.name}.{index}.{sub.name}" for sub in group.fields or []}
    return paths


def field_at(definition: FormDefinition, path: str) -> FieldDef | None:
    """The definition of a flat key: a top-level field, or a group's field for "group.<i>.<name>"."""
    top, _, rest = path.partition(".")
    field = definition.field(top)
    if field is None or not rest:
        return field
    index, _, name = rest.partition(".")
    return field.sub_field(name) if field.kind == "group" and index.isdigit() else None


def activity_codes(definition: FormDefinition, flat: Mapping[str, str]) -> list[str]:
    """The ISIC codes answered, to show their titles beside them."""
    return [code for path, code in flat.items()
            if code and (field := field_at(definition, path)) is not None and field.kind == "isic"]


def add_entry(definition: FormDefinition, flat: Flat, counts: Counts, group_name: str) -> bool:
    """One more empty entry at the end of a group; False when the group is unknown or full."""
    group = definition.field(group_name)
    if group is None or group.kind != "group" or counts.get(group_name, 0) >= group.items_at_most():
        return False
    index = counts.get(group_name, 0)
    for sub in group.fields or []:
        flat[f"{group_name}.{index}.{sub.name}"] = ""
    counts[group_name] = index + 1
    return True


def remove_entry(definition: FormDefinition, flat: Flat, counts: Counts, group_name: str, index: int) -> bool:
    """Drop one entry and move the later ones up, so keys stay 0..n-1; False when there is no such entry."""
    group = definition.field(group_name)
    count = counts.get(group_name, 0)
    if group is None or group.kind != "group" or not 0 <= index < count:
        return False
    names = [sub.name for sub in group.fields or []]
    for position in range(index, count - 1):
        for name in names:
            flat[f"{group_name}.{position}.{name}"] = flat.get(f"{group_name}.{position + 1}.{name}", "")
    for name in names:
        flat.pop(f"{group_name}.{count - 1}.{name}", None)
    counts[group_name] = count - 1
    return True
