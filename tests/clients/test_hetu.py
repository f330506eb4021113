"""The personal identity code (R-HETU-1): validation, birth date, masking and the lookup hash."""

import hashlib
import string
from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pytest_django import Settings
from stdnum.fi import hetu as stdnum_hetu

from yhteispolku.clients import hetu
from yhteispolku.clients.errors import InvalidIdentityCode

SIGNS_BY_CENTURY = {1800: "+", 1900: "-YXWVU", 2000: "ABCDEF"}
# Test codes the Digital and Population Data Services Agency (DVV) published for the 2023 signs.
DVV_TEST_CODES = ["010594Y9021", "020594X903P", "030594W903B", "040594V9030", "050594U903M", "010516B903X"]
DVV_TEST_CODES += ["020516C903K", "030516D9037", "010501E9032", "020503F9037", "020504A902E"]


ANY_INDIVIDUAL_NUMBER = st.integers(2, 999)


@st.composite
def codes(
    draw: st.DrawFn, individual_numbers: st.SearchStrategy[int] = ANY_INDIVIDUAL_NUMBER
) -> tuple[str, date]:
    """A valid code with the birth date it was made from: any century sign of that century."""
    born = draw(st.dates(date(1800, 1, 1), date(2099, 12, 31)))
    sign = draw(st.sampled_from(SIGNS_BY_CENTURY[born.year // 100 * 100]))
    return hetu.compose(born, draw(individual_numbers), century_sign=sign), born


def invalid(code: str, *, allow_temporary: bool = True) -> InvalidIdentityCode:
    with pytest.raises(InvalidIdentityCode) as error:
        hetu.validate(code, allow_temporary=allow_temporary)
    return error.value


@given(codes())
def test_every_well_formed_code_validates_when_temporary_codes_are_allowed(
    generated: tuple[str, date],
) -> None:
    code, _born = generated
    assert hetu.validate(code, allow_temporary=True) == code


@given(codes())
def test_birth_date_is_the_date_the_code_was_made_from(generated: tuple[str, date]) -> None:
    code, born = generated
    assert hetu.birth_date(code) == born


@given(codes(individual_numbers=st.integers(900, 999)))
def test_temporary_and_test_numbers_are_refused_unless_allowed(generated: tuple[str, date]) -> None:
    code, _born = generated
    assert invalid(code, allow_temporary=False).reason == InvalidIdentityCode.TEMPORARY


@given(codes(individual_numbers=st.integers(2, 899)))
def test_ordinary_numbers_are_accepted_without_allowing_temporary_codes(generated: tuple[str, date]) -> None:
    code, _born = generated
    assert hetu.validate(code, allow_temporary=False) == code


@given(codes(), st.sampled_from(string.digits + string.ascii_uppercase))
def test_a_changed_check_character_is_refused(generated: tuple[str, date], other: str) -> None:
    code, _born = generated
    if other == code[-1]:
        return
    assert invalid(code[:-1] + other).reason == InvalidIdentityCode.CHECK_CHARACTER


@given(codes())
@example(("010101-010J", date(1901, 1, 1)))  # the individual number also occurs in the birth date
def test_mask_shows_the_birth_date_part_and_sign_but_never_the_rest(generated: tuple[str, date]) -> None:
    code, _born = generated
    masked = hetu.mask(code)
    # The whole tail after the century sign is hidden (a substring check could match the date part).
    assert masked == code[:7] + "****"


@given(codes())
def test_lower_case_and_surrounding_space_normalise(generated: tuple[str, date]) -> None:
    code, _born = generated
    assert hetu.validate(f"  {code.lower()}\t", allow_temporary=True) == code
    assert hetu.lookup_hash(f" {code.lower()} ") == hetu.lookup_hash(code)


@pytest.mark.parametrize("code", DVV_TEST_CODES)
def test_dvv_test_codes_with_the_2023_century_signs_are_valid(code: str) -> None:
    assert hetu.validate(code, allow_temporary=True) == code


def test_stdnum_accepts_exactly_the_century_signs_of_r_hetu_1() -> None:
    for sign in string.digits + string.ascii_uppercase + string.punctuation:
        stem = f"010100{sign}950"
        accepted = any(stdnum_hetu.is_valid(stem + check, allow_temporary=True) for check in string.digits)
        assert accepted == (sign in hetu.CENTURY_SIGNS), sign


def test_the_new_signs_mean_the_same_century_as_the_old_ones() -> None:
    assert hetu.birth_date("010594Y9021") == date(1994, 5, 1)
    assert hetu.birth_date("010516B903X") == date(2016, 5, 1)
    assert hetu.birth_date(hetu.compose(date(1899, 12, 31), 950)) == date(1899, 12, 31)


def test_the_century_sign_is_part_of_the_identity() -> None:
    old_style = hetu.compose(date(1994, 5, 1), 902)
    new_style = hetu.compose(date(1994, 5, 1), 902, century_sign="Y")

    assert old_style[:6] + old_style[7:] == new_style[:6] + new_style[7:]
    assert hetu.lookup_hash(old_style) != hetu.lookup_hash(new_style)


def test_wrong_length_is_a_format_error_in_finnish() -> None:
    error = invalid("010594Y902")

    assert error.reason == InvalidIdentityCode.FORMAT
    assert error.code == "invalid_identity_code"
    assert "Henkilötunnuksen muoto on väärä" in error.messages[0]


@pytest.mark.parametrize("code", ["", "0105 4Y9021", "O10594Y9021", "010594Y90210", "010594Y9a21"])
def test_letters_or_spaces_where_digits_belong_are_format_errors(code: str) -> None:
    assert invalid(code).reason == InvalidIdentityCode.FORMAT


def test_impossible_date_is_named() -> None:
    error = invalid(hetu.compose(date(1994, 5, 1), 902).replace("0105", "3102", 1))

    assert error.reason == InvalidIdentityCode.DATE
    assert "syntymäaika ei ole mahdollinen päivämäärä" in error.messages[0]


def test_29_february_exists_only_in_leap_years() -> None:
    assert hetu.birth_date(hetu.compose(date(2000, 2, 29), 950)) == date(2000, 2, 29)
    assert invalid("290201A950J").reason == InvalidIdentityCode.DATE
    # 1900 was not a leap year, 2000 was: the sign decides.
    assert invalid("290200-9500").reason == InvalidIdentityCode.DATE


def test_unknown_century_sign_is_named_with_the_allowed_ones() -> None:
    error = invalid("010594G9021")

    assert error.reason == InvalidIdentityCode.CENTURY_SIGN
    assert "välimerkki on tuntematon" in error.messages[0]
    assert "A B C D E F" in error.messages[0]


def test_wrong_check_character_is_named() -> None:
    error = invalid("010594Y9022")

    assert error.reason == InvalidIdentityCode.CHECK_CHARACTER
    assert "tarkistusmerkki ei täsmää" in error.messages[0]


@pytest.mark.parametrize("check", ["G", "I", "O", "Q", "Z"])
def test_a_letter_never_used_as_check_character_is_a_check_character_error(check: str) -> None:
    assert invalid("010594Y902" + check).reason == InvalidIdentityCode.CHECK_CHARACTER


@pytest.mark.parametrize("individual", ["000", "001"])
def test_individual_numbers_start_from_002(individual: str) -> None:
    error = invalid(f"010594Y{individual}A")

    assert error.reason == InvalidIdentityCode.INDIVIDUAL_NUMBER
    assert "yksilönumero ei voi olla 000 tai 001" in error.messages[0]


def test_temporary_code_refusal_says_why() -> None:
    error = invalid("010594Y9021", allow_temporary=False)

    assert error.reason == InvalidIdentityCode.TEMPORARY
    assert "(yksilönumero 900–999) eivät ole sallittuja" in error.messages[0]


def test_temporary_codes_follow_the_setting_by_default(settings: Settings) -> None:
    settings.ALLOW_TEST_IDENTITY_CODES = False
    with pytest.raises(InvalidIdentityCode):
        hetu.validate("010594Y9021")

    settings.ALLOW_TEST_IDENTITY_CODES = True
    assert hetu.validate("010594Y9021") == "010594Y9021"


def test_a_typographic_dash_counts_as_the_hyphen_century_sign() -> None:
    code = hetu.compose(date(1980, 6, 15), 950)

    assert hetu.validate(code.replace("-", "\N{EN DASH}"), allow_temporary=True) == code


def test_age_counts_whole_years() -> None:
    code = hetu.compose(date(1999, 1, 27), 950)

    assert hetu.age_on(code, date(2026, 1, 26)) == 26
    assert hetu.age_on(code, date(2026, 1, 27)) == 27


def test_someone_born_on_29_february_turns_a_year_older_on_1_march_in_common_years() -> None:
    code = hetu.compose(date(2000, 2, 29), 950)

    assert hetu.age_on(code, date(2030, 2, 28)) == 29
    assert hetu.age_on(code, date(2030, 3, 1)) == 30
    assert hetu.age_on(code, date(2032, 2, 29)) == 32


@pytest.mark.parametrize("text", ["", "27019", "270199-12", "hello world", "010594G9021"])
def test_mask_hides_everything_that_is_not_an_identity_code(text: str) -> None:
    assert hetu.mask(text) == "*" * 11


def test_mask_example_from_the_brief() -> None:
    assert hetu.mask(hetu.compose(date(1999, 1, 27), 950)) == "270199-****"


def test_lookup_hash_is_keyed(settings: Settings) -> None:
    code = "010594Y9021"
    settings.HETU_HMAC_KEY = "first key"
    first = hetu.lookup_hash(code)
    settings.HETU_HMAC_KEY = "second key"
    second = hetu.lookup_hash(code)

    assert first != second
    assert len(first) == 64
    assert set(first) <= set(string.hexdigits.lower())
    assert hashlib.sha256(code.encode()).hexdigest() not in (first, second)


def test_compose_refuses_a_sign_of_another_century() -> None:
    with pytest.raises(ValueError, match="century sign"):
        hetu.compose(date(1994, 5, 1), 950, century_sign="A")
