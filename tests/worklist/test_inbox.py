"""The worklist as an inbox: what waits for a person's action, from the app that owns it.

Each source: the item appears for whom it is meant, disappears when done, and reads in the same number
of queries for 1, 10 or 50 relationships. The notice of a decided referral reaches its sender only,
and goes once acknowledged or after its days.
"""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import give_consent
from tests.worklist.conftest import Unit_
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases import deadlines as case_deadlines
from yhteispolku.cases import services as case_services
from yhteispolku.cases.models import ClientRelationship, Phase, Referral, Track
from yhteispolku.documents import deadlines as document_deadlines
from yhteispolku.documents.models import StatementRequest, StatementRequestStatus
from yhteispolku.organisations.models import Organisation
from yhteispolku.plans import deadlines as plan_deadlines
from yhteispolku.plans import services as plan_services
from yhteispolku.plans.models import AgreedService, Plan, PlanVersion, ServiceType, VersionStatus
from yhteispolku.rules.deadlines import sources
from yhteispolku.worklist import selectors
from yhteispolku.worklist.models import Acknowledgement

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def kinds(worklist: selectors.Worklist) -> set[tuple[str, str]]:
    return {(item.kind, item.client_name.split()[0]) for item in worklist.items}


def draft(tym: Unit_, relationship: ClientRelationship, *organisations: Organisation) -> PlanVersion:
    """A draft version with one agreed service for each organisation (its commitments)."""
    plan, _created = Plan.objects.get_or_create(relationship=relationship)
    version = PlanVersion.objects.create(
        plan=plan,
        number=plan.versions.count() + 1,
        next_review_on=today() + timedelta(days=90),
        status=VersionStatus.DRAFT,
        created_by=tym.employment_expert,
        created_on=today(),
    )
    service_type = ServiceType.objects.get(code="job-coaching")
    for organisation in organisations:
        AgreedService.objects.create(
            version=version,
            service_type=service_type,
            responsible_organisation=organisation,
            starts_on=today(),
        )
    return version


def test_the_new_sources_are_registered() -> None:
    registered = sources()
    for source in (
        case_deadlines.referral_decisions,
        plan_deadlines.plan_approvals,
        document_deadlines.statement_requests_to_send,
    ):
        assert source in registered


def test_each_authority_confirms_its_own_commitments_then_the_acceptance_waits(tym: Unit_) -> None:
    maija = tym.case(first_names="Maija")
    wellbeing = tym.social_worker.organisation
    assert wellbeing is not None
    version = draft(tym, maija, tym.organisation, wellbeing)
    # Each worker of the pair sees their own authority's confirmation, not the other's.
    expert = selectors.worklist_for(actor=tym.employment_expert, today=today())
    social = selectors.worklist_for(actor=tym.social_worker, today=today())
    assert kinds(expert) == {("plan_commitments", "Maija")}
    assert kinds(social) == {("plan_commitments", "Maija")}
    assert tym.organisation.name in expert.items[0].label
    assert wellbeing.name in social.items[0].label
    assert expert.items[0].url == reverse(
        "plans:version", kwargs={"relationship_code": maija.code, "number": version.number}
    )
    plan_services.commitment_confirm(
        actor=tym.employment_expert, version=version, organisation=tym.organisation
    )
    assert kinds(selectors.worklist_for(actor=tym.employment_expert, today=today())) == set()
    assert kinds(selectors.worklist_for(actor=tym.social_worker, today=today())) == {
        ("plan_commitments", "Maija")
    }
    plan_services.commitment_confirm(actor=tym.social_worker, version=version, organisation=wellbeing)
    # All confirmed: the whole team records the client's acceptance.
    for actor in (tym.employment_expert, tym.social_worker):
        assert kinds(selectors.worklist_for(actor=actor, today=today())) == {("plan_acceptance", "Maija")}
    plan_services.plan_accept(actor=tym.social_worker, version=version, accepted_on=today(), how="in_person")
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_FORCE
    assert "plan_acceptance" not in {
        i.kind for i in selectors.worklist_for(actor=tym.social_worker, today=today()).items
    }


def test_the_unit_view_counts_a_confirmation_for_the_authoritys_people_only(tym: Unit_) -> None:
    maija = tym.case(first_names="Maija")
    draft(tym, maija, tym.organisation)
    unit = selectors.worklist_for(actor=tym.coordinator, today=today())
    assert kinds(unit) == {("plan_commitments", "Maija")}
    counted = {row.user.pk: row.this_week + row.overdue for row in unit.per_professional}
    assert counted == {tym.employment_expert.pk: 1}


def test_a_draft_without_services_waits_for_nothing(tym: Unit_) -> None:
    draft(tym, tym.case())
    assert plan_deadlines.plan_approvals([ClientRelationship.objects.get().pk], today()) == []


def _referral_by(tym: Unit_, sender: User) -> ClientRelationship:
    """Aino's referral by `sender`, who also works with her on her own track (employment services)."""
    relationship = tym.referral(first_names="Aino")
    Referral.objects.filter(relationship=relationship).update(referred_by=sender)
    own = ClientRelationship.objects.create(
        client=relationship.client,
        track=Track.EMPLOYMENT_SERVICES,
        responsible_organisation=tym.organisation,
        responsible_unit=sender.unit,
        phase=Phase.WORK,
        started_on=date(2026, 1, 1),
    )
    from tests.access.conftest import join_team

    join_team(own, sender)
    return relationship


def test_the_referrer_hears_of_the_decision_until_acknowledged(
    tym: Unit_, verified_client: Callable[[User], HttpClient]
) -> None:
    aino = _referral_by(tym, tym.other_expert)
    assert selectors.worklist_for(actor=tym.other_expert, today=today()).notices == []
    # The receiving unit decides the referral on its list; the decision leaves it.
    assert ("referral_pending", "Aino") in kinds(
        selectors.worklist_for(actor=tym.intake_expert, today=today())
    )
    referral = Referral.objects.get(relationship=aino)
    case_services.referral_decline(
        actor=tym.coordinator,
        referral=referral,
        reason="Työllisyyspalvelut riittävät.",
        suggested_alternative="employment_services",
    )
    assert ("referral_pending", "Aino") not in kinds(
        selectors.worklist_for(actor=tym.intake_expert, today=today())
    )
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first()
    worklist = selectors.worklist_for(actor=tym.other_expert, today=today())
    [notice] = worklist.notices
    assert (notice.kind, notice.label, notice.due_on) == (
        "referral_declined",
        "Lähettämäsi lähete hylättiin",
        today(),
    )
    assert notice not in worklist.items  # news, not a due item: never overdue
    assert AccessEvent.objects.filter(id__gt=before, client_code=aino.client.code).count() == 1
    # Nobody else hears of it: not the unit, nor the coordinator looking at the referrer's list.
    assert selectors.worklist_for(actor=tym.coordinator, today=today()).notices == []
    assert selectors.worklist_for(actor=tym.intake_expert, today=today()).notices == []
    # The notice ends after its days.
    later = today() + timedelta(days=case_deadlines.REFERRAL_NOTICE_DAYS + 1)
    assert selectors.worklist_for(actor=tym.other_expert, today=later).notices == []
    # Or when the referrer acknowledges it on the page.
    http = verified_client(tym.other_expert)
    page = http.get(reverse("worklist:worklist")).content.decode()
    assert "Lähettämäsi lähete hylättiin" in page
    key = selectors.item_key(notice)
    assert http.post(reverse("worklist:acknowledge"), {"asia": key}).status_code == 302
    assert Acknowledgement.objects.filter(user=tym.other_expert, item_key=key).exists()
    assert selectors.worklist_for(actor=tym.other_expert, today=today()).notices == []
    assert http.post(reverse("worklist:acknowledge"), {"asia": "made-up"}).status_code == 404


def test_no_notice_names_a_client_the_referrer_no_longer_works_with(tym: Unit_) -> None:
    aino = _referral_by(tym, tym.other_expert)
    ClientRelationship.objects.filter(client=aino.client, track=Track.EMPLOYMENT_SERVICES).update(
        phase=Phase.CLOSED
    )
    Referral.objects.filter(relationship=aino).update(
        status=Referral.Status.DECLINED,
        decided_at=timezone.now(),
        decided_by=tym.coordinator,
        decline_reason="Työllisyyspalvelut riittävät.",
        suggested_alternative=Track.EMPLOYMENT_SERVICES,
    )
    ClientRelationship.objects.filter(pk=aino.pk).update(phase=Phase.DECLINED)
    assert selectors.worklist_for(actor=tym.other_expert, today=today()).notices == []


def test_an_accepted_referral_tells_the_referrer_on_the_team(tym: Unit_) -> None:
    aino = _referral_by(tym, tym.other_expert)
    give_consent(aino.client, [tym.organisation, tym.social_worker.organisation], tym.other_expert)
    case_services.referral_accept(actor=tym.intake_expert, referral=Referral.objects.get(relationship=aino))
    [notice] = selectors.worklist_for(actor=tym.other_expert, today=today()).notices
    assert notice.kind == "referral_accepted"
    assert notice.owner_id == tym.other_expert.pk


def _statement_request(tym: Unit_, relationship: ClientRelationship, contact: User) -> StatementRequest:
    return StatementRequest.objects.create(
        client=relationship.client,
        relationship=relationship,
        statement_type="B",
        addressed_to="Terveysaseman lääkäri",
        applied_for="Ammatillinen kuntoutus",
        reason="Kela tarvitsee lausunnon.",
        contact=contact,
        letter="Hyvä lääkäri, …",
        recorded_by=tym.employment_expert,
        organisation=tym.organisation,
    )


def test_the_contact_person_sends_the_drafted_statement_request(tym: Unit_) -> None:
    maija = tym.case(first_names="Maija")
    request = _statement_request(tym, maija, tym.social_worker)
    assert kinds(selectors.worklist_for(actor=tym.social_worker, today=today())) == {
        ("statement_request_to_send", "Maija")
    }
    [item] = selectors.worklist_for(actor=tym.social_worker, today=today()).items
    assert item.label == "Lähetä lausuntopyyntö (B-lausunto)"
    assert "Hyvä lääkäri" not in item.label
    assert kinds(selectors.worklist_for(actor=tym.employment_expert, today=today())) == set()
    StatementRequest.objects.filter(pk=request.pk).update(status=StatementRequestStatus.SENT, sent_on=today())
    assert kinds(selectors.worklist_for(actor=tym.social_worker, today=today())) == set()


def _fill(tym: Unit_, count: int) -> list[int]:
    wellbeing = tym.social_worker.organisation
    assert wellbeing is not None
    ids = []
    for index in range(count):
        relationship = tym.case(first_names=f"Asiakas{index}")
        version = draft(tym, relationship, tym.organisation, wellbeing)
        if index % 2:
            plan_services.commitment_confirm(
                actor=tym.employment_expert, version=version, organisation=tym.organisation
            )
            plan_services.commitment_confirm(actor=tym.social_worker, version=version, organisation=wellbeing)
        _statement_request(tym, relationship, tym.social_worker)
        referred = _referral_by(tym, tym.other_expert)
        Referral.objects.filter(relationship=referred).update(
            status=Referral.Status.DECLINED,
            decided_at=timezone.now(),
            decided_by=tym.coordinator,
            decline_reason="Työllisyyspalvelut riittävät.",
            suggested_alternative=Track.EMPLOYMENT_SERVICES,
        )
        ids += [relationship.pk, referred.pk]
    return ids


def _source_queries(ids: list[int]) -> dict[str, int]:
    counts = {}
    for source in (
        plan_deadlines.plan_approvals,
        case_deadlines.referral_decisions,
        document_deadlines.statement_requests_to_send,
    ):
        with CaptureQueriesContext(connection) as captured:
            assert list(source(ids, today()))
        counts[source.__name__] = len(captured)
    return counts


def _worklist_queries(actor: User) -> int:
    selectors.worklist_for(actor=actor, today=today())  # rule caches warm
    with CaptureQueriesContext(connection) as captured:
        selectors.worklist_for(actor=actor, today=today())
    return len(captured)


def test_the_inbox_sources_cost_the_same_queries_for_1_10_and_50_relationships(tym: Unit_) -> None:
    ids = _fill(tym, 1)
    one = _source_queries(ids)
    assert one == {"plan_approvals": 3, "referral_decisions": 1, "statement_requests_to_send": 1}
    lists = {
        actor.pk: _worklist_queries(actor) for actor in (tym.social_worker, tym.other_expert, tym.coordinator)
    }
    ids += _fill(tym, 9)
    assert _source_queries(ids) == one
    assert {
        actor.pk: _worklist_queries(actor) for actor in (tym.social_worker, tym.other_expert, tym.coordinator)
    } == lists
    ids += _fill(tym, 40)
    assert _source_queries(ids) == one
    assert {
        actor.pk: _worklist_queries(actor) for actor in (tym.social_worker, tym.other_expert, tym.coordinator)
    } == lists
    inbox = selectors.worklist_for(actor=tym.other_expert, today=today())
    assert len(inbox.notices) == 50


def test_reminders_go_to_the_authoritys_people_and_never_for_a_notice(tym: Unit_) -> None:
    from yhteispolku.worklist.models import Reminder
    from yhteispolku.worklist.services import reminders_record

    maija = tym.case(first_names="Maija")
    draft(tym, maija, tym.organisation)
    aino = _referral_by(tym, tym.employment_expert)
    Referral.objects.filter(relationship=aino).update(
        status=Referral.Status.DECLINED,
        decided_at=timezone.now(),
        decided_by=tym.coordinator,
        decline_reason="Työllisyyspalvelut riittävät.",
        suggested_alternative=Track.EMPLOYMENT_SERVICES,
    )
    ClientRelationship.objects.filter(pk=aino.pk).update(phase=Phase.DECLINED)
    assert reminders_record(today=today()) == 1
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.recipient_id) == ("plan_commitments", tym.employment_expert.pk)
