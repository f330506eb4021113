"""SPEC §1: the TYM coordinator (and unit manager) of the responsible unit assigns the case team, without
being on it and without reaching the plan's text or its writes."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from yhteispolku.access.policy import AccessDenied
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases import services
from yhteispolku.cases.models import ClientRelationship, Phase, TeamMember, TeamRole

Http = Callable[[User], HttpClient]


def test_the_coordinator_names_and_ends_memberships_without_being_on_the_team(
    accepted: ClientRelationship, coordinator: User, kela_advisor: User, tym_social_worker: User
) -> None:
    assert not TeamMember.objects.filter(relationship=accepted, user=coordinator).exists()
    services.team_member_add(
        actor=coordinator, relationship=accepted, user=kela_advisor, team_role=TeamRole.MEMBER
    )
    member = TeamMember.objects.get(relationship=accepted, user=tym_social_worker)
    services.team_member_leave(actor=coordinator, member=member)
    current = set(
        TeamMember.objects.filter(relationship=accepted, left_on=None).values_list(
            "user__username", flat=True
        )
    )
    assert kela_advisor.username in current
    assert tym_social_worker.username not in current
    assert (
        AccessEvent.objects.filter(
            actor_id=coordinator.pk, object_type="cases.teammember", allowed=True
        ).count()
        == 2
    )


def test_the_coordinator_still_writes_nothing_else_of_the_case(
    accepted: ClientRelationship, coordinator: User
) -> None:
    with pytest.raises(AccessDenied):
        services.phase_transition(actor=coordinator, relationship=accepted, to_phase=Phase.PLANNING)
    assert ClientRelationship.objects.get(pk=accepted.pk).phase == Phase.MAPPING


def test_a_coordinator_of_another_unit_cannot_assign_the_team(
    accepted: ClientRelationship, make_professional: Callable[..., User], kela_advisor: User
) -> None:
    other = make_professional("tym_coordinator", "satakunta-wellbeing-county", "satakunta-wc-tym")
    from django.http import Http404

    with pytest.raises(Http404):
        services.team_member_add(
            actor=other, relationship=accepted, user=kela_advisor, team_role=TeamRole.MEMBER
        )
    assert not TeamMember.objects.filter(relationship=accepted, user=kela_advisor).exists()


def test_the_case_page_offers_the_coordinator_the_team_page(
    accepted: ClientRelationship, coordinator: User, verified_client: Http
) -> None:
    http = verified_client(coordinator)
    page = http.get(reverse("cases:detail", kwargs={"code": accepted.client.code})).content.decode()
    team_url = reverse("cases:team", kwargs={"code": accepted.client.code})
    assert team_url in page
    assert reverse("cases:phase", kwargs={"code": accepted.client.code}) not in page
    assert http.get(team_url).status_code == 200
