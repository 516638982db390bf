"""Browsing and searching the ISIC tree that forms ask activities from: walk it level by level, show the
chain above a chosen code, or find classes (the only level an answer may hold) by code or by words.

The search text comes straight from the applicant, so it is cut short and its LIKE wildcards match
literally; the same SQL (lower + LIKE with an escape character) runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col, select

from models import IsicActivity
from models.enums import IsicLevel

REVISION = "4"
MAX_QUERY_LENGTH = 100
MAX_RESULTS = 50
MIN_WORD_LENGTH = 2
_DIGITS = re.compile(r"[0-9]+")
_LEVELS = len(IsicLevel)  # section > division > group > class: no chain is longer


@dataclass(frozen=True)
class Activity:
    code: str
    level: str
    title: str


def _title(row: IsicActivity, language: str) -> str:
    return row.title_fr if language == "fr" and row.title_fr else row.title_en


def _activity(row: IsicActivity, language: str) -> Activity:
    return Activity(code=row.code, level=row.level.value, title=_title(row, language))


def _get(session: Session, code: str) -> IsicActivity | None:
    return session.get(IsicActivity, (REVISION, code))


def children(session: Session, parent_code: str | None, language: str) -> list[Activity]:
    """The sections when `parent_code` is None, else the nodes right under it; [] for an unknown parent."""
    parent = col(IsicActivity.parent_code)
    statement = (
        select(IsicActivity)
        .where(IsicActivity.revision == REVISION, parent.is_(None) if parent_code is None else parent == parent_code)
        .order_by(col(IsicActivity.code))
    )
    return [_activity(row, language) for row in session.exec(statement)]


def path(session: Session, code: str, language: str) -> list[Activity]:
    """From the section down to `code` inclusive, so a picker can reopen where a saved answer sits."""
    chain: list[Activity] = []
    row = _get(session, code)
    while row is not None and len(chain) < _LEVELS:
        chain.append(_activity(row, language))
        row = _get(session, row.parent_code) if row.parent_code is not None else None
    return chain[::-1]


def title_of(session: Session, code: str, language: str) -> str | None:
    row = _get(session, code)
    return _title(row, language) if row is not None else None


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _matches(query: str, language: str) -> ColumnElement[bool] | None:
    """The condition for a query: a code prefix when it is all digits, else every word of it in the title;
    None when nothing is left to look for."""
    if _DIGITS.fullmatch(query):
        return col(IsicActivity.code).like(f"{query}%", escape="\\")
    words = [word for word in query.lower().split() if len(word) >= MIN_WORD_LENGTH]
    if not words:
        return None
    title = (sa.func.coalesce(IsicActivity.title_fr, IsicActivity.title_en) if language == "fr"
             else col(IsicActivity.title_en))
    lowered = sa.func.lower(title)
    return sa.and_(*(lowered.like(f"%{_escape_like(word)}%", escape="\\") for word in words))


def search(session: Session, query: str, language: str, limit: int = 20) -> list[Activity]:
    """Classes whose code starts with the query (digits) or whose title holds all its words, by code;
    at most `limit`, never more than MAX_RESULTS."""
    condition = _matches(query[:MAX_QUERY_LENGTH].strip(), language)
    limit = min(limit, MAX_RESULTS)
    if condition is None or limit <= 0:
        return []
    statement = (
        select(IsicActivity)
        .where(IsicActivity.revision == REVISION, IsicActivity.level == IsicLevel.CLASS, condition)
        .order_by(col(IsicActivity.code))
        .limit(limit)
    )
    return [_activity(row, language) for row in session.exec(statement)]
