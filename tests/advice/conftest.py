"""The TYM case of tests/cases: Tiina (employment) and Sanna (social) accepted the referral."""

from tests.cases.conftest import (  # noqa: F401 (fixtures)
    accepted,
    client_of_referrer,
    consented,
    coordinator,
    employment_area,
    outsider,
    referral,
    referrer,
    tym_expert,
    tym_social_worker,
    tym_unit,
)
