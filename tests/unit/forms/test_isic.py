"""The ISIC picker's services: the Rev.4 tree walked level by level, the chain above a code, and a search
of classes by code prefix or by every word, whose untrusted text never acts as a LIKE wildcard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from models import IsicActivity
from ssas_portal.cli import migrate
from ssas_portal.services.core.db import engine_for
from ssas_portal.services.forms import isic, reference
from ssas_portal.services.forms.isic import Activity
from tests.support.databases import BACKENDS, fresh_database_url


@pytest.fixture(scope="module", params=BACKENDS)
def session(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """A database of this module's own with both revisions loaded once: every test here only reads it
    (the one that writes a title rolls it back)."""
    directory: Path = tmp_path_factory.mktemp("isic")
    url = fresh_database_url(request.param, directory, "ssas_isic")
    migrate(url)
    engine = engine_for(url)
    with Session(engine, expire_on_commit=False) as session:
        reference.load_isic(session)
        session.commit()
        yield session
    engine.dispose()


def codes(activities: list[Activity]) -> list[str]:
    return [activity.code for activity in activities]


# --- browsing ---------------------------------------------------------------------------------------------


def test_the_top_level_is_the_21_sections_of_rev4(session: Session) -> None:
    sections = isic.children(session, None, "en")
    assert codes(sections) == [chr(letter) for letter in range(ord("A"), ord("U") + 1)]
    assert {activity.level for activity in sections} == {"section"}
    assert sections[0] == Activity("A", "section", "Agriculture, forestry and fishing")


def test_children_are_the_direct_children_in_code_order(session: Session) -> None:
    assert isic.children(session, "86", "en") == [
        Activity("861", "group", "Hospital activities"),
        Activity("862", "group", "Medical and dental practice activities"),
        Activity("869", "group", "Other human health activities"),
    ]
    assert codes(isic.children(session, "Q", "en")) == ["86", "87", "88"]
    assert codes(isic.children(session, "861", "en")) == ["8610"]


@pytest.mark.parametrize("parent", ["8610", "ZZ", "", "%", "8"])
def test_a_class_or_an_unknown_parent_has_no_children(session: Session, parent: str) -> None:
    assert isic.children(session, parent, "en") == []


def test_the_path_runs_from_the_section_down_to_the_code(session: Session) -> None:
    assert isic.path(session, "8610", "en") == [
        Activity("Q", "section", "Human health and social work activities"),
        Activity("86", "division", "Human health activities"),
        Activity("861", "group", "Hospital activities"),
        Activity("8610", "class", "Hospital activities"),
    ]
    assert codes(isic.path(session, "86", "en")) == ["Q", "86"]
    assert codes(isic.path(session, "Q", "en")) == ["Q"]


@pytest.mark.parametrize("code", ["9999", "", "86%", "q"])
def test_an_unknown_code_has_no_path_and_no_title(session: Session, code: str) -> None:
    assert isic.path(session, code, "en") == []
    assert isic.title_of(session, code, "en") is None


def test_title_of_gives_the_english_title_while_no_french_one_is_stored(session: Session) -> None:
    assert isic.title_of(session, "8610", "en") == "Hospital activities"
    assert isic.title_of(session, "8610", "fr") == "Hospital activities"


def test_a_stored_french_title_is_shown_and_searched_in_french_only(session: Session) -> None:
    row = session.get_one(IsicActivity, (isic.REVISION, "8610"))
    row.title_fr = "Activités hospitalières"
    session.flush()
    try:
        assert isic.title_of(session, "8610", "fr") == "Activités hospitalières"
        assert isic.title_of(session, "8610", "en") == "Hospital activities"
        assert isic.path(session, "8610", "fr")[-1].title == "Activités hospitalières"
        assert isic.path(session, "8610", "fr")[0].title == "Human health and social work activities"
        assert codes(isic.search(session, "hospitalières", "fr")) == ["8610"]
        assert isic.search(session, "hospitalières", "en") == []
        assert codes(isic.search(session, "dental practice", "fr")) == ["8620"]
    finally:
        session.rollback()


def test_only_revision_4_is_browsed(session: Session) -> None:
    """Rev.5 is loaded beside it (with a section V) but forms ask Rev.4 codes."""
    assert session.get(IsicActivity, ("5", "V")) is not None
    assert isic.path(session, "V", "en") == []
    assert "V" not in codes(isic.children(session, None, "en"))


# --- search -----------------------------------------------------------------------------------------------


def test_digits_search_classes_by_code_prefix(session: Session) -> None:
    assert isic.search(session, "8610", "en") == [Activity("8610", "class", "Hospital activities")]
    assert codes(isic.search(session, " 86 ", "en")) == ["8610", "8620", "8690"]
    assert codes(isic.search(session, "861", "en")) == ["8610"]
    assert isic.search(session, "86101", "en") == []


def test_words_find_classes_only(session: Session) -> None:
    """The group 861 has the same title but is not an answer a form can hold."""
    assert codes(isic.search(session, "hospital", "en")) == ["8610"]
    assert codes(isic.search(session, "HOSPITAL Activities", "en")) == ["8610"]


def test_every_word_must_be_in_the_title(session: Session) -> None:
    both = isic.search(session, "retail food", "en", limit=50)
    assert codes(both) == ["4711", "4721", "4781"]
    for activity in both:
        assert "retail" in activity.title.lower() and "food" in activity.title.lower()
    assert codes(isic.search(session, "food retail", "en", limit=50)) == codes(both)
    assert len(isic.search(session, "retail", "en", limit=50)) > len(both)


def test_words_shorter_than_two_characters_are_ignored(session: Session) -> None:
    assert codes(isic.search(session, "hospital a", "en")) == ["8610"]
    assert isic.search(session, "a", "en") == []


@pytest.mark.parametrize("query", ["%", "_", "%%", "__", "%_%", "\\%", "\\", "\\\\"])
def test_wildcards_alone_match_nothing(session: Session, query: str) -> None:
    assert isic.search(session, query, "en") == []


def test_wildcards_inside_a_word_match_only_themselves(session: Session) -> None:
    """Unescaped, 'hosp%al' and 'hospit_l' would both find 8610."""
    assert isic.search(session, "hosp%al", "en") == []
    assert isic.search(session, "hospit_l", "en") == []
    assert isic.search(session, "86%", "en") == []
    assert isic.search(session, "8_10", "en") == []


def test_the_limit_is_respected_and_capped(session: Session) -> None:
    assert len(isic.search(session, "retail", "en", limit=3)) == 3
    assert codes(isic.search(session, "retail", "en", limit=3)) == codes(isic.search(session, "retail", "en"))[:3]
    assert len(isic.search(session, "manufacture", "en", limit=1000)) == isic.MAX_RESULTS == 50
    assert len(isic.search(session, "manufacture", "en")) == 20
    assert isic.search(session, "manufacture", "en", limit=0) == []
    assert isic.search(session, "manufacture", "en", limit=-1) == []


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_a_blank_query_finds_nothing(session: Session, query: str) -> None:
    assert isic.search(session, query, "en") == []


def test_the_query_is_cut_to_100_characters(session: Session) -> None:
    """The word past the cut is dropped, so it cannot narrow the search; a huge query is no load."""
    padded = "hospital" + " " * (isic.MAX_QUERY_LENGTH - len("hospital"))
    assert codes(isic.search(session, padded + "zzzz", "en")) == ["8610"]
    assert isic.search(session, "hospital zzzz", "en") == []
    assert isic.search(session, "x" * 1_000_000, "en") == []
