"""The case page shows the plan in force (version, date, next review) or who still has to confirm."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship
from yhteispolku.organisations.models import Organisation
from yhteispolku.plans import services
from yhteispolku.plans.models import PlanVersion, ServiceType

Http = Callable[[User], HttpClient]


def case_page(relationship: ClientRelationship, user: User, verified_client: Http) -> str:
    response = verified_client(user).get(reverse("cases:detail", kwargs={"code": relationship.client.code}))
    assert response.status_code == 200
    return response.content.decode()


def service(code: str, organisation_slug: str) -> dict[str, Any]:
    return {
        "service_type": ServiceType.objects.get(code=code),
        "responsible_organisation": Organisation.objects.get(slug=organisation_slug),
        "provider": None,
        "responsible_professional": None,
        "starts_on": timezone.localdate(),
        "ends_on": timezone.localdate() + timedelta(days=180),
        "intensity": "3 päivää viikossa",
        "description": "Sovitaan aloitettaessa.",
    }


def draft_with_services(relationship: ClientRelationship, author: User) -> PlanVersion:
    version = services.plan_version_create(
        actor=author, relationship=relationship, based_on_version_number=0, data={"goals": "Palkkatyö"}
    )
    for data in (
        service("job-coaching", "satakunta-employment-area"),
        service("rehabilitative-work-activity", "satakunta-wellbeing-county"),
    ):
        services.agreed_service_add(
            actor=author, version=version, expected_revision=version.revision, data=data
        )
        version.refresh_from_db()
    return version


def test_no_plan_yet(accepted: ClientRelationship, tym_expert: User, verified_client: Http) -> None:
    assert "Suunnitelmaa ei ole vielä laadittu." in case_page(accepted, tym_expert, verified_client)


def test_a_draft_shows_who_still_has_to_confirm_and_the_missing_acceptance(
    accepted: ClientRelationship,
    tym_expert: User,
    tym_social_worker: User,
    coordinator: User,
    verified_client: Http,
) -> None:
    version = draft_with_services(accepted, tym_expert)
    services.commitment_confirm(actor=tym_expert, version=version, organisation=tym_expert.organisation)  # type: ignore[arg-type]
    page = case_page(accepted, tym_expert, verified_client)
    assert f"Satakunnan hyvinvointialue: sitoumukset vahvistamatta ({tym_social_worker})" in page
    assert "Satakunnan työllisyysalue: sitoumukset vahvistamatta" not in page
    assert "Asiakkaan hyväksyntä puuttuu" in page
    assert "Suunnitelman versio 1 odottaa asiakkaan hyväksyntää." in page
    # The coordinator sees the same process facts (phase, team, deadlines) but no plan text.
    coordinator_page = case_page(accepted, coordinator, verified_client)
    assert "Satakunnan hyvinvointialue: sitoumukset vahvistamatta" in coordinator_page
    assert "Palkkatyö" not in coordinator_page


def test_the_plan_in_force_shows_its_version_date_and_next_review(
    accepted: ClientRelationship, tym_expert: User, tym_social_worker: User, verified_client: Http
) -> None:
    version = draft_with_services(accepted, tym_expert)
    for actor in (tym_expert, tym_social_worker):
        services.commitment_confirm(actor=actor, version=version, organisation=actor.organisation)  # type: ignore[arg-type]
    services.plan_accept(
        actor=tym_social_worker, version=version, accepted_on=timezone.localdate(), how="in_person"
    )
    version.refresh_from_db()
    page = case_page(accepted, tym_expert, verified_client)
    assert version.in_force_from is not None
    in_force_on = timezone.localtime(version.in_force_from).date()
    assert "Voimassa oleva versio</dt><dd>1</dd>" in page
    assert f"<dd>{in_force_on.day}.{in_force_on.month}.{in_force_on.year}</dd>" in page
    review = version.next_review_on
    assert f"Seuraava arviointi</dt><dd>{review.day}.{review.month}.{review.year}</dd>" in page
    assert "sitoumukset vahvistamatta" not in page
