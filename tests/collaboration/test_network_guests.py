"""The client's network outside the authorities and consultation guests (issue 14, "Network").

A network contact is recorded only with the client's consent and a purpose, by those the policy lets write
her basic data; an invited contact signs in with link + code and reaches that consultation's guest page and
nothing else, until the invitation expires or is revoked; every step is audited.
"""

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.http import Http404
from django.test import Client as HttpClient
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.collaboration.conftest import Network
from yhteispolku.access.policy import AccessDenied
from yhteispolku.access.relations import Relation, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.collaboration import guests
from yhteispolku.collaboration import network as contacts_app
from yhteispolku.collaboration.errors import (
    ContactNotCurrent,
    GuestAlreadyInvited,
    GuestCodeWrong,
    GuestInvitationUnusable,
    InvalidInput,
    InvitationNotCurrent,
    OrganiserOnly,
    StaleEdit,
)
from yhteispolku.collaboration.models import Consultation, GuestContribution, NetworkContact
from yhteispolku.core.categories import Action

pytestmark = pytest.mark.django_db


def contact_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "support_person",
        "name": "Tuula Tukihenkilö",
        "organisation": "Mielenterveysyhdistys ry",
        "phone": "040 123 4567",
        "email": "tuula@example.org",
        "purpose": "Tukee Maijaa palavereissa ja asioinnissa.",
        "consent_given_on": timezone.localdate() - timedelta(days=3),
        "consent_how": "written",
    }
    data.update(changes)
    return data


def add_contact(net: Network, **changes: Any) -> NetworkContact:
    return contacts_app.contact_add(
        actor=net.employment_expert, client_code=net.client.code, data=contact_data(**changes)
    )


def organised(net: Network) -> Consultation:
    """A network meeting organised by the employment expert two days ago."""
    return net.consultation(actor=net.employment_expert, kind="network_meeting")


# --- network contacts ------------------------------------------------------------------------------------


def test_a_contact_is_recorded_with_consent_and_audited(network: Network) -> None:
    contact = add_contact(network)
    assert contact.recorded_by == network.employment_expert
    assert contact.revision == 0
    assert AccessEvent.objects.filter(
        actor=network.employment_expert,
        client_code=network.client.code,
        object_type=contacts_app.NETWORK_CONTACT,
        action="update",
        allowed=True,
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent_given_on": None}, "consent_given_on"),
        ({"consent_how": ""}, "consent_how"),
        ({"consent_given_on": date.today() + timedelta(days=5)}, "consent_given_on"),
        ({"phone": "", "email": ""}, "phone"),
        ({"phone": "soita iltaisin"}, "phone"),
        ({"email": "ei-osoite"}, "email"),
        ({"purpose": "  "}, "purpose"),
        ({"kind": "neighbour"}, "kind"),
    ],
)
def test_bad_input_is_refused_naming_the_field(network: Network, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        add_contact(network, **changes)
    assert field in refused.value.error_dict
    assert not NetworkContact.objects.exists()


def test_without_consent_the_message_says_consent_is_required(network: Network) -> None:
    with pytest.raises(InvalidInput) as refused:
        add_contact(network, consent_given_on=None)
    assert "suostumus on pakollinen" in str(refused.value.error_dict["consent_given_on"])


def test_only_those_who_may_write_basic_data_record_contacts(network: Network) -> None:
    # The client was registered by the employment area: the county's social worker reads, does not write.
    with pytest.raises(AccessDenied):
        network_add_as(network, network.social_worker)
    assert network_view(network, network.social_worker).can_write is False
    assert network_view(network, network.employment_expert).can_write is True
    with pytest.raises(Http404):
        network_add_as(network, network.outsider)
    assert not NetworkContact.objects.exists()


def test_the_units_coordinator_sees_her_basic_data_but_not_her_network(
    network: Network, verified_client: Callable[[User], HttpClient]
) -> None:
    """Who supports her and why can tell of her health (a mental-health association's support person):
    the network is for those working with her, not for the unit's intake and managers."""
    add_contact(network)
    assert (
        relation_facts(actor=network.manager, client=network.client).relation == Relation.RESPONSIBLE_MANAGER
    )
    with pytest.raises(AccessDenied):
        network_view(network, network.manager)
    browser = verified_client(network.manager)
    client_page = browser.get(reverse("clients:detail", kwargs={"code": network.client.code}))
    assert client_page.status_code == 200
    network_url = reverse("network:list", kwargs={"code": network.client.code})
    assert network_url not in client_page.content.decode()
    assert browser.get(network_url).status_code == 403
    assert AccessEvent.objects.filter(
        actor=network.manager, object_type=contacts_app.NETWORK_CONTACT, allowed=False
    ).exists()
    assert network_view(network, network.social_worker).can(Action.VIEW)


def network_add_as(net: Network, actor: User) -> NetworkContact:
    return contacts_app.contact_add(actor=actor, client_code=net.client.code, data=contact_data())


def network_view(net: Network, actor: User) -> contacts_app.Network:
    return contacts_app.network_get(actor=actor, client_code=net.client.code)


def test_edit_uses_optimistic_locking_and_end_stops_edits(network: Network) -> None:
    contact = add_contact(network)
    changed = contacts_app.contact_update(
        actor=network.employment_expert,
        client_code=network.client.code,
        code=contact.code,
        data=contact_data(phone="050 765 4321"),
        expected_revision=0,
    )
    assert changed.phone == "050 765 4321"
    assert changed.revision == 1
    with pytest.raises(StaleEdit):
        contacts_app.contact_update(
            actor=network.employment_expert,
            client_code=network.client.code,
            code=contact.code,
            data=contact_data(),
            expected_revision=0,
        )
    ended = contacts_app.contact_end(
        actor=network.employment_expert,
        client_code=network.client.code,
        code=contact.code,
        ended_on=timezone.localdate(),
        expected_revision=1,
    )
    assert ended.ended_on == timezone.localdate()
    assert ended.ended_by == network.employment_expert
    with pytest.raises(ContactNotCurrent):
        contacts_app.contact_update(
            actor=network.employment_expert,
            client_code=network.client.code,
            code=contact.code,
            data=contact_data(),
            expected_revision=2,
        )


# --- guests: the organiser's side ----------------------------------------------------------------------


def test_an_ended_contact_cannot_be_invited(network: Network) -> None:
    contact = add_contact(network)
    contacts_app.contact_end(
        actor=network.employment_expert,
        client_code=network.client.code,
        code=contact.code,
        ended_on=timezone.localdate(),
        expected_revision=0,
    )
    with pytest.raises(ContactNotCurrent):
        guests.guest_invite(
            actor=network.employment_expert, consultation=organised(network), contact=contact.code
        )


def test_only_the_organiser_invites_and_only_once(network: Network) -> None:
    contact = add_contact(network)
    consultation = organised(network)
    with pytest.raises(OrganiserOnly):
        guests.guest_invite(actor=network.social_worker, consultation=consultation, contact=contact.code)
    issued = guests.guest_invite(
        actor=network.employment_expert, consultation=consultation, contact=contact.code
    )
    assert issued.invitation.expires_on == consultation.day + timedelta(days=14)
    assert len(issued.code) == 6
    assert issued.token not in issued.invitation.token_hash
    assert issued.invitation.code_hash != issued.code
    guest = issued.invitation.guest
    assert guest.is_consultation_guest
    assert not guest.has_usable_password()
    assert guest.role_id is None
    with pytest.raises(GuestAlreadyInvited):
        guests.guest_invite(actor=network.employment_expert, consultation=consultation, contact=contact.code)
    assert AccessEvent.objects.filter(
        actor=network.employment_expert, object_type=guests.GUEST_INVITATION, action="create", allowed=True
    ).exists()


# --- guests: the guest's side ------------------------------------------------------------------------------


def invited(
    net: Network, shared: str = "Maija toivoo, että tukihenkilö kertoo arjen tuesta."
) -> tuple[Consultation, guests.IssuedInvitation]:
    contact = add_contact(net)
    consultation = organised(net)
    return consultation, guests.guest_invite(
        actor=net.employment_expert, consultation=consultation, contact=contact.code, shared_with_guest=shared
    )


def sign_in(issued: guests.IssuedInvitation) -> HttpClient:
    browser = HttpClient()
    url = reverse("guest:sign_in", kwargs={"token": issued.token})
    assert browser.get(url).status_code == 200
    response = browser.post(url, {"code": issued.code})
    assert response.status_code == 302
    assert response["Location"] == reverse("guest:consultation")
    return browser


def test_link_and_code_sign_the_guest_in_once(network: Network) -> None:
    _consultation, issued = invited(network)
    browser = HttpClient()
    url = reverse("guest:sign_in", kwargs={"token": issued.token})
    wrong = browser.post(url, {"code": "000000" if issued.code != "000000" else "111111"})
    assert wrong.status_code == 400
    assert "Kertakoodi ei täsmää" in wrong.content.decode()
    assert AccessEvent.objects.filter(object_type=guests.GUEST_SIGN_IN, allowed=False).count() == 1
    assert browser.post(url, {"code": issued.code}).status_code == 302
    assert AccessEvent.objects.filter(object_type=guests.GUEST_SIGN_IN, allowed=True).count() == 1
    # Single use: the link leads nowhere afterwards, even with the right code.
    assert HttpClient().post(url, {"code": issued.code}).status_code == 404
    assert HttpClient().get(reverse("guest:sign_in", kwargs={"token": "arvattu"})).status_code == 404


@override_settings(CONSULTATION_GUEST_CODE_ATTEMPTS=2)
def test_too_many_wrong_codes_end_the_link(network: Network) -> None:
    _consultation, issued = invited(network)
    wrong = "000000" if issued.code != "000000" else "111111"
    for _attempt in range(2):
        with pytest.raises(GuestCodeWrong):
            guests.guest_sign_in(token=issued.token, code=wrong, request=_request())
    with pytest.raises(GuestInvitationUnusable):
        guests.guest_sign_in(token=issued.token, code=issued.code, request=_request())


def _request() -> Any:
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.session = SessionStore()
    return request


def test_the_guest_reads_the_agenda_and_writes_a_contribution_the_organiser_sees(
    network: Network, verified_client: Callable[[User], HttpClient]
) -> None:
    consultation, issued = invited(network)
    browser = sign_in(issued)
    page = browser.get(reverse("guest:consultation")).content.decode()
    assert "Maijan tilanne ja lääkärinlausunnon tarve" in page  # the agenda
    assert "kertoo arjen tuesta" in page  # what the organiser shared
    assert network.client.last_name not in page  # nothing of the client beyond what was shared
    response = browser.post(reverse("guest:consultation"), {"text": "Maija jaksaa paremmin aamupäivisin."})
    assert response.status_code == 302
    contribution = GuestContribution.objects.get()
    assert AccessEvent.objects.filter(
        actor=issued.invitation.guest,
        client_code=network.client.code,
        object_type="collaboration.guestcontribution",
        action="create",
        allowed=True,
    ).exists()
    assert AccessEvent.objects.filter(
        actor=issued.invitation.guest, object_type="collaboration.guestview", action="view", allowed=True
    ).exists()
    organiser = verified_client(network.employment_expert)
    url = reverse(
        "collaboration:consultation",
        kwargs={"relationship_code": network.relationship.code, "consultation_code": consultation.code},
    )
    assert contribution.text in organiser.get(url).content.decode()
    # Empty input is refused with the field named, nothing saved.
    refused = browser.post(reverse("guest:consultation"), {"text": "   "})
    assert refused.status_code == 400
    assert GuestContribution.objects.count() == 1


def test_the_guest_reaches_nothing_else(network: Network) -> None:
    consultation, issued = invited(network)
    other = network.consultation(agenda="Toinen palaveri")
    browser = sign_in(issued)
    codes = {"relationship_code": network.relationship.code, "consultation_code": other.code}
    for url in (
        "/",
        reverse("clients:list"),
        reverse("clients:detail", kwargs={"code": network.client.code}),
        reverse("clients:category", kwargs={"code": network.client.code, "category": "plan"}),
        reverse("network:list", kwargs={"code": network.client.code}),
        reverse("collaboration:overview", kwargs={"relationship_code": network.relationship.code}),
        reverse("collaboration:consultation", kwargs=codes),
        reverse(
            "collaboration:consultation",
            kwargs={"relationship_code": network.relationship.code, "consultation_code": consultation.code},
        ),
        reverse("worklist:worklist"),
        reverse("accounts:profile"),
        f"/api/v1/clients/{network.client.code}",
        f"/api/v1/clients/{network.client.code}/network",
        f"/api/v1/collaboration/{network.relationship.code}/consultations",
        *(
            reverse(name, kwargs={"code": network.client.code, "category": category})
            for name in ("clients:category", "clients:category_print", "clients:category_export")
            for category in ("basic", "employment", "social", "health", "kela", "plan", "log")
        ),
        reverse("clients:consents", kwargs={"code": network.client.code}),
        reverse("collaboration:guest_invite", kwargs=codes),
    ):
        response = browser.get(url)
        assert response.status_code in (403, 404), url
        assert browser.post(url).status_code in (403, 404), url
        assert network.client.last_name not in response.content.decode(), url
    guest = issued.invitation.guest
    facts = relation_facts(actor=guest, client=network.client)
    assert facts.relation == Relation.CONSULTATION_GUEST
    from yhteispolku.access.policy import decide
    from yhteispolku.core.categories import Action, DataCategory

    for category in DataCategory:
        for object_type in ("", "collaboration.consultation", "cases.journalentry", "clients.client"):
            assert not decide(
                actor=guest, action=Action.VIEW, category=category, facts=facts, object_type=object_type
            ).allowed


def test_expiry_and_revocation_end_the_guests_reach(network: Network) -> None:
    consultation, issued = invited(network)
    browser = sign_in(issued)
    assert browser.get(reverse("guest:consultation")).status_code == 200
    guest = issued.invitation.guest
    # Past the consultation's day + 14 days: no relation, the page is gone (and the attempt audited).
    later = consultation.day + timedelta(days=15)
    from unittest import mock

    with mock.patch("django.utils.timezone.localdate", return_value=later):
        assert relation_facts(actor=guest, client=network.client).relation == Relation.NONE
        assert browser.get(reverse("guest:consultation")).status_code == 404
    assert AccessEvent.objects.filter(actor=guest, allowed=False, client_code=network.client.code).exists()
    guests.guest_revoke(
        actor=network.employment_expert, consultation=consultation, invitation_code=issued.invitation.code
    )
    assert browser.get(reverse("guest:consultation")).status_code == 404
    assert (
        relation_facts(actor=User.objects.get(pk=guest.pk), client=network.client).relation == Relation.NONE
    )


def test_a_guest_who_lost_the_session_gets_a_new_link_and_keeps_what_they_wrote(
    network: Network, verified_client: Callable[[User], HttpClient]
) -> None:
    consultation, issued = invited(network)
    lost = sign_in(issued)
    assert lost.post(reverse("guest:consultation"), {"text": "Ensimmäinen kommentti."}).status_code == 302
    # A second browser cannot use the spent link: before the organiser acts, the guest is locked out.
    assert HttpClient().get(reverse("guest:sign_in", kwargs={"token": issued.token})).status_code == 404
    with pytest.raises(OrganiserOnly):
        guests.guest_reissue(
            actor=network.social_worker, consultation=consultation, invitation_code=issued.invitation.code
        )
    organiser = verified_client(network.employment_expert)
    url = reverse(
        "collaboration:guest_reissue",
        kwargs={
            "relationship_code": network.relationship.code,
            "consultation_code": consultation.code,
            "invitation_code": issued.invitation.code,
        },
    )
    consultation_url = reverse(
        "collaboration:consultation",
        kwargs={"relationship_code": network.relationship.code, "consultation_code": consultation.code},
    )
    assert url in organiser.get(consultation_url).content.decode()
    # A browser always sends the CSRF token with the unticked box.
    unconfirmed = organiser.post(url, {"csrfmiddlewaretoken": "x"})
    assert unconfirmed.status_code == 400
    assert "Vahvista uuden kirjautumislinkin antaminen." in unconfirmed.content.decode()
    page = organiser.post(url, {"confirm": "on"})
    assert page.status_code == 200
    shown = page.content.decode()
    token = shown.split('id="guest-link">')[1].split("<")[0].rsplit("/kutsu/", 1)[1].strip("/")
    code = shown.split('id="guest-code">')[1].split("<")[0]
    assert token != issued.token
    assert len(code) == 6
    # The old session ends with the old link; the new link signs the same guest in, once.
    assert lost.get(reverse("guest:consultation")).status_code == 404
    again = sign_in(guests.IssuedInvitation(invitation=issued.invitation, token=token, code=code))
    assert "Ensimmäinen kommentti." in again.get(reverse("guest:consultation")).content.decode()
    assert GuestContribution.objects.get().invitation == issued.invitation
    assert AccessEvent.objects.filter(
        actor=network.employment_expert,
        object_type=guests.GUEST_INVITATION,
        object_id=str(issued.invitation.code),
        action="update",
        allowed=True,
    ).exists()
    assert AccessEvent.objects.filter(
        actor=network.social_worker, object_type=guests.GUEST_INVITATION, allowed=True, action="update"
    ).exists()  # the social worker's attempt passed the policy, then the organiser check refused it


def test_no_new_link_for_an_invitation_no_longer_current(network: Network) -> None:
    consultation, issued = invited(network)
    later = consultation.day + timedelta(days=15)
    with pytest.raises(InvitationNotCurrent):
        guests.guest_reissue(
            actor=network.employment_expert,
            consultation=consultation,
            invitation_code=issued.invitation.code,
            today=later,
        )
    guests.guest_revoke(
        actor=network.employment_expert, consultation=consultation, invitation_code=issued.invitation.code
    )
    with pytest.raises(InvitationNotCurrent):
        guests.guest_reissue(
            actor=network.employment_expert, consultation=consultation, invitation_code=issued.invitation.code
        )
    assert not User.objects.get(pk=issued.invitation.guest_id).is_active


def test_ending_the_contact_ends_the_invitation(network: Network) -> None:
    _consultation, issued = invited(network)
    browser = sign_in(issued)
    contact = issued.invitation.contact
    contacts_app.contact_end(
        actor=network.employment_expert,
        client_code=network.client.code,
        code=contact.code,
        ended_on=timezone.localdate(),
        expected_revision=0,
    )
    assert browser.get(reverse("guest:consultation")).status_code == 404


def test_professionals_get_404_on_the_guest_page(
    network: Network, verified_client: Callable[[User], HttpClient]
) -> None:
    invited(network)
    assert verified_client(network.employment_expert).get(reverse("guest:consultation")).status_code == 404
    assert HttpClient().get(reverse("guest:consultation")).status_code == 404
