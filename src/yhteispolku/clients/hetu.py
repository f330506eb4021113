"""The Finnish personal identity code (henkilötunnus), R-HETU-1.

Form `DDMMYYCZZZQ`: birth date, century sign, individual number, check character. Since the 2023
reform (DVV) the 1900s are marked `- Y X W V U` and the 2000s `A B C D E F`; the sign is part of the
identity: the same date, individual number and check character with `-` and with `Y` are two
different people. Individual numbers 002-899 are ordinary, 900-999 temporary or test codes.

The checksum is python-stdnum's (`stdnum.fi.hetu`); this module only orders the checks so that each
failure gets its own message. Sex is deliberately never derived from the code (R-HETU-1).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import string
import unicodedata
from datetime import date

from django.conf import settings
from stdnum import exceptions as stdnum_exceptions
from stdnum.fi import hetu as stdnum_hetu

from yhteispolku.clients.errors import InvalidIdentityCode

CENTURY_SIGNS: dict[str, int] = {
    "+": 1800,
    **dict.fromkeys("-YXWVU", 1900),
    **dict.fromkeys("ABCDEF", 2000),
}
# The sign used when composing a code: the traditional one of each century.
DEFAULT_CENTURY_SIGN = {1800: "+", 1900: "-", 2000: "A"}
TEMPORARY_INDIVIDUAL_NUMBERS = range(900, 1000)
# Individual numbers start from 002 for historical reasons.
FIRST_INDIVIDUAL_NUMBER = 2

# Digits are matched as ASCII only: `\d` would also accept, say, Arabic-Indic digits.
_SHAPE = re.compile(
    r"(?P<day>[0-9]{2})(?P<month>[0-9]{2})(?P<year>[0-9]{2})"
    r"(?P<sign>.)(?P<individual>[0-9]{3})(?P<check>[0-9A-Z])"
)


def normalize(code: str) -> str:
    """Surrounding whitespace removed and letters in upper case.

    stdnum's `compact` also turns typographic dashes (en and em dash) into the hyphen-minus a pasted code
    usually meant.
    """
    try:
        return stdnum_hetu.compact(code)
    except stdnum_exceptions.ValidationError as error:
        raise InvalidIdentityCode(InvalidIdentityCode.FORMAT) from error


def tidy(code: str) -> str:
    """The one normalisation of an identity code as typed on a form or sent to the API, before any check.

    Surrounding (and inner) spaces go, letters go upper case, typographic dashes become hyphens; a code
    that cannot be tidied is returned stripped, for `validate` to name its problem.
    """
    code = unicodedata.normalize("NFC", code)
    try:
        return normalize(code)
    except InvalidIdentityCode:
        return code.strip()


def validate(code: str, *, allow_temporary: bool | None = None) -> str:
    """The normalized code, or `InvalidIdentityCode` whose `reason` names the first problem found.

    Temporary and test codes (900-999) are refused unless allowed, by default per the
    ALLOW_TEST_IDENTITY_CODES setting (demo and test data use only them).
    """
    if allow_temporary is None:
        allow_temporary = settings.ALLOW_TEST_IDENTITY_CODES
    normalized = normalize(code)
    match = _SHAPE.fullmatch(normalized)
    if match is None:
        raise InvalidIdentityCode(InvalidIdentityCode.FORMAT)
    if match["sign"] not in CENTURY_SIGNS:
        raise InvalidIdentityCode(InvalidIdentityCode.CENTURY_SIGN)
    try:
        _date_of(match)
    except ValueError as error:
        raise InvalidIdentityCode(InvalidIdentityCode.DATE) from error
    individual = int(match["individual"])
    if individual < FIRST_INDIVIDUAL_NUMBER:
        raise InvalidIdentityCode(InvalidIdentityCode.INDIVIDUAL_NUMBER)
    try:
        stdnum_hetu.validate(normalized, allow_temporary=True)
    except (stdnum_exceptions.InvalidChecksum, stdnum_exceptions.InvalidFormat) as error:
        # Everything but the check character has passed above, so a format error here is a check
        # character outside stdnum's alphabet (G, I, O, Q, Z).
        raise InvalidIdentityCode(InvalidIdentityCode.CHECK_CHARACTER) from error
    except stdnum_exceptions.ValidationError as error:
        raise InvalidIdentityCode(InvalidIdentityCode.FORMAT) from error
    if individual in TEMPORARY_INDIVIDUAL_NUMBERS and not allow_temporary:
        raise InvalidIdentityCode(InvalidIdentityCode.TEMPORARY)
    return normalized


def birth_date(code: str) -> date:
    """The birth date the code carries (temporary codes carry one too)."""
    match = _SHAPE.fullmatch(validate(code, allow_temporary=True))
    assert match is not None
    return _date_of(match)


def age_on(code: str, day: date) -> int:
    """Age in whole years on `day`.

    Someone born on 29 February turns a year older on 1 March in common years.
    """
    return age_from(birth_date(code), day)


def age_from(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def mask(code: str) -> str:
    """The birth-date part and the century sign, the rest hidden: `270199-****`.

    The individual number and the check character never appear, whatever the input; something
    that does not look like an identity code is hidden entirely.
    """
    try:
        normalized = normalize(code)
    except InvalidIdentityCode:
        return "*" * 11
    match = _SHAPE.fullmatch(normalized)
    if match is None or match["sign"] not in CENTURY_SIGNS:
        return "*" * 11
    return normalized[:7] + "****"


def lookup_hash(code: str) -> str:
    """Hex HMAC-SHA256 of the normalized code, for finding a client by code without decrypting.

    Keyed with HETU_HMAC_KEY: there are only some hundreds of millions of possible codes, so a plain
    hash in a leaked dump could be reversed by trying them all; without the key it cannot.
    """
    return hmac.new(
        settings.HETU_HMAC_KEY.encode("utf-8"), normalize(code).encode("utf-8"), hashlib.sha256
    ).hexdigest()


def compose(born: date, individual_number: int, *, century_sign: str | None = None) -> str:
    """A code for this birth date and individual number, its check character computed by stdnum.

    For demo and test data, which use only the temporary range 900-999 so that no demo person can
    be a real one.
    """
    century = born.year // 100 * 100
    sign = century_sign or DEFAULT_CENTURY_SIGN.get(century)
    if sign is None or CENTURY_SIGNS.get(sign) != century:
        raise ValueError(f"no century sign {century_sign!r} for the year {born.year}")
    if not FIRST_INDIVIDUAL_NUMBER <= individual_number <= 999:
        raise ValueError(f"individual number {individual_number} is not in 002-999")
    stem = f"{born:%d%m}{born.year % 100:02d}{sign}{individual_number:03d}"
    # stdnum keeps its checksum private; asking it which character completes the code keeps the
    # arithmetic there rather than copying it here.
    for check in string.digits + string.ascii_uppercase:
        if stdnum_hetu.is_valid(stem + check, allow_temporary=True):
            return stem + check
    raise AssertionError(f"stdnum accepted no check character for {stem}")  # pragma: no cover


def _date_of(match: re.Match[str]) -> date:
    year = CENTURY_SIGNS[match["sign"]] + int(match["year"])
    return date(year, int(match["month"]), int(match["day"]))
