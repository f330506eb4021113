"""Revoking a consent asks first (issue 11): the page names the consent and that the revocation takes
effect at once; only the confirmed POST revokes, and "Peruuta" changes nothing."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client, Consent
from yhteispolku.web.demo_data import load_demo


@pytest.fixture
def maija(db: None) -> Client:
    return load_demo()["maija"]


@pytest.fixture
def social_worker(verified_client: Callable[[User], HttpClient]) -> HttpClient:
    return verified_client(User.objects.get(username="sosiaalityontekija"))


def _urls(maija: Client) -> tuple[Consent, str, str]:
    consent = Consent.objects.get(client=maija, revoked_at__isnull=True)
    revoke = reverse("clients:consent_revoke", kwargs={"code": maija.code, "consent_code": consent.code})
    return consent, revoke, reverse("clients:consents", kwargs={"code": maija.code})


def test_the_consents_page_links_to_the_confirmation_and_the_page_changes_nothing(
    maija: Client, social_worker: HttpClient
) -> None:
    consent, revoke, consents = _urls(maija)
    assert revoke in social_worker.get(consents).content.decode()

    page = social_worker.get(revoke)

    text = page.content.decode()
    assert page.status_code == 200
    assert "Peruutetaanko suostumus" in text
    assert "Peruutus tulee voimaan heti" in text
    assert 'name="confirmed" value="1"' in text
    assert f'href="{consents}"' in text  # "Peruuta" goes back without a change
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_a_first_post_without_confirmation_only_asks_and_keeps_what_was_typed(
    maija: Client, social_worker: HttpClient
) -> None:
    consent, revoke, _consents = _urls(maija)

    page = social_worker.post(revoke, {"how": "written", "note": "Rajaa terveystiedot."})

    text = page.content.decode()
    assert page.status_code == 200
    assert "Peruutetaanko suostumus" in text
    assert 'value="Rajaa terveystiedot."' in text
    assert '<option value="written" selected>' in text
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_cancelling_returns_to_the_consents_unchanged(maija: Client, social_worker: HttpClient) -> None:
    consent, _revoke, consents = _urls(maija)

    page = social_worker.get(consents)

    assert page.status_code == 200
    consent.refresh_from_db()
    assert consent.revoked_at is None


def test_the_confirmed_post_revokes_at_once(maija: Client, social_worker: HttpClient) -> None:
    consent, revoke, consents = _urls(maija)

    response = social_worker.post(revoke, {"how": "oral", "note": "", "confirmed": "1"})

    assert response.status_code == 302
    assert response["Location"] == consents
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert consent.revoked_how == "oral"
    # Once revoked, the confirmation is no longer offered.
    assert social_worker.get(revoke).status_code == 302


def test_the_confirmation_is_refused_to_whom_the_revocation_would_be(
    maija: Client, verified_client: Callable[[User], HttpClient]
) -> None:
    consent, revoke, _consents = _urls(maija)
    outsider = verified_client(User.objects.get(username="johtoryhma"))

    assert outsider.get(revoke).status_code in (403, 404)
    assert outsider.post(revoke, {"how": "oral", "confirmed": "1"}).status_code in (403, 404)
    consent.refresh_from_db()
    assert consent.revoked_at is None
