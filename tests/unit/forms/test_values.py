"""The wizard's flat answers and the rules' nested ones are the same answers: conversions lose nothing, and
adding or removing a group's entry keeps every other entry's values in place."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ssas_portal.services.core import i18n
from ssas_portal.services.forms import rules, values
from ssas_portal.services.forms.definitions import definition
from tests.support.forms import VALID


@pytest.mark.parametrize("kind", list(VALID))
def test_flattening_then_nesting_gives_back_the_answers(kind: str) -> None:
    form = definition(kind)
    flat, counts = values.flatten(form, VALID[kind])
    nested = values.nest(form, flat, counts)
    assert rules.validate_all(form, nested) == []
    assert rules.clean(form, nested) == rules.clean(form, VALID[kind])
    assert set(flat) == values.field_paths(form, counts)


def test_every_field_has_a_key_and_a_required_group_starts_with_one_entry() -> None:
    form = definition("voluntary_contributor")
    flat, counts = values.flatten(form, {})
    assert counts == {"previous_employers": 1, "earnings_history": 0}
    assert flat["previous_employers.0.employer_name"] == ""
    assert flat["last_name"] == ""
    assert "earnings_history.0.year" not in flat


def test_stored_oddities_become_text_or_nothing() -> None:
    form = definition("employee")
    flat, counts = values.flatten(form, {"is_doctor": True, "last_name": None, "first_names": {"x": 1},
                                              "dependants": ["not an entry", {"last_name": 7}]})
    assert flat["is_doctor"] == "true"
    assert flat["last_name"] == flat["first_names"] == ""
    assert counts["dependants"] == 1
    assert flat["dependants.0.last_name"] == "7"


def _employers(*names: str) -> tuple[dict[str, str], dict[str, int]]:
    form = definition("voluntary_contributor")
    return values.flatten(form, {"previous_employers": [{"employer_name": name, "from": f"20{i:02d}-01-01"}
                                                             for i, name in enumerate(names)]})


def test_removing_an_entry_moves_the_later_ones_up() -> None:
    form = definition("voluntary_contributor")
    flat, counts = _employers("A", "B", "C")
    assert values.remove_entry(form, flat, counts, "previous_employers", 1)
    assert counts["previous_employers"] == 2
    assert [flat[f"previous_employers.{i}.employer_name"] for i in range(2)] == ["A", "C"]
    assert flat["previous_employers.1.from"] == "2002-01-01"
    assert not any(key.startswith("previous_employers.2.") for key in flat)


@pytest.mark.parametrize("group, index", [("previous_employers", 3), ("previous_employers", -1), ("last_name", 0),
                                          ("nothing", 0)])
def test_removing_what_does_not_exist_changes_nothing(group: str, index: int) -> None:
    form = definition("voluntary_contributor")
    flat, counts = _employers("A", "B", "C")
    before = (copy.deepcopy(flat), dict(counts))
    assert not values.remove_entry(form, flat, counts, group, index)
    assert (flat, counts) == before


def test_an_entry_is_added_empty_until_the_group_is_full() -> None:
    form = definition("voluntary_contributor")
    group = form.field("previous_employers")
    assert group is not None
    flat, counts = _employers("A")
    assert values.add_entry(form, flat, counts, "previous_employers")
    assert flat["previous_employers.1.employer_name"] == "" and counts["previous_employers"] == 2
    while counts["previous_employers"] < group.items_at_most():
        assert values.add_entry(form, flat, counts, "previous_employers")
    assert not values.add_entry(form, flat, counts, "previous_employers")
    assert not values.add_entry(form, flat, counts, "last_name")


@pytest.mark.parametrize("path, name", [("last_name", "last_name"), ("previous_employers.0.to", "to"),
                                        ("previous_employers.x.to", None), ("previous_employers.0.nope", None),
                                        ("last_name.0.x", None), ("unknown", None)])
def test_a_flat_key_names_its_field(path: str, name: str | None) -> None:
    field = values.field_at(definition("voluntary_contributor"), path)
    assert (field.name if field is not None else None) == name


def test_activity_codes_are_the_answered_isic_fields() -> None:
    form = definition("employer")
    flat, _ = values.flatten(form, {**VALID["employer"], "isic_secondary": "4711"})
    assert sorted(values.activity_codes(form, flat)) == ["4711", "8610"]


@pytest.mark.parametrize("language, size, shown", [("fr", 512, "512 o"), ("fr", 85_000, "85 ko"),
                                                   ("fr", 2_400_000, "2,4 Mo"), ("en", 2_400_000, "2.4 MB"),
                                                   ("en", 999, "999 B")])
def test_file_sizes_are_said_in_the_language(language: str, size: int, shown: Any) -> None:
    assert i18n.format_size(language, size) == shown
