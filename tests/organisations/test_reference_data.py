import pytest
from django.apps import apps as django_apps
from django.db.models import Q

from yhteispolku.organisations.models import Municipality, Organisation, Unit
from yhteispolku.organisations.reference_data import load_reference_data, unload_reference_data
from yhteispolku.paths.models import YouthOneStopUnit

SATAKUNTA_EMPLOYMENT_AREA = {
    "Harjavalta", "Jämijärvi", "Kankaanpää", "Karvia", "Kokemäki", "Merikarvia",
    "Nakkila", "Pomarkku", "Pori", "Siikainen", "Ulvila",
}  # fmt: skip
SATAKUNTA_WELLBEING_COUNTY = SATAKUNTA_EMPLOYMENT_AREA | {"Eura", "Eurajoki", "Huittinen", "Rauma", "Säkylä"}
KESKI_UUSIMAA = {"Hyvinkää", "Järvenpää", "Mäntsälä", "Nurmijärvi", "Pornainen", "Tuusula"}


def municipality_names(organisation_or_unit: Organisation | Unit) -> set[str]:
    return set(organisation_or_unit.municipalities.values_list("name_fi", flat=True))


def counts() -> tuple[int, ...]:
    return (
        Municipality.objects.count(),
        Organisation.objects.count(),
        Unit.objects.count(),
        Organisation.municipalities.through.objects.count(),
        Unit.municipalities.through.objects.count(),
    )


@pytest.mark.django_db
def test_the_classification_has_309_municipalities():
    assert Municipality.objects.count() == 309


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("609", "Pori"),
        ("079", "Harjavalta"),
        ("886", "Ulvila"),
        ("106", "Hyvinkää"),
        ("186", "Järvenpää"),
        ("858", "Tuusula"),
        ("214", "Kankaanpää"),
        ("541", "Nurmes"),
    ],
)
def test_municipality_codes_follow_statistics_finland(code, name):
    assert Municipality.objects.get(code=code).name_fi == name


@pytest.mark.django_db
def test_merged_municipalities_are_gone():
    assert not Municipality.objects.filter(name_fi__in=["Honkajoki", "Valtimo"]).exists()


@pytest.mark.django_db
def test_swedish_names_are_shipped_only_where_a_municipality_has_one():
    assert Municipality.objects.get(code="609").name_sv == "Björneborg"
    assert Municipality.objects.get(code="858").name_sv == "Tusby"
    assert Municipality.objects.get(code="079").name_sv == ""


@pytest.mark.django_db
def test_satakunta_employment_area_has_exactly_its_eleven_municipalities():
    area = Organisation.objects.get(slug="satakunta-employment-area")

    assert area.kind == Organisation.Kind.EMPLOYMENT_AUTHORITY
    assert municipality_names(area) == SATAKUNTA_EMPLOYMENT_AREA


@pytest.mark.django_db
def test_satakunta_employment_area_has_pori_as_responsible_municipality():
    area = Organisation.objects.get(slug="satakunta-employment-area")

    assert area.responsible_municipality_id == "609"


@pytest.mark.django_db
def test_keski_uusimaa_employment_area_has_jarvenpaa_as_responsible_municipality():
    area = Organisation.objects.get(slug="keski-uusimaa-employment-area")

    assert area.kind == Organisation.Kind.EMPLOYMENT_AUTHORITY
    assert area.responsible_municipality_id == "186"
    assert municipality_names(area) == KESKI_UUSIMAA


@pytest.mark.django_db
def test_satakunta_wellbeing_county_covers_all_sixteen_municipalities_of_satakunta():
    county = Organisation.objects.get(slug="satakunta-wellbeing-county")

    assert county.kind == Organisation.Kind.WELLBEING_COUNTY
    assert county.responsible_municipality is None
    assert municipality_names(county) == SATAKUNTA_WELLBEING_COUNTY


@pytest.mark.django_db
def test_keusote_covers_the_six_municipalities_of_keski_uusimaa():
    county = Organisation.objects.get(slug="keusote")

    assert county.kind == Organisation.Kind.WELLBEING_COUNTY
    assert municipality_names(county) == KESKI_UUSIMAA


@pytest.mark.django_db
def test_kela_is_national_with_its_business_id_and_no_municipalities():
    kela = Organisation.objects.get(slug="kela")

    assert kela.kind == Organisation.Kind.KELA
    assert kela.business_id == "0246246-0"
    assert kela.is_national
    assert not kela.municipalities.exists()


@pytest.mark.django_db
def test_kela_regional_units_serve_the_demo_regions():
    west = Unit.objects.get(slug="kela-west")
    south = Unit.objects.get(slug="kela-south")

    assert {west.organisation.slug, south.organisation.slug} == {"kela"}
    assert {west.kind, south.kind} == {Unit.Kind.INSURANCE_DISTRICT}
    assert municipality_names(west) == SATAKUNTA_WELLBEING_COUNTY
    assert municipality_names(south) == KESKI_UUSIMAA
    assert Unit.objects.filter(slug="kela-administration", organisation__slug="kela").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "organisation", "kind", "parent"),
    [
        ("satakunta-ea-multisectoral", "satakunta-employment-area", "service_unit", None),
        ("satakunta-ea-youth-integration", "satakunta-employment-area", "service_unit", None),
        ("satakunta-ea-tym", "satakunta-employment-area", "tym_team", "satakunta-ea-multisectoral"),
        ("satakunta-ea-administration", "satakunta-employment-area", "administration", None),
        ("satakunta-wc-social", "satakunta-wellbeing-county", "service_unit", None),
        ("satakunta-wc-tym", "satakunta-wellbeing-county", "tym_team", "satakunta-wc-social"),
        ("satakunta-wc-health", "satakunta-wellbeing-county", "service_unit", None),
        ("satakunta-wc-work-ability", "satakunta-wellbeing-county", "team", "satakunta-wc-health"),
        ("satakunta-wc-administration", "satakunta-wellbeing-county", "administration", None),
        ("keusote-social", "keusote", "service_unit", None),
        ("keusote-health", "keusote", "service_unit", None),
        ("keusote-tym", "keusote", "tym_team", None),
        ("keusote-administration", "keusote", "administration", None),
    ],
)
def test_units_sit_where_other_apps_expect_them(slug, organisation, kind, parent):
    unit = Unit.objects.select_related("organisation", "parent").get(slug=slug)

    assert unit.organisation.slug == organisation
    assert unit.kind == kind
    assert (unit.parent.slug if unit.parent else None) == parent


@pytest.mark.django_db
def test_every_unit_has_names_in_all_three_languages():
    unnamed = Unit.objects.filter(Q(name_fi="") | Q(name_sv="") | Q(name_en=""))

    assert not unnamed.exists()


@pytest.mark.django_db
def test_every_parent_unit_belongs_to_the_same_organisation():
    for unit in Unit.objects.filter(parent__isnull=False).select_related("parent"):
        assert unit.parent.organisation_id == unit.organisation_id, unit.slug


@pytest.mark.django_db
def test_loading_twice_duplicates_nothing():
    before = counts()

    load_reference_data(django_apps)
    load_reference_data(django_apps)

    assert counts() == before


@pytest.mark.django_db
def test_loading_restores_a_name_edited_by_hand():
    Organisation.objects.filter(slug="kela").update(name_fi="Kansaneläkelaitos", business_id="")

    load_reference_data(django_apps)

    kela = Organisation.objects.get(slug="kela")
    assert (kela.name_fi, kela.business_id) == ("Kela", "0246246-0")


@pytest.mark.django_db
def test_unloading_removes_the_reference_data_and_loading_brings_it_back():
    before = counts()
    # The paths app marks a reference unit as a youth one-stop (its migration 0005): that row refers to the
    # unit, and unloading refuses while anything does, so the marker goes first.
    YouthOneStopUnit.objects.all().delete()

    unload_reference_data(django_apps)
    assert counts() == (0, 0, 0, 0, 0)

    load_reference_data(django_apps)
    assert counts() == before
