"""The demo data: Maija's KUTY section in her TYM plan and Ahmed's integration plans, loaded twice."""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.paths.models import IntegrationPlan, KutySection
from yhteispolku.rules.deadlines import due_items
from yhteispolku.web.demo_data import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_social_worker_sees_maijas_kuty_effects_assessment_with_its_rule(
    verified_client: Callable[[User], HttpClient],
) -> None:
    today = date(2026, 11, 23)
    clients = load_demo(today=today)
    load_demo(today=today)  # the demo loader runs on every start: nothing is doubled
    maija = ClientRelationship.objects.get(client=clients["maija"], track=Track.TYM)
    section = KutySection.objects.get(relationship=maija)
    assert section.days_per_week == 3
    items = {item.kind: item for item in due_items([maija.pk], today) if item.relationship_id == maija.pk}
    effects = items["kuty_effects_assessment"]
    assert today <= effects.due_on <= today + timedelta(days=30)
    assert effects.rule_reference == "R-KUTY-1 v2015.1"
    social_worker = User.objects.get(username="sosiaalityontekija")
    body = verified_client(social_worker).get(f"/polut/{maija.code}/").content.decode()
    assert section.place in body
    assert "R-KUTY-1 v2015.1" in body
    assert f"{effects.due_on.day}.{effects.due_on.month}.{effects.due_on.year}" in body


def test_ahmed_has_two_integration_plans_within_two_years() -> None:
    clients = load_demo(today=date(2026, 11, 23))
    load_demo(today=date(2026, 11, 23))
    ahmed = ClientRelationship.objects.get(client=clients["ahmed"], track=Track.INTEGRATION)
    plans = list(IntegrationPlan.objects.filter(relationship=ahmed).order_by("number"))
    assert [(p.starts_on, p.ends_on) for p in plans] == [
        (date(2025, 3, 1), date(2026, 2, 28)),
        (date(2026, 3, 1), date(2027, 2, 28)),
    ]
    kinds = {item.kind for item in due_items([ahmed.pk], date(2026, 11, 23))}
    assert {"integration_plan_end", "integration_two_year_limit"} <= kinds


def test_the_demo_social_workers_worklist_shows_maijas_kuty_effects_assessment() -> None:
    from yhteispolku.worklist.selectors import worklist_for

    today = date(2026, 11, 23)
    load_demo(today=today)
    worklist = worklist_for(actor=User.objects.get(username="sosiaalityontekija"), today=today)
    shown = [(item.kind, item.rule_reference, item.client_name) for item in worklist.items]
    assert ("kuty_effects_assessment", "R-KUTY-1 v2015.1", "Maija Meikäläinen") in shown


def test_mikaels_employment_plan_and_nuutti_at_the_youth_one_stop(
    verified_client: Callable[[User], HttpClient],
) -> None:
    today = date(2026, 11, 23)
    load_demo(today=today)
    load_demo(today=today)
    expert = User.objects.get(username="tyollisyysasiantuntija")
    mikael = ClientRelationship.objects.get(client__first_names="Mikael", track=Track.EMPLOYMENT_SERVICES)
    [review] = [item for item in due_items([mikael.pk], today) if item.kind == "employment_plan_review"]
    assert (review.rule_reference, review.owner_id) == ("R-EMP-1 v2025.1", expert.pk)
    nuutti = ClientRelationship.objects.get(track=Track.YOUTH_ONE_STOP, client__first_names="Nuutti")
    assert nuutti.client.age_on(today) == 22
    body = verified_client(expert).get(f"/polut/{nuutti.code}/").content.decode()
    assert "R-YOUTH-1 v2025.1: työttömyys on kestänyt noin 5 kuukautta" in body


def test_the_kuty_demo_client_has_a_consistent_joint_timeline(
    verified_client: Callable[[User], HttpClient],
) -> None:
    from yhteispolku.paths.demo import KUTY_CLIENT
    from yhteispolku.paths.models import KutyAttendance, KutyEffectsAssessment
    from yhteispolku.paths.services import kuty_jobseeker_on

    today = date(2026, 11, 23)
    load_demo(today=today)
    load_demo(today=today)
    kuty = ClientRelationship.objects.get(track=Track.KUTY, client__last_name=KUTY_CLIENT[1])
    roles = {member.user.username for member in kuty.team.all()}
    assert roles == {"sosiaalityontekija", "tyollisyysasiantuntija"}
    [plan] = kuty.activation_plans.all()
    assert plan.in_force
    assert kuty_jobseeker_on(kuty, today)
    [decision] = kuty.kuty_decisions.all()
    first, second = KutySection.objects.filter(relationship=kuty).order_by("starts_on")
    assert second.continues == first
    for period in (first, second):
        assert decision.starts_on <= period.starts_on <= period.ends_on <= decision.ends_on
        assert period.activation_plan == plan
    assert KutyEffectsAssessment.objects.get(section=first).next_section == second
    assert KutyAttendance.objects.filter(section=second).count() == 3
    site = verified_client(User.objects.get(username="palveluntuottaja"))
    assert KUTY_CLIENT[0] in site.get("/polut/toimintapaikka/").content.decode()
    expert_page = verified_client(User.objects.get(username="tyollisyysasiantuntija")).get(
        f"/polut/{kuty.code}/"
    )
    assert expert_page.status_code == 200


def test_every_track_is_closed_once_in_the_demo_and_nothing_of_it_is_overdue(
    verified_client: Callable[[User], HttpClient],
) -> None:
    """Issue 14: each track's closure shown once; the follow-ups already due are recorded, and the former
    team reads the closed track's page with its closing record."""
    from yhteispolku.cases.models import Closure, OutcomeFollowUp, Phase

    today = date(2026, 12, 4)
    load_demo(today=today)
    load_demo(today=today)
    closed_tracks = sorted(
        ClientRelationship.objects.filter(phase=Phase.CLOSED).values_list("track", flat=True).distinct()
    )
    assert closed_tracks == sorted(Track.values)
    assert Closure.objects.count() == ClientRelationship.objects.filter(phase=Phase.CLOSED).count()
    assert not OutcomeFollowUp.objects.filter(recorded_on__isnull=True, due_on__lt=today).exists()
    kaisa = Closure.objects.get(relationship__track=Track.SOCIAL_REHABILITATION, reason="moved_to_kuty")
    assert kaisa.handover_relationship is not None
    assert kaisa.handover_relationship.track == Track.KUTY
    assert kaisa.relationship.ended_on < kaisa.handover_relationship.started_on
    for username, track, shown in (
        ("sosiaalityontekija", Track.KUTY, "Jari työllistyi"),
        ("tyollisyysasiantuntija", Track.EMPLOYMENT_SERVICES, "Veikko työllistyi"),
        ("ohjaamo-ohjaaja", Track.YOUTH_ONE_STOP, "Iida aloitti"),
        ("tyokykykoordinaattori", Track.WORK_ABILITY_SUPPORT, "Kelan ammatillisen kuntoutuksen selvitykseen"),
    ):
        relationship = ClientRelationship.objects.get(track=track, phase=Phase.CLOSED)
        page = verified_client(User.objects.get(username=username)).get(f"/polut/{relationship.code}/")
        assert page.status_code == 200, (username, track)
        assert shown in page.content.decode()
        ended = relationship.ended_on
        assert ended is not None
        if track == Track.KUTY:  # the activation plan was in force until the track ended, not still
            assert f"voimassa {ended.day}.{ended.month}.{ended.year} asti" in page.content.decode()


def test_a_closed_youth_guidance_gives_no_advice_and_asks_no_joint_assessment(
    verified_client: Callable[[User], HttpClient],
) -> None:
    """R-YOUTH-1's advice and the early joint assessment still to make are for a young person in guidance:
    once Nuutti's guidance ends, his page shows neither."""
    from yhteispolku.cases.models import ClosureReason
    from yhteispolku.paths.demo import closed

    today = date(2026, 12, 4)
    load_demo(today=today)
    nuutti = ClientRelationship.objects.get(track=Track.YOUTH_ONE_STOP, client__first_names="Nuutti")
    expert = User.objects.get(username="tyollisyysasiantuntija")
    browser = verified_client(expert)
    url = f"/polut/{nuutti.code}/"
    page = browser.get(url).content.decode()
    assert "Varhainen yhteinen arvio (R-YOUTH-1) viimeistään" in page
    assert "R-YOUTH-1 v" in page  # the advice names its rule version
    closed(nuutti, actor=expert, on=today, reason=ClosureReason.AS_AGREED, summary="Aloitti opinnot.")
    page = browser.get(url).content.decode()
    assert "Varhainen yhteinen arvio (R-YOUTH-1) viimeistään" not in page
    assert "R-YOUTH-1 v" not in page
