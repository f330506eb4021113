"""Maija's feedback 0–10 and text at closure: given once in Oma Yhteispolku and kept as hers (a
professional's update of the closure never changes it), audited as her own write, counted in the
situational picture's feedback figures; someone else's relationship is a 404 and a denied entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import join_team, new_client, open_relationship
from tests.portal.conftest import MaijaCase
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases import errors, services
from yhteispolku.cases.models import ClientRelationship, Closure, ClosureReason, Phase, TeamRole
from yhteispolku.organisations.models import Unit
from yhteispolku.reports.refresh import day_statistics

pytestmark = pytest.mark.django_db


def _as_client(client_obj, settings) -> HttpClient:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    browser = HttpClient()
    assert browser.post("/oma/tunnistaudu/esittely/", {"client": str(client_obj.code)}).status_code == 302
    return browser


def _closing(maija: MaijaCase, phase: str = Phase.CLOSING) -> ClientRelationship:
    relationship = open_relationship(
        maija.client, Unit.objects.get(slug="satakunta-ea-tym"), phase=Phase.CLOSING
    )
    join_team(relationship, maija.employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
    services.closure_record(
        actor=maija.employment_expert,
        relationship=relationship,
        reason=ClosureReason.EMPLOYED,
        final_assessment="Työllistyi kaupan alalle.",
    )
    if phase == Phase.CLOSED:
        ClientRelationship.objects.filter(pk=relationship.pk).update(
            phase=Phase.CLOSED, ended_on=timezone.localdate() - timedelta(days=1)
        )
        relationship.refresh_from_db()
    return relationship


def _url(relationship: ClientRelationship) -> str:
    return f"/oma/asiakkuudet/{relationship.code}/palaute/"


def test_maija_gives_feedback_once_and_sees_it(maija: MaijaCase, settings) -> None:  # type: ignore[no-untyped-def]
    relationship = _closing(maija)
    browser = _as_client(maija.client, settings)
    home = browser.get("/oma/").content.decode()
    assert _url(relationship) in home
    assert "Anna palautetta palvelusta" in home
    assert browser.get(_url(relationship)).status_code == 200
    response = browser.post(_url(relationship), {"score": "9", "text": "Työpari auttoi paljon."})
    assert response.status_code == 302
    closure = Closure.objects.get(relationship=relationship)
    assert (closure.feedback_score, closure.feedback_text) == (9, "Työpari auttoi paljon.")
    assert closure.feedback_by_client
    assert closure.feedback_given_at is not None
    page = browser.get(_url(relationship)).content.decode()
    assert "Arvosana: 9 / 10" in page
    assert "Työpari auttoi paljon." in page
    assert 'name="score"' not in page
    written = AccessEvent.objects.filter(
        client_code=maija.client.code, object_type="cases.closure", action="update", actor_role="client"
    ).get()
    assert written.allowed
    assert written.actor_id is None

    second = browser.post(_url(relationship), {"score": "2", "text": "Toinen vastaus"})
    assert second.status_code == 409
    assert "vain kerran" in second.content.decode()
    closure.refresh_from_db()
    assert (closure.feedback_score, closure.feedback_text) == (9, "Työpari auttoi paljon.")


def test_a_second_answer_through_the_service_is_refused(maija: MaijaCase) -> None:
    from yhteispolku.portal.services import give_feedback

    relationship = _closing(maija)
    give_feedback(client=maija.client, relationship_code=relationship.code, score=7)
    with pytest.raises(errors.FeedbackAlreadyGiven):
        give_feedback(client=maija.client, relationship_code=relationship.code, score=10, text="Uusi")
    assert Closure.objects.get(relationship=relationship).feedback_score == 7


@pytest.mark.parametrize("score", ["-1", "11", "", "kymmenen"])
def test_a_score_outside_0_to_10_is_a_clear_message(maija: MaijaCase, settings, score: str) -> None:  # type: ignore[no-untyped-def]
    relationship = _closing(maija)
    response = _as_client(maija.client, settings).post(_url(relationship), {"score": score})
    assert response.status_code == 400
    assert "Valitse arvosana 0–10." in response.content.decode()
    assert Closure.objects.get(relationship=relationship).feedback_score is None


def test_a_professional_update_never_changes_the_clients_feedback(
    maija: MaijaCase, settings, verified_client
) -> None:  # type: ignore[no-untyped-def]
    relationship = _closing(maija)
    _as_client(maija.client, settings).post(_url(relationship), {"score": "8", "text": "Hyvä palvelu."})
    # The professional updates the assessment, giving no feedback (the API's default): hers stays.
    services.closure_record(
        actor=maija.employment_expert,
        relationship=relationship,
        reason=ClosureReason.EMPLOYED,
        final_assessment="Työllistyi kaupan alalle; työsuhde vakinaistui.",
    )
    closure = Closure.objects.get(relationship=relationship)
    assert (closure.feedback_score, closure.feedback_text, closure.feedback_by_client) == (
        8,
        "Hyvä palvelu.",
        True,
    )
    assert closure.final_assessment.endswith("vakinaistui.")
    # Different feedback is refused, and nothing changes.
    with pytest.raises(errors.ClosureConflict, match="Oma Yhteispolussa"):
        services.closure_record(
            actor=maija.employment_expert,
            relationship=relationship,
            reason=ClosureReason.PENSION,
            feedback_score=3,
        )
    closure.refresh_from_db()
    assert (closure.reason, closure.feedback_score) == (ClosureReason.EMPLOYED, 8)
    # The professional's closure page shows her answer and cannot change it.
    worker = verified_client(maija.employment_expert)
    page = worker.get(reverse("cases:closure", kwargs={"code": maija.client.code}))
    assert "Asiakas antoi palautteen itse Oma Yhteispolussa." in page.content.decode()


def test_the_clients_feedback_counts_in_the_situational_picture(maija: MaijaCase) -> None:
    from yhteispolku.portal.services import give_feedback

    relationship = _closing(maija, Phase.CLOSED)
    give_feedback(client=maija.client, relationship_code=relationship.code, score=10, text="Kiitos")
    figures = {row.indicator: row.value for row in day_statistics(relationship.ended_on)}
    assert figures["feedback"] == 1
    assert figures["feedback_sum"] == 10
    assert figures["feedback_promoters"] == 1


def test_no_feedback_page_before_closing_or_for_someone_else(maija: MaijaCase, settings) -> None:  # type: ignore[no-untyped-def]
    browser = _as_client(maija.client, settings)
    assert browser.get(_url(maija.relationship)).status_code == 404  # still planning
    mikael = new_client(maija.employment_area, "Mikael", "Esimerkki")
    his = open_relationship(mikael, Unit.objects.get(slug="satakunta-ea-tym"), phase=Phase.CLOSING)
    join_team(his, maija.employment_expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
    services.closure_record(actor=maija.employment_expert, relationship=his, reason=ClosureReason.EMPLOYED)
    for response in (browser.get(_url(his)), browser.post(_url(his), {"score": "0"})):
        assert response.status_code == 404
        assert "Mikael" not in response.content.decode()
    assert AccessEvent.objects.filter(client_code=mikael.code, allowed=False).count() == 2
    assert Closure.objects.get(relationship=his).feedback_score is None
