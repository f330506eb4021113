"""Named Kela contacts per TYM team (seed 004, issue 14): the admin names a Kela professional for a team with
a role and dates; the pages and the API of the cases the team is responsible for show the contacts in force.
Before, nothing recorded who at Kela a team works with."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import API, token_client
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.organisations.models import KelaContact, Unit

__all__ = ["token_client"]
pytestmark = pytest.mark.django_db


def name(
    unit: Unit, user: User, role: str = KelaContact.Role.WORK_ABILITY_ADVISOR, **dates: object
) -> KelaContact:
    contact = KelaContact(
        unit=unit, user=user, role=role, valid_from=timezone.localdate() - timedelta(days=10)
    )
    for field, value in dates.items():
        setattr(contact, field, value)
    contact.full_clean()
    contact.save()
    return contact


def test_the_case_page_and_api_show_the_teams_kela_contacts_in_force(
    accepted: ClientRelationship,
    tym_expert: User,
    kela_advisor: User,
    make_professional: Callable[..., User],
    verified_client: Callable[[User], HttpClient],
    token_client: Callable[[User], HttpClient],
) -> None:
    kela_advisor.email = "kari.kela@example.test"
    kela_advisor.save()
    name(accepted.responsible_unit, kela_advisor)
    former = make_professional("kela_service_expert", "kela", "kela-west", first_name="Entinen")
    name(
        accepted.responsible_unit,
        former,
        KelaContact.Role.TYM_CONTACT,
        valid_from=timezone.localdate() - timedelta(days=100),
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    page = verified_client(tym_expert).get(reverse("cases:detail", kwargs={"code": accepted.client.code}))
    body = page.content.decode()
    assert "Tiimin Kela-yhteyshenkilöt" in body
    assert "TYM-työkykyneuvoja" in body
    assert "kari.kela@example.test" in body
    assert "Entinen" not in body
    answer = token_client(tym_expert).get(f"{API}/cases/{accepted.client.code}").json()
    assert [(c["name"], c["role"]) for c in answer["kela_contacts"]] == [
        (str(kela_advisor), "work_ability_advisor")
    ]


def test_only_a_kela_professional_for_a_tym_team(tym_expert: User, kela_advisor: User) -> None:
    with pytest.raises(ValidationError) as error:
        name(Unit.objects.get(slug="satakunta-ea-tym"), tym_expert)
    assert "user" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        name(Unit.objects.get(slug="kela-west"), kela_advisor)
    assert "unit" in error.value.message_dict
    assert not KelaContact.objects.exists()
