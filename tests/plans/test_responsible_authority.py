"""The responsible authority follows from the service type (issue 11, SPEC §7).

Derived when not given: the service's organiser on the case team, else the one serving the client's
home municipality; of several (services of pension providers: any authority), the actor's own. Given
one of another kind than the organiser: refused with a message that names both.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.plans.conftest import MaijaCase
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import TeamMember
from yhteispolku.organisations.models import Municipality
from yhteispolku.plans import services
from yhteispolku.plans.errors import InvalidPlanData
from yhteispolku.plans.models import AgreedService, PlanVersion, ServiceType

pytestmark = pytest.mark.django_db

PENSION_SERVICE = "pension-provider-vocational-rehabilitation"


def _service(maija: MaijaCase, code: str, **fields: Any) -> dict[str, Any]:
    data = maija.service(code, maija.employment_area, **fields)
    data["responsible_organisation"] = fields.get("responsible_organisation")
    return data


def _add(maija: MaijaCase, actor: User, data: dict[str, Any]) -> AgreedService:
    version = (
        PlanVersion.objects.filter(plan__relationship=maija.relationship).first() or maija.first_version()
    )
    return services.agreed_service_add(
        actor=actor, version=version, data=data, expected_revision=version.revision
    )


# --- one option: the service type implies it ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("job-coaching", "employment_area"),
        ("rehabilitative-work-activity", "county"),
        ("kela-rehabilitation-allowance", "kela"),
    ],
)
def test_with_one_option_the_authority_follows_from_the_service_type(
    maija: MaijaCase, code: str, expected: str
) -> None:
    service_type = ServiceType.objects.get(code=code)
    assert services.responsible_options(service_type, maija.relationship) == [getattr(maija, expected)]
    extra = {"intensity": "1 päivä viikossa", "description": "Sovittu", "ends_on": maija.today}
    added = _add(maija, maija.social_worker, _service(maija, code, **extra))
    assert added.responsible_organisation == getattr(maija, expected)


def test_without_the_organiser_on_the_team_the_one_serving_the_home_municipality_answers(
    maija: MaijaCase,
) -> None:
    maija.first_version()
    TeamMember.objects.filter(relationship=maija.relationship, user=maija.employment_expert).update(
        left_on=maija.today
    )
    maija.client.home_municipality = Municipality.objects.get(code="609")  # Pori
    maija.client.save(update_fields=["home_municipality"])
    added = _add(maija, maija.social_worker, _service(maija, "job-coaching"))
    assert added.responsible_organisation == maija.employment_area


def test_with_no_organiser_to_be_found_the_caller_is_asked_to_choose(maija: MaijaCase) -> None:
    maija.first_version()
    TeamMember.objects.filter(relationship=maija.relationship, user=maija.employment_expert).update(
        left_on=maija.today
    )
    with pytest.raises(InvalidPlanData) as caught:
        _add(maija, maija.social_worker, _service(maija, "job-coaching"))
    assert caught.value.message_dict["responsible_organisation"] == [
        "Asiakkaan tiimissä tai kotikunnassa ei ole palvelun järjestäjää (työvoimaviranomainen): valitse "
        "vastuuviranomainen."
    ]
    assert not AgreedService.objects.exists()


# --- several options: the actor's own by default, any of them by choice -----------------------------


def test_with_several_options_the_default_is_the_actors_own_authority(maija: MaijaCase) -> None:
    service_type = ServiceType.objects.get(code=PENSION_SERVICE)
    assert set(services.responsible_options(service_type, maija.relationship)) == {
        maija.employment_area,
        maija.county,
        maija.kela,
    }
    assert services.derived_responsible(service_type, maija.relationship) is None
    assert services.derived_responsible(service_type, maija.relationship, maija.social_worker) == maija.county
    added = _add(maija, maija.employment_expert, _service(maija, PENSION_SERVICE))
    assert added.responsible_organisation == maija.employment_area


def test_with_several_options_another_one_may_be_chosen(maija: MaijaCase) -> None:
    added = _add(
        maija, maija.employment_expert, _service(maija, PENSION_SERVICE, responsible_organisation=maija.kela)
    )
    assert added.responsible_organisation == maija.kela


# --- a mismatch is refused --------------------------------------------------------------------------


def test_an_authority_of_another_kind_than_the_organiser_is_refused_by_name(maija: MaijaCase) -> None:
    with pytest.raises(InvalidPlanData) as caught:
        _add(
            maija,
            maija.employment_expert,
            _service(maija, "job-coaching", responsible_organisation=maija.kela),
        )
    assert caught.value.message_dict["responsible_organisation"] == [
        "Palvelusta Työhönvalmennus vastaa sen järjestäjä (työvoimaviranomainen), ei Kela. Jätä "
        "vastuuviranomainen valitsematta, niin se päätellään palvelusta."
    ]
    assert not AgreedService.objects.exists()


# --- the page ---------------------------------------------------------------------------------------


def _page(maija: MaijaCase, name: str, **kwargs: Any) -> str:
    return reverse(
        f"plans:{name}", kwargs={"relationship_code": maija.relationship.code, "number": 1, **kwargs}
    )


def test_the_service_form_proposes_the_derived_authority_and_names_the_teams(
    maija: MaijaCase, verified_client: Callable[[User], HttpClient]
) -> None:
    maija.first_version()
    browser = verified_client(maija.social_worker)
    text = browser.get(_page(maija, "service_add")).content.decode()
    assert '<option value="" selected>Palvelun järjestäjä (päätellään palvelusta)</option>' in text
    assert "työvoimaviranomainen: Satakunnan työllisyysalue" in text
    assert "hyvinvointialue: Satakunnan hyvinvointialue" in text

    response = browser.post(
        _page(maija, "service_add"),
        {
            "revision": "0",
            "service_type": str(ServiceType.objects.get(code="job-coaching").pk),
            "responsible_organisation": "",
            "starts_on": maija.today.isoformat(),
        },
    )
    assert response.status_code == 302
    service = AgreedService.objects.get()
    assert service.responsible_organisation == maija.employment_area

    # Editing: what the service type implies stays implied, so another service type brings its own.
    edit = browser.get(_page(maija, "service_edit", service_code=service.code)).content.decode()
    assert '<option value="" selected>' in edit


def test_a_mismatch_on_the_form_is_shown_beside_the_field(
    maija: MaijaCase, verified_client: Callable[[User], HttpClient]
) -> None:
    maija.first_version()
    response = verified_client(maija.social_worker).post(
        _page(maija, "service_add"),
        {
            "revision": "0",
            "service_type": str(ServiceType.objects.get(code="job-coaching").pk),
            "responsible_organisation": str(maija.county.pk),
            "starts_on": maija.today.isoformat(),
        },
    )
    assert response.status_code == 400
    assert (
        "vastaa sen järjestäjä (työvoimaviranomainen), ei Satakunnan hyvinvointialue"
        in response.content.decode()
    )
    assert not AgreedService.objects.exists()
