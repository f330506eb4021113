import pytest

from yhteispolku.organisations.models import Organisation
from yhteispolku.organisations.selectors import authorities_for_municipality


def slugs(code: str) -> set[str]:
    return {organisation.slug for organisation in authorities_for_municipality(code)}


@pytest.mark.django_db
def test_pori_is_served_by_the_satakunta_employment_area_the_county_and_kela():
    assert slugs("609") == {"satakunta-employment-area", "satakunta-wellbeing-county", "kela"}


@pytest.mark.django_db
def test_hyvinkaa_is_served_by_the_keski_uusimaa_employment_area_keusote_and_kela():
    assert slugs("106") == {"keski-uusimaa-employment-area", "keusote", "kela"}


@pytest.mark.django_db
def test_rauma_has_no_employment_area_in_the_reference_data_yet():
    assert slugs("684") == {"satakunta-wellbeing-county", "kela"}


@pytest.mark.django_db
def test_a_municipality_outside_the_demo_regions_still_has_kela():
    assert slugs("091") == {"kela"}


@pytest.mark.django_db
def test_service_providers_are_not_authorities():
    provider = Organisation.objects.create(
        slug="pori-coaching", kind=Organisation.Kind.SERVICE_PROVIDER, name_fi="Valmennus Oy"
    )
    provider.municipalities.set(["609"])

    assert "pori-coaching" not in slugs("609")


@pytest.mark.django_db
def test_authorities_for_municipality_is_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        list(authorities_for_municipality("609"))
