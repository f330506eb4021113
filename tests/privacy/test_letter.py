"""The answer to the client as a PDF letter: in the client's service language, naming who (professional and
organisation) read or changed which category of data and when; printing it is audited."""

import io
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from pypdf import PdfReader

from tests.privacy.conftest import read, record
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client
from yhteispolku.privacy.letter import answer_letter_html

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_letter_names_the_professional_the_organisation_and_the_category(
    officer: User,
    maija: Client,
    expert: User,
    social_worker: User,
    verified_client: Callable[[User], HttpClient],
) -> None:
    read(expert, maija, times=2, category="employment")
    read(social_worker, maija, category="social", action="update")
    log_request = record(officer, maija)
    response = verified_client(officer).get(reverse("privacy:answer_pdf", kwargs={"pk": log_request.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged
    assert reader.trailer["/Root"]["/Lang"] == "fi"
    text = pdf_text(response.content)
    for expected in (
        "Vastaus lokitietopyyntöön",
        "Tiina Työnen",
        "Satakunnan työllisyysalue",
        "työllisyystiedot",
        "Sanna Sosiaali",
        "sosiaalihuollon tiedot",
        "muutos",
    ):
        assert expected in text
    assert AccessEvent.objects.filter(
        actor=officer, action="print", category="log", object_id=f"request:{log_request.reference}"
    ).exists()


def test_a_client_served_in_swedish_gets_the_letter_in_swedish(
    officer: User, maija: Client, expert: User
) -> None:
    maija.service_language = Client.ServiceLanguage.SWEDISH
    maija.save()
    read(expert, maija, category="employment")
    html = answer_letter_html(actor=officer, log_request=record(officer, maija))
    assert '<html lang="sv">' in html
    assert "Svar på begäran om loggdata" in html
    assert "Tiina Työnen" in html
