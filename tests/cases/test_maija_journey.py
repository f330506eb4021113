"""Maija's TYM journey (seed 002, SPEC §3) replayed through the cases services, start to closure."""

from collections.abc import Callable

from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import new_client, open_relationship
from tests.cases.conftest import put_plan_in_force
from yhteispolku.access.categories import Purpose
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases import services
from yhteispolku.cases.models import (
    ClientRelationship,
    ClosureReason,
    Phase,
    PhaseTransition,
    TeamMember,
    TeamRole,
    Track,
)
from yhteispolku.clients.services import consent_give
from yhteispolku.organisations.models import Organisation, Unit


def test_maija_is_referred_accepted_mapped_worked_with_and_handed_over_to_kela_vocational_rehabilitation(
    make_professional: Callable[..., User], verified_client: Callable[[User], HttpClient]
) -> None:
    # given: Maija is a jobseeker of the employment area's multisectoral services
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    county = Organisation.objects.get(slug="satakunta-wellbeing-county")
    kela = Organisation.objects.get(slug="kela")
    referrer = make_professional(
        "employment_expert", "satakunta-employment-area", "satakunta-ea-multisectoral"
    )
    tym_expert = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    social_worker = make_professional("social_worker", "satakunta-wellbeing-county", "satakunta-wc-tym")
    nurse = make_professional("public_health_nurse", "satakunta-wellbeing-county", "satakunta-wc-health")
    kela_advisor = make_professional("kela_work_ability_advisor", "kela", "kela-west")
    maija = new_client(employment_area)
    jobseeker = open_relationship(maija, Unit.objects.get(slug="satakunta-ea-multisectoral"))
    ClientRelationship.objects.filter(pk=jobseeker.pk).update(track=Track.EMPLOYMENT_SERVICES)
    TeamMember.objects.create(
        relationship=jobseeker,
        user=referrer,
        team_role=TeamRole.WORKER_PAIR_EMPLOYMENT,
        joined_on=jobseeker.started_on,
    )
    today = timezone.localdate()

    # when: the employment expert refers her to TYM, her health limiting employment (executive function)
    referral = services.referral_create(
        actor=referrer,
        client=maija,
        unit=Unit.objects.get(slug="satakunta-ea-tym"),
        work_capacity_limitations=True,
        life_management_problems=False,
        needs_multisectoral_support=True,
        public_services_suffice=False,
        need_not_long_or_intensive=False,
        description="27-vuotias, ammatillinen tutkinto, ei palkkatyökokemusta. Toiminnanohjauksen haasteet.",
    )
    # ... her pre-information form in her own words, and her consent for TYM joint work
    services.pre_information_record(
        actor=referrer,
        client=maija,
        relationship=referral.relationship,
        filled_on=today,
        situation="Asun perheen kanssa. Haluaisin töihin.",
        education="Lukion päättötodistus, ammatillinen tutkinto.",
        work_history="Ei palkkatyötä.",
        health="Minun on vaikea aloittaa ja suunnitella asioita.",
        wishes="Palkkatyö.",
    )
    consent_give(
        actor=referrer,
        client=maija,
        purpose=Purpose.TYM_JOINT_WORK,
        organisations=[employment_area, county, kela],
        categories=["basic", "employment", "social", "health", "kela"],
        given_how="written",
        given_on=today,
        valid_from=today,
    )
    # ... the TYM team accepts, names the worker pair, registers her with Kela; Kela and the nurse join
    relationship = services.referral_accept(actor=tym_expert, referral=referral)
    services.team_member_add(
        actor=tym_expert, relationship=relationship, user=social_worker, team_role=TeamRole.WORKER_PAIR_SOCIAL
    )
    services.team_member_add(
        actor=social_worker, relationship=relationship, user=nurse, team_role=TeamRole.MEMBER
    )
    services.team_member_add(
        actor=tym_expert, relationship=relationship, user=kela_advisor, team_role=TeamRole.MEMBER
    )
    services.kela_registration_record(actor=tym_expert, relationship=relationship, registered_on=today)

    # then: she is in the multi-sectoral mapping with her worker pair
    assert relationship.phase == Phase.MAPPING
    assert services.has_worker_pair(ClientRelationship.objects.get(pk=relationship.pk))

    # when: the plan is made and accepted (the plans app), TYM work runs, and the team closes the case
    relationship = services.phase_transition(
        actor=social_worker, relationship=relationship, to_phase=Phase.PLANNING
    )
    put_plan_in_force(relationship, tym_expert)
    relationship = services.phase_transition(actor=tym_expert, relationship=relationship, to_phase=Phase.WORK)
    relationship = services.phase_transition(
        actor=tym_expert,
        relationship=relationship,
        to_phase=Phase.CLOSING,
        note="Yhteisen arvion mukaan palvelujen yhteensovittamista ei enää tarvita.",
    )
    services.closure_record(
        actor=tym_expert,
        relationship=relationship,
        reason=ClosureReason.VOCATIONAL_REHABILITATION,
        reason_details="Jatkaa Kelan ammatillisessa kuntoutuksessa kohti koulutusta; osatyökykyinen.",
        final_assessment=(
            "Maija hyötyy selkeistä ja vaiheistetuista ohjeista ja rauhallisesta työympäristöstä. "
            "Kuntouttava työtoiminta ja räätälöity työhönvalmennus antoivat tietoa työ- ja toimintakyvystä."
        ),
        feedback_score=9,
        feedback_text="Sain tietoa omasta toimintakyvystäni.",
    )
    services.continuing_service_add(
        actor=tym_expert,
        relationship=relationship,
        service="Kelan ammatillinen kuntoutus (koulutus)",
        owner_organisation=kela,
        contact="Kelan TYM-työkykyneuvoja",
        notes="Saattaen vaihto sovittu Maijan ja hänen perheensä kanssa.",
    )
    for authority in (tym_expert, social_worker, kela_advisor):
        services.closure_confirm(actor=authority, relationship=relationship)
    relationship = services.phase_transition(
        actor=tym_expert, relationship=relationship, to_phase=Phase.CLOSED
    )

    # then: the relationship is closed, its history kept, and the team sees the handover on the case page
    assert relationship.phase == Phase.CLOSED
    history = PhaseTransition.objects.filter(relationship=relationship).values_list("to_phase", flat=True)
    assert list(history) == ["referral", "mapping", "planning", "work", "closing", "closed"]
    assert relationship.ended_on == today
    # The closed relationship no longer opens Maija's data to the TYM team; the referrer still works with her.
    page = verified_client(referrer).get(reverse("cases:detail", kwargs={"code": maija.code}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kelan ammatillinen kuntoutus (koulutus)" in text
    assert "Sain tietoa omasta toimintakyvystäni." in text
    assert "Päättynyt" in text
    assert AccessEvent.objects.filter(
        client_code=maija.code, object_type="cases.closure", allowed=True
    ).exists()
    assert AccessEvent.objects.filter(
        client_code=maija.code, object_type="cases.referral", action="create"
    ).exists()
