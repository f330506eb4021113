"""Maija's network work in the demo (seed 002): both Kela consultations, agreed with her, with notes,
decisions and follow-ups; the Kela requests; her to-do list. Loading again changes nothing."""

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.collaboration.models import (
    ClientTodo,
    Consultation,
    FollowUpAction,
    GuestContribution,
    GuestInvitation,
    KelaRequest,
    NetworkContact,
    Participant,
)
from yhteispolku.web.demo_data import load_demo

pytestmark = pytest.mark.django_db
MODELS = (
    Consultation,
    Participant,
    FollowUpAction,
    KelaRequest,
    ClientTodo,
    NetworkContact,
    GuestInvitation,
    GuestContribution,
    User,
)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_maijas_two_kela_consultations_and_her_todos_are_in_the_demo() -> None:
    clients = load_demo()
    first = counts()
    load_demo()
    load_demo(today=timezone.localdate() + timedelta(days=1))
    assert counts() == first

    consultations = list(
        Consultation.objects.filter(relationship__client=clients["maija"], kind="kela").order_by(
            "scheduled_at"
        )
    )
    assert [c.kind for c in consultations] == ["kela", "kela"]
    mapping, later = consultations
    assert all(c.agreed_with_client_on and c.agreed_with_client_on <= c.day for c in consultations)
    assert "B-lausunto" in mapping.decisions
    assert mapping.reviewed_on is not None
    assert later.review_open
    assert all(f.due_on >= f.consultation.day for f in FollowUpAction.objects.all())
    assert later.follow_ups.filter(done_on__isnull=True).count() == 2
    todos = {t.description: t for t in ClientTodo.objects.filter(relationship__client=clients["maija"])}
    statement = todos["B-lausunto (SV 7) Kelan ammatillista kuntoutusta varten"]
    assert (statement.kind, statement.status, statement.deliver_to.slug) == (
        "medical_statement",
        "done",
        "kela",
    )
    assert any(t.is_overdue(timezone.localdate()) for t in todos.values())
    assert set(KelaRequest.objects.values_list("kind", flat=True)) == {
        "benefit_mapping",
        "rehabilitation_assessment",
    }


def test_the_demo_worklists_show_maijas_network_work_to_whom_it_belongs(
    verified_client: Callable[[User], HttpClient],
) -> None:
    load_demo()
    advisor = verified_client(User.objects.get(username="kela-tyokykyneuvoja")).get(
        reverse("worklist:worklist")
    )
    text = advisor.content.decode()
    assert "Konsultaation jatkotoimi (Kela-konsultaatio" in text  # the rehabilitation application, his
    assert "Käy konsultaatiossa esille tulleet asiat läpi asiakkaan kanssa" in text
    assert "R-CONS-1 v2025.1" in text
    assert "Asiakas toimittaa: todistus (koulu- tai työtodistus)" in text  # overdue, the whole team's
    expert = verified_client(User.objects.get(username="tyollisyysasiantuntija")).get(
        reverse("worklist:worklist")
    )
    assert "Konsultaation jatkotoimi" not in expert.content.decode()  # both follow-ups are others'


def test_maijas_support_person_took_part_in_a_network_meeting_as_a_guest() -> None:
    """Issue 14: her network outside the authorities, recorded with her consent; the support person was a
    guest of the network meeting ("Rukkanen") ten days before the load day and wrote her statement."""
    today = timezone.localdate()
    clients = load_demo(today=today)  # one day for both: the run may cross midnight
    contacts = {c.kind: c for c in NetworkContact.objects.filter(client=clients["maija"])}
    assert set(contacts) == {"family", "support_person"}
    assert all(c.consent_given_on <= today and c.purpose and c.is_current(today) for c in contacts.values())
    meeting = Consultation.objects.get(relationship__client=clients["maija"], kind="network_meeting")
    assert meeting.day == today - timedelta(days=10)
    assert meeting.agreed
    invitation = GuestInvitation.objects.get(consultation=meeting)
    assert invitation.contact == contacts["support_person"]
    assert invitation.is_current(today)
    assert invitation.signed_in_at is not None
    assert invitation.guest.is_consultation_guest
    assert not invitation.guest.has_usable_password()
    assert invitation.contributions.count() == 1
