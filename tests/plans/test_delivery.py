"""The plan's delivery to the client (issue 13): a professional records a version handed over or posted; the
client's own download in Oma Yhteispolku records itself once; both show on the version page."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.plans.conftest import MaijaCase
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.plans.models import DeliveryHow, PlanDelivery

pytestmark = pytest.mark.django_db

Browser = Callable[[User], HttpClient]


def page(maija: MaijaCase, name: str, **kwargs: Any) -> str:
    return reverse(f"plans:{name}", kwargs={"relationship_code": maija.relationship.code, **kwargs})


def test_the_social_worker_records_the_plan_handed_over_and_the_version_page_shows_it(
    maija: MaijaCase, verified_client: Browser
) -> None:
    version = maija.in_force(maija.first_version(add_services=[maija.job_coaching()]))
    browser = verified_client(maija.social_worker)
    version_page = browser.get(page(maija, "version", number=version.number)).content.decode()
    assert page(maija, "delivery", number=version.number) in version_page
    response = browser.post(
        page(maija, "delivery", number=version.number),
        {"delivered_on": maija.today.isoformat(), "how": DeliveryHow.IN_PERSON},
    )
    assert response.status_code == 302
    delivery = PlanDelivery.objects.get(version=version)
    assert (delivery.how, delivery.recorded_by, delivery.delivered_on) == (
        DeliveryHow.IN_PERSON,
        maija.social_worker,
        maija.today,
    )
    assert "Suunnitelma annettu asiakkaalle" in browser.get(page(maija, "version", number=1)).content.decode()
    assert AccessEvent.objects.filter(
        actor=maija.social_worker, action="update", object_type="plans.plandelivery", allowed=True
    ).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"how": DeliveryHow.POST}, "Anna päivä, jona suunnitelma annettiin asiakkaalle."),
        ({"how": DeliveryHow.PORTAL}, "Valitse, miten suunnitelma annettiin asiakkaalle."),
        ({"how": DeliveryHow.POST, "days": 1}, "Antopäivä ei voi olla tulevaisuudessa."),
        ({"how": DeliveryHow.POST, "days": -400}, "Antopäivä ei voi olla ennen version laatimista."),
    ],
)
def test_bad_delivery_input_is_refused_with_a_message_and_nothing_is_saved(
    maija: MaijaCase, verified_client: Browser, data: dict[str, Any], message: str
) -> None:
    version = maija.first_version(add_services=[maija.job_coaching()])
    post: dict[str, str] = {"how": data["how"]}
    if "days" in data or data["how"] == DeliveryHow.PORTAL:
        post["delivered_on"] = (maija.today + timedelta(days=data.get("days", 0))).isoformat()
    response = verified_client(maija.social_worker).post(page(maija, "delivery", number=version.number), post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PlanDelivery.objects.exists()


def test_who_may_not_change_the_plan_cannot_record_its_delivery(
    maija: MaijaCase, verified_client: Browser
) -> None:
    version = maija.first_version(add_services=[maija.job_coaching()])
    data = {"delivered_on": maija.today.isoformat(), "how": DeliveryHow.POST}
    assert verified_client(maija.coordinator).post(page(maija, "delivery", number=1), data).status_code == 403
    assert verified_client(maija.outsider).post(page(maija, "delivery", number=1), data).status_code == 404
    assert not PlanDelivery.objects.filter(version=version).exists()


def test_the_clients_own_downloads_are_one_delivery(maija: MaijaCase, settings, verified_client) -> None:  # type: ignore[no-untyped-def]
    version = maija.in_force(maija.first_version(add_services=[maija.job_coaching()]))
    settings.DEMO_MODE = True
    client_browser = HttpClient()
    identified = client_browser.post("/oma/tunnistaudu/esittely/", {"client": str(maija.client.code)})
    assert identified.status_code == 302
    url = f"/oma/suunnitelmat/{version.plan.code}/versiot/{version.number}/pdf/"
    assert client_browser.get(url).status_code == 200
    assert client_browser.get(url).status_code == 200
    delivery = PlanDelivery.objects.get(version=version)
    assert (delivery.how, delivery.recorded_by) == (DeliveryHow.PORTAL, None)
    shown = verified_client(maija.social_worker).get(page(maija, "version", number=1)).content.decode()
    assert "Asiakas latasi suunnitelman itse Oma Yhteispolusta" in shown
