"""What Maija sees and does in Oma Yhteispolku: her plan, audited as herself; someone else's plan is a 404
and a denied entry; the PDF in her service language; accepting a confirmed version puts it in force."""

from __future__ import annotations

import io

import pytest
from django.test import Client as HttpClient
from pypdf import PdfReader

from tests.access.conftest import new_client, open_relationship
from tests.portal.conftest import MaijaCase
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.selectors import describe_event
from yhteispolku.cases.models import Phase
from yhteispolku.organisations.models import Unit
from yhteispolku.plans import services
from yhteispolku.plans.models import AcceptanceHow, PlanVersion, VersionStatus

pytestmark = pytest.mark.django_db


def _as_client(client_obj, settings) -> HttpClient:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    browser = HttpClient()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(client_obj.code)}).status_code == 302
    return browser


def _plan_in_force(maija: MaijaCase) -> PlanVersion:
    version = maija.first_version(
        goals="Palkkatyö kaupan alalla", add_services=[maija.job_coaching(), maija.kuty()]
    )
    return maija.in_force(version)


def _confirmed_second_version(maija: MaijaCase, first: PlanVersion) -> PlanVersion:
    second = services.plan_version_create(
        actor=maija.employment_expert,
        relationship=maija.relationship,
        based_on_version_number=first.number,
        data={"goals": "Palkkatyö ja ammatillinen koulutus"},
    )
    for actor in (maija.employment_expert, maija.social_worker):
        services.commitment_confirm(actor=actor, version=second, organisation=actor.organisation)
    return second


def test_maija_sees_her_plan_and_the_read_is_hers_in_the_log(maija: MaijaCase, settings) -> None:  # type: ignore[no-untyped-def]
    first = _plan_in_force(maija)
    browser = _as_client(maija.client, settings)
    page = browser.get(f"/oma/suunnitelmat/{first.plan.code}/").content.decode()
    assert "Palkkatyö kaupan alalla" in page
    for service in first.services.all():
        assert service.service_type.name_fi in page
        assert service.responsible_organisation.name_fi in page
    assert "Tiina Työnen" in page
    assert "Sanna Sosionomi" in page
    event = AccessEvent.objects.filter(client_code=maija.client.code, object_type="plans.plan").latest("id")
    assert event.allowed
    assert event.actor_id is None
    assert event.actor_role == "client"
    assert describe_event(event).startswith(f"{maija.client.full_name} (sinä itse)")


def test_someone_elses_plan_is_404_and_denied_in_the_log(maija: MaijaCase, settings) -> None:  # type: ignore[no-untyped-def]
    _plan_in_force(maija)
    mikael = new_client(maija.employment_area, "Mikael", "Esimerkki")
    relationship = open_relationship(mikael, Unit.objects.get(slug="satakunta-ea-tym"), phase=Phase.PLANNING)
    from yhteispolku.plans.models import Plan

    plan = Plan.objects.create(relationship=relationship)
    browser = _as_client(maija.client, settings)
    for url in (f"/oma/suunnitelmat/{plan.code}/", f"/oma/suunnitelmat/{plan.code}/versiot/1/pdf/"):
        response = browser.get(url)
        assert response.status_code == 404
        assert "Mikael" not in response.content.decode()
    denied = AccessEvent.objects.filter(client_code=mikael.code, allowed=False)
    assert denied.count() == 2
    assert {event.actor_username for event in denied} == {f"client:{maija.client.code}"}


def test_the_plan_pdf_has_goals_and_services_in_swedish_for_a_swedish_speaking_client(
    maija: MaijaCase,
    settings,  # type: ignore[no-untyped-def]
) -> None:
    maija.client.service_language = "sv"
    maija.client.save()
    first = _plan_in_force(maija)
    browser = _as_client(maija.client, settings)
    response = browser.get(f"/oma/suunnitelmat/{first.plan.code}/versiot/{first.number}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # Table cells wrap their words over lines: compare with the spaces normalised.
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    assert "Palkkatyö kaupan alalla" in text
    assert "Sovitut palvelut" not in text  # the headings are Swedish
    for service in first.services.all():
        assert (service.service_type.name_sv or service.service_type.name_fi) in text
    assert AccessEvent.objects.filter(client_code=maija.client.code, action="print", allowed=True).exists()


def test_a_professional_who_may_read_the_plan_prints_it(maija: MaijaCase, verified_client) -> None:  # type: ignore[no-untyped-def]
    first = _plan_in_force(maija)
    url = f"/suunnitelmat/{maija.relationship.code}/versiot/{first.number}/pdf/"
    response = verified_client(maija.social_worker).get(url)
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Palkkatyö kaupan alalla" in text
    assert verified_client(maija.outsider).get(url).status_code == 404


def test_accepting_a_confirmed_version_puts_it_in_force(maija: MaijaCase, settings) -> None:  # type: ignore[no-untyped-def]
    first = _plan_in_force(maija)
    second = _confirmed_second_version(maija, first)
    browser = _as_client(maija.client, settings)
    url = f"/oma/suunnitelmat/{first.plan.code}/hyvaksy/{second.code}/"
    asked = browser.get(url)
    assert asked.status_code == 200
    assert "Vahvista" in asked.content.decode()
    second.refresh_from_db()
    assert second.status == VersionStatus.DRAFT  # asking changes nothing
    assert browser.post(url, {"confirmed": "1"}).status_code == 302
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.status == VersionStatus.IN_FORCE
    assert first.status == VersionStatus.SUPERSEDED
    assert second.acceptance.how == AcceptanceHow.PORTAL
    assert second.acceptance.recorded_by is None
    # A second acceptance changes nothing and says so.
    again = browser.post(url, {"confirmed": "1"})
    assert again.status_code == 409
    assert PlanVersion.objects.get(pk=second.pk).acceptance.pk == second.acceptance.pk


def test_an_unconfirmed_draft_cannot_be_accepted(maija: MaijaCase, settings) -> None:  # type: ignore[no-untyped-def]
    first = _plan_in_force(maija)
    draft = services.plan_version_create(
        actor=maija.employment_expert,
        relationship=maija.relationship,
        based_on_version_number=first.number,
        data={"goals": "Kesken"},
    )
    browser = _as_client(maija.client, settings)
    url = f"/oma/suunnitelmat/{first.plan.code}/hyvaksy/{draft.code}/"
    assert browser.get(url).status_code == 404
    assert browser.post(url, {"confirmed": "1"}).status_code == 409
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert not hasattr(draft, "acceptance")


def test_a_client_with_no_relationship_sees_a_plain_message(maija: MaijaCase, settings) -> None:  # type: ignore[no-untyped-def]
    loner = new_client(maija.employment_area, "Liisa", "Yksinen")
    page = _as_client(loner, settings).get("/oma/")
    assert page.status_code == 200
    assert "Sinulla ei ole tällä hetkellä asiakkuutta" in page.content.decode()


def test_her_access_log_shows_the_professionals_read_and_herself(
    maija: MaijaCase,
    settings,  # type: ignore[no-untyped-def]
    verified_client,  # type: ignore[no-untyped-def]
) -> None:
    first = _plan_in_force(maija)
    assert (
        verified_client(maija.social_worker).get(f"/suunnitelmat/{maija.relationship.code}/").status_code
        == 200
    )
    browser = _as_client(maija.client, settings)
    browser.get(f"/oma/suunnitelmat/{first.plan.code}/")
    page = browser.get("/oma/kayttoloki/").content.decode()
    assert f"Sanna Sosionomi ({maija.social_worker.organisation.name_fi})" in page  # type: ignore[union-attr]
    assert maija.client.full_name in page
    assert AccessEvent.objects.filter(
        client_code=maija.client.code, category="log", actor_username=f"client:{maija.client.code}"
    ).exists()


def test_the_demos_swedish_speaking_client_gets_her_plan_in_swedish(settings, verified_client) -> None:  # type: ignore[no-untyped-def]
    """Sofia (the demo, served in Swedish): her plan page in the portal and the PDF she downloads and the
    one her social worker prints carry the plan's goals and services in Swedish."""
    from yhteispolku.accounts.models import User
    from yhteispolku.plans.demo import SOFIA_GOALS
    from yhteispolku.web.demo_data import load_demo

    sofia = load_demo()["sofia"]
    assert sofia.service_language == "sv"
    version = PlanVersion.objects.get(plan__relationship__client=sofia, status=VersionStatus.IN_FORCE)
    services_sv = [s.service_type.name_sv for s in version.services.all()]
    assert sorted(services_sv) == ["Arbetsprövning", "Socialt arbete för vuxna"]

    def text_of(pdf: bytes) -> str:
        return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())

    browser = _as_client(sofia, settings)
    mine = browser.get(f"/oma/suunnitelmat/{version.plan.code}/versiot/{version.number}/pdf/")
    social_worker = User.objects.get(username="sosiaalityontekija")
    printed = verified_client(social_worker).get(
        f"/suunnitelmat/{version.plan.relationship.code}/versiot/{version.number}/pdf/"
    )
    for response in (mine, printed):
        assert response.status_code == 200
        text = text_of(response.content)
        assert " ".join(SOFIA_GOALS.split()) in text
        for name in services_sv:
            assert name in text
        assert "Sovitut palvelut" not in text  # the headings are Swedish too
        assert "Satakunta välfärdsområde bekräftade sina åtaganden" in text
