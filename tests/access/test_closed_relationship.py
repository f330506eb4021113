"""A closed relationship stays readable, read-only, to those on its team when it ended (issue #11)."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import join_team, new_client, open_relationship
from yhteispolku.access.relations import Relation, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, Closure, ClosureReason, Phase
from yhteispolku.clients.models import JournalEntry
from yhteispolku.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(employment_expert: User) -> ClientRelationship:
    client = new_client(Organisation.objects.get(slug="satakunta-employment-area"))
    relationship = open_relationship(client, employment_expert.unit, phase=Phase.CLOSED)  # type: ignore[arg-type]
    ClientRelationship.objects.filter(pk=relationship.pk).update(
        ended_on=timezone.localdate() - timedelta(days=3)
    )
    relationship.refresh_from_db()
    join_team(relationship, employment_expert)
    Closure.objects.create(
        relationship=relationship,
        reason=ClosureReason.EMPLOYED,
        final_assessment="Työllistyi oppisopimukseen; tuen tarve päättyi.",
        recorded_by=employment_expert,
    )
    return relationship


def test_the_team_at_closure_reads_the_closed_case(
    closed: ClientRelationship, employment_expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(employment_expert)

    response = http.get(reverse("cases:detail", kwargs={"code": closed.client.code}))

    assert response.status_code == 200
    html = response.content.decode()
    assert closed.client.last_name in html
    assert "Työllistyi oppisopimukseen; tuen tarve päättyi." in html
    assert AccessEvent.objects.filter(
        actor=employment_expert, client_code=closed.client.code, allowed=True, purpose="tym_joint_work"
    ).exists()


def test_the_team_at_closure_writes_nothing(
    closed: ClientRelationship, employment_expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(employment_expert)

    response = http.post(
        reverse("clients:category", kwargs={"code": closed.client.code, "category": "employment"}),
        {"text": "Merkintä päättyneeseen asiakkuuteen."},
    )

    assert response.status_code == 403
    assert not JournalEntry.objects.filter(client=closed.client).exists()


def test_a_member_who_left_before_the_closure_no_longer_reaches_the_client(
    closed: ClientRelationship, social_worker: User
) -> None:
    member = join_team(closed, social_worker)
    member.left_on = closed.ended_on - timedelta(days=1)  # type: ignore[operator]
    member.save()

    assert relation_facts(actor=social_worker, client=closed.client).relation == Relation.NONE


def test_a_member_who_left_on_the_closing_day_was_on_the_team_at_closure(
    closed: ClientRelationship, social_worker: User
) -> None:
    member = join_team(closed, social_worker)
    member.left_on = closed.ended_on
    member.save()

    assert relation_facts(actor=social_worker, client=closed.client).relation == Relation.FORMER_CASE_TEAM


def test_an_open_relationship_outranks_a_closed_one(
    closed: ClientRelationship, employment_expert: User
) -> None:
    join_team(open_relationship(closed.client, employment_expert.unit), employment_expert)  # type: ignore[arg-type]

    assert relation_facts(actor=employment_expert, client=closed.client).relation == Relation.CASE_TEAM


def test_nobody_else_reaches_a_closed_case(closed: ClientRelationship, keusote_nurse: User) -> None:
    assert relation_facts(actor=keusote_nurse, client=closed.client).relation == Relation.NONE
