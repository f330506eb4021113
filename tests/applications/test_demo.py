"""Maija's documents and applications in the demo data (seed 002)."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from yhteispolku.accounts.models import User
from yhteispolku.applications.models import Application, InformationRequest, KelaCheck
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.documents.models import Document, StatementRequest
from yhteispolku.rules.deadlines import due_items
from yhteispolku.web.demo_data import load_demo


@pytest.mark.django_db
def test_demo_maija_has_her_statement_letter_applications_and_feedback(
    verified_client: Callable[[User], HttpClient],
) -> None:
    clients = load_demo()
    load_demo()  # loading twice changes nothing
    maija = clients["maija"]
    assert StatementRequest.objects.filter(client=maija).count() == 1
    letter = StatementRequest.objects.get(client=maija)
    assert "Kela tarvitsee" in letter.letter
    assert letter.status == "received"
    assert sorted(Document.objects.filter(client=maija).values_list("document_type", flat=True)) == [
        "medical_statement_b",
        "rehabilitation_feedback",
    ]
    assert Application.objects.filter(client=maija).count() == 2
    assert KelaCheck.objects.filter(client=maija).count() == 1
    assert InformationRequest.objects.filter(application__client=maija).count() == 1
    granted = Application.objects.get(client=maija, benefit="akse")
    assert (granted.decision, granted.helped_by.username) == ("granted", "kela-tyokykyneuvoja")  # type: ignore[union-attr]

    users = {user.username: user for user in User.objects.all()}
    nurse = verified_client(users["terveydenhoitaja"])
    body = nurse.get(reverse("documents:list", kwargs={"code": maija.code})).content.decode()
    assert "Maija hyötyy selkeistä ja vaiheistetuista ohjeista" in body
    assert "tuore" in body
    kela = verified_client(users["kela-tyokykyneuvoja"])
    body = kela.get(reverse("applications:list", kwargs={"code": maija.code})).content.decode()
    assert "Ammatillinen kuntoutusselvitys (AKSE)" in body
    assert "R-KELA-1 v2025.1" in body
    relationship = ClientRelationship.objects.get(client=maija, track=Track.TYM)
    kinds = {item.kind for item in due_items([relationship.pk], relationship.started_on)}
    assert "application_decision_expected" in kinds
    pdf = verified_client(users["sosiaalityontekija"]).get(
        reverse("documents:statement_request_pdf", kwargs={"code": maija.code, "request_code": letter.code})
    )
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
