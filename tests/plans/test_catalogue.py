"""The service catalogue of SPEC §7 arrives as data, and the review interval is one named rule value."""

from datetime import date

import pytest

from yhteispolku.plans import rules
from yhteispolku.plans.catalogue import catalogue_rows
from yhteispolku.plans.models import OrganiserKind, ServiceType

pytestmark = pytest.mark.django_db


def test_every_service_of_the_data_file_is_in_the_catalogue() -> None:
    codes = {row["code"] for row in catalogue_rows()}
    assert set(ServiceType.objects.filter(code__in=codes).values_list("code", flat=True)) == codes
    assert len(codes) == len(catalogue_rows())


def test_the_catalogue_names_services_in_finnish_as_the_seeds_do() -> None:
    names = set(ServiceType.objects.values_list("name_fi", flat=True))
    for name in (
        "Työhönvalmennus",
        "Työkokeilu",
        "Kuntouttava työtoiminta",
        "Työttömän terveystarkastus",
        "Starttiraha",
    ):
        assert name in names


def test_every_organiser_of_spec_section_7_has_services() -> None:
    organisers = set(ServiceType.objects.values_list("organiser", flat=True))
    assert organisers == set(OrganiserKind.values)


def test_only_rehabilitative_work_activity_is_marked_as_kuty() -> None:
    assert list(ServiceType.objects.filter(is_kuty=True).values_list("code", flat=True)) == [
        "rehabilitative-work-activity"
    ]
    assert (
        ServiceType.objects.get(code="rehabilitative-work-activity").organiser
        == OrganiserKind.WELLBEING_COUNTY
    )


def test_services_of_pension_providers_are_recorded_as_external() -> None:
    service = ServiceType.objects.get(code="pension-provider-vocational-rehabilitation")
    assert service.organiser == OrganiserKind.PENSION_PROVIDER
    assert "TYM:n ulkopuolinen" in str(service.get_organiser_display())


def test_a_region_can_add_its_own_service() -> None:
    ServiceType.objects.create(
        code="porin-tyopolku", organiser=OrganiserKind.EMPLOYMENT_AUTHORITY, name_fi="Työpolku"
    )
    assert ServiceType.objects.filter(active=True, code="porin-tyopolku").exists()


@pytest.mark.parametrize(
    ("made_on", "review_on"),
    [
        (date(2026, 11, 23), date(2027, 2, 23)),
        # 28.2.2027 is a Sunday: the review falls due on Monday 1.3.2027.
        (date(2026, 11, 30), date(2027, 3, 1)),
        (date(2027, 11, 30), date(2028, 2, 29)),
        # 24.9.2026 + 3 months is Christmas Eve; Christmas, Boxing Day and a Sunday follow → 28.12.
        (date(2026, 9, 24), date(2026, 12, 28)),
    ],
)
def test_the_next_review_defaults_to_three_months_from_the_versions_date_on_a_working_day(
    made_on: date, review_on: date
) -> None:
    review = rules.default_next_review(made_on)
    assert (review.on, review.reference) == (review_on, "R-TYM-2 v2025.1")


def test_the_latest_review_date_is_six_months_away_by_r_tym_4() -> None:
    assert rules.latest_next_review(date(2026, 11, 23)) == date(2027, 5, 23)
    assert rules.review_maximum(date(2026, 11, 23)).reference == "R-TYM-4 v2015.1"


def test_the_review_rule_names_the_default_or_the_limit_it_was_set_within() -> None:
    made_on = date(2026, 11, 23)
    assert rules.review_rule(date(2027, 2, 23), made_on) == ("R-TYM-2", "2025.1")
    assert rules.review_reference(date(2026, 12, 15), made_on) == "R-TYM-4 v2015.1"
