"""The network-work pages: who sees what, form validation with the rule named, the conflict on a
concurrent edit of a consultation's notes, and the to-do list on the case page."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.collaboration.conftest import Network
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.collaboration import services
from yhteispolku.collaboration.models import ClientTodo, Consultation, EscalationStep, KelaRequest

pytestmark = pytest.mark.django_db

SignIn = Callable[[User], HttpClient]


def overview_url(network: Network) -> str:
    return reverse("collaboration:overview", kwargs={"relationship_code": network.relationship.code})


def consultation_url(network: Network, consultation: Consultation, name: str = "consultation") -> str:
    return reverse(
        f"collaboration:{name}",
        kwargs={"relationship_code": network.relationship.code, "consultation_code": consultation.code},
    )


def test_the_team_sees_consultations_notes_and_the_todo_list(
    network: Network, verified_client: SignIn
) -> None:
    consultation = network.consultation()
    services.consultation_notes_update(
        actor=network.social_worker, consultation=consultation, agenda="",
        notes="Todetaan B-lausunnon tarve.",
        decisions="Sosiaalityöntekijä kirjoittaa saatteen.", expected_revision=0,
    )  # fmt: skip
    response = verified_client(network.employment_expert).get(consultation_url(network, consultation))
    assert response.status_code == 200
    # The notes are health data (issue 16, finding 10): the employment expert sees the decisions only.
    assert "Todetaan B-lausunnon tarve." not in response.content.decode()
    assert "Muistiinpanot ovat terveystietoa." in response.content.decode()
    assert "Sosiaalityöntekijä kirjoittaa saatteen." in response.content.decode()
    assert "R-CONS-1" in response.content.decode()
    assert verified_client(network.employment_expert).get(overview_url(network)).status_code == 200
    written = verified_client(network.social_worker).get(consultation_url(network, consultation))
    assert "Todetaan B-lausunnon tarve." in written.content.decode()


def test_a_manager_sees_no_consultation_notes(network: Network, verified_client: SignIn) -> None:
    consultation = network.consultation()
    services.consultation_notes_update(
        actor=network.social_worker, consultation=consultation, agenda="", notes="Salainen muistiinpano",
        decisions="", expected_revision=0,
    )  # fmt: skip
    manager = verified_client(network.manager)
    for url in (overview_url(network), consultation_url(network, consultation)):
        response = manager.get(url)
        assert response.status_code == 403
        assert "Salainen muistiinpano" not in response.content.decode()


def test_a_professional_without_relation_gets_404_and_is_logged(
    network: Network, verified_client: SignIn
) -> None:
    consultation = network.consultation()
    response = verified_client(network.outsider).get(consultation_url(network, consultation))
    assert response.status_code == 404
    assert AccessEvent.objects.filter(actor=network.outsider, allowed=False).exists()


def test_the_form_refuses_a_consultation_not_agreed_with_the_client(
    network: Network, verified_client: SignIn
) -> None:
    url = reverse(
        "collaboration:consultation_create", kwargs={"relationship_code": network.relationship.code}
    )
    http = verified_client(network.social_worker)
    assert http.get(url).status_code == 200
    response = http.post(url, {"kind": "kela", "mode": "remote", "scheduled_at": f"{network.today}T10:00"})
    assert response.status_code == 400
    assert "R-CONS-1: konsultaatiosta on sovittava asiakkaan kanssa etukäteen" in response.content.decode()
    assert not Consultation.objects.exists()


def test_the_form_refuses_inviting_someone_outside_the_consent(
    network: Network, verified_client: SignIn
) -> None:
    url = reverse(
        "collaboration:consultation_create", kwargs={"relationship_code": network.relationship.code}
    )
    response = verified_client(network.social_worker).post(url, {
        "kind": "network_meeting", "mode": "in_person", "scheduled_at": f"{network.today}T10:00",
        "agreed_with_client_on": str(network.today), "agreed_how": "phone",
        "participants": [network.keusote_physician.pk],
    })  # fmt: skip
    assert response.status_code == 400
    assert (
        "R-CONS-1: konsultaatioon voi kutsua vain asiakkaan kanssa työskenteleviä"
        in response.content.decode()
    )


def test_the_form_records_a_consultation_and_redirects_to_it(
    network: Network, verified_client: SignIn
) -> None:
    url = reverse(
        "collaboration:consultation_create", kwargs={"relationship_code": network.relationship.code}
    )
    response = verified_client(network.social_worker).post(url, {
        "kind": "network_meeting", "mode": "in_person", "scheduled_at": f"{network.today}T10:00",
        "agreed_with_client_on": str(network.today), "agreed_how": "phone",
        "participants": [network.kela_advisor.pk, network.coordinator_wa.pk], "agenda": "Rukkanen",
    })  # fmt: skip
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == consultation_url(network, consultation)
    assert consultation.participants.count() == 2


def test_a_concurrent_edit_of_the_notes_is_a_conflict(network: Network, verified_client: SignIn) -> None:
    consultation = network.consultation()
    url = consultation_url(network, consultation, "consultation_notes")
    first, second = verified_client(network.social_worker), verified_client(network.kela_advisor)
    assert first.get(url).status_code == 200
    assert second.get(url).status_code == 200
    response = first.post(url, {"notes": "Sanna kirjasi", "decisions": "", "agenda": "", "revision": 0})
    assert response.status_code == 302
    response = second.post(url, {"notes": "Kari kirjasi", "decisions": "", "agenda": "", "revision": 0})
    assert response.status_code == 409
    assert "Joku muu on tallentanut muutoksia" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.notes == "Sanna kirjasi"


def test_follow_up_pages_refuse_a_missing_owner_and_an_early_date(
    network: Network, verified_client: SignIn
) -> None:
    consultation = network.consultation()
    url = consultation_url(network, consultation, "follow_up_add")
    http = verified_client(network.social_worker)
    response = http.post(url, {"description": "Saate", "owner": "", "due_on": str(network.today)})
    assert response.status_code == 400
    assert "Jatkotoimella on oltava vastuuhenkilö" in response.content.decode()
    early = consultation.day - timedelta(days=1)
    response = http.post(
        url, {"description": "Saate", "owner": network.kela_advisor.pk, "due_on": str(early)}
    )
    assert response.status_code == 400
    assert "ei voi olla ennen konsultaatiota" in response.content.decode()
    response = http.post(
        url, {"description": "Saate", "owner": network.kela_advisor.pk, "due_on": str(network.today)}
    )
    assert response.status_code == 302
    follow_up = consultation.follow_ups.get()
    done_url = reverse("collaboration:follow_up_done", kwargs={
        "relationship_code": network.relationship.code, "consultation_code": consultation.code,
        "follow_up_code": follow_up.code,
    })  # fmt: skip
    assert http.post(done_url, {"done_on": str(network.today)}).status_code == 302
    review = http.post(
        consultation_url(network, consultation, "consultation_review"), {"reviewed_on": str(network.today)}
    )
    assert review.status_code == 302
    consultation.refresh_from_db()
    assert consultation.reviewed_on == network.today


def test_escalation_page_refuses_a_step_out_of_order(network: Network, verified_client: SignIn) -> None:
    url = reverse("collaboration:escalation_step", kwargs={"relationship_code": network.relationship.code})
    http = verified_client(network.social_worker)
    data = {
        "step": 2,
        "on": str(network.today),
        "outcome": "Soitettu asiakkaalle",
        "referral_onwards": "none",
    }
    response = http.post(url, data)
    assert response.status_code == 409
    assert "Edellinen vaihe on kirjattava ensin" in response.content.decode()
    response = http.post(url, {**data, "step": 1, "skipped": "on", "outcome": ""})
    assert response.status_code == 400
    assert "ohittamisen syy" in response.content.decode()
    assert http.post(url, {**data, "step": 1}).status_code == 302
    assert EscalationStep.objects.count() == 1


def test_kela_pages_send_answer_and_refuse_a_non_kela_answer(
    network: Network, verified_client: SignIn
) -> None:
    http = verified_client(network.social_worker)
    create = reverse(
        "collaboration:kela_request_create", kwargs={"relationship_code": network.relationship.code}
    )
    assert (
        http.post(
            create,
            {"kind": "typpi_notice", "question": "Kuntoutusmahdollisuudet?", "sent_on": str(network.today)},
        ).status_code
        == 302
    )
    item = KelaRequest.objects.get()
    answer = reverse("collaboration:kela_request_answer", kwargs={
        "relationship_code": network.relationship.code, "kela_request_code": item.code,
    })  # fmt: skip
    assert http.get(answer).status_code == 403
    kela = verified_client(network.kela_advisor)
    response = kela.post(
        answer, {"answered_on": str(network.today), "answer": "Taito-kuntoutus sopii.", "revision": 0}
    )
    assert response.status_code == 302
    assert "Taito-kuntoutus sopii." in http.get(overview_url(network)).content.decode()


def test_the_case_page_shows_the_todo_list_with_overdue_items(
    network: Network, verified_client: SignIn
) -> None:
    services.client_todo_add(
        actor=network.social_worker, relationship=network.relationship, kind="medical_statement",
        description="B-lausunto", deliver_to=network.kela, due_on=network.today - timedelta(days=2),
    )  # fmt: skip
    services.client_todo_add(
        actor=network.social_worker, relationship=network.relationship, kind="certificate",
        description="Työtodistus", deliver_to=network.employment_area,
        due_on=network.today + timedelta(days=9),
    )  # fmt: skip
    body = (
        verified_client(network.employment_expert)
        .get(reverse("cases:detail", kwargs={"code": network.client.code}))
        .content.decode()
    )
    assert "Asiakkaan vastuulla on toimittaa" in body
    assert "B-lausunto" in body
    assert "Työtodistus" in body
    assert "1 toimitettava asia on myöhässä." in body
    manager_body = (
        verified_client(network.manager)
        .get(reverse("cases:detail", kwargs={"code": network.client.code}))
        .content.decode()
    )
    assert "B-lausunto" not in manager_body


def test_todo_page_closes_an_item(network: Network, verified_client: SignIn) -> None:
    http = verified_client(network.social_worker)
    add = reverse("collaboration:todo_add", kwargs={"relationship_code": network.relationship.code})
    response = http.post(
        add, {"kind": "application", "description": "", "deliver_to": network.kela.pk, "due_on": ""}
    )
    assert response.status_code == 400
    assert "Anna määräpäivä." in response.content.decode()
    assert (
        http.post(
            add,
            {
                "kind": "application",
                "description": "Kuntoutushakemus",
                "deliver_to": network.kela.pk,
                "due_on": str(network.today),
            },
        ).status_code
        == 302
    )
    todo = ClientTodo.objects.get()
    close = reverse(
        "collaboration:todo_close",
        kwargs={"relationship_code": network.relationship.code, "todo_code": todo.code},
    )
    assert http.post(close, {"status": "done", "on": str(network.today)}).status_code == 302
    todo.refresh_from_db()
    assert todo.status == "done"


def test_the_anonymous_consultation_page_says_there_is_no_client(
    network: Network, verified_client: SignIn
) -> None:
    http = verified_client(network.social_worker)
    response = http.post(reverse("collaboration:anonymous_create"), {
        "kind": "kela", "mode": "remote", "scheduled_at": f"{network.today}T09:00",
        "agenda": "Vaihtoehtoja nimeämättä asiakasta", "participants": [network.keusote_physician.pk],
    })  # fmt: skip
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    body = http.get(response["Location"]).content.decode()
    assert "Anonyymi konsultaatio: ei asiakasta eikä henkilötietoja." in body
    assert verified_client(network.keusote_physician).get(response["Location"]).status_code == 200
    assert verified_client(network.employment_expert).get(response["Location"]).status_code == 404
    listing = (
        verified_client(network.keusote_physician)
        .get(reverse("collaboration:anonymous_list"))
        .content.decode()
    )
    assert str(consultation.code) in listing


def test_the_forms_offer_only_the_parties_working_with_the_client(
    network: Network, verified_client: SignIn
) -> None:
    http = verified_client(network.social_worker)
    url = reverse(
        "collaboration:consultation_create", kwargs={"relationship_code": network.relationship.code}
    )
    body = http.get(url).content.decode()
    assert "Pekka Koordinaattori" in body  # the county, which the consent covers
    assert "Lauri Lääkäri" not in body  # Keusote, which it does not
    consultation = network.consultation(participants=[])
    response = http.post(
        consultation_url(network, consultation, "follow_up_add"),
        {"description": "Saate", "owner": network.coordinator_wa.pk, "due_on": str(network.today)},
    )
    assert response.status_code == 400
    assert "Jatkotoimen vastuuhenkilön on oltava asiakkaan tiimin jäsen" in response.content.decode()
