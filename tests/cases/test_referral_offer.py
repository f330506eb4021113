"""Consent saved → the referral is offered (issue #11 'flow'), only to those who may refer and while no
TYM relationship is under way."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import Referral
from yhteispolku.clients.models import Client

pytestmark = pytest.mark.django_db

OFFER = "Seuraavaksi: tee lähete TYM-yhteispalveluun"


def consents_page(http: HttpClient, client: Client) -> str:
    return http.get(reverse("clients:consents", kwargs={"code": client.code})).content.decode()


def test_the_consents_page_offers_the_referral_to_the_professional_working_with_the_client(
    consented: Client, referrer: User, verified_client: Callable[[User], HttpClient]
) -> None:
    page = consents_page(verified_client(referrer), consented)

    assert OFFER in page
    assert reverse("cases:referral_create", kwargs={"code": consented.code}) in page


def test_no_offer_once_a_referral_is_pending(
    referral: Referral, referrer: User, verified_client: Callable[[User], HttpClient]
) -> None:
    assert OFFER not in consents_page(verified_client(referrer), referral.relationship.client)


def test_no_offer_to_whom_the_policy_refuses_the_referral(
    referral: Referral, coordinator: User, verified_client: Callable[[User], HttpClient]
) -> None:
    page = verified_client(coordinator).get(
        reverse("clients:detail", kwargs={"code": referral.relationship.client.code})
    )

    assert "Tee lähete TYM-yhteispalveluun" not in page.content.decode()


def test_the_referral_form_offers_the_teams_of_the_clients_region_and_others_when_asked(
    consented: Client, referrer: User, verified_client: Callable[[User], HttpClient]
) -> None:
    from yhteispolku.organisations.models import Municipality, Unit

    pori = Municipality.objects.get(code="609")
    Client.objects.filter(pk=consented.pk).update(home_municipality=pori)
    satakunta_teams = Unit.objects.filter(kind=Unit.Kind.TYM_TEAM, organisation__municipalities=pori)
    elsewhere = Unit.objects.filter(kind=Unit.Kind.TYM_TEAM).exclude(pk__in=satakunta_teams).first()
    assert satakunta_teams.exists()
    assert elsewhere is not None
    http = verified_client(referrer)
    url = reverse("cases:referral_create", kwargs={"code": consented.code})

    regional = http.get(url).context["form"]
    everywhere = http.get(url + "?kaikki=1").context["form"]

    offered = set(regional.fields["unit"].queryset)
    assert offered == set(satakunta_teams)
    assert elsewhere not in offered
    assert regional.initial.get("unit") == (next(iter(offered)).pk if len(offered) == 1 else None)
    assert elsewhere in set(everywhere.fields["unit"].queryset)
