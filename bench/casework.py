"""The casework of the generated relationships: what the worklist's sources and the plan page read.

Without it the generator's clients have a team, consents and a journal but no plan, service, KUTY period,
consultation, application, document or to-do, so most due-item sources answer from empty tables and the
plan page shows its empty state: the benchmarks would measure the cheap case. The proportions follow the
demo (Maija, seed 002) and the seeds' descriptions of a TYM caseload; they are the benchmark's assumptions,
not statistics:

- mapping: a network or Kela consultation for a third, a to-do for a quarter, a document for half;
- planning: a draft plan (two services; the employment area has confirmed half of them);
- work and closing: a plan in force (two versions for 40 %, the first superseded at its review), job
  coaching with 1-3 participation records, KUTY for 30 % (with its period) or a Kela work trial for half
  of the teams with a Kela advisor, else adult social work; 1-2 consultations with a follow-up (half
  done); a Kela application for 40 % (half decided); 2-3 documents; a to-do for a quarter;
- closed: its last plan in force and one document.

Beside TYM, one open client in ten also has an employment-services relationship with its employment
plan. Everything is `bulk_create`d in batches; the dates are relative to the generation day, as the
relationships' are.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from yhteispolku.applications.models import BENEFIT_CATEGORIES, Application, Benefit, Decision
from yhteispolku.cases.models import ClientRelationship, Phase, TeamMember, TeamRole, Track
from yhteispolku.collaboration.models import (
    AgreedHow,
    ClientTodo,
    Consultation,
    ConsultationKind,
    FollowUpAction,
    MeetingMode,
    Participant,
    TodoKind,
)
from yhteispolku.documents.models import TYPE_CATEGORIES, Document, DocumentType
from yhteispolku.paths.models import KutySection, ServicePlan, ServicePlanKind
from yhteispolku.plans.models import (
    AcceptanceHow,
    AgreedService,
    ClientAcceptance,
    ClientTask,
    CommitmentConfirmation,
    Participation,
    ParticipationStatus,
    Plan,
    PlanType,
    PlanVersion,
    ServiceType,
    VersionStatus,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from yhteispolku.accounts.models import User

BATCH_SIZE = 2000
IN_FORCE_PHASES = (Phase.WORK, Phase.CLOSING)
GOALS = (
    "Tavoitteena palkkatyö kaupan alalta; työhönvalmennus tukee hakemista.",
    "Työ- ja toimintakyvyn selvittäminen; kuntouttava työtoiminta arjen rytmiin.",
    "Ammatillinen koulutus Kelan ammatillisena kuntoutuksena; opintojen tuki.",
)
FOLLOW_UPS = (
    "Pyydetään lääkärinlausunto terveysasemalta.",
    "Selvitetään työkokeilupaikka.",
    "Sovitaan Kelan haastattelu.",
)
DOCUMENTS = (
    (DocumentType.WORK_CERTIFICATE, "Työtodistus viimeisimmästä työsuhteesta."),
    (DocumentType.CLIENT_SELF_ASSESSMENT, "Asiakkaan oma arvio vahvuuksista ja tuen tarpeista."),
    (DocumentType.WORK_PERIOD_ASSESSMENT, "Työskentelyjakson arviointi: läsnäolo säännöllistä."),
    (DocumentType.MEDICAL_STATEMENT_B, "B-lausunto: työkyky heikentynyt, kuntoutus suositeltavaa."),
    (DocumentType.SCHOOL_CERTIFICATE, "Peruskoulun päättötodistus."),
)


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time().replace(hour=12)))


class Casework:
    """Adds the casework of one area's relationships; `count(name, n)` reports what it wrote."""

    def __init__(self, rng: random.Random, today: date, count: Callable[[str, int], None]) -> None:
        self.rng, self.today, self.count = rng, today, count
        self.service_types = {service.code: service for service in ServiceType.objects.all()}

    def add(self, relationships: list[ClientRelationship], teams: list[dict[str, User]]) -> None:
        worked = [
            (relationship, team)
            for relationship, team in zip(relationships, teams, strict=True)
            if team and relationship.phase != Phase.REFERRAL
        ]
        self._plans(worked)
        self._consultations([pair for pair in worked if pair[0].phase != Phase.CLOSED])
        self._applications_documents_todos(worked)
        self._other_tracks([pair for pair in worked if pair[0].phase in IN_FORCE_PHASES])

    # Plans ------------------------------------------------------------------------------------------

    def _plans(self, worked: list[tuple[ClientRelationship, dict[str, User]]]) -> None:
        rng, today = self.rng, self.today
        planned = [pair for pair in worked if pair[0].phase not in (Phase.MAPPING,)]
        plans = [
            Plan(relationship=relationship, plan_type=PlanType.MULTI_SECTORAL_PLAN)
            for relationship, _ in planned
        ]
        Plan.objects.bulk_create(plans, batch_size=BATCH_SIZE)
        versions: list[PlanVersion] = []
        for plan, (relationship, team) in zip(plans, planned, strict=True):
            made_on = min(relationship.started_on + timedelta(days=rng.randrange(60, 100)), today)
            if relationship.phase == Phase.PLANNING:
                versions.append(self._version(plan, 1, team, made_on, VersionStatus.DRAFT))
                continue
            reviewed = rng.random() < 0.4 and made_on + timedelta(days=120) < today
            versions.append(
                self._version(
                    plan, 1, team, made_on, VersionStatus.SUPERSEDED if reviewed else VersionStatus.IN_FORCE
                )
            )
            if reviewed:
                versions.append(
                    self._version(plan, 2, team, made_on + timedelta(days=90), VersionStatus.IN_FORCE)
                )
        PlanVersion.objects.bulk_create(versions, batch_size=BATCH_SIZE)
        self.count("plans", len(plans))
        self.count("plan versions", len(versions))
        teams = {relationship.pk: team for relationship, team in planned}
        services: list[AgreedService] = []
        tasks: list[ClientTask] = []
        confirmations: list[CommitmentConfirmation] = []
        acceptances: list[ClientAcceptance] = []
        for version in versions:
            team = teams[version.plan.relationship.pk]
            services += self._services(version, team)
            tasks.append(
                ClientTask(
                    version=version,
                    description="Pitää kirjaa päivärytmistä ja hakee kolmea työpaikkaa kuukaudessa.",
                    due_on=version.created_on + timedelta(days=21),
                    done=version.created_on + timedelta(days=21) < today,
                )
            )
            drafted = version.status == VersionStatus.DRAFT
            for sector in ("employment", "social"):
                if drafted and (sector == "social" or rng.random() < 0.5):
                    continue
                user = team[sector]
                confirmations.append(
                    CommitmentConfirmation(version=version, organisation=user.organisation, confirmed_by=user)
                )
            if not drafted:
                acceptances.append(
                    ClientAcceptance(
                        version=version,
                        accepted_on=version.created_on + timedelta(days=8),
                        how=AcceptanceHow.IN_PERSON,
                        recorded_by=team["social"],
                    )
                )
        AgreedService.objects.bulk_create(services, batch_size=BATCH_SIZE)
        ClientTask.objects.bulk_create(tasks, batch_size=BATCH_SIZE)
        CommitmentConfirmation.objects.bulk_create(confirmations, batch_size=BATCH_SIZE)
        ClientAcceptance.objects.bulk_create(acceptances, batch_size=BATCH_SIZE)
        self.count("agreed services", len(services))
        self.count("client tasks", len(tasks))
        self.count("plan confirmations", len(confirmations) + len(acceptances))
        self._delivery(services, teams)

    def _version(
        self, plan: Plan, number: int, team: dict[str, User], made_on: date, status: str
    ) -> PlanVersion:
        in_force = status != VersionStatus.DRAFT
        return PlanVersion(
            plan=plan,
            number=number,
            goals=self.rng.choice(GOALS),
            # R-TYM-2: reviewed every three months; a version in force has its next review ahead, or up to
            # two weeks overdue as some are in a real caseload.
            next_review_on=self.today + timedelta(days=self.rng.randrange(-14, 90))
            if status == VersionStatus.IN_FORCE
            else made_on + timedelta(days=90),
            status=status,
            created_by=team["employment"],
            created_on=made_on - timedelta(days=8),
            in_force_from=_moment(made_on) if in_force else None,
            superseded_at=_moment(made_on + timedelta(days=90))
            if status == VersionStatus.SUPERSEDED
            else None,
        )

    def _services(self, version: PlanVersion, team: dict[str, User]) -> list[AgreedService]:
        rng = self.rng
        starts_on = version.created_on + timedelta(days=14)
        expert, social = team["employment"], team["social"]
        rows = [
            AgreedService(
                version=version,
                service_type=self.service_types["job-coaching"],
                responsible_organisation=expert.organisation,
                responsible_professional=expert,
                starts_on=starts_on,
                ends_on=starts_on + timedelta(days=182),
                intensity="2 tapaamista viikossa",
            )
        ]
        if rng.random() < 0.3:
            rows.append(
                AgreedService(
                    version=version,
                    service_type=self.service_types["rehabilitative-work-activity"],
                    responsible_organisation=social.organisation,
                    responsible_professional=social,
                    starts_on=starts_on + timedelta(days=7),
                    ends_on=starts_on + timedelta(days=7 + 181),
                    intensity="3 päivää viikossa, 4 tuntia päivässä",
                )
            )
        elif "kela" in team and rng.random() < 0.5:
            rows.append(
                AgreedService(
                    version=version,
                    service_type=self.service_types["work-trial"],
                    responsible_organisation=team["kela"].organisation,
                    responsible_professional=team["kela"],
                    starts_on=starts_on + timedelta(days=30),
                    ends_on=starts_on + timedelta(days=30 + 90),
                )
            )
        else:
            rows.append(
                AgreedService(
                    version=version,
                    service_type=self.service_types["adult-social-work"],
                    responsible_organisation=social.organisation,
                    responsible_professional=social,
                    starts_on=starts_on,
                )
            )
        return rows

    def _delivery(self, services: list[AgreedService], teams: dict[int, dict[str, User]]) -> None:
        """Participation in the services of versions in force that have started, and each KUTY service's
        period (R-KUTY-1's six items)."""
        rng, today = self.rng, self.today
        records: list[Participation] = []
        sections: list[KutySection] = []
        for service in services:
            version = service.version
            if version.status != VersionStatus.IN_FORCE or service.starts_on > today:
                continue
            relationship = version.plan.relationship
            team = teams[relationship.pk]
            if service.service_type.is_kuty:
                ends_on = service.ends_on or service.starts_on + timedelta(days=181)
                sections.append(
                    KutySection(
                        relationship=relationship,
                        agreed_service=service,
                        goal="Arjen rytmi ja työelämävalmiuksien vahvistaminen.",
                        description="Kierrätyskeskuksen lajittelu- ja myymälätyöt.",
                        place="Kierrätyskeskus",
                        hours_per_day=4,
                        days_per_week=3,
                        starts_on=service.starts_on,
                        ends_on=ends_on,
                        support_and_guidance="Työnohjaaja päivittäin.",
                        other_services="Terveysaseman lääkäri.",
                        effects_assessed_by=min(service.starts_on + timedelta(days=90), ends_on),
                        owner_organisation=team["social"].organisation,
                        created_by=team["social"],
                    )
                )
            elif service.service_type.code == "job-coaching":
                for step in range(rng.randint(1, 3)):
                    on = min(service.starts_on + timedelta(days=30 * step), today)
                    records.append(
                        Participation(
                            plan=version.plan,
                            service=service,
                            lineage=service.lineage,
                            status=ParticipationStatus.ATTENDING if step else ParticipationStatus.STARTED,
                            on=on,
                            recorded_by=team["employment"],
                        )
                    )
        Participation.objects.bulk_create(records, batch_size=BATCH_SIZE)
        KutySection.objects.bulk_create(sections, batch_size=BATCH_SIZE)
        self.count("participation records", len(records))
        self.count("KUTY periods", len(sections))

    # Consultations ----------------------------------------------------------------------------------

    def _consultations(self, worked: list[tuple[ClientRelationship, dict[str, User]]]) -> None:
        rng, today = self.rng, self.today
        consultations: list[tuple[Consultation, dict[str, User]]] = []
        for relationship, team in worked:
            many = rng.randint(1, 2) if relationship.phase in IN_FORCE_PHASES else int(rng.random() < 1 / 3)
            for _ in range(many):
                day = relationship.started_on + timedelta(days=rng.randrange(10, 120))
                held = day < today
                kind = ConsultationKind.KELA if "kela" in team else ConsultationKind.NETWORK_MEETING
                organiser = team["employment"]
                consultations.append(
                    (
                        Consultation(
                            relationship=relationship,
                            kind=kind,
                            mode=rng.choice([MeetingMode.REMOTE, MeetingMode.IN_PERSON]),
                            scheduled_at=_moment(day),
                            agenda="Tilannekatsaus ja seuraavat askeleet.",
                            decisions="Sovittu jatkotoimet." if held else "",
                            agreed_with_client_on=day - timedelta(days=7),
                            agreed_how=AgreedHow.IN_PERSON,
                            agreement_recorded_by=organiser,
                            # R-CONS-1: most held ones are already gone through with the client.
                            reviewed_on=day + timedelta(days=7) if held and rng.random() < 0.7 else None,
                            reviewed_by=organiser if held else None,
                            organiser=organiser,
                            organisation=organiser.organisation,
                        ),
                        team,
                    )
                )
        rows = [consultation for consultation, _ in consultations]
        for row in rows:
            if row.reviewed_on is None:
                row.reviewed_by = None
        Consultation.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        participants: list[Participant] = []
        follow_ups: list[FollowUpAction] = []
        for consultation, team in consultations:
            for user in team.values():
                if user != consultation.organiser:
                    participants.append(
                        Participant(consultation=consultation, user=user, invited_by=consultation.organiser)
                    )
            if consultation.scheduled_at.date() < today:
                due_on = consultation.scheduled_at.date() + timedelta(days=14)
                done = due_on < today and rng.random() < 0.5
                follow_ups.append(
                    FollowUpAction(
                        consultation=consultation,
                        description=rng.choice(FOLLOW_UPS),
                        owner=team["social"],
                        due_on=due_on,
                        done_on=due_on if done else None,
                        done_by=team["social"] if done else None,
                        recorded_by=consultation.organiser,
                    )
                )
        Participant.objects.bulk_create(participants, batch_size=BATCH_SIZE)
        FollowUpAction.objects.bulk_create(follow_ups, batch_size=BATCH_SIZE)
        self.count("consultations", len(rows))
        self.count("consultation participants", len(participants))
        self.count("follow-up actions", len(follow_ups))

    # Applications, documents, to-dos ----------------------------------------------------------------

    def _applications_documents_todos(self, worked: list[tuple[ClientRelationship, dict[str, User]]]) -> None:
        rng, today = self.rng, self.today
        applications: list[Application] = []
        documents: list[Document] = []
        todos: list[ClientTodo] = []
        for relationship, team in worked:
            client, expert = relationship.client, team["employment"]
            working = relationship.phase in IN_FORCE_PHASES
            if working and rng.random() < 0.4:
                submitted_on = min(relationship.started_on + timedelta(days=rng.randrange(60, 200)), today)
                decided_on = submitted_on + timedelta(days=rng.randrange(7, 90))
                decided = decided_on < today and rng.random() < 0.5
                benefit = rng.choice(
                    [Benefit.AKSE, Benefit.KELA_WORK_TRIAL, Benefit.REHABILITATION_ALLOWANCE]
                )
                applications.append(
                    Application(
                        client=client,
                        benefit=benefit,
                        category=BENEFIT_CATEGORIES[benefit],
                        helped_by=team.get("kela", expert),
                        submitted_on=submitted_on,
                        decision=Decision.GRANTED if decided else "",
                        decided_on=decided_on if decided else None,
                        recorded_by=team.get("kela", expert),
                        organisation=team.get("kela", expert).organisation,
                    )
                )
            if relationship.phase == Phase.CLOSED:
                many = 1
            elif working:
                many = rng.randint(2, 3)
            else:
                many = int(rng.random() < 0.5)
            for document_type, summary in rng.sample(DOCUMENTS, many):
                author = team.get("health") if document_type == DocumentType.MEDICAL_STATEMENT_B else None
                recorder = author or expert
                documents.append(
                    Document(
                        client=client,
                        document_type=document_type,
                        category=TYPE_CATEGORIES[document_type],
                        dated_on=relationship.started_on + timedelta(days=rng.randrange(0, 60)),
                        author_organisation=recorder.organisation,
                        summary=summary,
                        recorded_by=recorder,
                        organisation=recorder.organisation,
                    )
                )
            if relationship.phase != Phase.CLOSED and rng.random() < 0.25:
                todos.append(
                    ClientTodo(
                        relationship=relationship,
                        kind=TodoKind.CERTIFICATE,
                        description="Toimita työtodistus viimeisimmästä työsuhteesta.",
                        deliver_to=expert.organisation,
                        due_on=today + timedelta(days=rng.randrange(-20, 30)),
                        requested_document_type=DocumentType.WORK_CERTIFICATE,
                        recorded_by=expert,
                    )
                )
        Application.objects.bulk_create(applications, batch_size=BATCH_SIZE)
        Document.objects.bulk_create(documents, batch_size=BATCH_SIZE)
        ClientTodo.objects.bulk_create(todos, batch_size=BATCH_SIZE)
        self.count("applications", len(applications))
        self.count("documents", len(documents))
        self.count("client to-dos", len(todos))

    # Other tracks -----------------------------------------------------------------------------------

    def _other_tracks(self, working: list[tuple[ClientRelationship, dict[str, User]]]) -> None:
        """Employment services beside TYM for one open client in ten, with its employment plan."""
        rng = self.rng
        chosen = [pair for pair in working if rng.random() < 0.1]
        relationships = [
            ClientRelationship(
                client=relationship.client,
                track=Track.EMPLOYMENT_SERVICES,
                responsible_organisation=relationship.responsible_organisation,
                responsible_unit=team["employment"].unit,
                phase=Phase.WORK,
                started_on=relationship.started_on - timedelta(days=rng.randrange(30, 200)),
            )
            for relationship, team in chosen
        ]
        ClientRelationship.objects.bulk_create(relationships, batch_size=BATCH_SIZE)
        members = [
            TeamMember(
                relationship=relationship,
                user=team["employment"],
                team_role=TeamRole.WORKER_PAIR_EMPLOYMENT,
                joined_on=relationship.started_on,
            )
            for relationship, (_tym, team) in zip(relationships, chosen, strict=True)
        ]
        TeamMember.objects.bulk_create(members, batch_size=BATCH_SIZE)
        plans = [
            ServicePlan(
                relationship=relationship,
                kind=ServicePlanKind.EMPLOYMENT_PLAN,
                number=1,
                made_on=relationship.started_on + timedelta(days=14),
                goals="Työnhaku kaupan alalle; työnhakuvelvollisuus 4 hakemusta kuukaudessa.",
                next_review_on=relationship.started_on + timedelta(days=14 + 90),
                responsible_professional=team["employment"],
                owner_organisation=team["employment"].organisation,
                created_by=team["employment"],
            )
            for relationship, (_tym, team) in zip(relationships, chosen, strict=True)
        ]
        ServicePlan.objects.bulk_create(plans, batch_size=BATCH_SIZE)
        self.count("employment-services relationships", len(relationships))
        self.count("employment plans", len(plans))
