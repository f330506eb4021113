"""R-POLICY-1: the region's own pay-subsidy policy (Satakunta 2025: only for people aged 55 or over)."""

from datetime import date

import pytest

from tests.plans.conftest import MaijaCase
from yhteispolku.clients.hetu import age_from
from yhteispolku.organisations.models import Organisation
from yhteispolku.plans import services
from yhteispolku.plans.errors import InvalidPlanData
from yhteispolku.plans.models import AgreedService

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_rule_cache")]


def born(maija: MaijaCase, birth_date: date) -> None:
    maija.client.birth_date = birth_date
    maija.client.save(update_fields=["birth_date"])


def pay_subsidy(maija: MaijaCase, starts_on: date, organisation: Organisation | None = None) -> dict:
    return maija.service("pay-subsidy", organisation or maija.employment_area, starts_on=starts_on)


def test_a_pay_subsidy_before_the_55th_birthday_is_refused_naming_the_rule(maija: MaijaCase) -> None:
    born(maija, date(1970, 6, 2))
    with pytest.raises(InvalidPlanData) as caught:
        maija.first_version(add_services=[pay_subsidy(maija, date(2025, 6, 1))])
    assert caught.value.message_dict["service_type"] == [
        "R-POLICY-1 v2025.1: alueen linjauksen mukaan palkkatuki myönnetään vain 55 vuotta täyttäneille; "
        "asiakas on palvelun alkaessa 54-vuotias."
    ]
    assert not AgreedService.objects.exists()


def test_a_pay_subsidy_from_the_55th_birthday_is_accepted(maija: MaijaCase) -> None:
    born(maija, date(1970, 6, 1))
    version = maija.first_version(add_services=[pay_subsidy(maija, date(2025, 6, 1))])
    assert version.services.get().service_type.code == "pay-subsidy"


def test_the_policy_ends_with_its_version(maija: MaijaCase) -> None:
    born(maija, date(1990, 1, 1))
    with pytest.raises(InvalidPlanData):
        maija.first_version(add_services=[pay_subsidy(maija, date(2025, 12, 31))])
    version = maija.first_version(add_services=[pay_subsidy(maija, date(2026, 1, 1))])
    assert version.services.count() == 1


def test_another_region_without_the_policy_is_not_bound_by_it(maija: MaijaCase) -> None:
    born(maija, date(1990, 1, 1))
    keski_uusimaa = Organisation.objects.get(slug="keski-uusimaa-employment-area")
    version = maija.first_version(add_services=[pay_subsidy(maija, date(2025, 6, 1), keski_uusimaa)])
    assert version.services.count() == 1


def test_adding_or_changing_a_draft_service_is_checked_too(maija: MaijaCase) -> None:
    born(maija, date(1990, 1, 1))
    version = maija.first_version(add_services=[maija.job_coaching()])
    with pytest.raises(InvalidPlanData):
        services.agreed_service_add(
            actor=maija.employment_expert,
            version=version,
            data=pay_subsidy(maija, date(2025, 6, 1)),
            expected_revision=version.revision,
        )
    with pytest.raises(InvalidPlanData):
        services.agreed_service_update(
            actor=maija.employment_expert,
            service=version.services.get(),
            data=pay_subsidy(maija, date(2025, 6, 1)),
            expected_revision=version.revision,
        )
    assert version.services.get().service_type.code == "job-coaching"


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (date(1970, 6, 1), date(2025, 5, 31), 54),
        (date(1970, 6, 1), date(2025, 6, 1), 55),
        (date(2000, 2, 29), date(2025, 2, 28), 24),
        (date(2000, 2, 29), date(2025, 3, 1), 25),
    ],
)
def test_age_counts_full_years(birth: date, day: date, age: int) -> None:
    assert age_from(birth, day) == age
