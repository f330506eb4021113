"""Referral to TYM (R-TYM-1): criteria at creation, the receiving unit's decision, consent first."""

import pytest
from django.http import Http404

from tests.access.conftest import give_consent
from tests.cases.conftest import CRITERIA_MET
from yhteispolku.access.policy import AccessDenied
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases import errors, services
from yhteispolku.cases.models import (
    ClientRelationship,
    Phase,
    PhaseTransition,
    Referral,
    TeamMember,
    TeamRole,
    Track,
)
from yhteispolku.clients.models import Client, Consent
from yhteispolku.organisations.models import Organisation, Unit


def refer(actor: User, client: Client, unit: Unit, **answers: bool) -> Referral:
    return services.referral_create(
        actor=actor, client=client, unit=unit, description="Tilanne kuvattu.", **{**CRITERIA_MET, **answers}
    )


def test_a_referral_opens_a_tym_relationship_in_phase_referral_at_the_receiving_unit(
    referrer: User, client_of_referrer: Client, tym_unit: Unit
) -> None:
    referral = refer(referrer, client_of_referrer, tym_unit)
    relationship = referral.relationship
    assert (relationship.track, relationship.phase, relationship.responsible_unit) == (
        Track.TYM,
        Phase.REFERRAL,
        tym_unit,
    )
    assert referral.from_organisation == referrer.organisation
    assert referral.status == Referral.Status.PENDING
    assert PhaseTransition.objects.filter(
        relationship=relationship, from_phase="", to_phase=Phase.REFERRAL
    ).exists()
    assert AccessEvent.objects.filter(
        client_code=client_of_referrer.code, object_type="cases.referral", action="create", allowed=True
    ).exists()


@pytest.mark.parametrize(
    ("answers", "explains"),
    [
        ({"work_capacity_limitations": False, "life_management_problems": False}, "elämänhallinnan ongelmia"),
        ({"needs_multisectoral_support": False}, "monialaista tukea"),
        ({"public_services_suffice": True}, "julkisilla työvoimapalveluilla"),
        ({"need_not_long_or_intensive": True}, "pitkäkestoista tai intensiivistä"),
    ],
)
def test_a_referral_that_does_not_meet_the_criteria_is_refused_with_r_tym_1_explained(
    referrer: User, client_of_referrer: Client, tym_unit: Unit, answers: dict[str, bool], explains: str
) -> None:
    with pytest.raises(errors.ReferralCriteriaNotMet) as refused:
        refer(referrer, client_of_referrer, tym_unit, **answers)
    assert "381/2023" in refused.value.messages[0]
    assert explains in refused.value.messages[0]
    assert not ClientRelationship.objects.filter(client=client_of_referrer, track=Track.TYM).exists()


def test_life_management_problems_alone_are_an_obstacle_enough(
    referrer: User, client_of_referrer: Client, tym_unit: Unit
) -> None:
    referral = refer(
        referrer, client_of_referrer, tym_unit, work_capacity_limitations=False, life_management_problems=True
    )
    assert referral.has_obstacle


def test_a_second_referral_while_one_is_pending_is_a_conflict(
    referral: Referral, referrer: User, tym_unit: Unit
) -> None:
    with pytest.raises(errors.ReferralExists) as refused:
        refer(referrer, referral.relationship.client, tym_unit)
    assert refused.value.status == 409
    assert (
        ClientRelationship.objects.filter(client=referral.relationship.client, track=Track.TYM).count() == 1
    )


def test_a_referral_goes_only_to_a_tym_team(referrer: User, client_of_referrer: Client) -> None:
    with pytest.raises(errors.ReferralInvalid, match="TYM-tiimi"):
        refer(referrer, client_of_referrer, Unit.objects.get(slug="satakunta-wc-social"))


def test_a_professional_without_a_relation_cannot_refer_and_the_client_stays_hidden(
    outsider: User, client_of_referrer: Client, tym_unit: Unit
) -> None:
    with pytest.raises(Http404):
        refer(outsider, client_of_referrer, tym_unit)
    assert AccessEvent.objects.filter(
        client_code=client_of_referrer.code, allowed=False, reason="no_relation"
    ).exists()


def test_the_receiving_unit_accepts_mapping_starts_and_the_accepter_joins_the_worker_pair(
    referral: Referral, tym_expert: User
) -> None:
    relationship = services.referral_accept(actor=tym_expert, referral=referral)
    assert relationship.phase == Phase.MAPPING
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.decided_by == tym_expert
    member = TeamMember.objects.get(relationship=relationship, user=tym_expert)
    assert member.team_role == TeamRole.WORKER_PAIR_EMPLOYMENT
    assert PhaseTransition.objects.filter(
        relationship=relationship, from_phase=Phase.REFERRAL, to_phase=Phase.MAPPING, actor=tym_expert
    ).exists()


def test_the_tym_coordinator_may_accept_a_referral_to_the_unit(referral: Referral, coordinator: User) -> None:
    assert services.referral_accept(actor=coordinator, referral=referral).phase == Phase.MAPPING


def test_the_referrer_cannot_decide_on_their_own_referral(referral: Referral, referrer: User) -> None:
    with pytest.raises(AccessDenied):
        services.referral_accept(actor=referral.referred_by, referral=referral)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
    assert AccessEvent.objects.filter(object_type="cases.referral", action="update", allowed=False).exists()


def test_accepting_without_a_consent_for_tym_joint_work_is_refused_and_tells_to_record_it_first(
    referrer: User, client_of_referrer: Client, tym_unit: Unit, tym_expert: User
) -> None:
    give_consent(client_of_referrer, [referrer.organisation], referrer, purpose="consultation")  # type: ignore[list-item]
    referral = refer(referrer, client_of_referrer, tym_unit)
    with pytest.raises(errors.ConsentMissing) as refused:
        services.referral_accept(actor=tym_expert, referral=referral)
    assert "Kirjaa suostumus ensin" in refused.value.messages[0]
    assert ClientRelationship.objects.get(pk=referral.relationship.pk).phase == Phase.REFERRAL
    assert not TeamMember.objects.filter(relationship=referral.relationship).exists()


def test_a_revoked_consent_does_not_let_the_referral_be_accepted(
    referral: Referral, tym_expert: User
) -> None:
    Consent.objects.filter(client=referral.relationship.client).update(
        revoked_at="2020-01-01T00:00:00Z", revoked_by=tym_expert
    )
    with pytest.raises(errors.ConsentMissing):
        services.referral_accept(actor=tym_expert, referral=referral)


def test_a_decided_referral_cannot_be_decided_again(
    referral: Referral, tym_expert: User, coordinator: User
) -> None:
    services.referral_accept(actor=tym_expert, referral=referral)
    with pytest.raises(AccessDenied):
        # The expert is on the team now; the coordinator still manages the unit.
        services.referral_decline(
            actor=tym_expert, referral=referral, reason="x", suggested_alternative=Track.KUTY
        )
    with pytest.raises(errors.ReferralAlreadyDecided):
        services.referral_decline(
            actor=coordinator, referral=referral, reason="x", suggested_alternative=Track.KUTY
        )


def test_declining_needs_a_reason_and_suggests_the_right_path(referral: Referral, tym_expert: User) -> None:
    with pytest.raises(errors.DeclineInvalid):
        services.referral_decline(
            actor=tym_expert, referral=referral, reason=" ", suggested_alternative="employment_services"
        )
    with pytest.raises(errors.DeclineInvalid):
        services.referral_decline(
            actor=tym_expert, referral=referral, reason="Syy", suggested_alternative=Track.TYM
        )
    relationship = services.referral_decline(
        actor=tym_expert,
        referral=referral,
        reason="Julkiset työvoimapalvelut riittävät.",
        suggested_alternative=Track.EMPLOYMENT_SERVICES,
    )
    assert relationship.phase == Phase.DECLINED
    assert relationship.ended_on is not None
    assert referral.status == Referral.Status.DECLINED
    assert referral.suggested_alternative == Track.EMPLOYMENT_SERVICES
    assert not TeamMember.objects.filter(relationship=relationship).exists()


def test_after_a_decline_the_client_may_be_referred_again(
    referral: Referral, tym_expert: User, referrer: User, tym_unit: Unit
) -> None:
    services.referral_decline(
        actor=tym_expert, referral=referral, reason="Ei vielä.", suggested_alternative=Track.KUTY
    )
    again = refer(referrer, referral.relationship.client, tym_unit)
    assert again.relationship.phase == Phase.REFERRAL
    assert Organisation.objects.filter(pk=again.from_organisation_id).exists()


def test_accepting_keeps_the_referrer_on_the_case_as_a_member_of_the_tym_team(
    referral: Referral, referrer: User, tym_expert: User
) -> None:
    relationship = services.referral_accept(actor=tym_expert, referral=referral)
    current = {
        m.user: m.team_role for m in TeamMember.objects.filter(relationship=relationship, left_on=None)
    }
    assert current == {tym_expert: TeamRole.WORKER_PAIR_EMPLOYMENT, referrer: TeamRole.MEMBER}
    # Their own employment-services relationship goes on as it was.
    assert TeamMember.objects.filter(
        relationship__client=relationship.client,
        relationship__track=Track.EMPLOYMENT_SERVICES,
        user=referrer,
        left_on=None,
    ).exists()


def test_a_referrer_who_can_no_longer_work_with_clients_does_not_join(
    referral: Referral, referrer: User, tym_expert: User
) -> None:
    User.objects.filter(pk=referrer.pk).update(is_active=False)
    relationship = services.referral_accept(actor=tym_expert, referral=Referral.objects.get(pk=referral.pk))
    assert not TeamMember.objects.filter(relationship=relationship, user=referrer).exists()


def test_only_the_three_authorities_professionals_join_as_referrers(referrer: User) -> None:
    assert services.referrer_may_join(referrer)
    provider = Organisation.objects.create(
        slug="provider", kind=Organisation.Kind.SERVICE_PROVIDER, name_fi="Valmennus Oy"
    )
    referrer.organisation = provider
    assert not services.referrer_may_join(referrer)


def test_the_tym_unit_names_the_referrer_to_the_free_worker_pair_place(
    referral: Referral, referrer: User, coordinator: User
) -> None:
    relationship = services.referral_accept(actor=coordinator, referral=referral)
    services.team_member_add(
        actor=coordinator, relationship=relationship, user=referrer, team_role=TeamRole.WORKER_PAIR_EMPLOYMENT
    )
    memberships = TeamMember.objects.filter(relationship=relationship, user=referrer)
    assert [(m.team_role, m.left_on) for m in memberships] == [(TeamRole.WORKER_PAIR_EMPLOYMENT, None)]
    with pytest.raises(errors.TeamConflict, match="jo asiakkaan tiimissä"):
        services.team_member_add(
            actor=coordinator, relationship=relationship, user=referrer, team_role=TeamRole.MEMBER
        )


def test_a_coordinator_who_accepts_joins_the_team_only_when_they_choose_to(
    referral: Referral, coordinator: User
) -> None:
    relationship = services.referral_accept(actor=coordinator, referral=referral)

    assert not relationship.team.filter(user=coordinator).exists()


def test_a_coordinator_may_choose_to_join_when_accepting(referral: Referral, coordinator: User) -> None:
    relationship = services.referral_accept(actor=coordinator, referral=referral, join=True)

    assert relationship.team.get(user=coordinator).team_role == TeamRole.MEMBER


def test_the_worker_pair_is_named_while_accepting(
    referral: Referral, coordinator: User, referrer: User, tym_social_worker: User
) -> None:
    relationship = services.referral_accept(
        actor=coordinator,
        referral=referral,
        worker_pair={
            TeamRole.WORKER_PAIR_EMPLOYMENT: referrer,
            TeamRole.WORKER_PAIR_SOCIAL: tym_social_worker,
        },
    )

    places = dict(relationship.team.filter(left_on__isnull=True).values_list("team_role", "user"))
    assert places == {
        TeamRole.WORKER_PAIR_EMPLOYMENT: referrer.pk,
        TeamRole.WORKER_PAIR_SOCIAL: tym_social_worker.pk,
    }


def test_a_worker_pair_place_of_the_wrong_sector_refuses_the_acceptance_whole(
    referral: Referral, coordinator: User, tym_social_worker: User
) -> None:
    with pytest.raises(errors.TeamMemberInvalid, match="työllisyyspalvelujen ammattilainen"):
        services.referral_accept(
            actor=coordinator,
            referral=referral,
            worker_pair={TeamRole.WORKER_PAIR_EMPLOYMENT: tym_social_worker},
        )

    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
    assert referral.relationship.phase == Phase.REFERRAL
    assert not referral.relationship.team.exists()
