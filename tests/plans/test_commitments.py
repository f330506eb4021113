"""Joint ownership (SPEC §3 step 6): each authority confirms its own commitments, the client accepts,
and only then is the version in force; the version it replaces is superseded."""

from datetime import timedelta

import pytest

from tests.plans.conftest import MaijaCase
from yhteispolku.access.policy import AccessDenied
from yhteispolku.audit.models import AccessEvent
from yhteispolku.plans import services
from yhteispolku.plans.errors import AlreadyDone, InvalidPlanData, NothingToConfirm
from yhteispolku.plans.models import CommitmentConfirmation, PlanVersion, VersionStatus
from yhteispolku.plans.selectors import has_plan_in_force

pytestmark = pytest.mark.django_db


def test_a_professional_confirms_only_their_own_organisations_commitments(maija: MaijaCase) -> None:
    version = maija.first_version(add_services=[maija.job_coaching(), maija.kuty()])
    with pytest.raises(AccessDenied) as caught:
        services.commitment_confirm(actor=maija.employment_expert, version=version, organisation=maija.county)
    assert str(caught.value) == "Voit muuttaa vain oman organisaatiosi kirjaamia tietoja."
    assert not CommitmentConfirmation.objects.exists()
    denied = AccessEvent.objects.get(client_code=maija.client.code, allowed=False)
    assert (denied.actor, denied.object_type, denied.reason) == (
        maija.employment_expert,
        "plans.commitmentconfirmation",
        "not_own_organisation",
    )


def test_an_organisation_without_services_in_the_version_has_nothing_to_confirm(maija: MaijaCase) -> None:
    version = maija.first_version(add_services=[maija.job_coaching()])
    with pytest.raises(NothingToConfirm):
        services.commitment_confirm(actor=maija.kela_advisor, version=version, organisation=maija.kela)


def test_commitments_are_confirmed_once(maija: MaijaCase) -> None:
    version = maija.first_version(add_services=[maija.job_coaching()])
    services.commitment_confirm(
        actor=maija.employment_expert, version=version, organisation=maija.employment_area
    )
    with pytest.raises(AlreadyDone):
        services.commitment_confirm(
            actor=maija.employment_expert, version=version, organisation=maija.employment_area
        )
    assert CommitmentConfirmation.objects.count() == 1


def test_a_version_is_in_force_only_when_every_authority_confirmed_and_the_client_accepted(
    maija: MaijaCase,
) -> None:
    version = maija.first_version(add_services=[maija.job_coaching(), maija.kuty()])
    services.plan_accept(
        actor=maija.employment_expert, version=version, accepted_on=maija.today, how="on_paper"
    )
    services.commitment_confirm(
        actor=maija.employment_expert, version=version, organisation=maija.employment_area
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    services.commitment_confirm(actor=maija.social_worker, version=version, organisation=maija.county)
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_FORCE
    assert version.in_force_from is not None


def test_confirmed_commitments_without_the_clients_acceptance_are_not_in_force(maija: MaijaCase) -> None:
    version = maija.first_version(add_services=[maija.job_coaching()])
    services.commitment_confirm(
        actor=maija.employment_expert, version=version, organisation=maija.employment_area
    )
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_the_version_in_force_is_superseded_by_the_next_one(maija: MaijaCase) -> None:
    first = maija.in_force(maija.first_version(add_services=[maija.job_coaching()]))
    second = services.plan_version_create(
        actor=maija.social_worker,
        relationship=maija.relationship,
        based_on_version_number=1,
        data={"add_services": [maija.kuty()]},
    )
    first.refresh_from_db()
    assert first.status == VersionStatus.IN_FORCE, "the old plan stays in force until the new one is"
    maija.in_force(second)
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    assert first.superseded_at is not None
    assert list(PlanVersion.objects.filter(status=VersionStatus.IN_FORCE)) == [second]


def test_the_acceptance_cannot_be_dated_in_the_future(maija: MaijaCase) -> None:
    version = maija.first_version()
    with pytest.raises(InvalidPlanData) as caught:
        services.plan_accept(
            actor=maija.social_worker,
            version=version,
            accepted_on=maija.today + timedelta(days=1),
            how="in_person",
        )
    assert caught.value.message_dict["accepted_on"] == ["Hyväksymispäivä ei voi olla tulevaisuudessa."]


def test_the_coordinator_views_but_cannot_accept_for_the_client(maija: MaijaCase) -> None:
    version = maija.first_version()
    with pytest.raises(AccessDenied):
        services.plan_accept(
            actor=maija.coordinator, version=version, accepted_on=maija.today, how="in_person"
        )
    assert AccessEvent.objects.filter(
        actor=maija.coordinator, object_type="plans.clientacceptance", allowed=False, reason="not_granted"
    ).exists()


def test_maijas_plan_with_job_coaching_and_six_months_of_kuty_is_in_force_once_both_confirm_and_she_accepts(
    maija: MaijaCase,
) -> None:
    """Seed 002: tailored job coaching by the employment authority, 6 months of KUTY by the county."""
    version = maija.first_version(
        goals="Palkkatyö. Selvitetään työ- ja toimintakyky ja haetaan Kelan ammatillista kuntoutusta.",
        add_services=[maija.job_coaching(), maija.kuty()],
        add_tasks=[
            {
                "description": "Toimita lääkärinlausunto (B) Kelaa varten",
                "due_on": maija.today + timedelta(30),
            }
        ],
    )
    assert {s.service_type.name_fi for s in version.services.all()} == {
        "Työhönvalmennus",
        "Kuntouttava työtoiminta",
    }
    kuty = version.services.get(service_type__is_kuty=True)
    assert kuty.ends_on is not None
    assert kuty.ends_on - kuty.starts_on >= timedelta(days=182)
    services.commitment_confirm(
        actor=maija.employment_expert, version=version, organisation=maija.employment_area
    )
    services.commitment_confirm(actor=maija.social_worker, version=version, organisation=maija.county)
    services.plan_accept(actor=maija.social_worker, version=version, accepted_on=maija.today, how="in_person")
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_FORCE
    assert set(version.confirmations.values_list("organisation__slug", flat=True)) == {
        "satakunta-employment-area",
        "satakunta-wellbeing-county",
    }
    assert version.acceptance.how == "in_person"


def test_the_relationship_has_a_plan_in_force_only_once_a_version_is(maija: MaijaCase) -> None:
    version = maija.first_version(add_services=[maija.job_coaching()])
    assert not has_plan_in_force(maija.relationship)
    maija.in_force(version)
    assert has_plan_in_force(maija.relationship)
