"""Follow-up of participation (SPEC §3 step 7) on the services of the plan in force."""

from datetime import timedelta

import pytest

from tests.plans.conftest import MaijaCase
from yhteispolku.plans import selectors, services
from yhteispolku.plans.errors import InvalidPlanData, ParticipationNotAllowed
from yhteispolku.plans.models import Participation

pytestmark = pytest.mark.django_db


def test_the_latest_participation_record_is_the_services_current_status(maija: MaijaCase) -> None:
    version = maija.in_force(
        maija.first_version(add_services=[maija.kuty(starts_on=maija.today - timedelta(days=20))])
    )
    service = version.services.get()
    services.participation_record(
        actor=maija.social_worker, service=service, status="started", on=maija.today - timedelta(days=20)
    )
    services.participation_record(
        actor=maija.social_worker,
        service=service,
        status="attending",
        on=maija.today,
        note="Käy 3 päivää viikossa",
    )
    overview = selectors.plan_overview(
        actor=maija.employment_expert, relationship_code=maija.relationship.code
    )
    assert overview.in_force is not None
    row = overview.in_force.services[0]
    assert row.participation is not None
    assert (row.participation.status, row.participation.note) == ("attending", "Käy 3 päivää viikossa")


def test_participation_follows_the_service_into_the_next_version(maija: MaijaCase) -> None:
    version = maija.in_force(maija.first_version(add_services=[maija.kuty(starts_on=maija.today)]))
    services.participation_record(
        actor=maija.social_worker, service=version.services.get(), status="started", on=maija.today
    )
    services.plan_version_create(
        actor=maija.social_worker, relationship=maija.relationship, based_on_version_number=1, data={}
    )
    overview = selectors.plan_overview(actor=maija.social_worker, relationship_code=maija.relationship.code)
    assert overview.draft is not None
    assert overview.draft.services[0].participation is not None
    assert overview.draft.services[0].participation.status == "started"


def test_participation_is_recorded_only_on_the_plan_in_force(maija: MaijaCase) -> None:
    version = maija.first_version(add_services=[maija.kuty()])
    with pytest.raises(ParticipationNotAllowed):
        services.participation_record(
            actor=maija.social_worker, service=version.services.get(), status="started", on=maija.today
        )
    assert not Participation.objects.exists()


def test_participation_cannot_be_recorded_for_a_future_day(maija: MaijaCase) -> None:
    version = maija.in_force(maija.first_version(add_services=[maija.kuty()]))
    with pytest.raises(InvalidPlanData) as caught:
        services.participation_record(
            actor=maija.social_worker,
            service=version.services.get(),
            status="started",
            on=maija.today + timedelta(days=1),
        )
    assert caught.value.message_dict["on"] == ["Osallistumista ei voi kirjata tulevalle päivälle."]
