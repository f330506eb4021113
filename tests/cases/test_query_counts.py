"""The case page reads a constant number of rows whatever the size of the team or the history."""

from collections.abc import Callable

from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.conftest import put_plan_in_force
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases import services
from yhteispolku.cases.models import ClientRelationship, Phase, TeamRole


def queries_for_case_page(http: HttpClient, relationship: ClientRelationship) -> int:
    url = reverse("cases:detail", kwargs={"code": relationship.client.code})
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_case_page_does_not_grow_with_the_team_or_the_history(
    accepted: ClientRelationship,
    tym_expert: User,
    make_professional: Callable[..., User],
    verified_client: Callable[[User], HttpClient],
) -> None:
    http = verified_client(tym_expert)
    queries_for_case_page(http, accepted)  # the session and the first-request caches
    before = queries_for_case_page(http, accepted)
    for role, org, unit in (
        ("public_health_nurse", "satakunta-wellbeing-county", "satakunta-wc-health"),
        ("kela_work_ability_advisor", "kela", "kela-west"),
        ("psychologist", "satakunta-wellbeing-county", "satakunta-wc-health"),
    ):
        services.team_member_add(
            actor=tym_expert,
            relationship=accepted,
            user=make_professional(role, org, unit),
            team_role=TeamRole.MEMBER,
        )
    put_plan_in_force(accepted, tym_expert)
    relationship = accepted
    for target in (Phase.PLANNING, Phase.WORK, Phase.PLANNING, Phase.WORK):
        relationship = services.phase_transition(actor=tym_expert, relationship=relationship, to_phase=target)
    assert queries_for_case_page(http, relationship) == before


def test_the_case_page_writes_its_audit_entries_in_one_insert(
    accepted: ClientRelationship, tym_expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(tym_expert)
    url = reverse("cases:detail", kwargs={"code": accepted.client.code})
    http.get(url)  # the session and the first-request caches
    before = AccessEvent.objects.count()

    with CaptureQueriesContext(connection) as captured:
        assert http.get(url).status_code == 200

    inserts = [
        query["sql"] for query in captured if query["sql"].startswith('INSERT INTO "audit_accessevent"')
    ]
    assert len(inserts) == 1
    # Several entries (one per category shown), all in that one statement.
    assert AccessEvent.objects.count() - before > 1


def test_a_refused_write_stays_in_the_audit_log(
    accepted: ClientRelationship, coordinator: User, verified_client: Callable[[User], HttpClient]
) -> None:
    response = verified_client(coordinator).post(
        reverse("cases:phase", kwargs={"code": accepted.client.code}), {"to_phase": "planning"}
    )
    assert response.status_code == 403
    assert AccessEvent.objects.filter(
        client_code=accepted.client.code, action="update", allowed=False, reason="not_granted"
    ).exists()
    assert ClientRelationship.objects.get(pk=accepted.pk).phase == Phase.MAPPING
