"""Maija's consents in Oma Yhteispolku: she sees them, gives a new one (the same checks as a professional's
recording, given electronically by herself), and revokes one after the confirmation step: at once, so
that Kela's advisor loses the health entries the consent allowed. Every read and write is audited as hers;
someone else's consent is a 404 and a denied entry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients import services
from yhteispolku.clients.errors import ConsentInvalid
from yhteispolku.clients.models import Client, Consent
from yhteispolku.organisations.models import Organisation
from yhteispolku.web.demo_data import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: None) -> dict[str, Client]:
    return load_demo()


def _as_client(client_obj: Client, settings) -> HttpClient:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    browser = HttpClient()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(client_obj.code)}).status_code == 302
    return browser


def _revoke_url(consent: Consent) -> str:
    return f"/oma/suostumukset/{consent.code}/peru/"


def test_maija_sees_her_consents_and_the_read_is_hers(demo: dict[str, Client], settings) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    consent = Consent.objects.get(client=maija, revoked_at__isnull=True)
    page = _as_client(maija, settings).get("/oma/suostumukset/").content.decode()
    for organisation in consent.organisations.all():
        assert organisation.name in page
    assert "terveystiedot" in page
    assert consent.valid_from.strftime("%-d.%-m.%Y") in page
    assert "voimassa" in page
    assert _revoke_url(consent) in page
    event = AccessEvent.objects.filter(client_code=maija.code, object_type="clients.consent").latest("id")
    assert event.allowed
    assert event.actor_role == "client"
    assert event.action == "view"


def test_maija_revokes_and_kela_loses_her_health_entries_at_once(  # type: ignore[no-untyped-def]
    demo: dict[str, Client], settings, verified_client: Callable[[User], HttpClient]
) -> None:
    maija = demo["maija"]
    consent = Consent.objects.get(client=maija, revoked_at__isnull=True)
    kela = verified_client(User.objects.get(username="kela-tyokykyneuvoja"))
    health_url = reverse("clients:category", kwargs={"code": maija.code, "category": "health"})
    assert kela.get(health_url).status_code == 200
    browser = _as_client(maija, settings)

    # The confirmation step: the page (and a POST without confirmed=1) changes nothing.
    asked = browser.get(_revoke_url(consent))
    assert asked.status_code == 200
    assert "tulee voimaan heti" in asked.content.decode()
    assert browser.post(_revoke_url(consent), {}).status_code == 200
    consent.refresh_from_db()
    assert consent.revoked_at is None
    assert kela.get(health_url).status_code == 200

    assert browser.post(_revoke_url(consent), {"confirmed": "1"}).status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_at is not None
    assert consent.revoked_by is None
    assert consent.revoked_by_client
    assert consent.revoked_how == Consent.GivenHow.ELECTRONIC
    health = kela.get(health_url)
    assert health.status_code == 403
    assert "Työttömän terveystarkastus" not in health.content.decode()
    assert AccessEvent.objects.filter(
        client_code=maija.code, actor_username="kela-tyokykyneuvoja", category="health", allowed=False
    ).exists()
    written = AccessEvent.objects.get(
        client_code=maija.code, object_type="clients.consent", action="create", object_id=str(consent.code)
    )
    assert written.allowed
    assert written.actor_role == "client"
    assert written.actor_id is None
    # A second revocation: a clear message, nothing changes.
    again = browser.post(_revoke_url(consent), {"confirmed": "1"}, follow=True)
    assert "Suostumus on jo peruttu." in again.content.decode()
    assert Consent.objects.get(pk=consent.pk).revoked_at == consent.revoked_at


def test_maija_gives_a_new_consent_and_kela_sees_again(  # type: ignore[no-untyped-def]
    demo: dict[str, Client], settings, verified_client: Callable[[User], HttpClient]
) -> None:
    maija = demo["maija"]
    old = Consent.objects.get(client=maija, revoked_at__isnull=True)
    services.consent_revoke_by_client(client=maija, consent=old)
    kela = verified_client(User.objects.get(username="kela-tyokykyneuvoja"))
    health_url = reverse("clients:category", kwargs={"code": maija.code, "category": "health"})
    assert kela.get(health_url).status_code == 403
    today = timezone.localdate()
    response = _as_client(maija, settings).post(
        "/oma/suostumukset/",
        {
            "purpose": "tym_joint_work",
            "organisations": [org.pk for org in old.organisations.all()],
            "categories": ["basic", "health", "kela"],
            "valid_from": today.isoformat(),
        },
    )
    assert response.status_code == 302
    given = Consent.objects.filter(client=maija).latest("id")
    assert given.given_by_client
    assert given.recorded_by is None
    assert given.given_how == Consent.GivenHow.ELECTRONIC
    assert given.given_on == today
    assert given.categories == ["basic", "health", "kela"]
    assert given.is_active()
    assert kela.get(health_url).status_code == 200
    assert (
        AccessEvent.objects.filter(
            client_code=maija.code, object_type="clients.consent", action="create", object_id=str(given.code)
        )
        .get()
        .actor_role
        == "client"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"categories": []}, "Valitse vähintään yksi tietoryhmä."),
        ({"organisations": []}, "Valitse vähintään yksi organisaatio."),
        ({"valid_from": "2000-01-01"}, "Suostumus voi alkaa aikaisintaan tänään."),
        ({"valid_until": "__yesterday__"}, "Voimassaolon loppupäivä ei voi olla ennen alkupäivää."),
        ({"purpose": "intake"}, "Valitse oikea vaihtoehto."),
    ],
)
def test_bad_input_is_a_clear_message_and_nothing_is_saved(  # type: ignore[no-untyped-def]
    demo: dict[str, Client], settings, change: dict[str, object], message: str
) -> None:
    maija = demo["maija"]
    today = timezone.localdate()
    data: dict[str, object] = {
        "purpose": "tym_joint_work",
        "organisations": [Organisation.objects.get(slug="kela").pk],
        "categories": ["kela"],
        "valid_from": today.isoformat(),
        **change,
    }
    if data.get("valid_until") == "__yesterday__":
        data["valid_until"] = (today - timedelta(days=1)).isoformat()
    before = Consent.objects.count()
    response = _as_client(maija, settings).post("/oma/suostumukset/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Consent.objects.count() == before


def test_the_service_refuses_a_backdated_consent(demo: dict[str, Client]) -> None:
    with pytest.raises(ConsentInvalid, match="aikaisintaan tänään"):
        services.consent_give_by_client(
            client=demo["maija"],
            purpose="tym_joint_work",
            organisations=[Organisation.objects.get(slug="kela")],
            categories=["kela"],
            valid_from=timezone.localdate() - timedelta(days=1),
        )


def test_someone_elses_consent_is_404_and_denied(demo: dict[str, Client], settings) -> None:  # type: ignore[no-untyped-def]
    maija = demo["maija"]
    someone = next(client for key, client in demo.items() if key != "maija")
    other = services.consent_give_by_client(
        client=someone,
        purpose="tym_joint_work",
        organisations=[Organisation.objects.get(slug="kela")],
        categories=["kela"],
        valid_from=timezone.localdate(),
    )
    browser = _as_client(maija, settings)
    for response in (browser.get(_revoke_url(other)), browser.post(_revoke_url(other), {"confirmed": "1"})):
        assert response.status_code == 404
        assert other.client.last_name not in response.content.decode()
    other.refresh_from_db()
    assert other.revoked_at is None
    assert (
        AccessEvent.objects.filter(client_code=other.client.code, allowed=False, actor_role="client").count()
        == 2
    )
    with pytest.raises(PermissionDenied):
        services.consent_revoke_by_client(client=maija, consent=other)
    other.refresh_from_db()
    assert other.revoked_at is None
