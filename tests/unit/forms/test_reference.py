"""ISIC reference data: both revisions complete, loaded once, with a correct tree."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from models import IsicActivity
from ssas_portal.services.forms import reference


def parents(session: Session, revision: str) -> dict[str, str | None]:
    rows = session.exec(select(IsicActivity.code, IsicActivity.parent_code).where(IsicActivity.revision == revision))
    return dict(rows.all())


def test_load_isic_adds_both_revisions_once(session: Session) -> None:
    """Seeding runs at every bootstrap: the first call loads 766 + 830 codes, the second adds none."""
    assert reference.load_isic(session) == 766 + 830
    session.commit()
    per_revision = session.exec(
        select(IsicActivity.revision, sa.func.count()).group_by(IsicActivity.revision)
    ).all()
    assert dict(per_revision) == {"4": 766, "5": 830}
    assert reference.load_isic(session) == 0


@pytest.mark.parametrize(
    ("code", "parent"),
    [("05", "B"), ("45", "G"), ("011", "01"), ("0111", "011"), ("A", None), ("U", None)],
)
def test_rev4_codes_hang_under_the_right_parent(session: Session, code: str, parent: str | None) -> None:
    """The ISIC picker walks this tree: division under section, group under division, class under group."""
    reference.load_isic(session)
    assert parents(session, "4")[code] == parent


def test_only_sections_have_no_parent(session: Session) -> None:
    """Every non-section code has a parent that exists in the same revision."""
    reference.load_isic(session)
    for revision in ("4", "5"):
        tree = parents(session, revision)
        roots = {code for code, parent in tree.items() if parent is None}
        assert roots == {code for code in tree if code.isalpha()}
        assert {parent for parent in tree.values() if parent is not None} <= set(tree)
