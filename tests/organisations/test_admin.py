import pytest
from django.urls import reverse

from yhteispolku.organisations.models import Organisation, Unit


@pytest.fixture
def admin_client_without_totp(client, django_user_model, settings):
    settings.TOTP_REQUIRED = False
    superuser = django_user_model.objects.create_superuser("paakayttaja", "paakayttaja@example.invalid", "x")
    client.force_login(superuser)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["municipality", "organisation", "unit"])
def test_admin_lists_the_reference_data(admin_client_without_totp, model):
    response = admin_client_without_totp.get(reverse(f"admin:organisations_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_admin_filters_organisations_by_kind(admin_client_without_totp):
    response = admin_client_without_totp.get(
        reverse("admin:organisations_organisation_changelist"), {"kind__exact": "wellbeing_county"}
    )

    shown = {organisation.slug for organisation in response.context["cl"].result_list}
    assert shown == {"satakunta-wellbeing-county", "keusote"}


@pytest.mark.django_db
def test_admin_unit_form_opens_with_the_municipalities_picker(admin_client_without_totp):
    unit = Unit.objects.get(slug="kela-west")

    response = admin_client_without_totp.get(reverse("admin:organisations_unit_change", args=[unit.pk]))

    assert response.status_code == 200
    assert 'id="id_municipalities"' in response.content.decode()


@pytest.mark.django_db
def test_admin_organisation_form_opens(admin_client_without_totp):
    kela = Organisation.objects.get(slug="kela")

    response = admin_client_without_totp.get(
        reverse("admin:organisations_organisation_change", args=[kela.pk])
    )

    assert response.status_code == 200
