"""Recording and updating a sector assessment through the pages: the actor's own sector only."""

from collections.abc import Callable
from datetime import timedelta

from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.assessments.conftest import Team, events_after, last_event_id, record_assessment, yesterday
from yhteispolku.accounts.models import User
from yhteispolku.assessments.models import SectorAssessment


def _record_url(team: Team) -> str:
    return reverse("assessments:assessment_record", kwargs={"relationship_code": team.relationship.code})


def _update_url(team: Team, assessment: SectorAssessment) -> str:
    return reverse(
        "assessments:assessment_update",
        kwargs={"relationship_code": team.relationship.code, "assessment_code": assessment.code},
    )


def _data(**overrides: object) -> dict[str, object]:
    return {
        "assessed_on": yesterday().isoformat(),
        "findings": "Toiminnanohjauksen haasteet vaikuttavat työllistymiseen.",
        "needs": "Työkyvyn arvio ja selkeät, vaiheistetut ohjeet.",
        **overrides,
    }


def test_nurse_opens_the_form_for_the_health_assessment(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    response = signed_in(team.nurse).get(_record_url(team))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Kirjaa arvio: terveydentila sekä työ- ja toimintakyky" in body
    assert 'for="id_findings"' in body


def test_nurse_records_the_health_assessment(team: Team, signed_in: Callable[[User], HttpClient]) -> None:
    response = signed_in(team.nurse).post(_record_url(team), _data(), follow=True)

    assert response.status_code == 200
    assert "Arvio on tallennettu." in response.content.decode()
    assessment = SectorAssessment.objects.get()
    assert (assessment.sector, assessment.author, assessment.assessed_on) == (
        "health",
        team.nurse,
        yesterday(),
    )


def test_an_empty_assessment_gets_a_finnish_message(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    response = signed_in(team.nurse).post(_record_url(team), _data(findings=""))

    assert response.status_code == 400
    assert "Kirjoita arvion havainnot." in response.content.decode()
    assert not SectorAssessment.objects.exists()


def test_a_future_assessment_date_is_refused(team: Team, signed_in: Callable[[User], HttpClient]) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = signed_in(team.nurse).post(_record_url(team), _data(assessed_on=tomorrow))

    assert response.status_code == 400
    assert "Päivämäärä ei voi olla tulevaisuudessa." in response.content.decode()


def test_coordinator_is_told_that_assessments_belong_to_the_sectors(
    team: Team, coordinator: User, signed_in: Callable[[User], HttpClient]
) -> None:
    browser = signed_in(coordinator)
    before = last_event_id()

    response = browser.post(_record_url(team), _data())

    assert response.status_code == 403
    assert "oman sektorisi arviota" in response.content.decode()
    assert not SectorAssessment.objects.exists()
    denied = [e for e in events_after(before) if not e.allowed]
    assert [(e.action, e.reason) for e in denied] == [("create", "sector_mismatch")]
    assert browser.get(_record_url(team)).status_code == 403


def test_outsider_cannot_record_an_assessment(
    team: Team, outsider_nurse: User, signed_in: Callable[[User], HttpClient]
) -> None:
    response = signed_in(outsider_nurse).post(_record_url(team), _data())

    assert response.status_code == 404
    assert not SectorAssessment.objects.exists()


def test_social_worker_updates_the_service_need_assessment(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    assessment = record_assessment(team, team.social_worker, "social")
    browser = signed_in(team.social_worker)
    assert 'value="1"' in browser.get(_update_url(team, assessment)).content.decode()

    response = browser.post(_update_url(team, assessment), _data(findings="Päivitetty.", version=1))

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.findings, assessment.version) == ("Päivitetty.", 2)


def test_a_stale_update_answers_409_with_a_conflict_message(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    assessment = record_assessment(team, team.social_worker, "social")
    browser = signed_in(team.social_worker)
    browser.post(_update_url(team, assessment), _data(findings="Ensimmäinen.", version=1))

    response = browser.post(_update_url(team, assessment), _data(findings="Vanhentunut.", version=1))

    assert response.status_code == 409
    assert "Joku muu on muuttanut tietoja" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.findings == "Ensimmäinen."


def test_employment_expert_may_not_open_the_health_assessment_for_editing(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    assessment = record_assessment(team, team.nurse, "health", findings="Toiminnanohjauksen haasteet.")
    before = last_event_id()

    response = signed_in(team.employment_expert).get(_update_url(team, assessment))

    assert response.status_code == 403
    assert "Toiminnanohjauksen haasteet." not in response.content.decode()
    denied = [e for e in events_after(before) if not e.allowed]
    assert [(e.category, e.action, e.object_id) for e in denied] == [
        ("health", "update", str(assessment.code))
    ]


def test_kela_advisor_reads_but_cannot_edit_the_health_assessment(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    assessment = record_assessment(team, team.nurse, "health")

    response = signed_in(team.kela_advisor).post(_update_url(team, assessment), _data(version=1))

    assert response.status_code == 403
    assert SectorAssessment.objects.get().version == 1
