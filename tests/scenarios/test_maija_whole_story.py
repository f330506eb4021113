"""Maija's whole story from seed 002, through the services of every app, as the TYM network lives it.

Pre-information form, referral, consent, worker pair, multi-sectoral mapping with the health-check
referral and the Kela consultation that finds a medical statement is needed, the plan with tailored
job coaching and six months of rehabilitative work activity (KUTY), TYM work, the second Kela and
nurse consultation, vocational rehabilitation applied for and granted, the rehabilitation feedback,
and closure with a warm handover to Kela vocational rehabilitation toward education. Applications to
Kela are recorded as Kela journal entries until the network-work issue gives them their own records.
"""

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.assessments import services as assessments
from yhteispolku.assessments.models import MappingActionKind, StatementType
from yhteispolku.assessments.selectors import mapping_summary
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.verification import verify_chain
from yhteispolku.cases import services as cases
from yhteispolku.cases.models import (
    ClientRelationship,
    ClosureReason,
    Phase,
    PhaseTransition,
    TeamMember,
    TeamRole,
    Track,
)
from yhteispolku.clients.services import consent_give, journal_entry_create
from yhteispolku.core.categories import DataCategory, Purpose
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.plans import services as plans
from yhteispolku.plans.models import ParticipationStatus, ServiceType, VersionStatus
from yhteispolku.plans.selectors import has_plan_in_force


def _noon(day: date) -> datetime:
    """Midday of `day` in Helsinki: a jump of whole days from the moment the test runs would land on the
    next local day when it runs late in the evening and the jump crosses into summer time."""
    return timezone.make_aware(datetime.combine(day, time(12)))


def test_maijas_whole_story_from_referral_to_warm_handover(
    make_professional: Callable[..., User], verified_client: Callable[[User], HttpClient]
) -> None:
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    county = Organisation.objects.get(slug="satakunta-wellbeing-county")
    kela = Organisation.objects.get(slug="kela")
    referrer = make_professional(
        "employment_expert", "satakunta-employment-area", "satakunta-ea-multisectoral"
    )
    expert = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    social_worker = make_professional("social_worker", "satakunta-wellbeing-county", "satakunta-wc-tym")
    nurse = make_professional("public_health_nurse", "satakunta-wellbeing-county", "satakunta-wc-health")
    kela_advisor = make_professional("kela_work_ability_advisor", "kela", "kela-west")
    start = timezone.localdate()

    # Maija, 27, a jobseeker of the multisectoral services, fills the pre-information form.
    maija = new_client(employment_area)
    jobseeker = open_relationship(maija, Unit.objects.get(slug="satakunta-ea-multisectoral"))
    ClientRelationship.objects.filter(pk=jobseeker.pk).update(track=Track.EMPLOYMENT_SERVICES)
    TeamMember.objects.create(
        relationship=jobseeker, user=referrer, team_role=TeamRole.WORKER_PAIR_EMPLOYMENT, joined_on=start
    )
    referral = cases.referral_create(
        actor=referrer,
        client=maija,
        unit=Unit.objects.get(slug="satakunta-ea-tym"),
        work_capacity_limitations=True,
        life_management_problems=False,
        needs_multisectoral_support=True,
        public_services_suffice=False,
        need_not_long_or_intensive=False,
        description="Ammatillinen tutkinto, ei palkkatyökokemusta; toiminnanohjauksen haasteet.",
    )
    cases.pre_information_record(
        actor=referrer,
        client=maija,
        relationship=referral.relationship,
        filled_on=start,
        situation="Asun perheen kanssa.",
        education="Lukion päättötodistus ilman ylioppilastutkintoa, ammatillinen tutkinto.",
        work_history="Ei palkkatyötä.",
        health="Minun on vaikea aloittaa ja suunnitella asioita.",
        wishes="Haluan palkkatyöhön.",
    )
    consent_give(
        actor=referrer,
        client=maija,
        purpose=Purpose.TYM_JOINT_WORK,
        organisations=[employment_area, county, kela],
        categories=["basic", "employment", "social", "health", "kela"],
        given_how="written",
        given_on=start,
        valid_from=start,
    )

    # The TYM team accepts; the worker pair is named; the nurse and Kela's advisor join.
    relationship = cases.referral_accept(actor=expert, referral=referral)
    cases.team_member_add(
        actor=expert, relationship=relationship, user=social_worker, team_role=TeamRole.WORKER_PAIR_SOCIAL
    )
    cases.team_member_add(
        actor=social_worker, relationship=relationship, user=nurse, team_role=TeamRole.MEMBER
    )
    cases.team_member_add(
        actor=expert, relationship=relationship, user=kela_advisor, team_role=TeamRole.MEMBER
    )
    cases.kela_registration_record(actor=expert, relationship=relationship, registered_on=start)
    assert relationship.phase == Phase.MAPPING
    # The referring expert, who knows her, stays on the case in the TYM team.
    team = dict(
        TeamMember.objects.filter(relationship=relationship, left_on=None).values_list("user", "team_role")
    )
    assert team == {
        expert.pk: TeamRole.WORKER_PAIR_EMPLOYMENT,
        referrer.pk: TeamRole.MEMBER,
        social_worker.pk: TeamRole.WORKER_PAIR_SOCIAL,
        nurse.pk: TeamRole.MEMBER,
        kela_advisor.pk: TeamRole.MEMBER,
    }

    # Mapping: the worker pair's assessments, the health-check referral, the Kela consultation.
    assessments.assessment_record(
        actor=social_worker, relationship=relationship, sector="social", assessed_on=start,
        findings="Palvelutarpeen arvio: asuu perheen kanssa; toiminnanohjauksen haasteet.",
        needs="Arjen tuki, tieto työ- ja toimintakyvystä.",
    )  # fmt: skip
    assessments.assessment_record(
        actor=expert, relationship=relationship, sector="employment", assessed_on=start,
        findings="Ammatillinen tutkinto, ei palkkatyökokemusta.", needs="Räätälöity työhönvalmennus.",
    )  # fmt: skip
    health_check = assessments.mapping_action_record(
        actor=social_worker, relationship=relationship, kind=MappingActionKind.HEALTH_CHECK_REFERRAL,
        planned_on=start, responsible=nurse,
    )  # fmt: skip
    assessments.mapping_action_complete(
        actor=nurse, mapping_action=health_check, done_on=start, outcome="Terveystarkastus tehty.",
        expected_version=health_check.version,
    )  # fmt: skip
    consultation = assessments.mapping_action_record(
        actor=expert, relationship=relationship, kind=MappingActionKind.KELA_CONSULTATION,
        planned_on=start, responsible=kela_advisor,
    )  # fmt: skip
    assessments.mapping_action_complete(
        actor=kela_advisor, mapping_action=consultation, done_on=start,
        outcome="Tiedot käyty läpi yhdessä; ammatilliseen kuntoutukseen tarvitaan lääkärinlausunto.",
        expected_version=consultation.version, medical_statement_needed=True, statement_type=StatementType.B,
    )  # fmt: skip
    summary = mapping_summary(actor=expert, relationship=relationship)
    assert {"employment", "social"} <= {str(sector) for sector, done in summary.assessed.items() if done}
    assert [action.statement_type for action in summary.statements_needed] == [StatementType.B]

    # The plan: tailored job coaching (employment area) and six months of KUTY (county).
    relationship = cases.phase_transition(
        actor=social_worker, relationship=relationship, to_phase=Phase.PLANNING
    )
    kuty_start = start + timedelta(days=14)
    version = plans.plan_version_create(
        actor=expert,
        relationship=relationship,
        based_on_version_number=0,
        data={
            "goals": "Palkkatyö; tieto työ- ja toimintakyvystä; ammatillisen kuntoutuksen tarve selville.",
            "add_services": [
                {
                    "service_type": ServiceType.objects.get(code="job-coaching"),
                    "responsible_organisation": employment_area, "provider": None,
                    "responsible_professional": expert, "starts_on": start, "ends_on": None,
                    "intensity": "2 tapaamista viikossa", "description": "Räätälöity työhönvalmennus",
                },
                {
                    "service_type": ServiceType.objects.get(code="rehabilitative-work-activity"),
                    "responsible_organisation": county, "provider": None, "responsible_professional": None,
                    "starts_on": kuty_start, "ends_on": kuty_start + timedelta(days=182),
                    "intensity": "3 päivää viikossa, 4 tuntia päivässä",
                    "description": "Kuntouttava työtoiminta 6 kk: arjen mielekäs toiminta, tietoa työkyvystä",
                },
            ],
        },
    )  # fmt: skip
    plans.commitment_confirm(actor=expert, version=version, organisation=employment_area)
    plans.commitment_confirm(actor=social_worker, version=version, organisation=county)
    plans.plan_accept(actor=social_worker, version=version, accepted_on=start, how="in_person")
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_FORCE
    assert has_plan_in_force(relationship)
    relationship = cases.phase_transition(actor=expert, relationship=relationship, to_phase=Phase.WORK)

    # TYM work: KUTY runs; Kela and the nurse are consulted again; rehabilitation is applied and granted.
    with time_machine.travel(_noon(start + timedelta(days=45)), tick=False):
        kuty = version.services.get(service_type__code="rehabilitative-work-activity")
        plans.participation_record(
            actor=social_worker, service=kuty, status=ParticipationStatus.ATTENDING, on=timezone.localdate(),
            note="Osallistuu säännöllisesti.",
        )  # fmt: skip
        second = assessments.mapping_action_record(
            actor=expert, relationship=relationship, kind=MappingActionKind.KELA_CONSULTATION,
            planned_on=timezone.localdate(), responsible=kela_advisor,
            description="Uusi konsultaatio Kelan ja terveydenhoitajan kanssa.",
        )  # fmt: skip
        assessments.mapping_action_complete(
            actor=kela_advisor, mapping_action=second, done_on=timezone.localdate(),
            outcome="B-lausunto saatu; haetaan ammatillista kuntoutusta.", expected_version=second.version,
        )  # fmt: skip
        journal_entry_create(
            actor=kela_advisor, client=maija, category=DataCategory.KELA,
            text="Ammatillisen kuntoutuksen hakemus lähetetty Kelaan (liitteenä B-lausunto).",
        )  # fmt: skip
    with time_machine.travel(_noon(start + timedelta(days=300)), tick=False):
        journal_entry_create(
            actor=kela_advisor, client=maija, category=DataCategory.KELA,
            text="Kela myönsi ammatillisen kuntoutuksen. Kuntoutuspalaute: Maija hyötyy selkeistä ja "
            "vaiheistetuista ohjeista ja rauhallisesta työympäristöstä; pystyvyyden tunne vahvistui.",
        )  # fmt: skip

        # Closure: the joint assessment, the warm handover, the written final assessment, feedback.
        relationship = cases.phase_transition(
            actor=expert, relationship=relationship, to_phase=Phase.CLOSING,
            note="Yhteisen arvion mukaan palvelujen yhteensovittamista ei enää tarvita.",
        )  # fmt: skip
        cases.closure_record(
            actor=expert, relationship=relationship, reason=ClosureReason.VOCATIONAL_REHABILITATION,
            reason_details="Jatkaa Kelan ammatillisessa kuntoutuksessa kohti koulutusta; osatyökykyinen.",
            final_assessment="Maija hyötyy selkeistä, vaiheistetuista ohjeista; kuntoutus jatkuu.",
            feedback_score=9, feedback_text="Sain tietoa omasta toimintakyvystäni.",
        )  # fmt: skip
        cases.continuing_service_add(
            actor=expert, relationship=relationship, service="Kelan ammatillinen kuntoutus (koulutus)",
            owner_organisation=kela, contact="Kelan TYM-työkykyneuvoja",
            notes="Saattaen vaihto sovittu Maijan ja hänen perheensä kanssa.",
        )  # fmt: skip
        for authority in (expert, social_worker, kela_advisor):
            cases.closure_confirm(actor=authority, relationship=relationship)
        relationship = cases.phase_transition(actor=expert, relationship=relationship, to_phase=Phase.CLOSED)

    assert relationship.phase == Phase.CLOSED
    assert relationship.ended_on == start + timedelta(days=300)
    history = PhaseTransition.objects.filter(relationship=relationship).values_list("to_phase", flat=True)
    assert list(history) == ["referral", "mapping", "planning", "work", "closing", "closed"]
    # Closed, the case no longer opens Maija's data to the TYM team; the referrer, still working with her
    # in employment services, sees the handover and her feedback on the case page.
    page = verified_client(referrer).get(reverse("cases:detail", kwargs={"code": maija.code}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Kelan ammatillinen kuntoutus (koulutus)" in text
    assert "Sain tietoa omasta toimintakyvystäni." in text
    assert "Päättynyt" in text
    # Every step left its trace in an intact access log.
    written = AccessEvent.objects.filter(client_code=maija.code, allowed=True).exclude(action="view")
    assert {"cases.referral", "plans.planversion", "cases.closure"} <= set(
        written.values_list("object_type", flat=True)
    )
    assert verify_chain().is_intact
