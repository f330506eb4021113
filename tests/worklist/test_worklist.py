"""The worklist: a professional's items across their cases, the unit's for its coordinator and manager,
every client shown logged, and the same number of queries for 10 or 150 clients."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.worklist.conftest import TODAY, Unit_
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import Phase
from yhteispolku.rules import engine
from yhteispolku.worklist import selectors
from yhteispolku.worklist.selectors import Group, worklist_for

pytestmark = pytest.mark.django_db


def kinds(items):
    return [(item.kind, item.client_name.split()[0], item.due_on) for item in items]


@pytest.fixture
def caseload(tym: Unit_):
    """Maija (plan review this week), Mikael (mapping overdue), Ahmed (on another team), Aino (referral)."""
    maija = tym.case(first_names="Maija")
    tym.plan(maija, made_on=date(2026, 8, 26), next_review_on=date(2026, 11, 26))
    mikael = tym.case(first_names="Mikael", phase=Phase.MAPPING, started_on=date(2026, 8, 19))
    ahmed = tym.case(first_names="Ahmed", team=(tym.other_expert, tym.social_worker))
    tym.plan(ahmed, made_on=date(2026, 11, 1), next_review_on=date(2026, 12, 15))
    aino = tym.referral(first_names="Aino")
    return maija, mikael, ahmed, aino


def test_a_professional_sees_the_items_of_their_own_cases_by_group(tym: Unit_, caseload) -> None:
    worklist = worklist_for(actor=tym.employment_expert, today=TODAY)
    # Tiina works in the TYM team that receives Aino's referral: it waits since 20.11.
    assert kinds(worklist.overdue) == [
        ("mapping_target", "Mikael", date(2026, 11, 19)),
        ("referral_pending", "Aino", date(2026, 11, 20)),
    ]
    assert kinds(worklist.this_week) == [("plan_review", "Maija", date(2026, 11, 26))]
    assert worklist.next_30_days == []
    assert not worklist.is_unit_view
    [review] = worklist.this_week
    assert review.rule_reference == "R-TYM-2 v2025.1"
    social = worklist_for(actor=tym.social_worker, today=TODAY)
    assert kinds(social.next_30_days) == [("plan_review", "Ahmed", date(2026, 12, 15))]


def test_the_receiving_unit_sees_the_referral_and_nothing_else_of_it(tym: Unit_, caseload) -> None:
    worklist = worklist_for(actor=tym.intake_expert, today=TODAY)
    assert [item.kind for item in worklist.items] == ["referral_pending"]


def test_the_coordinator_sees_the_units_items_and_counts_per_professional(tym: Unit_, caseload) -> None:
    worklist = worklist_for(actor=tym.coordinator, today=TODAY)
    assert worklist.is_unit_view
    assert worklist.subject is None
    assert sorted(item.client_name.split()[0] for item in worklist.items) == [
        "Ahmed",
        "Aino",
        "Maija",
        "Mikael",
    ]
    counts = {
        str(row.user.first_name): (row.overdue, row.this_week, row.next_30_days)
        for row in worklist.per_professional
    }
    assert counts == {"Tiina": (1, 1, 0), "Sanna": (1, 1, 1), "Raili": (0, 0, 1)}
    # The unit manager above the TYM team sees the same.
    manager = worklist_for(actor=tym.manager, today=TODAY)
    assert len(manager.items) == len(worklist.items)


def test_a_manager_may_open_one_professionals_list_within_the_unit(tym: Unit_, caseload) -> None:
    worklist = worklist_for(actor=tym.coordinator, today=TODAY, user=tym.social_worker)
    assert worklist.subject == tym.social_worker
    assert not worklist.is_unit_view
    assert sorted(item.client_name.split()[0] for item in worklist.items) == ["Ahmed", "Maija", "Mikael"]


def test_a_professional_cannot_open_anothers_list(tym: Unit_, caseload) -> None:
    with pytest.raises(PermissionDenied):
        worklist_for(actor=tym.employment_expert, today=TODAY, user=tym.social_worker)


def test_an_outsider_has_an_empty_list(tym: Unit_, caseload) -> None:
    assert worklist_for(actor=tym.outsider, today=TODAY).items == []


def test_items_named_to_another_professional_are_not_on_my_list(tym: Unit_, caseload, monkeypatch) -> None:
    maija = caseload[0]
    from yhteispolku.rules.deadlines import DueItem

    def named(ids, today):
        return [
            DueItem(TODAY, "task", "Tehtävä", str(maija.client.code), "Maija M", maija.pk, "/", "", "", owner)
            for owner in (tym.social_worker.pk, tym.employment_expert.pk)
        ]

    monkeypatch.setattr("yhteispolku.rules.deadlines._sources", [named])
    worklist = worklist_for(actor=tym.employment_expert, today=TODAY)
    assert [item.owner_id for item in worklist.items] == [tym.employment_expert.pk]


def test_the_groups_end_on_sunday_and_after_30_days(tym: Unit_) -> None:
    from yhteispolku.rules.deadlines import DueItem

    def at(day: date, notice: date | None = None) -> DueItem:
        return DueItem(day, "k", "", "", "", 1, "", "", "", None, notice)

    assert selectors.group_of(at(TODAY - timedelta(days=1)), TODAY) == Group.OVERDUE
    assert selectors.group_of(at(date(2026, 11, 29)), TODAY) == Group.THIS_WEEK
    assert selectors.group_of(at(date(2026, 11, 30)), TODAY) == Group.NEXT_30_DAYS
    assert selectors.group_of(at(TODAY + timedelta(days=30)), TODAY) == Group.NEXT_30_DAYS
    assert selectors.group_of(at(TODAY + timedelta(days=31)), TODAY) is None
    assert selectors.group_of(at(TODAY + timedelta(days=31), TODAY), TODAY) == Group.NOTICED


def test_every_client_shown_is_logged(tym: Unit_, caseload) -> None:
    maija, mikael, _ahmed, aino = caseload
    before = AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    worklist_for(actor=tym.social_worker, today=TODAY)
    events = AccessEvent.objects.filter(id__gt=before)
    logged = {(str(e.client_code), e.category, e.object_type, e.purpose) for e in events}
    assert logged == {
        (str(client.code), "plan", "worklist.dueitem", "tym_joint_work")
        for client in (maija.client, mikael.client, _ahmed.client)
    }
    assert events.count() == 3  # one entry per client
    before = events.order_by("-id").values_list("id", flat=True).first()
    worklist_for(actor=tym.intake_expert, today=TODAY)
    intake = AccessEvent.objects.filter(id__gt=before)
    assert [(str(e.client_code), e.category, e.object_type, e.purpose) for e in intake] == [
        (str(aino.client.code), "plan", "cases.referral", "intake"),
    ]


def _caseload_of(tym: Unit_, count: int) -> None:
    for index in range(count):
        relationship = tym.case(
            first_names=f"Asiakas{index}", kela_registered_on=None if index % 3 else TODAY
        )
        tym.plan(relationship, made_on=date(2026, 9, 1), next_review_on=TODAY + timedelta(days=index % 30))


AUDIT_INSERT = 'INSERT INTO "audit_accessevent"'


def _queries(actor: User) -> tuple[int, int]:
    """The queries of one worklist: (all but the audit log's INSERTs, the audit log's INSERTs)."""
    engine.parameter("R-TYM-2", "goal_months", TODAY)  # the rule cache is per process, loaded once
    # The actor's first audit write creates the head of its chain (a few queries, once per chain).
    worklist_for(actor=actor, today=TODAY)
    with CaptureQueriesContext(connection) as captured:
        worklist_for(actor=actor, today=TODAY)
    inserts = sum(1 for query in captured.captured_queries if query["sql"].startswith(AUDIT_INSERT))
    return len(captured) - inserts, inserts


def test_the_worklist_costs_the_same_queries_for_10_and_150_clients(tym: Unit_) -> None:
    _caseload_of(tym, 10)
    small, small_inserts = _queries(tym.employment_expert)
    small_unit, _inserts = _queries(tym.coordinator)
    _caseload_of(tym, 140)
    assert (
        len({item.client_code for item in worklist_for(actor=tym.employment_expert, today=TODAY).items})
        == 150
    )
    large, large_inserts = _queries(tym.employment_expert)
    assert large == small
    assert _queries(tym.coordinator)[0] == small_unit
    # The audit entries go in one multi-row INSERT on PostgreSQL; Django splits a multi-row INSERT on
    # SQLite to stay under its 999 query parameters, and only there.
    assert small_inserts == 1
    if connection.features.max_query_params is None:
        assert large_inserts == 1
    else:
        fields = len(AccessEvent._meta.concrete_fields) - 1  # the id is the database's
        per_insert = connection.features.max_query_params // fields
        assert large_inserts == -(-150 // per_insert)


def test_the_page_shows_each_item_with_its_rule(
    tym: Unit_, caseload, verified_client: Callable[[User], HttpClient]
) -> None:
    maija = caseload[0]
    today = timezone.localdate()
    maija.plan.versions.update(
        next_review_on=today + timedelta(days=1), created_on=today - timedelta(days=60)
    )
    page = verified_client(tym.employment_expert).get(reverse("worklist:worklist"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Suunnitelman arviointi (versio 1)" in text
    assert "Maija Meikäläinen" in text
    assert "R-TYM-4 v2015.1" in text
    assert reverse("worklist:worklist") in text  # in the main navigation


def test_the_page_refuses_anothers_list_to_a_professional(
    tym: Unit_, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(tym.employment_expert)
    url = reverse("worklist:worklist") + f"?kayttaja={tym.social_worker.username}"
    assert http.get(url).status_code == 403
    coordinator = verified_client(tym.coordinator)
    assert coordinator.get(url).status_code == 200
    assert coordinator.get(reverse("worklist:worklist") + "?kayttaja=nobody").status_code == 404
    unit = coordinator.get(reverse("worklist:worklist")).content.decode()
    assert "Ammattilaisittain" in unit
