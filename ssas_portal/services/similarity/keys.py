"""Blocking keys: the few strings under which a profile is stored and by which its candidates are found.

A duplicate must share at least one key with its original although ONE thing about it is wrong, and no
key may gather more than a few hundred registrants among millions. Persons:

- `id:` the national ID and the social security number (one prefix, so a number typed in the other box
  still meets its twin);
- `dob:` year of birth + month and day in ascending order: the same key whether or not day and month were
  swapped; it finds duplicates whose names are misspelt, swapped or changed;
- `ny:` metaphone of the family name's first word + year of birth: catches a wrong given name, a wrong
  day or month and a mistyped ID;
- `nm:` metaphones of the first words of the family and the given names, in ascending order: the same
  key when given and family names are swapped; with no date in it, it catches a wrong year as well (a
  profile with one name only has that name's code alone);
- `em:` the e-mail, `tel:` the phone number (E.164 digits).

Organisations: `brn:` registration number, `tax:` tax ID, `bic:` first 8 characters of the BIC (a
financial institution's own: see profile.organisation_from_answers), `org:` metaphones of the first two
significant words of the legal name in ascending order, and of the trade name under the same prefix (an
organisation known by its trade name still meets itself), `em:`, `tel:`.

Identifier typos are left to the date and name keys, and name typos to the date and identifier keys:
that keeps each profile at 5 to 7 keys, whereas typo-tolerant identifier keys would need one key per
deleted character. Metaphone codes are truncated to 8 characters, identifiers and contacts are kept
whole, and a value that would make a key longer than 64 characters (or not ASCII, as an internationalised
e-mail address) is replaced by a 128-bit BLAKE2b digest: a key is equality only.
"""

from __future__ import annotations

import hashlib

import jellyfish

from ssas_portal.services.similarity import normalise
from ssas_portal.services.similarity.profile import Profile

LONGEST_KEY = 64
_PHONETIC_LENGTH = 8


def phonetic(word: str) -> str:
    """Metaphone of a normalised word; a word with digits ("2000") stands for itself."""
    code = jellyfish.metaphone(word) if word.isalpha() else word
    return code[:_PHONETIC_LENGTH]


def _key(prefix: str, value: str) -> str:
    key = f"{prefix}:{value}"
    if len(key) <= LONGEST_KEY and key.isascii():
        return key
    return f"{prefix}:#{hashlib.blake2b(value.encode('utf-8'), digest_size=16).hexdigest()}"


def _contacts(profile: Profile) -> set[str]:
    keys = set()
    if email := normalise.email(profile.email):
        keys.add(_key("em", email))
    if phone := normalise.phone(profile.phone):
        keys.add(_key("tel", phone))
    return keys


def _person_keys(profile: Profile) -> set[str]:
    keys = _contacts(profile)
    for number in (profile.national_id, profile.social_security_number):
        if value := normalise.identifier(number):
            keys.add(_key("id", value))
    family, given = (phonetic(next(iter(normalise.name_tokens(name)), ""))
                     for name in (profile.family_name, profile.given_names))
    born = profile.date_of_birth
    if born:
        month, day = sorted((born.month, born.day))
        keys.add(_key("dob", f"{born.year:04d}{month:02d}{day:02d}"))
        if family:
            keys.add(_key("ny", f"{family}:{born.year:04d}"))
    if names := sorted(filter(None, (family, given))):
        keys.add(_key("nm", ":".join(names)))
    return keys


def _organisation_keys(profile: Profile) -> set[str]:
    keys = _contacts(profile)
    for prefix, number in (("brn", profile.registration_number), ("tax", profile.tax_id)):
        if value := normalise.identifier(number):
            keys.add(_key(prefix, value))
    if bic := normalise.identifier(profile.bic):
        keys.add(_key("bic", bic[:8]))
    for name in (profile.legal_name, profile.trade_name):
        codes = sorted(filter(None, (phonetic(word) for word in normalise.organisation_tokens(name)[:2])))
        if codes:
            keys.add(_key("org", ":".join(codes)))
    return keys


def blocking_keys(profile: Profile) -> set[str]:
    """Every key of the profile; an empty set when it holds nothing to look up by."""
    return _person_keys(profile) if profile.kind == "person" else _organisation_keys(profile)
