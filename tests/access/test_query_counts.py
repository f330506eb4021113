"""The facts the policy reads cost the same number of queries whatever is behind them.

`relation_facts` runs on every client page and `reachable_clients` under every list and search; if
either grew with the case team, the consent history, the relationships or the caseload, a busy
client or a busy professional would make every page slower.
"""

from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from yhteispolku.access.policy import authorize
from yhteispolku.access.relations import Relation, reachable_clients, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Phase, TeamRole, Track
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory
from yhteispolku.organisations.models import Organisation, Unit

TEAM_OTHERS = [
    ("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social"),
    ("public_health_nurse", "satakunta-wellbeing-county", "satakunta-wc-social"),
    ("kela_work_ability_advisor", "kela", "kela-west"),
    ("social_counsellor", "satakunta-wellbeing-county", "satakunta-wc-social"),
    ("employment_expert", "satakunta-employment-area", "satakunta-ea-tym"),
]


def _satakunta() -> tuple[Organisation, Unit]:
    return (
        Organisation.objects.get(slug="satakunta-employment-area"),
        Unit.objects.get(slug="satakunta-ea-tym"),
    )


def _plain_client(expert: User) -> Client:
    """One relationship, the expert alone on the team, one consent."""
    organisation, unit = _satakunta()
    client = new_client(organisation)
    join_team(open_relationship(client, unit), expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
    give_consent(client, [organisation], expert)
    return client


def _busy_client(expert: User, make_professional: Callable[..., User]) -> Client:
    """Three relationships (one closed), a team of six, and revoked and expired consents besides."""
    organisation, unit = _satakunta()
    client = new_client(organisation)
    current = open_relationship(client, unit)
    join_team(current, expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
    for role, org, unit_slug in TEAM_OTHERS:
        join_team(current, make_professional(role, org, unit_slug))
    other_track = ClientRelationship.objects.create(
        client=client,
        track=Track.KUTY,
        responsible_organisation=organisation,
        responsible_unit=unit,
        phase=Phase.WORK,
        started_on=timezone.localdate() - timedelta(days=60),
    )
    join_team(other_track, expert)
    closed = open_relationship(client, unit, phase=Phase.CLOSED)
    join_team(closed, make_professional("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social"))
    today = timezone.localdate()
    give_consent(client, [organisation], expert)
    give_consent(
        client, [organisation], expert, valid_from=today - timedelta(400), valid_until=today - timedelta(30)
    )
    for days in (300, 200, 100):
        revoked = give_consent(client, [organisation], expert, valid_from=today - timedelta(days))
        revoked.revoked_at, revoked.revoked_by = timezone.now() - timedelta(days=days - 10), expert
        revoked.save()
    return client


def _expert(make_professional: Callable[..., User]) -> User:
    expert = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    assert expert.sector == "employment"  # the role is loaded now, not inside the counted block
    return expert


def test_relation_facts_queries_do_not_grow_with_relationships_team_or_consent_history(
    make_professional: Callable[..., User], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    expert = _expert(make_professional)
    plain, busy = _plain_client(expert), _busy_client(expert, make_professional)

    with CaptureQueriesContext(connection) as small:
        facts = relation_facts(actor=expert, client=plain)
    with django_assert_num_queries(len(small)):
        busy_facts = relation_facts(actor=expert, client=busy)

    assert facts.relation == busy_facts.relation == Relation.CASE_TEAM
    assert len(busy_facts.consents) == 1  # only the active one of five
    # Two queries (relationships, active consents), each with the prefetch of its related rows.
    assert len(small) == 4


def test_authorize_queries_do_not_grow_with_team_or_consent_history(
    make_professional: Callable[..., User],
) -> None:
    expert = _expert(make_professional)
    plain, busy = _plain_client(expert), _busy_client(expert, make_professional)
    # Warms the heads: each client's chain gets its head with its first entry (docs/audit-log.md).
    for client in (plain, busy):
        authorize(actor=expert, action=Action.VIEW, category=DataCategory.SOCIAL, client=client)

    counts = []
    for client in (plain, busy):
        with CaptureQueriesContext(connection) as captured:
            authorize(actor=expert, action=Action.VIEW, category=DataCategory.SOCIAL, client=client)
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_reachable_clients_is_one_query_whatever_the_caseload(
    make_professional: Callable[..., User], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    experts = {}
    for count in (5, 60):
        expert = _expert(make_professional)
        for _ in range(count):
            _plain_client(expert)
        experts[count] = expert

    for count, expert in experts.items():
        with django_assert_num_queries(1):
            reachable = list(reachable_clients(expert, Client.objects.all()))
        assert len(reachable) == count
