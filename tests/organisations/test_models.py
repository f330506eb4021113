import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import override

from yhteispolku.organisations.models import Municipality, Organisation, Unit


@pytest.mark.django_db
def test_database_refuses_a_responsible_municipality_outside_employment_areas():
    county = Organisation.objects.get(slug="satakunta-wellbeing-county")
    county.responsible_municipality_id = "609"

    with pytest.raises(IntegrityError), transaction.atomic():
        county.save()


@pytest.mark.django_db
def test_validation_explains_in_finnish_that_only_employment_areas_have_a_responsible_municipality():
    county = Organisation.objects.get(slug="keusote")
    county.responsible_municipality_id = "186"

    with pytest.raises(ValidationError) as error:
        county.full_clean()

    assert "Vain työllisyysalueella voi olla vastuukunta." in error.value.messages


@pytest.mark.django_db
def test_unit_refuses_a_parent_from_another_organisation():
    unit = Unit(
        slug="keusote-work-ability",
        organisation=Organisation.objects.get(slug="keusote"),
        parent=Unit.objects.get(slug="satakunta-wc-health"),
        kind=Unit.Kind.TEAM,
        name_fi="Työkykypalvelut",
    )

    with pytest.raises(ValidationError) as error:
        unit.full_clean()

    assert error.value.message_dict["parent"] == ["Yläyksikön on kuuluttava samaan organisaatioon."]


@pytest.mark.django_db
def test_unit_accepts_a_parent_from_its_own_organisation():
    unit = Unit(
        slug="keusote-work-ability",
        organisation=Organisation.objects.get(slug="keusote"),
        parent=Unit.objects.get(slug="keusote-health"),
        kind=Unit.Kind.TEAM,
        name_fi="Työkykypalvelut",
    )

    unit.full_clean()


@pytest.mark.django_db
def test_unit_cannot_be_its_own_parent():
    unit = Unit.objects.get(slug="keusote-tym")
    unit.parent = unit

    with pytest.raises(ValidationError) as error:
        unit.full_clean()

    assert error.value.message_dict["parent"] == ["Yksikkö ei voi olla oma yläyksikkönsä."]


@pytest.mark.django_db
def test_name_follows_the_active_language():
    pori = Municipality.objects.get(code="609")

    with override("fi"):
        assert pori.name == "Pori"
    with override("sv"):
        assert pori.name == "Björneborg"


@pytest.mark.django_db
def test_name_falls_back_to_finnish_when_there_is_no_translation():
    harjavalta = Municipality.objects.get(code="079")
    kela = Organisation.objects.get(slug="kela")

    with override("sv"):
        assert harjavalta.name == "Harjavalta"
        assert kela.name == "FPA"
    with override("en"):
        assert harjavalta.name == "Harjavalta"
        assert kela.name == "Kela (the Social Insurance Institution of Finland)"
    with override("de"):
        assert kela.name == "Kela"


@pytest.mark.django_db
def test_unit_str_names_its_organisation_in_the_active_language():
    with override("sv"):
        assert str(Unit.objects.get(slug="kela-administration")) == "Förvaltning (FPA)"


@pytest.mark.django_db
def test_employment_area_serves_only_its_own_municipalities():
    area = Organisation.objects.get(slug="satakunta-employment-area")

    assert area.serves("609")
    assert area.serves(Municipality.objects.get(code="886"))
    assert not area.serves("684")  # Rauma belongs to the wellbeing county but not to this employment area


@pytest.mark.django_db
def test_kela_serves_every_municipality():
    kela = Organisation.objects.get(slug="kela")

    assert kela.serves("091")
    assert kela.serves(Municipality.objects.get(code="609"))
