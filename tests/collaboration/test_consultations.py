"""R-CONS-1 in the services: only the parties working with the client, agreed with the client
beforehand, follow-ups owned by a professional, the review with the client afterwards."""

from datetime import timedelta

import pytest
from django.http import Http404

from tests.collaboration.conftest import Network
from yhteispolku.access.policy import AccessDenied
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.services import consent_revoke
from yhteispolku.collaboration import services
from yhteispolku.collaboration.errors import (
    AlreadyDone,
    AlreadyInvited,
    DueBeforeConsultation,
    InvalidInput,
    NotAgreedWithClient,
    NotWorkingWithClient,
    OwnerRequired,
    StaleEdit,
)
from yhteispolku.collaboration.models import Participant

pytestmark = pytest.mark.django_db


def test_a_consultation_with_the_team_and_agreement_is_recorded(network: Network) -> None:
    consultation = network.consultation()
    assert consultation.relationship == network.relationship
    assert consultation.agreed_how == "in_person"
    assert list(consultation.participants.values_list("user", flat=True)) == [network.kela_advisor.pk]
    assert consultation.review_open


def test_a_professional_of_an_organisation_the_consent_covers_may_take_part(network: Network) -> None:
    consultation = network.consultation(
        kind="work_ability_coordinator", participants=[network.coordinator_wa]
    )
    assert consultation.participants.get().user == network.coordinator_wa


def test_inviting_someone_outside_the_team_and_the_consent_is_refused_naming_r_cons_1(
    network: Network,
) -> None:
    with pytest.raises(NotWorkingWithClient) as refused:
        network.consultation(participants=[network.kela_advisor, network.keusote_physician])
    assert "R-CONS-1" in refused.value.messages[0]
    assert "Lauri Lääkäri" in refused.value.messages[0]
    assert not Participant.objects.exists()


def test_a_manager_of_an_organisation_the_consent_covers_is_not_a_party(network: Network) -> None:
    """Seed 000: only those working with the client; a unit manager or TYM coordinator off the team sees
    phase, team and deadlines (SPEC §5.1), not what a consultation discusses."""
    with pytest.raises(NotWorkingWithClient) as refused:
        network.consultation(participants=[network.manager])
    assert str(network.manager) in refused.value.messages[0]
    assert not Participant.objects.exists()


def test_the_form_offers_no_manager_of_a_consented_organisation(network: Network) -> None:
    from yhteispolku.collaboration.forms import ConsultationForm

    offered = set(ConsultationForm(relationship=network.relationship).fields["participants"].queryset)

    assert network.coordinator_wa in offered
    assert network.manager not in offered


def test_a_revoked_consent_no_longer_lets_the_organisation_take_part(network: Network) -> None:
    consent_revoke(actor=network.employment_expert, consent=network.consent, how="oral")
    with pytest.raises(NotWorkingWithClient):
        network.consultation(participants=[network.coordinator_wa])


def test_a_consent_for_another_purpose_does_not_count(network: Network) -> None:
    network.consent.purpose = "other"
    network.consent.save()
    with pytest.raises(NotWorkingWithClient):
        network.consultation(participants=[network.coordinator_wa])


def test_inviting_later_follows_the_same_rule(network: Network) -> None:
    consultation = network.consultation(participants=[])
    with pytest.raises(NotWorkingWithClient):
        services.participant_invite(
            actor=network.social_worker, consultation=consultation, user=network.keusote_physician
        )
    services.participant_invite(
        actor=network.social_worker, consultation=consultation, user=network.coordinator_wa
    )
    with pytest.raises(AlreadyInvited):
        services.participant_invite(
            actor=network.social_worker, consultation=consultation, user=network.coordinator_wa
        )


def test_a_consultation_not_agreed_with_the_client_is_refused(network: Network) -> None:
    with pytest.raises(NotAgreedWithClient) as refused:
        network.consultation(agreed_with_client_on=None, agreed_how="")
    assert "R-CONS-1" in refused.value.messages[0]
    with pytest.raises(NotAgreedWithClient):
        network.consultation(agreed_how="")


def test_the_agreement_must_come_before_the_consultation(network: Network) -> None:
    with pytest.raises(NotAgreedWithClient) as refused:
        network.consultation(
            scheduled_at=network.at(network.today - timedelta(days=5)),
            agreed_with_client_on=network.today - timedelta(days=1),
        )
    assert "etukäteen" in refused.value.messages[0]


def test_an_agreement_in_the_future_is_refused(network: Network) -> None:
    with pytest.raises(InvalidInput):
        network.consultation(
            scheduled_at=network.at(network.today + timedelta(days=5)),
            agreed_with_client_on=network.today + timedelta(days=1),
        )


def test_the_outsider_is_refused_and_the_attempt_is_logged(network: Network) -> None:
    with pytest.raises(Http404):
        network.consultation(actor=network.outsider, participants=[])
    assert AccessEvent.objects.filter(client_code=network.client.code, allowed=False).exists()


def test_the_coordinator_of_the_unit_cannot_record_a_consultation(network: Network) -> None:
    with pytest.raises(AccessDenied):
        network.consultation(actor=network.manager, participants=[])


def test_a_follow_up_needs_an_owner(network: Network) -> None:
    consultation = network.consultation()
    with pytest.raises(OwnerRequired):
        services.follow_up_add(
            actor=network.social_worker,
            consultation=consultation,
            description="B-lausunto",
            owner=None,
            due_on=network.today,
        )
    with pytest.raises(OwnerRequired):
        services.follow_up_add(
            actor=network.social_worker,
            consultation=consultation,
            description="B-lausunto",
            owner=network.keusote_physician,
            due_on=network.today,
        )


def test_a_participant_from_outside_the_team_cannot_own_a_follow_up(network: Network) -> None:
    consultation = network.consultation(participants=[network.coordinator_wa])
    with pytest.raises(OwnerRequired) as refused:
        services.follow_up_add(
            actor=network.social_worker,
            consultation=consultation,
            description="Työkyvyn tuen tiimin konsultointi",
            owner=network.coordinator_wa,
            due_on=network.today,
        )
    assert "tiimin jäsen" in refused.value.messages[0]


def test_a_follow_up_cannot_fall_due_before_the_consultation(network: Network) -> None:
    consultation = network.consultation()
    with pytest.raises(DueBeforeConsultation):
        services.follow_up_add(
            actor=network.social_worker,
            consultation=consultation,
            description="Saate lääkärille",
            owner=network.social_worker,
            due_on=consultation.day - timedelta(days=1),
        )


def test_a_follow_up_is_marked_done_once(network: Network) -> None:
    consultation = network.consultation()
    follow_up = services.follow_up_add(
        actor=network.social_worker,
        consultation=consultation,
        description="Saate terveysaseman lääkärille",
        owner=network.kela_advisor,
        due_on=consultation.day,
    )
    services.follow_up_done(actor=network.kela_advisor, follow_up=follow_up, done_on=network.today)
    assert follow_up.done_by == network.kela_advisor
    with pytest.raises(AlreadyDone):
        services.follow_up_done(actor=network.kela_advisor, follow_up=follow_up, done_on=network.today)


def test_the_review_with_the_client_stays_open_until_recorded(network: Network) -> None:
    consultation = network.consultation()
    with pytest.raises(InvalidInput):
        services.consultation_reviewed(
            actor=network.social_worker,
            consultation=consultation,
            reviewed_on=consultation.day - timedelta(days=1),
        )
    assert consultation.review_open
    services.consultation_reviewed(
        actor=network.social_worker, consultation=consultation, reviewed_on=network.today
    )
    assert not consultation.review_open
    with pytest.raises(AlreadyDone):
        services.consultation_reviewed(
            actor=network.social_worker, consultation=consultation, reviewed_on=network.today
        )


def test_a_stale_edit_of_the_notes_is_refused(network: Network) -> None:
    consultation = network.consultation()
    services.consultation_notes_update(
        actor=network.social_worker,
        consultation=consultation,
        agenda="",
        notes="Ensimmäinen",
        decisions="",
        expected_revision=0,
    )
    with pytest.raises(StaleEdit):
        services.consultation_notes_update(
            actor=network.kela_advisor,
            consultation=consultation,
            agenda="",
            notes="Toinen",
            decisions="",
            expected_revision=0,
        )
    consultation.refresh_from_db()
    assert consultation.notes == "Ensimmäinen"
    assert consultation.revision == 1


def test_an_anonymous_consultation_has_no_client_and_may_ask_anyone(network: Network) -> None:
    consultation = services.consultation_create(
        actor=network.social_worker,
        relationship=None,
        kind="kela",
        mode="remote",
        scheduled_at=network.at(network.today),
        agenda="Millaisia kuntoutusvaihtoehtoja nuorelle, jolla on toiminnanohjauksen haasteita?",
        participants=[network.keusote_physician],
    )
    assert consultation.is_anonymous
    assert consultation.agreed_with_client_on is None
    assert not consultation.review_open
    with pytest.raises(InvalidInput):
        services.consultation_reviewed(
            actor=network.social_worker, consultation=consultation, reviewed_on=network.today
        )
    with pytest.raises(NotWorkingWithClient):
        services.consultation_notes_update(
            actor=network.employment_expert,
            consultation=consultation,
            agenda="",
            notes="x",
            decisions="",
            expected_revision=0,
        )
