"""The privacy core tried as a new user would, on the demo data (issue: clients, consent, access, audit)."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client, Consent
from yhteispolku.web.demo_data import load_demo


@pytest.fixture
def demo(db: None) -> dict[str, Client]:
    return load_demo()


@pytest.fixture
def as_user(verified_client: Callable[[User], HttpClient]) -> Callable[[str], HttpClient]:
    def sign_in(username: str) -> HttpClient:
        return verified_client(User.objects.get(username=username))

    return sign_in


def test_pori_social_worker_sees_maija(demo: dict[str, Client], as_user: Callable[[str], HttpClient]) -> None:
    maija = demo["maija"]
    response = as_user("sosiaalityontekija").get(reverse("clients:detail", kwargs={"code": maija.code}))
    assert response.status_code == 200
    assert "Maija Meikäläinen" in response.content.decode()
    assert AccessEvent.objects.filter(
        client_code=maija.code, actor_username="sosiaalityontekija", action="view", allowed=True
    ).exists()


def test_maija_is_in_the_social_workers_own_list(
    demo: dict[str, Client], as_user: Callable[[str], HttpClient]
) -> None:
    response = as_user("sosiaalityontekija").get(reverse("clients:list"))
    assert "Meikäläinen" in response.content.decode()
    assert "Keskiuusimaalainen" not in response.content.decode()


def test_keusote_nurse_cannot_find_maija_and_the_attempt_is_logged(
    demo: dict[str, Client], as_user: Callable[[str], HttpClient]
) -> None:
    maija = demo["maija"]
    nurse = as_user("terveydenhoitaja-keusote")

    by_name = nurse.get(reverse("clients:list"), {"q": "Maija Meikäläinen"})
    by_code = nurse.get(reverse("clients:list"), {"q": maija.identity_code})
    direct = nurse.get(reverse("clients:detail", kwargs={"code": maija.code}))

    maija_link = reverse("clients:detail", kwargs={"code": maija.code})
    assert "Ei hakutuloksia" in by_name.content.decode()
    assert maija_link not in by_name.content.decode()
    assert maija_link not in by_code.content.decode()
    assert direct.status_code == 404
    denied = AccessEvent.objects.filter(client_code=maija.code, actor_username="terveydenhoitaja-keusote")
    assert denied.filter(action="search", allowed=False).exists()
    assert denied.filter(action="view", allowed=False, reason="no_relation").exists()


def test_kela_advisor_sees_maijas_health_entries_while_consent_covers_them(
    demo: dict[str, Client], as_user: Callable[[str], HttpClient]
) -> None:
    maija = demo["maija"]
    response = as_user("kela-tyokykyneuvoja").get(
        reverse("clients:category", kwargs={"code": maija.code, "category": "health"})
    )
    assert response.status_code == 200
    assert "Työttömän terveystarkastus" in response.content.decode()


def test_kela_advisor_loses_maijas_health_entries_when_she_revokes_consent(
    demo: dict[str, Client], as_user: Callable[[str], HttpClient]
) -> None:
    maija = demo["maija"]
    consent = Consent.objects.get(client=maija, revoked_at__isnull=True)
    social_worker = as_user("sosiaalityontekija")
    today = timezone.localdate().isoformat()

    # Maija withdraws the consent; the social worker records it and a narrower one without health data.
    revoked = social_worker.post(
        reverse("clients:consent_revoke", kwargs={"code": maija.code, "consent_code": consent.code}),
        {"how": "oral", "note": "Asiakas haluaa rajata terveystiedot pois.", "confirmed": "1"},
    )
    given = social_worker.post(
        reverse("clients:consents", kwargs={"code": maija.code}),
        {
            "purpose": "tym_joint_work",
            "organisations": [org.pk for org in consent.organisations.all()],
            "categories": ["basic", "employment", "social", "kela"],
            "given_how": "oral",
            "given_on": today,
            "valid_from": today,
        },
    )
    health = as_user("kela-tyokykyneuvoja").get(
        reverse("clients:category", kwargs={"code": maija.code, "category": "health"})
    )

    assert revoked.status_code == 302
    assert given.status_code == 302
    assert health.status_code == 403
    assert "Työttömän terveystarkastus" not in health.content.decode()
    assert AccessEvent.objects.filter(
        client_code=maija.code,
        actor_username="kela-tyokykyneuvoja",
        category="health",
        allowed=False,
        reason="consent_missing",
    ).exists()


def test_the_nurse_on_maijas_team_still_sees_health_entries_after_the_revocation(
    demo: dict[str, Client], as_user: Callable[[str], HttpClient]
) -> None:
    maija = demo["maija"]
    consent = Consent.objects.get(client=maija, revoked_at__isnull=True)
    as_user("sosiaalityontekija").post(
        reverse("clients:consent_revoke", kwargs={"code": maija.code, "consent_code": consent.code}),
        {"how": "written", "confirmed": "1"},
    )
    response = as_user("terveydenhoitaja").get(
        reverse("clients:category", kwargs={"code": maija.code, "category": "health"})
    )
    assert response.status_code == 200
