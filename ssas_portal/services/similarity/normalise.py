"""Normalised forms of names, identifiers and contacts, so that spelling variants compare equal.

Everything is folded to lower-case ASCII (Unicode NFKD, accents stripped, a few letters that NFKD keeps
spelled out: ß→ss, æ→ae, œ→oe, ø→o, ł→l, đ→d, þ→th). Letters of other scripts are dropped: such names
then compare as missing rather than wrongly, and blocking keys stay ASCII.

Person names: hyphens, apostrophes and any other non-letter split words, except that an apostrophe after
a single letter other than the elided d' and l' glues it to what follows (N'Diaye → ndiaye, O'Brien →
obrien), as the name is also written without it. The particles in `PARTICLES` (de, du, des, del, della,
di, da, dos, das, van, von, der, den, ter, ten, le, la, les, ben, bin, ibn, ould, el, al, and the elided
d and l) are dropped, so "Jean de la Fontaine" keeps "jean fontaine". "mac"/"mc" are kept: they are
glued to the name ("Macdonald") and telling it apart matters. A dropped particle costs little: the glued
form "Lafontaine" still compares close to "fontaine".

Organisation names: dots are removed first so that "S.A.R.L." becomes "sarl"; then the legal-form words
in `LEGAL_FORMS` and the connectives in `ORGANISATION_STOPWORDS` are dropped ("Clinique du Cap SA" →
"clinique cap"). "groupe"/"group" is a legal form here: a group and its main company are usually the same
registrant for the portal.

Addresses: folded, punctuation to spaces, a few abbreviations spelled out (`ADDRESS_WORDS`). "st" is left
alone: it is "saint" in French and "street" in English.
"""

from __future__ import annotations

import re
import unicodedata

PARTICLES = frozenset({
    "de", "du", "des", "del", "della", "di", "da", "dos", "das", "van", "von", "der", "den", "ter", "ten",
    "le", "la", "les", "ben", "bin", "ibn", "ould", "el", "al", "d", "l",
})
LEGAL_FORMS = frozenset({
    "sa", "sarl", "sarlu", "sas", "sasu", "suarl", "gie", "eurl", "sci", "snc", "scs", "scp", "ltd", "limited",
    "plc", "inc", "incorporated", "llc", "llp", "gmbh", "ag", "bv", "nv", "co", "cie", "company", "corporation",
    "corp", "societe", "anonyme", "responsabilite", "limitee", "unipersonnelle", "simplifiee", "groupe", "group",
})
ORGANISATION_STOPWORDS = frozenset({"de", "du", "des", "la", "le", "les", "l", "d", "a", "et", "and", "the", "of"})
ADDRESS_WORDS = {
    "av": "avenue", "ave": "avenue", "bd": "boulevard", "blvd": "boulevard", "bld": "boulevard", "rte": "route",
    "pl": "place", "imm": "immeuble", "qt": "quartier", "qtr": "quartier", "rd": "road", "apt": "appartement",
}

_SPELLED_OUT = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "þ": "th", "ı": "i",
                              "’": "'", "ʼ": "'", "‘": "'"})
_GLUED_APOSTROPHE = re.compile(r"\b([a-ce-km-z])'")  # N'Diaye, O'Brien; not the elided d' and l'

_NOT_LETTERS = re.compile(r"[^a-z]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_NOT_ALNUM_UPPER = re.compile(r"[^A-Z0-9]+")


def fold(text: str) -> str:
    """Lower-case ASCII: accents stripped; any other non-ASCII character (a typographic apostrophe, a letter
    of another script) becomes a space, so it still separates words."""
    if text.isascii():  # most names and numbers: nothing to decompose (the fast path of a hot loop)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower().translate(_SPELLED_OUT))
    if decomposed.isascii():
        return decomposed
    return "".join(
        character if character.isascii() else "" if unicodedata.combining(character) else " "
        for character in decomposed
    )


def name_tokens(text: str) -> tuple[str, ...]:
    """The words of a person's name, particles dropped."""
    words = _NOT_LETTERS.split(_GLUED_APOSTROPHE.sub(r"\1", fold(text)))
    return tuple(word for word in words if word and word not in PARTICLES)


def organisation_tokens(text: str) -> tuple[str, ...]:
    """The significant words of an organisation's name: no legal form, no connective."""
    words = _NOT_ALNUM.split(fold(text.replace(".", "")))
    return tuple(word for word in words if word and word not in LEGAL_FORMS and word not in ORGANISATION_STOPWORDS)


def identifier(text: str) -> str:
    """Letters and digits only, upper-case: '1 234-567 ab' → '1234567AB'."""
    if text.isascii() and text.isalnum():
        return text.upper()
    return _NOT_ALNUM_UPPER.sub("", fold(text).upper())


def email(text: str) -> str:
    return text.strip().lower()


def phone(text: str) -> str:
    """Digits only, with the leading '+' of an international number kept."""
    stripped = text.strip()
    digits = "".join(character for character in stripped if character.isascii() and character.isdigit())
    return f"+{digits}" if digits and stripped.startswith("+") else digits


def address(text: str) -> str:
    """'12, Av. Léopold-Sédar Senghor' → '12 avenue leopold sedar senghor'."""
    words = _NOT_ALNUM.split(fold(text))
    return " ".join(ADDRESS_WORDS.get(word, word) for word in words if word)
