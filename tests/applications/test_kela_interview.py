"""Booking Kela's rehabilitation interview (seed 004: the advisor "sopii kuntoutushaastatteluajan";
issue 14): Kela's professional books the time, the way and the interviewer; the case page shows it to the
team (Kela data: with consent), the API books and lists it with the same policy. Before, no interview could
be recorded."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.api.conftest import API, token_client
from tests.assessments.conftest import Team
from yhteispolku.accounts.models import User
from yhteispolku.applications import services
from yhteispolku.applications.errors import InterviewInvalid
from yhteispolku.applications.models import KelaInterview

__all__ = ["token_client"]
pytestmark = pytest.mark.django_db


def in_days(days: int) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT10:00")


def test_the_advisor_books_from_the_case_page_and_the_team_sees_it(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    case = reverse("cases:detail", kwargs={"code": team.client.code})
    book = reverse("applications:interview_book", kwargs={"code": team.client.code})
    advisor = signed_in(team.kela_advisor)
    assert book in advisor.get(case).content.decode()
    response = advisor.post(
        book,
        {"starts_at": in_days(7), "mode": "video", "interviewer": team.kela_advisor.pk, "place": "Teams"},
    )
    assert response.status_code == 302
    booked = KelaInterview.objects.get(client=team.client)
    assert (booked.mode, booked.interviewer, booked.recorded_by) == (
        "video",
        team.kela_advisor,
        team.kela_advisor,
    )
    # The employment expert sees it on the case page (consent covers Kela's data) but is offered no booking.
    page = signed_in(team.employment_expert).get(case).content.decode()
    assert "Kelan kuntoutushaastattelu" in page
    assert "etäyhteys (video)" in page
    assert book not in page
    assert signed_in(team.employment_expert).get(book).status_code == 403


def test_a_time_in_the_past_or_a_non_kela_interviewer_is_refused_naming_the_field(team: Team) -> None:
    with pytest.raises(InterviewInvalid) as error:
        services.kela_interview_book(
            actor=team.kela_advisor,
            client=team.client,
            starts_at=timezone.now() - timedelta(hours=1),
            mode="phone",
            interviewer=team.employment_expert,
        )
    assert set(error.value.message_dict) == {"starts_at", "interviewer"}
    assert not KelaInterview.objects.exists()


def test_the_api_books_and_lists_with_the_same_policy(
    team: Team, token_client: Callable[[User], HttpClient]
) -> None:
    url = f"{API}/applications/{team.client.code}/interviews"
    body = {
        "starts_at": f"{in_days(3)}:00+02:00",
        "mode": "phone",
        "interviewer": str(team.kela_advisor.code),
    }
    assert (
        token_client(team.employment_expert).post(url, body, content_type="application/json").status_code
        == 403
    )
    created = token_client(team.kela_advisor).post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    listed = token_client(team.employment_expert).get(url).json()
    assert [(item["mode"], item["interviewer"]) for item in listed] == [
        ("phone", str(team.kela_advisor.code))
    ]
