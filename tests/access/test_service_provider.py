"""The service provider's assignment (issue #11 policy defect; SPEC §1: providers "see only the assignment
they deliver, report attendance and feedback").

Maija's plan in force agrees job coaching from Esimerkkivalmennus and KUTY from the county; another
client's coaching by the same provider ended yesterday; a second provider coaches a third client. The
coach sees Maija's name and contact and the coaching, records attendance, and nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import join_team, new_client, open_relationship
from yhteispolku.access.policy import (
    ASSIGNMENT_OBJECT_TYPE,
    ATTENDANCE_OBJECT_TYPE,
    CONTACT_OBJECT_TYPE,
    decide,
)
from yhteispolku.access.relations import Relation, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, Phase
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.organisations.models import Organisation, Unit
from yhteispolku.plans.models import (
    AgreedService,
    Participation,
    Plan,
    PlanVersion,
    ServiceType,
    VersionStatus,
)

GOALS = "Tavoite: palkkatyö. Toiminnanohjauksen tuki."


@dataclass
class Setting:
    maija: Client
    relationship: ClientRelationship
    coaching: AgreedService
    kuty: AgreedService
    coach: User
    other_coach: User
    employment_expert: User
    ended_client: Client
    other_client: Client


def _plan_in_force(
    relationship: ClientRelationship, author: User, status: str = VersionStatus.IN_FORCE
) -> PlanVersion:
    plan = Plan.objects.create(relationship=relationship)
    return PlanVersion.objects.create(
        plan=plan,
        number=1,
        goals=GOALS,
        next_review_on=timezone.localdate() + timedelta(days=60),
        status=status,
        created_by=author,
        created_on=timezone.localdate() - timedelta(days=30),
        in_force_from=timezone.now() - timedelta(days=20) if status == VersionStatus.IN_FORCE else None,
    )


def _service(
    version: PlanVersion,
    provider: Organisation | None,
    starts_on: date,
    ends_on: date | None,
    code: str = "job-coaching",
    responsible: User | None = None,
) -> AgreedService:
    return AgreedService.objects.create(
        version=version,
        service_type=ServiceType.objects.get(code=code),
        responsible_organisation=Organisation.objects.get(slug="satakunta-employment-area"),
        provider=provider,
        responsible_professional=responsible,
        starts_on=starts_on,
        ends_on=ends_on,
        intensity="2 tapaamista viikossa",
        description="Räätälöity työhönvalmennus: vahvuudet ja haasteet.",
    )


def client_with_service(
    employment_expert: User, provider: Organisation, starts_on: date, ends_on: date | None, name: str
) -> tuple[Client, ClientRelationship, AgreedService]:
    client = new_client(employment_expert.organisation, first_names=name, last_name="Asiakas")  # type: ignore[arg-type]
    relationship = open_relationship(client, Unit.objects.get(slug="satakunta-ea-tym"), phase=Phase.WORK)
    join_team(relationship, employment_expert)
    version = _plan_in_force(relationship, employment_expert)
    return (
        client,
        relationship,
        _service(version, provider, starts_on, ends_on, responsible=employment_expert),
    )


@pytest.fixture
def setting(make_professional: Callable[..., User]) -> Setting:
    today = timezone.localdate()
    employment_expert = make_professional(
        "employment_expert",
        "satakunta-employment-area",
        "satakunta-ea-tym",
        first_name="Tiina",
        last_name="Työnen",
        phone="040 123 4567",
    )
    coach = make_professional("service_provider", "demo-valmennus", "demo-valmennus-tyohonvalmennus")
    other_coach = make_professional("service_provider", "toinen-valmennus", "toinen-valmennus-tyo")
    provider = coach.organisation
    assert provider is not None
    assert other_coach.organisation is not None
    maija = new_client(employment_expert.organisation)  # type: ignore[arg-type]
    maija.phone = "040 765 4321"
    maija.email = "maija@example.com"
    maija.save()
    relationship = open_relationship(maija, Unit.objects.get(slug="satakunta-ea-tym"), phase=Phase.WORK)
    join_team(relationship, employment_expert)
    version = _plan_in_force(relationship, employment_expert)
    coaching = _service(
        version,
        provider,
        today - timedelta(days=10),
        today + timedelta(days=80),
        responsible=employment_expert,
    )
    kuty = _service(version, None, today - timedelta(days=5), None, code="rehabilitative-work-activity")
    ended_client, _r, _s = client_with_service(
        employment_expert, provider, today - timedelta(days=90), today - timedelta(days=1), "Päättynyt"
    )
    other_client, _r, _s = client_with_service(
        employment_expert, other_coach.organisation, today - timedelta(days=3), None, "Toisen"
    )
    return Setting(
        maija=maija,
        relationship=relationship,
        coaching=coaching,
        kuty=kuty,
        coach=coach,
        other_coach=other_coach,
        employment_expert=employment_expert,
        ended_client=ended_client,
        other_client=other_client,
    )


@pytest.mark.django_db
def test_the_provider_relates_to_a_client_only_while_its_service_is_current(setting: Setting) -> None:
    assert relation_facts(actor=setting.coach, client=setting.maija).relation == Relation.SERVICE_PROVIDER
    assert relation_facts(actor=setting.coach, client=setting.ended_client).relation == Relation.NONE
    assert relation_facts(actor=setting.coach, client=setting.other_client).relation == Relation.NONE
    assert relation_facts(actor=setting.other_coach, client=setting.maija).relation == Relation.NONE
    # A service not yet started, a draft version and a closed relationship give no relation either.
    AgreedService.objects.filter(pk=setting.coaching.pk).update(
        starts_on=timezone.localdate() + timedelta(days=1)
    )
    assert relation_facts(actor=setting.coach, client=setting.maija).relation == Relation.NONE
    AgreedService.objects.filter(pk=setting.coaching.pk).update(starts_on=timezone.localdate())
    assert relation_facts(actor=setting.coach, client=setting.maija).relation == Relation.SERVICE_PROVIDER
    PlanVersion.objects.filter(pk=setting.coaching.version_id).update(status=VersionStatus.SUPERSEDED)
    assert relation_facts(actor=setting.coach, client=setting.maija).relation == Relation.NONE
    PlanVersion.objects.filter(pk=setting.coaching.version_id).update(status=VersionStatus.IN_FORCE)
    ClientRelationship.objects.filter(pk=setting.relationship.pk).update(phase=Phase.CLOSED)
    assert relation_facts(actor=setting.coach, client=setting.maija).relation == Relation.NONE


@pytest.mark.django_db
def test_the_last_day_of_the_service_still_counts(setting: Setting) -> None:
    AgreedService.objects.filter(pk=setting.coaching.pk).update(ends_on=timezone.localdate())
    assert relation_facts(actor=setting.coach, client=setting.maija).relation == Relation.SERVICE_PROVIDER


@pytest.mark.django_db
def test_the_policy_gives_the_provider_the_contact_and_the_assignment_only(setting: Setting) -> None:
    facts = relation_facts(actor=setting.coach, client=setting.maija)

    def allowed(action: Action, category: DataCategory, object_type: str = "") -> bool:
        return decide(
            actor=setting.coach, action=action, category=category, facts=facts, object_type=object_type
        ).allowed

    assert allowed(Action.VIEW, DataCategory.BASIC, CONTACT_OBJECT_TYPE)
    assert allowed(Action.VIEW, DataCategory.PLAN, ASSIGNMENT_OBJECT_TYPE)
    assert allowed(Action.CREATE, DataCategory.PLAN, ATTENDANCE_OBJECT_TYPE)
    # Not the rest of the basic data (identity code, address), not the plan, its text or any sector's data.
    assert not allowed(Action.UPDATE, DataCategory.BASIC, CONTACT_OBJECT_TYPE)
    assert not allowed(Action.EXPORT, DataCategory.BASIC, CONTACT_OBJECT_TYPE)
    assert not allowed(Action.UPDATE, DataCategory.PLAN, ASSIGNMENT_OBJECT_TYPE)
    for action in (Action.VIEW, Action.PRINT, Action.EXPORT):
        assert not allowed(action, DataCategory.BASIC)
        assert not allowed(action, DataCategory.PLAN)
        assert not allowed(action, DataCategory.PLAN, "cases.journalentry")
        assert not allowed(action, DataCategory.PLAN, "cases.referral")
        assert not allowed(action, DataCategory.PLAN, "cases.teammember")
        for category in (
            DataCategory.EMPLOYMENT,
            DataCategory.SOCIAL,
            DataCategory.HEALTH,
            DataCategory.KELA,
        ):
            assert not allowed(action, category)
    assert not allowed(Action.CREATE, DataCategory.PLAN, "plans.participation")


@pytest.mark.django_db
def test_the_provider_lists_its_current_assignment_and_nothing_else(
    setting: Setting, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(setting.coach)
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    response = http.get(reverse("plans:assignments"))

    assert response.status_code == 200
    body = response.content.decode()
    assert setting.maija.full_name in body
    assert "040 765 4321" in body
    assert "maija@example.com" in body
    assert "Työhönvalmennus" in body or str(setting.coaching.service_type) in body
    assert "2 tapaamista viikossa" in body
    assert "Tiina Työnen" in body
    assert "040 123 4567" in body
    assert setting.coaching.starts_on.strftime("%-d.%-m.%Y") in body
    assert setting.coaching.ends_on.strftime("%-d.%-m.%Y") in body  # type: ignore[union-attr]
    assert reverse("plans:assignment", kwargs={"lineage": setting.coaching.lineage}) in body
    # Not the plan's goals, the other service, the identity code, the ended or another provider's client.
    assert GOALS not in body
    assert str(setting.kuty.service_type) not in body
    assert "Räätälöity työhönvalmennus" not in body  # the plan's description of the service
    assert setting.maija.identity_code
    assert setting.maija.identity_code[:6] not in body  # neither the identity code nor its masked form
    assert setting.maija.masked_identity_code not in body
    assert setting.ended_client.first_names not in body
    assert setting.other_client.first_names not in body
    events = AccessEvent.objects.filter(id__gt=before, client_code=setting.maija.code, allowed=True)
    assert set(events.values_list("category", "object_type")) == {
        (DataCategory.BASIC.value, CONTACT_OBJECT_TYPE),
        (DataCategory.PLAN.value, ASSIGNMENT_OBJECT_TYPE),
    }
    assert set(events.values_list("purpose", flat=True)) == {"service_delivery"}
    assert not AccessEvent.objects.filter(id__gt=before, client_code=setting.ended_client.code).exists()


@pytest.mark.django_db
def test_another_provider_sees_its_own_and_not_maijas(
    setting: Setting, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(setting.other_coach)
    body = http.get(reverse("plans:assignments")).content.decode()
    assert setting.other_client.first_names in body
    assert setting.maija.first_names not in body

    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = http.get(reverse("plans:assignment", kwargs={"lineage": setting.coaching.lineage}))
    assert response.status_code == 404
    assert setting.maija.first_names not in response.content.decode()
    assert AccessEvent.objects.filter(
        id__gt=before, client_code=setting.maija.code, allowed=False, reason="no_relation"
    ).exists()
    response = http.post(
        reverse("plans:assignment", kwargs={"lineage": setting.coaching.lineage}),
        {"status": "attending", "on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 404
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_after_the_service_ended_the_assignment_is_gone(
    setting: Setting, verified_client: Callable[[User], HttpClient]
) -> None:
    AgreedService.objects.filter(pk=setting.coaching.pk).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    http = verified_client(setting.coach)
    assert setting.maija.first_names not in http.get(reverse("plans:assignments")).content.decode()
    url = reverse("plans:assignment", kwargs={"lineage": setting.coaching.lineage})
    assert http.get(url).status_code == 404
    assert http.post(url, {"status": "completed", "on": timezone.localdate().isoformat()}).status_code == 404
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_the_provider_opens_nothing_else_of_the_client(
    setting: Setting, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(setting.coach)
    code = setting.maija.code
    refused = [
        reverse("clients:detail", kwargs={"code": code}),  # the identity code and the rest of basic data
        reverse("clients:category", kwargs={"code": code, "category": "plan"}),  # the journal
        reverse("clients:category", kwargs={"code": code, "category": "employment"}),
        reverse("plans:detail", kwargs={"relationship_code": setting.relationship.code}),  # goals, services
        reverse("plans:version", kwargs={"relationship_code": setting.relationship.code, "number": 1}),
        reverse("cases:detail", kwargs={"code": code}),
    ]
    for url in refused:
        response = http.get(url)
        assert response.status_code in (403, 404), url
        body = response.content.decode()
        assert GOALS not in body, url
        assert setting.maija.last_name not in body, url
    # The client list and search reach no client for the provider.
    assert setting.maija.last_name not in http.get(reverse("clients:list") + "?q=Meik").content.decode()


@pytest.mark.django_db
def test_the_provider_records_attendance_and_feedback_audited(
    setting: Setting, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(setting.coach)
    url = reverse("plans:assignment", kwargs={"lineage": setting.coaching.lineage})
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    page = http.get(url)
    assert page.status_code == 200
    assert setting.maija.full_name in page.content.decode()
    assert GOALS not in page.content.decode()
    assert setting.maija.identity_code[:6] not in page.content.decode()  # type: ignore[index]
    read = AccessEvent.objects.filter(id__gt=before, client_code=setting.maija.code, allowed=True)
    assert set(read.values_list("action", "category", "object_type")) == {
        ("view", "plan", ASSIGNMENT_OBJECT_TYPE),
        ("view", "basic", CONTACT_OBJECT_TYPE),
    }

    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    today = timezone.localdate()
    response = http.post(
        url, {"status": "attending", "on": today.isoformat(), "note": "Tullut sovitusti, motivoitunut."}
    )
    assert response.status_code == 302
    assert response["Location"] == url
    record = Participation.objects.get()
    assert (record.service_id, record.status, record.on, record.recorded_by_id) == (
        setting.coaching.pk,
        "attending",
        today,
        setting.coach.pk,
    )
    assert record.note == "Tullut sovitusti, motivoitunut."
    assert AccessEvent.objects.filter(
        id__gt=before,
        client_code=setting.maija.code,
        allowed=True,
        action="create",
        category="plan",
        object_type=ATTENDANCE_OBJECT_TYPE,
        object_id=str(setting.coaching.lineage),
    ).exists()
    followed = http.get(url).content.decode()
    assert "Tullut sovitusti, motivoitunut." in followed

    # The worker pair sees the provider's feedback in the plan's follow-up.
    team = verified_client(setting.employment_expert)
    plan = team.get(
        reverse("plans:version", kwargs={"relationship_code": setting.relationship.code, "number": 1})
    )
    assert "Tullut sovitusti, motivoitunut." in plan.content.decode()


@pytest.mark.django_db
def test_attendance_cannot_be_recorded_for_the_future_or_before_the_start(
    setting: Setting, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(setting.coach)
    url = reverse("plans:assignment", kwargs={"lineage": setting.coaching.lineage})
    for day in (timezone.localdate() + timedelta(days=1), setting.coaching.starts_on - timedelta(days=1)):
        response = http.post(url, {"status": "attending", "on": day.isoformat()})
        assert response.status_code == 400
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_the_provider_only_sees_its_own_organisations_records(
    setting: Setting, verified_client: Callable[[User], HttpClient]
) -> None:
    Participation.objects.create(
        plan_id=setting.coaching.version.plan_id,
        service=setting.coaching,
        lineage=setting.coaching.lineage,
        status="started",
        on=timezone.localdate(),
        note="Työparin oma huomio asiakkaan tilanteesta.",
        recorded_by=setting.employment_expert,
    )
    http = verified_client(setting.coach)
    url = reverse("plans:assignment", kwargs={"lineage": setting.coaching.lineage})
    assert "Työparin oma huomio" not in http.get(url).content.decode()
    assert "Työparin oma huomio" not in http.get(reverse("plans:assignments")).content.decode()


@pytest.mark.django_db
def test_other_roles_get_no_assignment_pages(
    setting: Setting, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(setting.employment_expert)
    assert http.get(reverse("plans:assignments")).status_code == 403
    assert (
        http.get(reverse("plans:assignment", kwargs={"lineage": setting.coaching.lineage})).status_code == 404
    )


@pytest.mark.django_db
def test_the_assignment_list_takes_a_constant_number_of_queries(
    setting: Setting, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(setting.coach)
    http.get(reverse("plans:assignments"))  # warm the session and the caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert http.get(reverse("plans:assignments")).status_code == 200
        return len(queries)

    small = count()
    today = timezone.localdate()
    for number in range(6):
        client_with_service(
            setting.employment_expert, setting.coach.organisation, today, None, f"Lisä{number}"
        )  # type: ignore[arg-type]
    body = http.get(reverse("plans:assignments")).content.decode()
    assert "Lisä5" in body
    assert count() == small


@pytest.mark.django_db
def test_the_providers_front_page_and_menu_lead_to_the_assignments(
    setting: Setting, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(setting.coach)
    body = http.get("/").content.decode()
    assert body.count(f'href="{reverse("plans:assignments")}"') >= 2  # the menu and the front page
    assert reverse("plans:assignments") in http.get(reverse("worklist:worklist")).content.decode()
    # A professional's menu does not offer the provider's page.
    assert (
        reverse("plans:assignments")
        not in verified_client(setting.employment_expert).get("/").content.decode()
    )


@pytest.mark.django_db
def test_the_demo_coach_has_maijas_coaching_as_a_current_assignment(
    verified_client: Callable[[User], HttpClient],
) -> None:
    from yhteispolku.web.demo_data import load_demo

    clients = load_demo()
    http = verified_client(User.objects.get(username="palveluntuottaja"))
    body = http.get(reverse("plans:assignments")).content.decode()
    assert clients["maija"].full_name in body
    assert sum(name in body for name in (c.full_name for c in clients.values())) == 1
