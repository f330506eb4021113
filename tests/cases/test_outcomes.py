"""Outcomes after closure (R-OUT-1): follow-ups at 3, 6 and 12 months, scheduled when a TYM relationship
closes, recorded by the employment authority's responsible person, on their worklist until recorded."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases import errors, outcomes, services
from yhteispolku.cases.models import (
    ClientRelationship,
    ClosureReason,
    OutcomeFollowUp,
    OutcomeSource,
    OutcomeStatus,
    Phase,
)
from yhteispolku.rules import engine
from yhteispolku.rules.deadlines import user_due_items
from yhteispolku.rules.models import Rule, RuleVersion


def close(
    relationship: ClientRelationship, expert: User, social: User, on: date | None = None
) -> ClientRelationship:
    relationship = services.phase_transition(actor=expert, relationship=relationship, to_phase=Phase.CLOSING)
    services.closure_record(
        actor=expert, relationship=relationship, reason=ClosureReason.EMPLOYED, final_assessment="Työllistyi."
    )
    services.closure_confirm(actor=expert, relationship=relationship)
    services.closure_confirm(actor=social, relationship=relationship)
    return services.phase_transition(actor=expert, relationship=relationship, to_phase=Phase.CLOSED, today=on)


def test_closing_schedules_three_follow_ups_at_month_ends_for_the_employment_worker(
    accepted: ClientRelationship, tym_expert: User, tym_social_worker: User
) -> None:
    closed = close(accepted, tym_expert, tym_social_worker, on=date(2026, 1, 31))
    follow_ups = list(OutcomeFollowUp.objects.filter(relationship=closed).order_by("months"))
    assert [(f.months, f.due_on) for f in follow_ups] == [
        (3, date(2026, 4, 30)),
        (6, date(2026, 7, 31)),
        (12, date(2027, 1, 31)),
    ]
    assert {f.owner_id for f in follow_ups} == {tym_expert.pk}
    assert {(f.rule_id, f.rule_version) for f in follow_ups} == {("R-OUT-1", "2025.1")}
    assert all(f.recorded_on is None and f.status == "" for f in follow_ups)
    # Idempotent: scheduling again keeps the three.
    outcomes.schedule_follow_ups(closed)
    assert OutcomeFollowUp.objects.filter(relationship=closed).count() == 3


def test_a_refused_closure_schedules_nothing(accepted: ClientRelationship, tym_expert: User) -> None:
    relationship = services.phase_transition(actor=tym_expert, relationship=accepted, to_phase=Phase.CLOSING)
    with pytest.raises(errors.ClosureIncomplete):
        services.phase_transition(actor=tym_expert, relationship=relationship, to_phase=Phase.CLOSED)
    assert not OutcomeFollowUp.objects.exists()


@pytest.fixture
def fresh_rules() -> object:
    """The engine keeps rule versions per process: forget the ones this test adds once it is rolled back."""
    engine.clear_cache()
    yield
    engine.clear_cache()


def test_the_periods_follow_the_rule_version_in_force_on_the_closing_day(
    accepted: ClientRelationship, tym_expert: User, tym_social_worker: User, fresh_rules: None
) -> None:
    rule = Rule.objects.get(rule_id="R-OUT-1", region="")
    RuleVersion.objects.filter(rule=rule).update(effective_to=date(2026, 5, 31))
    RuleVersion.objects.create(
        rule=rule,
        version="2026.1",
        effective_from=date(2026, 6, 1),
        parameters={"first_months": 2, "second_months": 6, "third_months": 24},
    )
    engine.clear_cache()
    assert outcomes.follow_up_months(date(2026, 5, 31)) == ([3, 6, 12], "2025.1")
    assert outcomes.follow_up_months(date(2026, 6, 1)) == ([2, 6, 24], "2026.1")
    closed = close(accepted, tym_expert, tym_social_worker, on=date(2026, 6, 1))
    rows = OutcomeFollowUp.objects.filter(relationship=closed).order_by("months")
    assert [(f.months, f.due_on, f.rule_version) for f in rows] == [
        (2, date(2026, 8, 1), "2026.1"),
        (6, date(2026, 12, 1), "2026.1"),
        (24, date(2028, 6, 1), "2026.1"),
    ]


@pytest.fixture
def closed(accepted: ClientRelationship, tym_expert: User, tym_social_worker: User) -> ClientRelationship:
    return close(accepted, tym_expert, tym_social_worker, on=timezone.localdate() - timedelta(days=100))


def first(relationship: ClientRelationship) -> OutcomeFollowUp:
    return OutcomeFollowUp.objects.filter(relationship=relationship).order_by("months").first()  # type: ignore[return-value]


def test_the_follow_up_is_on_the_owners_worklist_until_recorded(
    closed: ClientRelationship,
    tym_expert: User,
    tym_social_worker: User,
    verified_client: Callable[[User], HttpClient],
) -> None:
    today = timezone.localdate()
    items = [item for item in user_due_items(tym_expert, today) if item.kind == outcomes.KIND]
    assert [item.due_on for item in items] == [f.due_on for f in closed.outcome_follow_ups.order_by("months")]
    assert not [item for item in user_due_items(tym_social_worker, today) if item.kind == outcomes.KIND]
    follow_up = first(closed)
    browser = verified_client(tym_expert)
    page = browser.get(reverse("worklist:worklist")).content.decode()
    assert outcomes.outcome_url(follow_up) in page
    assert "Kirjaa tilanne 3 kk asiakkuuden päättymisen jälkeen" in page

    response = browser.post(
        outcomes.outcome_url(follow_up),
        {"status": OutcomeStatus.EMPLOYED, "source": OutcomeSource.CLIENT, "recorded_on": today.isoformat()},
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.source, follow_up.recorded_on, follow_up.recorded_by_id) == (
        OutcomeStatus.EMPLOYED,
        OutcomeSource.CLIENT,
        today,
        tym_expert.pk,
    )
    assert AccessEvent.objects.filter(
        actor=tym_expert, object_type="cases.outcomefollowup", object_id=str(follow_up.code), allowed=True
    ).exists()
    page = browser.get(reverse("worklist:worklist")).content.decode()
    assert outcomes.outcome_url(follow_up) not in page
    # Recorded once: the page shows it and refuses a second record.
    shown = browser.get(outcomes.outcome_url(follow_up)).content.decode()
    assert "työllistynyt" in shown
    assert "asiakas itse" in shown
    again = browser.post(
        outcomes.outcome_url(follow_up),
        {"status": OutcomeStatus.UNEMPLOYED, "source": OutcomeSource.KELA, "recorded_on": today.isoformat()},
    )
    assert again.status_code == 409
    follow_up.refresh_from_db()
    assert follow_up.status == OutcomeStatus.EMPLOYED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"status": "employed", "recorded_on": "TODAY"}, "Valitse, mistä tieto on saatu."),
        ({"source": "client", "recorded_on": "TODAY"}, "Valitse asiakkaan tilanne."),
        (
            {"status": "employed", "source": "client", "recorded_on": "TOMORROW"},
            "ei voi olla tulevaisuudessa",
        ),
        (
            {"status": "employed", "source": "client", "recorded_on": "BEFORE"},
            "ennen asiakkuuden päättymistä",
        ),
        ({"status": "employed", "source": "client", "recorded_on": "32.1.2026"}, "pp.kk.vvvv"),
    ],
)
def test_bad_input_is_explained_on_the_form(
    closed: ClientRelationship,
    tym_expert: User,
    verified_client: Callable[[User], HttpClient],
    data: dict[str, str],
    message: str,
) -> None:
    today = timezone.localdate()
    days = {
        "TODAY": today.isoformat(),
        "TOMORROW": (today + timedelta(days=1)).isoformat(),
        "BEFORE": (closed.ended_on - timedelta(days=1)).isoformat(),  # type: ignore[operator]
    }
    follow_up = first(closed)
    posted = {key: days.get(value, value) for key, value in data.items()}
    response = verified_client(tym_expert).post(outcomes.outcome_url(follow_up), posted)
    assert response.status_code == 400
    assert message in response.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.recorded_on is None


def test_the_social_worker_of_the_former_pair_may_not_record(
    closed: ClientRelationship, tym_social_worker: User, verified_client: Callable[[User], HttpClient]
) -> None:
    follow_up = first(closed)
    browser = verified_client(tym_social_worker)
    assert browser.get(outcomes.outcome_url(follow_up)).status_code == 403
    posted = {"status": "employed", "source": "client", "recorded_on": timezone.localdate().isoformat()}
    assert browser.post(outcomes.outcome_url(follow_up), posted).status_code == 403
    with pytest.raises(Exception, match="työllisyysviranomaisen vastuuhenkilö"):
        outcomes.outcome_record(
            actor=tym_social_worker,
            follow_up=follow_up,
            status="employed",
            source="client",
            recorded_on=timezone.localdate(),
        )
    assert AccessEvent.objects.filter(
        actor=tym_social_worker, object_type="cases.outcomefollowup", allowed=False
    ).exists()


def test_the_closed_case_stays_read_only_for_the_employment_worker(
    closed: ClientRelationship, tym_expert: User
) -> None:
    from yhteispolku.access.policy import permitted
    from yhteispolku.access.relations import relation_facts
    from yhteispolku.core.categories import Action, DataCategory

    facts = relation_facts(actor=tym_expert, client=closed.client)
    assert permitted(
        actor=tym_expert,
        action=Action.CREATE,
        category=DataCategory.PLAN,
        facts=facts,
        object_type="cases.outcomefollowup",
    )
    for object_type in ("", "cases.journalentry", "cases.closure", "cases.teammember"):
        for action in (Action.CREATE, Action.UPDATE):
            assert not permitted(
                actor=tym_expert,
                action=action,
                category=DataCategory.PLAN,
                facts=facts,
                object_type=object_type,
            )
    assert not permitted(
        actor=tym_expert, action=Action.CREATE, category=DataCategory.EMPLOYMENT, facts=facts
    )


def test_the_worklist_source_takes_one_query_for_any_number(
    closed: ClientRelationship,
    tym_expert: User,
    django_assert_num_queries: Callable[..., object],
) -> None:
    today = timezone.localdate()
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert len(list(outcomes.follow_ups_due(tym_expert, today))) == 3
    other = OutcomeFollowUp.objects.filter(relationship=closed).first()
    assert other is not None
    for months in (18, 24, 36):
        OutcomeFollowUp.objects.create(
            relationship=closed,
            months=months,
            due_on=today,
            owner=tym_expert,
            rule_id="R-OUT-1",
            rule_version="x",
        )
    with django_assert_num_queries(1):  # type: ignore[operator]
        assert len(list(outcomes.follow_ups_due(tym_expert, today))) == 6


def test_the_demo_has_mikaels_closed_tym_with_one_follow_up_recorded_and_the_next_due_soon(db: None) -> None:
    from yhteispolku.web.demo_data import load_demo

    today = timezone.localdate()
    load_demo(today=today - timedelta(days=3))
    load_demo(today=today)  # loaded again on a later day: the same rows, the first load's days
    relationship = ClientRelationship.objects.get(client__first_names="Mikael", track="tym")
    assert relationship.phase == Phase.CLOSED
    assert relationship.closure.reason == ClosureReason.NEED_ENDED
    rows = list(relationship.outcome_follow_ups.order_by("months"))
    assert [row.months for row in rows] == [3, 6, 12]
    recorded, due, later = rows
    assert recorded.recorded_on is not None
    assert recorded.recorded_on <= today
    assert (recorded.status, recorded.source) == (
        OutcomeStatus.OTHER_SERVICE,
        OutcomeSource.EMPLOYMENT_REGISTER,
    )
    assert due.recorded_on is None
    assert today < due.due_on <= today + timedelta(days=30)
    assert later.recorded_on is None
    expert = User.objects.get(username="tyollisyysasiantuntija")
    assert {row.owner_id for row in rows} == {expert.pk}
    # Fatima's closed integration track has its own follow-ups on the same worklist (R-OUT-1 on every track).
    items = [
        item
        for item in user_due_items(expert, today)
        if item.kind == outcomes.KIND and item.client_code == str(relationship.client.code)
    ]
    assert [item.due_on for item in items] == [due.due_on, later.due_on]


def test_closing_through_the_api_schedules_the_follow_ups_too(
    accepted: ClientRelationship, tym_expert: User, tym_social_worker: User
) -> None:
    from tests.api.conftest import API
    from yhteispolku.accounts.tokens import api_token_create

    relationship = services.phase_transition(actor=tym_expert, relationship=accepted, to_phase=Phase.CLOSING)
    services.closure_record(
        actor=tym_expert,
        relationship=relationship,
        reason=ClosureReason.EDUCATION,
        final_assessment="Opiskelee.",
    )
    services.closure_confirm(actor=tym_expert, relationship=relationship)
    services.closure_confirm(actor=tym_social_worker, relationship=relationship)
    _token, raw = api_token_create(user=tym_expert, name="testi")
    response = HttpClient(HTTP_AUTHORIZATION=f"Bearer {raw}").post(
        f"{API}/cases/{relationship.client.code}/phase",
        {"to_phase": "closed"},
        content_type="application/json",
    )
    assert response.status_code == 200
    ended = timezone.localdate()
    rows = OutcomeFollowUp.objects.filter(relationship=relationship).order_by("months")
    assert [(row.months, row.due_on, row.owner_id) for row in rows] == [
        (months, engine.add_months(ended, months), tym_expert.pk) for months in (3, 6, 12)
    ]
