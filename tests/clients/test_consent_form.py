"""The consent form to sign (issue 14): a PDF generated from the recorded consent, offered and printed to
those who may see the client's consents, each print an audited PRINT naming the consent; refused (403) to
the coordinator, who sees basic data only, and unknown (404) to an outsider."""

import io
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from pypdf import PdfReader

from tests.api.conftest import API, token_client
from tests.assessments.conftest import Team, coordinator, outsider_nurse, signed_in, team
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent

__all__ = ["coordinator", "outsider_nurse", "signed_in", "team", "token_client"]


def form_url(team: Team) -> str:
    return reverse(
        "clients:consent_form", kwargs={"code": team.client.code, "consent_code": team.consent.code}
    )


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.django_db
def test_the_team_prints_the_consent_form_to_sign_and_the_print_is_logged(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    browser = signed_in(team.social_worker)
    page = browser.get(reverse("clients:consents", kwargs={"code": team.client.code})).content.decode()
    assert form_url(team) in page
    response = browser.get(form_url(team))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    text = text_of(response.content)
    assert "Suostumus tietojen vaihtamiseen" in text
    assert team.client.last_name in text
    assert "Allekirjoitus" in text
    for organisation in (team.employment_area, team.county, team.kela):
        assert organisation.name in text.replace("\n", " ")
    printed = AccessEvent.objects.filter(
        action="print", object_type="clients.consent", object_id=str(team.consent.code)
    ).get()
    assert (printed.allowed, printed.actor_id, printed.category) == (True, team.social_worker.pk, "basic")


@pytest.mark.django_db
def test_the_coordinator_is_refused_and_an_outsider_does_not_find_it(
    team: Team, coordinator: User, outsider_nurse: User, signed_in: Callable[[User], HttpClient]
) -> None:
    browser = signed_in(coordinator)
    page = browser.get(reverse("clients:consents", kwargs={"code": team.client.code}))
    assert page.status_code == 200
    assert form_url(team) not in page.content.decode()
    assert browser.get(form_url(team)).status_code == 403
    refused = AccessEvent.objects.filter(action="print", object_type="clients.consent").get()
    assert refused.allowed is False
    assert signed_in(outsider_nurse).get(form_url(team)).status_code == 404


@pytest.mark.django_db
def test_the_api_gives_the_same_form(team: Team, token_client: Callable[[User], HttpClient]) -> None:
    address = f"{API}/clients/{team.client.code}/consents/{team.consent.code}/form.pdf"
    response = token_client(team.employment_expert).get(address)
    assert response.status_code == 200
    assert "Suostumus tietojen vaihtamiseen" in text_of(response.content)
    assert (
        token_client(team.employment_expert)
        .get(f"{API}/clients/{team.client.code}/consents/{team.client.code}/form.pdf")
        .status_code
        == 404
    )
